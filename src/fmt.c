#include <stddef.h>

#include "fmt.h"

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
