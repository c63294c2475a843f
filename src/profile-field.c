/*
 * Generic work over the profile field table (profile-fields.h): values as
 * text both ways, defaults, JSON, the URL and the save line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd-parse.h"
#include "log.h"
#include "profile.h"
#include "xmalloc.h"

#define PROFILE_ROW(m, t, so, fl, col, lab, sec, hint, def, mn, mx, ver, at) \
	{ PF_ID_##m, #m, PF_##t, offsetof(struct profile, m), so, fl, col,   \
	    lab, sec, hint, def, mn, mx, ver, at },
const struct profile_field profile_fields[PF_NFIELDS] = {
	PROFILE_FIELDS(PROFILE_ROW)
};
#undef PROFILE_ROW

#define PF_AT(p, f, type)	((type *)(void *)((char *)(p) + (f)->off))
#define PF_CAT(p, f, type) \
	((const type *)(const void *)((const char *)(p) + (f)->off))

/* 2^32 - 1: the "never expires" of session expiry and will delay. */
#define PF_INF	4294967295LL

static const char *const profile_field_versions[] = {
	"3.1", "3.1.1", "5", NULL
};
static const char *const profile_field_qos[] = { "0", "1", "2", NULL };
/* tlsv1.1 last: the parser still takes it, so an old profile keeps it. */
static const char *const profile_field_tls[] = {
	"default", "tlsv1.2", "tlsv1.3", "tlsv1.1", NULL
};
static const char *const profile_field_protocols[] = {
	"mqtt", "mqtts", "ws", "wss", NULL
};

const struct profile_field *
profile_field_by_flag(const char *flag)
{
	int	i;

	for (i = 0; i < PF_NFIELDS; i++) {
		if (profile_fields[i].flag != NULL &&
		    strcmp(profile_fields[i].flag, flag) == 0)
			return &profile_fields[i];
	}
	return NULL;
}

const struct profile_field *
profile_field_by_name(const char *name)
{
	int	i;

	for (i = 0; i < PF_NFIELDS; i++) {
		if (strcmp(profile_fields[i].name, name) == 0)
			return &profile_fields[i];
	}
	return NULL;
}

const char *const *
profile_field_choices(const struct profile_field *f)
{
	switch (f->id) {
	case PF_ID_version:
		return profile_field_versions;
	case PF_ID_will_qos:
		return profile_field_qos;
	case PF_ID_tls_version:
	case PF_ID_tls_max_version:
		return profile_field_tls;
	case PF_ID_tls:
		return profile_field_protocols;
	default:
		return NULL;
	}
}

/* A whole decimal number in [min, max]; 0 or -1. */
static int
profile_field_number(const char *s, long long min, long long max,
    long long *out)
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

/* "2.5", "10" or "500ms": a duration in milliseconds. */
static int
profile_field_ms(const char *s, long long *out)
{
	long long	 whole = 0, frac = 0, scale = 1000;
	const char	*q = s;

	if (*q < '0' || *q > '9')
		return -1;
	while (*q >= '0' && *q <= '9') {
		whole = whole * 10 + (*q++ - '0');
		if (whole > 100000000LL)
			return -1;
	}
	if (strcmp(q, "ms") == 0) {
		*out = whole;
		return 0;
	}
	if (*q == 's' && q[1] == '\0')
		q++;
	else if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (*q - '0') * scale;
			}
			q++;
		}
	}
	if (*q != '\0')
		return -1;
	*out = whole * 1000 + frac;
	return 0;
}

static int
profile_field_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on", NULL };
	static const char *const no[] = { "0", "false", "no", "off", NULL };
	int	i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int
profile_field_version(const char *s)
{
	if (strcmp(s, "31") == 0 || strcmp(s, "mqttv31") == 0 ||
	    strcmp(s, "3.1") == 0)
		return 3;
	if (strcmp(s, "311") == 0 || strcmp(s, "mqttv311") == 0 ||
	    strcmp(s, "3.1.1") == 0)
		return 4;
	if (strcmp(s, "5") == 0 || strcmp(s, "mqttv5") == 0 ||
	    strcmp(s, "5.0") == 0)
		return 5;
	return -1;
}

/* Checks one field's value beyond its type; NULL when it is fine. */
static char *
profile_field_check(const struct profile_field *f, const char *s,
    long long v)
{
	const char	*q, *e;

	switch (f->id) {
	case PF_ID_keepalive:
		if (v > 0 && v < 5)
			return xasprintf("bad keepalive '%s': must be 0 or "
			    "5-65535", s);
		break;
	case PF_ID_tls_version:
	case PF_ID_tls_max_version:
		if (strcmp(s, "tlsv1.3") != 0 && strcmp(s, "tlsv1.2") != 0 &&
		    strcmp(s, "tlsv1.1") != 0)
			return xasprintf("bad TLS version '%s': must be "
			    "tlsv1.2 or tlsv1.3", s);
		break;
	case PF_ID_ws_path:
		if (*s != '/')
			return xasprintf("bad WebSocket path '%s': must start "
			    "with /", s);
		if (strpbrk(s, " \t\r\n") != NULL)
			return xasprintf("bad WebSocket path '%s': no blanks",
			    s);
		break;
	case PF_ID_ws_headers:
		for (q = s; *q != '\0'; q = *e != '\0' ? e + 1 : e) {
			e = q + strcspn(q, "\n");
			if (memchr(q, ':', e - q) == NULL || *q == ':' ||
			    memchr(q, '\r', e - q) != NULL)
				return xasprintf("bad WebSocket header '%.*s':"
				    " must be 'Name: value'", (int)(e - q), q);
		}
		break;
	case PF_ID_password_env:
		for (q = s; *q != '\0'; q++) {
			if (!(*q == '_' || (*q >= 'A' && *q <= 'Z') ||
			    (*q >= 'a' && *q <= 'z') ||
			    (q > s && *q >= '0' && *q <= '9')))
				return xasprintf("bad environment variable "
				    "name '%s'", s);
		}
		break;
	default:
		break;
	}
	return NULL;
}

/* What a number field is called in its error. */
static const char *
profile_field_what(const struct profile_field *f)
{
	switch (f->id) {
	case PF_ID_session_expiry:
		return "session expiry";
	case PF_ID_will_qos:
		return "QoS";
	default:
		return f->flag != NULL ? f->flag : f->name;
	}
}

int
profile_field_parse(struct profile *p, const struct profile_field *f,
    const char *s, char **err)
{
	long long	 v;
	int		 b;
	char		*why;

	*err = NULL;
	switch (f->type) {
	case PF_STR:
		/* The form's first choice: no bound. */
		if ((f->id == PF_ID_tls_version ||
		    f->id == PF_ID_tls_max_version) && strcmp(s, "default") == 0)
			s = "";
		if (*s != '\0' && (why = profile_field_check(f, s, 0)) !=
		    NULL) {
			*err = why;
			return -1;
		}
		profile_set(PF_AT(p, f, char *), *s != '\0' ? s : NULL);
		return 0;
	case PF_BOOL:
		if (profile_field_bool(s, &b) != 0) {
			*err = xasprintf("bad %s '%s': must be 0 or 1",
			    profile_field_what(f), s);
			return -1;
		}
		*PF_AT(p, f, int) = b;
		return 0;
	case PF_MS:
		if (profile_field_ms(s, &v) != 0 || v < f->min || v > f->max) {
			*err = xasprintf("bad %s '%s': must be seconds, "
			    "%g-%g", profile_field_what(f), s,
			    f->min / 1000.0, f->max / 1000.0);
			return -1;
		}
		*PF_AT(p, f, int) = (int)v;
		return 0;
	case PF_PROPS:
		return profile_props_parse(s, PF_AT(p, f, struct props), err);
	case PF_INT:
	case PF_I64:
		break;
	}

	if (*s == '\0' && f->def == -1)
		v = -1;
	else if (f->id == PF_ID_version) {
		if ((v = profile_field_version(s)) == -1) {
			*err = xasprintf("bad protocol version '%s': must be "
			    "31, 311 or 5", s);
			return -1;
		}
	} else if ((f->id == PF_ID_session_expiry ||
	    f->id == PF_ID_will_delay) && (strcmp(s, "inf") == 0 ||
	    (f->id == PF_ID_session_expiry && strcmp(s, "-1") == 0)))
		v = PF_INF;
	else if (profile_field_number(s, f->min, f->max, &v) != 0) {
		if (f->id == PF_ID_keepalive)
			*err = xasprintf("bad keepalive '%s'", s);
		else if (f->id == PF_ID_will_qos)
			*err = xasprintf("bad QoS '%s': must be 0, 1 or 2", s);
		else
			*err = xasprintf("bad %s '%s': must be %lld-%lld%s",
			    profile_field_what(f), s, f->min, f->max,
			    f->max == PF_INF ? " or inf" : "");
		return -1;
	} else if ((why = profile_field_check(f, s, v)) != NULL) {
		*err = why;
		return -1;
	}
	if (f->type == PF_INT)
		*PF_AT(p, f, int) = (int)v;
	else
		*PF_AT(p, f, int64_t) = v;
	return 0;
}

static long long
profile_field_num(const struct profile *p, const struct profile_field *f)
{
	if (f->type == PF_I64)
		return *PF_CAT(p, f, int64_t);
	return *PF_CAT(p, f, int);
}

int
profile_field_is_default(const struct profile *p,
    const struct profile_field *f)
{
	switch (f->type) {
	case PF_STR:
		return *PF_CAT(p, f, char *) == NULL;
	case PF_PROPS:
		return PF_CAT(p, f, struct props)->n == 0;
	default:
		return profile_field_num(p, f) == f->def;
	}
}

char *
profile_field_format(const struct profile *p, const struct profile_field *f)
{
	long long	v;

	switch (f->type) {
	case PF_STR:
		return *PF_CAT(p, f, char *) != NULL ?
		    xstrdup(*PF_CAT(p, f, char *)) : NULL;
	case PF_PROPS:
		if (PF_CAT(p, f, struct props)->n == 0)
			return NULL;
		return profile_props_text(PF_CAT(p, f, struct props));
	case PF_BOOL:
		return xstrdup(*PF_CAT(p, f, int) ? "1" : "0");
	case PF_MS:
		v = *PF_CAT(p, f, int);
		if (v % 1000 == 0)
			return xasprintf("%lld", v / 1000);
		return xasprintf("%lld.%03lld", v / 1000, v % 1000);
	default:
		break;
	}
	v = profile_field_num(p, f);
	if (f->id == PF_ID_version)
		return xstrdup(v == 3 ? "31" : v == 5 ? "5" : "311");
	if (v == PF_INF && f->max == PF_INF)
		return xstrdup("inf");
	if (v == -1)
		return NULL;
	return xasprintf("%lld", v);
}

int
profile_field_applies(const struct profile *p, const struct profile_field *f)
{
	int	bit = p->version == 3 ? PF_V3 : p->version == 5 ? PF_V5 : PF_V4;

	if (!(f->versions & bit))
		return 0;
	if ((f->attrs & PF_TLS) && !p->tls)
		return 0;
	if ((f->attrs & PF_WS) && !p->ws)
		return 0;
	if ((f->attrs & PF_WILL) && p->will_topic == NULL)
		return 0;
	return 1;
}

char *
profile_url(const struct profile *p)
{
	const char	*scheme;
	int		 v6;

	scheme = p->ws ? (p->tls ? "wss" : "ws") : (p->tls ? "mqtts" : "mqtt");
	v6 = p->host != NULL && strchr(p->host, ':') != NULL;
	if (p->ws)
		return xasprintf("%s://%s%s%s:%d%s", scheme, v6 ? "[" : "",
		    p->host != NULL ? p->host : "", v6 ? "]" : "", p->port,
		    p->ws_path != NULL ? p->ws_path : "/mqtt");
	return xasprintf("%s://%s%s%s:%d", scheme, v6 ? "[" : "",
	    p->host != NULL ? p->host : "", v6 ? "]" : "", p->port);
}

static void
profile_field_flag(struct buf *b, const struct profile_field *f)
{
	char	opt[3] = { '-', (char)f->shortopt, '\0' };
	char	*s;

	if (f->shortopt != 0) {
		cmd_quote_append(b, opt);
		return;
	}
	s = xasprintf("--%s", f->flag);
	cmd_quote_append(b, s);
	free(s);
}

static void
profile_field_props_flags(struct buf *b, const struct props *ps,
    const char *packet)
{
	int	i;

	for (i = 0; i < ps->n; i++) {
		cmd_quote_append(b, "-D");
		cmd_quote_append(b, packet);
		cmd_quote_append(b, ps->v[i].name);
		if (ps->v[i].key != NULL)
			cmd_quote_append(b, ps->v[i].key);
		cmd_quote_append(b, ps->v[i].value);
	}
}

/*
 * Flags are left out where p has the default, judged against the table so
 * the two cannot drift. The password goes in -P, never in the URL (it
 * would show in messages).
 */
char *
profile_save_line(const struct profile *p, int secrets)
{
	const struct profile_field	*f;
	struct buf			 b;
	const char			*s, *e;
	char				*v;
	int				 i;

	buf_init(&b);
	cmd_quote_append(&b, "save");
	cmd_quote_append(&b, p->name != NULL ? p->name : "");
	v = profile_url(p);
	cmd_quote_append(&b, v);
	free(v);
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if ((f->attrs & PF_URL) || profile_field_is_default(p, f))
			continue;
		if ((f->attrs & PF_SECRET) && !secrets)
			continue;
		if (f->id == PF_ID_ws_path && p->ws)
			continue;	/* in the URL */
		if (f->type == PF_PROPS) {
			profile_field_props_flags(&b, PF_CAT(p, f,
			    struct props), f->id == PF_ID_will_props ?
			    "will" : "connect");
			continue;
		}
		if (f->type == PF_BOOL) {
			profile_field_flag(&b, f);
			continue;
		}
		if (f->attrs & PF_REPEAT) {
			for (s = *PF_CAT(p, f, char *); *s != '\0';
			    s = *e != '\0' ? e + 1 : e) {
				e = s + strcspn(s, "\n");
				profile_field_flag(&b, f);
				v = xstrndup(s, e - s);
				cmd_quote_append(&b, v);
				free(v);
			}
			continue;
		}
		if ((v = profile_field_format(p, f)) == NULL)
			continue;
		profile_field_flag(&b, f);
		cmd_quote_append(&b, v);
		free(v);
	}
	v = xstrdup(buf_str(&b));
	buf_free(&b);
	return v;
}

char *
profile_to_json(const struct profile *p, int secrets)
{
	const struct profile_field	*f;
	cJSON				*o, *a;
	char				*s;
	int				 i;

	if ((o = cJSON_CreateObject()) == NULL)
		fatal("out of memory");
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (profile_field_is_default(p, f) && !(f->attrs & PF_URL))
			continue;
		if ((f->attrs & PF_SECRET) && !secrets)
			continue;
		switch (f->type) {
		case PF_STR:
			if (*PF_CAT(p, f, char *) != NULL)
				cJSON_AddStringToObject(o, f->name,
				    *PF_CAT(p, f, char *));
			break;
		case PF_BOOL:
			cJSON_AddBoolToObject(o, f->name, *PF_CAT(p, f, int));
			break;
		case PF_PROPS:
			s = props_to_json(PF_CAT(p, f, struct props));
			a = s != NULL ? cJSON_Parse(s) : NULL;
			free(s);
			if (a != NULL)
				cJSON_AddItemToObject(o, f->name, a);
			break;
		default:
			cJSON_AddNumberToObject(o, f->name,
			    (double)profile_field_num(p, f));
			break;
		}
	}
	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		fatal("out of memory");
	cJSON_Delete(o);
	return s;
}

/* One JSON member onto field f; 0, or -1 with *err. */
static int
profile_field_json(struct profile *p, const struct profile_field *f,
    const cJSON *it, char **err)
{
	char	*s;
	int	 rc;

	switch (f->type) {
	case PF_STR:
		if (cJSON_IsNull(it)) {
			profile_set(PF_AT(p, f, char *), NULL);
			return 0;
		}
		if (!cJSON_IsString(it))
			goto type;
		return profile_field_parse(p, f, it->valuestring, err);
	case PF_BOOL:
		if (!cJSON_IsBool(it))
			goto type;
		*PF_AT(p, f, int) = cJSON_IsTrue(it);
		return 0;
	case PF_PROPS:
		if (!cJSON_IsArray(it))
			goto type;
		s = cJSON_PrintUnformatted(it);
		rc = props_from_json(PF_AT(p, f, struct props), s);
		free(s);
		if (rc != 0)
			*err = xstrdup("bad property list");
		return rc;
	default:
		if (!cJSON_IsNumber(it) || it->valuedouble !=
		    (double)(long long)it->valuedouble)
			goto type;
		if (f->id == PF_ID_version) {
			/* The struct's 3, 4, 5 as the flag spells them. */
			s = xstrdup(it->valuedouble == 3 ? "31" :
			    it->valuedouble == 4 ? "311" :
			    it->valuedouble == 5 ? "5" : "?");
			rc = profile_field_parse(p, f, s, err);
		} else if (f->type == PF_MS) {
			s = xasprintf("%lldms", (long long)it->valuedouble);
			rc = profile_field_parse(p, f, s, err);
		} else {
			s = xasprintf("%lld", (long long)it->valuedouble);
			rc = profile_field_parse(p, f, s, err);
		}
		free(s);
		return rc;
	}
type:
	*err = xasprintf("must be %s", f->type == PF_STR ? "a string" :
	    f->type == PF_BOOL ? "true or false" : f->type == PF_PROPS ?
	    "an array" : "a whole number");
	return -1;
}

int
profile_from_json(struct profile *p, const char *text, char **err)
{
	const struct profile_field	*f;
	const cJSON			*it;
	cJSON				*o;
	char				*why = NULL;

	*err = NULL;
	if ((o = cJSON_Parse(text)) == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		*err = xstrdup("$: not a JSON object");
		return -1;
	}
	cJSON_ArrayForEach(it, o) {
		if ((f = profile_field_by_name(it->string)) == NULL) {
			*err = xasprintf("$.%s: unknown field", it->string);
			break;
		}
		if (profile_field_json(p, f, it, &why) != 0) {
			*err = xasprintf("$.%s: %s", it->string, why);
			free(why);
			break;
		}
	}
	cJSON_Delete(o);
	return *err != NULL ? -1 : 0;
}

const char *
profile_password_source(const struct profile *p)
{
	if (p->password_command != NULL)
		return "command";
	if (p->password_env != NULL)
		return "env";
	if (p->ask_password)
		return "ask";
	if (p->password != NULL)
		return "stored";
	return NULL;
}

const char *
profile_tls_mark(const struct profile *p)
{
	if (!p->tls)
		return NULL;
	if (p->no_verify)
		return "no-verify";
	if (p->insecure)
		return "insecure";
	return "verified";
}
