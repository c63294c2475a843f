/*
 * One message in full: every view of its payload (Tab cycles text, JSON,
 * hex, base64, then the decoders that read it: MessagePack, CBOR,
 * Sparkplug B, the topic's jq program), its MQTT 5 properties, sizes, and
 * where it came from; d compares it with the message before it on the
 * same topic. The payload is kept once; the pager makes only the lines it
 * draws. It is a pager with a key table of its own, "detail", whose
 * actions are format, diff and copy (y copies the payload as shown
 * through "copy").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "connlog.h"

#include "decode.h"
#include "decode-rule.h"
#include "diff.h"
#include "fmt.h"
#include "fmt-json.h"
#include "fmt-lines.h"
#include "key-bindings.h"
#include "keys.h"
#include "msg.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "view-pager.h"
#include "xmalloc.h"

struct view_detail {
	struct view_pager	*vp;
	int64_t			 id;
	char			*conn;
	int			 dir;
	char			*topic;
	char			*payload;
	size_t			 len;
	int			 qos;
	int			 retain;
	char			*props;
	char			*will_of;
	int64_t			 time_ms;
	int			 json;		/* the payload is valid JSON */
	enum decode_view	 views[DECODE_N];	/* what Tab cycles */
	int			 nviews;
	int			 cur;		/* views[cur] is shown */
	char			*jq;		/* the topic's jq program */
	struct buf		 decoded;	/* a decoder's text */
	int			 diff;		/* showing the diff */
};

static void
view_detail_copy(const struct msg *m, void *arg)
{
	struct view_detail	*d = arg;

	d->conn = xstrdup(m->conn);
	d->dir = m->dir;
	d->topic = xstrdup(m->topic);
	d->payload = xmemdup(m->payload, m->len + 1);
	d->payload[m->len] = '\0';
	d->len = m->len;
	d->qos = m->qos;
	d->retain = m->retain;
	d->props = m->props != NULL ? xstrdup(m->props) : NULL;
	d->will_of = m->will_of != NULL ? xstrdup(m->will_of) : NULL;
	d->time_ms = m->time_ms;
}

static void
view_detail_free(void *arg)
{
	struct view_detail	*d = arg;

	free(d->conn);
	free(d->topic);
	free(d->will_of);
	free(d->payload);
	free(d->props);
	free(d->jq);
	buf_free(&d->decoded);
	free(d);
}

static enum decode_view
view_detail_view(const struct view_detail *d)
{
	return d->views[d->cur];
}

/* Decode into d->decoded with the view shown; its kind, or error. */
static enum decode_out
view_detail_decode(struct view_detail *d, enum decode_view v, int64_t id,
    struct buf *out, const char *payload, size_t len, char **err)
{
	struct decode_ctx	ctx = { v, d->topic, id, decode_birth_find,
				    d->conn, d->jq };

	buf_reset(out);
	return decode(&ctx, payload, len, out, err);
}

static void
view_detail_payload(struct view_pager *vp, struct view_detail *d)
{
	enum fmt_lines_kind	kind;
	enum decode_out		out;
	int			slot;
	char			*err;

	if (d->len == 0) {
		view_pager_addf(vp, THEME_META, "(empty)");
		return;
	}
	switch (view_detail_view(d)) {
	case DECODE_JSON:
		if (!d->json) {
			view_pager_addf(vp, THEME_META, "(not valid JSON, or "
			    "nested deeper than %d)", FMT_JSON_DEPTH);
			return;
		}
		kind = FMT_LINES_JSON;
		slot = THEME_JSON_STRING;
		break;
	case DECODE_HEX:
		kind = FMT_LINES_HEX;
		slot = THEME_HEX;
		break;
	case DECODE_BASE64:
		kind = FMT_LINES_BASE64;
		slot = THEME_NSLOTS;
		break;
	case DECODE_MSGPACK:
	case DECODE_CBOR:
	case DECODE_SPARKPLUG:
	case DECODE_JQ:
		out = view_detail_decode(d, view_detail_view(d), d->id,
		    &d->decoded, d->payload, d->len, &err);
		if (out == DECODE_OUT_ERROR) {
			/* One line says why; the bytes follow in hex. */
			view_pager_addf(vp, THEME_ERROR, "%s", err);
			free(err);
			view_pager_body(vp, fmt_lines_new(d->payload, d->len,
			    FMT_LINES_HEX), THEME_HEX);
			return;
		}
		view_pager_body(vp, fmt_lines_new(buf_str(&d->decoded),
		    d->decoded.len, out == DECODE_OUT_JSON ? FMT_LINES_JSON :
		    FMT_LINES_TEXT), out == DECODE_OUT_JSON ?
		    THEME_JSON_STRING : THEME_BUBBLE_IN);
		return;
	default:
		kind = FMT_LINES_TEXT;
		slot = THEME_BUBBLE_IN;
		break;
	}
	view_pager_body(vp, fmt_lines_new(d->payload, d->len, kind), slot);
}

/* The message before this one on its topic, as the diff wants it. */
struct view_detail_prev {
	int64_t	 id;
	int64_t	 time_ms;
	char	*payload;
	size_t	 len;
};

static void
view_detail_prev_copy(const struct msg *m, void *arg)
{
	struct view_detail_prev	*p = arg;

	p->id = m->id;
	p->time_ms = m->time_ms;
	p->payload = xmemdup(m->payload, m->len + 1);
	p->len = m->len;
}

static void
view_detail_diff(struct view_pager *vp, struct view_detail *d)
{
	struct view_detail_prev	 prev = { 0, 0, NULL, 0 };
	struct buf		 a, b;
	struct diff		 df;
	enum decode_view	 v = view_detail_view(d);
	const char		*what = "bytes";
	char			 when[32], *err;
	time_t			 t;
	struct tm		 tm;
	size_t			 i;
	int			 slot;

	/* history_topic: the newest row of this topic before this one. */
	if (store_msg_window(d->conn, d->topic, d->id, 1,
	    view_detail_prev_copy, &prev) != 1 || prev.payload == NULL) {
		view_pager_addf(vp, THEME_META, "(no message before this one "
		    "on %s)", d->topic);
		return;
	}
	t = prev.time_ms / 1000;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	buf_init(&a);
	buf_init(&b);
	/* A decoder's view compares what it decodes both into. */
	if (decode_is_decoder(v) && view_detail_decode(d, v, prev.id, &a,
	    prev.payload, prev.len, &err) != DECODE_OUT_ERROR &&
	    view_detail_decode(d, v, d->id, &b, d->payload, d->len, &err) !=
	    DECODE_OUT_ERROR) {
		what = decode_title(v);
		diff_make(&df, buf_str(&a), a.len, buf_str(&b), b.len);
	} else {
		if (decode_is_decoder(v))
			free(err);
		diff_make(&df, prev.payload, prev.len, d->payload, d->len);
	}
	view_pager_addf(vp, THEME_NSLOTS, "from message %lld of %s.%03d "
	    "(%s)", (long long)prev.id, when, (int)(prev.time_ms % 1000),
	    what);
	for (i = 0; i < df.n; i++) {
		switch (df.v[i].op) {
		case DIFF_ADD:
			slot = THEME_CONN_CONNECTED;
			break;
		case DIFF_DEL:
			slot = THEME_ERROR;
			break;
		case DIFF_CHANGE:
			slot = THEME_JSON_NUMBER;
			break;
		case DIFF_NOTE:
			slot = THEME_META;
			break;
		default:
			slot = THEME_NSLOTS;
			break;
		}
		view_pager_add(vp, df.v[i].text, strlen(df.v[i].text), slot);
	}
	diff_free(&df);
	buf_free(&a);
	buf_free(&b);
	free(prev.payload);
}

static void
view_detail_props(struct view_pager *vp, const char *json)
{
	cJSON	*obj, *it, *pair;
	char	*v;

	if (json == NULL || (obj = cJSON_Parse(json)) == NULL) {
		view_pager_addf(vp, THEME_META, "  (none)");
		return;
	}
	cJSON_ArrayForEach(it, obj) {
		if (cJSON_IsArray(it)) {
			cJSON_ArrayForEach(pair, it) {
				view_pager_addf(vp, THEME_NSLOTS, "  %s: %s = %s",
				    it->string, cJSON_GetArrayItem(pair, 0) ?
				    cJSON_GetArrayItem(pair, 0)->valuestring :
				    "", cJSON_GetArrayItem(pair, 1) ?
				    cJSON_GetArrayItem(pair, 1)->valuestring :
				    "");
			}
			continue;
		}
		v = cJSON_IsString(it) ? xstrdup(it->valuestring) :
		    cJSON_PrintUnformatted(it);
		view_pager_addf(vp, THEME_NSLOTS, "  %s: %s", it->string, v);
		free(v);
	}
	cJSON_Delete(obj);
}

/*
 * What the retain flag says. A broker clears it on what it forwards live
 * and sets it on what it sends from its store (on subscribe), so without
 * retain as published a flagged message came from the store; with it
 * (MQTT 5, on the subscription) the flag is the publisher's, live or not.
 */
static void
view_detail_retain(struct view_pager *vp, struct view_detail *d)
{
	const char	*rap;

	if (d->dir == MSG_OUT) {
		view_pager_addf(vp, THEME_NSLOTS, "retained: %s", d->retain ?
		    "yes, published with the retain flag (the broker keeps it)" :
		    "no");
		return;
	}
	rap = view_subs_rap(d->conn, d->topic);
	if (d->retain && rap == NULL) {
		view_pager_addf(vp, THEME_NSLOTS, "retained: stored by the "
		    "broker, delivered on subscribe");
		view_pager_addf(vp, THEME_META, "  (not live: a broker clears "
		    "the flag on what it forwards live)");
	} else if (d->retain) {
		view_pager_addf(vp, THEME_NSLOTS, "retained: retain flag as "
		    "published (retain as published on %s)", rap);
		view_pager_addf(vp, THEME_META, "  live or from the broker's "
		    "store: MQTT 5 does not say which");
	} else if (rap != NULL)
		view_pager_addf(vp, THEME_NSLOTS, "retained: no, published "
		    "without the retain flag (retain as published on %s)", rap);
	else {
		view_pager_addf(vp, THEME_NSLOTS, "retained: no, a live "
		    "message");
		view_pager_addf(vp, THEME_META, "  (the broker clears the flag "
		    "on live messages, whatever was published)");
	}
}

static void
view_detail_build(struct view_pager *vp, void *arg)
{
	struct view_detail	*d = arg;
	const char		*sub;
	char			 when[64], name[32], *words;
	int			 key;
	time_t			 t = d->time_ms / 1000;
	struct tm		 tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	if (d->dir == MSG_EVENT) {
		words = connlog_words(d->payload, d->len);
		view_pager_addf(vp, THEME_TOPIC, "connection event: %s", words);
		free(words);
		view_pager_addf(vp, THEME_NSLOTS, "on connection %s at %s.%03d",
		    d->conn, when, (int)(d->time_ms % 1000));
		view_pager_addf(vp, THEME_TITLE, "As kept in history (JSON)");
		view_detail_payload(vp, d);
		return;
	}
	view_pager_addf(vp, THEME_TOPIC, "%s", d->topic);
	view_pager_addf(vp, THEME_NSLOTS, "%s %s connection %s",
	    d->dir == MSG_OUT ? "published" : "received",
	    d->dir == MSG_OUT ? "by" : "on", d->conn);
	if (d->will_of != NULL)
		view_pager_addf(vp, THEME_RETAINED_BADGE, "will of %s: its "
		    "topic and payload are the will of connection %s, which "
		    "was dropped just before", d->will_of, d->will_of);
	sub = view_subs_match(d->conn, d->topic);
	view_pager_addf(vp, THEME_NSLOTS, "subscription: %s",
	    sub != NULL ? sub : "(none)");
	view_pager_addf(vp, THEME_NSLOTS, "QoS %d  time: %s.%03d", d->qos,
	    when, (int)(d->time_ms % 1000));
	view_detail_retain(vp, d);
	view_pager_addf(vp, THEME_NSLOTS, "sizes: payload %zu bytes, topic "
	    "%zu bytes, properties %zu bytes (as JSON)%s", d->len,
	    strlen(d->topic), d->props != NULL ? strlen(d->props) : 0,
	    fmt_is_utf8(d->payload, d->len) ? "" : ", binary");
	view_pager_addf(vp, THEME_TITLE, "MQTT 5 properties");
	view_detail_props(vp, d->props);
	if (d->diff) {
		key = key_bindings_key("detail", "mode diff");
		view_pager_addf(vp, THEME_TITLE, "Changes since the message "
		    "before on this topic (%s: the payload)", key != KEYC_NONE ?
		    keys_name(key, name) : "mode diff");
		view_detail_diff(vp, d);
		return;
	}
	/* The key that shows the next view, as bound now. */
	key = key_bindings_key("detail", "mode format");
	view_pager_addf(vp, THEME_TITLE, "Payload as %s (%s: %s)",
	    decode_title(view_detail_view(d)), key != KEYC_NONE ?
	    keys_name(key, name) : "mode format",
	    decode_title(d->views[(d->cur + 1) % d->nviews]));
	view_detail_payload(vp, d);
}

static void
view_detail_rebuild(struct view_detail *d)
{
	view_pager_clear(d->vp);
	view_detail_build(d->vp, d);
	view_pager_refit(d->vp);
}

/*
 * What Tab cycles: text, JSON, hex and base64 always, then each decoder
 * that reads this payload, and the topic's own view (set by the view
 * command) even when it does not, to say why. It starts on the topic's
 * view, else on the one that suits the payload.
 */
static void
view_detail_views(struct view_detail *d)
{
	static const enum decode_view	 all[] = { DECODE_TEXT, DECODE_JSON,
	    DECODE_HEX, DECODE_BASE64, DECODE_MSGPACK, DECODE_CBOR,
	    DECODE_SPARKPLUG, DECODE_JQ };
	enum decode_view		 own, v;
	const char			*jq;
	char				*err;
	size_t				 i;
	int				 start = -1;

	own = decode_rule_view(d->conn, d->topic, &jq);
	d->jq = jq != NULL ? xstrdup(jq) : NULL;
	buf_init(&d->decoded);
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		v = all[i];
		if (v == own)
			start = d->nviews;
		else if (decode_is_decoder(v)) {
			if ((v == DECODE_JQ && d->jq == NULL) ||
			    (v == DECODE_SPARKPLUG &&
			    !decode_sparkplug_topic(d->topic)) || d->len == 0)
				continue;
			if (view_detail_decode(d, v, d->id, &d->decoded,
			    d->payload, d->len, &err) == DECODE_OUT_ERROR) {
				free(err);
				continue;
			}
		}
		d->views[d->nviews++] = v;
	}
	buf_reset(&d->decoded);
	if (start >= 0) {
		d->cur = start;
		return;
	}
	for (i = 0; i < d->len && strchr(" \t\r\n", d->payload[i]) != NULL &&
	    d->payload[i] != '\0'; i++)
		;
	if (d->json && (d->payload[i] == '{' || d->payload[i] == '['))
		d->cur = 1;		/* JSON */
	else if (!fmt_is_utf8(d->payload, d->len))
		d->cur = 2;		/* hex */
}

static int
view_detail_format(void *arg, char **run)
{
	struct view_detail	*d = arg;

	d->cur = (d->cur + 1) % d->nviews;
	d->diff = 0;
	view_detail_rebuild(d);
	return UI_MODAL_KEEP;
}

/* d: the changes since the message before on the topic, or back. */
static int
view_detail_diff_toggle(void *arg, char **run)
{
	struct view_detail	*d = arg;

	d->diff = !d->diff;
	view_detail_rebuild(d);
	return UI_MODAL_KEEP;
}

static int
view_detail_copy_as_shown(void *arg, char **run)
{
	struct view_detail	*d = arg;

	*run = xasprintf("copy -f %s %lld", decode_name(view_detail_view(d)),
	    (long long)d->id);
	return UI_MODAL_KEEP;
}

static const struct ui_action view_detail_actions[] = {
	{ "format", view_detail_format },
	{ "diff", view_detail_diff_toggle },
	{ "copy", view_detail_copy_as_shown },
	{ NULL, NULL }
};

static const struct key_hint view_detail_hints[] = {
	{ "mode format", "view", 0 },
	{ "mode diff", "diff", 0 },
	{ "mode copy", "copy", 0 },
	{ "mode up|mode down|mode page-up|mode page-down", "scroll", 0 },
	{ "mode find", "find", 0 },
	{ "mode close", "close", 0 },
	{ "keys detail", "keys", 1 },
	{ NULL, NULL, 0 }
};

void
view_detail_open(int64_t id)
{
	struct view_detail	*d = xcalloc(1, sizeof *d);
	struct view_pager	*vp;

	if (store_msg_get(id, view_detail_copy, d) != 1) {
		free(d);
		return;
	}
	d->id = id;
	/* Checked as it is read, without a tree: it may be megabytes. */
	d->json = fmt_json_valid(d->payload, d->len);
	view_detail_views(d);
	vp = view_pager_new("Message");
	d->vp = vp;
	view_pager_on_mode(vp, "detail", view_detail_actions, view_detail_hints,
	    d, view_detail_free);
	view_detail_build(vp, d);
	view_pager_show(vp);
}
