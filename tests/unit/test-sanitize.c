#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "unit.h"

/*
 * The ranges that must never reach the terminal raw, written out again
 * here from the list rather than taken from sanitize.c.
 */
static const struct {
	unsigned	first, last;
	const char	*what;
} hidden[] = {
	{ 0x0080, 0x009f, "C1 controls" },
	{ 0x00ad, 0x00ad, "soft hyphen" },
	{ 0x034f, 0x034f, "combining grapheme joiner" },
	{ 0x0600, 0x0605, "Arabic number signs" },
	{ 0x061c, 0x061c, "Arabic letter mark" },
	{ 0x06dd, 0x06dd, "Arabic end of ayah" },
	{ 0x070f, 0x070f, "Syriac abbreviation mark" },
	{ 0x0890, 0x0891, "Arabic marks above" },
	{ 0x08e2, 0x08e2, "Arabic disputed end of ayah" },
	{ 0x115f, 0x1160, "Hangul fillers" },
	{ 0x17b4, 0x17b5, "Khmer inherent vowels" },
	{ 0x180b, 0x180f, "Mongolian selectors, MVS U+180E" },
	{ 0x200b, 0x200d, "zero-width space, non-joiner, joiner" },
	{ 0x200e, 0x200f, "LRM, RLM" },
	{ 0x2028, 0x2029, "line and paragraph separators" },
	{ 0x202a, 0x202e, "bidi embeddings and overrides" },
	{ 0x2060, 0x2064, "word joiner, invisible operators" },
	{ 0x2065, 0x2065, "unassigned, default ignorable" },
	{ 0x2066, 0x2069, "bidi isolates" },
	{ 0x206a, 0x206f, "deprecated format characters" },
	{ 0x3164, 0x3164, "Hangul filler" },
	{ 0xfe00, 0xfe0f, "variation selectors" },
	{ 0xfeff, 0xfeff, "BOM, ZWNBSP" },
	{ 0xffa0, 0xffa0, "halfwidth Hangul filler" },
	{ 0xfff0, 0xfff8, "unassigned, default ignorable" },
	{ 0xfff9, 0xfffb, "interlinear annotation" },
	{ 0x110bd, 0x110bd, "Kaithi number sign" },
	{ 0x110cd, 0x110cd, "Kaithi number sign above" },
	{ 0x13430, 0x1343f, "Egyptian hieroglyph format controls" },
	{ 0x1bca0, 0x1bca3, "shorthand format controls" },
	{ 0x1d173, 0x1d17a, "musical symbol format controls" },
	{ 0xe0000, 0xe007f, "tags" },
	{ 0xe0080, 0xe0fff, "variation selectors supplement, reserved" },
};
#define NHIDDEN	(sizeof hidden / sizeof *hidden)

static int
is_hidden(unsigned cp)
{
	size_t	i;

	for (i = 0; i < NHIDDEN; i++) {
		if (cp >= hidden[i].first && cp <= hidden[i].last)
			return 1;
	}
	return 0;
}

/* The UTF-8 of a code point into out (NUL-terminated); its length. */
static size_t
utf8(unsigned cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;
	size_t		 n;

	if (cp < 0x80) {
		o[0] = cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = 0xc0 | cp >> 6;
		o[1] = 0x80 | (cp & 0x3f);
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = 0xe0 | cp >> 12;
		o[1] = 0x80 | (cp >> 6 & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		n = 3;
	} else {
		o[0] = 0xf0 | cp >> 18;
		o[1] = 0x80 | (cp >> 12 & 0x3f);
		o[2] = 0x80 | (cp >> 6 & 0x3f);
		o[3] = 0x80 | (cp & 0x3f);
		n = 4;
	}
	out[n] = '\0';
	return n;
}

/*
 * Nothing below 0x20 but (maybe) '\n', no DEL, no invalid UTF-8 (it would
 * be up to the terminal), no code point from the hidden list.
 */
static int
harmless(const char *s, size_t len, int newlines)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n, k;
	unsigned		 cp;

	for (i = 0; i < len; i += n) {
		if (u[i] == '\n' && newlines) {
			n = 1;
			continue;
		}
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 0;
		if (u[i] < 0x80) {
			n = 1;
			continue;
		}
		n = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : u[i] >= 0xc2 ? 2 : 0;
		if (n == 0 || u[i] > 0xf4 || i + n > len)
			return 0;
		cp = u[i] & (0x7f >> n);
		for (k = 1; k < n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i + k] & 0x3f);
		}
		if (is_hidden(cp))
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
	S("\xc2\x80", "<U+0080>");
	S("\xc2\x9b" "31m", "<U+009B>31m");
	S("\xc2\x9f", "<U+009F>");
	S("a\xc2\x85" "b", "a<U+0085>b");

	/* Separators and bidi controls. */
	S("\xe2\x80\xa8\xe2\x80\xa9", "<U+2028><U+2029>");
	S("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
	    "<U+202A><U+202B><U+202C><U+202D><U+202E>");
	S("abc\xe2\x80\xae" "cba", "abc<U+202E>cba");
	S("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	    "<U+2066><U+2067><U+2068><U+2069>");
	/* Neighbours of those ranges are ordinary text. */
	S("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\x9f", "\xe2\x80\xa7\xe2\x80\xaf"
	    "\xe2\x81\x9f");
}

/* Each hidden range: its first and last code point, and what is around. */
static void
test_hidden(void)
{
	struct buf	b;
	char		in[16], want[32];
	unsigned	cps[2], out[2], cp;
	size_t		i, k, n;

	buf_init(&b);
	for (i = 0; i < NHIDDEN; i++) {
		cps[0] = hidden[i].first;
		cps[1] = hidden[i].last;
		for (k = 0; k < 2; k++) {
			cp = cps[k];
			n = utf8(cp, in);
			snprintf(want, sizeof want, "<U+%04X>", cp);
			buf_reset(&b);
			sanitize(&b, in, n, 0);
			if (strcmp(buf_str(&b), want) != 0)
				printf("%s: U+%04X gave \"%s\"\n",
				    hidden[i].what, cp, buf_str(&b));
			CHECK_STR(buf_str(&b), want);
			/* The escape is as wide as it is long. */
			CHECK_INT(sanitize_width(buf_str(&b), b.len),
			    strlen(want));
		}
		/* Just outside, where that is not hidden too, stays as is. */
		out[0] = hidden[i].first - 1;
		out[1] = hidden[i].last + 1;
		for (k = 0; k < 2; k++) {
			cp = out[k];
			if (cp < 0xa0 || is_hidden(cp) ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				continue;
			n = utf8(cp, in);
			buf_reset(&b);
			sanitize(&b, in, n, 0);
			if (strcmp(buf_str(&b), in) != 0)
				printf("next to %s: U+%04X gave \"%s\"\n",
				    hidden[i].what, cp, buf_str(&b));
			CHECK_STR(buf_str(&b), in);
		}
	}

	/* Every code point: hidden ones escaped, all output harmless. */
	n = 0;
	for (cp = 0xa0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		k = utf8(cp, in);
		buf_reset(&b);
		sanitize(&b, in, k, 0);
		if (!harmless(buf_str(&b), b.len, 0) ||
		    (is_hidden(cp) != (buf_str(&b)[0] == '<')))
			n++;
	}
	CHECK_INT(n, 0);
	buf_free(&b);

	/* Two topics that differ by a zero-width space do not look alike. */
	buf_init(&b);
	sanitize(&b, "home/door", 9, 0);
	CHECK_STR(buf_str(&b), "home/door");
	buf_reset(&b);
	sanitize(&b, "home/\xe2\x80\x8b" "door", 12, 0);
	CHECK_STR(buf_str(&b), "home/<U+200B>door");
	CHECK(strcmp(buf_str(&b), "home/door") != 0);
	/* Nor two that differ by direction: "abc" and RLO "cba". */
	buf_reset(&b);
	sanitize(&b, "\xe2\x80\xae" "cba", 6, 0);
	CHECK_STR(buf_str(&b), "<U+202E>cba");

	/* An emoji ZWJ sequence keeps its emoji, shows its joiners. */
	buf_reset(&b);
	sanitize(&b, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 11, 0);
	CHECK_STR(buf_str(&b), "\xf0\x9f\x91\xa8<U+200D>\xf0\x9f\x91\xa9");
	/* A tag sequence (a subdivision flag) shows every tag. */
	buf_reset(&b);
	sanitize(&b, "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", 12,
	    0);
	CHECK_STR(buf_str(&b), "\xf0\x9f\x8f\xb4<U+E0067><U+E007F>");
	/* Tabs count the escape's columns. */
	buf_reset(&b);
	sanitize(&b, "\xe2\x80\x8b\tx", 5, SANITIZE_TABS);
	CHECK_STR(buf_str(&b), "<U+200B>        x");
	buf_reset(&b);
	sanitize(&b, "a\xc2\xad\tx", 5, SANITIZE_TABS);
	CHECK_STR(buf_str(&b), "a<U+00AD>       x");
	/* And fit cuts sanitized text by those columns. */
	buf_reset(&b);
	sanitize(&b, "\xe2\x80\x8b" "ab", 5, 0);
	CHECK_INT(sanitize_width(buf_str(&b), b.len), 10);
	CHECK_INT(sanitize_fit(buf_str(&b), b.len, 9, NULL), 9);
	buf_free(&b);
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

/*
 * sanitize_cell walks raw text the way sanitize shows it: its widths add
 * up to the width of the sanitized text, its lengths to the input's.
 */
static void
cells(const char *s, size_t len)
{
	struct buf	b;
	size_t		i = 0, n;
	int		w = 0;

	while (i < len) {
		w += sanitize_cell(s + i, len - i, &n);
		if (n == 0)
			break;
		i += n;
	}
	buf_init(&b);
	sanitize(&b, s, len, 0);
	CHECK_INT(i, len);
	CHECK_INT(w, sanitize_width(buf_str(&b), b.len));
	buf_free(&b);
}

#define C(in)	cells(in, sizeof in - 1)

static void
test_cell(void)
{
	struct buf	b;
	unsigned char	in[2];
	size_t		n;
	int		i, j, bad = 0, w;

	CHECK_INT(sanitize_cell("", 0, &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(sanitize_cell("a", 1, &n), 1);
	CHECK_INT(n, 1);
	CHECK_INT(sanitize_cell("\x1b[", 2, &n), 2);		/* \e */
	CHECK_INT(n, 1);
	CHECK_INT(sanitize_cell("\x01", 1, &n), 4);		/* \x01 */
	CHECK_INT(sanitize_cell("\xff", 1, &n), 4);		/* \xff */
	CHECK_INT(n, 1);
	CHECK_INT(sanitize_cell("\xe4\xb8\xad", 3, &n), 2);	/* wide */
	CHECK_INT(n, 3);
	CHECK_INT(sanitize_cell("\xe4\xb8", 2, &n), 4);	/* truncated */
	CHECK_INT(n, 1);
	CHECK_INT(sanitize_cell("\xcc\x81", 2, &n), 0);	/* combining */
	CHECK_INT(n, 2);
	CHECK_INT(sanitize_cell("\xe2\x80\x8b", 3, &n), 8);	/* <U+200B> */
	CHECK_INT(n, 3);
	CHECK_INT(sanitize_cell("\xf3\xa0\x81\xa7", 4, &n), 9);	/* <U+E0067> */
	CHECK_INT(n, 4);
	C("plain text");
	C("a\tb\nc\r\x1b]0;x\a\0");
	C("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 e\xcc\x81 \xf0\x9f\x98\x80");
	C("\xc2\x9b\xe2\x80\x8b\xe2\x80\xae\xef\xbb\xbf\xc2\xad\xf3\xa0\x81\xa7");
	C("\xff\xfe\xc3\xe4\xb8\xf0\x9f\x98x\xed\xa0\x80");

	/* Every pair of bytes. */
	buf_init(&b);
	for (i = 0; i < 256; i++) {
		for (j = 0; j < 256; j++) {
			in[0] = (unsigned char)i;
			in[1] = (unsigned char)j;
			w = sanitize_cell((char *)in, 2, &n);
			if (n < 2)
				w += sanitize_cell((char *)in + n, 2 - n, &n);
			buf_reset(&b);
			sanitize(&b, in, 2, 0);
			if (w != sanitize_width(buf_str(&b), b.len))
				bad++;
		}
	}
	buf_free(&b);
	CHECK_INT(bad, 0);
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
	test_hidden();
	test_invalid();
	test_exhaustive();
	test_width();
	test_cell();
	return unit_done();
}
