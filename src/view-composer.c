/*
 * The composer: a panel at the foot of the message pane, which shrinks
 * above it so what is sent shows arriving. It publishes to one connection
 * through the "publish" command and stays open after sending (people
 * resend). What it says about a send comes from the broker's answer (at
 * QoS 0: the message written): on success the payload is cleared, on
 * failure the draft stays to be sent again. C-p walks what was sent
 * before, one message at a time from the store. Its actions are those of
 * the "composer" key table; the other keys act on the focused field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-parse.h"
#include "edit.h"
#include "fmt.h"
#include "key-bindings.h"
#include "keys.h"
#include "msg.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "topic.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_COMPOSER_H		11	/* rows it asks of the messages */
#define VIEW_COMPOSER_LABEL_W	8

enum view_composer_field {
	VIEW_COMPOSER_TOPIC,
	VIEW_COMPOSER_QOS,
	VIEW_COMPOSER_RETAIN,
	VIEW_COMPOSER_PAYLOAD,
	VIEW_COMPOSER_NFIELDS
};

/* One message as the fields hold it: a history entry or the draft. */
struct view_composer_entry {
	int64_t	 id;
	char	*topic;
	char	*payload;
	int	 qos;
	int	 retain;
	int	 lossy;		/* payload had bytes a field cannot hold */
};

struct view_composer {
	char				*conn;
	char				*title;
	struct edit			 topic;
	struct edit			 payload;
	int				 qos;
	int				 retain;
	int				 focus;
	int				 ths;		/* topic: first column */
	int				 ptop;		/* payload: first line */
	int				 phs;		/* payload: first column */
	char				*error;
	/*
	 * The last send: its number, whether it waits for its answer and
	 * its payload; the topic of the last one that went through.
	 */
	unsigned			 seq;
	int				 sending;
	char				*sent;
	char				*done;

	/*
	 * History: ids of the sent messages stepped through so far, newest
	 * first, so Down can go back; hpos -1 is the user's own draft.
	 */
	int64_t				*hist;
	size_t				 nhist;
	int				 hpos;
	struct view_composer_entry	 draft;
};

/*
 * The open composer: a send answers after the composer may have closed,
 * so the answer finds it here by the number of the send.
 */
static struct view_composer	*view_composer_live;
static unsigned			 view_composer_seq;

/*
 * What a composer held unsent when it closed, a connection each (newest
 * first, at most VIEW_COMPOSER_DRAFTS): a publish that failed offline is
 * there to send again once the connection is back.
 */
#define VIEW_COMPOSER_DRAFTS	32
struct view_composer_draft {
	char				*conn;
	struct view_composer_entry	 en;
	struct view_composer_draft	*next;
};
static struct view_composer_draft	*view_composer_drafts;

static void
view_composer_entry_clear(struct view_composer_entry *en)
{
	free(en->topic);
	free(en->payload);
	memset(en, 0, sizeof *en);
}

/* Take conn's draft off the list (NULL: none); the caller frees it. */
static struct view_composer_draft *
view_composer_draft_take(const char *conn)
{
	struct view_composer_draft	**pp, *d;

	for (pp = &view_composer_drafts; (d = *pp) != NULL; pp = &d->next) {
		if (strcmp(d->conn, conn) == 0) {
			*pp = d->next;
			return d;
		}
	}
	return NULL;
}

static void
view_composer_draft_free(struct view_composer_draft *d)
{
	view_composer_entry_clear(&d->en);
	free(d->conn);
	free(d);
}

void
view_composer_drafts_free(void)
{
	struct view_composer_draft	*d;

	while ((d = view_composer_drafts) != NULL) {
		view_composer_drafts = d->next;
		view_composer_draft_free(d);
	}
}

static void
view_composer_take(struct view_composer *vc, struct view_composer_entry *en)
{
	view_composer_entry_clear(en);
	en->topic = xstrdup(edit_text(&vc->topic));
	en->payload = xstrdup(edit_text(&vc->payload));
	en->qos = vc->qos;
	en->retain = vc->retain;
}

static void
view_composer_put(struct view_composer *vc,
    const struct view_composer_entry *en)
{
	edit_set(&vc->topic, en->topic != NULL ? en->topic : "");
	edit_set(&vc->payload, en->payload != NULL ? en->payload : "");
	vc->qos = en->qos;
	vc->retain = en->retain;
	vc->ths = vc->ptop = vc->phs = 0;
	free(vc->error);
	vc->error = NULL;
}

static void
view_composer_row(const struct msg *m, void *arg)
{
	struct view_composer_entry	*en = arg;
	const char			*p = m->payload;

	view_composer_entry_clear(en);
	en->id = m->id;
	en->topic = xstrdup(m->topic);
	en->qos = m->qos;
	en->retain = m->retain;
	/* The field holds a C string: stop at a NUL, say so. */
	en->payload = xstrndup(p, m->len);
	en->lossy = strlen(en->payload) != m->len ||
	    !fmt_is_utf8(m->payload, m->len);
}

/* The newest sent message with id < before (0: the newest of all). */
static int
view_composer_load(struct view_composer *vc, int64_t before,
    struct view_composer_entry *en)
{
	memset(en, 0, sizeof *en);
	if (store_msg_sent(vc->conn, before, 1, view_composer_row, en) != 1) {
		view_composer_entry_clear(en);
		return -1;
	}
	return 0;
}

static void
view_composer_show(struct view_composer *vc, struct view_composer_entry *en)
{
	view_composer_put(vc, en);
	if (en->lossy)
		ui_status(1, "that payload was binary: not all of it can be "
		    "edited here");
	view_composer_entry_clear(en);
}

static void
view_composer_older(struct view_composer *vc)
{
	struct view_composer_entry	en;
	int64_t				before;

	before = vc->hpos >= 0 ? vc->hist[vc->hpos] : 0;
	if (view_composer_load(vc, before, &en) != 0) {
		ui_status(0, vc->hpos >= 0 ? "no older message sent" :
		    "nothing sent on this connection yet");
		return;
	}
	if (vc->hpos == -1)
		view_composer_take(vc, &vc->draft);
	vc->hpos++;
	if ((size_t)vc->hpos >= vc->nhist) {
		vc->hist = xrealloc(vc->hist, (vc->nhist + 1) *
		    sizeof *vc->hist);
		vc->nhist++;
	}
	vc->hist[vc->hpos] = en.id;
	view_composer_show(vc, &en);
}

static void
view_composer_newer(struct view_composer *vc)
{
	struct view_composer_entry	en;

	if (vc->hpos < 0)
		return;
	if (--vc->hpos == -1) {
		view_composer_put(vc, &vc->draft);
		view_composer_entry_clear(&vc->draft);
		return;
	}
	/* The entry with exactly that id: the newest below id + 1. */
	if (view_composer_load(vc, vc->hist[vc->hpos] + 1, &en) != 0 ||
	    en.id != vc->hist[vc->hpos]) {
		view_composer_entry_clear(&en);
		ui_status(1, "that message is no longer in the history");
		return;
	}
	view_composer_show(vc, &en);
}

/* Sent messages are newer than anything browsed: start over. */
static void
view_composer_forget(struct view_composer *vc)
{
	free(vc->hist);
	vc->hist = NULL;
	vc->nhist = 0;
	vc->hpos = -1;
	view_composer_entry_clear(&vc->draft);
}

/*
 * The publish answered (the status line has said how): clear what was
 * sent, unless it has been edited since; keep the draft on failure.
 */
static void
view_composer_done(void *arg, int ok)
{
	struct view_composer	*vc = view_composer_live;

	if (vc == NULL || vc->seq != (unsigned)(uintptr_t)arg)
		return;
	vc->sending = 0;
	if (ok) {
		if (vc->sent != NULL &&
		    strcmp(edit_text(&vc->payload), vc->sent) == 0) {
			edit_set(&vc->payload, "");
			vc->ptop = vc->phs = 0;
		}
		free(vc->done);
		vc->done = xstrdup(edit_text(&vc->topic));
		view_composer_forget(vc);
	}
	free(vc->sent);
	vc->sent = NULL;
	ui_dirty(UI_DIRTY_ALL);
}

static void
view_composer_send(struct view_composer *vc)
{
	const char	*topic = edit_text(&vc->topic);
	const char	*payload = edit_text(&vc->payload), *why;
	struct buf	 b;
	char		 qos[2];

	free(vc->error);
	vc->error = NULL;
	if (topic_check_name(topic, strlen(topic), &why) != 0) {
		vc->error = xasprintf("%s", why);
		vc->focus = VIEW_COMPOSER_TOPIC;
		return;
	}

	buf_init(&b);
	cmd_quote_append(&b, "publish");
	cmd_quote_append(&b, "-t");
	cmd_quote_append(&b, vc->conn);
	qos[0] = '0' + vc->qos;
	qos[1] = '\0';
	cmd_quote_append(&b, "-q");
	cmd_quote_append(&b, qos);
	if (vc->retain)
		cmd_quote_append(&b, "-r");
	if (*payload == '\0')
		cmd_quote_append(&b, "-n");
	/* A topic like "-x" would read as a flag. */
	if (*topic == '-')
		cmd_quote_append(&b, "--");
	cmd_quote_append(&b, topic);
	if (*payload != '\0')
		cmd_quote_append(&b, payload);

	/* Nothing is said until the broker answers: see view_composer_done. */
	vc->seq = ++view_composer_seq;
	vc->sending = 1;
	free(vc->sent);
	vc->sent = xstrdup(payload);
	ui_follow_newest();
	ui_run_then(buf_str(&b), view_composer_done,
	    (void *)(uintptr_t)vc->seq);
	buf_free(&b);
}

static void
view_composer_focus(struct view_composer *vc, int delta)
{
	vc->focus = (vc->focus + delta + VIEW_COMPOSER_NFIELDS) %
	    VIEW_COMPOSER_NFIELDS;
}

static int
view_composer_send_key(void *data, char **run)
{
	view_composer_send(data);
	return UI_MODAL_KEEP;
}

static int
view_composer_retain(void *data, char **run)
{
	struct view_composer	*vc = data;

	vc->retain = !vc->retain;
	return UI_MODAL_KEEP;
}

static int
view_composer_next_field(void *data, char **run)
{
	view_composer_focus(data, 1);
	return UI_MODAL_KEEP;
}

static int
view_composer_prev_field(void *data, char **run)
{
	view_composer_focus(data, -1);
	return UI_MODAL_KEEP;
}

static int
view_composer_history_prev(void *data, char **run)
{
	view_composer_older(data);
	return UI_MODAL_KEEP;
}

static int
view_composer_history_next(void *data, char **run)
{
	view_composer_newer(data);
	return UI_MODAL_KEEP;
}

static int
view_composer_close(void *data, char **run)
{
	return UI_MODAL_CLOSE;
}

static const struct ui_action view_composer_actions[] = {
	{ "send", view_composer_send_key },
	{ "retain", view_composer_retain },
	{ "next-field", view_composer_next_field },
	{ "prev-field", view_composer_prev_field },
	{ "history-prev", view_composer_history_prev },
	{ "history-next", view_composer_history_next },
	{ "close", view_composer_close },
	{ NULL, NULL }
};

/*
 * The keys the table does not bind act on the focused field: they edit
 * it, and Up, Down and Enter do what suits it.
 */
static int
view_composer_key(void *data, int key)
{
	struct view_composer	*vc = data;

	switch (vc->focus) {
	case VIEW_COMPOSER_TOPIC:
		if (key == KEYC_UP)
			view_composer_older(vc);
		else if (key == KEYC_DOWN)
			view_composer_newer(vc);
		else if (key == KEYC_ENTER)
			vc->focus = VIEW_COMPOSER_PAYLOAD;
		else if (edit_key(&vc->topic, key) == EDIT_CHANGED) {
			free(vc->error);
			vc->error = NULL;
		}
		break;
	case VIEW_COMPOSER_QOS:
		if (key >= '0' && key <= '2')
			vc->qos = key - '0';
		else if (key == KEYC_RIGHT || key == KEYC_SPACE)
			vc->qos = (vc->qos + 1) % 3;
		else if (key == KEYC_LEFT)
			vc->qos = (vc->qos + 2) % 3;
		else if (key == KEYC_ENTER || key == KEYC_DOWN)
			view_composer_focus(vc, 1);
		else if (key == KEYC_UP)
			view_composer_focus(vc, -1);
		break;
	case VIEW_COMPOSER_RETAIN:
		if (key == KEYC_RIGHT || key == KEYC_LEFT || key == KEYC_SPACE)
			vc->retain = !vc->retain;
		else if (key == KEYC_ENTER || key == KEYC_DOWN)
			view_composer_focus(vc, 1);
		else if (key == KEYC_UP)
			view_composer_focus(vc, -1);
		break;
	case VIEW_COMPOSER_PAYLOAD:
		/* Enter (and C-j, unless bound) is a new line here. */
		if (key == KEYC_ENTER)
			edit_insert(&vc->payload, "\n");
		else
			edit_key(&vc->payload, key);
		break;
	}
	return 0;
}

/* Raw bytes, sanitized, shown from column hs in a window w wide. */
static void
view_composer_window(int y, int x, int w, const char *p, size_t len,
    int hs, attr_t attr)
{
	struct buf	 b;

	buf_init(&b);
	sanitize(&b, p, len, 0);
	draw_window(y, x, w, buf_str(&b), hs, attr);
	buf_free(&b);
}

static void
view_composer_label(struct view_composer *vc, int field, int y, int x,
    const char *label)
{
	attr_t	a;

	a = theme_attr(vc->focus == field ? THEME_SELECTION : THEME_PROMPT);
	draw_fill((struct rect){ y, x, 1, VIEW_COMPOSER_LABEL_W }, a);
	draw_text(y, x, VIEW_COMPOSER_LABEL_W, label, a);
}

static void
view_composer_draw_payload(struct view_composer *vc, int y, int x, int w,
    int h)
{
	const char	*text = edit_text(&vc->payload), *p, *nl, *end;
	int		 line, col, i;

	edit_cursor(&vc->payload, &line, &col);
	if (line < vc->ptop)
		vc->ptop = line;
	if (line >= vc->ptop + h)
		vc->ptop = line - h + 1;
	draw_scroll(col, w, &vc->phs);

	if (*text == '\0' && vc->focus != VIEW_COMPOSER_PAYLOAD) {
		draw_text(y, x, w, "(empty: sent as a zero-length message)",
		    theme_attr(THEME_META));
		return;
	}
	p = text;
	end = text + vc->payload.text.len;
	for (i = 0; p != NULL && i < vc->ptop + h; i++) {
		nl = memchr(p, '\n', end - p);
		if (i >= vc->ptop) {
			view_composer_window(y + i - vc->ptop, x, w, p,
			    (nl != NULL ? nl : end) - p, vc->phs, A_NORMAL);
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	if (vc->ptop > 0)
		draw_text(y, x + w, 1, "↑", theme_attr(THEME_META));
	if (p != NULL)
		draw_text(y + h - 1, x + w, 1, "↓", theme_attr(THEME_META));
	if (vc->focus == VIEW_COMPOSER_PAYLOAD)
		ui_modal_cursor(y + line - vc->ptop, x + col - vc->phs);
}

/* The foot: the keys of the table as bound, as many as fit. */
static const struct key_hint view_composer_hints[] = {
	{ "mode send", "send", 0 },
	{ "mode next-field", "move", 1 },
	{ "mode retain", "retain", 2 },
	{ NULL, "Enter newline", 3 },
	{ "mode history-prev|mode history-next", "history", 2 },
	{ "mode close", "close", 0 },
	{ "keys composer", "keys", 3 },
	{ NULL, NULL, 0 }
};

static void
view_composer_draw(void *data, int rows, int cols)
{
	struct view_composer	*vc = data;
	struct rect		 box, in;
	const char		*topic;
	char			*title, *help;
	attr_t			 sel, meta;
	int			 y, lx, vx, vw, line, col, used, ph, hs;

	sel = theme_attr(THEME_SELECTION);
	meta = theme_attr(THEME_META);

	/* The foot of the message pane (ui_layout), above the status line. */
	ui_modal_area(&box.y, &box.x, &box.h, &box.w);
	in = (struct rect){ box.y + 1, box.x + 1, box.h - 2, box.w - 2 };
	lx = in.x + 1;
	vx = lx + VIEW_COMPOSER_LABEL_W + 1;
	vw = in.x + in.w - 1 - vx;
	draw_fill(box, A_NORMAL);
	if (in.h < 4 || vw < 10) {
		draw_text(box.y, box.x, box.w, "Screen too small (Esc closes)",
		    theme_attr(THEME_ERROR));
		return;
	}
	title = xasprintf("%s%s", vc->title, vc->sending ? " · sending…" : "");
	draw_box(box, title, 1);
	free(title);

	/* Topic, its error under it. */
	y = in.y;
	view_composer_label(vc, VIEW_COMPOSER_TOPIC, y, lx, "Topic");
	topic = edit_text(&vc->topic);
	edit_cursor(&vc->topic, &line, &col);
	hs = 0;
	if (vc->focus == VIEW_COMPOSER_TOPIC) {
		draw_scroll(col, vw, &vc->ths);
		hs = vc->ths;
		ui_modal_cursor(y, vx + col - hs);
	}
	view_composer_window(y, vx, vw, topic, vc->topic.text.len, hs,
	    A_NORMAL);
	if (*topic == '\0')
		draw_text(y, vx, vw, "a/topic (no wildcards)", meta);
	y++;
	if (vc->error != NULL) {
		draw_printf(y, vx, vw, theme_attr(THEME_ERROR), "^ %s",
		    vc->error);
		y++;
	}

	/* QoS and retain share a row. */
	view_composer_label(vc, VIEW_COMPOSER_QOS, y, lx, "QoS");
	used = draw_printf(y, vx, vw, vc->focus == VIEW_COMPOSER_QOS ? sel :
	    A_NORMAL, "< %d >", vc->qos);
	view_composer_label(vc, VIEW_COMPOSER_RETAIN, y, vx + used + 3,
	    "Retain");
	draw_text(y, vx + used + 4 + VIEW_COMPOSER_LABEL_W, 3,
	    vc->retain ? "[x]" : "[ ]",
	    vc->focus == VIEW_COMPOSER_RETAIN ? sel : A_NORMAL);
	if (vc->hpos >= 0) {
		draw_printf(y, vx + used + 9 + VIEW_COMPOSER_LABEL_W,
		    in.x + in.w - (vx + used + 9 + VIEW_COMPOSER_LABEL_W),
		    meta, "history: %d back", vc->hpos + 1);
	}
	y++;

	/* The payload takes what is left above the help line. */
	ph = in.y + in.h - 1 - y;
	view_composer_label(vc, VIEW_COMPOSER_PAYLOAD, y, lx, "Payload");
	if (ph > 0)
		view_composer_draw_payload(vc, y, vx, vw, ph);

	help = key_bindings_hint("composer", view_composer_hints, in.w - 2);
	draw_text(in.y + in.h - 1, lx, in.w - 2, help, meta);
	free(help);
}

/*
 * Keep what is unsent: a payload, or a topic other than the one last sent
 * (after a success the payload is cleared and nothing is kept). While
 * history is browsed, the user's own draft is what counts.
 */
static void
view_composer_keep(struct view_composer *vc)
{
	struct view_composer_draft	*d, **pp;
	struct view_composer_entry	 en;
	int				 n;

	memset(&en, 0, sizeof en);
	if (vc->hpos >= 0) {
		en = vc->draft;
		memset(&vc->draft, 0, sizeof vc->draft);
	} else
		view_composer_take(vc, &en);
	if ((en.payload == NULL || *en.payload == '\0') &&
	    (en.topic == NULL || *en.topic == '\0' || (vc->done != NULL &&
	    strcmp(en.topic, vc->done) == 0))) {
		view_composer_entry_clear(&en);
		return;
	}
	d = xcalloc(1, sizeof *d);
	d->conn = xstrdup(vc->conn);
	d->en = en;
	d->next = view_composer_drafts;
	view_composer_drafts = d;
	for (n = 0, pp = &view_composer_drafts; *pp != NULL; n++) {
		if (n == VIEW_COMPOSER_DRAFTS) {
			d = *pp;
			*pp = d->next;
			view_composer_draft_free(d);
		} else
			pp = &(*pp)->next;
	}
}

static void
view_composer_free(void *data)
{
	struct view_composer	*vc = data;

	view_composer_keep(vc);
	edit_free(&vc->topic);
	edit_free(&vc->payload);
	view_composer_forget(vc);
	if (view_composer_live == vc)
		view_composer_live = NULL;
	free(vc->sent);
	free(vc->done);
	free(vc->error);
	free(vc->title);
	free(vc->conn);
	free(vc);
}

void
view_composer_open(const char *conn)
{
	struct view_composer		*vc;
	struct view_composer_draft	*d;
	struct ui_modal			*m;
	struct buf			 b;

	if (conn == NULL || *conn == '\0') {
		ui_status(1, "no connection to publish to: select one first");
		return;
	}
	vc = xcalloc(1, sizeof *vc);
	vc->conn = xstrdup(conn);
	vc->hpos = -1;
	vc->focus = VIEW_COMPOSER_TOPIC;
	edit_init(&vc->topic, 0);
	edit_init(&vc->payload, 1);

	buf_init(&b);
	buf_adds(&b, "Publish to ");
	sanitize(&b, conn, strlen(conn), 0);
	vc->title = xstrdup(buf_str(&b));
	buf_free(&b);

	/* Back where it was left unsent. */
	if ((d = view_composer_draft_take(conn)) != NULL) {
		view_composer_put(vc, &d->en);
		if (*edit_text(&vc->topic) != '\0')
			vc->focus = VIEW_COMPOSER_PAYLOAD;
		view_composer_draft_free(d);
	}

	view_composer_live = vc;
	m = xcalloc(1, sizeof *m);
	m->mode = "composer";
	m->panel = VIEW_COMPOSER_H;
	m->draw = view_composer_draw;
	m->key = view_composer_key;
	m->actions = view_composer_actions;
	m->free = view_composer_free;
	m->data = vc;
	m->cy = m->cx = -1;
	ui_modal_push(m);
}
