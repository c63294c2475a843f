/*
 * Lines of a bubble. Text and JSON are laid out a character at a time from
 * a place in the payload (struct fmt_json: a place in the pretty JSON, or
 * just .off for text), so where each line ends in the payload is known and
 * the fold counts the payload's bytes, not those of what was shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fmt.h"
#include "fmt-fold.h"
#include "fmt-json.h"
#include "sanitize.h"
#include "xmalloc.h"

struct fmt_fold_src {
	const char	*s;
	size_t		 len;
	int		 json;
};

static void
fmt_fold_add(struct fmt_fold *f, const char *text, size_t len,
    enum fmt_fold_kind kind)
{
	struct fmt_fold_line	*l;
	int			 w;

	f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
	l = &f->v[f->n++];
	l->text = xmemdup(text, len + 1);
	l->text[len] = '\0';
	l->kind = kind;
	if ((w = sanitize_width(l->text, len)) > f->width)
		f->width = w;
}

/* Raw bytes to a safe line. */
static void
fmt_fold_add_raw(struct fmt_fold *f, const struct buf *raw,
    enum fmt_fold_kind kind)
{
	struct buf	b;

	buf_init(&b);
	sanitize(&b, raw->p, raw->len, 0);
	fmt_fold_add(f, buf_str(&b), b.len, kind);
	buf_free(&b);
}

/* The next character at p into c (up to 4 bytes); its length, 0 at end. */
static size_t
fmt_fold_char(struct fmt_fold_src *src, struct fmt_json *p, char *c, int *w)
{
	struct fmt_json	 ahead;
	size_t		 n, k, want, i;
	int		 ch;

	if (!src->json) {
		if (p->off >= src->len)
			return 0;
		*w = sanitize_cell(src->s + p->off, src->len - p->off, &n);
		memcpy(c, src->s + p->off, n);
		p->off += n;
		return n;
	}
	ahead = *p;
	if ((ch = fmt_json_getc(&ahead, src->s, src->len)) == -1)
		return 0;
	c[0] = (char)ch;
	want = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
	for (k = 1; k < want; k++) {
		if ((ch = fmt_json_getc(&ahead, src->s, src->len)) == -1)
			break;
		c[k] = (char)ch;
	}
	*w = sanitize_cell(c, k, &n);
	if (n == k)
		*p = ahead;
	else {
		for (i = 0; i < n; i++)
			fmt_json_getc(p, src->s, src->len);
	}
	return n;
}

/*
 * The line at p, cols wide, into raw; p moved to the next line. 0 at the
 * end. A line ends at a newline, or after the last blank before the
 * character that would pass cols, or before that character when there
 * is no blank; tabs go to the next multiple of 8.
 */
static int
fmt_fold_line(struct fmt_fold_src *src, struct fmt_json *p, int cols,
    struct buf *raw)
{
	struct fmt_json	 next, brk;
	size_t		 n, brklen = 0;
	char		 c[4];
	int		 w, col = 0, started = 0, have_brk = 0, blank;

	buf_reset(raw);
	for (;;) {
		next = *p;
		if ((n = fmt_fold_char(src, &next, c, &w)) == 0)
			return started;
		started = 1;
		if (n == 1 && c[0] == '\n') {
			*p = next;
			return 1;
		}
		blank = n == 1 && (c[0] == ' ' || c[0] == '\t');
		if (n == 1 && c[0] == '\t')
			w = 8 - col % 8;
		if (col > 0 && col + w > cols) {
			/* A blank at the edge ends the line. */
			if (blank)
				*p = next;
			else if (have_brk) {
				raw->len = brklen;
				*p = brk;
			}
			return 1;
		}
		if (n == 1 && c[0] == '\t') {
			while (w-- > 0)
				buf_addc(raw, ' ');
			col = (col / 8 + 1) * 8;
		} else {
			buf_add(raw, c, n);
			col += w;
		}
		*p = next;
		if (blank) {
			have_brk = 1;
			brk = *p;
			brklen = raw->len;
		}
	}
}

/* Where to cut a preview so no UTF-8 sequence is split. */
static size_t
fmt_fold_whole(const char *s, size_t len, size_t total)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, need;

	if (len == total)
		return len;
	for (i = len; i > 0 && len - i < 4; i--) {
		if ((u[i - 1] & 0xc0) == 0x80)
			continue;
		need = u[i - 1] >= 0xf0 ? 4 : u[i - 1] >= 0xe0 ? 3 :
		    u[i - 1] >= 0xc0 ? 2 : 1;
		return len - (i - 1) < need ? i - 1 : len;
	}
	return len;
}

static int
fmt_fold_is_json(const char *s, size_t len, size_t total)
{
	size_t	i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return len == total && i < len && (s[i] == '{' || s[i] == '[') &&
	    fmt_json_valid(s, len);
}

static void
fmt_fold_more(struct fmt_fold *f, size_t left)
{
	char	note[64];

	snprintf(note, sizeof note, "… %zu more byte%s", left,
	    left == 1 ? "" : "s");
	fmt_fold_add(f, note, strlen(note), FMT_FOLD_NOTE);
}

static void
fmt_fold_hex(struct fmt_fold *f, const char *s, size_t len, size_t total,
    int cols, int maxlines)
{
	struct buf	b;
	size_t		per = (size_t)cols / 2, i, lines;
	int		keep;

	if (per < 1)
		per = 1;
	lines = (len + per - 1) / per;
	keep = lines > (size_t)maxlines ? maxlines - 1 : (int)lines;
	if (keep == (int)lines && len < total && keep == maxlines)
		keep--;
	buf_init(&b);
	for (i = 0; i < (size_t)keep; i++) {
		buf_reset(&b);
		fmt_hex(&b, s + i * per, len - i * per < per ? len - i * per :
		    per, 0);
		fmt_fold_add(f, buf_str(&b), b.len, FMT_FOLD_HEX);
	}
	buf_free(&b);
	i = (size_t)keep * per < len ? (size_t)keep * per : len;
	if (i < total)
		fmt_fold_more(f, total - i);
}

void
fmt_fold(struct fmt_fold *f, const char *s, size_t len, size_t total,
    int cols, int maxlines)
{
	fmt_fold_as(f, FMT_FOLD_AS_AUTO, s, len, total, cols, maxlines);
}

void
fmt_fold_prepend(struct fmt_fold *f, const char *text, enum fmt_fold_kind kind,
    int cols)
{
	struct fmt_fold_line	t;
	struct buf		b;
	size_t			n;
	int			i;

	buf_init(&b);
	sanitize(&b, text, strlen(text), 0);
	n = sanitize_fit(buf_str(&b), b.len, cols > 0 ? cols : 1, NULL);
	fmt_fold_add(f, buf_str(&b), n, kind);
	buf_free(&b);
	/* It went last: move it first. */
	for (i = f->n - 1; i > 0; i--) {
		t = f->v[i];
		f->v[i] = f->v[i - 1];
		f->v[i - 1] = t;
	}
}

void
fmt_fold_as(struct fmt_fold *f, enum fmt_fold_as as, const char *s, size_t len,
    size_t total, int cols, int maxlines)
{
	struct fmt_fold_src	 src = { s, len, 0 };
	struct fmt_json		 p, end, after;
	struct buf		 raw, next;
	enum fmt_fold_kind	 kind;
	size_t			 shown = 0;

	memset(f, 0, sizeof *f);
	if (cols < 1)
		cols = 1;
	if (maxlines < 2)
		maxlines = 2;
	if (total == 0) {
		fmt_fold_add(f, "(empty)", 7, FMT_FOLD_NOTE);
		return;
	}
	len = src.len = fmt_fold_whole(s, len, total);
	if (as == FMT_FOLD_AS_TEXT)
		kind = FMT_FOLD_TEXT;
	else if (as == FMT_FOLD_AS_AUTO && fmt_fold_is_json(s, len, total)) {
		src.json = 1;
		kind = FMT_FOLD_JSON;
	} else if (as == FMT_FOLD_AS_AUTO && fmt_is_utf8(s, len))
		kind = FMT_FOLD_TEXT;
	else {
		fmt_fold_hex(f, s, len, total, cols, maxlines);
		return;
	}
	buf_init(&raw);
	buf_init(&next);
	fmt_json_start(&p);
	while (f->n < maxlines) {
		end = p;
		if (!fmt_fold_line(&src, &end, cols, &raw))
			break;
		/* The last room is the note's when more follows. */
		after = end;
		if (f->n == maxlines - 1 && (len < total ||
		    fmt_fold_line(&src, &after, cols, &next)))
			break;
		fmt_fold_add_raw(f, &raw, kind);
		p = end;
		shown = p.off;
	}
	/* Blanks after JSON's last value are nothing more to show. */
	if (src.json && shown < total && !fmt_fold_line(&src, &p, cols, &next))
		shown = total;
	if (shown < total)
		fmt_fold_more(f, total - shown);
	buf_free(&raw);
	buf_free(&next);
}

void
fmt_fold_free(struct fmt_fold *f)
{
	int	i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}
