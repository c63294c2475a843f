/*
 * Layout, drawing and frame pacing of the screen.
 *
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
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "buf.h"
#include "conn.h"
#include "draw.h"
#include "loop.h"
#include "store.h"
#include "sanitize.h"
#include "theme.h"
#include "ui.h"
#include "ui-int.h"
#include "view.h"

/*
 * Rows the message pane keeps above a panel (the composer) at least, and
 * the rows below which a panel rather takes the whole message column.
 */
#define UI_PANEL_KEEP	6
#define UI_PANEL_MIN	6

/* Columns the messages keep beside a side window. */
#define UI_SIDE_MSGS	24

void
ui_layout(void)
{
	int	rows = LINES, cols = COLS, left, top, i, h, want = 0;
	int	side = 0;

	left = cols >= 120 ? cols / 5 : 24;
	if (left > 40)
		left = 40;
	if (left > cols / 2)
		left = cols / 2;
	/* A side window widens the left column; the messages keep some. */
	for (i = 0; i < ui.nmodals; i++) {
		if (ui.modals[i]->side > 0)
			side = cols * ui.modals[i]->side / 100;
	}
	if (side > cols - UI_SIDE_MSGS)
		side = cols - UI_SIDE_MSGS;
	if (side > left)
		left = side;
	ui.r_side = (struct rect){ 0, 0, side > 0 ? rows - 1 : 0,
	    side > 0 ? left : 0 };
	top = (rows - 1) / 2;
	ui.r[UI_PANE_CONNS] = (struct rect){ 0, 0, top, left };
	ui.r[UI_PANE_SUBS] = (struct rect){ top, 0, rows - 1 - top, left };
	ui.r[UI_PANE_MSGS] = (struct rect){ 0, left, rows - 1, cols - left };
	ui.r_status = (struct rect){ rows - 1, 0, 1, cols };

	/* A panel takes the foot of the message pane, which stays above. */
	for (i = 0; i < ui.nmodals; i++) {
		if (ui.modals[i]->panel > want)
			want = ui.modals[i]->panel;
	}
	h = want < rows - 1 - UI_PANEL_KEEP ? want : rows - 1 - UI_PANEL_KEEP;
	/* Too small to share: the panel takes the whole column. */
	if (want > 0 && h < UI_PANEL_MIN)
		h = want < rows - 1 ? want : rows - 1;
	if (h < 0)
		h = 0;
	ui.r[UI_PANE_MSGS].h -= h;
	ui.r_panel = (struct rect){ rows - 1 - h, left, h, cols - left };
}

/* " name state · session present · MQTT 3.1.1 · TLS ", long to short. */
static void
ui_status_conn(struct buf *b, struct conn *c, int level)
{
	const char	*v;
	int64_t		 left;

	buf_addc(b, ' ');
	if (ui.conn == NULL) {
		buf_adds(b, "- ");
		return;
	}
	sanitize(b, ui.conn, strlen(ui.conn), 0);
	buf_addc(b, ' ');
	if (c == NULL) {
		buf_adds(b, "offline ");
		return;
	}
	if (c->state == CONN_RECONNECT_WAIT) {
		left = (c->reconnect_at - loop_now() + 999) / 1000;
		buf_addf(b, "reconnecting in %lld s",
		    (long long)(left > 0 ? left : 0));
	} else
		buf_adds(b, conn_state_name(c->state));
	if (level < 2 && c->state == CONN_CONNECTED && c->session_present)
		buf_adds(b, level == 0 ? " · session present" : " · session");
	if (level < 2) {
		switch (c->p->version) {
		case 3:
			v = "3.1";
			break;
		case 5:
			v = "5";
			break;
		default:
			v = "3.1.1";
			break;
		}
		buf_addf(b, " · %s%s", level == 0 ? "MQTT " : "v", v);
		if (!c->p->tls)
			buf_adds(b, " · TCP");
		else
			buf_adds(b, c->p->insecure || c->p->no_verify ?
			    " · TLS !" : " · TLS");
	}
	buf_addc(b, ' ');
}

#define UI_STATUS_HINT	" ? help "
#define UI_SIZE_MS	2000	/* how often the database's size is looked at */
#define UI_INDEX_LAG	5000	/* rows the index may lag before it shows */

/* The right end: the database's size (what retention keeps), "? help". */
static const char *
ui_status_hint(int cols)
{
	static char	 hint[96];
	static int64_t	 at = -UI_SIZE_MS;
	int64_t		 size, done, max;
	double		 v;
	const char	*unit = "KB";
	char		 index[32] = "";

	if (cols < 70)
		return UI_STATUS_HINT;	/* narrow: the message goes first */
	if (loop_now() - at < UI_SIZE_MS && hint[0] != '\0')
		return hint;
	at = loop_now();
	if ((size = store_size()) < 0) {
		snprintf(hint, sizeof hint, "%s", UI_STATUS_HINT);
		return hint;
	}
	v = (double)size / 1024;
	if (v >= 1024) {
		v /= 1024;
		unit = "MB";
	}
	if (v >= 1024) {
		v /= 1024;
		unit = "GB";
	}
	/*
	 * The full-text index catching up (after a flood, or over an older
	 * database): how far, looked at again by the tick until it is done.
	 */
	if (store_fts_progress(&done, &max) == 0 &&
	    max - done > UI_INDEX_LAG) {
		snprintf(index, sizeof index, " indexing %d%% ·",
		    (int)(done * 100 / max));
		if (!loop_timer_pending(ui.tick))
			loop_timer_start(ui.tick, UI_SIZE_MS);
	}
	snprintf(hint, sizeof hint, "%s db %.*f %s ·%s", index,
	    v < 10 ? 1 : 0, v, unit, UI_STATUS_HINT);
	return hint;
}

/* Columns the status line has for a message, its state at the shortest. */
int
ui_status_room(void)
{
	struct conn	*c = ui.conn != NULL ? conn_find(ui.conn) : NULL;
	struct buf	 seg;
	int		 room;

	buf_init(&seg);
	ui_status_conn(&seg, c, 2);
	room = COLS - sanitize_width(seg.p, seg.len) - 1 -
	    (int)strlen(UI_STATUS_HINT);
	buf_free(&seg);
	return room;
}

/*
 * The selected connection's state on the left (shortened before the
 * message is), the last result or error, "? help" on the right.
 */
static void
ui_draw_status(void)
{
	struct conn	*c = ui.conn != NULL ? conn_find(ui.conn) : NULL;
	attr_t		 a = theme_attr(THEME_STATUS);
	int		 x, w = ui.r_status.w, y = ui.r_status.y, level;
	int		 hw, mw = 0, room;
	const char	*hint = UI_STATUS_HINT;
	struct buf	 seg, msg;
	size_t		 fit;

	buf_init(&seg);
	buf_init(&msg);
	if (ui.status != NULL) {
		sanitize(&msg, ui.status, strlen(ui.status), 0);
		mw = sanitize_width(msg.p, msg.len);
	}
	/* The database's size too, when the line has room for it. */
	hint = ui_status_hint(w);
	hw = sanitize_width(hint, strlen(hint));
	buf_reset(&seg);
	ui_status_conn(&seg, c, 0);
	if (sanitize_width(seg.p, seg.len) + 1 + mw + hw > w) {
		hint = UI_STATUS_HINT;
		hw = (int)strlen(hint);
	}
	for (level = 0; level < 3; level++) {
		buf_reset(&seg);
		ui_status_conn(&seg, c, level);
		if (sanitize_width(seg.p, seg.len) + 1 + mw + hw <= w)
			break;
	}
	if (level == 3)
		level = 2;
	draw_fill(ui.r_status, a);
	x = draw_text(y, 0, w, buf_str(&seg), a);
	room = w - x - 1 - hw;
	if (mw > 0 && room > 0) {
		if (mw > room) {
			fit = sanitize_fit(msg.p, msg.len, room - 1, NULL);
			msg.len = fit;
			buf_adds(&msg, "…");
		}
		draw_text(y, x + 1, room, buf_str(&msg), ui.status_err ?
		    theme_attr(THEME_STATUS_ERROR) : a);
	}
	if (w > hw)
		draw_text(y, w - hw, hw, hint, a);
	buf_free(&seg);
	buf_free(&msg);
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
 * A clipboard escape (ui_clipboard) goes out once curses has written the
 * frame, straight to the terminal: it moves no cursor and draws nothing,
 * so curses' picture of the screen stays true.
 */
static void
ui_write_clip(void)
{
	struct pollfd	 pfd = { STDOUT_FILENO, POLLOUT, 0 };
	size_t		 off = 0;
	ssize_t		 n;
	int64_t		 end;

	if (ui.clip == NULL)
		return;
	end = loop_now() + 1000;
	fflush(stdout);
	while (off < ui.cliplen && loop_now() < end) {
		n = write(STDOUT_FILENO, ui.clip + off, ui.cliplen - off);
		if (n > 0)
			off += n;
		else if (n == -1 && errno != EINTR && errno != EAGAIN)
			break;
		else if (n == -1 && errno == EAGAIN)
			poll(&pfd, 1, 100);
	}
	free(ui.clip);
	ui.clip = NULL;
	ui.cliplen = 0;
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
	int		 i, first = 0, y, x, h, w;

	if (what == UI_DIRTY_ALL) {
		ui_layout();
		erase();
	}
	if (ui.nmodals > 0)
		what = UI_DIRTY_ALL;
	/*
	 * Under a modal that covers the screen, only the status line is
	 * drawn: the message pane would read its window of history again on
	 * every key.
	 */
	for (i = 0; i < ui.nmodals; i++) {
		if (ui.modals[i]->full) {
			first = i;
			what = UI_DIRTY_STATUS;
		}
	}
	/* A side window covers these. */
	if ((what & UI_DIRTY_CONNS) && ui.r_side.w == 0)
		view_conns_draw(ui.r[UI_PANE_CONNS]);
	if ((what & UI_DIRTY_SUBS) && ui.r_side.w == 0)
		view_subs_draw(ui.r[UI_PANE_SUBS], ui.conn);
	if (what & UI_DIRTY_MSGS)
		view_msgs_draw(ui.r[UI_PANE_MSGS]);
	if (what & UI_DIRTY_STATUS)
		ui_draw_status();
	curs_set(0);
	for (i = first; i < ui.nmodals; i++) {
		m = ui.drawing = ui.modals[i];
		m->cy = m->cx = -1;
		ui_modal_area(&y, &x, &h, &w);
		m->draw(m->data, h, w);
		ui.drawing = NULL;
	}
	if (ui.nmodals > 0 && (m = ui.modals[ui.nmodals - 1])->cy >= 0) {
		move(m->cy, m->cx);
		curs_set(1);
	}
	before = ui_written();
	refresh();
	ui_write_clip();
	after = ui_written();
	if (before < 0 || after < before)
		return (int64_t)LINES * COLS;
	return after - before;
}

/* A frame: bring the selection up to date with the model, then draw. */
void
ui_frame(void)
{
	int64_t	cost, now = loop_now();
	int	what, urgent = ui.urgent;

	ui.last_draw = now;
	ui.urgent = 0;
	view_conns_stale();
	view_subs_stale();
	ui_follow_conn();
	what = ui.dirty;
	ui.dirty = 0;
	ui_layout();
	ui_panels_update(what);
	cost = ui_draw(what);
	ui_credit_update(now);
	ui.credit -= cost;
	if (!urgent)
		ui.frame_cost = cost < UI_BYTES_BURST ? cost : UI_BYTES_BURST;
}

/* At the end of a turn: draw now, or set the timer for when it may. */
void
ui_after_turn(void *arg)
{
	int64_t	now, wait, need;

	if (ui.active)
		ui_follow_focus();
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

void
ui_frame_due(void *arg)
{
	/* Nothing: waking the loop is enough, the after-turn hook draws. */
}

/* Once a second while a connection counts down to its reconnect. */
void
ui_tick(void *arg)
{
	struct conn	*c;

	/* The status line's index progress and size (ui_status_hint). */
	ui.dirty |= UI_DIRTY_STATUS;
	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->state == CONN_RECONNECT_WAIT) {
			ui.dirty |= UI_DIRTY_CONNS;
			loop_timer_start(ui.tick, 1000);
			return;
		}
	}
}
