#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "panel.h"
#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Clip a width at x to the screen so curses never wraps to the next line. */
static int
draw_clip(int y, int x, int w)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return 0;
	if (w > COLS - x)
		w = COLS - x;
	return w;
}

void
draw_fill(struct rect r, attr_t attr)
{
	int	i, w;

	for (i = 0; i < r.h; i++) {
		if ((w = draw_clip(r.y + i, r.x, r.w)) == 0)
			continue;
		mvhline(r.y + i, r.x, ' ' | attr, w);
	}
}

int
draw_text(int y, int x, int w, const char *text, attr_t attr)
{
	const char	*nl;
	size_t		 len, n;
	int		 used = 0;

	if (text == NULL || (w = draw_clip(y, x, w)) == 0)
		return 0;
	if ((nl = strchr(text, '\n')) != NULL)
		len = nl - text;
	else
		len = strlen(text);
	n = sanitize_fit(text, len, w, &used);
	if (n == 0)
		return 0;
	attrset(attr);
	mvaddnstr(y, x, text, (int)n);
	attrset(A_NORMAL);
	return used;
}

int
draw_bytes(int y, int x, int w, const void *p, size_t len, attr_t attr)
{
	const unsigned char	*s = p;
	struct buf		 b;
	size_t			 cap;
	int			 used;

	if ((w = draw_clip(y, x, w)) == 0)
		return 0;
	/*
	 * Only a line's worth is shown, so don't sanitize a whole large
	 * payload: keep a generous prefix, cut where no UTF-8 sequence is
	 * split so the cut does not show up as \xNN escapes.
	 */
	cap = (size_t)w * 8 + 64;
	if (len > cap) {
		len = cap;
		while (len > cap - 4 && (s[len] & 0xc0) == 0x80)
			len--;
	}
	buf_init(&b);
	sanitize(&b, s, len, 0);
	used = draw_text(y, x, w, buf_str(&b), attr);
	buf_free(&b);
	return used;
}

int
draw_middle(int y, int x, int w, const char *p, size_t len, attr_t attr)
{
	struct buf	 b, out;
	const char	*s, *tail, *slash;
	size_t		 n, fit;
	int		 used, tw, cw;

	if ((w = draw_clip(y, x, w)) == 0)
		return 0;
	buf_init(&b);
	sanitize(&b, p, len, 0);
	s = buf_str(&b);
	n = b.len;
	if (w < 3 || sanitize_width(s, n) <= w) {
		used = draw_text(y, x, w, s, attr);
		buf_free(&b);
		return used;
	}
	/* The last level if it leaves room for a column of the start. */
	slash = memrchr(s, '/', n);
	tail = slash != NULL && sanitize_width(slash, n - (slash - s)) <=
	    w - 2 ? slash : NULL;
	if (tail == NULL) {
		/* Else as much of the end as fits after the mark. */
		tw = sanitize_width(s, n);
		for (tail = s; *tail != '\0' && tw > w - 2; tail += cw) {
			cw = (int)sanitize_charlen(tail, n - (tail - s));
			tw -= sanitize_width(tail, cw);
		}
	}
	tw = sanitize_width(tail, n - (tail - s));
	fit = sanitize_fit(s, tail - s, w - 1 - tw, NULL);
	buf_init(&out);
	buf_add(&out, s, fit);
	buf_adds(&out, "…");
	buf_adds(&out, tail);
	used = draw_text(y, x, w, buf_str(&out), attr);
	buf_free(&out);
	buf_free(&b);
	return used;
}

void
draw_panel(struct panel *p)
{
	struct panel_row	r = { .row = -1 };

	if (p->draw == NULL)
		return;
	while (panel_next(p, &r))
		p->draw(p, &r);
}

int
draw_printf(int y, int x, int w, attr_t attr, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 used;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	used = draw_bytes(y, x, w, s, strlen(s), attr);
	free(s);
	return used;
}

void
draw_box(struct rect r, const char *title, int focused)
{
	attr_t	a, ta;
	int	left, right, top, bottom, used;

	if (r.h < 2 || r.w < 2)
		return;
	a = theme_attr(focused ? THEME_BORDER_FOCUS : THEME_BORDER);
	left = r.x;
	right = r.x + r.w - 1;
	top = r.y;
	bottom = r.y + r.h - 1;

	/* hline of one cell for corners: never moves or scrolls at the edge. */
	mvhline(top, left, ACS_ULCORNER | a, 1);
	mvhline(top, right, ACS_URCORNER | a, 1);
	mvhline(bottom, left, ACS_LLCORNER | a, 1);
	mvhline(bottom, right, ACS_LRCORNER | a, 1);
	if (r.w > 2) {
		mvhline(top, left + 1, ACS_HLINE | a, r.w - 2);
		mvhline(bottom, left + 1, ACS_HLINE | a, r.w - 2);
	}
	if (r.h > 2) {
		mvvline(top + 1, left, ACS_VLINE | a, r.h - 2);
		mvvline(top + 1, right, ACS_VLINE | a, r.h - 2);
	}

	/* " title " after the corner, needing room for one title column. */
	if (title == NULL || *title == '\0' || r.w - 2 < 3)
		return;
	ta = theme_attr(THEME_TITLE);
	used = draw_bytes(top, left + 2, r.w - 4, title, strlen(title), ta);
	if (used == 0)
		return;
	draw_text(top, left + 1, 1, " ", ta);
	draw_text(top, left + 2 + used, 1, " ", ta);
}

void
draw_scroll(int col, int w, int *hs)
{
	/* From the start whenever the cursor fits: no needless shift. */
	if (col < *hs || col < w)
		*hs = col < w ? 0 : col;
	if (w > 0 && col >= *hs + w)
		*hs = col - w + 1;
	if (*hs < 0)
		*hs = 0;
}

void
draw_window(int y, int x, int w, const char *s, int hs, attr_t attr)
{
	size_t	len = strlen(s), skip, n;
	int	used, x0 = x;

	draw_fill((struct rect){ y, x, 1, w }, attr);
	skip = sanitize_fit(s, len, hs, &used);
	if (used < hs && skip < len) {
		/* A wide character straddles the left edge: leave a gap. */
		n = sanitize_charlen(s + skip, len - skip);
		x0 += used + sanitize_width(s + skip, n) - hs;
		skip += n;
	}
	draw_text(y, x0, w - (x0 - x), s + skip, attr);
}
