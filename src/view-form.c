/*
 * The connection form: every profile field on its own row, checked field
 * by field, then saved by running the same "save" command a user would
 * type, so the form can never store what the command line cannot. This
 * file is the modal (keys, drawing, scrolling); view-form-fields.c has the
 * fields.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-parse.h"
#include "conn.h"
#include "edit.h"
#include "keys.h"
#include "profile.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "view-form-int.h"
#include "xmalloc.h"

#define VIEW_FORM_WIDTH		96	/* widest the box gets */
#define VIEW_FORM_LABEL_W	20

/* What the body is made of, rebuilt each frame. */
enum view_form_line_type {
	VIEW_FORM_LINE_HEADING,
	VIEW_FORM_LINE_FIELD,
	VIEW_FORM_LINE_ERROR,
	VIEW_FORM_LINE_BLANK,
};

struct view_form_line {
	enum view_form_line_type	 type;
	int				 field;
};
#define VIEW_FORM_MAXLINES	(VIEW_FORM_NFIELDS * 3)

/* "mqtty-" and 8 hex digits; random() is seeded at startup. */
static char *
view_form_client_id(void)
{
	unsigned long	v;

	v = ((unsigned long)random() << 16 ^ (unsigned long)random()) &
	    0xffffffffUL;
	return xasprintf("mqtty-%08lx", v);
}

/* Focus a field; a text field's value is selected, as in a dialog. */
static void
view_form_focus(struct view_form *vf, int i)
{
	struct view_form_field	*fl = &vf->f[i];

	vf->focus = i;
	if (view_form_fields_specs[i].kind != VIEW_FORM_TEXT)
		return;
	fl->sel = fl->e.text.len > 0;
	fl->e.cur = fl->e.text.len;
	fl->hs = 0;
}

/* Would connecting with p change anything on the live connection? */
static int
view_form_differs(const struct profile *p, const struct profile *live)
{
	struct profile	*l = profile_dup(live);
	char		*a = NULL, *b = NULL, *err = NULL;
	int		 differs = 1;

	profile_set(&l->name, p->name);
	if (view_form_build(p, &a, &err) == 0 &&
	    view_form_build(l, &b, &err) == 0)
		differs = strcmp(a, b) != 0;
	free(a);
	free(b);
	free(err);
	profile_free(l);
	return differs;
}

static void
view_form_then(struct buf *b, const char *cmd, const char *flag,
    const char *name)
{
	buf_adds(b, " ;");
	cmd_quote_append(b, cmd);
	if (flag != NULL)
		cmd_quote_append(b, flag);
	cmd_quote_append(b, name);
}

/*
 * Validate; when all is well run "save" (then rename, connect or select
 * as asked) and return 1 (close). A live connection whose settings change
 * is asked about first, unless connecting was asked for.
 */
static int
view_form_save(struct view_form *vf, int connect)
{
	struct profile	 p;
	struct conn	*c;
	struct buf	 b;
	char		*name, *line = NULL, *err = NULL;
	int		 i, renamed, live, changed;

	view_form_fields_clear_errors(vf);
	profile_init(&p);
	if (view_form_fields_collect(vf, &p) != 0) {
		for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
			if (vf->f[i].error != NULL) {
				view_form_focus(vf, i);
				break;
			}
		}
		profile_clear(&p);
		return 0;
	}
	name = xstrdup(p.name);
	/* The settings go under the old name, then the name changes. */
	renamed = vf->orig != NULL && strcmp(vf->orig, name) != 0;
	if (renamed)
		profile_set(&p.name, vf->orig);
	if (view_form_build(&p, &line, &err) != 0 ||
	    view_form_fields_recheck(line, &err) != 0) {
		vf->error = err != NULL ? err : xstrdup("cannot save");
		goto out;
	}
	buf_init(&b);
	buf_adds(&b, line);
	if (renamed) {
		buf_adds(&b, " ;");
		cmd_quote_append(&b, "rename");
		cmd_quote_append(&b, vf->orig);
		cmd_quote_append(&b, name);
	}
	c = conn_find(name);
	live = c != NULL && c->state != CONN_OFFLINE && c->state != CONN_ERROR;
	changed = live && view_form_differs(&p, c->p);
	if (changed && !connect) {
		vf->ask_line = xstrdup(buf_str(&b));
		vf->ask_name = xstrdup(name);
		buf_free(&b);
		goto out;
	}
	if (changed) {
		view_form_then(&b, "disconnect", "-t", name);
		view_form_then(&b, "connect", NULL, name);
	} else if (!live)
		view_form_then(&b, connect ? "connect" : "select", NULL, name);
	ui_run(buf_str(&b));
	buf_free(&b);
	free(line);
	free(name);
	profile_clear(&p);
	return 1;
out:
	free(line);
	free(name);
	profile_clear(&p);
	return 0;
}

/* The answer to "reconnect now?": y now, n at the next connect. */
static int
view_form_answer(struct view_form *vf, int key)
{
	struct buf	b;

	switch (key) {
	case 'y':
	case 'Y':
		/* Saved while offline, so nothing says "at its next connect". */
		buf_init(&b);
		cmd_quote_append(&b, "disconnect");
		cmd_quote_append(&b, "-t");
		cmd_quote_append(&b, vf->ask_name);
		buf_adds(&b, " ; ");
		buf_adds(&b, vf->ask_line);
		view_form_then(&b, "connect", NULL, vf->ask_name);
		ui_run(buf_str(&b));
		buf_free(&b);
		return 1;
	case 'n':
	case 'N':
		ui_run(vf->ask_line);
		return 1;
	case KEYC_ESC:
	case KEYC_CTRL('c'):
		free(vf->ask_line);
		free(vf->ask_name);
		vf->ask_line = vf->ask_name = NULL;
		break;
	}
	return 0;
}

static void
view_form_move(struct view_form *vf, int delta)
{
	int	i = vf->focus + delta;

	if (i >= 0 && i < VIEW_FORM_NFIELDS)
		view_form_focus(vf, i);
}

/*
 * PgDn/PgUp: the next section's first field, or the start of this one
 * (or the one before), round from the buttons to the top and back.
 */
static void
view_form_section(struct view_form *vf, int dir)
{
	int	i = vf->focus;

	if (dir > 0) {
		if (i >= VIEW_FORM_SAVE)
			i = -1;
		for (i++; i < VIEW_FORM_SAVE; i++) {
			if (view_form_fields_specs[i].section != NULL)
				break;
		}
	} else {
		if (i == 0)
			i = VIEW_FORM_SAVE;
		for (i--; i > 0; i--) {
			if (view_form_fields_specs[i].section != NULL)
				break;
		}
	}
	view_form_focus(vf, i);
}

/* A toggle or choice moved by delta, with what follows from it. */
static void
view_form_change(struct view_form *vf, int delta)
{
	const struct view_form_spec	*sp;
	struct view_form_field		*fl = &vf->f[vf->focus];
	const char			*port;
	int				 n;

	sp = &view_form_fields_specs[vf->focus];
	if (sp->kind == VIEW_FORM_TOGGLE)
		fl->value = !fl->value;
	else if (sp->kind == VIEW_FORM_CHOICE) {
		for (n = 0; sp->choices[n] != NULL; n++)
			/* nothing */;
		fl->value = (fl->value + delta + n) % n;
	} else
		return;
	free(fl->error);
	fl->error = NULL;

	/* Follow the protocol with the port while it is a default one. */
	if (vf->focus == VIEW_FORM_TLS) {
		port = view_form_fields_text(vf, VIEW_FORM_PORT);
		if (fl->value && strcmp(port, "1883") == 0)
			edit_set(&vf->f[VIEW_FORM_PORT].e, "8883");
		else if (!fl->value && strcmp(port, "8883") == 0)
			edit_set(&vf->f[VIEW_FORM_PORT].e, "1883");
	}
}

/* A key typed into a text field; a selected value is replaced. */
static void
view_form_type(struct view_form_field *fl, int key)
{
	int	printable;

	printable = (key >= 0x20 && key < KEYC_BASE && key != 0x7f) ||
	    key == KEYC_SPACE;
	if (fl->sel) {
		fl->sel = 0;
		if (printable || key == KEYC_BSPACE || key == 0x7f ||
		    key == KEYC_CTRL('h') || key == KEYC_DC) {
			edit_set(&fl->e, "");
			free(fl->error);
			fl->error = NULL;
			if (!printable)
				return;
		}
	}
	if (edit_key(&fl->e, key) == EDIT_CHANGED) {
		free(fl->error);
		fl->error = NULL;
	}
}

/* A choice whose label is one character is picked by typing it. */
static int
view_form_pick(struct view_form *vf, int key)
{
	const char *const	*c = view_form_fields_specs[vf->focus].choices;
	int			 n;

	for (n = 0; c != NULL && c[n] != NULL; n++) {
		if (c[n][0] == key && c[n][1] == '\0') {
			vf->f[vf->focus].value = n;
			return 1;
		}
	}
	return 0;
}

static int
view_form_key(void *data, int key)
{
	struct view_form	*vf = data;
	struct view_form_field	*fl = &vf->f[vf->focus];
	enum view_form_kind	 kind = view_form_fields_specs[vf->focus].kind;
	char			*id;

	if (vf->ask_line != NULL)
		return view_form_answer(vf, key);
	switch (key) {
	case KEYC_ESC:
		return 1;
	case KEYC_CTRL('s'):
		return view_form_save(vf, 0);
	case KEYC_CTRL('o'):
		return view_form_save(vf, 1);
	case KEYC_ENTER:
	case '\r':
		if (kind == VIEW_FORM_BUTTON)
			return view_form_save(vf, vf->focus == VIEW_FORM_CONNECT);
		view_form_move(vf, 1);
		return 0;
	case KEYC_TAB:
	case '\t':
	case KEYC_DOWN:
		view_form_move(vf, 1);
		return 0;
	case KEYC_BTAB:
	case KEYC_UP:
		view_form_move(vf, -1);
		return 0;
	case KEYC_NPAGE:
		view_form_section(vf, 1);
		return 0;
	case KEYC_PPAGE:
		view_form_section(vf, -1);
		return 0;
	case KEYC_CTRL('g'):
		id = view_form_client_id();
		edit_set(&vf->f[VIEW_FORM_CLIENT_ID].e, id);
		free(id);
		vf->f[VIEW_FORM_CLIENT_ID].sel = 0;
		free(vf->f[VIEW_FORM_CLIENT_ID].error);
		vf->f[VIEW_FORM_CLIENT_ID].error = NULL;
		return 0;
	case KEYC_CTRL('p'):
		vf->show_pw = !vf->show_pw;
		return 0;
	}

	switch (kind) {
	case VIEW_FORM_TOGGLE:
	case VIEW_FORM_CHOICE:
		if (key == ' ' || key == KEYC_SPACE || key == KEYC_RIGHT)
			view_form_change(vf, 1);
		else if (key == KEYC_LEFT)
			view_form_change(vf, -1);
		else if (kind == VIEW_FORM_CHOICE && view_form_pick(vf, key))
			view_form_change(vf, 0);
		break;
	case VIEW_FORM_TEXT:
		view_form_type(fl, key);
		break;
	case VIEW_FORM_BUTTON:
		if (key == ' ' || key == KEYC_SPACE)
			return view_form_save(vf, vf->focus == VIEW_FORM_CONNECT);
		break;
	}
	return 0;
}

/* A text field's value; sets the cursor when focused. */
static void
view_form_draw_text(struct view_form *vf, int i, int y, int x, int w)
{
	struct view_form_field	*fl = &vf->f[i];
	const char		*text = edit_text(&fl->e), *hint;
	struct buf		 b;
	size_t			 k;
	int			 focused = i == vf->focus, line, col = 0, hs = 0;

	buf_init(&b);
	if (i == VIEW_FORM_PASSWORD && !vf->show_pw) {
		/* One star a character, whatever its width. */
		for (k = 0; k < fl->e.text.len;
		    k += sanitize_charlen(text + k, fl->e.text.len - k)) {
			buf_addc(&b, '*');
			if (k < fl->e.cur)
				col++;
		}
	} else {
		sanitize(&b, text, fl->e.text.len, 0);
		edit_cursor(&fl->e, &line, &col);
	}
	if (focused) {
		draw_scroll(col, w, &fl->hs);
		hs = fl->hs;
	}
	/* Selected: the next key typed replaces it. */
	draw_window(y, x, w, buf_str(&b), hs, focused && fl->sel ?
	    theme_attr(THEME_SELECTION) : A_NORMAL);
	hint = view_form_fields_specs[i].hint;
	if (*text == '\0' && hint != NULL)
		draw_text(y, x, w, hint, theme_attr(THEME_META));
	if (focused)
		ui_modal_cursor(y, x + col - hs);
	buf_free(&b);
}

static void
view_form_draw_field(struct view_form *vf, int i, int y, struct rect in)
{
	const struct view_form_spec	*sp = &view_form_fields_specs[i];
	struct view_form_field		*fl = &vf->f[i];
	attr_t				 sel, lattr;
	int				 focused = i == vf->focus, lx, vx, vw;
	int				 used;

	sel = theme_attr(THEME_SELECTION);
	lx = in.x + 1;
	vx = lx + VIEW_FORM_LABEL_W + 1;
	vw = in.x + in.w - 1 - vx;
	if (vw < 4)
		return;
	if (sp->kind == VIEW_FORM_BUTTON) {
		draw_text(y, vx, vw, sp->label, focused ? sel : A_NORMAL);
		return;
	}
	lattr = focused ? sel : theme_attr(THEME_PROMPT);
	draw_fill((struct rect){ y, lx, 1, VIEW_FORM_LABEL_W }, lattr);
	draw_text(y, lx, VIEW_FORM_LABEL_W, view_form_fields_label(vf, i),
	    lattr);

	switch (sp->kind) {
	case VIEW_FORM_TEXT:
		view_form_draw_text(vf, i, y, vx, vw);
		break;
	case VIEW_FORM_TOGGLE:
		used = draw_text(y, vx, vw, fl->value ? "[x]" : "[ ]",
		    focused ? sel : A_NORMAL);
		if (sp->hint != NULL)
			draw_text(y, vx + used + 1, vw - used - 1, sp->hint,
			    theme_attr(THEME_META));
		break;
	case VIEW_FORM_CHOICE:
		used = draw_printf(y, vx, vw, focused ? sel : A_NORMAL,
		    "< %s >", sp->choices[fl->value]);
		if (focused)
			draw_text(y, vx + used + 1, vw - used - 1,
			    "Space or Left/Right", theme_attr(THEME_META));
		break;
	case VIEW_FORM_BUTTON:
		break;
	}
}

/* Under the value, or from the label column when that is too narrow. */
static void
view_form_draw_error(const char *error, int y, struct rect in)
{
	struct buf	 b;
	int		 x, w;

	buf_init(&b);
	buf_adds(&b, "^ ");
	sanitize(&b, error, strlen(error), 0);
	x = in.x + 1 + VIEW_FORM_LABEL_W + 1;
	w = in.x + in.w - 1 - x;
	if (sanitize_width(buf_str(&b), b.len) > w) {
		x = in.x + 3;
		w = in.x + in.w - 1 - x;
	}
	draw_text(y, x, w, buf_str(&b), theme_attr(THEME_ERROR));
	buf_free(&b);
}

static int
view_form_lines(struct view_form *vf, struct view_form_line *v)
{
	int	i, n = 0;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (view_form_fields_specs[i].section != NULL) {
			if (n > 0)
				v[n++] = (struct view_form_line){
				    VIEW_FORM_LINE_BLANK, i };
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_HEADING, i };
		}
		if (view_form_fields_specs[i].kind == VIEW_FORM_BUTTON &&
		    view_form_fields_specs[i - 1].kind != VIEW_FORM_BUTTON)
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_BLANK, i };
		v[n++] = (struct view_form_line){ VIEW_FORM_LINE_FIELD, i };
		if (vf->f[i].error != NULL)
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_ERROR, i };
	}
	return n;
}

static void
view_form_draw(void *data, int rows, int cols)
{
	struct view_form	*vf = data;
	struct view_form_line	 lines[VIEW_FORM_MAXLINES], *l;
	struct rect		 box, in;
	const char		*help;
	attr_t			 meta, err;
	int			 n, i, w, h, y, by, bh, first, last;

	meta = theme_attr(THEME_META);
	err = theme_attr(THEME_ERROR);
	n = view_form_lines(vf, lines);

	w = cols < VIEW_FORM_WIDTH ? cols : VIEW_FORM_WIDTH;
	h = n + 3 + (vf->error != NULL || vf->ask_line != NULL);
	if (h > rows)
		h = rows;
	if (w < 40 || h < 6) {
		draw_fill((struct rect){ 0, 0, rows, cols }, A_NORMAL);
		draw_text(0, 0, cols, "Screen too small for the form "
		    "(Esc closes)", err);
		return;
	}
	box = (struct rect){ (rows - h) / 2, (cols - w) / 2, h, w };
	in = (struct rect){ box.y + 1, box.x + 1, box.h - 2, box.w - 2 };
	draw_fill(box, A_NORMAL);
	draw_box(box, vf->title, 1);

	y = in.y;
	if (vf->ask_line != NULL) {
		draw_fill((struct rect){ y, in.x, 1, in.w }, err);
		draw_printf(y, in.x + 1, in.w - 2, err, "'%s' is connected: "
		    "reconnect now to apply? y: now · n: at its next connect "
		    "· Esc: back", vf->ask_name);
		y++;
	} else if (vf->error != NULL) {
		draw_fill((struct rect){ y, in.x, 1, in.w }, err);
		draw_printf(y, in.x + 1, in.w - 2, err, "Cannot save: %s",
		    vf->error);
		y++;
	}
	help = "↑↓ move · PgDn/PgUp section · Space toggle · C-g client id "
	    "· C-p password · C-s save · C-o save+connect · Esc";
	if (sanitize_width(help, strlen(help)) > in.w - 2)
		help = "↑↓ move · PgDn/PgUp section · C-g client id · "
		    "C-s save · C-o save+connect · Esc";
	draw_text(in.y + in.h - 1, in.x + 1, in.w - 2, help, meta);

	/* Scroll so the focused row, its heading and its error show. */
	by = y;
	bh = in.y + in.h - 1 - by;
	if (bh < 1)
		return;
	first = last = 0;
	for (i = 0; i < n; i++) {
		if (lines[i].type == VIEW_FORM_LINE_FIELD &&
		    lines[i].field == vf->focus) {
			first = last = i;
			if (i > 0 && lines[i - 1].type ==
			    VIEW_FORM_LINE_HEADING)
				first = i - 1;
			if (i + 1 < n && lines[i + 1].type ==
			    VIEW_FORM_LINE_ERROR)
				last = i + 1;
			break;
		}
	}
	if (vf->focus == 0)
		first = 0;
	if (last >= vf->top + bh)
		vf->top = last - bh + 1;
	if (first < vf->top)
		vf->top = first;
	if (vf->top > n - bh)
		vf->top = n - bh;
	if (vf->top < 0)
		vf->top = 0;

	for (i = 0; i < bh && vf->top + i < n; i++) {
		l = &lines[vf->top + i];
		switch (l->type) {
		case VIEW_FORM_LINE_HEADING:
			draw_text(by + i, in.x + 1, in.w - 2,
			    view_form_fields_specs[l->field].section,
			    theme_attr(THEME_TITLE));
			break;
		case VIEW_FORM_LINE_FIELD:
			view_form_draw_field(vf, l->field, by + i, in);
			break;
		case VIEW_FORM_LINE_ERROR:
			view_form_draw_error(vf->f[l->field].error, by + i, in);
			break;
		case VIEW_FORM_LINE_BLANK:
			break;
		}
	}
	if (vf->top > 0)
		draw_text(by, in.x + in.w - 2, 1, "↑", meta);
	if (vf->top + bh < n)
		draw_text(by + bh - 1, in.x + in.w - 2, 1, "↓", meta);
}

static void
view_form_free(void *data)
{
	struct view_form	*vf = data;
	int			 i;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		edit_free(&vf->f[i].e);
		free(vf->f[i].error);
	}
	free(vf->error);
	free(vf->ask_line);
	free(vf->ask_name);
	free(vf->orig);
	free(vf->title);
	free(vf);
}

void
view_form_open(const char *mode, const char *name)
{
	struct view_form	*vf;
	struct ui_modal		*m;
	struct profile		*p, defaults;
	struct conn		*c;
	struct buf		 b;
	enum view_form_mode	 fm;
	int			 i, adhoc = 0;

	if (mode == NULL || strcmp(mode, "new") == 0)
		fm = VIEW_FORM_NEW;
	else if (strcmp(mode, "edit") == 0)
		fm = VIEW_FORM_EDIT;
	else if (strcmp(mode, "duplicate") == 0)
		fm = VIEW_FORM_DUPLICATE;
	else {
		ui_status(1, "form: unknown mode '%s': use new, edit or "
		    "duplicate", mode);
		return;
	}
	p = NULL;
	if (fm != VIEW_FORM_NEW) {
		if (name == NULL || *name == '\0') {
			ui_status(1, "form: %s needs a profile name", mode);
			return;
		}
		if ((p = store_profile_load(name)) == NULL) {
			if ((c = conn_find(name)) == NULL) {
				ui_status(1, "no profile named '%s'", name);
				return;
			}
			/* A connection without a profile: save it as one. */
			p = profile_dup(c->p);
			profile_set(&p->name, name);
			if (fm == VIEW_FORM_EDIT) {
				fm = VIEW_FORM_NEW;
				adhoc = 1;
			}
		}
	}

	vf = xcalloc(1, sizeof *vf);
	vf->mode = fm;
	vf->orig = fm == VIEW_FORM_EDIT ? xstrdup(name) : NULL;
	for (i = 0; i < VIEW_FORM_NFIELDS; i++)
		edit_init(&vf->f[i].e, 0);
	profile_init(&defaults);
	defaults.host = xstrdup("localhost");
	view_form_fields_fill(vf, p != NULL ? p : &defaults);
	profile_clear(&defaults);

	buf_init(&b);
	if (adhoc) {
		buf_adds(&b, "Save ");
		sanitize(&b, name, strlen(name), 0);
		buf_adds(&b, " as a profile");
	} else if (fm == VIEW_FORM_NEW)
		buf_adds(&b, "New connection");
	else {
		buf_adds(&b, fm == VIEW_FORM_EDIT ? "Edit " : "Duplicate ");
		sanitize(&b, name, strlen(name), 0);
	}
	vf->title = xstrdup(buf_str(&b));
	buf_free(&b);
	profile_free(p);
	view_form_focus(vf, fm == VIEW_FORM_EDIT ? VIEW_FORM_HOST :
	    VIEW_FORM_NAME);

	m = xcalloc(1, sizeof *m);
	m->name = "form";
	m->draw = view_form_draw;
	m->key = view_form_key;
	m->free = view_form_free;
	m->data = vf;
	m->cy = m->cx = -1;
	ui_modal_push(m);
}
