/* Writes what happens into the store: messages, confirmed subscriptions. */
#include <stdlib.h>

#include "conn.h"
#include "events.h"
#include "msg.h"
#include "record.h"
#include "store.h"

static void
record_event(const struct event *ev, void *arg)
{
	struct sub	*s;

	switch (ev->type) {
	case EV_MESSAGE:
		store_msg_add(ev->msg);
		if (ev->msg->dir == MSG_IN && ev->conn != NULL &&
		    (s = conn_sub_match(ev->conn, ev->msg->topic)) != NULL)
			s->count++;
		break;
	case EV_SUBSCRIBED:
		if (ev->conn->saved &&
		    (s = conn_sub_find(ev->conn, ev->topic)) != NULL)
			store_sub_save(ev->conn->name, s);
		break;
	case EV_UNSUBSCRIBED:
		if (!ev->conn->saved)
			break;
		/* A disabled subscription keeps its row; a removed one goes. */
		if ((s = conn_sub_find(ev->conn, ev->topic)) != NULL)
			store_sub_save(ev->conn->name, s);
		else
			store_sub_delete(ev->conn->name, ev->topic);
		break;
	default:
		break;
	}
}

static void
record_flush(void *arg)
{
	store_flush();
}

void
record_init(void)
{
	events_listen(record_event, NULL);
	loop_after_turn(record_flush, NULL);
}
