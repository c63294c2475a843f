#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "profile.h"
#include "sanitize.h"
#include "url.h"
#include "xmalloc.h"

void
profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
	p->port = 1883;
	p->version = 4;
	p->keepalive = 60;
	p->clean = 1;
	p->session_expiry = -1;
	p->auto_reconnect = 1;
	p->will_qos = 0;
	p->connect_timeout_ms = 10000;
	p->reconnect_min_ms = 1000;
	p->reconnect_max_ms = 30000;
	p->receive_maximum = -1;
	p->maximum_packet_size = -1;
	p->topic_alias_maximum = -1;
	p->request_response_info = -1;
	p->request_problem_info = -1;
	p->will_delay = -1;
}

struct profile *
profile_new(void)
{
	struct profile	*p;

	p = xmalloc(sizeof *p);
	profile_init(p);
	return p;
}

static char *
profile_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Deep copy into dst, which holds nothing that needs freeing. */
static void
profile_copy(struct profile *dst, const struct profile *src)
{
	*dst = *src;
	dst->name = profile_strdup(src->name);
	dst->host = profile_strdup(src->host);
	dst->client_id = profile_strdup(src->client_id);
	dst->username = profile_strdup(src->username);
	dst->password = profile_strdup(src->password);
	dst->will_topic = profile_strdup(src->will_topic);
	dst->will_payload = profile_strdup(src->will_payload);
	dst->cafile = profile_strdup(src->cafile);
	dst->capath = profile_strdup(src->capath);
	dst->cert = profile_strdup(src->cert);
	dst->key = profile_strdup(src->key);
	dst->tls_version = profile_strdup(src->tls_version);
	dst->ws_path = profile_strdup(src->ws_path);
	dst->ws_headers = profile_strdup(src->ws_headers);
	dst->proxy = profile_strdup(src->proxy);
	dst->alpn = profile_strdup(src->alpn);
	dst->sni = profile_strdup(src->sni);
	dst->key_password_command = profile_strdup(src->key_password_command);
	dst->tls_max_version = profile_strdup(src->tls_max_version);
	dst->password_command = profile_strdup(src->password_command);
	dst->password_env = profile_strdup(src->password_env);
	dst->auth_method = profile_strdup(src->auth_method);
	dst->auth_data = profile_strdup(src->auth_data);
	memset(&dst->will_props, 0, sizeof dst->will_props);
	memset(&dst->connect_props, 0, sizeof dst->connect_props);
	props_copy(&dst->will_props, &src->will_props);
	props_copy(&dst->connect_props, &src->connect_props);
}

struct profile *
profile_dup(const struct profile *src)
{
	struct profile	*p;

	p = xmalloc(sizeof *p);
	profile_copy(p, src);
	return p;
}

/* Free everything p owns and put the defaults back. */
void
profile_clear(struct profile *p)
{
	free(p->name);
	free(p->host);
	free(p->client_id);
	free(p->username);
	free(p->password);
	free(p->will_topic);
	free(p->will_payload);
	free(p->cafile);
	free(p->capath);
	free(p->cert);
	free(p->key);
	free(p->tls_version);
	free(p->ws_path);
	free(p->ws_headers);
	free(p->proxy);
	free(p->alpn);
	free(p->sni);
	free(p->key_password_command);
	free(p->tls_max_version);
	free(p->password_command);
	free(p->password_env);
	free(p->auth_method);
	free(p->auth_data);
	props_clear(&p->will_props);
	props_clear(&p->connect_props);
	profile_init(p);
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	profile_clear(p);
	free(p);
}

void
profile_set(char **field, const char *value)
{
	char	*s = profile_strdup(value);	/* value may be *field */

	free(*field);
	*field = s;
}

/* A blank a name may hold inside but not at either end. */
static size_t
profile_name_blank(const char *s, size_t len)
{
	static const char *const blanks[] = {
		" ", "\xc2\xa0", "\xe3\x80\x80"	/* NBSP, ideographic */
	};
	size_t	i, n;

	for (i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
		n = strlen(blanks[i]);
		if (len >= n && memcmp(s, blanks[i], n) == 0)
			return n;
	}
	return 0;
}

const char *
profile_name_why(const char *name)
{
	struct buf	 b;
	size_t		 len = strlen(name), i, n, chars = 0;
	int		 shown;

	if (len == 0)
		return "a name cannot be empty";
	if (!fmt_is_utf8(name, len))
		return "a name must be UTF-8 text";
	for (i = 0; i < len; i++) {
		/* C0, DEL and C1 (U+0080-U+009F is \xc2\x80-\xc2\x9f). */
		if ((unsigned char)name[i] < 0x20 ||
		    (unsigned char)name[i] == 0x7f ||
		    ((unsigned char)name[i] == 0xc2 && i + 1 < len &&
		    (unsigned char)name[i + 1] < 0xa0))
			return "a name cannot hold control characters";
	}
	/* What the screen would show as <U+XXXX>: it must read as typed. */
	buf_init(&b);
	sanitize(&b, name, len, 0);
	shown = b.len == len && memcmp(b.p, name, len) == 0;
	buf_free(&b);
	if (!shown)
		return "a name cannot hold invisible or direction-changing "
		    "characters";
	if (profile_name_blank(name, len) != 0)
		return "a name cannot start or end with a blank";
	for (i = 0; i < len; i += n) {
		n = sanitize_charlen(name + i, len - i);
		if (i + n == len && profile_name_blank(name + i, n) == n)
			return "a name cannot start or end with a blank";
		chars++;
	}
	if (chars > PROFILE_NAME_MAX)
		return "a name has at most 64 characters";
	if (url_is_url(name))
		return "a name cannot be a URL";
	/* connect -x would read it as a flag. */
	if (name[0] == '-')
		return "a name cannot start with '-'";
	return NULL;
}

void
props_add(struct props *ps, const char *name, const char *key,
    const char *value)
{
	struct prop	*pr;

	ps->v = xrealloc(ps->v, (ps->n + 1) * sizeof *ps->v);
	pr = &ps->v[ps->n++];
	pr->name = xstrdup(name);
	pr->key = profile_strdup(key);
	pr->value = xstrdup(value != NULL ? value : "");
}

/* Replace dst's contents with a copy of src's. */
void
props_copy(struct props *dst, const struct props *src)
{
	int	i;

	if (dst == src)
		return;
	props_clear(dst);
	for (i = 0; i < src->n; i++) {
		props_add(dst, src->v[i].name, src->v[i].key,
		    src->v[i].value);
	}
}

void
props_clear(struct props *ps)
{
	int	i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].key);
		free(ps->v[i].value);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

char *
props_to_json(const struct props *ps)
{
	cJSON	*a, *o;
	char	*s;
	int	 i;

	if (ps->n == 0)
		return NULL;
	a = cJSON_CreateArray();
	if (a == NULL)
		fatal("out of memory");
	for (i = 0; i < ps->n; i++) {
		o = cJSON_CreateObject();
		if (o == NULL)
			fatal("out of memory");
		cJSON_AddItemToArray(a, o);
		cJSON_AddStringToObject(o, "name", ps->v[i].name);
		if (ps->v[i].key != NULL)
			cJSON_AddStringToObject(o, "key", ps->v[i].key);
		cJSON_AddStringToObject(o, "value", ps->v[i].value);
	}
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	if (s == NULL)
		fatal("out of memory");
	return s;
}

static const char *
props_json_string(const cJSON *o, const char *name)
{
	const cJSON	*it;

	it = cJSON_GetObjectItemCaseSensitive(o, name);
	if (it == NULL)
		return NULL;
	return cJSON_IsString(it) ? it->valuestring : "";
}

/* Replace ps with the list in text (NULL or "" is the empty list). */
int
props_from_json(struct props *ps, const char *text)
{
	cJSON		*a;
	const cJSON	*o;
	const char	*name, *key, *value;

	props_clear(ps);
	if (text == NULL || *text == '\0')
		return 0;
	a = cJSON_Parse(text);
	if (a == NULL || !cJSON_IsArray(a))
		goto bad;
	cJSON_ArrayForEach(o, a) {
		if (!cJSON_IsObject(o))
			goto bad;
		name = props_json_string(o, "name");
		key = props_json_string(o, "key");
		value = props_json_string(o, "value");
		if (name == NULL || *name == '\0' || value == NULL)
			goto bad;
		if (key != NULL && *key == '\0' &&
		    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "key")))
			goto bad;
		if (strcmp(name, "user-property") == 0 && key == NULL)
			goto bad;
		if (value[0] == '\0' && !cJSON_IsString(
		    cJSON_GetObjectItemCaseSensitive(o, "value")))
			goto bad;
		props_add(ps, name, key, value);
	}
	cJSON_Delete(a);
	return 0;

bad:
	cJSON_Delete(a);
	props_clear(ps);
	return -1;
}

enum {
	OPT_WILL_TOPIC = 256,
	OPT_WILL_PAYLOAD,
	OPT_WILL_QOS,
	OPT_WILL_RETAIN,
	OPT_CAFILE,
	OPT_CAPATH,
	OPT_CERT,
	OPT_KEY,
	OPT_INSECURE,
	OPT_TLS_VERSION,
	OPT_NO_RECONNECT,
};

/* '-': non-options come back in order as 1; ':': missing values as ':'. */
static const char profile_shortopts[] = "-:i:u:P:k:V:cx:D:";

static const struct option profile_longopts[] = {
	{ "id",			required_argument,	NULL, 'i' },
	{ "username",		required_argument,	NULL, 'u' },
	{ "pw",			required_argument,	NULL, 'P' },
	{ "keepalive",		required_argument,	NULL, 'k' },
	{ "protocol-version",	required_argument,	NULL, 'V' },
	{ "disable-clean-session", no_argument,		NULL, 'c' },
	{ "session-expiry-interval", required_argument,	NULL, 'x' },
	{ "property",		required_argument,	NULL, 'D' },
	{ "will-topic",		required_argument,	NULL, OPT_WILL_TOPIC },
	{ "will-payload",	required_argument,	NULL, OPT_WILL_PAYLOAD },
	{ "will-qos",		required_argument,	NULL, OPT_WILL_QOS },
	{ "will-retain",	no_argument,		NULL, OPT_WILL_RETAIN },
	{ "cafile",		required_argument,	NULL, OPT_CAFILE },
	{ "capath",		required_argument,	NULL, OPT_CAPATH },
	{ "cert",		required_argument,	NULL, OPT_CERT },
	{ "key",		required_argument,	NULL, OPT_KEY },
	{ "insecure",		no_argument,		NULL, OPT_INSECURE },
	{ "tls-version",	required_argument,	NULL, OPT_TLS_VERSION },
	{ "no-reconnect",	no_argument,		NULL, OPT_NO_RECONNECT },
	{ NULL,			0,			NULL, 0 }
};

/* A whole decimal number in [min, max]; 0 or -1. */
static int
profile_number(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (*s != '-' && (*s < '0' || *s > '9'))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The flag as the user typed it, for messages: "--will-qos" or "-k". */
static char *
profile_flag_name(const char *word, int opt)
{
	if (word != NULL && strncmp(word, "--", 2) == 0)
		return xstrndup(word, strcspn(word, "="));
	if (opt > 0 && opt < 256)
		return xasprintf("-%c", opt);
	return xstrdup(word != NULL ? word : "?");
}

/*
 * -D lists given in one parse replace the profile's list for that packet,
 * so parsing the same words twice (before and after a URL) adds nothing.
 */
#define PROFILE_SEEN_WILL	0x1
#define PROFILE_SEEN_CONNECT	0x2

static int
profile_flag(struct profile *p, int opt, const char *arg, int argc,
    char **argv, int *seen, char **err)
{
	long long	 v;
	struct props	*target;
	const char	*name;
	int		 bit;

	switch (opt) {
	case 'i':
		profile_set(&p->client_id, arg);
		break;
	case 'u':
		profile_set(&p->username, arg);
		break;
	case 'P':
		profile_set(&p->password, arg);
		break;
	case 'k':
		if (profile_number(arg, 0, 65535, &v) != 0) {
			*err = xasprintf("bad keepalive '%s'", arg);
			return -1;
		}
		if (v > 0 && v < 5) {
			*err = xasprintf("bad keepalive '%s': must be 0 or "
			    "5-65535", arg);
			return -1;
		}
		p->keepalive = (int)v;
		break;
	case 'V':
		if (strcmp(arg, "31") == 0 || strcmp(arg, "mqttv31") == 0)
			p->version = 3;
		else if (strcmp(arg, "311") == 0 ||
		    strcmp(arg, "mqttv311") == 0)
			p->version = 4;
		else if (strcmp(arg, "5") == 0 || strcmp(arg, "mqttv5") == 0)
			p->version = 5;
		else {
			*err = xasprintf("bad protocol version '%s': must be "
			    "31, 311 or 5", arg);
			return -1;
		}
		break;
	case 'c':
		p->clean = 0;
		break;
	case 'x':
		if (strcmp(arg, "inf") == 0 || strcmp(arg, "-1") == 0)
			v = 4294967295LL;
		else if (profile_number(arg, 0, 4294967295LL, &v) != 0) {
			*err = xasprintf("bad session expiry '%s': must be "
			    "0-4294967295 or inf", arg);
			return -1;
		}
		p->session_expiry = v;
		break;
	case 'D':
		if (strcmp(arg, "will") == 0) {
			target = &p->will_props;
			bit = PROFILE_SEEN_WILL;
		} else if (strcmp(arg, "connect") == 0) {
			target = &p->connect_props;
			bit = PROFILE_SEEN_CONNECT;
		} else {
			*err = xasprintf("bad -D '%s': must be will or "
			    "connect", arg);
			return -1;
		}
		/* PROPERTY VALUE (or user-property KEY VALUE) follow. */
		if (optind >= argc) {
			*err = xasprintf("-D %s needs PROPERTY VALUE", arg);
			return -1;
		}
		name = argv[optind];
		if (~*seen & bit) {
			props_clear(target);
			*seen |= bit;
		}
		if (strcmp(name, "user-property") == 0) {
			if (optind + 2 >= argc) {
				*err = xasprintf("-D %s user-property needs "
				    "KEY VALUE", arg);
				return -1;
			}
			props_add(target, name, argv[optind + 1],
			    argv[optind + 2]);
			optind += 3;
		} else {
			if (optind + 1 >= argc) {
				*err = xasprintf("-D %s %s needs a value", arg,
				    name);
				return -1;
			}
			props_add(target, name, NULL, argv[optind + 1]);
			optind += 2;
		}
		break;
	case OPT_WILL_TOPIC:
		profile_set(&p->will_topic, arg);
		break;
	case OPT_WILL_PAYLOAD:
		profile_set(&p->will_payload, arg);
		break;
	case OPT_WILL_QOS:
		if (profile_number(arg, 0, 2, &v) != 0) {
			*err = xasprintf("bad QoS '%s': must be 0, 1 or 2",
			    arg);
			return -1;
		}
		p->will_qos = (int)v;
		break;
	case OPT_WILL_RETAIN:
		p->will_retain = 1;
		break;
	case OPT_CAFILE:
		profile_set(&p->cafile, arg);
		break;
	case OPT_CAPATH:
		profile_set(&p->capath, arg);
		break;
	case OPT_CERT:
		profile_set(&p->cert, arg);
		break;
	case OPT_KEY:
		profile_set(&p->key, arg);
		break;
	case OPT_INSECURE:
		p->insecure = 1;
		break;
	case OPT_TLS_VERSION:
		if (strcmp(arg, "tlsv1.3") != 0 && strcmp(arg, "tlsv1.2") != 0 &&
		    strcmp(arg, "tlsv1.1") != 0) {
			*err = xasprintf("bad TLS version '%s': must be "
			    "tlsv1.2 or tlsv1.3", arg);
			return -1;
		}
		profile_set(&p->tls_version, arg);
		break;
	case OPT_NO_RECONNECT:
		p->auto_reconnect = 0;
		break;
	default:
		*err = xasprintf("unhandled flag %d", opt);
		return -1;
	}
	return 0;
}

static int
profile_word(const char *w, const char **url, char **err)
{
	if (url != NULL && *url == NULL) {
		*url = w;
		return 0;
	}
	*err = xasprintf("unexpected argument '%s'", w);
	return -1;
}

/*
 * Parse into a copy so that p is left alone when a flag is bad: a failed
 * command must change nothing.
 */
int
profile_parse_flags(struct profile *p, int argc, char **argv,
    const char **url, char **err)
{
	struct profile	 t;
	char		*flag;
	const char	*word;
	int		 opt, cur, seen = 0;

	*err = NULL;
	if (url != NULL)
		*url = NULL;
	profile_copy(&t, p);

	optind = 0;		/* glibc: start afresh */
	opterr = 0;
	for (;;) {
		/* The word getopt is about to look at, to name it in errors. */
		cur = optind > 0 ? optind : 1;
		word = cur < argc ? argv[cur] : NULL;
		opt = getopt_long(argc, argv, profile_shortopts,
		    profile_longopts, NULL);
		if (opt == -1)
			break;
		switch (opt) {
		case 1:
			if (profile_word(optarg, url, err) != 0)
				goto fail;
			break;
		case ':':
			flag = profile_flag_name(word, optopt);
			*err = xasprintf("%s needs a value", flag);
			free(flag);
			goto fail;
		case '?':
			flag = profile_flag_name(word, optopt);
			if (optopt != 0 && strncmp(flag, "--", 2) == 0)
				*err = xasprintf("flag '%s' takes no value", flag);
			else
				*err = xasprintf("unknown flag '%s'", flag);
			free(flag);
			goto fail;
		default:
			if (profile_flag(&t, opt, optarg, argc, argv, &seen,
			    err) != 0)
				goto fail;
			break;
		}
	}
	/* Words after "--". */
	for (; optind < argc; optind++) {
		if (profile_word(argv[optind], url, err) != 0)
			goto fail;
	}

	profile_clear(p);
	*p = t;
	return 0;

fail:
	if (url != NULL)
		*url = NULL;
	profile_clear(&t);
	return -1;
}
