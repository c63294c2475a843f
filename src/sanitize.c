#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "sanitize.h"

#define SANITIZE_ESCMAX	16	/* "<U+10FFFF>" and its NUL fit */

/*
 * One UTF-8 sequence at s: its length and code point, or 0 when s[0] does
 * not start a valid one (bad lead, truncated, overlong, surrogate, beyond
 * U+10FFFF). NUL is a valid character here; sanitize escapes it.
 */
static size_t
sanitize_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t		more, k;
	unsigned char	c, lo, hi;
	uint32_t	v;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* The second byte's range rules out overlongs and surrogates. */
	lo = 0x80;
	hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		more = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		more = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		more = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len - 1 < more)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (k = 1; k <= more; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	*cp = v;
	return more + 1;
}

/*
 * Code points above ASCII that must not reach the terminal as they are,
 * in order: C1 controls (U+009B is CSI to many terminals); and whatever
 * has no glyph of its own or moves other text about, so that two strings
 * that differ cannot look the same: format characters (general category
 * Cf: zero-width spaces and joiners, bidi marks, embeddings, overrides
 * and isolates, the BOM, interlinear annotation, tags), the line and
 * paragraph separators, and the default-ignorable characters that draw
 * nothing (the combining grapheme joiner, Hangul fillers, variation
 * selectors). The zero-width joiner and the emoji variation selector are
 * escaped too, inside emoji sequences as well: a terminal seldom draws
 * such a sequence as one glyph, and the text must read as what it is.
 */
static const struct {
	uint32_t	first, last;
} sanitize_hidden[] = {
	{ 0x0080, 0x009f },	/* C1 controls */
	{ 0x00ad, 0x00ad },	/* soft hyphen */
	{ 0x034f, 0x034f },	/* combining grapheme joiner */
	{ 0x0600, 0x0605 },	/* Arabic number signs (Cf) */
	{ 0x061c, 0x061c },	/* Arabic letter mark */
	{ 0x06dd, 0x06dd },	/* Arabic end of ayah */
	{ 0x070f, 0x070f },	/* Syriac abbreviation mark */
	{ 0x0890, 0x0891 },	/* Arabic pound and piastre marks above */
	{ 0x08e2, 0x08e2 },	/* Arabic disputed end of ayah */
	{ 0x115f, 0x1160 },	/* Hangul choseong and jungseong fillers */
	{ 0x17b4, 0x17b5 },	/* Khmer inherent vowels */
	{ 0x180b, 0x180f },	/* Mongolian variation selectors, MVS */
	{ 0x200b, 0x200f },	/* ZWSP, ZWNJ, ZWJ, LRM, RLM */
	{ 0x2028, 0x202e },	/* separators; bidi embeddings, overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisible operators, isolates */
	{ 0x3164, 0x3164 },	/* Hangul filler */
	{ 0xfe00, 0xfe0f },	/* variation selectors */
	{ 0xfeff, 0xfeff },	/* BOM, zero-width no-break space */
	{ 0xffa0, 0xffa0 },	/* halfwidth Hangul filler */
	{ 0xfff0, 0xfffb },	/* unassigned, interlinear annotation */
	{ 0x110bd, 0x110bd },	/* Kaithi number sign */
	{ 0x110cd, 0x110cd },	/* Kaithi number sign above */
	{ 0x13430, 0x1343f },	/* Egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical symbol format controls */
	{ 0xe0000, 0xe0fff },	/* tags, variation selectors supplement */
};

int
sanitize_hidden_cp(uint32_t cp)
{
	size_t	lo = 0, hi = sizeof sanitize_hidden / sizeof *sanitize_hidden;
	size_t	mid;

	if (cp < 0x80)
		return 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < sanitize_hidden[mid].first)
			hi = mid;
		else if (cp > sanitize_hidden[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Columns of one kept code point; 1 when wcwidth does not know it. */
static int
sanitize_cpwidth(uint32_t cp)
{
	int	w;

	if (cp > (uint32_t)WCHAR_MAX)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/*
 * How a code point that is not kept as it is shows: a fixed escape, or one
 * made in esc (SANITIZE_ESCMAX bytes). \n and \t here are the escapes;
 * sanitize keeps them as they are when its flags say so.
 */
static const char *
sanitize_escape(uint32_t cp, char *esc)
{
	switch (cp) {
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\033':
		return "\\e";
	case '\a':
		return "\\a";
	case '\b':
		return "\\b";
	case '\r':
		return "\\r";
	case '\0':
		return "\\0";
	}
	if (cp < 0x80)
		snprintf(esc, SANITIZE_ESCMAX, "\\x%02x", (unsigned)cp);
	else
		snprintf(esc, SANITIZE_ESCMAX, "<U+%04X>", (unsigned)cp);
	return esc;
}

/* Kept as it is: printable, and neither hidden nor moving text about. */
static int
sanitize_kept(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7f && !sanitize_hidden_cp(cp);
}

void
sanitize(struct buf *b, const void *data, size_t len, int flags)
{
	const unsigned char	*s = data;
	const char		*e;
	char			 esc[SANITIZE_ESCMAX];
	size_t			 i = 0, n;
	uint32_t		 cp;
	int			 col = 0, pad;

	while (i < len) {
		n = sanitize_decode(s + i, len - i, &cp);
		if (n == 0) {
			/* One bad byte; the next one may start a character. */
			buf_addf(b, "\\x%02x", s[i]);
			col += 4;
			i++;
			continue;
		}
		i += n;
		if (sanitize_kept(cp)) {
			buf_add(b, s + i - n, n);
			col += sanitize_cpwidth(cp);
			continue;
		}
		if (cp == '\n' && (flags & SANITIZE_NEWLINES)) {
			buf_addc(b, '\n');
			col = 0;
			continue;
		}
		if (cp == '\t' && (flags & SANITIZE_TABS)) {
			pad = 8 - col % 8;
			col += pad;
			while (pad-- > 0)
				buf_addc(b, ' ');
			continue;
		}
		e = sanitize_escape(cp, esc);
		buf_adds(b, e);
		col += (int)strlen(e);
	}
}

int
sanitize_cell(const char *s, size_t len, size_t *n)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			 esc[SANITIZE_ESCMAX];
	uint32_t		 cp;

	/* Printable ASCII first: most text is that. */
	if (len > 0 && u[0] >= 0x20 && u[0] < 0x7f) {
		*n = 1;
		return 1;
	}
	if ((*n = sanitize_decode(u, len, &cp)) == 0) {
		*n = len > 0 ? 1 : 0;
		return len > 0 ? 4 : 0;		/* \xNN */
	}
	if (sanitize_kept(cp))
		return sanitize_cpwidth(cp);
	return (int)strlen(sanitize_escape(cp, esc));
}

size_t
sanitize_charlen(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		n;

	if (len == 0)
		return 0;
	n = sanitize_decode((const unsigned char *)s, len, &cp);
	return n == 0 ? 1 : n;
}

/* Width of the character at s, which is n bytes long. */
static int
sanitize_charwidth(const char *s, size_t n)
{
	uint32_t	cp;

	if (sanitize_decode((const unsigned char *)s, n, &cp) != n)
		return 1;
	return sanitize_cpwidth(cp);
}

int
sanitize_width(const char *s, size_t len)
{
	size_t	i = 0, n;
	int	w = 0;

	while (i < len) {
		n = sanitize_charlen(s + i, len - i);
		w += sanitize_charwidth(s + i, n);
		i += n;
	}
	return w;
}

size_t
sanitize_fit(const char *s, size_t len, int cols, int *used)
{
	size_t	i = 0, n;
	int	w = 0, cw;

	while (i < len) {
		n = sanitize_charlen(s + i, len - i);
		cw = sanitize_charwidth(s + i, n);
		/* Zero-width characters stay with the one before them. */
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}
