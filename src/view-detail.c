/*
 * One message in full: every format of its payload (Tab cycles text, JSON,
 * hex and base64), its MQTT 5 properties, sizes, and where it came from.
 * The payload is kept once; the pager makes only the lines it draws. It
 * is a pager with a key table of its own, "detail", whose actions are
 * format and copy (y copies the payload as shown through "copy").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "connlog.h"

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

enum view_detail_format { FMT_TEXT, FMT_JSON, FMT_HEX, FMT_BASE64, FMT_N };

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
	enum view_detail_format	 format;
	int			 json;		/* the payload is valid JSON */
};

static const char *view_detail_names[FMT_N] = { "text", "JSON", "hex",
    "base64" };
/* The same, as the copy command spells them. */
static const char *view_detail_flags[FMT_N] = { "text", "json", "hex",
    "base64" };

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
	free(d);
}

static void
view_detail_payload(struct view_pager *vp, struct view_detail *d)
{
	enum fmt_lines_kind	kind;
	int			slot;

	if (d->len == 0) {
		view_pager_addf(vp, THEME_META, "(empty)");
		return;
	}
	switch (d->format) {
	case FMT_JSON:
		if (!d->json) {
			view_pager_addf(vp, THEME_META, "(not valid JSON, or "
			    "nested deeper than %d)", FMT_JSON_DEPTH);
			return;
		}
		kind = FMT_LINES_JSON;
		slot = THEME_JSON_STRING;
		break;
	case FMT_HEX:
		kind = FMT_LINES_HEX;
		slot = THEME_HEX;
		break;
	case FMT_BASE64:
		kind = FMT_LINES_BASE64;
		slot = THEME_NSLOTS;
		break;
	default:
		kind = FMT_LINES_TEXT;
		slot = THEME_BUBBLE_IN;
		break;
	}
	view_pager_body(vp, fmt_lines_new(d->payload, d->len, kind), slot);
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
	/* The key that shows the next format, as bound now. */
	key = key_bindings_key("detail", "mode format");
	view_pager_addf(vp, THEME_TITLE, "Payload as %s (%s: %s)",
	    view_detail_names[d->format], key != KEYC_NONE ?
	    keys_name(key, name) : "mode format",
	    view_detail_names[(d->format + 1) % FMT_N]);
	view_detail_payload(vp, d);
}

static int
view_detail_format(void *arg, char **run)
{
	struct view_detail	*d = arg;

	d->format = (d->format + 1) % FMT_N;
	view_pager_clear(d->vp);
	view_detail_build(d->vp, d);
	view_pager_refit(d->vp);
	return UI_MODAL_KEEP;
}

static int
view_detail_copy_as_shown(void *arg, char **run)
{
	struct view_detail	*d = arg;

	*run = xasprintf("copy -f %s %lld", view_detail_flags[d->format],
	    (long long)d->id);
	return UI_MODAL_KEEP;
}

static const struct ui_action view_detail_actions[] = {
	{ "format", view_detail_format },
	{ "copy", view_detail_copy_as_shown },
	{ NULL, NULL }
};

static const struct key_hint view_detail_hints[] = {
	{ "mode format", "format", 0 },
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
	size_t			 i;

	if (store_msg_get(id, view_detail_copy, d) != 1) {
		free(d);
		return;
	}
	d->id = id;
	/* Checked as it is read, without a tree: it may be megabytes. */
	d->json = fmt_json_valid(d->payload, d->len);
	/* Start on the format that suits the payload. */
	for (i = 0; i < d->len && strchr(" \t\r\n", d->payload[i]) != NULL &&
	    d->payload[i] != '\0'; i++)
		;
	if (d->json && (d->payload[i] == '{' || d->payload[i] == '['))
		d->format = FMT_JSON;
	else if (!fmt_is_utf8(d->payload, d->len))
		d->format = FMT_HEX;
	vp = view_pager_new("Message");
	d->vp = vp;
	view_pager_on_mode(vp, "detail", view_detail_actions, view_detail_hints,
	    d, view_detail_free);
	view_detail_build(vp, d);
	view_pager_show(vp);
}
