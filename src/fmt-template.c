/*
 * The -F template, with mosquitto_sub's grammar: %[-][0][WIDTH][.PREC]
 * [SEP]FIELD, @X for strftime's %X, and \-escapes. The deliberate
 * differences (widths count characters, not bytes; %p and %x are padded
 * to their width, never cut by it; %j stays valid JSON) are in the
 * manual.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "b64.h"
#include "fmt.h"
#include "log.h"
#include "msg.h"
#include "xmalloc.h"

/* What may stand between the precision and x/X: the hex separator. */
#define FMT_TEMPLATE_SEPS	"!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~ "
#define FMT_TEMPLATE_FIELDS	"%ACDEFIJPRSUXcdfjlmpqrtx"
#define FMT_TEMPLATE_MAXW	100000

struct fmt_template_spec {
	int	left;
	char	pad;		/* ' ' or '0' */
	int	width;
	int	prec;		/* -1 when not given */
	char	sep;		/* between hex groups */
};

/* Properties are parsed at most once per message, and only if used. */
struct fmt_template_ctx {
	const struct msg	*m;
	int			 flags;
	struct buf		*err;
	cJSON			*props;
	int			 parsed;
};

/* Read a field's modifiers; s is after '%'. Returns the field letter. */
static const char *
fmt_template_spec(const char *s, struct fmt_template_spec *sp)
{
	sp->left = 0;
	sp->pad = ' ';
	sp->width = 0;
	sp->prec = -1;
	sp->sep = ' ';
	if (*s == '-') {
		sp->left = 1;
		s++;
	}
	if (*s == '0') {
		sp->pad = '0';
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (sp->width < FMT_TEMPLATE_MAXW)
			sp->width = sp->width * 10 + (*s - '0');
	}
	if (*s == '.') {
		sp->prec = 0;
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (sp->prec < FMT_TEMPLATE_MAXW)
				sp->prec = sp->prec * 10 + (*s - '0');
		}
	}
	if (*s != '\0' && strchr(FMT_TEMPLATE_SEPS, *s) != NULL)
		sp->sep = *s++;
	return s;
}

/* Length in characters when the text is UTF-8, else in bytes. */
static size_t
fmt_template_chars(const char *s, size_t len, int utf8)
{
	size_t	i, n = 0;

	if (!utf8)
		return len;
	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* Bytes in the first n characters (never splitting a UTF-8 sequence). */
static size_t
fmt_template_prefix(const char *s, size_t len, size_t n, int utf8)
{
	size_t	i, chars = 0;

	if (!utf8)
		return n < len ? n : len;
	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (chars == n)
				return i;
			chars++;
		}
	}
	return len;
}

static void
fmt_template_fill(struct buf *b, char c, size_t n)
{
	for (; n > 0; n--)
		buf_addc(b, c);
}

/*
 * Text cut to the precision and padded to the width; padc pads on the
 * left (mosquitto pads strings with blanks, the payload with its flag).
 */
static void
fmt_template_text(struct buf *b, const struct fmt_template_spec *sp,
    const char *s, size_t len, char padc)
{
	size_t	w;
	int	utf8;

	utf8 = fmt_is_utf8(s, len);
	if (sp->prec >= 0)
		len = fmt_template_prefix(s, len, sp->prec, utf8);
	w = fmt_template_chars(s, len, utf8);
	if (!sp->left && (size_t)sp->width > w)
		fmt_template_fill(b, padc, sp->width - w);
	buf_add(b, s, len);
	if (sp->left && (size_t)sp->width > w)
		fmt_template_fill(b, ' ', sp->width - w);
}

static void
fmt_template_str(struct buf *b, const struct fmt_template_spec *sp,
    const char *s)
{
	fmt_template_text(b, sp, s, strlen(s), ' ');
}

/* printf's %d with mosquitto's flags: '-' wins over '0'. */
static void
fmt_template_int(struct buf *b, const struct fmt_template_spec *sp,
    long long v)
{
	if (sp->left)
		buf_addf(b, "%-*lld", sp->width, v);
	else if (sp->pad == '0')
		buf_addf(b, "%0*lld", sp->width, v);
	else
		buf_addf(b, "%*lld", sp->width, v);
}

/* A missing property with a width: blanks (or zeros) of that width. */
static void
fmt_template_blank(struct buf *b, const struct fmt_template_spec *sp,
    char padc)
{
	fmt_template_fill(b, padc, sp->width);
}

/*
 * Hex, as 2.1: the precision groups that many digits, separated by sep;
 * padding on the left is grouped too. The width is a minimum.
 */
static void
fmt_template_hex(struct buf *b, const struct fmt_template_spec *sp,
    const unsigned char *p, size_t len, int upper)
{
	const char	*digits = upper ? "0123456789ABCDEF" :
			    "0123456789abcdef";
	size_t		 i, pad = 0, pos = 0, total;
	int		 group = sp->prec > 0 ? sp->prec : 0;

	if ((size_t)sp->width > 2 * len)
		pad = sp->width - 2 * len;
	total = (sp->left ? 0 : pad) + 2 * len;
	for (i = 0; i < total; i++) {
		if (!sp->left && i < pad)
			buf_addc(b, sp->pad);
		else {
			size_t	k = i - (sp->left ? 0 : pad);

			buf_addc(b, digits[k % 2 == 0 ? p[k / 2] >> 4 :
			    p[k / 2] & 0xf]);
		}
		if (group > 0 && i + 1 < total && pos % group ==
		    (size_t)group - 1)
			buf_addc(b, sp->sep);
		pos++;
	}
	if (sp->left)
		fmt_template_fill(b, ' ', pad);
}

static void
fmt_template_time(const struct msg *m, time_t *secs, long *ns,
    struct tm *tm)
{
	int64_t	t = m->time_ms, q = t / 1000, r = t % 1000;

	if (r < 0) {
		r += 1000;
		q--;
	}
	*secs = (time_t)q;
	*ns = (long)r * 1000000L;
	if (localtime_r(secs, tm) == NULL)
		memset(tm, 0, sizeof *tm);
}

static const cJSON *
fmt_template_props(struct fmt_template_ctx *ctx)
{
	if (!ctx->parsed) {
		ctx->parsed = 1;
		if (ctx->m->props != NULL)
			ctx->props = cJSON_Parse(ctx->m->props);
		if (ctx->props != NULL && !cJSON_IsObject(ctx->props)) {
			cJSON_Delete(ctx->props);
			ctx->props = NULL;
		}
	}
	return ctx->props;
}

static const cJSON *
fmt_template_prop(struct fmt_template_ctx *ctx, const char *name)
{
	const cJSON	*props = fmt_template_props(ctx), *v;

	if (props == NULL)
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(props, name);
	if (cJSON_IsArray(v))		/* several: the first, as mosquitto */
		v = cJSON_GetArrayItem(v, 0);
	return v;
}

/* An integer property, or blanks of the width when it is absent. */
static void
fmt_template_prop_int(struct buf *b, const struct fmt_template_spec *sp,
    struct fmt_template_ctx *ctx, const char *name)
{
	const cJSON	*v = fmt_template_prop(ctx, name);

	if (cJSON_IsNumber(v))
		fmt_template_int(b, sp, (long long)v->valuedouble);
	else
		fmt_template_blank(b, sp, sp->pad);
}

/* A string property; blanks when absent only if asked (%C, not %R). */
static void
fmt_template_prop_str(struct buf *b, const struct fmt_template_spec *sp,
    struct fmt_template_ctx *ctx, const char *name, int blank)
{
	const cJSON	*v = fmt_template_prop(ctx, name);

	if (cJSON_IsString(v))
		fmt_template_str(b, sp, v->valuestring);
	else if (blank)
		fmt_template_blank(b, sp, ' ');
}

/* %D: the correlation data's bytes, as they came. */
static void
fmt_template_corr(struct buf *b, struct fmt_template_ctx *ctx)
{
	const cJSON	*v = fmt_template_prop(ctx, "correlation-data");

	if (cJSON_IsString(v)) {
		buf_adds(b, v->valuestring);
		return;
	}
	v = fmt_template_prop(ctx, "correlation-data-base64");
	if (cJSON_IsString(v))
		(void)b64_decode(b, v->valuestring, strlen(v->valuestring));
}

/* %P: "key:value" for each user property, separated by blanks. */
static void
fmt_template_user(struct buf *b, struct fmt_template_ctx *ctx)
{
	const cJSON	*props = fmt_template_props(ctx), *up, *it, *k, *v;
	int		 first = 1;

	if (props == NULL)
		return;
	up = cJSON_GetObjectItemCaseSensitive(props, "user-property");
	cJSON_ArrayForEach(it, up) {
		k = cJSON_GetArrayItem(it, 0);
		v = cJSON_GetArrayItem(it, 1);
		if (!cJSON_IsString(k) || !cJSON_IsString(v))
			continue;
		if (!first)
			buf_addc(b, ' ');
		first = 0;
		buf_addf(b, "%s:%s", k->valuestring, v->valuestring);
	}
}

/* mosquitto's "properties": user properties as an object of strings. */
static cJSON *
fmt_template_json_props(const cJSON *props)
{
	const cJSON	*it, *pair;
	cJSON		*out = cJSON_CreateObject(), *user = NULL;

	cJSON_ArrayForEach(it, props) {
		if (strcmp(it->string, "user-property") != 0) {
			cJSON_AddItemToObject(out, it->string,
			    cJSON_Duplicate(it, 1));
			continue;
		}
		if (user == NULL) {
			user = cJSON_CreateObject();
			cJSON_AddItemToObject(out, "user-properties", user);
		}
		cJSON_ArrayForEach(pair, it) {
			const cJSON	*k = cJSON_GetArrayItem(pair, 0);
			const cJSON	*v = cJSON_GetArrayItem(pair, 1);

			if (cJSON_IsString(k) && cJSON_IsString(v))
				cJSON_AddItemToObject(user, k->valuestring,
				    cJSON_CreateString(v->valuestring));
		}
	}
	return out;
}

/* Only whitespace left after a JSON value? */
static int
fmt_template_rest_empty(const char *s, const char *end)
{
	for (; s < end; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	}
	return 1;
}

/*
 * %j and %J: mosquitto_sub 2.0's object. A payload that is not UTF-8
 * goes as "payload_base64" (mosquitto would write invalid JSON).
 */
static void
fmt_template_json(struct buf *b, struct fmt_template_ctx *ctx, int embed)
{
	const struct msg	*m = ctx->m;
	const cJSON		*props;
	cJSON			*root, *payload = NULL;
	const char		*end = NULL;
	struct buf		 tmp;
	struct tm		 tm;
	time_t			 secs;
	long			 ns;
	char			 day[64], zone[16], *s;

	if (embed && m->len > 0) {
		payload = cJSON_ParseWithLengthOpts(m->payload, m->len, &end,
		    0);
		if (payload != NULL && !fmt_template_rest_empty(end,
		    (const char *)m->payload + m->len)) {
			cJSON_Delete(payload);
			payload = NULL;
		}
		if (payload == NULL) {
			if (ctx->err != NULL)
				buf_addf(ctx->err, "%%J: the payload on %s is "
				    "not JSON\n", m->topic ? m->topic : "");
			return;
		}
	}
	root = cJSON_CreateObject();
	if (root == NULL)
		fatal("out of memory");
	fmt_template_time(m, &secs, &ns, &tm);
	strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	buf_init(&tmp);
	buf_addf(&tmp, "%s.%06ld%s", day, ns / 1000, zone);
	cJSON_AddStringToObject(root, "tst", buf_str(&tmp));
	cJSON_AddStringToObject(root, "topic", m->topic ? m->topic : "");
	cJSON_AddNumberToObject(root, "qos", m->qos);
	cJSON_AddNumberToObject(root, "retain", m->retain != 0);
	cJSON_AddNumberToObject(root, "payloadlen", (double)m->len);
	if (m->qos > 0)
		cJSON_AddNumberToObject(root, "mid", m->mid);
	props = fmt_template_props(ctx);
	if (props != NULL && props->child != NULL)
		cJSON_AddItemToObject(root, "properties",
		    fmt_template_json_props(props));
	if (m->len == 0)
		cJSON_AddNullToObject(root, "payload");
	else if (payload != NULL)
		cJSON_AddItemToObject(root, "payload", payload);
	else if (fmt_is_utf8(m->payload, m->len)) {
		buf_reset(&tmp);
		buf_add(&tmp, m->payload, m->len);
		cJSON_AddStringToObject(root, "payload", buf_str(&tmp));
	} else {
		buf_reset(&tmp);
		b64_encode(&tmp, m->payload, m->len);
		cJSON_AddStringToObject(root, "payload_base64", buf_str(&tmp));
	}
	buf_free(&tmp);
	s = (ctx->flags & FMT_PRETTY) ? cJSON_Print(root) :
	    cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (s == NULL)
		fatal("out of memory");
	buf_adds(b, s);
	free(s);
}

/* %f and %d: the payload as a 4- or 8-byte IEEE 754 number. */
static void
fmt_template_float(struct buf *b, const struct fmt_template_spec *sp,
    struct fmt_template_ctx *ctx, int dbl)
{
	const struct msg	*m = ctx->m;
	double			 v;
	float			 f;
	int			 prec = sp->prec >= 0 ? sp->prec : 6;

	if (m->len != (dbl ? sizeof v : sizeof f)) {
		if (ctx->err != NULL)
			buf_addf(ctx->err, "%%%c: the payload on %s is %zu "
			    "bytes, not a %zu-byte float\n", dbl ? 'd' : 'f',
			    m->topic ? m->topic : "", m->len,
			    dbl ? sizeof v : sizeof f);
		return;
	}
	if (dbl)
		memcpy(&v, m->payload, sizeof v);
	else {
		memcpy(&f, m->payload, sizeof f);
		v = f;
	}
	if (sp->left)
		buf_addf(b, "%-*.*f", sp->width, prec, v);
	else if (sp->pad == '0')
		buf_addf(b, "%0*.*f", sp->width, prec, v);
	else
		buf_addf(b, "%*.*f", sp->width, prec, v);
}

/* One %-field, c its letter. */
static void
fmt_template_field(struct buf *b, char c, const struct fmt_template_spec *sp,
    struct fmt_template_ctx *ctx)
{
	const struct msg	*m = ctx->m;
	struct tm		 tm;
	time_t			 secs;
	long			 ns;
	char			 out[64];

	switch (c) {
	case '%':
		buf_addc(b, '%');
		break;
	case 'A':
		fmt_template_prop_int(b, sp, ctx, "topic-alias");
		break;
	case 'C':
		fmt_template_prop_str(b, sp, ctx, "content-type", 1);
		break;
	case 'D':
		fmt_template_corr(b, ctx);
		break;
	case 'E':
		fmt_template_prop_int(b, sp, ctx, "message-expiry-interval");
		break;
	case 'F':
		fmt_template_prop_int(b, sp, ctx, "payload-format-indicator");
		break;
	case 'I':
		fmt_template_time(m, &secs, &ns, &tm);
		strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S%z", &tm);
		fmt_template_str(b, sp, out);
		break;
	case 'J':
	case 'j':
		fmt_template_json(b, ctx, c == 'J');
		break;
	case 'P':
		fmt_template_user(b, ctx);
		break;
	case 'R':
		fmt_template_prop_str(b, sp, ctx, "response-topic", 0);
		break;
	case 'S':
		fmt_template_prop_int(b, sp, ctx, "subscription-identifier");
		break;
	case 'U':
		fmt_template_time(m, &secs, &ns, &tm);
		buf_addf(b, "%lld.%09ld", (long long)secs, ns);
		break;
	case 'X':
	case 'x':
		fmt_template_hex(b, sp, m->payload, m->len, c == 'X');
		break;
	case 'c':
		fmt_template_str(b, sp, m->conn != NULL ? m->conn : "");
		break;
	case 'd':
	case 'f':
		fmt_template_float(b, sp, ctx, c == 'd');
		break;
	case 'l':
		fmt_template_int(b, sp, (long long)m->len);
		break;
	case 'm':
		fmt_template_int(b, sp, m->mid);
		break;
	case 'p':
		fmt_template_text(b, sp, m->payload, m->len, sp->pad);
		break;
	case 'q':
		buf_addc(b, '0' + m->qos);
		break;
	case 'r':
		buf_addc(b, m->retain ? '1' : '0');
		break;
	case 't':
		fmt_template_str(b, sp, m->topic != NULL ? m->topic : "");
		break;
	}
}

/* The character a \-escape stands for, -1 when it is not one. */
static int
fmt_template_escape(char c)
{
	static const char	 from[] = "\\0aenrtv";
	static const char	 to[] = "\\\0\a\033\n\r\t\v";
	const char		*p;

	if (c == '\0' || (p = strchr(from, c)) == NULL)
		return -1;
	return (unsigned char)to[p - from];
}

/* @X is strftime's %X of the message time; @N its nanoseconds. */
static void
fmt_template_at(struct buf *b, char c, const struct msg *m)
{
	struct tm	tm;
	time_t		secs;
	long		ns;
	char		f[3] = { '%', c, '\0' }, out[256];
	size_t		n;

	fmt_template_time(m, &secs, &ns, &tm);
	if (c == 'N') {
		buf_addf(b, "%09ld", ns);
		return;
	}
	/* The format is one conversion chosen by the template. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, sizeof out, f, &tm);
#pragma GCC diagnostic pop
	buf_add(b, out, n);
}

void
fmt_template(struct buf *b, const char *tmpl, const struct msg *m,
    int flags, struct buf *err)
{
	struct fmt_template_ctx		 ctx = { m, flags, err, NULL, 0 };
	struct fmt_template_spec	 sp;
	const char			*s = tmpl, *f;
	int				 e;

	while (*s != '\0') {
		if (*s == '%') {
			/* Topic and payload as they are: no copy (a flood). */
			if (s[1] == 'p') {
				buf_add(b, m->payload, m->len);
				s += 2;
				continue;
			}
			f = fmt_template_spec(s + 1, &sp);
			if (*f == '\0' || strchr(FMT_TEMPLATE_FIELDS, *f) ==
			    NULL) {
				/* Unknown (a checked template has none). */
				if (*f != '\0')
					f++;
				buf_add(b, s, f - s);
			} else {
				fmt_template_field(b, *f, &sp, &ctx);
				f++;
			}
			s = f;
		} else if (*s == '@' && s[1] != '\0') {
			if (s[1] == '@')
				buf_addc(b, '@');
			else
				fmt_template_at(b, s[1], m);
			s += 2;
		} else if (*s == '\\' && (flags & FMT_ESCAPES) &&
		    (e = fmt_template_escape(s[1])) != -1) {
			buf_addc(b, (char)e);
			s += 2;
		} else
			buf_addc(b, *s++);
	}
	cJSON_Delete(ctx.props);
}

int
fmt_template_check(const char *tmpl, int flags, char **err)
{
	struct fmt_template_spec	 sp;
	const char			*s, *f;

	for (s = tmpl; *s != '\0'; s++) {
		if (*s == '%') {
			f = fmt_template_spec(s + 1, &sp);
			if (*f == '\0') {
				*err = xasprintf("'%s' at the end is not a "
				    "whole field", s);
				return -1;
			}
			if (strchr(FMT_TEMPLATE_FIELDS, *f) == NULL) {
				*err = xasprintf("unknown field '%.*s' (the "
				    "fields: %%t %%p %%x %%X %%l %%q %%r %%m "
				    "%%I %%U %%j %%J %%f %%d %%A %%C %%D %%E "
				    "%%F %%P %%R %%S %%c %%%%)",
				    (int)(f - s + 1), s);
				return -1;
			}
			s = f;
		} else if (*s == '@') {
			if (s[1] == '\0') {
				*err = xstrdup("'@' at the end: write @@ for "
				    "an @");
				return -1;
			}
			s++;
		} else if (*s == '\\' && (flags & FMT_ESCAPES)) {
			if (fmt_template_escape(s[1]) == -1) {
				*err = xasprintf("unknown escape '\\%.1s' "
				    "(the escapes: \\\\ \\0 \\a \\e \\n \\r "
				    "\\t \\v)", s + 1);
				return -1;
			}
			s++;
		}
	}
	return 0;
}
