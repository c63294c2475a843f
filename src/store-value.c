/*
 * Numbers out of history for plots. A SQL function, mqtty_value(payload,
 * path), takes the number value_get finds (NULL when none), so SQLite
 * groups a window of one topic's rows into time buckets itself and the
 * loop gets one row a bucket, never the rows.
 */
#include <stdint.h>
#include <string.h>

#include "log.h"
#include "plot.h"
#include "store.h"
#include "store-int.h"
#include "value.h"

static const char *store_value_sql[STMT_VALUE_N] = {
	/*
	 * ?1 conn, ?2 topic, ?3 from, ?4 span, ?5 buckets, ?6 path. The
	 * bucket is the integer (time - from) * nb / span, as in plot.c.
	 */
	[STMT_VALUE_BUCKETS] =
	"SELECT (time_ms - ?3) * ?5 / ?4 AS b, min(v), max(v), sum(v),"
	" count(v) FROM (SELECT h.time_ms AS time_ms,"
	" mqtty_value(h.payload, ?6) AS v FROM history h"
	" WHERE h.topic_id = (SELECT id FROM topics WHERE conn_id ="
	" (SELECT id FROM conns WHERE name = ?1) AND topic = ?2)"
	" AND h.dir = 0 AND h.time_ms >= ?3 AND h.time_ms < ?3 + ?4)"
	" WHERE v IS NOT NULL GROUP BY b",
	[STMT_VALUE_FIRST] =
	"SELECT h.time_ms FROM history h WHERE h.topic_id = (SELECT id"
	" FROM topics WHERE conn_id = (SELECT id FROM conns WHERE name = ?1)"
	" AND topic = ?2) AND h.dir = 0 ORDER BY h.id LIMIT 1",
};

static void
store_value_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct value	 v;
	const void	*p;
	const char	*path;
	int		 n;

	p = sqlite3_value_blob(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	path = (const char *)sqlite3_value_text(argv[1]);
	if (p == NULL || path == NULL ||
	    value_get(p, (size_t)n, path, &v, NULL) != 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_double(ctx, v.num);
}

static sqlite3_stmt *
store_value_stmt(enum store_value_stmt which)
{
	static sqlite3	*registered;

	if (store_rd.db == NULL)
		return NULL;
	if (registered != store_rd.db) {
		if (sqlite3_create_function_v2(store_rd.db, "mqtty_value", 2,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, store_value_fn,
		    NULL, NULL, NULL) != SQLITE_OK)
			return NULL;
		registered = store_rd.db;
	}
	return store_prepare(&store_rd, &store_rd.value[which],
	    store_value_sql[which]);
}

long
store_value_buckets(const char *conn, const char *topic, const char *path,
    int64_t from, int64_t span, int nb, struct plot_bucket *b)
{
	sqlite3_stmt	*stmt;
	long		 total = 0;
	int64_t		 i;
	int		 rc;

	if (nb <= 0)
		return 0;
	memset(b, 0, (size_t)nb * sizeof *b);
	if (span <= 0)
		return 0;
	if ((stmt = store_value_stmt(STMT_VALUE_BUCKETS)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, topic, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, from);
	sqlite3_bind_int64(stmt, 4, span);
	sqlite3_bind_int(stmt, 5, nb);
	sqlite3_bind_text(stmt, 6, path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		i = sqlite3_column_int64(stmt, 0);
		if (i < 0 || i >= nb)
			continue;
		b[i].min = sqlite3_column_double(stmt, 1);
		b[i].max = sqlite3_column_double(stmt, 2);
		b[i].sum = sqlite3_column_double(stmt, 3);
		b[i].n = (long)sqlite3_column_int64(stmt, 4);
		total += b[i].n;
	}
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return total;

fail:
	store_read_failed("reading values of", topic);
	return -1;
}

int64_t
store_value_first(const char *conn, const char *topic)
{
	sqlite3_stmt	*stmt;
	int64_t		 t = 0;

	if ((stmt = store_value_stmt(STMT_VALUE_FIRST)) == NULL)
		return 0;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, topic, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		t = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return t;
}
