/* The live connections and the focus. No I/O here: the engine does that. */
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "connack.h"
#include "engine.h"
#include "password.h"
#include "topic.h"
#include "xmalloc.h"

struct conns	 conn_list = TAILQ_HEAD_INITIALIZER(conn_list);
struct conn	*conn_focus;

struct conn *
conn_find(const char *name)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

struct conn *
conn_create(const char *name, const struct profile *p, int saved)
{
	struct conn	*c = xcalloc(1, sizeof *c);

	c->name = xstrdup(name);
	c->p = profile_dup(p);
	profile_set(&c->p->name, name);
	c->saved = saved;
	c->state = CONN_OFFLINE;
	TAILQ_INIT(&c->subs);
	TAILQ_INSERT_TAIL(&conn_list, c, entry);
	return c;
}

void
conn_destroy(struct conn *c)
{
	struct sub	*s;

	engine_conn_free(c);
	while ((s = TAILQ_FIRST(&c->subs)) != NULL) {
		TAILQ_REMOVE(&c->subs, s, entry);
		sub_free(s);
	}
	TAILQ_REMOVE(&conn_list, c, entry);
	if (conn_focus == c)
		conn_focus = TAILQ_FIRST(&conn_list);
	conn_set_secrets(c, NULL, NULL);
	profile_free(c->p);
	connack_free(c->connack);
	free(c->client_id);
	free(c->reason);
	free(c->name);
	free(c);
}

void
conn_set_reason(struct conn *c, const char *reason)
{
	free(c->reason);
	c->reason = reason != NULL ? xstrdup(reason) : NULL;
}

void
conn_set_secrets(struct conn *c, char *secret, char *key_secret)
{
	password_free(c->secret);
	password_free(c->key_secret);
	c->secret = secret;
	c->key_secret = key_secret;
}

const char *
conn_state_name(enum conn_state st)
{
	switch (st) {
	case CONN_OFFLINE:
		return "offline";
	case CONN_CONNECTING:
		return "connecting";
	case CONN_CONNECTED:
		return "connected";
	case CONN_DISCONNECTING:
		return "disconnecting";
	case CONN_RECONNECT_WAIT:
		return "reconnecting";
	case CONN_ERROR:
		return "error";
	}
	return "?";
}

struct sub *
conn_sub_find(struct conn *c, const char *topic)
{
	struct sub	*s;

	TAILQ_FOREACH(s, &c->subs, entry) {
		if (strcmp(s->topic, topic) == 0)
			return s;
	}
	return NULL;
}

/* The first enabled subscription whose filter matches a topic. */
struct sub *
conn_sub_match(struct conn *c, const char *topic)
{
	struct sub	*s;

	TAILQ_FOREACH(s, &c->subs, entry) {
		if (s->enabled && topic_match(s->topic, topic))
			return s;
	}
	return NULL;
}

int
conn_any_live(void)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->state != CONN_OFFLINE && c->state != CONN_ERROR)
			return 1;
	}
	return 0;
}
