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

#define PF_AT(p, f, type)	((type *)(void *)((char *)(p) + (f)->off))

void
profile_init(struct profile *p)
{
	const struct profile_field	*f;
	int				 i;

	memset(p, 0, sizeof *p);
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->type == PF_I64)
			*PF_AT(p, f, int64_t) = f->def;
		else if (f->type != PF_STR && f->type != PF_PROPS)
			*PF_AT(p, f, int) = (int)f->def;
	}
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
	const struct profile_field	*f;
	int				 i;

	*dst = *src;
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->type == PF_STR)
			*PF_AT(dst, f, char *) = profile_strdup(
			    *PF_AT(dst, f, char *));
		else if (f->type == PF_PROPS) {
			memset(PF_AT(dst, f, struct props), 0,
			    sizeof (struct props));
			props_copy(PF_AT(dst, f, struct props),
			    PF_AT(src, f, struct props));
		}
	}
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
	const struct profile_field	*f;
	int				 i;

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->type == PF_STR)
			free(*PF_AT(p, f, char *));
		else if (f->type == PF_PROPS)
			props_clear(PF_AT(p, f, struct props));
	}
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

/*
 * Properties as one line of text: "NAME=VALUE; user-property=K=V". A
 * backslash makes the next character plain, for ';' or '=' in values.
 */
static void
profile_props_escape(struct buf *b, const char *s, const char *special)
{
	const char	*start = s;

	for (; *s != '\0'; s++) {
		/* Blanks at either end would be trimmed away otherwise. */
		if (*s == '\\' || strchr(special, *s) != NULL ||
		    ((*s == ' ' || *s == '\t') && (s == start || s[1] == '\0')))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

char *
profile_props_text(const struct props *ps)
{
	struct buf	 b;
	char		*s;
	int		 i;

	buf_init(&b);
	for (i = 0; i < ps->n; i++) {
		if (i > 0)
			buf_adds(&b, "; ");
		profile_props_escape(&b, ps->v[i].name, ";=");
		buf_addc(&b, '=');
		if (ps->v[i].key != NULL) {
			profile_props_escape(&b, ps->v[i].key, ";=");
			buf_addc(&b, '=');
		}
		profile_props_escape(&b, ps->v[i].value, ";");
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * Unescape s up to the first plain stop character (or the end) into b,
 * trimming blanks; returns where it stopped.
 */
static const char *
profile_props_token(const char *s, const char *stop, struct buf *b)
{
	size_t	keep = 0;

	buf_reset(b);
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && strchr(stop, *s) == NULL; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == ' ' || *s == '\t') {
			buf_addc(b, *s);
			continue;
		}
		buf_addc(b, *s);
		keep = b->len;
	}
	b->len = keep;
	if (b->p != NULL)
		b->p[keep] = '\0';
	return s;
}

int
profile_props_parse(const char *s, struct props *ps, char **err)
{
	struct buf	 name, key, value;
	int		 rc = -1;

	buf_init(&name);
	buf_init(&key);
	buf_init(&value);
	props_clear(ps);
	while (*s != '\0') {
		s = profile_props_token(s, ";=", &name);
		if (*s != '=') {
			if (name.len == 0 && (*s == ';' || *s == '\0')) {
				if (*s == ';')
					s++;
				continue;	/* "a=1;;b=2", a trailing ';' */
			}
			*err = xasprintf("'%s' needs =VALUE", buf_str(&name));
			goto out;
		}
		if (name.len == 0) {
			*err = xstrdup("a property name is missing before '='");
			goto out;
		}
		s++;
		if (strcmp(buf_str(&name), "user-property") == 0) {
			s = profile_props_token(s, ";=", &key);
			if (*s != '=' || key.len == 0) {
				*err = xstrdup("user-property needs KEY=VALUE");
				goto out;
			}
			s++;
		}
		/* A value may hold '=': only ';' ends it. */
		s = profile_props_token(s, ";", &value);
		props_add(ps, buf_str(&name), key.len > 0 ? buf_str(&key) :
		    NULL, buf_str(&value));
		buf_reset(&key);
		if (*s == ';')
			s++;
	}
	rc = 0;
out:
	if (rc != 0)
		props_clear(ps);
	buf_free(&name);
	buf_free(&key);
	buf_free(&value);
	return rc;
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

/*
 * Flags come from the field table: a field with a short flag answers to
 * it, any other to 256 + its id. -D and a few aliases are added by hand.
 */
#define PROFILE_OPT_FIELD	256
#define PROFILE_OPT_MAX		(PF_NFIELDS + 8)

static const struct {
	const char		*alias;
	enum profile_field_id	 id;
} profile_aliases[] = {
	{ "request-response-info", PF_ID_request_response_info },
	{ "request-problem-info", PF_ID_request_problem_info },
	{ "auth-method", PF_ID_auth_method },
	{ "auth-data", PF_ID_auth_data },
	{ "password", PF_ID_password },
};

static struct option	profile_longopts[PROFILE_OPT_MAX];
/* '-': non-options come back in order as 1; ':': missing values as ':'. */
static char		profile_shortopts[64] = "-:D:";

static int
profile_opt_val(const struct profile_field *f)
{
	return f->shortopt != 0 ? f->shortopt : PROFILE_OPT_FIELD + (int)f->id;
}

static void
profile_opts_build(void)
{
	const struct profile_field	*f;
	struct option			*o = profile_longopts;
	size_t				 n = strlen(profile_shortopts), i;

	if (o->name != NULL)
		return;
	o->name = "property";
	o->has_arg = required_argument;
	o->val = 'D';
	o++;
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->flag == NULL || (f->attrs & PF_URL))
			continue;
		o->name = f->flag;
		o->has_arg = f->type == PF_BOOL ? no_argument :
		    required_argument;
		o->val = profile_opt_val(f);
		o++;
		if (f->shortopt != 0) {
			profile_shortopts[n++] = (char)f->shortopt;
			if (f->type != PF_BOOL)
				profile_shortopts[n++] = ':';
		}
	}
	for (i = 0; i < sizeof profile_aliases / sizeof profile_aliases[0];
	    i++) {
		f = &profile_fields[profile_aliases[i].id];
		o->name = profile_aliases[i].alias;
		o->has_arg = required_argument;
		o->val = profile_opt_val(f);
		o++;
	}
	profile_shortopts[n] = '\0';
}

static const struct profile_field *
profile_opt_field(int opt)
{
	int	i;

	if (opt >= PROFILE_OPT_FIELD && opt < PROFILE_OPT_FIELD + PF_NFIELDS)
		return &profile_fields[opt - PROFILE_OPT_FIELD];
	for (i = 0; i < PF_NFIELDS; i++) {
		if (profile_fields[i].shortopt == opt)
			return &profile_fields[i];
	}
	return NULL;
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
 * A property that is a field of its own (receive-maximum, ...) sets it.
 */
#define PROFILE_SEEN_WILL	0x1
#define PROFILE_SEEN_CONNECT	0x2
#define PROFILE_SEEN_REPEAT	0x4	/* the one repeatable field */

static int
profile_flag_d(struct profile *p, const char *arg, int argc, char **argv,
    int *seen, char **err)
{
	const struct profile_field	*f;
	struct props			*target;
	const char			*name;
	int				 bit, attr;

	if (strcmp(arg, "will") == 0) {
		target = &p->will_props;
		bit = PROFILE_SEEN_WILL;
		attr = PF_WILLPROP;
	} else if (strcmp(arg, "connect") == 0) {
		target = &p->connect_props;
		bit = PROFILE_SEEN_CONNECT;
		attr = PF_PROP;
	} else {
		*err = xasprintf("bad -D '%s': must be will or connect", arg);
		return -1;
	}
	/* PROPERTY VALUE (or user-property KEY VALUE) follow. */
	if (optind >= argc) {
		*err = xasprintf("-D %s needs PROPERTY VALUE", arg);
		return -1;
	}
	name = argv[optind];
	if (strcmp(name, "user-property") == 0) {
		if (optind + 2 >= argc) {
			*err = xasprintf("-D %s user-property needs KEY VALUE",
			    arg);
			return -1;
		}
	} else if (optind + 1 >= argc) {
		*err = xasprintf("-D %s %s needs a value", arg, name);
		return -1;
	}
	if ((f = profile_field_by_flag(name)) != NULL && (f->attrs & attr)) {
		optind += 2;
		return profile_field_parse(p, f, argv[optind - 1], err);
	}
	if (~*seen & bit) {
		props_clear(target);
		*seen |= bit;
	}
	if (strcmp(name, "user-property") == 0) {
		props_add(target, name, argv[optind + 1], argv[optind + 2]);
		optind += 3;
	} else {
		props_add(target, name, NULL, argv[optind + 1]);
		optind += 2;
	}
	return 0;
}

static int
profile_flag(struct profile *p, int opt, const char *arg, int argc,
    char **argv, int *seen, char **err)
{
	const struct profile_field	*f;
	char				**sp, *joined;
	int				  rc;

	if (opt == 'D')
		return profile_flag_d(p, arg, argc, argv, seen, err);
	if ((f = profile_opt_field(opt)) == NULL) {
		*err = xasprintf("unhandled flag %d", opt);
		return -1;
	}
	if (f->type == PF_BOOL) {
		*PF_AT(p, f, int) = !f->def;
		return 0;
	}
	if (!(f->attrs & PF_REPEAT))
		return profile_field_parse(p, f, arg, err);
	sp = PF_AT(p, f, char *);
	if (~*seen & PROFILE_SEEN_REPEAT || *sp == NULL) {
		*seen |= PROFILE_SEEN_REPEAT;
		return profile_field_parse(p, f, arg, err);
	}
	/* A repeated flag adds a line; the check sees them all. */
	joined = xasprintf("%s\n%s", *sp, arg);
	rc = profile_field_parse(p, f, joined, err);
	free(joined);
	return rc;
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

	profile_opts_build();
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
