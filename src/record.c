/*
 * Writes what happens into the store (messages, confirmed subscriptions)
 * and tells the rest of the program how the writing goes: EV_STORED when
 * rows are committed, EV_HISTORY when writes are held back or go through
 * again.
 */
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "engine.h"
#include "events.h"
#include "loop.h"
#include "msg.h"
#include "record.h"
#include "store.h"
#include "xmalloc.h"

static struct {
	uint64_t	 committed;
	char		*reason;	/* writes held back: why */
} record;

static void
record_sub_done(void *arg, int ok, const char *reason)
{
	char	*what = arg;

	if (!ok)
		events_error(NULL, "%s: %s", what, reason);
	free(what);
}

static void
record_event(const struct event *ev, void *arg)
{
	struct sub	*s;
	char		*what;

	switch (ev->type) {
	case EV_MESSAGE:
		store_msg_add(ev->msg);
		if (ev->msg->dir == MSG_IN && ev->conn != NULL &&
		    (s = conn_sub_match(ev->conn, ev->msg->topic)) != NULL)
			s->count++;
		break;
	case EV_SUBSCRIBED:
		if (ev->conn->saved &&
		    (s = conn_sub_find(ev->conn, ev->topic)) != NULL) {
			what = xasprintf("saving subscription %s of %s",
			    ev->topic, ev->conn->name);
			store_sub_save(ev->conn->name, s, record_sub_done,
			    what);
		}
		break;
	case EV_UNSUBSCRIBED:
		if (!ev->conn->saved)
			break;
		/* A disabled subscription keeps its row; a removed one goes. */
		what = xasprintf("saving subscription %s of %s", ev->topic,
		    ev->conn->name);
		if ((s = conn_sub_find(ev->conn, ev->topic)) != NULL)
			store_sub_save(ev->conn->name, s, record_sub_done,
			    what);
		else
			store_sub_delete(ev->conn->name, ev->topic,
			    record_sub_done, what);
		break;
	default:
		break;
	}
}

static void
record_state(const struct store_state *st, void *arg)
{
	struct event	ev = { .type = EV_HISTORY };

	if (st->committed != record.committed) {
		record.committed = st->committed;
		ev.type = EV_STORED;
		events_emit(&ev);
	}
	if ((st->reason == NULL) == (record.reason == NULL) &&
	    (st->reason == NULL || strcmp(st->reason, record.reason) == 0))
		return;
	free(record.reason);
	record.reason = st->reason != NULL ? xstrdup(st->reason) : NULL;
	ev.type = EV_HISTORY;
	ev.reason = record.reason;
	ev.count = st->waiting;
	events_emit(&ev);
}

static void
record_poll(void *arg)
{
	store_poll();
}

static void
record_turn(void *arg)
{
	store_msg_flush();
}

/* On the writer thread: only wake the loop. */
static void
record_wake(void)
{
	loop_wake(record_poll, NULL);
}

static uint64_t
record_committed(void)
{
	return record.committed;
}

void
record_init(void)
{
	events_listen(record_event, NULL);
	store_on_state(record_state, NULL);
	store_set_wake(record_wake);
	loop_after_turn(record_turn, NULL);
	engine_set_store(store_msg_last, record_committed);
	engine_add_room(store_msg_room);
}

const char *
record_delayed(void)
{
	return record.reason;
}

void
record_free(void)
{
	free(record.reason);
	record.reason = NULL;
}
