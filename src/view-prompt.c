/*
 * The one-line prompt at the bottom: the ':' command line (with history and
 * Tab completion of commands, connections and topics), prompts that fill a
 * command template, and yes/no confirmations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "draw.h"
#include "edit.h"
#include "key-bindings.h"
#include "keys.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_PROMPT_HISTORY	100

struct view_prompt {
	char		*label;
	char		*tmpl;		/* NULL: run the text as commands */
	struct edit	 e;
	int		 hist;		/* -1: editing a new line */
	int		 hs;		/* first column shown */
	/* Tab cycles through the candidates for the word being completed. */
	char		**cands;
	int		 ncands, cand;
	size_t		 word_start;
};

static char	*view_prompt_history[VIEW_PROMPT_HISTORY];
static int	 view_prompt_nhistory;

void
view_prompt_remember(const char *line)
{
	int	i;

	if (*line == '\0' || (view_prompt_nhistory > 0 &&
	    strcmp(view_prompt_history[0], line) == 0))
		return;
	if (view_prompt_nhistory == VIEW_PROMPT_HISTORY)
		free(view_prompt_history[--view_prompt_nhistory]);
	for (i = view_prompt_nhistory; i > 0; i--)
		view_prompt_history[i] = view_prompt_history[i - 1];
	view_prompt_history[0] = xstrdup(line);
	view_prompt_nhistory++;
}

static void
view_prompt_free_cands(struct view_prompt *vp)
{
	int	i;

	for (i = 0; i < vp->ncands; i++)
		free(vp->cands[i]);
	free(vp->cands);
	vp->cands = NULL;
	vp->ncands = vp->cand = 0;
}

static void
view_prompt_cand(struct view_prompt *vp, const char *prefix, size_t plen,
    const char *word)
{
	int	i;

	if (strncmp(word, prefix, plen) != 0)
		return;
	for (i = 0; i < vp->ncands; i++) {
		if (strcmp(vp->cands[i], word) == 0)
			return;
	}
	vp->cands = xrealloc(vp->cands, (vp->ncands + 1) * sizeof *vp->cands);
	vp->cands[vp->ncands++] = xstrdup(word);
}

/* Candidates: command names first word, else connections and topics. */
static void
view_prompt_complete(struct view_prompt *vp)
{
	const char	*text = edit_text(&vp->e), *prefix;
	const struct cmd_entry **ce;
	struct conn	*c;
	struct sub	*s;
	char		**names, *q;
	size_t		 start = vp->e.cur, plen;
	int		 i, first;

	if (vp->cands == NULL) {
		while (start > 0 && text[start - 1] != ' ' &&
		    text[start - 1] != ';')
			start--;
		vp->word_start = start;
		prefix = text + start;
		plen = vp->e.cur - start;
		first = 1;
		for (i = (int)start - 1; i >= 0 && text[i] != ';'; i--) {
			if (text[i] != ' ')
				first = 0;
		}
		if (first && vp->tmpl == NULL) {
			for (ce = cmd_table; *ce != NULL; ce++)
				view_prompt_cand(vp, prefix, plen, (*ce)->name);
		} else {
			names = store_profile_names();
			for (i = 0; names != NULL && names[i] != NULL; i++)
				view_prompt_cand(vp, prefix, plen, names[i]);
			store_free_names(names);
			TAILQ_FOREACH(c, &conn_list, entry) {
				view_prompt_cand(vp, prefix, plen, c->name);
				TAILQ_FOREACH(s, &c->subs, entry)
					view_prompt_cand(vp, prefix, plen,
					    s->topic);
			}
		}
		if (vp->ncands == 0) {
			ui_status(0, "no completions");
			return;
		}
		vp->cand = 0;
	} else
		vp->cand = (vp->cand + 1) % vp->ncands;
	q = cmd_quote(vp->cands[vp->cand]);
	/* Replace the word being completed with the candidate. */
	vp->e.text.len = vp->word_start;
	if (vp->e.text.p != NULL)
		vp->e.text.p[vp->word_start] = '\0';
	vp->e.cur = vp->word_start;
	edit_insert(&vp->e, q);
	if (vp->ncands == 1)
		edit_insert(&vp->e, " ");
	free(q);
	if (vp->ncands == 1)
		view_prompt_free_cands(vp);
}

static void
view_prompt_draw(void *arg, int rows, int cols)
{
	struct view_prompt	*vp = arg;
	struct buf		 b;
	int			 lw, line, col;

	draw_fill((struct rect){ rows - 1, 0, 1, cols }, A_NORMAL);
	lw = draw_bytes(rows - 1, 0, cols / 2, vp->label, strlen(vp->label),
	    theme_attr(THEME_PROMPT));
	edit_cursor(&vp->e, &line, &col);
	/* Scroll the text so the cursor stays on screen. */
	draw_scroll(col, cols - lw - 1, &vp->hs);
	buf_init(&b);
	sanitize(&b, edit_text(&vp->e), strlen(edit_text(&vp->e)), 0);
	draw_window(rows - 1, lw, cols - lw, buf_str(&b), vp->hs, A_NORMAL);
	buf_free(&b);
	ui_modal_cursor(rows - 1, lw + col - vp->hs);
}

/* Enter: the line, or the template filled with it, runs once closed. */
static int
view_prompt_run(void *arg, char **run)
{
	struct view_prompt	*vp = arg;
	const char		*text = edit_text(&vp->e), *p;
	struct buf		 line;
	char			*q;

	view_prompt_free_cands(vp);
	if (vp->tmpl == NULL) {
		view_prompt_remember(text);
		*run = xstrdup(text);
		return UI_MODAL_CLOSE;
	}
	if (*text == '\0')
		return UI_MODAL_CLOSE;
	/* %% in the template becomes the quoted answer. */
	buf_init(&line);
	q = cmd_quote(text);
	for (p = vp->tmpl; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == '%') {
			buf_adds(&line, q);
			p++;
		} else
			buf_addc(&line, *p);
	}
	*run = xstrdup(buf_str(&line));
	buf_free(&line);
	free(q);
	return UI_MODAL_CLOSE;
}

static int
view_prompt_cancel(void *arg, char **run)
{
	return UI_MODAL_CLOSE;
}

static int
view_prompt_complete_key(void *arg, char **run)
{
	view_prompt_complete(arg);
	return UI_MODAL_KEEP;
}

/* Up (older, +1) and Down (newer, -1) through the lines run before. */
static void
view_prompt_history_walk(struct view_prompt *vp, int delta)
{
	view_prompt_free_cands(vp);
	if (vp->tmpl != NULL || view_prompt_nhistory == 0)
		return;
	vp->hist += delta;
	if (vp->hist >= view_prompt_nhistory)
		vp->hist = view_prompt_nhistory - 1;
	if (vp->hist < 0) {
		vp->hist = -1;
		edit_set(&vp->e, "");
	} else
		edit_set(&vp->e, view_prompt_history[vp->hist]);
}

static int
view_prompt_history_prev(void *arg, char **run)
{
	view_prompt_history_walk(arg, 1);
	return UI_MODAL_KEEP;
}

static int
view_prompt_history_next(void *arg, char **run)
{
	view_prompt_history_walk(arg, -1);
	return UI_MODAL_KEEP;
}

static const struct ui_action view_prompt_actions[] = {
	{ "run", view_prompt_run },
	{ "cancel", view_prompt_cancel },
	{ "complete", view_prompt_complete_key },
	{ "history-prev", view_prompt_history_prev },
	{ "history-next", view_prompt_history_next },
	{ NULL, NULL }
};

/* The keys the prompt's table does not bind edit the line. */
static int
view_prompt_key(void *arg, int key)
{
	struct view_prompt	*vp = arg;

	view_prompt_free_cands(vp);
	edit_key(&vp->e, key);
	return 0;
}

static void
view_prompt_free(void *arg)
{
	struct view_prompt	*vp = arg;

	view_prompt_free_cands(vp);
	edit_free(&vp->e);
	free(vp->label);
	free(vp->tmpl);
	free(vp);
}

void
view_prompt_open(const char *label, const char *tmpl, const char *initial)
{
	struct ui_modal		*m = xcalloc(1, sizeof *m);
	struct view_prompt	*vp = xcalloc(1, sizeof *vp);

	vp->label = xstrdup(label != NULL ? label : ":");
	vp->tmpl = tmpl != NULL ? xstrdup(tmpl) : NULL;
	vp->hist = -1;
	edit_init(&vp->e, 0);
	if (initial != NULL)
		edit_set(&vp->e, initial);
	m->mode = "prompt";
	m->prompt = 1;
	m->draw = view_prompt_draw;
	m->key = view_prompt_key;
	m->actions = view_prompt_actions;
	m->free = view_prompt_free;
	m->data = vp;
	ui_modal_push(m);
}

struct view_confirm {
	char	*question;
	char	*command;
};

static void
view_confirm_draw(void *arg, int rows, int cols)
{
	struct view_confirm	*vc = arg;
	char			 yes[32], no[32];
	int			 w, k;

	draw_fill((struct rect){ rows - 1, 0, 1, cols },
	    theme_attr(THEME_STATUS_ERROR));
	w = draw_bytes(rows - 1, 1, cols - 12, vc->question,
	    strlen(vc->question), theme_attr(THEME_STATUS_ERROR));
	/* The answers' keys as bound: (y/n) by default. */
	if ((k = key_bindings_key("confirm", "mode yes")) != KEYC_NONE)
		keys_name(k, yes);
	else
		snprintf(yes, sizeof yes, "mode yes");
	if ((k = key_bindings_key("confirm", "mode no")) != KEYC_NONE)
		keys_name(k, no);
	else
		snprintf(no, sizeof no, "mode no");
	draw_printf(rows - 1, w + 1, cols - w - 1,
	    theme_attr(THEME_STATUS_ERROR), " (%s/%s)", yes, no);
}

/* y: the command runs once the question is gone. */
static int
view_confirm_yes(void *arg, char **run)
{
	struct view_confirm	*vc = arg;

	*run = xstrdup(vc->command);
	return UI_MODAL_CLOSE;
}

static int
view_confirm_no(void *arg, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_confirm_actions[] = {
	{ "yes", view_confirm_yes },
	{ "no", view_confirm_no },
	{ NULL, NULL }
};

/* Any other key: the question waits for an answer. */
static int
view_confirm_key(void *arg, int key)
{
	return 0;
}

static void
view_confirm_free(void *arg)
{
	struct view_confirm	*vc = arg;

	free(vc->question);
	free(vc->command);
	free(vc);
}

void
view_confirm_open(const char *question, const char *command)
{
	struct ui_modal		*m = xcalloc(1, sizeof *m);
	struct view_confirm	*vc = xcalloc(1, sizeof *vc);

	vc->question = xstrdup(question);
	vc->command = xstrdup(command);
	m->mode = "confirm";
	m->prompt = 1;
	m->draw = view_confirm_draw;
	m->key = view_confirm_key;
	m->actions = view_confirm_actions;
	m->free = view_confirm_free;
	m->data = vc;
	ui_modal_push(m);
}
