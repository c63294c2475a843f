/*
 * The connection form's fields: the table of rows, filling them from a
 * profile, checking them one by one, and view_form_build, which turns a
 * profile into the "save" line the form runs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "edit.h"
#include "engine.h"
#include "profile.h"
#include "store.h"
#include "topic.h"
#include "url.h"
#include "view.h"
#include "view-form-int.h"
#include "xmalloc.h"

struct view_form_spec view_form_fields_specs[VIEW_FORM_NFIELDS];

/* MQTT 5's fields say so on their label. */
static char	*view_form_fields_labels[PF_NFIELDS];

void
view_form_fields_init(void)
{
	const struct profile_field	*f;
	struct view_form_spec		*sp;
	int				 i;

	if (view_form_fields_specs[VIEW_FORM_SAVE].label != NULL)
		return;
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		sp = &view_form_fields_specs[i];
		if (f->label == NULL)
			continue;	/* VIEW_FORM_HIDDEN */
		if (f->versions == PF_V5) {
			view_form_fields_labels[i] = xasprintf("%s (v5)",
			    f->label);
			sp->label = view_form_fields_labels[i];
		} else
			sp->label = f->label;
		sp->section = f->section;
		sp->hint = f->hint;
		sp->choices = profile_field_choices(f);
		if (sp->choices != NULL)
			sp->kind = VIEW_FORM_CHOICE;
		else if (f->type == PF_BOOL)
			sp->kind = VIEW_FORM_TOGGLE;
		else
			sp->kind = VIEW_FORM_TEXT;
	}
	view_form_fields_specs[VIEW_FORM_SAVE] = (struct view_form_spec){
	    VIEW_FORM_BUTTON, "[ Save ]", NULL, NULL, NULL };
	view_form_fields_specs[VIEW_FORM_CONNECT] = (struct view_form_spec){
	    VIEW_FORM_BUTTON, "[ Save and connect ]", NULL, NULL, NULL };
}

static void	view_form_fields_error(struct view_form *, int, const char *,
		    ...) __attribute__((format(printf, 3, 4)));

const char *
view_form_fields_text(struct view_form *vf, int i)
{
	return edit_text(&vf->f[i].e);
}

static int
view_form_fields_version(struct view_form *vf)
{
	return 3 + vf->f[PF_ID_version].value;
}

const char *
view_form_fields_label(struct view_form *vf, int i)
{
	/* MQTT 5 renamed the flag along with its meaning. */
	if (i == PF_ID_clean && view_form_fields_version(vf) == 5)
		return "Clean start";
	return view_form_fields_specs[i].label;
}

/* The first error set on a field wins: it is the one to fix first. */
static void
view_form_fields_error(struct view_form *vf, int i, const char *fmt, ...)
{
	va_list	 ap;

	if (vf->f[i].error != NULL)
		return;
	va_start(ap, fmt);
	vf->f[i].error = xvasprintf(fmt, ap);
	va_end(ap);
}

void
view_form_fields_clear_errors(struct view_form *vf)
{
	int	i;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		free(vf->f[i].error);
		vf->f[i].error = NULL;
	}
	free(vf->error);
	vf->error = NULL;
}

/* The field's text without surrounding blanks, as a new string. */
static char *
view_form_fields_trimmed(struct view_form *vf, int i)
{
	const char	*s = view_form_fields_text(vf, i), *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, e - s);
}

/* NULL for an empty field: profiles keep "not set" as NULL. */
static char *
view_form_fields_value(struct view_form *vf, int i)
{
	const char	*s = view_form_fields_text(vf, i);

	return *s != '\0' ? xstrdup(s) : NULL;
}

/*
 * The name, checked as save and rename will check it: a new name follows
 * the rules and is free; renaming waits until the connection is closed.
 */
static void
view_form_fields_name(struct view_form *vf, const char *name)
{
	struct profile	*old;
	struct conn	*c;
	const char	*why;

	if (vf->orig != NULL && strcmp(name, vf->orig) == 0)
		return;
	if ((why = profile_name_why(name)) != NULL) {
		view_form_fields_error(vf, VIEW_FORM_NAME, "%s", why);
		return;
	}
	if ((old = store_profile_load(name)) != NULL) {
		profile_free(old);
		view_form_fields_error(vf, VIEW_FORM_NAME, "a profile named "
		    "'%s' exists already", name);
		return;
	}
	if (vf->orig == NULL)
		return;
	if ((c = conn_find(vf->orig)) != NULL && c->state != CONN_OFFLINE &&
	    c->state != CONN_ERROR)
		view_form_fields_error(vf, VIEW_FORM_NAME, "'%s' is %s: "
		    "disconnect it to rename it", vf->orig,
		    conn_state_name(c->state));
	else if (conn_find(name) != NULL)
		view_form_fields_error(vf, VIEW_FORM_NAME, "a connection "
		    "named '%s' is open: close it first", name);
}

/*
 * The "save" line that recreates p: the table's save line, with the
 * password (it was typed into this form).
 */
int
view_form_build(const struct profile *p, char **line, char **err)
{
	const char	*h = p->host;

	*line = NULL;
	*err = NULL;
	if (p->name == NULL || *p->name == '\0') {
		*err = xstrdup("the profile has no name");
		return -1;
	}
	if (h == NULL || *h == '\0') {
		*err = xstrdup("the profile has no host");
		return -1;
	}
	if (strpbrk(h, "@/[] \t\r\n") != NULL) {
		*err = xasprintf("bad host '%s'", h);
		return -1;
	}
	if (p->port < 1 || p->port > 65535) {
		*err = xasprintf("bad port %d: must be 1-65535", p->port);
		return -1;
	}
	*line = profile_save_line(p, 1);
	return 0;
}

/* Why field f cannot be set on p as it is, or NULL. */
static const char *
view_form_fields_misfit(const struct profile *p, const struct profile_field *f)
{
	int	bit = p->version == 3 ? PF_V3 : p->version == 5 ? PF_V5 : PF_V4;

	if (!(f->versions & bit))
		return "needs MQTT version 5 (or clear it)";
	if ((f->attrs & PF_TLS) && !p->tls)
		return "TLS settings need Protocol mqtts or wss";
	if ((f->attrs & PF_WS) && !p->ws)
		return "needs Protocol ws or wss";
	return NULL;
}

/* A row's text as the field's parser takes it. */
static char *
view_form_fields_input(struct view_form *vf, const struct profile_field *f)
{
	char	*t, *q;

	if (f->type == PF_STR && !(f->attrs & PF_REPEAT)) {
		/* Free text is kept as typed (a password may end in a blank). */
		return xstrdup(view_form_fields_text(vf, f->id));
	}
	t = view_form_fields_trimmed(vf, f->id);
	if (f->attrs & PF_REPEAT) {
		/* "A: 1; B: 2" is two lines. */
		while ((q = strstr(t, "; ")) != NULL) {
			*q = '\n';
			memmove(q + 1, q + 2, strlen(q + 2) + 1);
		}
	}
	return t;
}

/* One generic row into p, with its error on the row. */
static void
view_form_fields_take(struct view_form *vf, struct profile *p,
    const struct profile_field *f)
{
	const struct view_form_spec	*sp = &view_form_fields_specs[f->id];
	const char			*why;
	char				*t, *err = NULL;

	if (sp->kind == VIEW_FORM_TOGGLE)
		t = xstrdup(vf->f[f->id].value ? "1" : "0");
	else if (sp->kind == VIEW_FORM_CHOICE)
		t = xstrdup(sp->choices[vf->f[f->id].value]);
	else
		t = view_form_fields_input(vf, f);
	if (profile_field_parse(p, f, t, &err) != 0)
		view_form_fields_error(vf, f->id, "%s", err);
	else if (!profile_field_is_default(p, f) &&
	    (why = view_form_fields_misfit(p, f)) != NULL)
		view_form_fields_error(vf, f->id, "%s", why);
	free(err);
	free(t);
}

/* Whether the form's rows name a password source (not stored). */
static int
view_form_fields_source(struct view_form *vf)
{
	return *view_form_fields_text(vf, PF_ID_password_command) != '\0' ||
	    *view_form_fields_text(vf, PF_ID_password_env) != '\0' ||
	    vf->f[PF_ID_ask_password].value;
}

/* How to undo that source. */
static const char *
view_form_fields_undo(struct view_form *vf)
{
	if (*view_form_fields_text(vf, PF_ID_password_command) != '\0')
		return "clear Password command";
	if (*view_form_fields_text(vf, PF_ID_password_env) != '\0')
		return "clear Password env var";
	return "turn Ask password off";
}

const char *
view_form_fields_hint(struct view_form *vf, int i)
{
	int	typed = *view_form_fields_text(vf, i) != '\0';

	if (i != VIEW_FORM_PASSWORD || !view_form_fields_source(vf))
		return typed ? NULL : view_form_fields_specs[i].hint;
	if (!typed)
		return "not stored: from the password source below";
	return "a typed password is stored: clear it to use the source below";
}

/* Check every field and fill p from them; the number of bad fields. */
int
view_form_fields_collect(struct view_form *vf, struct profile *p)
{
	const struct profile_field	*f;
	const char			*why;
	char				*t, *err;
	int				 i, version, bad = 0;

	version = view_form_fields_version(vf);
	p->version = version;
	/* Protocol first: which fields fit depends on it. */
	p->tls = vf->f[VIEW_FORM_TLS].value == 1 ||
	    vf->f[VIEW_FORM_TLS].value == 3;
	p->ws = vf->f[VIEW_FORM_TLS].value >= 2;
	p->will_topic = view_form_fields_value(vf, PF_ID_will_topic);

	t = xstrdup(view_form_fields_text(vf, VIEW_FORM_NAME));
	view_form_fields_name(vf, t);
	profile_set(&p->name, t);
	free(t);

	t = view_form_fields_trimmed(vf, VIEW_FORM_HOST);
	/* "[::1]" as in a URL is fine: the brackets come back on saving. */
	if (t[0] == '[' && t[strlen(t) - 1] == ']') {
		memmove(t, t + 1, strlen(t));
		t[strlen(t) - 1] = '\0';
	}
	if (*t == '\0')
		view_form_fields_error(vf, VIEW_FORM_HOST, "give a host name "
		    "or address");
	else if (url_is_url(t))
		view_form_fields_error(vf, VIEW_FORM_HOST, "the host only, "
		    "without a scheme (set Protocol below)");
	else if (strpbrk(t, "@/[] \t") != NULL)
		view_form_fields_error(vf, VIEW_FORM_HOST, "a host name or "
		    "address has no spaces, '@', '/' or brackets");
	profile_set(&p->host, t);
	free(t);

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if ((f->attrs & PF_URL) && f->id != PF_ID_port)
			continue;
		if (view_form_fields_specs[i].kind == VIEW_FORM_HIDDEN ||
		    f->id == PF_ID_version)
			continue;
		view_form_fields_take(vf, p, f);
	}

	if (!p->clean && p->client_id == NULL) {
		view_form_fields_error(vf, VIEW_FORM_CLIENT_ID, "a persistent "
		    "session (clean %s off) needs one: C-g",
		    version == 5 ? "start" : "session");
	}
	if (p->password != NULL && view_form_fields_source(vf))
		view_form_fields_error(vf, VIEW_FORM_PASSWORD, "a typed "
		    "password is stored: clear it, or %s",
		    view_form_fields_undo(vf));
	if (p->password != NULL && p->username == NULL && version != 5) {
		view_form_fields_error(vf, VIEW_FORM_PASSWORD, "MQTT 3 sends a "
		    "password only with a username");
	}
	err = NULL;
	if (p->connect_props.n > 0 && version == 5 &&
	    engine_props_check(&p->connect_props, "connect", &err) != 0)
		view_form_fields_error(vf, PF_ID_connect_props, "%s", err);
	free(err);
	if (p->cert != NULL && p->key == NULL)
		view_form_fields_error(vf, PF_ID_key, "a client cert needs "
		    "its key");
	if (p->key != NULL && p->cert == NULL)
		view_form_fields_error(vf, PF_ID_cert, "a client key needs "
		    "its cert");
	err = NULL;
	if (p->will_props.n > 0 && version == 5 &&
	    engine_props_check(&p->will_props, "will", &err) != 0)
		view_form_fields_error(vf, PF_ID_will_props, "%s", err);
	free(err);
	if (p->will_topic != NULL) {
		if (topic_check_name(p->will_topic, strlen(p->will_topic),
		    &why) != 0)
			view_form_fields_error(vf, PF_ID_will_topic, "%s", why);
	} else if (vf->f[PF_ID_will_qos].value != 0 ||
	    vf->f[PF_ID_will_retain].value ||
	    *view_form_fields_text(vf, PF_ID_will_payload) != '\0' ||
	    *view_form_fields_text(vf, PF_ID_will_props) != '\0' ||
	    *view_form_fields_text(vf, PF_ID_will_delay) != '\0')
		view_form_fields_error(vf, PF_ID_will_topic, "give a will "
		    "topic, or clear the other will fields");

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (vf->f[i].error != NULL)
			bad++;
	}
	return bad;
}

/* Parse the line as the save command will, so its errors show here. */
int
view_form_fields_recheck(const char *line, char **err)
{
	struct cmd_lines	 cl;
	struct profile		*p = NULL;
	int			 rc = -1;

	if (cmd_parse(line, &cl, err) != 0)
		return -1;
	if (cl.n != 1 || cl.v[0].argc < 3 ||
	    strcmp(cl.v[0].argv[0], "save") != 0) {
		*err = xstrdup("internal error: bad save command");
		goto out;
	}
	p = profile_new();
	if (cmd_save_parse(cl.v[0].argc, cl.v[0].argv, p, err) != 0)
		goto out;
	rc = 0;
out:
	profile_free(p);
	cmd_lines_free(&cl);
	return rc;
}

void
view_form_fields_fill(struct view_form *vf, const struct profile *p)
{
	const struct profile_field	*f;
	const struct view_form_spec	*sp;
	const char *const		*c;
	struct view_form_field		*fl;
	char				*s, *q;
	int				 i, n;

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		sp = &view_form_fields_specs[i];
		fl = &vf->f[i];
		switch (sp->kind) {
		case VIEW_FORM_HIDDEN:
		case VIEW_FORM_BUTTON:
			break;
		case VIEW_FORM_TOGGLE:
			fl->value = *(const int *)(const void *)
			    ((const char *)p + f->off) != 0;
			break;
		case VIEW_FORM_CHOICE:
			if (f->id == PF_ID_tls) {
				fl->value = (p->tls ? 1 : 0) + (p->ws ? 2 : 0);
				break;
			}
			if (f->id == PF_ID_version) {
				fl->value = p->version == 3 ? 0 :
				    p->version == 5 ? 2 : 1;
				break;
			}
			s = profile_field_format(p, f);
			fl->value = 0;
			for (c = sp->choices, n = 0; s != NULL && c[n] != NULL;
			    n++) {
				if (strcmp(c[n], s) == 0)
					fl->value = n;
			}
			free(s);
			break;
		case VIEW_FORM_TEXT:
			if ((s = profile_field_format(p, f)) == NULL)
				break;
			if (f->attrs & PF_REPEAT) {
				while ((q = strchr(s, '\n')) != NULL) {
					*q = '\0';
					q = xasprintf("%s; %s", s, q + 1);
					free(s);
					s = q;
				}
			}
			if (f->id == PF_ID_name &&
			    vf->mode == VIEW_FORM_DUPLICATE) {
				q = xasprintf("%s-copy", s);
				free(s);
				s = q;
			}
			edit_set(&fl->e, s);
			free(s);
			break;
		}
	}
}
