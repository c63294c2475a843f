#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "buf.h"
#include "fmt-json.h"
#include "fmt-lines.h"
#include "sanitize.h"
#include "xmalloc.h"

#define FMT_LINES_B64IN	57	/* bytes a base64 line of 76 encodes */

/*
 * Places in the text being wrapped are struct fmt_json: a place in the
 * pretty JSON, or for plain text just its offset (.off).
 */
struct fmt_lines {
	const char		*s;
	size_t			 len;
	enum fmt_lines_kind	 kind;

	int			 cols;		/* the width laid out, 0 none */
	struct fmt_json		*marks;		/* line k * EVERY starts here */
	long			 nmarks;
	long			 capmarks;
	struct fmt_json		 front;		/* where line nfront starts */
	long			 nfront;
	int			 done;		/* front is the end */
	struct fmt_json		 cur;		/* where line ncur starts */
	long			 ncur;
};

struct fmt_lines *
fmt_lines_new(const char *s, size_t len, enum fmt_lines_kind kind)
{
	struct fmt_lines	*fl = xcalloc(1, sizeof *fl);

	fl->s = s;
	fl->len = len;
	fl->kind = kind;
	return fl;
}

void
fmt_lines_free(struct fmt_lines *fl)
{
	if (fl == NULL)
		return;
	free(fl->marks);
	free(fl);
}

/*
 * The next character at p: its bytes (up to 4) into c, its columns into
 * *w, p moved past it. Its length, 0 at the end of the text.
 */
static size_t
fmt_lines_char(struct fmt_lines *fl, struct fmt_json *p, char *c, int *w)
{
	struct fmt_json	 ahead;
	size_t		 n, k, want, i;
	int		 ch;

	if (fl->kind == FMT_LINES_TEXT) {
		if (p->off >= fl->len)
			return 0;
		*w = sanitize_cell(fl->s + p->off, fl->len - p->off, &n);
		memcpy(c, fl->s + p->off, n);
		p->off += n;
		return n;
	}
	/* JSON comes a byte at a time: look ahead for a whole character. */
	ahead = *p;
	if ((ch = fmt_json_getc(&ahead, fl->s, fl->len)) == -1)
		return 0;
	c[0] = (char)ch;
	want = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
	for (k = 1; k < want; k++) {
		if ((ch = fmt_json_getc(&ahead, fl->s, fl->len)) == -1)
			break;
		c[k] = (char)ch;
	}
	*w = sanitize_cell(c, k, &n);
	if (n == k)
		*p = ahead;
	else {
		for (i = 0; i < n; i++)
			fmt_json_getc(p, fl->s, fl->len);
	}
	return n;
}

/*
 * Lay out the line that starts at p, cols columns wide: its bytes into b
 * (unless NULL), p moved to where the next line starts. 0 when p is the
 * end of the text. A line ends at a newline (not part of it), or before
 * the character that would pass cols, or after the last space before
 * that one, so words are not split where they need not be. A first
 * character wider than cols still makes a line (the view cuts it).
 */
static int
fmt_lines_layout(struct fmt_lines *fl, struct fmt_json *p, int cols,
    struct buf *b)
{
	struct fmt_json	 next, brk;
	size_t		 n, brklen = 0;
	char		 c[4];
	int		 w, col = 0, started = 0, have_brk = 0;

	for (;;) {
		next = *p;
		if ((n = fmt_lines_char(fl, &next, c, &w)) == 0)
			return started;
		started = 1;
		if (n == 1 && c[0] == '\n') {
			*p = next;
			return 1;
		}
		if (col > 0 && col + w > cols) {
			if (n == 1 && c[0] == ' ') {
				/* A space at the edge: it ends the line. */
				if (b != NULL)
					buf_addc(b, ' ');
				*p = next;
			} else if (have_brk) {
				if (b != NULL) {
					b->len = brklen;
					if (b->p != NULL)
						b->p[b->len] = '\0';
				}
				*p = brk;
			}
			return 1;
		}
		if (b != NULL)
			buf_add(b, c, n);
		col += w;
		*p = next;
		if (n == 1 && c[0] == ' ') {
			have_brk = 1;
			brk = *p;
			brklen = b != NULL ? b->len : 0;
		}
	}
}

/* A new width: forget the layout, keep only where the text starts. */
static void
fmt_lines_reset(struct fmt_lines *fl, int cols)
{
	if (cols < 1)
		cols = 1;
	fl->cols = cols;
	fmt_json_start(&fl->front);
	fl->nfront = 0;
	fl->done = 0;
	fl->cur = fl->front;
	fl->ncur = 0;
	if (fl->capmarks == 0) {
		fl->capmarks = 16;
		fl->marks = xcalloc(fl->capmarks, sizeof *fl->marks);
	}
	fl->marks[0] = fl->front;
	fl->nmarks = 1;
}

/* Lay out lines at the front until line i starts there, or the end. */
static void
fmt_lines_advance(struct fmt_lines *fl, long i)
{
	struct fmt_json	p;

	while (!fl->done && fl->nfront < i) {
		p = fl->front;
		if (!fmt_lines_layout(fl, &p, fl->cols, NULL)) {
			fl->done = 1;
			break;
		}
		fl->front = p;
		if (++fl->nfront % FMT_LINES_EVERY != 0)
			continue;
		if (fl->nmarks == fl->capmarks) {
			fl->capmarks *= 2;
			fl->marks = xrealloc(fl->marks, fl->capmarks *
			    sizeof *fl->marks);
		}
		fl->marks[fl->nmarks++] = p;
	}
	/* Line nfront exists only if something is left at the front. */
	if (!fl->done && fl->nfront == i) {
		p = fl->front;
		if (!fmt_lines_layout(fl, &p, fl->cols, NULL))
			fl->done = 1;
	}
}

static void
fmt_lines_hex(struct buf *b, const char *s, size_t len, size_t off)
{
	const unsigned char	*u = (const unsigned char *)s + off;
	size_t			 i, n = len - off < 16 ? len - off : 16;

	buf_addf(b, "%08zx ", off);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			buf_addc(b, ' ');
		if (i < n)
			buf_addf(b, " %02x", u[i]);
		else
			buf_adds(b, "   ");
	}
	buf_adds(b, "  ");
	for (i = 0; i < n; i++)
		buf_addc(b, u[i] >= 0x20 && u[i] < 0x7f ? (char)u[i] : '.');
}

int
fmt_lines_get(struct fmt_lines *fl, long i, int cols, struct buf *b)
{
	struct fmt_json	p;
	size_t		off;

	if (i < 0)
		return -1;
	switch (fl->kind) {
	case FMT_LINES_HEX:
		if ((size_t)i >= (fl->len + 15) / 16)
			return -1;
		fmt_lines_hex(b, fl->s, fl->len, (size_t)i * 16);
		return 0;
	case FMT_LINES_BASE64:
		if ((size_t)i >= (fl->len + FMT_LINES_B64IN - 1) /
		    FMT_LINES_B64IN)
			return -1;
		off = (size_t)i * FMT_LINES_B64IN;
		b64_encode(b, fl->s + off, fl->len - off < FMT_LINES_B64IN ?
		    fl->len - off : FMT_LINES_B64IN);
		return 0;
	default:
		break;
	}
	if (cols < 1)
		cols = 1;
	if (fl->cols != cols)
		fmt_lines_reset(fl, cols);
	fmt_lines_advance(fl, i);
	if (i > fl->nfront || (i == fl->nfront && fl->done))
		return -1;
	/* From the last line asked for when it is close, else a mark. */
	if (i < fl->ncur || i - fl->ncur >= FMT_LINES_EVERY) {
		fl->ncur = i / FMT_LINES_EVERY * FMT_LINES_EVERY;
		fl->cur = fl->marks[i / FMT_LINES_EVERY];
	}
	while (fl->ncur < i) {
		fmt_lines_layout(fl, &fl->cur, cols, NULL);
		fl->ncur++;
	}
	p = fl->cur;
	fmt_lines_layout(fl, &p, cols, b);
	return 0;
}

long
fmt_lines_count(struct fmt_lines *fl, int cols)
{
	switch (fl->kind) {
	case FMT_LINES_HEX:
		return (long)((fl->len + 15) / 16);
	case FMT_LINES_BASE64:
		return (long)((fl->len + FMT_LINES_B64IN - 1) /
		    FMT_LINES_B64IN);
	default:
		break;
	}
	if (cols < 1)
		cols = 1;
	if (fl->cols != cols)
		fmt_lines_reset(fl, cols);
	fmt_lines_advance(fl, LONG_MAX);
	return fl->nfront;
}
