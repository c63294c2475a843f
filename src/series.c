#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "series.h"
#include "spark.h"
#include "store.h"
#include "value.h"
#include "xmalloc.h"

struct series {
	char		*conn;
	char		*topic;
	int64_t		 id;		/* newest message read */
	uint64_t	 used;		/* for least recently used */
	char		*path;		/* NULL: no numbers */
	int		 cells;
	char		 spark[SERIES_READ * SPARK_CELL_BYTES + 1];
};

static struct series	series_cache[SERIES_CACHE];
static uint64_t		series_clock;

/* The rows as the store gives them, newest first. */
struct series_read {
	struct series	*s;
	double		 v[SERIES_READ];
	int		 n, numbers;
};

static void
series_row(const struct msg *m, void *arg)
{
	struct series_read	*r = arg;
	struct value		 v;

	if (r->n == 0 && r->s->id < m->id)
		r->s->id = m->id;
	if (m->dir != MSG_IN || r->n >= SERIES_READ)
		return;
	/* The newest message chooses the field. */
	if (r->s->path == NULL && r->n == 0)
		r->s->path = value_first_path(m->payload, m->len);
	if (r->s->path != NULL &&
	    value_get(m->payload, m->len, r->s->path, &v, NULL) == 0) {
		r->v[r->n++] = v.num;
		r->numbers++;
	} else
		r->v[r->n++] = NAN;
}

static void
series_read(struct series *s)
{
	struct series_read	r;
	double			t;
	int			i;

	memset(&r, 0, sizeof r);
	r.s = s;
	free(s->path);
	s->path = NULL;
	s->cells = 0;
	s->spark[0] = '\0';
	/* Published rows are skipped: read a few more than shown. */
	if (store_msg_window(s->conn, s->topic, 0, 2 * SERIES_READ,
	    series_row, &r) <= 0 || r.numbers < 2) {
		free(s->path);
		s->path = NULL;
		return;
	}
	for (i = 0; i < r.n / 2; i++) {
		t = r.v[i];
		r.v[i] = r.v[r.n - 1 - i];
		r.v[r.n - 1 - i] = t;
	}
	s->cells = (int)spark_render(r.v, r.n, SERIES_READ, s->spark,
	    sizeof s->spark);
}

static struct series *
series_find(const char *conn, const char *topic)
{
	int	i;

	for (i = 0; i < SERIES_CACHE; i++) {
		if (series_cache[i].topic != NULL &&
		    strcmp(series_cache[i].topic, topic) == 0 &&
		    strcmp(series_cache[i].conn, conn) == 0)
			return &series_cache[i];
	}
	return NULL;
}

/* An entry's newest message has no number: no sparkline, nothing read. */
static void
series_none(struct series *s, int64_t id)
{
	free(s->path);
	s->path = NULL;
	s->cells = 0;
	s->spark[0] = '\0';
	s->id = id;
}

int
series_update(const char *conn, const char *topic, int64_t id,
    const void *payload, size_t len)
{
	struct series	*s, *old = &series_cache[0];
	char		*path;
	int		 i;

	if (conn == NULL || topic == NULL)
		return 0;
	if ((s = series_find(conn, topic)) != NULL) {
		s->used = ++series_clock;
		if (id <= s->id)
			return 0;
	} else {
		for (i = 0; i < SERIES_CACHE; i++) {
			if (series_cache[i].topic == NULL) {
				old = &series_cache[i];
				break;
			}
			if (series_cache[i].used < old->used)
				old = &series_cache[i];
		}
		s = old;
		free(s->conn);
		free(s->topic);
		free(s->path);
		memset(s, 0, sizeof *s);
		s->conn = xstrdup(conn);
		s->topic = xstrdup(topic);
		s->used = ++series_clock;
	}
	if ((path = value_first_path(payload, len)) == NULL) {
		series_none(s, id);
		return 0;
	}
	free(path);
	series_read(s);
	if (s->id < id)
		s->id = id;
	return 1;
}

const char *
series_spark(const char *conn, const char *topic, int *cells)
{
	struct series	*s;

	*cells = 0;
	if (conn == NULL || topic == NULL ||
	    (s = series_find(conn, topic)) == NULL || s->path == NULL)
		return NULL;
	*cells = s->cells;
	return s->spark;
}

const char *
series_path(const char *conn, const char *topic)
{
	struct series	*s;

	if (conn == NULL || topic == NULL ||
	    (s = series_find(conn, topic)) == NULL)
		return NULL;
	return s->path;
}

void
series_free(void)
{
	int	i;

	for (i = 0; i < SERIES_CACHE; i++) {
		free(series_cache[i].conn);
		free(series_cache[i].topic);
		free(series_cache[i].path);
	}
	memset(series_cache, 0, sizeof series_cache);
}
