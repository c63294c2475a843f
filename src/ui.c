/*
 * The screen. ui.c owns the terminal: it reads keys from stdin through the
 * loop, turns them into commands through the bindings, lays out the panes
 * and redraws what is dirty, paced (see "Frame pacing" below). The
 * terminal is restored on every way out (quit, fatal(), SIGTERM, SIGHUP,
 * SIGINT).
 */
#include <sys/ioctl.h>

#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "buf.h"
#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "draw.h"
#include "events.h"
#include "key-bindings.h"
#include "keys.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

/*
 * Frame pacing. Nothing is drawn while nothing changed. A key (or a click,
 * or a resize) is drawn at once, before the loop turns back to the
 * brokers, whatever else is going on. Other changes (messages, states) are
 * drawn at the end of the turn when the screen has been still for
 * UI_FRAME_MS, so a message after a quiet spell shows at once; while they
 * keep coming, frames are at least UI_FRAME_MS apart and also wait for
 * the terminal byte budget: a bucket of UI_BYTES_BURST bytes refilled at
 * UI_BYTES_PER_SEC, from which every frame (a key's too) takes the bytes
 * it wrote. A frame not caused by a key waits until the bucket holds what
 * the last such frame took. So a flood costs a slow link at most about
 * UI_BYTES_PER_SEC and a key never waits for it.
 */
#define UI_FRAME_MS		33
#define UI_BYTES_PER_SEC	20000
#define UI_BYTES_BURST		6000
#define UI_MAX_MODALS		8

static struct {
	int			 active;
	struct loop_fd		*in;
	struct loop_timer	*frame;
	struct loop_timer	*tick;
	int			 dirty;
	int			 urgent;	/* a key: draw it now */
	int64_t			 last_draw;
	int64_t			 credit;	/* terminal bytes we may write */
	int64_t			 credit_at;	/* when credit was topped up */
	int64_t			 frame_cost;	/* the last paced frame's bytes */
	int			 iofd;		/* /proc/thread-self/io or -1 */
	enum ui_pane		 pane;
	int			 sel[UI_NPANES];
	char			*conn;		/* selected connection name */
	char			*status;
	int			 status_err;
	struct ui_modal		*modals[UI_MAX_MODALS];
	struct ui_modal		*drawing;
	struct conn		*focus_seen;	/* conn_focus at the last look */
	int			 nmodals;
	struct rect		 r[UI_NPANES];
	struct rect		 r_status;
} ui;

int
ui_active(void)
{
	return ui.active;
}

void
ui_dirty(int what)
{
	ui.dirty |= what;
}

void
ui_status(int error, const char *fmt, ...)
{
	va_list	 ap;

	free(ui.status);
	va_start(ap, fmt);
	if (vasprintf(&ui.status, fmt, ap) < 0)
		ui.status = NULL;
	va_end(ap);
	ui.status_err = error;
	ui.dirty |= UI_DIRTY_STATUS;
}

static void
ui_run_idle(struct cmdq *q, void *arg)
{
	cmdq_free(q);
}

/*
 * Each key and each prompt line runs at once on a queue of its own: a
 * connect waiting for its broker must not hold up the keys after it, and
 * {conn} must mean the selection as it is when the key is pressed.
 */
void
ui_run(const char *line)
{
	struct cmdq	*q = cmdq_new("key");

	cmdq_on_idle(q, ui_run_idle, NULL);
	cmdq_append(q, line);
	cmdq_run(q);
}


const char *
ui_selected_sub(void)
{
	return ui.conn != NULL ? view_subs_topic(ui.conn, ui.sel[UI_PANE_SUBS]) :
	    NULL;
}


/* Replace {conn} {sub} {msg} with the selection, quoted for the parser. */
char *
ui_expand(const char *tmpl)
{
	struct buf	 b;
	const char	*p, *v;
	char		*q, *out, num[32];

	buf_init(&b);
	for (p = tmpl; *p != '\0'; p++) {
		v = NULL;
		if (strncmp(p, "{conn}", 6) == 0) {
			v = ui.conn != NULL ? ui.conn : "";
			p += 5;
		} else if (strncmp(p, "{sub}", 5) == 0) {
			v = ui_selected_sub();
			v = v != NULL ? v : "";
			p += 4;
		} else if (strncmp(p, "{msg}", 5) == 0) {
			snprintf(num, sizeof num, "%lld",
			    (long long)view_msgs_selected());
			v = num;
			p += 4;
		}
		if (v == NULL) {
			buf_addc(&b, *p);
			continue;
		}
		q = cmd_quote(v);
		buf_adds(&b, q);
		free(q);
	}
	out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* The connection row changed: the other panes follow it. */
static void
ui_select_conn(void)
{
	const char	*name;
	struct conn	*c;

	name = view_conns_name(ui.sel[UI_PANE_CONNS]);
	if (name != NULL && ui.conn != NULL && strcmp(name, ui.conn) == 0)
		return;
	free(ui.conn);
	ui.conn = name != NULL ? xstrdup(name) : NULL;
	ui.sel[UI_PANE_SUBS] = 0;
	if (ui.conn != NULL && (c = conn_find(ui.conn)) != NULL)
		conn_focus = ui.focus_seen = c;
	view_msgs_set(ui.conn, NULL);
	ui.dirty |= UI_DIRTY_ALL;
}

/* Profiles come and go: keep the selection on the same name if it lives. */
static void
ui_follow_conn(void)
{
	const char	*name;
	int		 i, n = view_conns_count();

	/* connect and select move the focus: the selection goes with it. */
	if (conn_focus != ui.focus_seen) {
		ui.focus_seen = conn_focus;
		if (conn_focus != NULL) {
			free(ui.conn);
			ui.conn = xstrdup(conn_focus->name);
			ui.sel[UI_PANE_SUBS] = 0;
			view_msgs_set(ui.conn, NULL);
			ui.dirty |= UI_DIRTY_ALL;
		}
	}

	for (i = 0; ui.conn != NULL && i < n; i++) {
		name = view_conns_name(i);
		if (name != NULL && strcmp(name, ui.conn) == 0) {
			ui.sel[UI_PANE_CONNS] = i;
			return;
		}
	}
	if (ui.sel[UI_PANE_CONNS] >= n)
		ui.sel[UI_PANE_CONNS] = n > 0 ? n - 1 : 0;
	ui_select_conn();
}

static void
ui_select_sub(void)
{
	view_msgs_set(ui.conn, ui_selected_sub());
	ui.dirty |= UI_DIRTY_SUBS | UI_DIRTY_MSGS;
}

void
ui_pane_focus(int pane)
{
	if (pane >= 0 && pane < UI_NPANES)
		ui.pane = pane;
	ui.dirty |= UI_DIRTY_ALL;
}

void
ui_pane_move(int delta)
{
	ui_pane_focus((ui.pane + UI_NPANES + delta) % UI_NPANES);
}

static int
ui_count(enum ui_pane pane)
{
	if (pane == UI_PANE_CONNS)
		return view_conns_count();
	return view_subs_count(ui.conn);
}

void
ui_cursor(int delta)
{
	int	n, *sel;

	if (ui.pane == UI_PANE_MSGS) {
		if (delta == INT_MAX)
			view_msgs_bottom();
		else if (delta == INT_MIN)
			view_msgs_scroll(INT_MAX);
		else
			view_msgs_scroll(-delta);
		ui.dirty |= UI_DIRTY_MSGS;
		return;
	}
	n = ui_count(ui.pane);
	sel = &ui.sel[ui.pane];
	if (delta == INT_MAX)
		*sel = n - 1;
	else if (delta == INT_MIN)
		*sel = 0;
	else
		*sel += delta;
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (ui.pane == UI_PANE_CONNS)
		ui_select_conn();
	else
		ui_select_sub();
	ui.dirty |= UI_DIRTY_CONNS | UI_DIRTY_SUBS;
}

void
ui_page(int dir)
{
	int	rows = ui.r[ui.pane].h - 2;

	if (ui.pane == UI_PANE_MSGS) {
		view_msgs_page(dir);
		ui.dirty |= UI_DIRTY_MSGS;
		return;
	}
	if (ui.pane == UI_PANE_CONNS)
		rows /= 2;	/* two lines a connection */
	ui_cursor(dir * (rows > 1 ? rows : 1));
}

void
ui_open(void)
{
	struct conn	*c;
	char		*line;

	switch (ui.pane) {
	case UI_PANE_CONNS:
		if (ui.conn == NULL)
			break;
		c = conn_find(ui.conn);
		if (c == NULL || c->state == CONN_OFFLINE ||
		    c->state == CONN_ERROR) {
			line = ui_expand("connect {conn}");
			ui_run(line);
			free(line);
		}
		ui_pane_focus(UI_PANE_MSGS);
		break;
	case UI_PANE_SUBS:
		ui_select_sub();
		ui_pane_focus(UI_PANE_MSGS);
		break;
	case UI_PANE_MSGS:
		if (view_msgs_selected() != 0)
			view_detail_open(view_msgs_selected());
		break;
	default:
		break;
	}
}

void
ui_filter(const char *text)
{
	view_msgs_text_filter(text);
	ui.dirty |= UI_DIRTY_MSGS;
}

void
ui_quit(int confirm)
{
	if (confirm && conn_any_live())
		view_confirm_open("Connections are live. Quit?", "quit");
	else
		loop_exit(0);
}

void
ui_modal_push(struct ui_modal *m)
{
	if (ui.nmodals == UI_MAX_MODALS) {
		m->free(m->data);
		free(m);
		return;
	}
	m->cy = m->cx = -1;
	ui.modals[ui.nmodals++] = m;
	ui.dirty |= UI_DIRTY_ALL;
}

/* Where the terminal cursor goes for the modal being drawn. */
void
ui_modal_cursor(int y, int x)
{
	if (ui.drawing != NULL) {
		ui.drawing->cy = y;
		ui.drawing->cx = x;
	}
}

void
ui_modal_close(void)
{
	struct ui_modal	*m;

	if (ui.nmodals == 0)
		return;
	m = ui.modals[--ui.nmodals];
	if (m->free != NULL)
		m->free(m->data);
	free(m);
	ui.dirty |= UI_DIRTY_ALL;
}

static void
ui_layout(void)
{
	int	rows = LINES, cols = COLS, left, top;

	left = cols >= 120 ? cols / 5 : 24;
	if (left > 40)
		left = 40;
	if (left > cols / 2)
		left = cols / 2;
	top = (rows - 1) / 2;
	ui.r[UI_PANE_CONNS] = (struct rect){ 0, 0, top, left };
	ui.r[UI_PANE_SUBS] = (struct rect){ top, 0, rows - 1 - top, left };
	ui.r[UI_PANE_MSGS] = (struct rect){ 0, left, rows - 1, cols - left };
	ui.r_status = (struct rect){ rows - 1, 0, 1, cols };
}

static void
ui_draw_status(void)
{
	struct conn	*c = ui.conn != NULL ? conn_find(ui.conn) : NULL;
	attr_t		 a = theme_attr(THEME_STATUS);
	int		 x, w = ui.r_status.w, y = ui.r_status.y;
	const char	*hint = " ? help ";

	draw_fill(ui.r_status, a);
	x = draw_printf(y, 0, w, a, " %s %s ", ui.conn ? ui.conn : "-",
	    c != NULL ? conn_state_name(c->state) : "offline");
	if (ui.status != NULL && x + 2 < w)
		draw_bytes(y, x + 1, w - x - 1 - (int)strlen(hint),
		    ui.status, strlen(ui.status), ui.status_err ?
		    theme_attr(THEME_STATUS_ERROR) : a);
	if (w > (int)strlen(hint))
		draw_text(y, w - (int)strlen(hint), (int)strlen(hint), hint, a);
}

/*
 * The selected connection's messages count as read while its view follows
 * the newest: unread is cleared here and as messages arrive, never while
 * drawing.
 */
static void
ui_mark_read(void)
{
	struct conn	*c;

	if (ui.conn == NULL || !view_msgs_following() ||
	    (c = conn_find(ui.conn)) == NULL || c->unread == 0)
		return;
	c->unread = 0;
	ui.dirty |= UI_DIRTY_CONNS;
}

/*
 * The bytes this thread has written so far (wchar of /proc/thread-self/io,
 * opened by the thread that draws), or -1. Read around refresh(): the
 * difference is what a frame sent to the terminal.
 */
static int64_t
ui_written(void)
{
	char		 buf[512], *p;
	ssize_t		 n;

	if (ui.iofd == -1 || (n = pread(ui.iofd, buf, sizeof buf - 1, 0)) <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, "wchar: ")) == NULL)
		return -1;
	return strtoll(p + 7, NULL, 10);
}

static void
ui_credit_update(int64_t now)
{
	ui.credit += (now - ui.credit_at) * UI_BYTES_PER_SEC / 1000;
	if (ui.credit > UI_BYTES_BURST)
		ui.credit = UI_BYTES_BURST;
	ui.credit_at = now;
}

/*
 * Paint the dirty panes and the modals over them; only reads the model.
 * Returns the bytes sent to the terminal (without a way to count them, a
 * whole screen's worth).
 */
static int64_t
ui_draw(int what)
{
	int64_t		 before, after;
	struct ui_modal	*m;
	int		 i, first = 0;

	if (what == UI_DIRTY_ALL) {
		ui_layout();
		erase();
	}
	if (ui.nmodals > 0)
		what = UI_DIRTY_ALL;
	/*
	 * Under a modal that covers the screen, nothing is drawn: the message
	 * pane would read its window of history again on every key.
	 */
	for (i = 0; i < ui.nmodals; i++) {
		if (ui.modals[i]->full) {
			first = i;
			what = 0;
		}
	}
	if (what & UI_DIRTY_CONNS)
		view_conns_draw(ui.r[UI_PANE_CONNS], ui.pane == UI_PANE_CONNS,
		    ui.sel[UI_PANE_CONNS]);
	if (what & UI_DIRTY_SUBS)
		view_subs_draw(ui.r[UI_PANE_SUBS], ui.pane == UI_PANE_SUBS,
		    ui.conn, ui.sel[UI_PANE_SUBS]);
	if (what & UI_DIRTY_MSGS)
		view_msgs_draw(ui.r[UI_PANE_MSGS], ui.pane == UI_PANE_MSGS);
	if (what & UI_DIRTY_STATUS)
		ui_draw_status();
	curs_set(0);
	for (i = first; i < ui.nmodals; i++) {
		m = ui.drawing = ui.modals[i];
		m->cy = m->cx = -1;
		m->draw(m->data, LINES, COLS);
		ui.drawing = NULL;
	}
	if (ui.nmodals > 0 && (m = ui.modals[ui.nmodals - 1])->cy >= 0) {
		move(m->cy, m->cx);
		curs_set(1);
	}
	before = ui_written();
	refresh();
	after = ui_written();
	if (before < 0 || after < before)
		return (int64_t)LINES * COLS;
	return after - before;
}

/* A frame: bring the selection up to date with the model, then draw. */
static void
ui_frame(void)
{
	int64_t	cost, now = loop_now();
	int	what, urgent = ui.urgent;

	ui.last_draw = now;
	ui.urgent = 0;
	view_conns_stale();
	view_subs_stale();
	ui_follow_conn();
	ui_mark_read();
	what = ui.dirty;
	ui.dirty = 0;
	cost = ui_draw(what);
	ui_credit_update(now);
	ui.credit -= cost;
	if (!urgent)
		ui.frame_cost = cost < UI_BYTES_BURST ? cost : UI_BYTES_BURST;
}

/* At the end of a turn: draw now, or set the timer for when it may. */
static void
ui_after_turn(void *arg)
{
	int64_t	now, wait, need;

	if (!ui.active || ui.dirty == 0)
		return;
	if (ui.urgent) {
		ui_frame();
		return;
	}
	now = loop_now();
	ui_credit_update(now);
	wait = ui.last_draw + UI_FRAME_MS - now;
	need = ui.frame_cost - ui.credit;
	if (need > 0 && need * 1000 / UI_BYTES_PER_SEC + 1 > wait)
		wait = need * 1000 / UI_BYTES_PER_SEC + 1;
	if (wait <= 0)
		ui_frame();
	else if (!loop_timer_pending(ui.frame))
		loop_timer_start(ui.frame, wait);
}

static void
ui_frame_due(void *arg)
{
	/* Nothing: waking the loop is enough, the after-turn hook draws. */
}

/* Once a second while a connection counts down to its reconnect. */
static void
ui_tick(void *arg)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->state == CONN_RECONNECT_WAIT) {
			ui.dirty |= UI_DIRTY_CONNS;
			loop_timer_start(ui.tick, 1000);
			return;
		}
	}
}

static int
ui_translate(int rc, wint_t wch)
{
	if (rc == OK) {
		switch (wch) {
		case '\t':
			return KEYC_TAB;
		case '\r':
		case '\n':
			return KEYC_ENTER;
		case 27:
			return KEYC_ESC;
		case 127:
		case 8:
			return KEYC_BSPACE;
		case ' ':
			return KEYC_SPACE;
		}
		return (int)wch;
	}
	switch (wch) {
	case KEY_UP:
		return KEYC_UP;
	case KEY_DOWN:
		return KEYC_DOWN;
	case KEY_LEFT:
		return KEYC_LEFT;
	case KEY_RIGHT:
		return KEYC_RIGHT;
	case KEY_HOME:
		return KEYC_HOME;
	case KEY_END:
		return KEYC_END;
	case KEY_PPAGE:
		return KEYC_PPAGE;
	case KEY_NPAGE:
		return KEYC_NPAGE;
	case KEY_IC:
		return KEYC_IC;
	case KEY_DC:
		return KEYC_DC;
	case KEY_BTAB:
		return KEYC_BTAB;
	case KEY_BACKSPACE:
		return KEYC_BSPACE;
	case KEY_ENTER:
		return KEYC_ENTER;
	case KEY_MOUSE:
		return KEYC_MOUSE;
	case KEY_RESIZE:
		return KEYC_RESIZE;
	}
	if (wch >= KEY_F(1) && wch <= KEY_F(12))
		return KEYC_F1 + (int)(wch - KEY_F(1));
	return KEYC_NONE;
}

static int
ui_in_rect(struct rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

/* A click focuses the pane under it and selects the row clicked. */
static void
ui_mouse(void)
{
	MEVENT	ev;
	int	p, row, top, per;

	if (getmouse(&ev) != OK || ui.nmodals > 0)
		return;
	for (p = 0; p < UI_NPANES; p++) {
		if (!ui_in_rect(ui.r[p], ev.y, ev.x))
			continue;
		if (ev.bstate & BUTTON4_PRESSED) {
			ui.pane = p;
			ui_cursor(-3);
		} else if (ev.bstate & BUTTON5_PRESSED) {
			ui.pane = p;
			ui_cursor(3);
		} else if (p != UI_PANE_MSGS) {
			ui.pane = p;
			per = p == UI_PANE_CONNS ? 2 : 1;
			top = view_list_top(ui.sel[p], ui_count(p),
			    (ui.r[p].h - 2) / per);
			row = top + (ev.y - ui.r[p].y - 1) / per;
			if (row >= 0 && row < ui_count(p)) {
				ui.sel[p] = row;
				if (p == UI_PANE_CONNS)
					ui_select_conn();
				else
					ui_select_sub();
			}
		} else
			ui.pane = p;
		ui.dirty |= UI_DIRTY_ALL;
		return;
	}
}

static void
ui_key(int key)
{
	struct ui_modal	*m;
	const char	*cmd;
	char		*line, name[32];

	view_conns_stale();
	view_subs_stale();
	if (key == KEYC_RESIZE) {
		ui.dirty |= UI_DIRTY_ALL;
		return;
	}
	if (ui.nmodals > 0) {
		m = ui.modals[ui.nmodals - 1];
		if (key != KEYC_MOUSE && m->key(m->data, key))
			ui_modal_close();
		ui.dirty |= UI_DIRTY_ALL;
		return;
	}
	if (key == KEYC_MOUSE) {
		ui_mouse();
		return;
	}
	if ((cmd = key_bindings_find(key)) == NULL) {
		ui_status(0, "%s is not bound (? for help)",
		    keys_name(key, name));
		return;
	}
	line = ui_expand(cmd);
	ui_run(line);
	free(line);
}

static void
ui_input(int fd, short revents, void *arg)
{
	wint_t	wch;
	int	rc, key, n;

	/* Bounded, so a paste cannot starve the broker sockets. */
	for (n = 0; n < 256; n++) {
		rc = wget_wch(stdscr, &wch);
		if (rc == ERR)
			break;
		key = ui_translate(rc, wch);
		if (key == KEYC_ESC) {
			/* ESC then a key within the delay is Meta-key. */
			rc = wget_wch(stdscr, &wch);
			if (rc != ERR) {
				key = ui_translate(rc, wch);
				if (key != KEYC_NONE && key != KEYC_ESC)
					key |= KEYC_META;
			}
		}
		if (key != KEYC_NONE) {
			ui_key(key);
			ui.urgent = 1;
		}
	}
	/* The keys' frame goes out now, before the brokers get the turn. */
	if (ui.urgent && ui.dirty != 0 && ui.active)
		ui_frame();
	ui.urgent = 0;
	if (revents & (POLLHUP | POLLERR))
		loop_exit(0);	/* the terminal went away */
}

static void
ui_resize(int sig)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui.dirty |= UI_DIRTY_ALL;
	ui.urgent = 1;
}

static void
ui_quit_signal(int sig)
{
	loop_exit(sig == SIGHUP ? 0 : 1);
}

static void
ui_event(const struct event *ev, void *arg)
{
	const char	*cn = ev->conn != NULL ? ev->conn->name : NULL;

	switch (ev->type) {
	case EV_MESSAGE:
		if (cn == NULL || ui.conn == NULL || strcmp(cn, ui.conn) != 0) {
			/* Another connection's: only its unread count shows. */
			ui.dirty |= UI_DIRTY_CONNS;
			break;
		}
		view_msgs_arrived(cn, ev->msg->dir);
		ui.dirty |= UI_DIRTY_SUBS;	/* the subscription's count */
		if (view_msgs_following())
			ev->conn->unread = 0;	/* read as it arrives */
		else
			ui.dirty |= UI_DIRTY_CONNS;
		break;
	case EV_STATE:
		ui.dirty |= UI_DIRTY_CONNS | UI_DIRTY_STATUS;
		if (ev->conn->state == CONN_RECONNECT_WAIT &&
		    !loop_timer_pending(ui.tick))
			loop_timer_start(ui.tick, 1000);
		break;
	case EV_CONNECTED:
		ui_status(0, "%s: connected%s", cn, ev->session_present ?
		    " (session present)" : "");
		break;
	case EV_DISCONNECTED:
		ui_status(0, "%s: %s", cn, ev->reason);
		break;
	case EV_SUBSCRIBED:
		ui_status(0, "%s: subscribed to %s (QoS %d)", cn, ev->topic,
		    ev->qos);
		ui.dirty |= UI_DIRTY_SUBS;
		break;
	case EV_UNSUBSCRIBED:
		ui.dirty |= UI_DIRTY_SUBS;
		break;
	case EV_PUBLISHED:
		ui_status(0, "%s: published to %s", cn, ev->topic);
		break;
	case EV_ERROR:
		if (cn != NULL)
			ui_status(1, "%s: %s", cn, ev->reason);
		else
			ui_status(1, "%s", ev->reason);
		if (ev->source != NULL)
			view_errors_add(ev->reason, ui.nmodals == 0);
		break;
	case EV_INFO:
		ui_status(0, "%s", ev->reason);
		ui.dirty |= UI_DIRTY_CONNS;
		break;
	case EV_STORED:
		/* The view reads committed rows: now there are more. */
		ui.dirty |= UI_DIRTY_MSGS;
		break;
	case EV_HISTORY:
		if (ev->reason != NULL)
			ui_status(1, "history delayed: %s (%zu messages "
			    "waiting)", ev->reason, ev->count);
		else
			ui_status(0, "history saved again");
		break;
	}
}

int
ui_start(char **err)
{
	char	*theme_err = NULL;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = xstrdup("the screen needs a terminal (use --batch for "
		    "scripts)");
		return -1;
	}
	if (initscr() == NULL) {
		*err = xstrdup("cannot start the screen (is TERM set?)");
		return -1;
	}
	ui.active = 1;
	log_set_cleanup(ui_stop);
	atexit(ui_stop);
	/* raw, not cbreak: C-s and C-q are keys here, not flow control. */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	theme_init(&theme_err);
	if (theme_err != NULL) {
		ui_status(1, "theme: %s", theme_err);
		free(theme_err);
	}
	ui.iofd = open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
	ui.credit = UI_BYTES_BURST;
	ui.credit_at = loop_now();
	ui.frame = loop_timer_new(ui_frame_due, NULL);
	ui.tick = loop_timer_new(ui_tick, NULL);
	ui.in = loop_fd_add(STDIN_FILENO, POLLIN, ui_input, NULL);
	loop_after_turn(ui_after_turn, NULL);
	loop_signal(SIGWINCH, ui_resize);
	loop_signal(SIGTERM, ui_quit_signal);
	loop_signal(SIGHUP, ui_quit_signal);
	loop_signal(SIGINT, ui_quit_signal);
	events_listen(ui_event, NULL);
	if (ui.status == NULL)
		ui_status(0, "? for help, : for commands");
	ui.dirty = UI_DIRTY_ALL;
	/* The first frame must not wait for a key or a packet. */
	loop_timer_start(ui.frame, 0);
	return 0;
}

void
ui_stop(void)
{
	int	i;

	if (!ui.active)
		return;
	ui.active = 0;
	for (i = ui.nmodals; i > 0; i--)
		ui_modal_close();
	view_errors_free();
	endwin();
	if (ui.iofd != -1)
		close(ui.iofd);
	ui.iofd = -1;
	/* Leave the cursor visible and the mouse off, whatever happened. */
	fputs("\033[?1000l\033[?1006l\033[?25h", stdout);
	fflush(stdout);
	free(ui.status);
	free(ui.conn);
	ui.status = ui.conn = NULL;
}
