/*
 * The windows over the panes (modals): a stack, the top one getting the
 * keys.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "ui.h"
#include "ui-int.h"

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
	else if (m != NULL && m->panel > 0 && ui.r_panel.h > 0) {
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
