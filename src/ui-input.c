/*
 * Keys and the mouse on the screen: curses' input turned into key codes,
 * and each key run as the command it is bound to (or handed to the open
 * modal), its frame drawn before the loop turns back to the brokers.
 */
#include <poll.h>
#include <stdlib.h>
#include <wchar.h>

#include <curses.h>

#include "conn.h"
#include "draw.h"
#include "key-bindings.h"
#include "keys.h"
#include "loop.h"
#include "panel.h"
#include "ui.h"
#include "ui-int.h"
#include "view.h"
#include "xmalloc.h"

static int
ui_translate(int rc, wint_t wch)
{
	if (rc == OK) {
		switch (wch) {
		case '\t':
			return KEYC_TAB;
		case '\r':
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
	MEVENT		 ev;
	struct panel	*panel;
	int		 p, row;

	if (getmouse(&ev) != OK || ui.nmodals > 0)
		return;
	for (p = 0; p < UI_NPANES; p++) {
		if (!ui_in_rect(ui.r[p], ev.y, ev.x))
			continue;
		ui.pane = p;
		if (ev.bstate & BUTTON4_PRESSED)
			ui_cursor(-3);
		else if (ev.bstate & BUTTON5_PRESSED)
			ui_cursor(3);
		else if ((row = panel_hit(panel = ui_panel(p), ev.y)) >= 0) {
			panel_select(panel, row);
			ui_moved();
		}
		ui.dirty |= UI_DIRTY_ALL;
		return;
	}
}

/*
 * The command a key is bound to in a mode's table, or NULL. C-j (a line
 * feed) counts as Enter unless it is bound itself.
 */
static const char *
ui_binding(const char *mode, int *key)
{
	const char	*cmd = key_bindings_find(mode, *key);

	if (cmd == NULL && *key == KEYC_CTRL('j')) {
		*key = KEYC_ENTER;
		cmd = key_bindings_find(mode, *key);
	}
	return cmd;
}

static void
ui_key_run(const char *cmd)
{
	char	*line;

	line = ui_expand(cmd);
	ui_run(line);
	free(line);
}

/*
 * A key for the window on top: its table's command, else an editing key
 * of the window's own. A window without any says the key is not bound.
 */
static void
ui_key_modal(int key)
{
	struct ui_modal	*m = ui.modals[ui.nmodals - 1];
	const char	*cmd;
	char		 name[32];

	ui.dirty |= UI_DIRTY_ALL;
	if (key == KEYC_MOUSE)
		return;
	if ((cmd = ui_binding(m->mode, &key)) != NULL)
		ui_key_run(cmd);
	else if (m->key == NULL)
		ui_status(0, "%s is not bound in %s (? lists its keys)",
		    keys_name(key, name), key_bindings_what(m->mode));
	else if (m->key(m->data, key))
		ui_modal_remove(m);
}

static void
ui_key(int key)
{
	const char	*cmd;
	char		 name[32];

	view_conns_stale();
	view_subs_stale();
	if (key == KEYC_RESIZE) {
		ui.dirty |= UI_DIRTY_ALL;
		return;
	}
	ui_status_key();
	if (ui.nmodals > 0) {
		ui_key_modal(key);
		return;
	}
	if (key == KEYC_MOUSE) {
		ui_mouse();
		return;
	}
	if ((cmd = ui_binding("main", &key)) == NULL) {
		/* Escape out of nothing is nothing: no need to say so. */
		if (key != KEYC_ESC)
			ui_status(0, "%s is not bound (? for help)",
			    keys_name(key, name));
		return;
	}
	ui_key_run(cmd);
}

void
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
	/* What the keys did may have moved the focus or shown the newest. */
	if (ui.active) {
		ui_follow_focus();
		ui_mark_read();
	}
	/* The keys' frame goes out now, before the brokers get the turn. */
	if (ui.urgent && ui.dirty != 0 && ui.active)
		ui_frame();
	ui.urgent = 0;
	if (revents & (POLLHUP | POLLERR))
		loop_exit(0);	/* the terminal went away */
}
