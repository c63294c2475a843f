#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "buf.h"
#include "sub.h"
#include "unit.h"

static void
test_buf(void)
{
	struct buf	b;
	char		big[5000];
	size_t		i;

	buf_init(&b);
	CHECK_STR(buf_str(&b), "");
	CHECK_INT(b.len, 0);

	buf_adds(&b, "abc");
	buf_addc(&b, 'd');
	buf_add(&b, "ef", 2);
	buf_addf(&b, "-%d-%s", 42, "x");
	CHECK_STR(buf_str(&b), "abcdef-42-x");
	CHECK_INT(b.len, 11);
	CHECK(b.p[b.len] == '\0');

	buf_reset(&b);
	CHECK_STR(buf_str(&b), "");
	CHECK_INT(b.len, 0);
	buf_add(&b, "", 0);
	CHECK_INT(b.len, 0);

	/* Binary: embedded NULs are kept and counted. */
	buf_add(&b, "a\0b", 3);
	CHECK_INT(b.len, 3);
	CHECK_MEM(b.p, b.len, "a\0b", 3);

	/* Growth across many reallocations, through both paths. */
	buf_reset(&b);
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_addf(&b, "%s", big);
	CHECK_INT(b.len, sizeof big - 1);
	buf_addf(&b, "%s|%s", big, big);
	CHECK_INT(b.len, 3 * (sizeof big - 1) + 1);
	CHECK(b.p[sizeof big - 1 + sizeof big - 1] == '|');
	CHECK(b.p[b.len] == '\0');
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'q');
	CHECK_INT(b.len, 3 * (sizeof big - 1) + 1 + 1000);
	CHECK(b.cap > b.len);
	buf_free(&b);
	CHECK(b.p == NULL);
	CHECK_INT(b.len, 0);
}

static void
enc(const char *in, size_t len, const char *want)
{
	struct buf	b;

	buf_init(&b);
	b64_encode(&b, in, len);
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

static void
dec(const char *in, const char *want, size_t wantlen)
{
	struct buf	b;

	buf_init(&b);
	CHECK_INT(b64_decode(&b, in, strlen(in)), 0);
	CHECK_MEM(b.p, b.len, want, wantlen);
	buf_free(&b);
}

static void
bad(const char *in)
{
	struct buf	b;

	buf_init(&b);
	CHECK_INT(b64_decode(&b, in, strlen(in)), -1);
	buf_free(&b);
}

static void
test_b64(void)
{
	struct buf	 b, c;
	unsigned char	 data[1024];
	size_t		 n, i;

	/* RFC 4648 test vectors. */
	enc("", 0, "");
	enc("f", 1, "Zg==");
	enc("fo", 2, "Zm8=");
	enc("foo", 3, "Zm9v");
	enc("foob", 4, "Zm9vYg==");
	enc("fooba", 5, "Zm9vYmE=");
	enc("foobar", 6, "Zm9vYmFy");
	enc("\0\0\0", 3, "AAAA");
	enc("\xff\xfe", 2, "//4=");

	dec("", "", 0);
	dec("Zg==", "f", 1);
	dec("Zm8=", "fo", 2);
	dec("Zm9v", "foo", 3);
	dec("Zm9vYmE=", "fooba", 5);
	dec("Zm9vYmFy", "foobar", 6);
	dec("AAAA", "\0\0\0", 3);
	dec("AA==", "\0", 1);
	dec("//4=", "\xff\xfe", 2);
	/* Unpadded input is accepted. */
	dec("Zg", "f", 1);
	dec("Zm8", "fo", 2);

	bad("Z");
	bad("Zg=");
	bad("Z===");
	bad("Zm9v!");
	bad("Zg==Zg==");
	bad("=Zg=");
	bad("Zm 9v");
	bad("Zm9v\n");
	bad("Zm9vYg===");

	/* Decoding appends, it does not reset. */
	buf_init(&b);
	buf_adds(&b, "x");
	CHECK_INT(b64_decode(&b, "eQ==", 4), 0);
	CHECK_STR(buf_str(&b), "xy");
	buf_free(&b);

	/* Round trips of binary data of every length up to 1024. */
	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (n = 0; n <= sizeof data; n += (n < 40 ? 1 : 37)) {
		buf_init(&b);
		buf_init(&c);
		b64_encode(&b, data, n);
		CHECK_INT(b.len, 4 * ((n + 2) / 3));
		CHECK_INT(b64_decode(&c, buf_str(&b), b.len), 0);
		CHECK_MEM(c.p, c.len, data, n);
		buf_free(&b);
		buf_free(&c);
	}
}

static void
test_sub(void)
{
	struct sub	*s;

	s = sub_new("a/+/c");
	CHECK_STR(s->topic, "a/+/c");
	CHECK_INT(s->qos, 0);
	CHECK_INT(s->enabled, 1);
	CHECK_INT(s->color, -1);
	CHECK_INT(s->state, SUB_PENDING);
	CHECK_INT(s->id, 0);
	CHECK(s->alias == NULL);
	CHECK_INT(s->count, 0);
	sub_free(s);
	sub_free(NULL);
}

int
main(void)
{
	test_buf();
	test_b64();
	test_sub();
	return unit_done();
}
