/*
 * Sparkplug aliases are named by the node's or device's BIRTH: the newest
 * message on its BIRTH topic before the one decoded, read from the store
 * (the history_topic index: one row).
 */
#include <stdint.h>

#include "buf.h"
#include "decode.h"
#include "msg.h"
#include "store.h"

struct decode_birth_found {
	struct decode_birth	*b;
	struct buf		*keep;
};

static void
decode_birth_copy(const struct msg *m, void *arg)
{
	struct decode_birth_found	*f = arg;

	buf_reset(f->keep);
	buf_add(f->keep, m->payload, m->len);
	f->b->id = m->id;
	f->b->payload = f->keep->p != NULL ? f->keep->p : "";
	f->b->len = m->len;
}

int
decode_birth_find(const char *topic, int64_t before, struct decode_birth *b,
    void *conn)
{
	static struct buf		keep;	/* the newest BIRTH read */
	struct decode_birth_found	f = { b, &keep };

	b->id = 0;
	if (conn == NULL || store_msg_window(conn, topic, before, 1,
	    decode_birth_copy, &f) != 1 || b->id == 0)
		return -1;
	return 0;
}
