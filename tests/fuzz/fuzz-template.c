/*
 * The -F template formatter (fmt_template). The input is a message and a
 * template:
 *
 *   byte 0     qos (bits 0-1), retain (bit 2), \-escapes on (bit 3)
 *   bytes 1-8  time in ms since the epoch (little-endian, signed)
 *   bytes 9-10 message id
 *   then       TEMPLATE NUL TOPIC NUL PROPERTIES-JSON NUL PAYLOAD...
 *
 * (the payload, last, may hold any bytes; a missing part is empty, no
 * PROPERTIES-JSON part means no properties).
 *
 * - the output is appended to what the buffer holds;
 * - a template with no '%', '@' or (with escapes) '\' comes out as it is;
 * - on the same message: %p is the payload, %x/%X its hex, %l %q %r %m
 *   the numbers, %t %c the strings, %08l a zero-padded length, %-12.3t a
 *   cut and padded topic; %U and @N have their digits; %j is a JSON
 *   object with the message's topic, qos, retain and payloadlen, and
 *   the payload as text when it is UTF-8, else as base64 (null when
 *   empty); %J is such an object or, when the payload is not JSON,
 *   nothing.
 */
#include <ctype.h>

#include <cjson/cJSON.h>

#include "b64.h"
#include "buf.h"
#include "fmt.h"
#include "msg.h"
#include "sanitize.h"
#include "fuzz.h"

/* fmt_template on m into a fresh buffer; the caller frees b. */
static void
run(struct buf *b, const char *tmpl, const struct msg *m, int escapes)
{
	buf_init(b);
	fmt_template(b, tmpl, m, escapes ? FMT_ESCAPES : 0, NULL);
}

static void
expect(const char *tmpl, const struct msg *m, const void *want,
    size_t wantlen)
{
	struct buf	b;

	run(&b, tmpl, m, 0);
	if (b.len != wantlen || (wantlen > 0 && memcmp(b.p, want, wantlen))) {
		fprintf(stderr, "template '%s' gave %zu bytes '%.*s', wanted "
		    "%zu '%.*s'\n", tmpl, b.len, (int)b.len, buf_str(&b),
		    wantlen, (int)wantlen, (const char *)want);
		abort();
	}
	buf_free(&b);
}

static void
expectf(const char *tmpl, const struct msg *m, const char *want)
{
	expect(tmpl, m, want, strlen(want));
}

static void
check_json(const struct msg *m, int embed)
{
	struct buf	 b, hex;
	const cJSON	*v;
	cJSON		*j;

	run(&b, embed ? "%J" : "%j", m, 0);
	if (embed && b.len == 0) {
		buf_free(&b);
		return;
	}
	j = cJSON_ParseWithLength(buf_str(&b), b.len);
	if (j == NULL || !cJSON_IsObject(j)) {
		fprintf(stderr, "%%%c is not a JSON object: %s\n",
		    embed ? 'J' : 'j', buf_str(&b));
		abort();
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "topic");
	FUZZ_CHECK(cJSON_IsString(v) &&
	    strcmp(v->valuestring, m->topic) == 0);
	v = cJSON_GetObjectItemCaseSensitive(j, "qos");
	FUZZ_CHECK(cJSON_IsNumber(v) && v->valueint == m->qos);
	v = cJSON_GetObjectItemCaseSensitive(j, "retain");
	FUZZ_CHECK(cJSON_IsNumber(v) && v->valueint == (m->retain != 0));
	v = cJSON_GetObjectItemCaseSensitive(j, "payloadlen");
	FUZZ_CHECK(cJSON_IsNumber(v) && v->valuedouble == (double)m->len);
	v = cJSON_GetObjectItemCaseSensitive(j, "tst");
	FUZZ_CHECK(cJSON_IsString(v));
	v = cJSON_GetObjectItemCaseSensitive(j, "payload");
	if (m->len == 0)
		FUZZ_CHECK(cJSON_IsNull(v));
	else if (!embed) {
		buf_init(&hex);
		if (fmt_is_utf8(m->payload, m->len)) {
			buf_add(&hex, m->payload, m->len);
			FUZZ_CHECK(cJSON_IsString(v));
		} else {
			b64_encode(&hex, m->payload, m->len);
			v = cJSON_GetObjectItemCaseSensitive(j,
			    "payload_base64");
			FUZZ_CHECK(cJSON_IsString(v));
		}
		FUZZ_CHECK(strcmp(v->valuestring, buf_str(&hex)) == 0);
		buf_free(&hex);
	} else
		FUZZ_CHECK(v != NULL);
	cJSON_Delete(j);
	buf_free(&b);
}

static void
check_fields(const struct msg *m)
{
	struct buf	 b, hex;
	char		 want[64];
	size_t		 i, n, cut, chars;

	expect("%p", m, m->payload, m->len);
	expectf("%t", m, m->topic);
	expectf("%c", m, m->conn);
	buf_init(&hex);
	fmt_hex(&hex, m->payload, m->len, 0);
	expect("%x", m, hex.p, hex.len);
	buf_reset(&hex);
	fmt_hex(&hex, m->payload, m->len, 1);
	expect("%X", m, hex.p, hex.len);
	buf_free(&hex);

	snprintf(want, sizeof want, "%zu", m->len);
	expectf("%l", m, want);
	snprintf(want, sizeof want, "%08zu", m->len);
	expectf("%08l", m, want);
	snprintf(want, sizeof want, "%d/%d/%d", m->qos, m->retain, m->mid);
	expectf("%q/%r/%m", m, want);
	expectf("%%@@", m, "%@");

	/* The topic cut to 3 characters (bytes if not UTF-8), padded to 12. */
	n = strlen(m->topic);
	cut = n < 3 ? n : 3;
	chars = cut;
	if (fmt_is_utf8(m->topic, n)) {
		for (cut = 0, chars = 0; cut < n && chars < 3; chars++)
			cut += sanitize_charlen(m->topic + cut, n - cut);
	}
	buf_init(&hex);
	buf_add(&hex, m->topic, cut);
	for (i = chars; i < 12; i++)
		buf_addc(&hex, ' ');
	buf_addc(&hex, '|');
	expect("%-12.3t|", m, hex.p, hex.len);
	buf_free(&hex);

	/* Seconds, a dot, nine digits; nine digits of nanoseconds. */
	run(&b, "%U", m, 0);
	n = b.len;
	FUZZ_CHECK(n >= 11 && b.p[n - 10] == '.');
	for (i = 0; i < n; i++)
		FUZZ_CHECK(isdigit((unsigned char)b.p[i]) || i == n - 10 ||
		    (i == 0 && b.p[0] == '-'));
	buf_free(&b);
	run(&b, "@N", m, 0);
	FUZZ_CHECK(b.len == 9 && strspn(b.p, "0123456789") == 9);
	buf_free(&b);

	check_json(m, 0);
	check_json(m, 1);
}

/* The next NUL-terminated part of the input, or "" when none is left. */
static const char *
part(const uint8_t **p, const uint8_t *end, int *found)
{
	const uint8_t	*nul;
	const char	*s = (const char *)*p;

	if (*p >= end) {
		*found = 0;
		return "";
	}
	*found = 1;
	nul = memchr(*p, 0, end - *p + 1);
	*p = nul + 1;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct msg	 m;
	struct buf	 b;
	const uint8_t	*p, *end;
	const char	*tmpl;
	uint8_t		*copy;
	uint64_t	 t = 0;
	int		 escapes, found, i;

	if (len < 11)
		return 0;
	/* A NUL after everything, so every part ends in one. */
	copy = malloc(len + 1);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, len);
	copy[len] = 0;
	end = copy + len;

	memset(&m, 0, sizeof m);
	m.qos = copy[0] & 3;
	m.retain = (copy[0] >> 2) & 1;
	escapes = (copy[0] >> 3) & 1;
	for (i = 0; i < 8; i++)
		t |= (uint64_t)copy[1 + i] << (8 * i);
	m.time_ms = (int64_t)t;
	m.mid = copy[9] | copy[10] << 8;
	m.conn = "fuzz";
	p = copy + 11;
	tmpl = part(&p, end, &found);
	m.topic = part(&p, end, &found);
	m.props = part(&p, end, &found);
	if (!found)
		m.props = NULL;
	m.payload = p < end ? p : end;
	m.len = p < end ? (size_t)(end - p) : 0;

	buf_init(&b);
	buf_adds(&b, "<");
	fmt_template(&b, tmpl, &m, escapes ? FMT_ESCAPES : 0, NULL);
	FUZZ_CHECK(b.len >= 1 && b.p[0] == '<');
	if (strpbrk(tmpl, escapes ? "%@\\" : "%@") == NULL)
		FUZZ_CHECK(b.len - 1 == strlen(tmpl) &&
		    memcmp(b.p + 1, tmpl, b.len - 1) == 0);
	buf_free(&b);

	check_fields(&m);
	free(copy);
	return 0;
}
