/*
 * The plot view: the numbers of up to PLOT_MAX_SERIES topics over a
 * window of time (1 min, 10 min, 1 h or all, keys of the "plot" table),
 * as braille dots in the subscription colours, with a value axis, a
 * time axis and each series' min, max, average and last value.
 *
 * It is drawn from the store: each series is one SQL read that returns
 * a bucket per dot column (store_value_buckets), never the rows. It is
 * read when it opens, when its window changes, once a second (the window
 * slides), when a message of a series has been stored (at most every
 * VIEW_PLOT_MIN_MS, longer when a read is slow), and right after a frame
 * found the screen resized; never while drawing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "events.h"
#include "conn.h"
#include "key-bindings.h"
#include "loop.h"
#include "msg.h"
#include "plot.h"
#include "plot-data.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_PLOT_MIN_MS	250	/* between reads for arrivals */
#define VIEW_PLOT_TICK_MS	1000	/* the window slides */
#define VIEW_PLOT_LABEL		10	/* value label columns at most */

struct view_plot {
	struct plot_data	 s[PLOT_MAX_SERIES];
	int			 colour[PLOT_MAX_SERIES];
	int			 n;
	int64_t			 window;	/* ms; 0 all */
	int64_t			 from, span;
	int			 cw, ch;	/* canvas cells read for */
	int			 arrived;	/* a series' message came */
	int64_t			 read_at;	/* loop_now of the last read */
	int64_t			 cost;		/* ms the last read took */
	struct loop_timer	*timer;
	struct view_plot	*next;
};

static struct view_plot	*view_plot_open_list;
static int		 view_plot_listening;

static const struct {
	const char	*name;
	int64_t		 ms;
} view_plot_windows[] = {
	{ "1m", 60000 }, { "10m", 600000 }, { "1h", 3600000 }, { "all", 0 }
};
#define VIEW_PLOT_NWINDOWS \
	(sizeof view_plot_windows / sizeof view_plot_windows[0])

static const struct key_hint view_plot_hints[] = {
	{ "mode window-1m|mode window-10m|mode window-1h|mode window-all",
	    "window", 0 },
	{ "mode close", "close", 0 },
	{ "keys plot", "keys", 1 },
	{ NULL, NULL, 0 }
};

/* The earliest a read for arrivals may be, after the last one. */
static int64_t
view_plot_gap(const struct view_plot *vp)
{
	return vp->cost * 4 > VIEW_PLOT_MIN_MS ? vp->cost * 4 :
	    VIEW_PLOT_MIN_MS;
}

/*
 * The canvas for a screen of rows x cols: the legend lines and the time
 * labels above and below it, room for the widest value label before it.
 * 0 when too small to plot.
 */
static int
view_plot_layout(const struct view_plot *vp, int rows, int cols, int *cw,
    int *ch)
{
	*ch = rows - 2 - vp->n - 1;
	*cw = cols - 2 - (VIEW_PLOT_LABEL + 1);
	return *ch >= 2 && cols >= 24;
}

/* Read every series for the screen as it is now, and draw again. */
static void
view_plot_read(struct view_plot *vp)
{
	int64_t	start = loop_now();
	int	i, y, x, h, w;

	ui_modal_area(&y, &x, &h, &w);
	if (!view_plot_layout(vp, h, w, &vp->cw, &vp->ch))
		vp->cw = vp->ch = 1;
	plot_data_window(vp->s, vp->n, vp->window, wall_now(), 2 * vp->cw,
	    &vp->from, &vp->span);
	for (i = 0; i < vp->n; i++)
		plot_data_read(&vp->s[i], vp->from, vp->span, 2 * vp->cw);
	vp->read_at = loop_now();
	vp->cost = vp->read_at - start;
	ui_dirty(UI_DIRTY_STATUS);
}

static void
view_plot_tick(void *arg)
{
	struct view_plot	*vp = arg;

	view_plot_read(vp);
	loop_timer_start(vp->timer, VIEW_PLOT_TICK_MS);
}

static int
view_plot_has(const struct view_plot *vp, const char *conn,
    const char *topic)
{
	int	i;

	for (i = 0; i < vp->n; i++) {
		if (strcmp(vp->s[i].topic, topic) == 0 &&
		    strcmp(vp->s[i].conn, conn) == 0)
			return 1;
	}
	return 0;
}

/* New values: read when they are stored, but not too often. */
static void
view_plot_event(const struct event *ev, void *arg)
{
	struct view_plot	*vp;
	int64_t			 wait;

	for (vp = view_plot_open_list; vp != NULL; vp = vp->next) {
		if (ev->type == EV_MESSAGE && ev->msg->dir == MSG_IN &&
		    ev->msg->conn != NULL && ev->msg->topic != NULL &&
		    view_plot_has(vp, ev->msg->conn, ev->msg->topic))
			vp->arrived = 1;
		if (ev->type != EV_STORED || !vp->arrived)
			continue;
		vp->arrived = 0;
		wait = vp->read_at + view_plot_gap(vp) - loop_now();
		if (wait <= 0)
			view_plot_read(vp);
		else
			loop_timer_start(vp->timer, wait);
	}
}

/* One series' line: its key, name and summary, in its colour. */
static void
view_plot_legend(struct view_plot *vp, int i, int y, int w)
{
	struct plot_data	*d = &vp->s[i];
	attr_t			 attr = theme_sub_attr(vp->colour[i]);
	char			 lo[16], hi[16], avg[16];
	int			 used;

	used = draw_text(y, 2, w, "━━ ", attr | A_BOLD);
	used += draw_bytes(y, 2 + used, w - used, d->topic, strlen(d->topic),
	    attr | A_BOLD);
	if (d->path != NULL && *d->path != '\0') {
		used += draw_text(y, 2 + used, w - used, " ", attr);
		used += draw_bytes(y, 2 + used, w - used, d->path,
		    strlen(d->path), attr);
	}
	if (d->st.n == 0) {
		draw_text(y, 2 + used, w - used, d->path == NULL ?
		    "  no numbers in its messages yet" :
		    "  no values in this window", theme_attr(THEME_META));
		return;
	}
	plot_num(d->st.min, lo, sizeof lo);
	plot_num(d->st.max, hi, sizeof hi);
	plot_num(plot_stats_avg(&d->st), avg, sizeof avg);
	draw_printf(y, 2 + used, w - used, theme_attr(THEME_TEXT),
	    "  min %s  max %s  avg %s  last %s  (%ld values)", lo, hi, avg,
	    d->has_last ? d->last.text : "-", d->st.n);
}

static void
view_plot_draw(void *arg, int rows, int cols)
{
	struct view_plot	*vp = arg;
	struct plot_canvas	 c;
	struct rect		 r = { 0, 0, rows, cols };
	double			 min = INFINITY, max = -INFINITY, lo, hi, step;
	double			 v;
	char			 label[VIEW_PLOT_LABEL + 1], cell[4], ago[16];
	char			*title, *hint, *s;
	int			 i, x, y, top, lw = 1, cw, ch, any = 0, o;

	draw_fill(r, A_NORMAL);
	for (i = 0; i < (int)VIEW_PLOT_NWINDOWS; i++) {
		if (view_plot_windows[i].ms == vp->window)
			break;
	}
	title = xasprintf("Plot · %s · window %s", vp->s[0].conn,
	    i < (int)VIEW_PLOT_NWINDOWS ? view_plot_windows[i].name : "set");
	draw_box(r, title, 1);
	free(title);
	hint = key_bindings_hint("plot", view_plot_hints, cols - 6);
	s = xasprintf(" %s ", hint);
	draw_text(rows - 1, 2, cols - 4, s, theme_attr(THEME_META));
	free(s);
	free(hint);

	top = 1 + vp->n;
	if (!view_plot_layout(vp, rows, cols, &cw, &ch)) {
		draw_text(1, 2, cols - 4, "(too small to plot)",
		    theme_attr(THEME_META));
		return;
	}
	/* Resized: read for the new size after this frame, not in it. */
	if (cw != vp->cw || ch != vp->ch) {
		loop_timer_start(vp->timer, 0);
		return;
	}
	for (i = 0; i < vp->n; i++) {
		view_plot_legend(vp, i, 1 + i, cols - 4);
		if (vp->s[i].st.n == 0)
			continue;
		any = 1;
		if (vp->s[i].st.min < min)
			min = vp->s[i].st.min;
		if (vp->s[i].st.max > max)
			max = vp->s[i].st.max;
	}
	if (!any) {
		draw_text(top + ch / 2, 2, cols - 4, "no values in this window "
		    "yet: the plot follows new ones as they arrive",
		    theme_attr(THEME_META));
		return;
	}
	plot_range(min, max, ch / 3 > 2 ? ch / 3 : 2, &lo, &hi, &step);
	for (v = lo; v <= hi + step / 2; v += step) {
		plot_num(fabs(v) < step / 1e6 ? 0 : v, label, sizeof label);
		if ((int)strlen(label) > lw)
			lw = (int)strlen(label);
	}
	/* The canvas against the right edge, the axis and labels before. */
	x = cols - 1 - vp->cw;
	for (y = 0; y < ch; y++)
		draw_text(top + y, x - 1, 1, "│", theme_attr(THEME_BORDER));
	for (v = lo; v <= hi + step / 2; v += step) {
		y = plot_scale(v, lo, hi, 4 * ch) / 4;
		plot_num(fabs(v) < step / 1e6 ? 0 : v, label, sizeof label);
		draw_printf(top + y, x - 1 - lw, lw, theme_attr(THEME_META),
		    "%*s", lw, label);
		draw_text(top + y, x - 1, 1, "┤", theme_attr(THEME_BORDER));
	}
	plot_canvas_init(&c, vp->cw, ch);
	for (i = 0; i < vp->n; i++)
		plot_canvas_series(&c, vp->s[i].b, vp->s[i].nb, lo, hi, i);
	for (y = 0; y < ch; y++) {
		for (i = 0; i < vp->cw; i++) {
			if ((o = plot_canvas_cell(&c, i, y, cell)) >= 0)
				draw_text(top + y, x + i, 1, cell,
				    theme_sub_attr(vp->colour[o]));
		}
	}
	plot_canvas_free(&c);
	/* The time axis: how long ago the left, the middle, now. */
	y = top + ch;
	draw_text(y, x - 1, 1, "└", theme_attr(THEME_BORDER));
	ago[0] = '-';
	plot_ago(vp->span, ago + 1, sizeof ago - 1);
	draw_text(y, x, cols - 1 - x, ago, theme_attr(THEME_META));
	plot_ago(vp->span / 2, ago + 1, sizeof ago - 1);
	o = (int)strlen(ago);
	if (x + (cols - 1 - x) / 2 - o / 2 > x + 8)
		draw_text(y, x + (cols - 1 - x) / 2 - o / 2, o, ago,
		    theme_attr(THEME_META));
	draw_text(y, cols - 1 - 3 - 1, 3, "now", theme_attr(THEME_META));
}

static int
view_plot_set_window(struct view_plot *vp, int64_t ms)
{
	vp->window = ms;
	view_plot_read(vp);
	return UI_MODAL_KEEP;
}

static int
view_plot_1m(void *arg, char **run)
{
	return view_plot_set_window(arg, 60000);
}

static int
view_plot_10m(void *arg, char **run)
{
	return view_plot_set_window(arg, 600000);
}

static int
view_plot_1h(void *arg, char **run)
{
	return view_plot_set_window(arg, 3600000);
}

static int
view_plot_all(void *arg, char **run)
{
	return view_plot_set_window(arg, 0);
}

static int
view_plot_close(void *arg, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_plot_actions[] = {
	{ "window-1m", view_plot_1m },
	{ "window-10m", view_plot_10m },
	{ "window-1h", view_plot_1h },
	{ "window-all", view_plot_all },
	{ "close", view_plot_close },
	{ NULL, NULL }
};

static void
view_plot_free(void *arg)
{
	struct view_plot	*vp = arg, **pp;
	int			 i;

	for (pp = &view_plot_open_list; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == vp) {
			*pp = vp->next;
			break;
		}
	}
	loop_timer_free(vp->timer);
	for (i = 0; i < vp->n; i++)
		plot_data_clear(&vp->s[i]);
	free(vp);
}

/* Each series its own colour: its subscription's, unless taken. */
static void
view_plot_colours(struct view_plot *vp)
{
	int	i, j, c, used = 0;

	for (i = 0; i < vp->n; i++) {
		c = view_subs_colour(vp->s[i].conn, vp->s[i].topic);
		if (c < 0 || c >= THEME_SUB_COLOURS || (used & 1 << c)) {
			for (j = 0; j < THEME_SUB_COLOURS; j++) {
				c = (i + j) % THEME_SUB_COLOURS;
				if (!(used & 1 << c))
					break;
			}
		}
		vp->colour[i] = c;
		used |= 1 << c;
	}
}

void
view_plot_open(const char *conn, int n, const char **topics,
    const char **paths, int64_t window)
{
	struct view_plot	*vp = xcalloc(1, sizeof *vp);
	struct ui_modal		*m = xcalloc(1, sizeof *m);
	int			 i;

	if (n > PLOT_MAX_SERIES)
		n = PLOT_MAX_SERIES;
	for (i = 0; i < n; i++)
		plot_data_init(&vp->s[i], conn, topics[i], paths[i]);
	vp->n = n;
	vp->window = window;
	view_plot_colours(vp);
	view_plot_read(vp);
	vp->timer = loop_timer_new(view_plot_tick, vp);
	loop_timer_start(vp->timer, VIEW_PLOT_TICK_MS);
	vp->next = view_plot_open_list;
	view_plot_open_list = vp;
	if (!view_plot_listening) {
		events_listen(view_plot_event, NULL);
		view_plot_listening = 1;
	}
	m->mode = "plot";
	m->full = 1;
	m->draw = view_plot_draw;
	m->free = view_plot_free;
	m->data = vp;
	m->actions = view_plot_actions;
	ui_modal_push(m);
}
