/*
 * Drawing the connection form: a box of rows under their headings, each
 * field's error under it, scrolled so the focused row shows, and at its
 * foot the keys of the form's table as they are bound.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "edit.h"
#include "key-bindings.h"
#include "sanitize.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "view-form-int.h"

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

/* Space is no command (it edits a toggle), so it is named as it is. */
static const struct key_hint view_form_draw_hints[] = {
	{ "mode prev|mode next", "move", 0 },
	{ "mode section-next|mode section-prev", "section", 0 },
	{ NULL, "Space toggle", 2 },
	{ "mode client-id", "client id", 0 },
	{ "mode show-password", "password", 2 },
	{ "mode save", "save", 0 },
	{ "mode save-connect", "save+connect", 0 },
	{ "mode cancel", "", 0 },
	{ "keys form", "keys", 1 },
	{ NULL, NULL, 0 }
};

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
	hint = view_form_fields_hint(vf, i);
	if (*text == '\0' && hint != NULL)
		draw_text(y, x, w, hint, theme_attr(THEME_META));
	else if (hint != NULL && (int)b.len + 2 < w - hs)
		draw_text(y, x + (int)b.len - hs + 2, w - (int)b.len + hs - 2,
		    hint, theme_attr(THEME_META));
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
	case VIEW_FORM_HIDDEN:
		break;
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
view_form_draw_lines(struct view_form *vf, struct view_form_line *v)
{
	int	i, n = 0;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (view_form_fields_specs[i].kind == VIEW_FORM_HIDDEN)
			continue;
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

void
view_form_draw(void *data, int rows, int cols)
{
	struct view_form	*vf = data;
	struct view_form_line	 lines[VIEW_FORM_MAXLINES], *l;
	struct rect		 box, in;
	char			*help;
	attr_t			 meta, err;
	int			 n, i, w, h, y, by, bh, first, last;

	meta = theme_attr(THEME_META);
	err = theme_attr(THEME_ERROR);
	n = view_form_draw_lines(vf, lines);

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
	help = key_bindings_hint("form", view_form_draw_hints, in.w - 2);
	draw_text(in.y + in.h - 1, in.x + 1, in.w - 2, help, meta);
	free(help);

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

