/*
 * The list every pane is made of. A list (conns, subs) keeps its first row
 * shown in top; a chat (PANEL_BOTTOM) keeps its last in bottom, so rows
 * settle at the bottom and new ones come in below; a pager (PANEL_SCROLL)
 * has no selection and the keys move top. Rows may be of any height; a
 * list shows whole rows, a chat may cut the top one.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "panel.h"

void
panel_init(struct panel *p, int flags, void *arg)
{
	memset(p, 0, sizeof *p);
	p->flags = flags;
	p->sel = flags & PANEL_SCROLL ? -1 : 0;
	p->arg = arg;
}

static int
panel_height(struct panel *p, int row)
{
	int	h;

	if (p->height == NULL)
		return 1;
	h = p->height(p, row);
	return h > 0 ? h : 1;
}

int
panel_count(struct panel *p)
{
	if (p->n < 0 && p->count != NULL)
		p->n = p->count(p);
	return p->n > 0 ? p->n : 0;
}

/* Row i is there; asks the owner only while the rows are not counted. */
static int
panel_exists(struct panel *p, int row)
{
	if (row < 0)
		return 0;
	if (p->n >= 0)
		return row < p->n;
	return p->has != NULL && p->has(p, row);
}

void
panel_set_count(struct panel *p, int n)
{
	p->n = n;
	panel_fit(p);
}

void
panel_layout(struct panel *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	panel_fit(p);
}

static void
panel_fit_scroll(struct panel *p)
{
	if (p->top < 0)
		p->top = 0;
	if (p->h <= 0)
		return;
	/* Only past the end is the whole text counted. */
	if (p->n < 0 && p->top > 0 && !panel_exists(p, p->top + p->h - 1))
		panel_count(p);
	if (p->n >= 0 && p->top > p->n - p->h)
		p->top = p->n > p->h ? p->n - p->h : 0;
}

/* Lines of rows a..b. */
static int
panel_sum(struct panel *p, int a, int b)
{
	int	used = 0;

	for (; a <= b; a++)
		used += panel_height(p, a);
	return used;
}

void
panel_fit(struct panel *p)
{
	int	n = p->n > 0 ? p->n : 0, used;

	if (p->flags & PANEL_SCROLL) {
		panel_fit_scroll(p);
		return;
	}
	if (n == 0) {
		p->sel = p->top = p->bottom = 0;
		return;
	}
	if (p->sel >= n)
		p->sel = n - 1;
	if (p->sel < 0)
		p->sel = 0;
	if (p->top >= n)
		p->top = n - 1;
	if (p->top < 0)
		p->top = 0;
	if (p->bottom >= n)
		p->bottom = n - 1;
	if (p->bottom < 0)
		p->bottom = 0;
	if (p->h <= 0)
		return;

	if (p->flags & PANEL_BOTTOM) {
		if (p->sel > p->bottom)
			p->bottom = p->sel;
		/* The selection whole, at the top at most. */
		used = panel_sum(p, p->sel, p->bottom);
		while (p->bottom > p->sel && used > p->h)
			used -= panel_height(p, p->bottom--);
		/* No blank below while rows wait there. */
		used = panel_sum(p, 0, p->bottom);
		while (p->bottom < n - 1 && used + panel_height(p,
		    p->bottom + 1) <= p->h)
			used += panel_height(p, ++p->bottom);
		return;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	used = panel_sum(p, p->top, p->sel);
	while (p->top < p->sel && used > p->h)
		used -= panel_height(p, p->top++);
	/* No blank below while rows wait above. */
	used = panel_sum(p, p->top, n - 1);
	while (p->top > 0 && used + panel_height(p, p->top - 1) <= p->h)
		used += panel_height(p, --p->top);
}

void
panel_select(struct panel *p, int row)
{
	p->sel = row;
	if (p->flags & PANEL_SCROLL)
		p->top = row;
	panel_fit(p);
}

void
panel_move(struct panel *p, int delta)
{
	int	dir, left, asked = 0;

	if (p->flags & PANEL_SCROLL) {
		if (delta == INT_MIN)
			p->top = 0;
		else if (delta == INT_MAX)
			p->top = panel_count(p) - p->h;
		else if (delta > 0 && p->top > INT_MAX - delta)
			p->top = INT_MAX;
		else
			p->top += delta;
		panel_fit(p);
		return;
	}
	if (delta == INT_MIN || delta == INT_MAX) {
		if (p->more != NULL)
			p->more(p, delta);
		p->sel = delta == INT_MIN ? 0 : p->n - 1;
		panel_fit(p);
		return;
	}
	dir = delta < 0 ? -1 : 1;
	left = delta < 0 ? -delta : delta;
	while (left > 0 && p->n > 0) {
		if (p->sel + dir >= 0 && p->sel + dir < p->n) {
			p->sel += dir;
			left--;
			continue;
		}
		if (p->more == NULL || asked++ == PANEL_MORE_MAX ||
		    !p->more(p, dir))
			break;
	}
	panel_fit(p);
}

void
panel_page(struct panel *p, int dir)
{
	struct panel_row	r = { .row = -1 };
	int			rows = 0;

	if (p->flags & PANEL_SCROLL) {
		panel_move(p, dir * (p->h > 1 ? p->h - 1 : 1));
		return;
	}
	while (panel_next(p, &r)) {
		if (r.skip == 0 && r.lines == panel_height(p, r.row))
			rows++;
	}
	panel_move(p, dir * (rows > 1 ? rows : 1));
}

/* The first row on the screen. */
static int
panel_first(struct panel *p, struct panel_row *r)
{
	int	row, start, end, hh;

	if (!(p->flags & PANEL_BOTTOM)) {
		if (!panel_exists(p, p->top))
			return 0;
		hh = panel_height(p, p->top);
		*r = (struct panel_row){ p->top, p->y, hh < p->h ? hh : p->h,
		    0 };
		return 1;
	}
	if (p->n <= 0)
		return 0;
	/* Up from the bottom row until the top line is reached. */
	end = p->y + p->h;
	for (row = p->bottom;; row--) {
		hh = panel_height(p, row);
		start = end - hh;
		if (start <= p->y || row == 0)
			break;
		end = start;
	}
	r->row = row;
	r->skip = start < p->y ? p->y - start : 0;
	r->y = start + r->skip;
	r->lines = hh - r->skip;
	return 1;
}

int
panel_next(struct panel *p, struct panel_row *r)
{
	int	y, hh, row;

	if (p->h <= 0)
		return 0;
	if (r->row < 0)
		return panel_first(p, r);
	y = r->y + r->lines;
	row = r->row + 1;
	if (p->flags & PANEL_BOTTOM) {
		if (row > p->bottom || row >= p->n)
			return 0;
	} else if (!panel_exists(p, row))
		return 0;
	hh = panel_height(p, row);
	/* A list shows whole rows only; a chat ends at its bottom row. */
	if (y + hh > p->y + p->h)
		return 0;
	*r = (struct panel_row){ row, y, hh, 0 };
	return 1;
}

int
panel_hit(struct panel *p, int y)
{
	struct panel_row	r = { .row = -1 };

	while (panel_next(p, &r)) {
		if (y >= r.y && y < r.y + r.lines)
			return r.row;
	}
	return -1;
}

int
panel_find(struct panel *p, const char *text, int dir)
{
	int	n, i, k, step = dir < 0 ? -1 : 1;

	if (p->find != NULL && text != NULL && *text != '\0')
		return p->find(p, text, dir);
	if (text == NULL || *text == '\0' || p->match == NULL ||
	    (n = panel_count(p)) == 0)
		return 0;
	i = p->sel >= 0 ? p->sel : p->top;
	if (dir != 0)
		i += step;
	for (k = 0; k < n && k < PANEL_FIND_MAX; k++, i += step) {
		i = (i % n + n) % n;
		if (p->match(p, i, text)) {
			panel_select(p, i);
			return 1;
		}
	}
	return 0;
}

static int
panel_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
panel_has(const char *text, const char *needle)
{
	size_t	i;

	if (text == NULL || needle == NULL)
		return 0;
	for (; *text != '\0'; text++) {
		for (i = 0; needle[i] != '\0' && panel_lower((unsigned char)
		    text[i]) == panel_lower((unsigned char)needle[i]); i++)
			;
		if (needle[i] == '\0')
			return 1;
	}
	return *needle == '\0';
}
