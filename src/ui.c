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

#include "b64.h"
#include "buf.h"
#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "draw.h"
#include "events.h"
#include "fmt-lines.h"
#include "key-bindings.h"
#include "keys.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "sanitize.h"
#include "panel.h"
#include "series.h"
#include "theme.h"
#include "ui.h"
#include "ui-int.h"
#include "view.h"
#include "view-pager.h"
#include "xmalloc.h"

struct ui_state	ui;

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

/*
 * The status line's message. An error stays until the next key: events
 * that come meanwhile (a subscription acknowledged, a message stored) do
 * not cover it; another error does.
 */
void
ui_status(int error, const char *fmt, ...)
{
	va_list	 ap;

	if (!error && ui.status_keep)
		return;
	free(ui.status);
	va_start(ap, fmt);
	ui.status = xvasprintf(fmt, ap);
	va_end(ap);
	ui.status_err = ui.status_keep = error;
	ui.status_history = 0;
	ui.dirty |= UI_DIRTY_STATUS;
}

/* A key (or a click): the error it was shown has been seen. */
void
ui_status_key(void)
{
	if (!ui.status_keep)
		return;
	free(ui.status);
	ui.status = NULL;
	ui.status_err = ui.status_keep = ui.status_history = 0;
	ui.dirty |= UI_DIRTY_STATUS;
}

/* What the commands of one key or prompt line printed, until done. */
struct ui_run {
	char	 *line;
	char	**out;
	int	  nout;
	const void *who;	/* the command that printed last */
	int	  run;		/* its lines so far */
	int	  most;		/* the most lines one command printed */
	void	(*fn)(void *, int);
	void	 *arg;
};

static void
ui_run_info(struct cmdq *q, const void *who, const char *text, void *arg)
{
	struct ui_run	*r = arg;

	if (who != r->who) {
		r->who = who;
		r->run = 0;
	}
	if (++r->run > r->most)
		r->most = r->run;
	r->out = xrealloc(r->out, (r->nout + 1) * sizeof *r->out);
	r->out[r->nout++] = xstrdup(text);
}

/*
 * A command's output of several lines (list, help) goes in a pager, as
 * does one line wider than the status line. Several commands of one line
 * each (a form's save; rename) have each shown on the status line.
 */
static void
ui_run_output(struct ui_run *r)
{
	struct view_pager	*vp;
	struct buf		 b;
	char			*text;
	int			 i, w;

	if (r->most <= 1 && r->nout > 1)
		return;
	if (r->nout == 1) {
		buf_init(&b);
		sanitize(&b, r->out[0], strlen(r->out[0]), 0);
		w = sanitize_width(b.p, b.len);
		buf_free(&b);
		if (w <= ui_status_room())
			return;
	}
	/* As a body, so a long line (a usage) is wrapped, not cut. */
	buf_init(&b);
	for (i = 0; i < r->nout; i++) {
		buf_adds(&b, r->out[i]);
		if (i + 1 < r->nout)
			buf_addc(&b, '\n');
	}
	text = xstrdup(buf_str(&b));
	vp = view_pager_new(r->line);
	view_pager_body(vp, fmt_lines_new(text, b.len, FMT_LINES_TEXT),
	    THEME_NSLOTS);
	view_pager_on_close(vp, free, text);
	buf_free(&b);
	view_pager_show(vp);
	if (r->nout > 1)
		ui_status(0, "%d lines of output (Esc closes)", r->nout);
	else
		ui_status(0, "the output is in the pager (Esc closes)");
}

static void
ui_run_idle(struct cmdq *q, void *arg)
{
	struct ui_run	*r = arg;
	int		 i, ok = cmdq_errors(q) == 0;

	if (r->nout > 0 && ui.active)
		ui_run_output(r);
	if (r->fn != NULL)
		r->fn(r->arg, ok);
	for (i = 0; i < r->nout; i++)
		free(r->out[i]);
	free(r->out);
	free(r->line);
	free(r);
	cmdq_free(q);
}

/*
 * Each key and each prompt line runs at once on a queue of its own: a
 * connect waiting for its broker must not hold up the keys after it, and
 * {conn} must mean the selection as it is when the key is pressed.
 */
void
ui_run_then(const char *line, void (*fn)(void *, int), void *arg)
{
	struct cmdq	*q = cmdq_new("key");
	struct ui_run	*r = xcalloc(1, sizeof *r);

	r->line = xstrdup(line);
	r->fn = fn;
	r->arg = arg;
	cmdq_on_idle(q, ui_run_idle, r);
	cmdq_on_info(q, ui_run_info, r);
	cmdq_append(q, line);
	cmdq_run(q);
}

void
ui_run(const char *line)
{
	ui_run_then(line, NULL, NULL);
}

/*
 * OSC 52 (ESC ] 52 ; c ; BASE64 ST) sets the terminal's clipboard, and
 * travels over SSH like any output. curses does not know it, so it is
 * written after the next frame's refresh.
 */
void
ui_clipboard(const void *p, size_t len)
{
	struct buf	b;

	buf_init(&b);
	buf_adds(&b, "\033]52;c;");
	b64_encode(&b, p, len);
	buf_adds(&b, "\033\\");
	free(ui.clip);
	ui.clip = xmemdup(b.p, b.len);
	ui.cliplen = b.len;
	buf_free(&b);
	ui.dirty |= UI_DIRTY_STATUS;
}

void
ui_follow_newest(void)
{
	if (!view_msgs_following()) {
		view_msgs_bottom();
		ui.dirty |= UI_DIRTY_MSGS;
	}
}

/* The panel of a pane. */
struct panel *
ui_panel(int pane)
{
	switch (pane) {
	case UI_PANE_CONNS:
		return view_conns_panel();
	case UI_PANE_SUBS:
		return view_subs_panel(ui.conn);
	default:
		return view_msgs_panel();
	}
}

const char *
ui_selected_sub(void)
{
	return ui.conn != NULL ? view_subs_topic(ui.conn,
	    view_subs_panel(ui.conn)->sel) : NULL;
}

/*
 * Replace {conn} {sub} {msg} with the selection, quoted for the parser.
 * Inside a quoted word (confirm "unsubscribe {sub}?" "...") the quoted
 * value is escaped once more, so a name with quotes comes back whole when
 * that word is parsed as a command in turn.
 */
char *
ui_expand(const char *tmpl)
{
	struct buf	 b;
	const char	*p, *v;
	char		*q, *s, *out, num[32];
	int		 inq = 0;

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
		} else if (strncmp(p, "{node}", 6) == 0) {
			v = view_tree_node();
			v = v != NULL ? v : "";
			p += 5;
		} else if (strncmp(p, "{msg}", 5) == 0) {
			snprintf(num, sizeof num, "%lld",
			    (long long)view_msgs_selected());
			v = num;
			p += 4;
		}
		if (v == NULL) {
			if (*p == '\\' && p[1] != '\0' && inq != '\'') {
				buf_addc(&b, *p++);
			} else if (*p == '"' || *p == '\'') {
				if (inq == 0)
					inq = *p;
				else if (inq == *p)
					inq = 0;
			}
			buf_addc(&b, *p);
			continue;
		}
		/* In single quotes nothing escapes: step out for it. */
		q = cmd_quote(v);
		if (inq == '\'')
			buf_adds(&b, "'\"");
		for (s = q; *s != '\0'; s++) {
			if (inq != 0 && (*s == '"' || *s == '\\'))
				buf_addc(&b, '\\');
			buf_addc(&b, *s);
		}
		if (inq == '\'')
			buf_adds(&b, "\"'");
		free(q);
	}
	out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* Select a row by its name, as if the cursor had moved there. */
int
ui_select_name(const char *name)
{
	const char	*row;
	int		 i, n;

	view_conns_stale();
	n = view_conns_count();
	for (i = 0; i < n; i++) {
		if ((row = view_conns_name(i)) != NULL &&
		    strcmp(row, name) == 0) {
			panel_select(view_conns_panel(), i);
			ui_select_conn();
			return 0;
		}
	}
	return -1;
}

/*
 * A stored message in the message view: its connection selected, all its
 * messages shown, that one selected. -1 when no row has that name.
 */
int
ui_goto_msg(const char *conn, int64_t id)
{
	if (ui_select_name(conn) != 0)
		return -1;
	panel_select(view_subs_panel(ui.conn), 0);
	ui_select_sub();
	view_msgs_goto(id);
	return 0;
}

/* Show another connection: its subscriptions and its messages. */
static int
ui_show_conn(const char *name)
{
	if (name != NULL && ui.conn != NULL && strcmp(name, ui.conn) == 0)
		return 0;
	free(ui.conn);
	ui.conn = name != NULL ? xstrdup(name) : NULL;
	panel_select(view_subs_panel(ui.conn), 0);
	view_msgs_set(ui.conn, NULL);
	ui.dirty |= UI_DIRTY_ALL;
	return 1;
}

/*
 * The selected connection's messages count as read while its view follows
 * the newest: unread is cleared here, after a key or a command moved the
 * view, and as messages arrive; never while drawing.
 */
void
ui_mark_read(void)
{
	struct conn	*c;

	if (ui.conn == NULL || !view_msgs_following() ||
	    (c = conn_find(ui.conn)) == NULL || c->unread == 0)
		return;
	c->unread = 0;
	ui.dirty |= UI_DIRTY_CONNS;
}

/* The user moved to another connection row: the focus goes with it. */
void
ui_select_conn(void)
{
	struct conn	*c;

	if (!ui_show_conn(view_conns_name(view_conns_panel()->sel)))
		return;
	if (ui.conn != NULL && (c = conn_find(ui.conn)) != NULL)
		conn_focus = ui.focus_seen = c;
	ui_mark_read();
}

/* connect and select move the focus: the selection goes with it. */
void
ui_follow_focus(void)
{
	if (conn_focus == ui.focus_seen)
		return;
	ui.focus_seen = conn_focus;
	if (conn_focus != NULL) {
		ui_show_conn(conn_focus->name);
		ui_mark_read();
	}
}

/*
 * Profiles come and go: keep the selection on the same name if it lives,
 * else on the row where it was (the focus stays where it is).
 */
void
ui_follow_conn(void)
{
	struct panel	*p = view_conns_panel();
	const char	*name;
	int		 i, n = view_conns_count();

	for (i = 0; ui.conn != NULL && i < n; i++) {
		name = view_conns_name(i);
		if (name != NULL && strcmp(name, ui.conn) == 0) {
			if (p->sel != i)
				panel_select(p, i);
			return;
		}
	}
	ui_show_conn(view_conns_name(p->sel));
}

void
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

/* The selection moved in the focused pane: the panes after it follow. */
void
ui_moved(void)
{
	if (ui.pane == UI_PANE_CONNS)
		ui_select_conn();
	else if (ui.pane == UI_PANE_SUBS)
		ui_select_sub();
	ui.dirty |= UI_DIRTY_CONNS | UI_DIRTY_SUBS | UI_DIRTY_MSGS;
}

void
ui_cursor(int delta)
{
	panel_move(ui_panel(ui.pane), delta);
	ui_moved();
}

void
ui_page(int dir)
{
	panel_page(ui_panel(ui.pane), dir);
	ui_moved();
}

/* Before a frame: the panels take their places; the messages are read. */
void
ui_panels_update(int what)
{
	struct panel	*p;
	struct rect	 r;
	int		 i;

	/* Under a full-screen modal nothing is drawn, nothing is read. */
	for (i = 0; i < ui.nmodals; i++) {
		if (ui.modals[i]->full)
			return;
	}
	/* The tree first: its selection may filter the messages. */
	view_tree_update();
	for (i = 0; i < UI_NPANES; i++) {
		p = ui_panel(i);
		r = ui.r[i];
		p->focused = (int)ui.pane == i;
		panel_layout(p, r.y + 1, r.x + 1, r.h - 2, r.w - 2);
	}
	view_msgs_update(what & UI_DIRTY_MSGS);
}

/* Select the next row with the text; over the messages, filter them. */
int
ui_find(const char *text, int dir)
{
	if (ui.pane == UI_PANE_MSGS) {
		ui_filter(text);
		return 1;
	}
	if (!panel_find(ui_panel(ui.pane), text, dir))
		return 0;
	ui_moved();
	return 1;
}

/* Type to find in the focused pane (over the messages: the filter). */
void
ui_find_open(void)
{
	if (ui.pane == UI_PANE_MSGS)
		ui_filter_open();
	else
		view_find_open(ui_panel(ui.pane), "find", NULL);
}

/* Type the shown connection's message filter, from what it is. */
void
ui_filter_open(void)
{
	view_find_open(view_msgs_panel(), "filter", view_msgs_text());
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

/*
 * Disabled (the row stays, off) or gone. A filter on a subscription that
 * is gone shows all messages again.
 */
static void
ui_unsubscribed(struct conn *c, const char *topic)
{
	struct sub	*s;

	ui.dirty |= UI_DIRTY_SUBS;
	if (c == NULL || topic == NULL)
		return;
	if ((s = conn_sub_find(c, topic)) != NULL && !s->enabled) {
		ui_status(0, "%s: disabled %s (kept, off)", c->name, topic);
		return;
	}
	ui_status(0, "%s: unsubscribed from %s", c->name, topic);
	if (s == NULL && ui.conn != NULL && strcmp(ui.conn, c->name) == 0) {
		view_subs_stale();
		panel_select(view_subs_panel(ui.conn), 0);
		ui_select_sub();
	}
}

static void
ui_event(const struct event *ev, void *arg)
{
	const char	*cn = ev->conn != NULL ? ev->conn->name : ev->name;

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
	case EV_HIT:
	case EV_SEARCHED:
		break;	/* listed by the command's output */
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
	case EV_WAITING:
		ui_status(0, "%s: session present: %zu message%s waiting", cn,
		    ev->count, ev->count == 1 ? " was" : "s were");
		break;
	case EV_SUBSCRIBED:
		ui_status(0, "%s: subscribed to %s (QoS %d)", cn, ev->topic,
		    ev->qos);
		ui.dirty |= UI_DIRTY_SUBS;
		break;
	case EV_UNSUBSCRIBED:
		ui_unsubscribed(ev->conn, ev->topic);
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
		if (ev->reason != NULL) {
			ui_status(1, "history delayed: %s (%zu messages "
			    "waiting)", ev->reason, ev->count);
			ui.status_history = 1;
		} else {
			/* The error it ends need not wait for a key. */
			if (ui.status_history)
				ui.status_keep = 0;
			ui_status(0, "history saved again");
		}
		break;
	case EV_RETAINED:
	case EV_DOCTOR:
		break;		/* listed in a pager by their commands */
	case EV_RETAINED_DONE:
	case EV_RESPONSE:
		ui_status(0, "%s: %s", cn, ev->reason);
		break;
	case EV_IMPORTED:
		ui.dirty |= UI_DIRTY_CONNS;	/* a new profile to list */
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
	view_composer_drafts_free();
	series_free();
	endwin();
	if (ui.iofd != -1)
		close(ui.iofd);
	ui.iofd = -1;
	/* Leave the cursor visible and the mouse off, whatever happened. */
	fputs("\033[?1000l\033[?1006l\033[?25h", stdout);
	fflush(stdout);
	free(ui.status);
	free(ui.conn);
	free(ui.clip);
	ui.status = ui.conn = ui.clip = NULL;
}
