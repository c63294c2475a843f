/* Recent wills of dropped connections, in a small ring (see will.h). */
#include <stdlib.h>
#include <string.h>

#include "will.h"
#include "xmalloc.h"

struct will {
	char	*conn;
	char	*topic;
	void	*payload;
	size_t	 len;
	int64_t	 from;
	int64_t	 until;
};

static struct will	will_ring[WILL_RING];
static int		will_next;

static void
will_free(struct will *w)
{
	free(w->conn);
	free(w->topic);
	free(w->payload);
	memset(w, 0, sizeof *w);
}

void
will_note(const char *conn, const char *topic, const void *payload,
    size_t len, int64_t now, int64_t window)
{
	struct will	*w;
	int		 i;

	/* A connection dropped again: its older entry goes. */
	for (i = 0; i < WILL_RING; i++) {
		if (will_ring[i].conn != NULL &&
		    strcmp(will_ring[i].conn, conn) == 0)
			will_free(&will_ring[i]);
	}
	w = &will_ring[will_next];
	will_next = (will_next + 1) % WILL_RING;
	will_free(w);
	w->conn = xstrdup(conn);
	w->topic = xstrdup(topic);
	w->payload = xmemdup(len > 0 ? payload : "", len + 1);
	w->len = len;
	w->from = now;
	w->until = now + window;
}

const char *
will_match(const char *topic, const void *payload, size_t len, int64_t now)
{
	struct will	*w;
	int		 i;

	for (i = 0; i < WILL_RING; i++) {
		w = &will_ring[i];
		if (w->conn == NULL)
			continue;
		if (now > w->until) {
			will_free(w);
			continue;
		}
		if (now >= w->from && w->len == len &&
		    strcmp(w->topic, topic) == 0 &&
		    (len == 0 || memcmp(w->payload, payload, len) == 0))
			return w->conn;
	}
	return NULL;
}

void
will_clear(void)
{
	int	i;

	for (i = 0; i < WILL_RING; i++)
		will_free(&will_ring[i]);
	will_next = 0;
}
