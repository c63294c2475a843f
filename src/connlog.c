/*
 * Connection events become history rows (dir MSG_EVENT, topic "", a JSON
 * payload), so they survive a restart and are read in windows like
 * messages. connlog_text turns a payload back into words.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "conn.h"
#include "connlog.h"
#include "events.h"
#include "loop.h"
#include "msg.h"
#include "store.h"
#include "xmalloc.h"

static void
connlog_add(struct conn *c, cJSON *obj)
{
	struct msg	 m = { 0 };
	char		*s = cJSON_PrintUnformatted(obj);

	m.conn = c->name;
	m.dir = MSG_EVENT;
	m.topic = "";
	m.payload = s;
	m.len = strlen(s);
	m.time_ms = wall_now();
	store_msg_add(&m);
	free(s);
	cJSON_Delete(obj);
}

static const char *
connlog_how(enum event_how how)
{
	switch (how) {
	case EV_HOW_DISCONNECT:
		return "disconnected";
	case EV_HOW_OFFLINE:
		return "offline";
	case EV_HOW_DROP:
		return "dropped";
	default:
		return "lost";
	}
}

static void
connlog_event(const struct event *ev, void *arg)
{
	struct conn	*c = ev->conn;
	cJSON		*obj;

	if (c == NULL)
		return;
	switch (ev->type) {
	case EV_CONNECTED:
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "event", c->offline ? "online" :
		    "connected");
		cJSON_AddBoolToObject(obj, "session_present",
		    ev->session_present);
		break;
	case EV_DISCONNECTED:
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "event", connlog_how(ev->how));
		if (ev->how == EV_HOW_LOST && ev->reason != NULL)
			cJSON_AddStringToObject(obj, "reason", ev->reason);
		if (ev->how == EV_HOW_DROP && c->p->will_topic != NULL)
			cJSON_AddStringToObject(obj, "will", c->p->will_topic);
		break;
	case EV_WAITING:
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "event", "waiting");
		cJSON_AddNumberToObject(obj, "count", (double)ev->count);
		break;
	default:
		return;
	}
	connlog_add(c, obj);
}

void
connlog_init(void)
{
	events_listen(connlog_event, NULL);
}

static const char *
connlog_str(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void
connlog_text(struct buf *b, const void *payload, size_t len)
{
	cJSON		*obj = cJSON_ParseWithLength(payload, len);
	const char	*what, *s;
	int		 kept;
	double		 n;

	what = connlog_str(obj, "event");
	kept = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj,
	    "session_present"));
	if (what == NULL)
		buf_adds(b, "connection event");
	else if (strcmp(what, "connected") == 0)
		buf_adds(b, kept ? "connected · session present" :
		    "connected");
	else if (strcmp(what, "online") == 0)
		buf_adds(b, kept ? "back online · session present" :
		    "back online · the broker did not keep the session");
	else if (strcmp(what, "disconnected") == 0)
		buf_adds(b, "disconnected");
	else if (strcmp(what, "offline") == 0)
		buf_adds(b, "offline · the broker keeps the session");
	else if (strcmp(what, "dropped") == 0) {
		buf_adds(b, "dropped without DISCONNECT");
		if ((s = connlog_str(obj, "will")) != NULL)
			buf_addf(b, " · will fired: %s", s);
	} else if (strcmp(what, "lost") == 0) {
		s = connlog_str(obj, "reason");
		buf_addf(b, "dropped: %s", s != NULL ? s : "connection lost");
	} else if (strcmp(what, "waiting") == 0) {
		n = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(obj,
		    "count"));
		if (n != n || n < 1)
			buf_adds(b, "session present: no messages were waiting");
		else if (n == 1)
			buf_adds(b, "session present: 1 message was waiting");
		else
			buf_addf(b, "session present: %.0f messages were "
			    "waiting", n);
	} else
		buf_addf(b, "%s", what);
	cJSON_Delete(obj);
}

char *
connlog_words(const void *payload, size_t len)
{
	struct buf	 b;
	char		*s;

	buf_init(&b);
	connlog_text(&b, payload, len);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}
