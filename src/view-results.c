/*
 * Search results: a list at the foot of the message pane, newest first,
 * read from the store a page at a time as the selection nears its end
 * (the search runs in slices on loop timers, never stalling the screen).
 * Moving through it shows each hit in context in the message view above
 * (n and N, like a quickfix list); Enter opens the detail. The rows kept
 * are the pages asked for, at most VIEW_RESULTS_MAX.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "key-bindings.h"
#include "loop.h"
#include "panel.h"
#include "sanitize.h"
#include "search.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_RESULTS_H		10	/* rows of the pane it takes */
#define VIEW_RESULTS_PAGE	50
#define VIEW_RESULTS_MAX	10000
#define VIEW_RESULTS_PREVIEW	160	/* payload bytes kept a row */
#define VIEW_RESULTS_SLICE_MS	10

struct view_results_row {
	int64_t	 id;
	int64_t	 time_ms;
	int	 dir;
	char	*conn;
	char	*topic;
	char	*preview;
	size_t	 len;
};

struct view_results {
	struct search_query	 q;
	struct store_search	*ss;
	struct loop_timer	*timer;
	struct view_results_row	*v;
	int			 n;
	int			 running;
	int			 full;		/* VIEW_RESULTS_MAX reached */
	char			*title;
	struct panel		 panel;
	int64_t			 shown;		/* the hit in the message view */
};

static void	view_results_step(void *);

static void
view_results_free(void *data)
{
	struct view_results	*vr = data;
	int			 i;

	loop_timer_free(vr->timer);
	store_search_free(vr->ss);
	search_free(&vr->q);
	for (i = 0; i < vr->n; i++) {
		free(vr->v[i].conn);
		free(vr->v[i].topic);
		free(vr->v[i].preview);
	}
	free(vr->v);
	free(vr->title);
	free(vr);
}

static void
view_results_hit(const struct msg *m, void *arg)
{
	struct view_results	*vr = arg;
	struct view_results_row	*r;

	if (vr->n >= VIEW_RESULTS_MAX) {
		vr->full = 1;
		return;
	}
	vr->v = xrealloc(vr->v, (vr->n + 1) * sizeof *vr->v);
	r = &vr->v[vr->n++];
	r->id = m->id;
	r->time_ms = m->time_ms;
	r->dir = m->dir;
	r->conn = xstrdup(m->conn);
	r->topic = xstrdup(m->topic);
	r->len = m->len < VIEW_RESULTS_PREVIEW ? m->len : VIEW_RESULTS_PREVIEW;
	r->preview = xmemdup(m->payload, r->len + 1);
	r->preview[r->len] = '\0';
}

/* Ask for another page when the selection is near the end. */
static void
view_results_want(struct view_results *vr)
{
	if (vr->running || vr->full || store_search_done(vr->ss) ||
	    vr->panel.sel < vr->n - VIEW_RESULTS_PAGE / 2)
		return;
	store_search_more(vr->ss, VIEW_RESULTS_PAGE);
	vr->running = 1;
	loop_timer_start(vr->timer, 0);
}

/* The selected hit, in context, in the message view above. */
static void
view_results_show(struct view_results *vr)
{
	struct view_results_row	*r;

	if (vr->panel.sel < 0 || vr->panel.sel >= vr->n)
		return;
	r = &vr->v[vr->panel.sel];
	if (r->id == vr->shown)
		return;
	vr->shown = r->id;
	if (ui_goto_msg(r->conn, r->id) != 0)
		ui_status(0, "%s is not in the connection list: Enter shows "
		    "the message", r->conn);
}

static void
view_results_step(void *arg)
{
	struct view_results	*vr = arg;
	int			 n = vr->n, rc;

	rc = store_search_step(vr->ss, VIEW_RESULTS_SLICE_MS,
	    view_results_hit, vr);
	if (vr->n != n) {
		panel_set_count(&vr->panel, vr->n);
		if (n == 0)
			view_results_show(vr);
		ui_dirty(UI_DIRTY_ALL);
	}
	if (rc > 0 && !vr->full) {
		loop_timer_start(vr->timer, 0);
		return;
	}
	vr->running = 0;
	if (rc < 0)
		ui_status(1, "search: reading the history failed");
	ui_dirty(UI_DIRTY_ALL);
}

static int
view_results_move(struct view_results *vr, int delta)
{
	if (delta != 0)
		panel_move(&vr->panel, delta);
	view_results_show(vr);
	view_results_want(vr);
	ui_dirty(UI_DIRTY_ALL);
	return UI_MODAL_KEEP;
}

static int
view_results_up(void *data, char **run)
{
	return view_results_move(data, -1);
}

static int
view_results_down(void *data, char **run)
{
	return view_results_move(data, 1);
}

static int
view_results_page_up(void *data, char **run)
{
	struct view_results	*vr = data;

	panel_page(&vr->panel, -1);
	return view_results_move(vr, 0);
}

static int
view_results_page_down(void *data, char **run)
{
	struct view_results	*vr = data;

	panel_page(&vr->panel, 1);
	return view_results_move(vr, 0);
}

static int
view_results_top(void *data, char **run)
{
	return view_results_move(data, INT_MIN);
}

static int
view_results_bottom(void *data, char **run)
{
	return view_results_move(data, INT_MAX);
}

static int
view_results_open_detail(void *data, char **run)
{
	struct view_results	*vr = data;

	if (vr->panel.sel >= 0 && vr->panel.sel < vr->n)
		view_detail_open(vr->v[vr->panel.sel].id);
	return UI_MODAL_KEEP;
}

static int
view_results_close(void *data, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_results_actions[] = {
	{ "up", view_results_up },
	{ "down", view_results_down },
	{ "page-up", view_results_page_up },
	{ "page-down", view_results_page_down },
	{ "top", view_results_top },
	{ "bottom", view_results_bottom },
	{ "open", view_results_open_detail },
	{ "close", view_results_close },
	{ NULL, NULL }
};

static const struct key_hint view_results_hints[] = {
	{ "mode down|mode up", "next/previous hit", 0 },
	{ "mode open", "open", 0 },
	{ "mode close", "close", 0 },
	{ "keys results", "keys", 1 },
	{ NULL, NULL, 0 }
};

static void
view_results_row(struct panel *p, const struct panel_row *pr)
{
	struct view_results	*vr = p->arg;
	struct view_results_row	*r = &vr->v[pr->row];
	attr_t			 a = pr->row == p->sel ?
				    theme_attr(THEME_SELECTION) : A_NORMAL;
	time_t			 t = (time_t)(r->time_ms / 1000);
	struct tm		 tm;
	struct buf		 b;
	char			 when[32];
	int			 x = p->x, w;

	if (pr->row == p->sel)
		draw_fill((struct rect){ pr->y, p->x, 1, p->w }, a);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%m-%d %H:%M:%S", &tm);
	w = draw_text(pr->y, x, p->w, when, a == A_NORMAL ?
	    theme_attr(THEME_META) : a);
	x += w + 1;
	buf_init(&b);
	sanitize(&b, r->conn, strlen(r->conn), 0);
	buf_adds(&b, r->dir == MSG_OUT ? " → " : " ← ");
	sanitize(&b, r->topic, strlen(r->topic), 0);
	if (x < p->x + p->w)
		x += draw_text(pr->y, x, p->x + p->w - x, buf_str(&b),
		    a == A_NORMAL ? theme_attr(THEME_TOPIC) : a) + 1;
	buf_free(&b);
	if (x < p->x + p->w)
		draw_bytes(pr->y, x, p->x + p->w - x, r->preview, r->len, a);
}

static void
view_results_draw(void *data, int rows, int cols)
{
	struct view_results	*vr = data;
	struct rect		 box;
	char			*title, *help;

	ui_modal_area(&box.y, &box.x, &box.h, &box.w);
	draw_fill(box, A_NORMAL);
	title = xasprintf("%s — %d%s hit%s%s", vr->title, vr->n,
	    vr->full || (!store_search_done(vr->ss) && !vr->running &&
	    vr->n > 0) ? "+" : "", vr->n == 1 ? "" : "s",
	    vr->running ? " (searching…)" : "");
	draw_box(box, title, 1);
	free(title);
	panel_layout(&vr->panel, box.y + 1, box.x + 1, box.h - 2, box.w - 2);
	if (vr->n == 0 && !vr->running)
		draw_text(box.y + 1, box.x + 2, box.w - 4, "no hits",
		    theme_attr(THEME_META));
	else
		draw_panel(&vr->panel);
	help = key_bindings_hint("results", view_results_hints, box.w - 4);
	draw_text(box.y + box.h - 1, box.x + 2, box.w - 4, help,
	    theme_attr(THEME_META));
	free(help);
}

/* Takes the query (q is left empty); 0, or -1 with *err (heap). */
int
view_results_open(struct search_query *q, const char *line, char **err)
{
	struct view_results	*vr = xcalloc(1, sizeof *vr);
	struct ui_modal		*m;

	vr->q = *q;
	search_init(q);
	/* Paged as the list is read: -n bounds it only when given. */
	if (!vr->q.limit_set)
		vr->q.limit = 0;
	if ((vr->ss = store_search_new(&vr->q, err)) == NULL) {
		search_free(&vr->q);
		free(vr);
		return -1;
	}
	store_search_more(vr->ss, VIEW_RESULTS_PAGE);
	vr->title = xstrdup(line);
	vr->timer = loop_timer_new(view_results_step, vr);
	panel_init(&vr->panel, 0, vr);
	vr->panel.draw = view_results_row;
	panel_set_count(&vr->panel, 0);
	vr->running = 1;
	loop_timer_start(vr->timer, 0);

	m = xcalloc(1, sizeof *m);
	m->mode = "results";
	m->panel = VIEW_RESULTS_H;
	m->draw = view_results_draw;
	m->actions = view_results_actions;
	m->free = view_results_free;
	m->data = vr;
	m->cy = m->cx = -1;
	ui_modal_push(m);
	return 0;
}
