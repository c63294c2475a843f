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
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "conn.h"
#include "draw.h"
#include "loop.h"
#include "theme.h"
#include "ui.h"
#include "ui-int.h"
#include "view.h"

void
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
		view_conns_draw(ui.r[UI_PANE_CONNS]);
	if (what & UI_DIRTY_SUBS)
		view_subs_draw(ui.r[UI_PANE_SUBS], ui.conn);
	if (what & UI_DIRTY_MSGS)
		view_msgs_draw(ui.r[UI_PANE_MSGS]);
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

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->state == CONN_RECONNECT_WAIT) {
			ui.dirty |= UI_DIRTY_CONNS;
			loop_timer_start(ui.tick, 1000);
			return;
		}
	}
}
