/*
 * Type to find, on the bottom line like the prompt. Over a list each key
 * finds as the find command does (ui_find): the first row from the
 * selection on that has the text is selected (Down or C-n the next one,
 * Up or C-p the one before); a text no row has is said on the line, not
 * as an error for each key. Over the messages each key runs "filter
 * TEXT", so the view narrows as it is typed. Enter ends it, keeping what
 * was found or filtered; Esc ends it too, and clears the filter. In a
 * pager the keys find in the pager's own panel. Those keys are the "find"
 * table's; the others edit the text.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "buf.h"
#include "cmd-parse.h"
#include "draw.h"
#include "edit.h"
#include "key-bindings.h"
#include "panel.h"
#include "sanitize.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

struct view_find {
	struct panel	*panel;
	const char	*cmd;		/* "find", "filter" or NULL */
	struct edit	 e;
	int		 hs;
	int		 missed;	/* the text is in no row */
};

/* Find in the pane or the pager, or run "filter TEXT". */
static void
view_find_run(struct view_find *vf, int dir)
{
	const char	*text = edit_text(&vf->e);
	char		*q, *line;

	vf->missed = 0;
	if (vf->cmd == NULL)
		vf->missed = *text != '\0' && !panel_find(vf->panel, text, dir);
	else if (strcmp(vf->cmd, "find") == 0)
		vf->missed = *text != '\0' && !ui_find(text, dir);
	else {
		q = cmd_quote(text);
		line = xasprintf("%s -- %s", vf->cmd, q);
		ui_run(line);
		free(line);
		free(q);
	}
}

static int
view_find_filtering(struct view_find *vf)
{
	return vf->cmd != NULL && strcmp(vf->cmd, "filter") == 0;
}

static const struct key_hint view_find_hints[] = {
	{ "mode prev|mode next", "other matches", 0 },
	{ "mode done", "", 0 },
	{ "mode cancel", "", 0 },
	{ "keys find", "keys", 1 },
	{ NULL, NULL, 0 }
};

static const struct key_hint view_find_filter_hints[] = {
	{ "mode done", "keep", 0 },
	{ "mode cancel", "clear", 0 },
	{ "keys find", "keys", 1 },
	{ NULL, NULL, 0 }
};

static void
view_find_draw(void *arg, int rows, int cols)
{
	struct view_find	*vf = arg;
	struct buf		 b;
	const char		*label;
	char			*keys, *hint;
	int			 lw, line, col, hw;

	label = view_find_filtering(vf) ? "filter: " : "find: ";
	keys = key_bindings_hint("find", view_find_filtering(vf) ?
	    view_find_filter_hints : view_find_hints, cols / 2 - 2);
	hint = vf->missed ? xstrdup(" no match ") : xasprintf(" %s ", keys);
	free(keys);
	hw = sanitize_width(hint, strlen(hint));
	if (hw > cols / 2)
		hw = 0;
	draw_fill((struct rect){ rows - 1, 0, 1, cols }, A_NORMAL);
	lw = draw_text(rows - 1, 0, cols / 2, label, theme_attr(THEME_PROMPT));
	edit_cursor(&vf->e, &line, &col);
	draw_scroll(col, cols - lw - hw - 1, &vf->hs);
	buf_init(&b);
	sanitize(&b, edit_text(&vf->e), strlen(edit_text(&vf->e)), 0);
	draw_window(rows - 1, lw, cols - lw - hw, buf_str(&b), vf->hs,
	    A_NORMAL);
	buf_free(&b);
	if (hw > 0)
		draw_text(rows - 1, cols - hw, hw, hint, vf->missed ?
		    theme_attr(THEME_ERROR) : theme_attr(THEME_META));
	free(hint);
	ui_modal_cursor(rows - 1, lw + col - vf->hs);
}

/* Esc: ends it; a filter typed is cleared. */
static int
view_find_cancel(void *arg, char **run)
{
	if (view_find_filtering(arg))
		*run = xstrdup("filter");
	return UI_MODAL_CLOSE;
}

/* Enter: ends it, keeping what it found; an empty filter is none. */
static int
view_find_done(void *arg, char **run)
{
	struct view_find	*vf = arg;

	if (view_find_filtering(vf) && *edit_text(&vf->e) == '\0')
		*run = xstrdup("filter");
	return UI_MODAL_CLOSE;
}

static void
view_find_again(struct view_find *vf, int dir)
{
	if (!view_find_filtering(vf) && *edit_text(&vf->e) != '\0')
		view_find_run(vf, dir);
}

static int
view_find_next(void *arg, char **run)
{
	view_find_again(arg, 1);
	return UI_MODAL_KEEP;
}

static int
view_find_prev(void *arg, char **run)
{
	view_find_again(arg, -1);
	return UI_MODAL_KEEP;
}

static const struct ui_action view_find_actions[] = {
	{ "next", view_find_next },
	{ "prev", view_find_prev },
	{ "done", view_find_done },
	{ "cancel", view_find_cancel },
	{ NULL, NULL }
};

/* The keys the table does not bind edit the text, which finds again. */
static int
view_find_key(void *arg, int key)
{
	struct view_find	*vf = arg;

	if (edit_key(&vf->e, key) == EDIT_CHANGED)
		view_find_run(vf, 0);
	return 0;
}

static void
view_find_free(void *arg)
{
	struct view_find	*vf = arg;

	edit_free(&vf->e);
	free(vf);
}

void
view_find_open(struct panel *p, const char *cmd, const char *initial)
{
	struct ui_modal		*m = xcalloc(1, sizeof *m);
	struct view_find	*vf = xcalloc(1, sizeof *vf);

	vf->panel = p;
	vf->cmd = cmd;
	edit_init(&vf->e, 0);
	if (initial != NULL)
		edit_set(&vf->e, initial);
	m->mode = "find";
	m->draw = view_find_draw;
	m->key = view_find_key;
	m->actions = view_find_actions;
	m->free = view_find_free;
	m->data = vf;
	ui_modal_push(m);
}
