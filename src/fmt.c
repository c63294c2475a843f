#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "fmt.h"
#include "log.h"
#include "msg.h"
#include "xmalloc.h"

int
fmt_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes of the valid UTF-8 sequence (no NUL) at s[0..len), or 0. */
size_t
fmt_utf8_seq(const void *data, size_t len)
{
	const unsigned char	*s = data;
	size_t			 more, k;
	unsigned char		 c = s[0], lo, hi;

	if (len == 0 || c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	/* The second byte's range rules out overlongs and surrogates. */
	lo = 0x80;
	hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		more = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		more = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		more = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len - 1 < more || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k <= more; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	}
	return more + 1;
}

int
fmt_is_utf8(const void *data, size_t len)
{
	const unsigned char	*s = data;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = fmt_utf8_seq(s + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

void
fmt_hex(struct buf *b, const void *data, size_t len, int upper)
{
	const char		*digits;
	const unsigned char	*s = data;
	char			 pair[2];
	size_t			 i;

	digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (i = 0; i < len; i++) {
		pair[0] = digits[s[i] >> 4];
		pair[1] = digits[s[i] & 0xf];
		buf_add(b, pair, 2);
	}
}

/* A %-field's modifiers: %-10t, %05l, %.3p. */
struct fmt_spec {
	int	left;
	int	zero;
	int	width;
	int	prec;		/* -1 when not given */
};

/* Length in characters when the text is UTF-8, else in bytes. */
static size_t
fmt_width(const char *s, size_t len, int utf8)
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
fmt_prefix(const char *s, size_t len, size_t n, int utf8)
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

/* Append a field's text with its width and precision applied. */
static void
fmt_field(struct buf *b, const struct fmt_spec *sp, const char *s,
    size_t len, int number)
{
	size_t	w;
	int	utf8, pad;
	char	padc;

	utf8 = fmt_is_utf8(s, len);
	if (!number && sp->prec >= 0)
		len = fmt_prefix(s, len, sp->prec, utf8);
	w = fmt_width(s, len, utf8);
	pad = (size_t)sp->width > w ? sp->width - (int)w : 0;
	padc = number && sp->zero && !sp->left ? '0' : ' ';

	if (!sp->left && padc == '0' && len > 0 && s[0] == '-') {
		buf_addc(b, '-');	/* zeros after the sign */
		s++;
		len--;
	}
	for (; !sp->left && pad > 0; pad--)
		buf_addc(b, padc);
	buf_add(b, s, len);
	for (; pad > 0; pad--)
		buf_addc(b, ' ');
}

static void
fmt_time(const struct msg *m, time_t *secs, long *ns, struct tm *tm)
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

/* ISO-8601 local time with offset; msdigits adds ".mmm". */
static void
fmt_iso(struct buf *b, const struct msg *m, int ms)
{
	struct tm	tm;
	time_t		secs;
	long		ns;
	char		day[64], zone[16];

	fmt_time(m, &secs, &ns, &tm);
	strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	if (ms)
		buf_addf(b, "%s.%03ld%s", day, ns / 1000000L, zone);
	else
		buf_addf(b, "%s%s", day, zone);
}

/* Properties are parsed at most once per template, and only if used. */
struct fmt_ctx {
	const struct msg	*m;
	cJSON			*props;
	int			 parsed;
};

static const cJSON *
fmt_props(struct fmt_ctx *ctx)
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

/* A property value as text: strings raw, arrays joined by spaces. */
static void
fmt_json_text(struct buf *b, const cJSON *v)
{
	const cJSON	*it;
	double		 d;
	int		 first = 1;

	if (cJSON_IsString(v))
		buf_adds(b, v->valuestring);
	else if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d >= -9e15 && d <= 9e15 && d == (double)(long long)d)
			buf_addf(b, "%lld", (long long)d);
		else
			buf_addf(b, "%g", d);
	} else if (cJSON_IsBool(v))
		buf_adds(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v) {
			if (!first)
				buf_addc(b, ' ');
			first = 0;
			fmt_json_text(b, it);
		}
	}
}

static void
fmt_prop(struct buf *b, struct fmt_ctx *ctx, const char *name)
{
	const cJSON	*props = fmt_props(ctx);

	if (props != NULL)
		fmt_json_text(b, cJSON_GetObjectItemCaseSensitive(props, name));
}

/* User properties as "k:v k:v"; [["k","v"],...] or {"k":"v"}. */
static void
fmt_user_props(struct buf *b, struct fmt_ctx *ctx)
{
	const cJSON	*props = fmt_props(ctx), *up, *it;
	int		 first = 1;

	if (props == NULL)
		return;
	up = cJSON_GetObjectItemCaseSensitive(props, "user-property");
	cJSON_ArrayForEach(it, up) {
		if (!first)
			buf_addc(b, ' ');
		first = 0;
		if (cJSON_IsArray(up) && cJSON_GetArraySize(it) == 2) {
			fmt_json_text(b, cJSON_GetArrayItem(it, 0));
			buf_addc(b, ':');
			fmt_json_text(b, cJSON_GetArrayItem(it, 1));
		} else if (cJSON_IsObject(up) && it->string != NULL) {
			buf_adds(b, it->string);
			buf_addc(b, ':');
			fmt_json_text(b, it);
		}
	}
}

/* Only whitespace left after a JSON value? */
static int
fmt_json_rest_empty(const char *s, const char *end)
{
	for (; s < end; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	}
	return 1;
}

/* %j and %J: the message as one JSON object, like mosquitto_sub. */
static void
fmt_json(struct buf *b, struct fmt_ctx *ctx, int embed)
{
	const struct msg	*m = ctx->m;
	const cJSON		*props;
	cJSON			*root, *payload = NULL;
	const char		*end = NULL;
	struct buf		 tmp;
	char			*s;
	int			 utf8;

	root = cJSON_CreateObject();
	if (root == NULL)
		fatal("out of memory");
	buf_init(&tmp);
	fmt_iso(&tmp, m, 1);
	cJSON_AddStringToObject(root, "tst", buf_str(&tmp));
	cJSON_AddStringToObject(root, "topic", m->topic ? m->topic : "");
	cJSON_AddNumberToObject(root, "qos", m->qos);
	cJSON_AddBoolToObject(root, "retain", m->retain != 0);
	cJSON_AddNumberToObject(root, "payloadlen", (double)m->len);
	props = fmt_props(ctx);
	if (props != NULL && props->child != NULL) {
		cJSON_AddItemToObject(root, "properties",
		    cJSON_Duplicate(props, 1));
	}

	utf8 = fmt_is_utf8(m->payload, m->len);
	if (embed && utf8 && m->len > 0) {
		payload = cJSON_ParseWithLengthOpts(m->payload, m->len, &end,
		    0);
		if (payload != NULL && !fmt_json_rest_empty(end,
		    (const char *)m->payload + m->len)) {
			cJSON_Delete(payload);
			payload = NULL;
		}
	}
	if (payload == NULL) {
		/* Text as a string; binary as hex, never invalid JSON. */
		buf_reset(&tmp);
		if (utf8)
			buf_add(&tmp, m->payload, m->len);
		else
			fmt_hex(&tmp, m->payload, m->len, 0);
		payload = cJSON_CreateString(buf_str(&tmp));
	}
	cJSON_AddItemToObject(root, "payload", payload);
	buf_free(&tmp);

	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (s == NULL)
		fatal("out of memory");
	buf_adds(b, s);
	free(s);
}

/*
 * One %-field; s points after the '%'. Returns the characters used, or 0
 * when the field is unknown (the caller copies it).
 */
static size_t
fmt_percent(struct buf *b, const char *s, struct fmt_ctx *ctx)
{
	const struct msg	*m = ctx->m;
	struct fmt_spec		 sp = { 0, 0, 0, -1 };
	struct buf		 f;
	const char		*p = s;
	int			 number = 0;
	time_t			 secs;
	long			 ns;
	struct tm		 tm;

	for (; *p == '-' || *p == '0'; p++) {
		if (*p == '-')
			sp.left = 1;
		else
			sp.zero = 1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (sp.width < 100000)
			sp.width = sp.width * 10 + (*p - '0');
	}
	if (*p == '.') {
		sp.prec = 0;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (sp.prec < 100000)
				sp.prec = sp.prec * 10 + (*p - '0');
		}
	}

	/* Topic and payload as they are: straight in, no copy (a flood). */
	if (sp.width == 0 && sp.prec < 0 && (*p == 't' || *p == 'p')) {
		if (*p == 'p')
			buf_add(b, m->payload, m->len);
		else if (m->topic != NULL)
			buf_adds(b, m->topic);
		return p - s + 1;
	}
	buf_init(&f);
	switch (*p) {
	case '%':
		buf_addc(&f, '%');
		break;
	case 't':
		if (m->topic != NULL)
			buf_adds(&f, m->topic);
		break;
	case 'p':
		buf_add(&f, m->payload, m->len);
		break;
	case 'x':
	case 'X':
		fmt_hex(&f, m->payload, m->len, *p == 'X');
		break;
	case 'l':
		buf_addf(&f, "%zu", m->len);
		number = 1;
		break;
	case 'm':
		buf_addf(&f, "%d", m->mid);
		number = 1;
		break;
	case 'q':
		buf_addf(&f, "%d", m->qos);
		number = 1;
		break;
	case 'r':
		buf_addc(&f, m->retain ? '1' : '0');
		number = 1;
		break;
	case 'I':
		fmt_iso(&f, m, 0);
		break;
	case 'U':
		fmt_time(m, &secs, &ns, &tm);
		buf_addf(&f, "%lld.%09ld", (long long)secs, ns);
		number = 1;
		break;
	case 'j':
	case 'J':
		fmt_json(&f, ctx, *p == 'J');
		break;
	case 'C':
		fmt_prop(&f, ctx, "content-type");
		break;
	case 'D':
		fmt_prop(&f, ctx, "correlation-data");
		break;
	case 'E':
		fmt_prop(&f, ctx, "message-expiry-interval");
		number = 1;
		break;
	case 'F':
		fmt_prop(&f, ctx, "payload-format-indicator");
		number = 1;
		break;
	case 'P':
		fmt_user_props(&f, ctx);
		break;
	case 'R':
		fmt_prop(&f, ctx, "response-topic");
		break;
	case 'S':
		fmt_prop(&f, ctx, "subscription-identifier");
		number = 1;
		break;
	case 'c':
		if (m->conn != NULL)
			buf_adds(&f, m->conn);
		break;
	default:
		buf_free(&f);
		return 0;
	}
	fmt_field(b, &sp, buf_str(&f), f.len, number);
	buf_free(&f);
	return p - s + 1;
}

/* A \-escape in the template; s points after the backslash. */
static size_t
fmt_escape(struct buf *b, const char *s)
{
	static const char	 from[] = "\\0aentv\"r";
	static const char	 to[] = "\\\0\a\033\n\t\v\"\r";
	const char		*c;

	if (*s == '\0' || (c = strchr(from, *s)) == NULL) {
		buf_addc(b, '\\');
		return 0;
	}
	buf_addc(b, to[c - from]);
	return 1;
}

/* @X is strftime's %X for the message time; @N the nanoseconds. */
static void
fmt_at(struct buf *b, char c, const struct msg *m)
{
	struct tm	tm;
	time_t		secs;
	long		ns;
	char		f[3] = { '%', c, '\0' }, out[256];
	size_t		n;

	fmt_time(m, &secs, &ns, &tm);
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
    int escapes)
{
	struct fmt_ctx	 ctx = { m, NULL, 0 };
	const char	*s = tmpl, *e;
	size_t		 n;

	while (*s != '\0') {
		if (*s == '%') {
			n = fmt_percent(b, s + 1, &ctx);
			if (n == 0) {
				/* Unknown: copy "%...X" as it is. */
				e = s + 1 + strspn(s + 1, "-0123456789.");
				if (*e != '\0')
					e++;
				buf_add(b, s, e - s);
				s = e;
			} else
				s += 1 + n;
		} else if (*s == '@' && s[1] != '\0') {
			if (s[1] == '@')
				buf_addc(b, '@');
			else
				fmt_at(b, s[1], m);
			s += 2;
		} else if (*s == '\\' && escapes) {
			s += 1 + fmt_escape(b, s + 1);
		} else
			buf_addc(b, *s++);
	}
	cJSON_Delete(ctx.props);
}
