/*
 * The payload formatters: fmt_is_utf8, fmt_hex and fmt_hexdigit, base64
 * (b64_encode, b64_decode), and JSON the way the message view and the
 * detail view show it (cJSON_Print, then sanitize). The input is the
 * payload.
 *
 * - fmt_is_utf8 agrees with an independent decoder (and rejects NUL);
 * - hex is two digits a byte, in the case asked for, and reads back;
 * - base64 has the standard length and alphabet and decodes back; text
 *   that b64_decode accepts decodes to the right length and survives a
 *   second round trip; text it refuses leaves the buffer alone;
 * - a JSON payload pretty-prints to JSON that parses again, and the
 *   sanitized text is valid UTF-8 with line breaks as the only controls.
 */
#include <locale.h>

#include <cjson/cJSON.h>

#include "b64.h"
#include "buf.h"
#include "fmt.h"
#include "sanitize.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	return 0;
}

static void
check_utf8(const uint8_t *data, size_t len)
{
	int	ref;

	ref = fuzz_utf8_valid(data, len) && memchr(data, 0, len) == NULL;
	FUZZ_CHECK(fmt_is_utf8(data, len) == ref);
}

static void
check_hex(const uint8_t *data, size_t len, int upper)
{
	struct buf	b;
	size_t		i;
	int		hi, lo;
	char		c;

	buf_init(&b);
	fmt_hex(&b, data, len, upper);
	FUZZ_CHECK(b.len == 2 * len);
	for (i = 0; i < b.len; i++) {
		c = b.p[i];
		FUZZ_CHECK((c >= '0' && c <= '9') ||
		    (upper ? c >= 'A' && c <= 'F' : c >= 'a' && c <= 'f'));
	}
	for (i = 0; i < len; i++) {
		hi = fmt_hexdigit(b.p[2 * i]);
		lo = fmt_hexdigit(b.p[2 * i + 1]);
		FUZZ_CHECK(hi >= 0 && lo >= 0 && (hi << 4 | lo) == data[i]);
	}
	buf_free(&b);
}

static int
b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* Encode, check the text, decode padded and unpadded. */
static void
check_b64_round_trip(const uint8_t *data, size_t len)
{
	struct buf	e, d;
	size_t		i, body;

	buf_init(&e);
	b64_encode(&e, data, len);
	FUZZ_CHECK(e.len == 4 * ((len + 2) / 3));
	body = e.len;
	while (body > 0 && e.p[body - 1] == '=')
		body--;
	FUZZ_CHECK(e.len - body == (3 - len % 3) % 3);
	for (i = 0; i < body; i++)
		FUZZ_CHECK(b64_char(e.p[i]));

	buf_init(&d);
	FUZZ_CHECK(b64_decode(&d, buf_str(&e), e.len) == 0);
	FUZZ_CHECK(d.len == len && (len == 0 || memcmp(d.p, data, len) == 0));
	if (body < e.len) {
		buf_reset(&d);
		FUZZ_CHECK(b64_decode(&d, buf_str(&e), body) == 0);
		FUZZ_CHECK(d.len == len && memcmp(d.p, data, len) == 0);
	}
	buf_free(&d);
	buf_free(&e);
}

/* The payload read as base64 text. */
static void
check_b64_decode(const uint8_t *data, size_t len)
{
	const char	*text = (const char *)data;
	struct buf	 d, e, d2;
	size_t		 body;

	buf_init(&d);
	if (b64_decode(&d, text, len) != 0) {
		FUZZ_CHECK(d.len == 0);
		buf_free(&d);
		return;
	}
	body = len;
	while (body > 0 && text[body - 1] == '=')
		body--;
	FUZZ_CHECK(d.len == body / 4 * 3 + (body % 4 == 0 ? 0 : body % 4 - 1));

	buf_init(&e);
	buf_init(&d2);
	b64_encode(&e, d.p, d.len);
	FUZZ_CHECK(b64_decode(&d2, buf_str(&e), e.len) == 0);
	FUZZ_CHECK(d2.len == d.len &&
	    (d.len == 0 || memcmp(d2.p, d.p, d.len) == 0));
	buf_free(&d2);
	buf_free(&e);
	buf_free(&d);
}

static void
check_json(const uint8_t *data, size_t len)
{
	cJSON		*j, *again;
	struct buf	 b;
	char		*p;
	size_t		 i, k;
	uint32_t	 cp;

	if ((j = cJSON_ParseWithLength((const char *)data, len)) == NULL)
		return;
	p = cJSON_Print(j);
	FUZZ_CHECK(p != NULL);
	again = cJSON_Parse(p);
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(cJSON_IsObject(again) == cJSON_IsObject(j));
	FUZZ_CHECK(cJSON_IsArray(again) == cJSON_IsArray(j));
	FUZZ_CHECK(cJSON_GetArraySize(again) == cJSON_GetArraySize(j));

	buf_init(&b);
	sanitize(&b, p, strlen(p), SANITIZE_NEWLINES);
	for (i = 0; i < b.len; i += k) {
		k = fuzz_utf8((const unsigned char *)b.p + i, b.len - i, &cp);
		FUZZ_CHECK(k != 0);
		FUZZ_CHECK(cp == '\n' || (cp >= 0x20 && cp != 0x7f &&
		    !(cp >= 0x80 && cp <= 0x9f)));
	}
	buf_free(&b);
	free(p);
	cJSON_Delete(again);
	cJSON_Delete(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	int	c;

	for (c = 0; c < 256; c++) {
		if (len > 0 && c != data[0])
			continue;
		FUZZ_CHECK(fmt_hexdigit(c) == (c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1));
	}
	check_utf8(data, len);
	check_hex(data, len, 0);
	check_hex(data, len, 1);
	check_b64_round_trip(data, len);
	check_b64_decode(data, len);
	check_json(data, len);
	return 0;
}
