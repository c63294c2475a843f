/*
 * The payload views by name, the dispatch to the decoders, and the two
 * JSON helpers they share.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "sanitize.h"
#include "xmalloc.h"

static const struct {
	const char	*name;
	const char	*title;
} decode_table[DECODE_N] = {
	[DECODE_AUTO] = { "auto", "auto" },
	[DECODE_TEXT] = { "text", "text" },
	[DECODE_JSON] = { "json", "JSON" },
	[DECODE_HEX] = { "hex", "hex" },
	[DECODE_BASE64] = { "base64", "base64" },
	[DECODE_MSGPACK] = { "msgpack", "MessagePack" },
	[DECODE_CBOR] = { "cbor", "CBOR" },
	[DECODE_SPARKPLUG] = { "sparkplug", "Sparkplug B" },
	[DECODE_JQ] = { "jq", "jq" },
};

const char *
decode_name(enum decode_view v)
{
	return v >= 0 && v < DECODE_N ? decode_table[v].name : "?";
}

const char *
decode_title(enum decode_view v)
{
	return v >= 0 && v < DECODE_N ? decode_table[v].title : "?";
}

int
decode_parse(const char *s, enum decode_view *v)
{
	int	i;

	for (i = 0; i < DECODE_N; i++) {
		if (strcmp(s, decode_table[i].name) == 0) {
			*v = i;
			return 0;
		}
	}
	return -1;
}

const char *
decode_names(void)
{
	return "text, json, hex, base64, msgpack, cbor, sparkplug, "
	    "jq PROGRAM, auto";
}

int
decode_is_decoder(enum decode_view v)
{
	return v == DECODE_MSGPACK || v == DECODE_CBOR ||
	    v == DECODE_SPARKPLUG || v == DECODE_JQ;
}

enum decode_out
decode(const struct decode_ctx *ctx, const void *p, size_t len,
    struct buf *out, char **err)
{
	int	rc = -1, n = 0;

	*err = NULL;
	switch (ctx->view) {
	case DECODE_MSGPACK:
		rc = decode_msgpack(p, len, out, err);
		break;
	case DECODE_CBOR:
		rc = decode_cbor(p, len, out, err);
		break;
	case DECODE_SPARKPLUG:
		rc = decode_sparkplug(ctx, p, len, out, err);
		break;
	case DECODE_JQ:
		rc = decode_jq(ctx->jq != NULL ? ctx->jq : ".", p, len, out,
		    &n, err);
		if (rc == 0 && n != 1)
			return DECODE_OUT_TEXT;
		break;
	default:
		*err = xasprintf("%s is not a decoder",
		    decode_name(ctx->view));
		break;
	}
	if (rc != 0) {
		if (*err == NULL)
			*err = xstrdup("cannot decode");
		return DECODE_OUT_ERROR;
	}
	return DECODE_OUT_JSON;
}

void
decode_json_string(struct buf *b, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (u[i] >= 0x80) {
			/* JSON is UTF-8: a stray byte is written \\xNN. */
			n = sanitize_charlen(s + i, len - i);
			if (n == 1)
				buf_addf(b, "\\\\x%02x", u[i]);
			else
				buf_add(b, s + i, n);
			i += n - 1;
			continue;
		}
		switch (u[i]) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f)
				buf_addf(b, "\\u%04x", u[i]);
			else
				buf_addc(b, (char)u[i]);
		}
	}
	buf_addc(b, '"');
}

/*
 * The shortest text that reads back as the same double (or float, when
 * single): what the sender's number was, no more digits. NaN and the
 * infinities are not JSON numbers: they go as strings.
 */
void
decode_json_double(struct buf *b, double d, int single)
{
	char	s[64];
	int	prec;

	if (isnan(d)) {
		buf_adds(b, "\"NaN\"");
		return;
	}
	if (isinf(d)) {
		buf_adds(b, d < 0 ? "\"-Infinity\"" : "\"Infinity\"");
		return;
	}
	/* Whole numbers as such: 20.0, not 2e+01. */
	if (d > -1e16 && d < 1e16 && d == (double)(long long)d) {
		buf_addf(b, "%lld.0", (long long)d);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (single ? (float)strtod(s, NULL) == (float)d :
		    strtod(s, NULL) == d)
			break;
	}
	buf_adds(b, s);
	/* A float stays one to the eye: 20.0, not 20. */
	if (strpbrk(s, ".en") == NULL)
		buf_adds(b, ".0");
}

void
decode_reset(void)
{
	decode_sparkplug_reset();
	decode_jq_reset();
}

/*
 * A map key that is not a string, as a JSON key: its JSON text, cut to
 * DECODE_KEY_MAX bytes. Cut, because a key that is a map whose key is a
 * map... would otherwise double in escapes at every level.
 */
void
decode_json_key(struct buf *b, const char *s, size_t len)
{
	struct buf	t;

	if (len <= DECODE_KEY_MAX) {
		decode_json_string(b, s, len);
		return;
	}
	len = DECODE_KEY_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	buf_init(&t);
	buf_add(&t, s, len);
	buf_adds(&t, "…");
	decode_json_string(b, t.p, t.len);
	buf_free(&t);
}
