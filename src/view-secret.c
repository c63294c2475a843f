/*
 * A masked one-line prompt for a secret: a password or a key's passphrase
 * asked at connect. The answer goes to the asker's function only: never a
 * command line, the prompt's history or the screen (a star a character).
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "draw.h"
#include "edit.h"
#include "sanitize.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

struct view_secret {
	char		*label;
	struct edit	 e;
	void		(*fn)(void *, char *);
	void		*arg;
};

static void
view_secret_draw(void *arg, int rows, int cols)
{
	struct view_secret	*vs = arg;
	const char		*text = edit_text(&vs->e);
	size_t			 k, len = strlen(text);
	int			 lw, col = 0, n = 0;

	draw_fill((struct rect){ rows - 1, 0, 1, cols }, A_NORMAL);
	lw = draw_bytes(rows - 1, 0, cols / 2, vs->label, strlen(vs->label),
	    theme_attr(THEME_PROMPT));
	/* One star a character, whatever its width. */
	for (k = 0; k < len; k += sanitize_charlen(text + k, len - k)) {
		if (k < vs->e.cur)
			col++;
		n++;
	}
	if (n > cols - lw - 1)
		n = cols - lw - 1;
	if (col > n)
		col = n;
	for (k = 0; k < (size_t)n; k++)
		draw_text(rows - 1, lw + (int)k, 1, "*", A_NORMAL);
	ui_modal_cursor(rows - 1, lw + col);
}

/* Answer once; the window is closed by the caller of the action. */
static void
view_secret_answer(struct view_secret *vs, char *answer)
{
	void	(*fn)(void *, char *) = vs->fn;

	vs->fn = NULL;
	if (fn != NULL)
		fn(vs->arg, answer);
}

static int
view_secret_run(void *arg, char **run)
{
	struct view_secret	*vs = arg;

	view_secret_answer(vs, xstrdup(edit_text(&vs->e)));
	return UI_MODAL_CLOSE;
}

static int
view_secret_cancel(void *arg, char **run)
{
	view_secret_answer(arg, NULL);
	return UI_MODAL_CLOSE;
}

/* The prompt's keys (mode "prompt") that mean nothing here. */
static int
view_secret_nothing(void *arg, char **run)
{
	return UI_MODAL_KEEP;
}

static const struct ui_action view_secret_actions[] = {
	{ "run", view_secret_run },
	{ "cancel", view_secret_cancel },
	{ "complete", view_secret_nothing },
	{ "history-prev", view_secret_nothing },
	{ "history-next", view_secret_nothing },
	{ NULL, NULL }
};

static int
view_secret_key(void *arg, int key)
{
	struct view_secret	*vs = arg;

	edit_key(&vs->e, key);
	return 0;
}

/* Closed without an answer (the screen ends): that is a cancel. */
static void
view_secret_free(void *arg)
{
	struct view_secret	*vs = arg;

	view_secret_answer(vs, NULL);
	edit_free(&vs->e);
	free(vs->label);
	free(vs);
}

void
view_secret_open(const char *label, void (*fn)(void *, char *), void *arg)
{
	struct ui_modal		*m = xcalloc(1, sizeof *m);
	struct view_secret	*vs = xcalloc(1, sizeof *vs);

	vs->label = xstrdup(label);
	vs->fn = fn;
	vs->arg = arg;
	edit_init(&vs->e, 0);
	m->mode = "prompt";
	m->prompt = 1;
	m->draw = view_secret_draw;
	m->key = view_secret_key;
	m->actions = view_secret_actions;
	m->free = view_secret_free;
	m->data = vs;
	ui_modal_push(m);
}
