/*
 * The chat-style message view: a PANEL_BOTTOM panel over a window of
 * history. The window is a few screens of one connection's messages read
 * from the store, oldest first, ending at an anchor (0: at the newest
 * there is). Moving past either end of it slides it (view_msgs_more), so
 * nothing grows with history. It is read when the view changes and before
 * a frame, never while drawing. Received messages sit on the left,
 * published ones on the right; each connection keeps its own text filter.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "fmt-fold.h"
#include "msg.h"
#include "panel.h"
#include "sanitize.h"
#include "series.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_MSGS_PREVIEW	16384	/* payload bytes read per message */
#define VIEW_MSGS_MIN		16	/* messages in the window at least */
#define VIEW_MSGS_MAX		128	/* and at most */
#define VIEW_MSGS_SPARK_READS	8	/* topics' sparklines read a frame */

struct view_msg {
	int64_t		 id;
	int		 dir;
	char		*topic;
	char		*payload;	/* the first VIEW_MSGS_PREVIEW bytes */
	size_t		 len;		/* bytes held */
	size_t		 total;		/* bytes in the message */
	int		 qos;
	int		 retain;
	int64_t		 time_ms;
	struct fmt_fold	 fold;		/* the body, at vm.cols */
	int		 bw;		/* bubble columns */
};

/* A connection's text filter. */
struct view_msgs_text {
	char			*conn;
	char			*text;
	struct view_msgs_text	*next;
};

static struct {
	struct panel		 panel;
	char			*conn;
	char			*filter;	/* subscription filter */
	struct view_msgs_text	*texts;
	int64_t			 anchor;	/* newest id held, or 0 */
	struct view_msg		*win;		/* oldest first */
	int			 nwin;
	int			 cols;		/* body columns */
	int			 maxlines;
	int			 maxw;
	long			 fresh;		/* arrived, scrolled up */
} vm;

static int	view_msgs_more(struct panel *, int);

const char *
view_msgs_text(void)
{
	struct view_msgs_text	*t;

	for (t = vm.texts; vm.conn != NULL && t != NULL; t = t->next) {
		if (strcmp(t->conn, vm.conn) == 0)
			return t->text;
	}
	return NULL;
}

static void
view_msgs_free_window(void)
{
	int	i;

	for (i = 0; i < vm.nwin; i++) {
		free(vm.win[i].topic);
		free(vm.win[i].payload);
		fmt_fold_free(&vm.win[i].fold);
	}
	free(vm.win);
	vm.win = NULL;
	vm.nwin = 0;
}

/* Topic, QoS, retained badge and time: the columns the header needs. */
static int
view_msgs_header_width(const struct view_msg *m)
{
	struct buf	topic;
	int		w, cells;

	buf_init(&topic);
	sanitize(&topic, m->topic, strlen(m->topic), 0);
	w = sanitize_width(buf_str(&topic), topic.len);
	buf_free(&topic);
	if (series_spark(vm.conn, m->topic, &cells) != NULL)
		w += 1 + cells;				/* " ▁▃▅" */
	return w + 4 + (m->retain ? 4 : 0) + 8;	/* " q0 " " R " time */
}

static void
view_msgs_fold(struct view_msg *m)
{
	fmt_fold_free(&m->fold);
	fmt_fold(&m->fold, m->payload, m->len, m->total, vm.cols,
	    vm.maxlines);
	m->bw = view_msgs_header_width(m);
	if (m->fold.width > m->bw)
		m->bw = m->fold.width;
	m->bw += 2;
	if (m->bw > vm.maxw)
		m->bw = vm.maxw;
}

static int
view_msgs_wanted(const struct msg *m)
{
	const char	*text = view_msgs_text();
	size_t		 n;

	if (text == NULL)
		return 1;
	n = strlen(text);
	if (strstr(m->topic, text) != NULL)
		return 1;
	return m->len >= n && memmem(m->payload, m->len, text, n) != NULL;
}

struct view_msgs_fetch {
	int	limit;
	int64_t	last;
};

static void
view_msgs_add(const struct msg *m, void *arg)
{
	struct view_msgs_fetch	*f = arg;
	struct view_msg		*v;

	f->last = m->id;
	if (vm.nwin >= f->limit || !view_msgs_wanted(m))
		return;
	vm.win = xrealloc(vm.win, (vm.nwin + 1) * sizeof *vm.win);
	v = &vm.win[vm.nwin++];
	memset(v, 0, sizeof *v);
	v->id = m->id;
	v->dir = m->dir;
	v->topic = xstrdup(m->topic);
	v->len = m->len < VIEW_MSGS_PREVIEW ? m->len : VIEW_MSGS_PREVIEW;
	v->payload = xmemdup(m->payload, v->len + 1);
	v->payload[v->len] = '\0';
	v->total = m->len;
	v->qos = m->qos;
	v->retain = m->retain;
	v->time_ms = m->time_ms;
}

/* Messages in the window: a few screens, as bubbles take 3 lines at least. */
static int
view_msgs_limit(void)
{
	int	limit = vm.panel.h;

	if (limit < VIEW_MSGS_MIN)
		limit = VIEW_MSGS_MIN;
	return limit < VIEW_MSGS_MAX ? limit : VIEW_MSGS_MAX;
}

/* Read the window that ends at the anchor, oldest first, laid out. */
static void
view_msgs_fetch(void)
{
	struct view_msgs_fetch	f;
	struct view_msg		t;
	int64_t			before;
	int			i, n;

	before = vm.anchor > 0 ? vm.anchor + 1 : 0;
	view_msgs_free_window();
	if (vm.conn == NULL)
		return;
	f.limit = view_msgs_limit();
	/* A text filter may skip rows: read a few windows at most. */
	for (i = 0; i < 8 && vm.nwin < f.limit; i++) {
		f.last = 0;
		n = store_msg_window(vm.conn, vm.filter, before, f.limit,
		    view_msgs_add, &f);
		if (n <= 0 || f.last == 0 || view_msgs_text() == NULL)
			break;
		before = f.last;
	}
	/*
	 * Newest first: each topic's sparkline is read (if at all) once, and
	 * a few topics a frame at most; the others keep theirs till the next.
	 */
	for (i = 0, n = 0; i < vm.nwin && n < VIEW_MSGS_SPARK_READS; i++)
		n += series_update(vm.conn, vm.win[i].topic, vm.win[i].id,
		    vm.win[i].payload, vm.win[i].len);
	for (i = 0; i < vm.nwin / 2; i++) {
		t = vm.win[i];
		vm.win[i] = vm.win[vm.nwin - 1 - i];
		vm.win[vm.nwin - 1 - i] = t;
	}
	for (i = 0; i < vm.nwin; i++)
		view_msgs_fold(&vm.win[i]);
}

/* The row of id, or of the first one after it; the last row if none. */
static int
view_msgs_index(int64_t id)
{
	int	i;

	for (i = 0; i < vm.nwin; i++) {
		if (vm.win[i].id >= id)
			return i;
	}
	return vm.nwin > 0 ? vm.nwin - 1 : 0;
}

int
view_msgs_following(void)
{
	return vm.anchor == 0 && vm.panel.sel >= vm.nwin - 1;
}

/*
 * Read the window again, the selection and the view on the same messages.
 * Scrolled up, the window holds still (anchored at its newest) so that
 * arrivals do not push what is being read away.
 */
static void
view_msgs_reload(void)
{
	struct panel	*p = &vm.panel;
	int64_t		 sel = 0, bottom = 0;
	int		 follow = view_msgs_following();

	if (!follow && vm.nwin > 0) {
		sel = vm.win[p->sel].id;
		bottom = vm.win[p->bottom].id;
		if (vm.anchor == 0)
			vm.anchor = vm.win[vm.nwin - 1].id;
	}
	view_msgs_fetch();
	p->sel = follow ? vm.nwin - 1 : view_msgs_index(sel);
	p->bottom = follow ? vm.nwin - 1 : view_msgs_index(bottom);
	panel_set_count(p, vm.nwin);
}

/* Past an end of the window: slide it (see struct panel's more). */
static int
view_msgs_more(struct panel *p, int dir)
{
	int64_t	sel, bottom, edge, id, next = 0;
	int	i;

	if (vm.conn == NULL) {
		view_msgs_free_window();
		panel_set_count(p, 0);
		return 0;
	}
	if (dir == INT_MAX || dir == INT_MIN) {
		/* The newest, or the window of the oldest there are. */
		id = 0;
		for (i = 0; dir == INT_MIN && i < view_msgs_limit(); i++) {
			if ((next = store_msg_newer(vm.conn, vm.filter,
			    id)) == 0)
				break;
			id = next;
		}
		vm.anchor = next == 0 ? 0 : id;
		vm.fresh = 0;
		view_msgs_fetch();
		p->sel = p->bottom = dir == INT_MIN ? 0 : vm.nwin - 1;
		panel_set_count(p, vm.nwin);
		return 1;
	}
	if (vm.nwin == 0 || (dir > 0 && vm.anchor == 0))
		return 0;
	/* A window not full holds the oldest already (unless text hid some). */
	if (dir < 0 && vm.nwin < view_msgs_limit() && view_msgs_text() == NULL)
		return 0;
	sel = vm.win[p->sel].id;
	bottom = vm.win[p->bottom].id;
	if (dir < 0) {
		/* Older: a window that ends at the last row shown. */
		edge = vm.win[0].id;
		vm.anchor = bottom;
	} else {
		/* Newer: the anchor a few screens on. */
		edge = vm.win[vm.nwin - 1].id;
		id = vm.anchor;
		for (i = 0; i < vm.panel.h; i++) {
			if ((next = store_msg_newer(vm.conn, vm.filter,
			    id)) == 0)
				break;
			id = next;
		}
		vm.anchor = next == 0 ? 0 : id;
		if (vm.anchor == 0)
			vm.fresh = 0;
	}
	view_msgs_fetch();
	p->sel = view_msgs_index(sel);
	p->bottom = view_msgs_index(bottom);
	panel_set_count(p, vm.nwin);
	if (dir < 0)
		return vm.nwin > 0 && vm.win[0].id < edge;
	return vm.nwin > 0 && vm.win[vm.nwin - 1].id > edge;
}

static int
view_msgs_height(struct panel *p, int row)
{
	/* A blank line, the header, the body. */
	return 2 + vm.win[row].fold.n;
}

/* JSON text coloured token by token; the text is already safe. */
static void
view_msgs_json_line(int y, int x, int w, const char *s, attr_t base)
{
	const char	*p = s, *start;
	enum theme_slot	 slot;
	char		*tok;
	int		 used = 0, n;

	while (*p != '\0' && used < w) {
		start = p;
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
			}
			if (*p == '"')
				p++;
			n = 0;
			while (p[n] == ' ')
				n++;
			slot = p[n] == ':' ? THEME_JSON_KEY : THEME_JSON_STRING;
		} else if ((*p >= '0' && *p <= '9') || *p == '-') {
			while ((*p >= '0' && *p <= '9') || *p == '-' ||
			    *p == '.' || *p == 'e' || *p == 'E' || *p == '+')
				p++;
			slot = THEME_JSON_NUMBER;
		} else if (strncmp(p, "true", 4) == 0 ||
		    strncmp(p, "null", 4) == 0) {
			p += 4;
			slot = THEME_JSON_LITERAL;
		} else if (strncmp(p, "false", 5) == 0) {
			p += 5;
			slot = THEME_JSON_LITERAL;
		} else {
			p++;
			while (*p != '\0' && strchr("\"-0123456789tfn", *p) ==
			    NULL)
				p++;
			slot = THEME_NSLOTS;
		}
		tok = xstrndup(start, p - start);
		used += draw_text(y, x + used, w - used, tok,
		    slot == THEME_NSLOTS ? base : theme_attr(slot));
		free(tok);
	}
}

/*
 * Topic, QoS, retained badge and time. A selected header is drawn in the
 * selection's slot alone: OR-ing two colour pairs makes a third.
 */
static void
view_msgs_header(int y, int x, int w, const struct view_msg *m, attr_t sel)
{
	char		 meta[16], when[16];
	const char	*spark;
	time_t		 t = m->time_ms / 1000;
	struct tm	 tm;
	int		 colour, used, right, cells;

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	snprintf(meta, sizeof meta, " q%d ", m->qos);
	right = (int)strlen(meta) + (m->retain ? 4 : 0) + (int)strlen(when);
	colour = view_subs_colour(vm.conn, m->topic);
	if (sel != 0)
		draw_fill((struct rect){ y, x, 1, w }, sel);
	spark = series_spark(vm.conn, m->topic, &cells);
	used = draw_bytes(y, x, w - right - (spark != NULL ? cells + 1 : 0),
	    m->topic, strlen(m->topic), A_BOLD | (sel != 0 ? sel :
	    colour >= 0 ? theme_sub_attr(colour) : theme_attr(THEME_TOPIC)));
	/* The topic's recent numbers (series.h), in its colour. */
	if (spark != NULL) {
		used += draw_text(y, x + used, w - used, " ", sel);
		used += draw_text(y, x + used, w - used, spark, sel != 0 ?
		    sel : colour >= 0 ? theme_sub_attr(colour) :
		    theme_attr(THEME_TOPIC));
	}
	used += draw_text(y, x + used, w - used, meta, sel != 0 ? sel :
	    theme_attr(THEME_META));
	if (m->retain) {
		used += draw_text(y, x + used, w - used, " R ", sel != 0 ?
		    sel | A_BOLD : theme_attr(THEME_RETAINED_BADGE));
		used += draw_text(y, x + used, w - used, " ", sel);
	}
	draw_text(y, x + used, w - used, when, sel != 0 ? sel :
	    theme_attr(THEME_META));
}

static void
view_msgs_row(struct panel *p, const struct panel_row *r)
{
	struct view_msg		*m = &vm.win[r->row];
	struct fmt_fold_line	*l;
	attr_t			 sel = 0, body, bar;
	int			 k, y, x, colour;

	if (r->row == p->sel)
		sel = theme_attr(p->focused ? THEME_SELECTION :
		    THEME_SELECTION_INACTIVE);
	x = m->dir == MSG_OUT ? p->x + p->w - m->bw - 1 : p->x + 1;
	body = theme_attr(m->dir == MSG_OUT ? THEME_BUBBLE_OUT :
	    THEME_BUBBLE_IN);
	colour = view_subs_colour(vm.conn, m->topic);
	bar = colour >= 0 ? theme_sub_attr(colour) : theme_attr(THEME_META);
	for (k = r->skip; k < r->skip + r->lines; k++) {
		y = r->y + k - r->skip;
		if (k == 0)
			continue;
		if (k == 1) {
			view_msgs_header(y, x, m->bw, m, sel);
			continue;
		}
		l = &m->fold.v[k - 2];
		/* The side bar: a selected bubble's in the selection too. */
		draw_text(y, m->dir == MSG_OUT ? x + m->bw - 1 : x - 1, 1,
		    "│", sel != 0 ? sel : bar);
		if (l->kind == FMT_FOLD_JSON)
			view_msgs_json_line(y, x, m->bw - 1, l->text, body);
		else
			draw_text(y, x, m->bw - 1, l->text, l->kind ==
			    FMT_FOLD_TEXT ? body : l->kind == FMT_FOLD_HEX ?
			    theme_attr(THEME_HEX) : theme_attr(THEME_META));
	}
}

struct panel *
view_msgs_panel(void)
{
	struct panel	*p = &vm.panel;

	if (p->draw == NULL) {
		panel_init(p, PANEL_BOTTOM, NULL);
		p->height = view_msgs_height;
		p->draw = view_msgs_row;
		p->more = view_msgs_more;
	}
	return p;
}

/* Before a frame: lay the bubbles out for the panel's size, read again. */
void
view_msgs_update(int reread)
{
	struct panel	*p = view_msgs_panel();
	int		 i, maxw, cols, maxlines;

	maxw = p->w * 4 / 5;
	if (maxw < 16)
		maxw = p->w - 2;
	cols = maxw - 4 > 1 ? maxw - 4 : 1;
	maxlines = p->h / 3 > 3 ? p->h / 3 : 3;
	if (maxw != vm.maxw || cols != vm.cols || maxlines != vm.maxlines) {
		vm.maxw = maxw;
		vm.cols = cols;
		vm.maxlines = maxlines;
		for (i = 0; i < vm.nwin; i++)
			view_msgs_fold(&vm.win[i]);
	}
	if (reread)
		view_msgs_reload();
	else
		panel_fit(p);
}

void
view_msgs_draw(struct rect r)
{
	struct panel	*p = view_msgs_panel();
	const char	*text = view_msgs_text();
	char		*title, note[64];

	draw_fill(r, A_NORMAL);
	title = xasprintf("%s%s%s%s%s", vm.conn ? vm.conn : "Messages",
	    vm.filter ? " · " : "", vm.filter ? vm.filter : "",
	    text ? " / " : "", text ? text : "");
	draw_box(r, title, p->focused);
	free(title);
	if (vm.conn == NULL || r.w < 12 || r.h < 4)
		return;
	draw_panel(p);
	if (vm.nwin == 0)
		draw_text(r.y + 1, r.x + 2, r.w - 3, text || vm.filter ?
		    "no messages match" : "no messages yet",
		    theme_attr(THEME_META));
	if (vm.fresh > 0) {
		snprintf(note, sizeof note, " %ld new ↓ ", vm.fresh);
		draw_text(r.y + r.h - 1, r.x + r.w - 2 -
		    sanitize_width(note, strlen(note)), r.w - 2, note,
		    theme_attr(THEME_RETAINED_BADGE));
	}
}

/* Another connection or subscription: at the newest, read now. */
void
view_msgs_set(const char *conn, const char *filter)
{
	free(vm.conn);
	free(vm.filter);
	vm.conn = conn != NULL ? xstrdup(conn) : NULL;
	vm.filter = filter != NULL ? xstrdup(filter) : NULL;
	view_msgs_bottom();
}

/* The shown connection's text filter; NULL or "" clears it. */
void
view_msgs_text_filter(const char *text)
{
	struct view_msgs_text	*t, **tp;

	if (vm.conn == NULL)
		return;
	for (tp = &vm.texts; (t = *tp) != NULL; tp = &t->next) {
		if (strcmp(t->conn, vm.conn) == 0)
			break;
	}
	if (t != NULL && (text == NULL || *text == '\0')) {
		*tp = t->next;
		free(t->conn);
		free(t->text);
		free(t);
	} else if (t != NULL) {
		free(t->text);
		t->text = xstrdup(text);
	} else if (text != NULL && *text != '\0') {
		t = xcalloc(1, sizeof *t);
		t->conn = xstrdup(vm.conn);
		t->text = xstrdup(text);
		t->next = vm.texts;
		vm.texts = t;
	}
	view_msgs_bottom();
}

void
view_msgs_bottom(void)
{
	view_msgs_panel();
	view_msgs_more(&vm.panel, INT_MAX);
	ui_dirty(UI_DIRTY_MSGS);
}

void
view_msgs_arrived(const char *conn, int dir)
{
	if (!view_msgs_following() && dir == MSG_IN)
		vm.fresh++;
	ui_dirty(UI_DIRTY_MSGS);
}

int64_t
view_msgs_selected(void)
{
	return vm.nwin > 0 ? vm.win[vm.panel.sel].id : 0;
}
