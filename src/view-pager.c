/*
 * A full-screen scrollable text: a few lines added up front (the help,
 * a message's header), then maybe a body of any length whose lines are
 * made only when they are drawn (a payload, see fmt-lines.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "fmt-lines.h"
#include "keys.h"
#include "theme.h"
#include "ui.h"
#include "view-pager.h"
#include "xmalloc.h"

struct view_pager_line {
	char	*text;
	size_t	 len;
	int	 slot;		/* THEME_NSLOTS: plain */
};

struct view_pager {
	char			*title;
	struct view_pager_line	*v;
	int			 n;
	struct fmt_lines	*body;		/* after the n lines, or NULL */
	int			 body_slot;
	long			 top;
	int			 bottom;	/* End: go to the last page */
	int			 page;
	void			(*tab)(struct view_pager *, void *);
	void			*tab_arg;
	void			(*tab_free)(void *);
	void			(*close)(void *);
	void			*close_arg;
	int			(*key)(void *, int);
	void			*key_arg;
	const char		*hint;
};

struct view_pager *
view_pager_new(const char *title)
{
	struct view_pager	*vp = xcalloc(1, sizeof *vp);

	vp->title = xstrdup(title);
	return vp;
}

void
view_pager_add(struct view_pager *vp, const char *text, size_t len, int slot)
{
	vp->v = xrealloc(vp->v, (vp->n + 1) * sizeof *vp->v);
	vp->v[vp->n].text = xmemdup(text, len + 1);
	vp->v[vp->n].text[len] = '\0';
	vp->v[vp->n].len = len;
	vp->v[vp->n].slot = slot;
	vp->n++;
}

void
view_pager_addf(struct view_pager *vp, int slot, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s != NULL)
		view_pager_add(vp, s, strlen(s), slot);
	free(s);
}

void
view_pager_body(struct view_pager *vp, struct fmt_lines *body, int slot)
{
	fmt_lines_free(vp->body);
	vp->body = body;
	vp->body_slot = slot;
}

void
view_pager_clear(struct view_pager *vp)
{
	int	i;

	for (i = 0; i < vp->n; i++)
		free(vp->v[i].text);
	free(vp->v);
	vp->v = NULL;
	vp->n = 0;
	view_pager_body(vp, NULL, THEME_NSLOTS);
}

void
view_pager_on_tab(struct view_pager *vp, void (*fn)(struct view_pager *,
    void *), void *arg, void (*free_fn)(void *))
{
	vp->tab = fn;
	vp->tab_arg = arg;
	vp->tab_free = free_fn;
}

void
view_pager_on_key(struct view_pager *vp, int (*fn)(void *, int), void *arg,
    const char *hint)
{
	vp->key = fn;
	vp->key_arg = arg;
	vp->hint = hint;
}

void
view_pager_on_close(struct view_pager *vp, void (*fn)(void *), void *arg)
{
	vp->close = fn;
	vp->close_arg = arg;
}

/* Line i at cols into b (raw bytes) with its slot; -1 past the end. */
static int
view_pager_line(struct view_pager *vp, long i, int cols, struct buf *b,
    int *slot)
{
	if (i < vp->n) {
		buf_add(b, vp->v[i].text, vp->v[i].len);
		*slot = vp->v[i].slot;
		return 0;
	}
	*slot = vp->body_slot;
	if (vp->body == NULL)
		return -1;
	return fmt_lines_get(vp->body, i - vp->n, cols, b);
}

/* Lines in all; the body is laid out to its end, once a width. */
static long
view_pager_count(struct view_pager *vp, int cols)
{
	return vp->n + (vp->body != NULL ? fmt_lines_count(vp->body, cols) :
	    0);
}

static void
view_pager_draw(void *arg, int rows, int cols)
{
	struct view_pager	*vp = arg;
	struct rect		 r = { 0, 0, rows, cols };
	struct buf		 b;
	long			 i;
	int			 y, slot, w = cols - 4;
	const char		*hint = vp->hint != NULL ? vp->hint :
	    vp->tab != NULL ?
	    " Tab format · ↑↓ PgUp PgDn scroll · Esc close " :
	    " ↑↓ PgUp PgDn scroll · Esc close ";

	draw_fill(r, A_NORMAL);
	draw_box(r, vp->title, 1);
	vp->page = rows - 2;
	buf_init(&b);
	/* Only past the end is the whole text counted. */
	if (vp->bottom || (vp->top > 0 && vp->page > 0 &&
	    view_pager_line(vp, vp->top + vp->page - 1, w, &b, &slot) != 0)) {
		vp->top = view_pager_count(vp, w) - vp->page;
		vp->bottom = 0;
	}
	if (vp->top < 0)
		vp->top = 0;
	for (i = vp->top, y = 1; y < rows - 1; i++, y++) {
		buf_reset(&b);
		if (view_pager_line(vp, i, w, &b, &slot) != 0)
			break;
		draw_bytes(y, 2, w, b.p, b.len, slot == THEME_NSLOTS ?
		    A_NORMAL : theme_attr(slot));
	}
	buf_free(&b);
	draw_text(rows - 1, 2, cols - 4, hint, theme_attr(THEME_META));
}

static int
view_pager_key(void *arg, int key)
{
	struct view_pager	*vp = arg;

	switch (key) {
	case KEYC_ESC:
	case 'q':
	case KEYC_ENTER:
		return 1;
	case KEYC_UP:
	case 'k':
		vp->top--;
		break;
	case KEYC_DOWN:
	case 'j':
		vp->top++;
		break;
	case KEYC_PPAGE:
		vp->top -= vp->page > 1 ? vp->page - 1 : 1;
		break;
	case KEYC_NPAGE:
	case KEYC_SPACE:
		vp->top += vp->page > 1 ? vp->page - 1 : 1;
		break;
	case KEYC_HOME:
	case 'g':
		vp->top = 0;
		break;
	case KEYC_END:
	case 'G':
		vp->bottom = 1;
		break;
	case KEYC_TAB:
		if (vp->tab != NULL) {
			view_pager_clear(vp);
			vp->tab(vp, vp->tab_arg);
		}
		break;
	default:
		if (vp->key != NULL)
			return vp->key(vp->key_arg, key);
		break;
	}
	if (vp->top < 0)
		vp->top = 0;
	return 0;
}

static void
view_pager_free(void *arg)
{
	struct view_pager	*vp = arg;

	if (vp->close != NULL)
		vp->close(vp->close_arg);
	view_pager_clear(vp);
	if (vp->tab_free != NULL)
		vp->tab_free(vp->tab_arg);
	free(vp->title);
	free(vp);
}

void
view_pager_show(struct view_pager *vp)
{
	struct ui_modal	*m = xcalloc(1, sizeof *m);

	m->name = "pager";
	m->full = 1;
	m->draw = view_pager_draw;
	m->key = view_pager_key;
	m->free = view_pager_free;
	m->data = vp;
	ui_modal_push(m);
}
