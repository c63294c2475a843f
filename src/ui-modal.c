/*
 * The windows over the panes (modals): a stack, the top one getting the
 * keys. Each has a mode, whose key table its keys are looked up in
 * (ui-input.c), and actions, which "mode ACTION" runs on the one on top.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "buf.h"
#include "key-bindings.h"
#include "ui.h"
#include "ui-int.h"
#include "xmalloc.h"

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

/* Where the modal being drawn draws: its panel, or all but the status. */
void
ui_modal_area(int *y, int *x, int *h, int *w)
{
	struct ui_modal	*m = ui.drawing;

	*y = *x = 0;
	*h = LINES - 1;
	*w = COLS;
	if (m != NULL && m->prompt)
		*h = LINES;
	else if (m != NULL && m->side > 0 && ui.r_side.w > 0) {
		*h = ui.r_side.h;
		*w = ui.r_side.w;
	} else if (m != NULL && m->panel > 0 && ui.r_panel.h > 0) {
		*y = ui.r_panel.y;
		*x = ui.r_panel.x;
		*h = ui.r_panel.h;
		*w = ui.r_panel.w;
	}
}

/* Close m wherever it is: its key may have opened another over it. */
void
ui_modal_remove(struct ui_modal *m)
{
	int	i;

	for (i = 0; i < ui.nmodals && ui.modals[i] != m; i++)
		;
	if (i == ui.nmodals)
		return;
	memmove(&ui.modals[i], &ui.modals[i + 1], (ui.nmodals - i - 1) *
	    sizeof *ui.modals);
	ui.nmodals--;
	if (m->free != NULL)
		m->free(m->data);
	free(m);
	ui.dirty |= UI_DIRTY_ALL;
}

void
ui_modal_close(void)
{
	if (ui.nmodals > 0)
		ui_modal_remove(ui.modals[ui.nmodals - 1]);
}

static const struct ui_action *
ui_modal_find(const struct ui_action *a, const char *name)
{
	for (; a != NULL && a->name != NULL; a++) {
		if (strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

static void
ui_modal_names(struct buf *b, const struct ui_action *a)
{
	for (; a != NULL && a->name != NULL; a++) {
		if (b->len > 0)
			buf_adds(b, ", ");
		buf_adds(b, a->name);
	}
}

int
ui_modal_action(const char *name, char **err)
{
	struct ui_modal		*m;
	const struct ui_action	*a;
	struct buf		 b;
	void			*data;
	char			*run = NULL;

	*err = NULL;
	if (ui.nmodals == 0) {
		*err = xasprintf("no window is open for '%s' to act on", name);
		return -1;
	}
	m = ui.modals[ui.nmodals - 1];
	/* An owner's action first: it knows better than its pager. */
	data = m->more_data;
	if ((a = ui_modal_find(m->more, name)) == NULL) {
		data = m->data;
		a = ui_modal_find(m->actions, name);
	}
	if (a == NULL) {
		buf_init(&b);
		ui_modal_names(&b, m->more);
		ui_modal_names(&b, m->actions);
		*err = xasprintf("%s has no action '%s' (it has: %s)",
		    key_bindings_what(m->mode), name, buf_str(&b));
		buf_free(&b);
		return -1;
	}
	if (a->fn(data, &run) == UI_MODAL_CLOSE)
		ui_modal_remove(m);
	/* After the window is gone, so a "mode" in it acts on the next. */
	if (run != NULL) {
		ui_run(run);
		free(run);
	}
	ui.dirty |= UI_DIRTY_ALL;
	return 0;
}
