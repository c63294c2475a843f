/*
 * The topic tree of a connection (tree.h), in a window at the left of
 * the screen with the message pane beside it: the selected node filters
 * the messages to node/# (the topic itself on a leaf). Each row: the
 * level, the messages under it, a retained mark, the rate over the last
 * minute, the time since the last message, a sparkline of a leaf's
 * numbers and the last payload.
 *
 * Nothing here reads history to draw a frame: the model is refreshed
 * from the topics table (the rows changed since the last look) twice a
 * second, a row's preview is read once for each new last message (by
 * id) and cached, and sparklines come from series.h, as the bubbles'.
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
#include "series.h"
#include "store.h"
#include "theme.h"
#include "tree.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_TREE_REFRESH_MS	500
#define VIEW_TREE_SIDE		62	/* percent of the width */
#define VIEW_TREE_PREVIEW	256	/* payload bytes read for a preview */
#define VIEW_TREE_CACHE		256	/* rows' previews */
#define VIEW_TREE_READS		8	/* sparklines read a frame at most */

/* A row's preview, for the last message it was made of. */
struct view_tree_cache {
	const struct tree_node	*node;
	int64_t			 id;
	char			*preview;	/* shown */
	char			*bytes;		/* the payload's first */
	size_t			 len;
};

struct view_tree {
	char			*conn;
	struct tree		*tree;
	struct panel		 panel;
	struct tree_node	*sel;		/* the node the filter is on */
	char			*filter;
	char			*node;		/* {node}: node/# */
	struct loop_timer	*timer;
	int64_t			 loaded;	/* wall ms, last look */
	struct view_tree_cache	 cache[VIEW_TREE_CACHE];
	int			 cache_next;
	/* An expand, timed until its frame is drawn (monotonic ns). */
	int64_t			 timing;
	int			 timing_kids;
	struct tree_node	*timing_node;
};

/* The window, if open. */
static struct view_tree	*view_tree_open_one;

static void	view_tree_series(struct view_tree *);

static int64_t
view_tree_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
view_tree_add(const struct tree_topic *r, void *arg)
{
	tree_update(arg, r);
}

/* The topics changed since the last look; the rate sums' minute. */
static void
view_tree_load(struct view_tree *vt)
{
	int64_t	now = wall_now();

	store_tree_topics(vt->conn, vt->tree->since > 0 ? vt->tree->since : -1,
	    view_tree_add, vt->tree);
	tree_tick(vt->tree, now);
	vt->loaded = now;
}

static struct tree_node *
view_tree_selected(struct view_tree *vt)
{
	return tree_row(vt->tree, vt->panel.sel);
}

/* The selected node as last laid out, without laying out again. */
static struct tree_node *
view_tree_current(struct view_tree *vt)
{
	int	sel = vt->panel.sel;

	return sel >= 0 && sel < vt->tree->nrows ? vt->tree->rows[sel] : NULL;
}

/* Rows laid out anew: the selection stays on the node keep. */
static void
view_tree_rows(struct view_tree *vt, struct tree_node *keep)
{
	int	n = tree_nrows(vt->tree), row;

	if (vt->panel.n != n)
		panel_set_count(&vt->panel, n);
	if (keep != NULL && tree_row(vt->tree, vt->panel.sel) != keep &&
	    (row = tree_row_of(vt->tree, keep)) >= 0)
		panel_select(&vt->panel, row);
}

/*
 * Before a frame (ui_panels_update): new topics in, and the message view
 * filtered to the selected node when the selection moved.
 */
void
view_tree_update(void)
{
	struct view_tree	*vt = view_tree_open_one;
	struct tree_node	*n;

	if (vt == NULL)
		return;
	n = view_tree_current(vt);
	if (wall_now() - vt->loaded >= VIEW_TREE_REFRESH_MS)
		view_tree_load(vt);
	view_tree_rows(vt, n);
	view_tree_series(vt);
	n = view_tree_selected(vt);
	if (n == vt->sel)
		return;
	vt->sel = n;
	free(vt->filter);
	vt->filter = n != NULL ? tree_filter(n) : NULL;
	if (vt->filter != NULL)
		view_msgs_set(vt->conn, vt->filter);
	ui_dirty(UI_DIRTY_MSGS);
}

const char *
view_tree_node(void)
{
	struct view_tree	*vt = view_tree_open_one;
	struct tree_node	*n;
	char			*path;

	if (vt == NULL || (n = view_tree_selected(vt)) == NULL)
		return NULL;
	/* node/# also matches the node's own topic. */
	path = tree_path(n);
	free(vt->node);
	vt->node = xasprintf("%s/#", path);
	free(path);
	return vt->node;
}

static void
view_tree_timer(void *arg)
{
	struct view_tree	*vt = arg;

	ui_dirty(UI_DIRTY_ALL);
	loop_timer_start(vt->timer, VIEW_TREE_REFRESH_MS);
}

/* Spaces for runs of blanks (a pretty-printed JSON on one line). */
static char *
view_tree_squeeze(const char *p, size_t len, size_t total)
{
	struct buf	 b, out;
	size_t		 i;
	int		 blank = 0;

	buf_init(&b);
	for (i = 0; i < len; i++) {
		if (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' ||
		    p[i] == '\r') {
			blank = 1;
			continue;
		}
		if (blank && b.len > 0)
			buf_addc(&b, ' ');
		blank = 0;
		buf_addc(&b, p[i]);
	}
	buf_init(&out);
	sanitize(&out, b.p != NULL ? b.p : "", b.len, 0);
	if (total > len)
		buf_adds(&out, "…");
	buf_free(&b);
	b.p = xstrdup(buf_str(&out));
	buf_free(&out);
	return b.p;
}

/* The node's cached preview, read again on a new message. */
static struct view_tree_cache *
view_tree_cached(struct view_tree *vt, const struct tree_node *n)
{
	struct view_tree_cache	*c = NULL;
	char			 buf[VIEW_TREE_PREVIEW + 1];
	size_t			 len, total;
	int			 i;

	for (i = 0; i < VIEW_TREE_CACHE; i++) {
		if (vt->cache[i].node == n) {
			c = &vt->cache[i];
			break;
		}
	}
	if (c != NULL && c->id == n->sum_last_id)
		return c;
	if (c == NULL) {
		c = &vt->cache[vt->cache_next];
		vt->cache_next = (vt->cache_next + 1) % VIEW_TREE_CACHE;
	}
	free(c->preview);
	free(c->bytes);
	c->node = n;
	c->id = n->sum_last_id;
	if (store_tree_preview(n->sum_last_id, buf, VIEW_TREE_PREVIEW, &len,
	    &total) != 1)
		len = total = 0;
	c->preview = view_tree_squeeze(buf, len, total);
	c->bytes = xmemdup(buf, len + 1);
	c->len = len;
	return c;
}

/*
 * Before a frame: the leaves on the screen have their sparklines read
 * (series.h: once for each new message with a number, a few a frame).
 */
static void
view_tree_series(struct view_tree *vt)
{
	struct view_tree_cache	*c;
	struct tree_node	*n;
	char			*path;
	int			 i, reads = 0;

	for (i = vt->panel.top; i < vt->panel.top + vt->panel.h; i++) {
		if ((n = tree_row(vt->tree, i)) == NULL)
			break;
		if (n->nkids > 0 || n->topic_id == 0)
			continue;
		c = view_tree_cached(vt, n);
		path = tree_path(n);
		if (reads < VIEW_TREE_READS)
			reads += series_update(vt->conn, path, n->last_id,
			    c->bytes, c->len);
		free(path);
	}
}

/* "12", "12k", "3.4M": a count in at most 5 columns. */
static void
view_tree_count(char *s, size_t size, int64_t v)
{
	if (v < 100000)
		snprintf(s, size, "%lld", (long long)v);
	else if (v < 10000000)
		snprintf(s, size, "%lldk", (long long)(v / 1000));
	else
		snprintf(s, size, "%.1fM", (double)v / 1e6);
}

static void
view_tree_age(char *s, size_t size, int64_t ms)
{
	int64_t	sec = ms > 0 ? ms / 1000 : 0;

	if (sec < 60)
		snprintf(s, size, "%llds", (long long)sec);
	else if (sec < 3600)
		snprintf(s, size, "%lldm", (long long)(sec / 60));
	else if (sec < 86400)
		snprintf(s, size, "%lldh", (long long)(sec / 3600));
	else
		snprintf(s, size, "%lldd", (long long)(sec / 86400));
}

static void
view_tree_rate(char *s, size_t size, double r)
{
	if (r < 0.05)
		snprintf(s, size, "-");
	else if (r < 10)
		snprintf(s, size, "%.1f/m", r);
	else if (r < 100000)
		snprintf(s, size, "%.0f/m", r);
	else
		snprintf(s, size, "%.0fk/m", r / 1000);
}

/*
 * Columns at the right of the level: count (6), retained mark (2), rate
 * (8), age (5), sparkline; the preview takes what is left.
 */
#define VIEW_TREE_NUMS	21

static void
view_tree_row(struct panel *p, const struct panel_row *r)
{
	struct view_tree	*vt = p->arg;
	struct tree_node	*n = tree_row(vt->tree, r->row);
	struct view_tree_cache	*c;
	struct buf		 b;
	char			 num[32], rate[32], age[32], *path;
	const char		*spark;
	attr_t			 a, meta, ra;
	int			 x = p->x, y = r->y, w = p->w;
	int			 nw, sw, x2, ind, cells;

	if (n == NULL)
		return;
	a = r->row == p->sel ? theme_attr(THEME_SELECTION) : 0;
	meta = a != 0 ? a : theme_attr(THEME_META);
	draw_fill((struct rect){ y, x, 1, w }, a);

	/* The level: indented, with its expander. */
	nw = w * 2 / 5;
	if (nw < 12)
		nw = w < 12 ? w : 12;
	ind = 2 * n->depth;
	if (ind > nw / 2)
		ind = nw / 2;
	buf_init(&b);
	buf_adds(&b, n->nkids == 0 ? "  " : n->expanded ? "▾ " : "▸ ");
	if (*n->name == '\0')
		buf_adds(&b, "(empty)");
	else
		sanitize(&b, n->name, strlen(n->name), 0);
	if (n->nkids > 0 && !n->expanded)
		buf_addf(&b, " (%d)", n->nkids);
	draw_text(y, x + ind, nw - ind, buf_str(&b), a != 0 ? a :
	    theme_attr(THEME_TOPIC) | (n->nkids > 0 ? A_BOLD : 0));
	buf_free(&b);
	x2 = x + nw + 1;
	if (x2 + VIEW_TREE_NUMS > x + w)
		return;

	view_tree_count(num, sizeof num, n->sum_msgs);
	view_tree_rate(rate, sizeof rate, tree_rate(vt->tree, n, wall_now()));
	view_tree_age(age, sizeof age, wall_now() - n->sum_last_ms);
	draw_printf(y, x2, 6, a, "%5s", num);
	/* R: a retained message is kept here; r: under it. */
	ra = a != 0 ? a | A_BOLD : theme_attr(THEME_RETAINED_BADGE);
	if (n->retained)
		draw_text(y, x2 + 6, 1, "R", ra);
	else if (n->sum_retained > 0)
		draw_text(y, x2 + 6, 1, "r", meta);
	draw_printf(y, x2 + 8, 7, meta, "%7s", rate);
	draw_printf(y, x2 + 16, 4, meta, "%4s", age);
	x2 += VIEW_TREE_NUMS + 1;

	c = view_tree_cached(vt, n);
	sw = 0;
	spark = NULL;
	if (n->nkids == 0) {
		path = tree_path(n);
		spark = series_spark(vt->conn, path, &cells);
		free(path);
	}
	if (spark != NULL && x2 + cells < x + w) {
		draw_text(y, x2, cells, spark, a != 0 ? a :
		    theme_attr(THEME_JSON_NUMBER));
		sw = cells + 1;
	}
	if (x2 + sw < x + w)
		draw_text(y, x2 + sw, x + w - x2 - sw, c->preview, a);
}

static int
view_tree_has(const struct tree_node *n, const void *text)
{
	return panel_has(n->name, text);
}

/* Type to find: any node, open or not, opened to show it. */
static int
view_tree_find_node(struct panel *p, const char *text, int dir)
{
	struct view_tree	*vt = p->arg;
	struct tree_node	*n;

	n = tree_search(vt->tree, view_tree_selected(vt), dir, view_tree_has,
	    text);
	if (n == NULL)
		return 0;
	tree_reveal(vt->tree, n);
	view_tree_rows(vt, n);
	return 1;
}

static const struct key_hint view_tree_hints[] = {
	{ "mode expand|mode collapse", "open/close", 0 },
	{ "mode expand-all", "all", 1 },
	{ "mode open", "last message", 2 },
	{ "mode find", "find", 1 },
	{ "mode close", "close", 0 },
	{ "keys tree", "keys", 1 },
	{ NULL, NULL, 0 }
};

static void
view_tree_draw(void *arg, int rows, int cols)
{
	struct view_tree	*vt = arg;
	struct rect		 r = { 0, 0, rows, cols };
	struct buf		 b;
	char			*hint, *s;
	int64_t			 ns;

	view_tree_rows(vt, view_tree_current(vt));
	panel_layout(&vt->panel, 1, 1, rows - 2, cols - 2);
	vt->panel.focused = 1;
	draw_fill(r, A_NORMAL);
	buf_init(&b);
	buf_adds(&b, "Topics · ");
	sanitize(&b, vt->conn, strlen(vt->conn), 0);
	buf_addf(&b, " · %lld", (long long)vt->tree->ntopics);
	draw_box(r, buf_str(&b), 1);
	buf_free(&b);
	if (vt->tree->ntopics == 0)
		draw_text(2, 2, cols - 4, "no topics seen on this connection "
		    "yet", theme_attr(THEME_META));
	draw_panel(&vt->panel);
	hint = key_bindings_hint("tree", view_tree_hints, cols - 6);
	s = xasprintf(" %s ", hint);
	draw_text(rows - 1, 2, cols - 4, s, theme_attr(THEME_META));
	free(s);
	free(hint);

	/* An expand is drawn: say how long it took, keys to frame. */
	if (vt->timing != 0) {
		ns = view_tree_ns() - vt->timing;
		vt->timing = 0;
		s = tree_path(vt->timing_node);
		ui_status(0, "%s: %d row%s under it shown in %.1f ms", s,
		    vt->timing_kids, vt->timing_kids == 1 ? "" : "s",
		    (double)ns / 1e6);
		free(s);
	}
}

/* Time an expand of n until its frame is drawn. */
static void
view_tree_timed(struct view_tree *vt, struct tree_node *n, int all)
{
	int	before;

	vt->timing = view_tree_ns();
	vt->timing_node = n;
	before = tree_nrows(vt->tree);
	if (all)
		tree_expand_all(vt->tree, n);
	else
		tree_expand(vt->tree, n, 1);
	vt->timing_kids = tree_nrows(vt->tree) - before;
	view_tree_rows(vt, n);
}

static int
view_tree_expand(void *arg, char **run)
{
	struct view_tree	*vt = arg;
	struct tree_node	*n = view_tree_selected(vt);

	if (n == NULL || n->nkids == 0)
		return UI_MODAL_KEEP;
	if (n->expanded)
		panel_move(&vt->panel, 1);	/* into it, as a file tree */
	else
		view_tree_timed(vt, n, 0);
	return UI_MODAL_KEEP;
}

static int
view_tree_expand_all(void *arg, char **run)
{
	struct view_tree	*vt = arg;
	struct tree_node	*n = view_tree_selected(vt);

	if (n != NULL && n->nkids > 0)
		view_tree_timed(vt, n, 1);
	return UI_MODAL_KEEP;
}

/* Close an open node, else go to the parent. */
static int
view_tree_collapse(void *arg, char **run)
{
	struct view_tree	*vt = arg;
	struct tree_node	*n = view_tree_selected(vt);

	if (n == NULL)
		return UI_MODAL_KEEP;
	if (n->expanded && n->nkids > 0) {
		tree_expand(vt->tree, n, 0);
		view_tree_rows(vt, n);
	} else if (n->depth > 0)
		panel_select(&vt->panel, tree_row_of(vt->tree, n->parent));
	return UI_MODAL_KEEP;
}

/* Enter: a node opens or closes, a leaf shows its last message. */
static int
view_tree_open_action(void *arg, char **run)
{
	struct view_tree	*vt = arg;
	struct tree_node	*n = view_tree_selected(vt);

	if (n == NULL)
		return UI_MODAL_KEEP;
	if (n->nkids == 0) {
		if (n->last_id != 0)
			view_detail_open(n->last_id);
	} else if (n->expanded) {
		tree_expand(vt->tree, n, 0);
		view_tree_rows(vt, n);
	} else
		view_tree_timed(vt, n, 0);
	return UI_MODAL_KEEP;
}

static int
view_tree_move(void *arg, int delta)
{
	struct view_tree	*vt = arg;

	panel_move(&vt->panel, delta);
	return UI_MODAL_KEEP;
}

static int
view_tree_up(void *arg, char **run)
{
	return view_tree_move(arg, -1);
}

static int
view_tree_down(void *arg, char **run)
{
	return view_tree_move(arg, 1);
}

static int
view_tree_top(void *arg, char **run)
{
	return view_tree_move(arg, INT_MIN);
}

static int
view_tree_bottom(void *arg, char **run)
{
	return view_tree_move(arg, INT_MAX);
}

static int
view_tree_page_up(void *arg, char **run)
{
	panel_page(&((struct view_tree *)arg)->panel, -1);
	return UI_MODAL_KEEP;
}

static int
view_tree_page_down(void *arg, char **run)
{
	panel_page(&((struct view_tree *)arg)->panel, 1);
	return UI_MODAL_KEEP;
}

static int
view_tree_find(void *arg, char **run)
{
	view_find_open(&((struct view_tree *)arg)->panel, NULL, NULL);
	return UI_MODAL_KEEP;
}

static int
view_tree_close(void *arg, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_tree_actions[] = {
	{ "up", view_tree_up },
	{ "down", view_tree_down },
	{ "page-up", view_tree_page_up },
	{ "page-down", view_tree_page_down },
	{ "top", view_tree_top },
	{ "bottom", view_tree_bottom },
	{ "expand", view_tree_expand },
	{ "collapse", view_tree_collapse },
	{ "expand-all", view_tree_expand_all },
	{ "open", view_tree_open_action },
	{ "find", view_tree_find },
	{ "close", view_tree_close },
	{ NULL, NULL }
};

static void
view_tree_free(void *arg)
{
	struct view_tree	*vt = arg;
	int			 i;

	if (view_tree_open_one == vt)
		view_tree_open_one = NULL;
	loop_timer_free(vt->timer);
	for (i = 0; i < VIEW_TREE_CACHE; i++) {
		free(vt->cache[i].preview);
		free(vt->cache[i].bytes);
	}
	tree_free(vt->tree);
	free(vt->tree);
	free(vt->filter);
	free(vt->node);
	free(vt->conn);
	free(vt);
}

/*
 * Open the tree of conn (or show it again in the open window), on the
 * node of topic (NULL: the top); all: expand everything under it. -1
 * when the connection has no such topic.
 */
int
view_tree_open(const char *conn, const char *topic, int all)
{
	struct ui_modal		*m;
	struct view_tree	*vt = view_tree_open_one;
	struct tree		*t = xmalloc(sizeof *t);
	struct tree_node	*n = NULL;
	int			 row, i;

	/* On the heap: its nodes point at its root. */
	tree_init(t);
	store_tree_topics(conn, -1, view_tree_add, t);
	if (topic != NULL && *topic != '\0' &&
	    (n = tree_find(t, topic)) == NULL) {
		tree_free(t);
		free(t);
		return -1;
	}
	if (vt == NULL) {
		vt = xcalloc(1, sizeof *vt);
		vt->timer = loop_timer_new(view_tree_timer, vt);
		m = xcalloc(1, sizeof *m);
		m->mode = "tree";
		m->side = VIEW_TREE_SIDE;
		m->draw = view_tree_draw;
		m->free = view_tree_free;
		m->data = vt;
		m->actions = view_tree_actions;
		view_tree_open_one = vt;
		ui_modal_push(m);
	} else {
		/* The open window shows this one now. */
		tree_free(vt->tree);
		free(vt->tree);
		for (i = 0; i < VIEW_TREE_CACHE; i++) {
			free(vt->cache[i].preview);
			free(vt->cache[i].bytes);
			memset(&vt->cache[i], 0, sizeof vt->cache[i]);
		}
		free(vt->conn);
		vt->sel = NULL;
	}
	vt->conn = xstrdup(conn);
	vt->tree = t;
	tree_tick(vt->tree, wall_now());
	vt->loaded = wall_now();
	panel_init(&vt->panel, 0, vt);
	vt->panel.draw = view_tree_row;
	vt->panel.find = view_tree_find_node;
	if (n != NULL) {
		tree_reveal(vt->tree, n);
		if (all)
			tree_expand_all(vt->tree, n);
	} else if (all)
		tree_expand_all(vt->tree, &vt->tree->root);
	panel_set_count(&vt->panel, tree_nrows(vt->tree));
	if (n != NULL && (row = tree_row_of(vt->tree, n)) >= 0)
		panel_select(&vt->panel, row);
	loop_timer_start(vt->timer, VIEW_TREE_REFRESH_MS);
	ui_dirty(UI_DIRTY_ALL);
	return 0;
}
