/*
 * Shared by the libFuzzer harnesses in tests/fuzz. A broken invariant
 * prints what broke and aborts, so libFuzzer keeps the input as a crash.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

#define FUZZ_CHECK(expr) do {						\
	if (!(expr)) {							\
		fprintf(stderr, "invariant broken at %s:%d: %s\n",	\
		    __FILE__, __LINE__, #expr);				\
		abort();						\
	}								\
} while (0)

/* The bytes as a C string, cut at the first NUL; free() it. */
static inline char *
fuzz_str(const uint8_t *data, size_t len)
{
	char	*s = malloc(len + 1);

	FUZZ_CHECK(s != NULL);
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/*
 * A second UTF-8 decoder, written differently from the one in the code
 * under test (bit patterns, then range checks): the length of the valid
 * sequence at s and its code point, or 0 when s does not start one
 * (truncated, overlong, surrogate, above U+10FFFF).
 */
static inline size_t
fuzz_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	v, min;
	size_t		n, k;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		v = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		v = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* 1 when all of s[0..len) is valid UTF-8 (NUL allowed). */
static inline int
fuzz_utf8_valid(const void *data, size_t len)
{
	const unsigned char	*s = data;
	size_t			 i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		if ((n = fuzz_utf8(s + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}
#endif
