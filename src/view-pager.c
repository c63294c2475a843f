/*
 * A full-screen scrollable text: a few lines added up front (the help,
 * a message's header), then maybe a body of any length whose lines are
 * made only when they are drawn (a payload, see fmt-lines.c). It is a
 * PANEL_SCROLL panel: the lines are counted only when the view goes past
 * the end (End, or a page down too far). / finds a line as it is typed.
 * Its keys are the "pager" table's; an owner (the message detail) may
 * give it a table of its own, whose actions it adds.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "fmt-lines.h"
#include "key-bindings.h"
#include "panel.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
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
	struct panel		 panel;
	const char		*mode;
	const struct ui_action	*actions;	/* the owner's */
	void			*arg;
	void			(*arg_free)(void *);
	const struct key_hint	*hints;
	void			(*close)(void *);
	void			*close_arg;
};

static const struct key_hint view_pager_hints[] = {
	{ "mode up|mode down|mode page-up|mode page-down", "scroll", 0 },
	{ "mode find", "find", 0 },
	{ "mode close", "close", 0 },
	{ "keys pager", "keys", 1 },
	{ NULL, NULL, 0 }
};

static void	view_pager_panel(struct view_pager *);

struct view_pager *
view_pager_new(const char *title)
{
	struct view_pager	*vp = xcalloc(1, sizeof *vp);

	vp->title = xstrdup(title);
	vp->mode = "pager";
	vp->hints = view_pager_hints;
	view_pager_panel(vp);
	return vp;
}

void
view_pager_add(struct view_pager *vp, const char *text, size_t len, int slot)
{
	vp->panel.n = -1;
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
	s = xvasprintf(fmt, ap);
	va_end(ap);
	view_pager_add(vp, s, strlen(s), slot);
	free(s);
}

void
view_pager_body(struct view_pager *vp, struct fmt_lines *body, int slot)
{
	fmt_lines_free(vp->body);
	vp->body = body;
	vp->body_slot = slot;
	vp->panel.n = -1;	/* counted when needed */
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
view_pager_on_mode(struct view_pager *vp, const char *mode,
    const struct ui_action *actions, const struct key_hint *hints, void *arg,
    void (*free_fn)(void *))
{
	vp->mode = mode;
	vp->actions = actions;
	vp->hints = hints;
	vp->arg = arg;
	vp->arg_free = free_fn;
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
static int
view_pager_count(struct panel *p)
{
	struct view_pager	*vp = p->arg;
	long			 n = vp->n;

	if (vp->body != NULL)
		n += fmt_lines_count(vp->body, p->w);
	return n < INT_MAX ? (int)n : INT_MAX;
}

static int
view_pager_has(struct panel *p, int i)
{
	struct view_pager	*vp = p->arg;
	struct buf		 b;
	int			 slot, rc;

	buf_init(&b);
	rc = view_pager_line(vp, i, p->w, &b, &slot);
	buf_free(&b);
	return rc == 0;
}

static int
view_pager_match(struct panel *p, int i, const char *text)
{
	struct view_pager	*vp = p->arg;
	struct buf		 b;
	int			 slot, found;

	buf_init(&b);
	found = view_pager_line(vp, i, p->w, &b, &slot) == 0 &&
	    panel_has(buf_str(&b), text);
	buf_free(&b);
	return found;
}

static void
view_pager_row(struct panel *p, const struct panel_row *r)
{
	struct view_pager	*vp = p->arg;
	struct buf		 b;
	attr_t			 a;
	int			 slot;

	buf_init(&b);
	if (view_pager_line(vp, r->row, p->w, &b, &slot) == 0) {
		/* The line a find stopped at. */
		a = r->row == p->sel ? theme_attr(THEME_SELECTION) :
		    slot == THEME_NSLOTS ? A_NORMAL : theme_attr(slot);
		if (r->row == p->sel)
			draw_fill((struct rect){ r->y, p->x, 1, p->w }, a);
		draw_bytes(r->y, p->x, p->w, b.p, b.len, a);
	}
	buf_free(&b);
}

static void
view_pager_panel(struct view_pager *vp)
{
	struct panel	*p = &vp->panel;

	panel_init(p, PANEL_SCROLL, vp);
	p->n = -1;
	p->count = view_pager_count;
	p->has = view_pager_has;
	p->match = view_pager_match;
	p->draw = view_pager_row;
}

/* The screen's size: the panel takes it (keys page by it). */
static void
view_pager_layout(struct view_pager *vp, int rows, int cols)
{
	struct panel	*p = &vp->panel;

	if (p->h == rows - 2 && p->w == cols - 4)
		return;
	if (p->w != cols - 4)
		p->n = -1;	/* other widths wrap otherwise */
	panel_layout(p, 1, 2, rows - 2, cols - 4);
}

static void
view_pager_draw(void *arg, int rows, int cols)
{
	struct view_pager	*vp = arg;
	struct rect		 r = { 0, 0, rows, cols };
	char			*hint, *s;

	view_pager_layout(vp, rows, cols);
	draw_fill(r, A_NORMAL);
	draw_box(r, vp->title, 1);
	draw_panel(&vp->panel);
	hint = key_bindings_hint(vp->mode, vp->hints, cols - 6);
	s = xasprintf(" %s ", hint);
	draw_text(rows - 1, 2, cols - 4, s, theme_attr(THEME_META));
	free(s);
	free(hint);
}

/* The size it is drawn at, the screen less the status line: keys page by it. */
static struct view_pager *
view_pager_sized(void *arg)
{
	struct view_pager	*vp = arg;
	int			 y, x, h, w;

	ui_modal_area(&y, &x, &h, &w);
	view_pager_layout(vp, h, w);
	return vp;
}

void
view_pager_refit(struct view_pager *vp)
{
	view_pager_sized(vp);
	vp->panel.sel = -1;
	panel_fit(&vp->panel);
}

static int
view_pager_up(void *arg, char **run)
{
	panel_move(&view_pager_sized(arg)->panel, -1);
	return UI_MODAL_KEEP;
}

static int
view_pager_down(void *arg, char **run)
{
	panel_move(&view_pager_sized(arg)->panel, 1);
	return UI_MODAL_KEEP;
}

static int
view_pager_page_up(void *arg, char **run)
{
	panel_page(&view_pager_sized(arg)->panel, -1);
	return UI_MODAL_KEEP;
}

static int
view_pager_page_down(void *arg, char **run)
{
	panel_page(&view_pager_sized(arg)->panel, 1);
	return UI_MODAL_KEEP;
}

static int
view_pager_top(void *arg, char **run)
{
	panel_move(&view_pager_sized(arg)->panel, INT_MIN);
	return UI_MODAL_KEEP;
}

static int
view_pager_bottom(void *arg, char **run)
{
	panel_move(&view_pager_sized(arg)->panel, INT_MAX);
	return UI_MODAL_KEEP;
}

static int
view_pager_find(void *arg, char **run)
{
	view_find_open(&view_pager_sized(arg)->panel, NULL, NULL);
	return UI_MODAL_KEEP;
}

static int
view_pager_close(void *arg, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_pager_actions[] = {
	{ "up", view_pager_up },
	{ "down", view_pager_down },
	{ "page-up", view_pager_page_up },
	{ "page-down", view_pager_page_down },
	{ "top", view_pager_top },
	{ "bottom", view_pager_bottom },
	{ "find", view_pager_find },
	{ "close", view_pager_close },
	{ NULL, NULL }
};

static void
view_pager_free(void *arg)
{
	struct view_pager	*vp = arg;

	if (vp->close != NULL)
		vp->close(vp->close_arg);
	view_pager_clear(vp);
	if (vp->arg_free != NULL)
		vp->arg_free(vp->arg);
	free(vp->title);
	free(vp);
}

void
view_pager_show(struct view_pager *vp)
{
	struct ui_modal	*m = xcalloc(1, sizeof *m);

	m->mode = vp->mode;
	m->full = 1;
	m->draw = view_pager_draw;
	m->free = view_pager_free;
	m->data = vp;
	m->actions = view_pager_actions;
	m->more = vp->actions;
	m->more_data = vp->arg;
	ui_modal_push(m);
}
