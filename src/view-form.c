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
#define VIEW_FORM_PAGE		8	/* fields PgUp/PgDn move */

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

/* Validate; when all is well run "save" and return 1 (close). */
static int
view_form_save(struct view_form *vf)
{
	struct profile	 p;
	char		*line = NULL, *err = NULL;
	int		 i;

	view_form_fields_clear_errors(vf);
	profile_init(&p);
	if (view_form_fields_collect(vf, &p) != 0) {
		for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
			if (vf->f[i].error != NULL) {
				vf->focus = i;
				break;
			}
		}
		profile_clear(&p);
		return 0;
	}
	if (view_form_build(&p, &line, &err) != 0 ||
	    view_form_fields_recheck(line, &err) != 0) {
		vf->error = err != NULL ? err : xstrdup("cannot save");
		free(line);
		profile_clear(&p);
		return 0;
	}
	profile_clear(&p);
	ui_run(line);
	free(line);
	return 1;
}

static void
view_form_move(struct view_form *vf, int delta)
{
	int	i = vf->focus;

	for (;;) {
		i += delta > 0 ? 1 : -1;
		if (i < 0 || i >= VIEW_FORM_NFIELDS)
			return;		/* stay on the last one reachable */
		if (view_form_fields_readonly(vf, i))
			continue;
		vf->focus = i;
		if (delta > 0 ? --delta == 0 : ++delta == 0)
			return;
	}
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

static int
view_form_key(void *data, int key)
{
	struct view_form	*vf = data;
	struct view_form_field	*fl = &vf->f[vf->focus];
	enum view_form_kind	 kind = view_form_fields_specs[vf->focus].kind;
	char			*id;

	switch (key) {
	case KEYC_ESC:
		return 1;
	case KEYC_CTRL('s'):
		return view_form_save(vf);
	case KEYC_ENTER:
	case '\r':
		if (kind == VIEW_FORM_BUTTON)
			return view_form_save(vf);
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
		view_form_move(vf, VIEW_FORM_PAGE);
		return 0;
	case KEYC_PPAGE:
		view_form_move(vf, -VIEW_FORM_PAGE);
		return 0;
	case KEYC_CTRL('g'):
		id = view_form_client_id();
		edit_set(&vf->f[VIEW_FORM_CLIENT_ID].e, id);
		free(id);
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
		break;
	case VIEW_FORM_TEXT:
		if (view_form_fields_readonly(vf, vf->focus))
			break;
		if (edit_key(&fl->e, key) == EDIT_CHANGED) {
			free(fl->error);
			fl->error = NULL;
		}
		break;
	case VIEW_FORM_BUTTON:
		if (key == ' ' || key == KEYC_SPACE)
			return view_form_save(vf);
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
	draw_window(y, x, w, buf_str(&b), hs, A_NORMAL);
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
		draw_text(y, vx, vw, "[ Save ]", focused ? sel : A_NORMAL);
		return;
	}
	lattr = focused ? sel : theme_attr(THEME_PROMPT);
	draw_fill((struct rect){ y, lx, 1, VIEW_FORM_LABEL_W }, lattr);
	draw_text(y, lx, VIEW_FORM_LABEL_W, view_form_fields_label(vf, i),
	    lattr);

	switch (sp->kind) {
	case VIEW_FORM_TEXT:
		if (view_form_fields_readonly(vf, i)) {
			used = draw_bytes(y, vx, vw, edit_text(&fl->e),
			    fl->e.text.len, A_NORMAL);
			draw_text(y, vx + used + 1, vw - used - 1, "(fixed: "
			    "duplicate to rename)", theme_attr(THEME_META));
		} else
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
		if (view_form_fields_specs[i].kind == VIEW_FORM_BUTTON)
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
	h = n + 3 + (vf->error != NULL);
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
	if (vf->error != NULL) {
		draw_fill((struct rect){ y, in.x, 1, in.w }, err);
		draw_printf(y, in.x + 1, in.w - 2, err, "Cannot save: %s",
		    vf->error);
		y++;
	}
	help = "Tab/↑↓ move · Space toggle · C-g new client id · "
	    "C-p show password · C-s save · Esc cancel";
	if (sanitize_width(help, strlen(help)) > in.w - 2)
		help = "Tab/↑↓ move · Space toggle · C-g new client id · "
		    "C-s save · Esc cancel";
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
	free(vf->title);
	free(vf);
}

void
view_form_open(const char *mode, const char *name)
{
	struct view_form	*vf;
	struct ui_modal		*m;
	struct profile		*p, defaults;
	struct buf		 b;
	enum view_form_mode	 fm;
	int			 i;

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
			ui_status(1, "no profile named '%s'", name);
			return;
		}
	}

	vf = xcalloc(1, sizeof *vf);
	vf->mode = fm;
	for (i = 0; i < VIEW_FORM_NFIELDS; i++)
		edit_init(&vf->f[i].e, 0);
	profile_init(&defaults);
	view_form_fields_fill(vf, p != NULL ? p : &defaults);

	buf_init(&b);
	if (fm == VIEW_FORM_NEW)
		buf_adds(&b, "New connection");
	else {
		buf_adds(&b, fm == VIEW_FORM_EDIT ? "Edit " : "Duplicate ");
		sanitize(&b, name, strlen(name), 0);
	}
	vf->title = xstrdup(buf_str(&b));
	buf_free(&b);
	profile_free(p);
	vf->focus = fm == VIEW_FORM_EDIT ? VIEW_FORM_HOST : VIEW_FORM_NAME;

	m = xcalloc(1, sizeof *m);
	m->name = "form";
	m->draw = view_form_draw;
	m->key = view_form_key;
	m->free = view_form_free;
	m->data = vf;
	m->cy = m->cx = -1;
	ui_modal_push(m);
}
