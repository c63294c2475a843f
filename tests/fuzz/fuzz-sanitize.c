/*
 * sanitize, sanitize_width, sanitize_fit and sanitize_charlen. The first
 * byte picks the flags and a column count; the rest is the text.
 *
 * - sanitize_charlen walks the input in the same steps as an independent
 *   UTF-8 decoder (1 for a byte that starts no valid sequence);
 * - the output of sanitize is valid UTF-8 with no C0 control, DEL, C1
 *   control, line/paragraph separator or bidi control, except '\n' with
 *   SANITIZE_NEWLINES; it keeps text that needs no escaping unchanged and
 *   every '\n' when asked to;
 * - sanitize_fit never exceeds the columns, ends on a character
 *   boundary, reports the width of what it kept, and stops only where the
 *   next character would not fit.
 */
#include <locale.h>

#include "buf.h"
#include "sanitize.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* As mqtty runs: wcwidth knows wide and zero-width characters. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	return 0;
}

/* Code points that must never reach the terminal as they are. */
static int
unsafe(uint32_t cp, int flags)
{
	if (cp == '\n')
		return !(flags & SANITIZE_NEWLINES);
	/* C0 and DEL here; above ASCII, the sanitizer's own list. */
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    sanitize_hidden_cp(cp);
}

/* Input that sanitize must give back byte for byte. */
static int
all_safe(const unsigned char *s, size_t len, int flags)
{
	size_t		i = 0, n;
	uint32_t	cp;

	while (i < len) {
		if ((n = fuzz_utf8(s + i, len - i, &cp)) == 0 ||
		    unsafe(cp, flags))
			return 0;
		i += n;
	}
	return 1;
}

static size_t
count_nl(const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* sanitize_charlen agrees with the reference decoder at every step. */
static void
check_charlen(const char *s, size_t len)
{
	size_t		i = 0, n, ref;
	uint32_t	cp;

	FUZZ_CHECK(sanitize_charlen(s, 0) == 0);
	while (i < len) {
		n = sanitize_charlen(s + i, len - i);
		ref = fuzz_utf8((const unsigned char *)s + i, len - i, &cp);
		FUZZ_CHECK(n == (ref != 0 ? ref : 1));
		FUZZ_CHECK(n <= len - i);
		i += n;
	}
	FUZZ_CHECK(i == len);
}

/* 1 when k is where a character starts (or the end). */
static int
on_boundary(const char *s, size_t len, size_t k)
{
	size_t	i = 0;

	while (i < k)
		i += sanitize_charlen(s + i, len - i);
	return i == k;
}

static void
check_fit(const char *s, size_t len, int cols)
{
	size_t	k, k2, next;
	int	w, used = -1;

	w = sanitize_width(s, len);
	FUZZ_CHECK(w >= 0 && (size_t)w <= 2 * len);

	k = sanitize_fit(s, len, cols, &used);
	FUZZ_CHECK(k <= len);
	FUZZ_CHECK(used >= 0 && used <= cols);
	FUZZ_CHECK(used == sanitize_width(s, k));
	FUZZ_CHECK(on_boundary(s, len, k));
	if (k < len) {
		next = sanitize_charlen(s + k, len - k);
		FUZZ_CHECK(used + sanitize_width(s + k, next) > cols);
	}
	if (cols >= w)
		FUZZ_CHECK(k == len && used == w);
	k2 = sanitize_fit(s, len, cols, NULL);
	FUZZ_CHECK(k2 == k);

	/* No room at all: nothing fits, nothing is used. */
	used = -1;
	FUZZ_CHECK(sanitize_fit(s, len, -1 - cols, &used) == 0 && used == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const unsigned char	*in;
	const char		*s;
	struct buf		 b;
	size_t			 n, i, k;
	uint32_t		 cp;
	int			 flags, cols;

	if (len < 1)
		return 0;
	flags = data[0] & (SANITIZE_NEWLINES | SANITIZE_TABS);
	cols = data[0] >> 2;
	in = data + 1;
	s = (const char *)in;
	n = len - 1;

	check_charlen(s, n);
	check_fit(s, n, cols);

	/* Appends after what the buffer holds. */
	buf_init(&b);
	buf_adds(&b, "<");
	sanitize(&b, in, n, flags);
	FUZZ_CHECK(b.len >= 1 && b.p[0] == '<');
	FUZZ_CHECK(b.len - 1 >= n);

	/* Valid UTF-8, nothing unsafe, no tab either way. */
	for (i = 1; i < b.len; i += k) {
		k = fuzz_utf8((const unsigned char *)b.p + i, b.len - i, &cp);
		FUZZ_CHECK(k != 0);
		FUZZ_CHECK(!unsafe(cp, flags));
		FUZZ_CHECK(cp != '\t');
	}
	if (all_safe(in, n, flags))
		FUZZ_CHECK(b.len - 1 == n && memcmp(b.p + 1, in, n) == 0);
	if (flags & SANITIZE_NEWLINES)
		FUZZ_CHECK(count_nl(b.p + 1, b.len - 1) == count_nl(s, n));
	else
		FUZZ_CHECK(count_nl(b.p + 1, b.len - 1) == 0);

	check_charlen(b.p + 1, b.len - 1);
	check_fit(b.p + 1, b.len - 1, cols);
	buf_free(&b);
	return 0;
}
