/*
 * The connection form: every profile field on its own row, checked field
 * by field, then saved by running the same "save" command a user would
 * type, so the form can never store what the command line cannot. This
 * file is the modal: its actions (the "form" key table runs them through
 * "mode ACTION") and the keys that edit a field; view-form-draw.c draws
 * it and view-form-fields.c has the fields.
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

	while (i >= 0 && i < VIEW_FORM_NFIELDS &&
	    view_form_fields_specs[i].kind == VIEW_FORM_HIDDEN)
		i += delta;
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

/* The default ports of mqtt, mqtts, ws and wss, as the Protocol choice. */
static const char *const view_form_ports[] = {
	"1883", "8883", "8083", "8084", NULL
};

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
		for (n = 0; view_form_ports[n] != NULL; n++) {
			if (strcmp(port, view_form_ports[n]) == 0) {
				edit_set(&vf->f[VIEW_FORM_PORT].e,
				    view_form_ports[fl->value]);
				break;
			}
		}
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

/* While the form asks to reconnect, its actions wait (but cancel). */
static int
view_form_asking(void *data)
{
	return ((struct view_form *)data)->ask_line != NULL;
}

static int
view_form_next(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	view_form_move(data, 1);
	return UI_MODAL_KEEP;
}

static int
view_form_prev(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	view_form_move(data, -1);
	return UI_MODAL_KEEP;
}

static int
view_form_section_next(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	view_form_section(data, 1);
	return UI_MODAL_KEEP;
}

static int
view_form_section_prev(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	view_form_section(data, -1);
	return UI_MODAL_KEEP;
}

static int
view_form_save_only(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	return view_form_save(data, 0);
}

static int
view_form_save_connect(void *data, char **run)
{
	if (view_form_asking(data))
		return UI_MODAL_KEEP;
	return view_form_save(data, 1);
}

/* Enter: a button is pressed; a field goes on to the next. */
static int
view_form_activate(void *data, char **run)
{
	struct view_form	*vf = data;

	if (view_form_asking(vf))
		return UI_MODAL_KEEP;
	if (view_form_fields_specs[vf->focus].kind == VIEW_FORM_BUTTON)
		return view_form_save(vf, vf->focus == VIEW_FORM_CONNECT);
	view_form_move(vf, 1);
	return UI_MODAL_KEEP;
}

/* Esc: closes the form, or takes back the question it asks. */
static int
view_form_cancel(void *data, char **run)
{
	struct view_form	*vf = data;

	if (vf->ask_line == NULL)
		return UI_MODAL_CLOSE;
	view_form_answer(vf, KEYC_ESC);
	return UI_MODAL_KEEP;
}

static int
view_form_make_id(void *data, char **run)
{
	struct view_form	*vf = data;
	char			*id;

	if (view_form_asking(vf))
		return UI_MODAL_KEEP;
	id = view_form_client_id();
	edit_set(&vf->f[VIEW_FORM_CLIENT_ID].e, id);
	free(id);
	vf->f[VIEW_FORM_CLIENT_ID].sel = 0;
	free(vf->f[VIEW_FORM_CLIENT_ID].error);
	vf->f[VIEW_FORM_CLIENT_ID].error = NULL;
	return UI_MODAL_KEEP;
}

static int
view_form_show_password(void *data, char **run)
{
	struct view_form	*vf = data;

	if (view_form_asking(vf))
		return UI_MODAL_KEEP;
	vf->show_pw = !vf->show_pw;
	return UI_MODAL_KEEP;
}

static const struct ui_action view_form_actions[] = {
	{ "next", view_form_next },
	{ "prev", view_form_prev },
	{ "section-next", view_form_section_next },
	{ "section-prev", view_form_section_prev },
	{ "activate", view_form_activate },
	{ "save", view_form_save_only },
	{ "save-connect", view_form_save_connect },
	{ "cancel", view_form_cancel },
	{ "client-id", view_form_make_id },
	{ "show-password", view_form_show_password },
	{ NULL, NULL }
};

/*
 * The keys the form's table does not bind edit the focused field (or
 * answer its question).
 */
static int
view_form_key(void *data, int key)
{
	struct view_form	*vf = data;
	struct view_form_field	*fl = &vf->f[vf->focus];
	enum view_form_kind	 kind = view_form_fields_specs[vf->focus].kind;

	if (vf->ask_line != NULL)
		return view_form_answer(vf, key);
	switch (kind) {
	case VIEW_FORM_HIDDEN:
		break;
	case VIEW_FORM_TOGGLE:
	case VIEW_FORM_CHOICE:
		if (key == KEYC_SPACE || key == KEYC_RIGHT)
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
		if (key == KEYC_SPACE)
			return view_form_save(vf, vf->focus == VIEW_FORM_CONNECT);
		break;
	}
	return 0;
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

	view_form_fields_init();
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
	m->mode = "form";
	m->draw = view_form_draw;
	m->key = view_form_key;
	m->actions = view_form_actions;
	m->free = view_form_free;
	m->data = vf;
	m->cy = m->cx = -1;
	ui_modal_push(m);
}
