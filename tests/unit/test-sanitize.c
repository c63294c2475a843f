#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "unit.h"

/* Nothing below 0x20 but (maybe) '\n', no DEL, no C1 or bidi controls. */
static int
harmless(const char *s, size_t len, int newlines)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (u[i] == '\n' && newlines)
			continue;
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 0;
		/* C2 80..9F is a C1 control. */
		if (u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f)
			return 0;
		/* E2 80 A8..AE and E2 81 A6..A9. */
		if (u[i] == 0xe2 && i + 2 < len &&
		    ((u[i + 1] == 0x80 && u[i + 2] >= 0xa8 && u[i + 2] <= 0xae) ||
		    (u[i + 1] == 0x81 && u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)))
			return 0;
	}
	return 1;
}

static void
san(const char *in, size_t len, int flags, const char *want)
{
	struct buf	b;

	buf_init(&b);
	sanitize(&b, in, len, flags);
	CHECK_STR(buf_str(&b), want);
	CHECK_INT(strlen(buf_str(&b)), b.len);	/* never a NUL inside */
	CHECK(harmless(buf_str(&b), b.len, flags & SANITIZE_NEWLINES));
	buf_free(&b);
}

#define S(in, want)		san(in, sizeof in - 1, 0, want)
#define SF(in, flags, want)	san(in, sizeof in - 1, flags, want)

static void
test_controls(void)
{
	S("", "");
	S("hello, world", "hello, world");
	S(" !~", " !~");

	/* The payload that retitles the window and clears the screen. */
	S("\x1b]0;pwned\x07\x1b[2J", "\\e]0;pwned\\a\\e[2J");

	S("a\x1b" "b", "a\\eb");
	S("\a\b\r", "\\a\\b\\r");
	S("a\0b", "a\\0b");
	S("\t", "\\t");
	S("x\ny", "x\\ny");
	S("\x01\x02\x0b\x0c\x0e\x1f", "\\x01\\x02\\x0b\\x0c\\x0e\\x1f");
	S("\x7f", "\\x7f");
	S("a\x7f" "b", "a\\x7fb");
	/* A backslash stays a backslash. */
	S("a\\eb", "a\\eb");

	/* Newlines kept only when asked for; CR always escaped. */
	SF("x\ny\r\n", SANITIZE_NEWLINES, "x\ny\\r\n");
	SF("\x1b\n", SANITIZE_NEWLINES, "\\e\n");
}

static void
test_tabs(void)
{
	SF("\t", SANITIZE_TABS, "        ");
	SF("a\tb", SANITIZE_TABS, "a       b");
	SF("abcdefg\tx", SANITIZE_TABS, "abcdefg x");
	SF("abcdefgh\tx", SANITIZE_TABS, "abcdefgh        x");
	SF("\t\t", SANITIZE_TABS, "                ");
	/* Escapes take their visible width. */
	SF("\x1b\tx", SANITIZE_TABS, "\\e      x");
	/* Columns restart after a kept newline, not after an escaped one. */
	SF("abc\n\tx", SANITIZE_TABS, "abc\\n   x");
	SF("abc\n\tx", SANITIZE_TABS | SANITIZE_NEWLINES, "abc\n        x");
	SF("abc\r\tx", SANITIZE_TABS | SANITIZE_NEWLINES, "abc\\r   x");
	/* Wide characters count 2 columns: 3 of them are 6. */
	SF("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\tx", SANITIZE_TABS,
	    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97  x");
	/* A combining mark takes no column. */
	SF("e\xcc\x81\tx", SANITIZE_TABS, "e\xcc\x81       x");
}

static void
test_unicode(void)
{
	/* Printable UTF-8 survives: Latin, CJK, combining, emoji. */
	S("caf\xc3\xa9", "caf\xc3\xa9");
	S("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
	S("e\xcc\x81", "e\xcc\x81");
	S("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	S("\xc2\xa0\xc2\xa9", "\xc2\xa0\xc2\xa9");	/* NBSP, (c) */
	S("\xef\xbf\xbd", "\xef\xbf\xbd");	/* U+FFFD */
	S("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");	/* U+10FFFF */

	/* C1 controls as code points, CSI among them. */
	S("\xc2\x80", "\\u0080");
	S("\xc2\x9b" "31m", "\\u009b31m");
	S("\xc2\x9f", "\\u009f");
	S("a\xc2\x85" "b", "a\\u0085b");

	/* Separators and bidi controls. */
	S("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
	S("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
	    "\\u202a\\u202b\\u202c\\u202d\\u202e");
	S("abc\xe2\x80\xae" "cba", "abc\\u202ecba");
	S("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	    "\\u2066\\u2067\\u2068\\u2069");
	/* Neighbours of those ranges are ordinary text. */
	S("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5", "\xe2\x80\xa7\xe2\x80\xaf"
	    "\xe2\x81\xa5");
}

static void
test_invalid(void)
{
	/* Bad leads and stray continuation bytes. */
	S("\xff", "\\xff");
	S("\xfe\xfe", "\\xfe\\xfe");
	S("a\x80z", "a\\x80z");
	S("\xbf", "\\xbf");
	S("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	/* Truncated: every byte shown, and the next character still reads. */
	S("\xc3", "\\xc3");
	S("\xc3" "A", "\\xc3A");
	S("\xe4\xb8", "\\xe4\\xb8");
	S("\xe4\xb8" "\xe6\x96\x87", "\\xe4\\xb8\xe6\x96\x87");
	S("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
	S("\xf0\x9f\x98" "x", "\\xf0\\x9f\\x98x");
	/* Overlongs, including the ones that hide '/' and NUL and ESC. */
	S("\xc0\xaf", "\\xc0\\xaf");
	S("\xc0\x80", "\\xc0\\x80");
	S("\xc1\x9b", "\\xc1\\x9b");
	S("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	S("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
	/* Surrogates and beyond U+10FFFF. */
	S("\xed\xa0\x80", "\\xed\\xa0\\x80");
	S("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	S("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	/* Mixed with escapes: a truncated lead before ESC. */
	S("\xc3\x1b[m", "\\xc3\\e[m");
	S("\xe2\x80" "\x07", "\\xe2\\x80\\a");
}

/* Every single byte and every pair is harmless after sanitizing. */
static void
test_exhaustive(void)
{
	struct buf	b;
	unsigned char	in[3];
	int		i, j, bad = 0;

	buf_init(&b);
	for (i = 0; i < 256; i++) {
		for (j = 0; j < 256; j++) {
			in[0] = (unsigned char)i;
			in[1] = (unsigned char)j;
			in[2] = 0x9b;
			buf_reset(&b);
			sanitize(&b, in, 2, 0);
			if (!harmless(buf_str(&b), b.len, 0) ||
			    strlen(buf_str(&b)) != b.len)
				bad++;
			/* And C2 followed by anything must not make C1. */
			buf_reset(&b);
			sanitize(&b, in + 1, 2, 0);
			if (!harmless(buf_str(&b), b.len, 0))
				bad++;
		}
	}
	CHECK_INT(bad, 0);
	buf_free(&b);
}

static void
test_width(void)
{
	const char	*s;
	size_t		 n;
	int		 used;

	CHECK_INT(sanitize_width("", 0), 0);
	CHECK_INT(sanitize_width("abc", 3), 3);
	CHECK_INT(sanitize_width("caf\xc3\xa9", 5), 4);
	CHECK_INT(sanitize_width("\xe4\xb8\xad", 3), 2);
	CHECK_INT(sanitize_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);
	CHECK_INT(sanitize_width("e\xcc\x81", 3), 1);
	CHECK_INT(sanitize_width("\xf0\x9f\x98\x80", 4), 2);
	CHECK_INT(sanitize_width("\\e]0;", 5), 5);
	/* Only len bytes count. */
	CHECK_INT(sanitize_width("abcdef", 2), 2);
	/* Stray bytes count 1 each, so nothing is lost. */
	CHECK_INT(sanitize_width("\xff\xfe", 2), 2);

	/* fit: whole characters only. */
	s = "ab\xe4\xb8\xad" "cd";	/* a b [wide] c d: 6 columns, 7 bytes */
	CHECK_INT(sanitize_fit(s, 7, 10, &used), 7);
	CHECK_INT(used, 6);
	CHECK_INT(sanitize_fit(s, 7, 6, &used), 7);
	CHECK_INT(used, 6);
	CHECK_INT(sanitize_fit(s, 7, 4, &used), 5);
	CHECK_INT(used, 4);
	/* The wide character would straddle column 3: left out. */
	CHECK_INT(sanitize_fit(s, 7, 3, &used), 2);
	CHECK_INT(used, 2);
	CHECK_INT(sanitize_fit(s, 7, 2, &used), 2);
	CHECK_INT(sanitize_fit(s, 7, 1, &used), 1);
	CHECK_INT(used, 1);
	CHECK_INT(sanitize_fit(s, 7, 0, &used), 0);
	CHECK_INT(used, 0);
	CHECK_INT(sanitize_fit(s, 7, -5, &used), 0);
	CHECK_INT(used, 0);
	CHECK_INT(sanitize_fit(s, 7, 5, NULL), 6);

	/* A combining mark stays with its base. */
	s = "e\xcc\x81x";
	CHECK_INT(sanitize_fit(s, 4, 1, &used), 3);
	CHECK_INT(used, 1);

	/* Every prefix width of a mixed string: never a split character. */
	s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80z\xe6\x96\x87";
	for (used = 0; used <= 12; used++) {
		int	w;

		n = sanitize_fit(s, strlen(s), used, &w);
		CHECK(w <= used);
		CHECK_INT(sanitize_width(s, n), w);
		CHECK(n == strlen(s) || (((unsigned char)s[n] & 0xc0) != 0x80));
		/* And one more character would not fit. */
		if (n < strlen(s))
			CHECK(sanitize_width(s, n + sanitize_charlen(s + n,
			    strlen(s) - n)) > used);
	}

	CHECK_INT(sanitize_charlen("", 0), 0);
	CHECK_INT(sanitize_charlen("a", 1), 1);
	CHECK_INT(sanitize_charlen("\xc3\xa9", 2), 2);
	CHECK_INT(sanitize_charlen("\xc3\xa9", 1), 1);
	CHECK_INT(sanitize_charlen("\xe4\xb8\xad", 3), 3);
	CHECK_INT(sanitize_charlen("\xf0\x9f\x98\x80", 4), 4);
	CHECK_INT(sanitize_charlen("\xf0\x9f\x98", 3), 1);
	CHECK_INT(sanitize_charlen("\xc0\xaf", 2), 1);
	CHECK_INT(sanitize_charlen("\x80", 1), 1);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("no UTF-8 locale\n");
		return 77;
	}
	test_controls();
	test_tabs();
	test_unicode();
	test_invalid();
	test_exhaustive();
	test_width();
	return unit_done();
}
