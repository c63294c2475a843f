/*
 * The guided demo's panel, at the foot of the message pane: the step's
 * title and what it shows, the command lines it runs (each marked when
 * done), and the keys. Its key table's parent is the main screen's, so
 * the panes stay usable. The lines run one after another as if typed at
 * the ':' prompt, and go into its history.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conn.h"
#include "demo.h"
#include "key-bindings.h"
#include "sanitize.h"
#include "sim.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

/* Rows: the frame, four of text (80 columns), four of lines, the keys. */
#define VIEW_DEMO_H	11
#define VIEW_DEMO_TEXT	4
#define VIEW_DEMO_LINES	4

enum view_demo_state {
	VIEW_DEMO_WAITING,
	VIEW_DEMO_RUNNING,
	VIEW_DEMO_DONE,
	VIEW_DEMO_FAILED,
	VIEW_DEMO_SKIPPED,
};

struct view_demo {
	char			*url;
	int			 step;
	char			*text;
	struct demo_line	*lines;
	int			 n;
	int			*state;
	int			 cur;		/* the line running or next */
	int			 busy;
	unsigned		 gen;		/* answers of this step count */
	struct ui_modal		*m;
};

static struct view_demo	*view_demo_live;

static const struct key_hint view_demo_hints[] = {
	{ "demo next", "next step", 0 },
	{ "demo stop", "end", 0 },
	{ "prompt", "command", 1 },
	{ "keys demo", "keys", 2 },
	{ NULL, NULL, 0 }
};

static void	view_demo_run(struct view_demo *);

static int
view_demo_live_conn(const char *name)
{
	struct conn	*c = conn_find(name);

	return c != NULL && (c->state == CONN_CONNECTED ||
	    c->state == CONN_CONNECTING || c->state == CONN_RECONNECT_WAIT);
}

static void
view_demo_done(void *arg, int ok)
{
	struct view_demo	*vd = view_demo_live;

	if (vd == NULL || (unsigned)(uintptr_t)arg != vd->gen ||
	    vd->cur >= vd->n)
		return;
	vd->state[vd->cur] = ok ? VIEW_DEMO_DONE : VIEW_DEMO_FAILED;
	ui_dirty(UI_DIRTY_ALL);
	if (!ok) {
		/* The rest would build on it: stop here, the error shown. */
		vd->busy = 0;
		return;
	}
	vd->cur++;
	view_demo_run(vd);
}

/* Run the step's lines from cur on, each once the one before answered. */
static void
view_demo_run(struct view_demo *vd)
{
	struct demo_line	*l;

	while (vd->cur < vd->n) {
		l = &vd->lines[vd->cur];
		if ((l->unless_live != NULL &&
		    view_demo_live_conn(l->unless_live)) ||
		    (l->if_sim != NULL && !sim_exists(l->if_sim))) {
			vd->state[vd->cur++] = VIEW_DEMO_SKIPPED;
			continue;
		}
		vd->state[vd->cur] = VIEW_DEMO_RUNNING;
		vd->busy = 1;
		view_prompt_remember(l->line);
		/* Its answer may come at once, from inside the call. */
		ui_run_then(l->line, view_demo_done,
		    (void *)(uintptr_t)vd->gen);
		return;
	}
	vd->busy = 0;
	ui_dirty(UI_DIRTY_ALL);
}

static void
view_demo_step(struct view_demo *vd, int step)
{
	demo_lines_free(vd->lines, vd->n);
	free(vd->state);
	free(vd->text);
	vd->step = step;
	vd->text = demo_text(step, vd->url);
	vd->lines = demo_lines(step, vd->url, &vd->n);
	vd->state = xcalloc(vd->n + 1, sizeof *vd->state);
	vd->cur = 0;
	vd->gen++;
	view_demo_run(vd);
}

/* Up to max rows of text, wrapped at blanks to w columns. */
static int
view_demo_wrap(int y, int x, int w, int max, const char *text, attr_t a)
{
	struct buf	 b;
	const char	*p = text, *brk, *q;
	int		 rows = 0, cw;

	buf_init(&b);
	while (*p != '\0' && rows < max) {
		brk = NULL;
		cw = 0;
		for (q = p; *q != '\0'; q++) {
			if ((*q & 0xc0) != 0x80)
				cw++;
			if (cw > w)
				break;
			if (*q == ' ')
				brk = q;
		}
		if (*q == '\0')
			brk = q;
		else if (brk == NULL || rows == max - 1)
			brk = q;
		buf_reset(&b);
		sanitize(&b, p, brk - p, 0);
		draw_text(y + rows++, x, w, buf_str(&b), a);
		p = *brk == ' ' ? brk + 1 : brk;
	}
	buf_free(&b);
	return rows;
}

static void
view_demo_draw(void *data, int rows, int cols)
{
	struct view_demo	*vd = data;
	struct rect		 box;
	struct buf		 b;
	const char		*mark;
	char			*title, *help;
	attr_t			 a, meta = theme_attr(THEME_META);
	int			 x, w, y, i, first;

	ui_modal_area(&box.y, &box.x, &box.h, &box.w);
	draw_fill(box, A_NORMAL);
	x = box.x + 2;
	w = box.w - 4;
	if (box.h < 4 || w < 10) {
		draw_text(box.y, box.x, box.w, "Screen too small (Esc ends "
		    "the demo)", theme_attr(THEME_ERROR));
		return;
	}
	title = xasprintf("Demo %d/%d: %s", vd->step + 1, demo_steps(),
	    demo_title(vd->step));
	draw_box(box, title, 1);
	free(title);

	y = box.y + 1;
	view_demo_wrap(y, x, w, VIEW_DEMO_TEXT, vd->text, A_NORMAL);
	y += VIEW_DEMO_TEXT;

	/* The lines: a window that keeps the running one in sight. */
	first = vd->cur - (VIEW_DEMO_LINES - 1);
	if (first > vd->n - VIEW_DEMO_LINES)
		first = vd->n - VIEW_DEMO_LINES;
	if (first < 0)
		first = 0;
	buf_init(&b);
	for (i = first; i < vd->n && i < first + VIEW_DEMO_LINES &&
	    y < box.y + box.h - 2; i++, y++) {
		a = A_NORMAL;
		switch (vd->state[i]) {
		case VIEW_DEMO_RUNNING:
			mark = "…";
			break;
		case VIEW_DEMO_DONE:
			mark = "✓";
			break;
		case VIEW_DEMO_FAILED:
			mark = "✗";
			a = theme_attr(THEME_ERROR);
			break;
		case VIEW_DEMO_SKIPPED:
			mark = "-";
			a = meta;
			break;
		default:
			mark = " ";
			a = meta;
			break;
		}
		buf_reset(&b);
		buf_addf(&b, "%s :", mark);
		sanitize(&b, vd->lines[i].line, strlen(vd->lines[i].line), 0);
		if (vd->state[i] == VIEW_DEMO_SKIPPED)
			buf_adds(&b, "  (connected already)");
		draw_text(y, x, w, buf_str(&b), a);
	}
	buf_free(&b);
	if (first > 0 || first + VIEW_DEMO_LINES < vd->n)
		draw_printf(box.y + box.h - 1, box.x + box.w - 16, 14, meta,
		    " %d-%d of %d ", first + 1, i, vd->n);

	help = key_bindings_hint("demo", view_demo_hints, w);
	draw_text(box.y + box.h - 2, x, w, help, meta);
	free(help);
}

static void
view_demo_free(void *data)
{
	struct view_demo	*vd = data;

	if (view_demo_live == vd)
		view_demo_live = NULL;
	demo_lines_free(vd->lines, vd->n);
	free(vd->state);
	free(vd->text);
	free(vd->url);
	free(vd);
}

int
view_demo_start(const char *url, char **err)
{
	struct view_demo	*vd;
	struct ui_modal		*m;

	if (view_demo_live != NULL) {
		*err = xstrdup("the demo runs already (demo next, demo stop)");
		return -1;
	}
	vd = xcalloc(1, sizeof *vd);
	vd->url = xstrdup(url);
	m = xcalloc(1, sizeof *m);
	m->mode = "demo";
	m->panel = VIEW_DEMO_H;
	m->draw = view_demo_draw;
	m->free = view_demo_free;
	m->data = vd;
	vd->m = m;
	view_demo_live = vd;
	ui_modal_push(m);
	view_demo_step(vd, 0);
	return 0;
}

int
view_demo_next(char **err)
{
	struct view_demo	*vd = view_demo_live;

	if (vd == NULL) {
		*err = xstrdup("no demo is running (demo starts one)");
		return -1;
	}
	if (vd->busy) {
		*err = xasprintf("step %d is still running its lines",
		    vd->step + 1);
		return -1;
	}
	if (vd->step + 1 >= demo_steps())
		return view_demo_stop(err);
	view_demo_step(vd, vd->step + 1);
	ui_dirty(UI_DIRTY_ALL);
	return 0;
}

int
view_demo_stop(char **err)
{
	struct view_demo	*vd = view_demo_live;
	struct demo_line	*v;
	int			 i, n;

	if (vd == NULL) {
		*err = xstrdup("no demo is running (demo starts one)");
		return -1;
	}
	view_demo_live = NULL;
	v = demo_end_lines(&n);
	for (i = 0; i < n; i++) {
		if (v[i].if_sim != NULL && !sim_exists(v[i].if_sim))
			continue;
		view_prompt_remember(v[i].line);
		ui_run(v[i].line);
	}
	demo_lines_free(v, n);
	ui_modal_remove(vd->m);
	ui_status(0, "demo: ended");
	return 0;
}
