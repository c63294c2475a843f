/*
 * The subscribe form: a topic filter (Tab completes the topics the
 * connection has seen), the QoS, the MQTT 5 options when the connection
 * speaks MQTT 5, alias and colour. It subscribes by running the same
 * "subscribe" command line a user would type. Its moves are the actions
 * of the "subscribe" key table; the other keys edit the focused field.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-parse.h"
#include "conn.h"
#include "edit.h"
#include "key-bindings.h"
#include "keys.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "topic.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_SUBFORM_WIDTH	72	/* widest the box gets */
#define VIEW_SUBFORM_LABEL_W	20
#define VIEW_SUBFORM_CANDS	256	/* topics Tab offers at most */
#define VIEW_SUBFORM_ID_MAX	268435455

enum view_subform_field {
	VIEW_SUBFORM_TOPIC,
	VIEW_SUBFORM_QOS,
	VIEW_SUBFORM_NO_LOCAL,		/* MQTT 5 from here ... */
	VIEW_SUBFORM_RAP,
	VIEW_SUBFORM_RH,
	VIEW_SUBFORM_ID,		/* ... to here */
	VIEW_SUBFORM_ALIAS,
	VIEW_SUBFORM_COLOUR,
	VIEW_SUBFORM_BUTTON,
	VIEW_SUBFORM_NFIELDS
};

static const char *const view_subform_labels[VIEW_SUBFORM_NFIELDS] = {
	"Topic filter", "QoS", "No local", "Retain as published",
	"Retain handling", "Subscription id", "Alias", "Colour", ""
};

static const char *const view_subform_qos_hint[] = {
	"at most once", "at least once", "exactly once"
};

static const char *const view_subform_rh_hint[] = {
	"send retained messages", "only to a new subscription",
	"never send retained"
};

struct view_subform {
	char		*conn;
	char		*title;
	int		 v5;
	struct edit	 topic;
	struct edit	 id;
	struct edit	 alias;
	int		 qos;
	int		 no_local;
	int		 rap;
	int		 rh;
	int		 colour;	/* -1: the palette in turn */
	int		 focus;
	int		 hs;		/* first column of the focused text */
	int		 bad;		/* the field the error is about */
	char		*error;
	/* Tab cycles through the known topics under the typed prefix. */
	char		**cands;
	int		 ncands;
	int		 cand;		/* -1: not going through them yet */
};

static int
view_subform_shown(struct view_subform *vs, int i)
{
	return vs->v5 || i < VIEW_SUBFORM_NO_LOCAL || i > VIEW_SUBFORM_ID;
}

static struct edit *
view_subform_edit(struct view_subform *vs, int i)
{
	switch (i) {
	case VIEW_SUBFORM_TOPIC:
		return &vs->topic;
	case VIEW_SUBFORM_ID:
		return &vs->id;
	case VIEW_SUBFORM_ALIAS:
		return &vs->alias;
	}
	return NULL;
}

static void
view_subform_move(struct view_subform *vs, int delta)
{
	int	i = vs->focus;

	do
		i = (i + delta + VIEW_SUBFORM_NFIELDS) % VIEW_SUBFORM_NFIELDS;
	while (!view_subform_shown(vs, i));
	vs->focus = i;
	vs->hs = 0;
}

static void
view_subform_forget(struct view_subform *vs)
{
	int	i;

	for (i = 0; i < vs->ncands; i++)
		free(vs->cands[i]);
	free(vs->cands);
	vs->cands = NULL;
	vs->ncands = vs->cand = 0;
}

static void
view_subform_add_cand(struct view_subform *vs, const char *topic)
{
	int	i;

	for (i = 0; i < vs->ncands; i++) {
		if (strcmp(vs->cands[i], topic) == 0)
			return;
	}
	vs->cands = xrealloc(vs->cands, (vs->ncands + 1) * sizeof *vs->cands);
	vs->cands[vs->ncands++] = xstrdup(topic);
}

/* Bytes all candidates share, never splitting a character. */
static size_t
view_subform_common(struct view_subform *vs)
{
	const char	*first = vs->cands[0];
	size_t		 len = strlen(first), n = len, k, i;
	int		 j;

	for (j = 1; j < vs->ncands; j++) {
		for (k = 0; k < n && vs->cands[j][k] == first[k]; k++)
			/* nothing */;
		n = k;
	}
	for (i = 0; i < n; i += k) {
		k = sanitize_charlen(first + i, len - i);
		if (i + k > n)
			break;
	}
	return i;
}

/*
 * Tab in the topic: first the part all known topics under the typed
 * prefix share, then each of them in turn. 0 when there is none.
 */
static int
view_subform_complete(struct view_subform *vs)
{
	const char	*text = edit_text(&vs->topic);
	struct conn	*c;
	struct sub	*s;
	char		**names, *common;
	size_t		 n;
	int		 i;

	if (vs->cands != NULL) {
		vs->cand = (vs->cand + 1) % vs->ncands;
		edit_set(&vs->topic, vs->cands[vs->cand]);
		return 1;
	}
	names = store_topic_names(vs->conn, text, VIEW_SUBFORM_CANDS);
	for (i = 0; names != NULL && names[i] != NULL; i++)
		view_subform_add_cand(vs, names[i]);
	store_free_names(names);
	if ((c = conn_find(vs->conn)) != NULL) {
		TAILQ_FOREACH(s, &c->subs, entry) {
			if (strncmp(s->topic, text, strlen(text)) == 0)
				view_subform_add_cand(vs, s->topic);
		}
	}
	if (vs->ncands == 0)
		return 0;
	n = view_subform_common(vs);
	if (n > strlen(text) || vs->ncands == 1) {
		common = xstrndup(vs->cands[0], n);
		edit_set(&vs->topic, common);
		free(common);
		if (vs->ncands == 1)
			view_subform_forget(vs);
		else
			vs->cand = -1;	/* the next Tab goes through them */
		return 1;
	}
	vs->cand = 0;
	edit_set(&vs->topic, vs->cands[0]);
	return 1;
}

/* An error about a field (-1: about none), which gets the focus. */
static void
view_subform_fail(struct view_subform *vs, int field, char *error)
{
	free(vs->error);
	vs->error = error;
	vs->bad = field;
	if (field >= 0)
		vs->focus = field;
}

/* Check the fields, then run "subscribe"; 1 when it ran (close). */
static int
view_subform_submit(struct view_subform *vs)
{
	const char	*topic = edit_text(&vs->topic), *id, *why;
	struct conn	*c;
	struct buf	 b;
	char		 num[16];
	long long	 v = 0;

	if (topic_check_filter(topic, strlen(topic), &why) != 0) {
		view_subform_fail(vs, VIEW_SUBFORM_TOPIC, xstrdup(*topic ==
		    '\0' ? "give one (Tab completes known topics)" : why));
		return 0;
	}
	id = edit_text(&vs->id);
	if (vs->v5 && *id != '\0') {
		if (strspn(id, "0123456789") != strlen(id) || strlen(id) > 9 ||
		    (v = strtoll(id, NULL, 10)) < 1 || v > VIEW_SUBFORM_ID_MAX) {
			view_subform_fail(vs, VIEW_SUBFORM_ID, xasprintf(
			    "a number 1-%d, or empty", VIEW_SUBFORM_ID_MAX));
			return 0;
		}
	}
	if ((c = conn_find(vs->conn)) == NULL || c->state != CONN_CONNECTED) {
		view_subform_fail(vs, -1, xasprintf("%s is not connected any "
		    "more (Esc closes)", vs->conn));
		return 0;
	}

	buf_init(&b);
	cmd_quote_append(&b, "subscribe");
	cmd_quote_append(&b, "-t");
	cmd_quote_append(&b, vs->conn);
	if (vs->qos != 0) {
		snprintf(num, sizeof num, "%d", vs->qos);
		cmd_quote_append(&b, "-q");
		cmd_quote_append(&b, num);
	}
	if (vs->v5) {
		if (vs->no_local)
			cmd_quote_append(&b, "--no-local");
		if (vs->rap)
			cmd_quote_append(&b, "--rap");
		if (vs->rh != 0) {
			snprintf(num, sizeof num, "%d", vs->rh);
			cmd_quote_append(&b, "--rh");
			cmd_quote_append(&b, num);
		}
		if (*id != '\0') {
			cmd_quote_append(&b, "--id");
			cmd_quote_append(&b, id);
		}
	}
	if (*edit_text(&vs->alias) != '\0') {
		cmd_quote_append(&b, "--alias");
		cmd_quote_append(&b, edit_text(&vs->alias));
	}
	if (vs->colour >= 0) {
		snprintf(num, sizeof num, "%d", vs->colour);
		cmd_quote_append(&b, "--color");
		cmd_quote_append(&b, num);
	}
	/* A filter like "-x" would read as a flag. */
	if (*topic == '-')
		cmd_quote_append(&b, "--");
	cmd_quote_append(&b, topic);
	ui_run(buf_str(&b));
	buf_free(&b);
	return 1;
}

/* A choice of n values 0..n-1 (the colour: -1 too) moved or set. */
static void
view_subform_choose(int *value, int key, int lo, int n)
{
	if (key >= '0' && key < '0' + n)
		*value = key - '0';
	else if (key == KEYC_RIGHT || key == KEYC_SPACE)
		*value = *value + 1 >= n ? lo : *value + 1;
	else if (key == KEYC_LEFT)
		*value = *value - 1 < lo ? n - 1 : *value - 1;
}

static int
view_subform_next(void *data, char **run)
{
	view_subform_forget(data);
	view_subform_move(data, 1);
	return UI_MODAL_KEEP;
}

static int
view_subform_prev(void *data, char **run)
{
	view_subform_forget(data);
	view_subform_move(data, -1);
	return UI_MODAL_KEEP;
}

/* Tab: in the topic, complete it; elsewhere (or nothing known), next. */
static int
view_subform_tab(void *data, char **run)
{
	struct view_subform	*vs = data;

	if (vs->focus == VIEW_SUBFORM_TOPIC && view_subform_complete(vs)) {
		vs->topic.cur = vs->topic.text.len;
		return UI_MODAL_KEEP;
	}
	view_subform_forget(vs);
	view_subform_move(vs, 1);
	return UI_MODAL_KEEP;
}

static int
view_subform_subscribe(void *data, char **run)
{
	view_subform_forget(data);
	return view_subform_submit(data) ? UI_MODAL_CLOSE : UI_MODAL_KEEP;
}

static int
view_subform_cancel(void *data, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_subform_actions[] = {
	{ "next", view_subform_next },
	{ "prev", view_subform_prev },
	{ "complete", view_subform_tab },
	{ "subscribe", view_subform_subscribe },
	{ "cancel", view_subform_cancel },
	{ NULL, NULL }
};

/* The keys the table does not bind edit the focused field. */
static int
view_subform_key(void *data, int key)
{
	struct view_subform	*vs = data;
	struct edit		*e;

	view_subform_forget(vs);
	switch (vs->focus) {
	case VIEW_SUBFORM_QOS:
		view_subform_choose(&vs->qos, key, 0, 3);
		break;
	case VIEW_SUBFORM_RH:
		view_subform_choose(&vs->rh, key, 0, 3);
		break;
	case VIEW_SUBFORM_COLOUR:
		view_subform_choose(&vs->colour, key, -1, THEME_SUB_COLOURS);
		break;
	case VIEW_SUBFORM_NO_LOCAL:
	case VIEW_SUBFORM_RAP:
		if (key == KEYC_SPACE || key == KEYC_LEFT ||
		    key == KEYC_RIGHT) {
			if (vs->focus == VIEW_SUBFORM_NO_LOCAL)
				vs->no_local = !vs->no_local;
			else
				vs->rap = !vs->rap;
		}
		break;
	case VIEW_SUBFORM_BUTTON:
		if (key == KEYC_SPACE)
			return view_subform_submit(vs);
		break;
	default:
		e = view_subform_edit(vs, vs->focus);
		if (e != NULL && edit_key(e, key) == EDIT_CHANGED &&
		    vs->bad == vs->focus) {
			free(vs->error);
			vs->error = NULL;
		}
		break;
	}
	return 0;
}

static void
view_subform_draw_text(struct view_subform *vs, int i, int y, int x, int w)
{
	struct edit	*e = view_subform_edit(vs, i);
	struct buf	 b;
	int		 line, col, hs = 0;

	buf_init(&b);
	sanitize(&b, edit_text(e), e->text.len, 0);
	edit_cursor(e, &line, &col);
	if (i == vs->focus) {
		draw_scroll(col, w, &vs->hs);
		hs = vs->hs;
	}
	draw_window(y, x, w, buf_str(&b), hs, A_NORMAL);
	if (e->text.len == 0) {
		draw_text(y, x, w, i == VIEW_SUBFORM_TOPIC ? "e.g. sensor/+/temp"
		    "erature" : i == VIEW_SUBFORM_ID ? "none" : "the filter",
		    theme_attr(THEME_META));
	}
	if (i == vs->focus)
		ui_modal_cursor(y, x + col - hs);
	buf_free(&b);
}

static void
view_subform_draw_field(struct view_subform *vs, int i, int y, int lx,
    int vx, int vw)
{
	attr_t	sel = theme_attr(THEME_SELECTION), meta, a;
	int	focused = i == vs->focus, used, on;

	meta = theme_attr(THEME_META);
	a = focused ? sel : A_NORMAL;
	if (i == VIEW_SUBFORM_BUTTON) {
		draw_text(y, vx, vw, "[ Subscribe ]", a);
		return;
	}
	draw_fill((struct rect){ y, lx, 1, VIEW_SUBFORM_LABEL_W },
	    focused ? sel : theme_attr(THEME_PROMPT));
	draw_text(y, lx, VIEW_SUBFORM_LABEL_W, view_subform_labels[i],
	    focused ? sel : theme_attr(THEME_PROMPT));
	switch (i) {
	case VIEW_SUBFORM_QOS:
		used = draw_printf(y, vx, vw, a, "< %d >", vs->qos);
		draw_printf(y, vx + used + 1, vw - used - 1, meta, "%s%s",
		    view_subform_qos_hint[vs->qos], focused ? " · 0 1 2" : "");
		break;
	case VIEW_SUBFORM_RH:
		used = draw_printf(y, vx, vw, a, "< %d >", vs->rh);
		draw_text(y, vx + used + 1, vw - used - 1,
		    view_subform_rh_hint[vs->rh], meta);
		break;
	case VIEW_SUBFORM_NO_LOCAL:
	case VIEW_SUBFORM_RAP:
		on = i == VIEW_SUBFORM_NO_LOCAL ? vs->no_local : vs->rap;
		used = draw_text(y, vx, vw, on ? "[x]" : "[ ]", a);
		draw_text(y, vx + used + 1, vw - used - 1, i ==
		    VIEW_SUBFORM_NO_LOCAL ? "not this connection's own messages"
		    : "keep the retain flag as published", meta);
		break;
	case VIEW_SUBFORM_COLOUR:
		if (vs->colour < 0) {
			used = draw_text(y, vx, vw, "< auto >", a);
			draw_text(y, vx + used + 1, vw - used - 1,
			    "the next in the palette", meta);
		} else {
			used = draw_printf(y, vx, vw, a, "< %d >", vs->colour);
			draw_text(y, vx + used + 1, vw - used - 1, "■",
			    theme_sub_attr(vs->colour));
		}
		break;
	default:
		view_subform_draw_text(vs, i, y, vx, vw);
		break;
	}
}

/* The foot: the keys of the table as bound, and what edits a choice. */
static const struct key_hint view_subform_topic_hints[] = {
	{ "mode complete", "completes", 0 },
	{ "mode prev|mode next", "move", 0 },
	{ "mode subscribe", "subscribe", 0 },
	{ "mode cancel", "cancel", 0 },
	{ "keys subscribe", "keys", 1 },
	{ NULL, NULL, 0 }
};

static const struct key_hint view_subform_hints[] = {
	{ "mode prev|mode next", "move", 0 },
	{ NULL, "Space/0-9 choose", 0 },
	{ "mode subscribe", "subscribe", 0 },
	{ "mode cancel", "cancel", 0 },
	{ "keys subscribe", "keys", 1 },
	{ NULL, NULL, 0 }
};

static void
view_subform_draw(void *data, int rows, int cols)
{
	struct view_subform	*vs = data;
	struct rect		 box, in;
	char			*help;
	int			 i, n = 0, w, h, y, lx, vx, vw;

	for (i = 0; i < VIEW_SUBFORM_NFIELDS; i++)
		n += view_subform_shown(vs, i);
	w = cols < VIEW_SUBFORM_WIDTH ? cols : VIEW_SUBFORM_WIDTH;
	/* Fields, a blank before the button, the error, the help line. */
	h = n + 1 + (vs->error != NULL) + 1 + 2;
	if (h > rows - 1)
		h = rows - 1;
	if (w < 40 || h < n + 3) {
		draw_fill((struct rect){ 0, 0, rows, cols }, A_NORMAL);
		draw_text(0, 0, cols, "Screen too small for the form (Esc "
		    "closes)", theme_attr(THEME_ERROR));
		return;
	}
	/* Above the status line, where the result shows. */
	box = (struct rect){ (rows - 1 - h) / 2, (cols - w) / 2, h, w };
	in = (struct rect){ box.y + 1, box.x + 1, box.h - 2, box.w - 2 };
	draw_fill(box, A_NORMAL);
	draw_box(box, vs->title, 1);
	lx = in.x + 1;
	vx = lx + VIEW_SUBFORM_LABEL_W + 1;
	vw = in.x + in.w - 1 - vx;

	y = in.y;
	for (i = 0; i < VIEW_SUBFORM_NFIELDS; i++) {
		if (!view_subform_shown(vs, i))
			continue;
		if (i == VIEW_SUBFORM_BUTTON)
			y++;
		view_subform_draw_field(vs, i, y++, lx, vx, vw);
	}
	if (vs->error != NULL && vs->bad >= 0) {
		draw_printf(y++, lx, in.w - 2, theme_attr(THEME_ERROR),
		    "%s: %s", view_subform_labels[vs->bad], vs->error);
	} else if (vs->error != NULL)
		draw_printf(y++, lx, in.w - 2, theme_attr(THEME_ERROR), "%s",
		    vs->error);
	if (vs->focus == VIEW_SUBFORM_TOPIC && vs->ncands > 1 &&
	    vs->cand < 0)
		draw_printf(in.y + in.h - 1, lx, in.w - 2,
		    theme_attr(THEME_META), "%d known topics start so: Tab "
		    "goes through them", vs->ncands);
	else if (vs->focus == VIEW_SUBFORM_TOPIC && vs->ncands > 1)
		draw_printf(in.y + in.h - 1, lx, in.w - 2,
		    theme_attr(THEME_META), "known topic %d of %d: Tab for "
		    "the next", vs->cand + 1, vs->ncands);
	else {
		help = key_bindings_hint("subscribe", vs->focus ==
		    VIEW_SUBFORM_TOPIC ? view_subform_topic_hints :
		    view_subform_hints, in.w - 2);
		draw_text(in.y + in.h - 1, lx, in.w - 2, help,
		    theme_attr(THEME_META));
		free(help);
	}
}

static void
view_subform_free(void *data)
{
	struct view_subform	*vs = data;

	view_subform_forget(vs);
	edit_free(&vs->topic);
	edit_free(&vs->id);
	edit_free(&vs->alias);
	free(vs->error);
	free(vs->title);
	free(vs->conn);
	free(vs);
}

void
view_subform_open(const char *conn, const char *topic)
{
	struct view_subform	*vs;
	struct ui_modal		*m;
	struct conn		*c;
	struct buf		 b;

	vs = xcalloc(1, sizeof *vs);
	vs->conn = xstrdup(conn);
	vs->v5 = (c = conn_find(conn)) != NULL && c->p->version == 5;
	vs->colour = -1;
	edit_init(&vs->topic, 0);
	edit_init(&vs->id, 0);
	edit_init(&vs->alias, 0);
	if (topic != NULL)
		edit_set(&vs->topic, topic);

	buf_init(&b);
	buf_adds(&b, "Subscribe on ");
	sanitize(&b, conn, strlen(conn), 0);
	buf_adds(&b, vs->v5 ? " (MQTT 5)" : "");
	vs->title = xstrdup(buf_str(&b));
	buf_free(&b);

	m = xcalloc(1, sizeof *m);
	m->mode = "subscribe";
	m->draw = view_subform_draw;
	m->key = view_subform_key;
	m->actions = view_subform_actions;
	m->free = view_subform_free;
	m->data = vs;
	ui_modal_push(m);
}
