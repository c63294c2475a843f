/*
 * What the topic tree reads, on the loop's connection: a connection's
 * topics with their stats (those changed since a row id, by the
 * topics_changed index) and the start of one history row's payload for
 * a preview. Never a scan of history. (Sparklines: series.h.)
 */
#include <stdint.h>
#include <string.h>

#include "store.h"
#include "store-int.h"
#include "tree.h"

static const char *store_tree_sql[STMT_TREE_N] = {
	[STMT_TREE_TOPICS] =
	/* Topic '' holds the connection's events, not a topic. */
	"SELECT id, topic, msgs, last_id, last_ms, last_retain, retained,"
	" minute, in_minute, in_prev FROM topics"
	" WHERE conn_id = (SELECT id FROM conns WHERE name = ?1)"
	" AND last_id > ?2 AND topic <> '' ORDER BY last_id",
	[STMT_TREE_PREVIEW] =
	"SELECT substr(payload, 1, ?2), length(payload) FROM history"
	" WHERE id = ?1",
};

static sqlite3_stmt *
store_tree_stmt(enum store_tree_stmt which)
{
	return store_prepare(&store_rd, &store_rd.tree[which],
	    store_tree_sql[which]);
}

int
store_tree_topics(const char *conn, int64_t since,
    void (*fn)(const struct tree_topic *, void *), void *arg)
{
	sqlite3_stmt		*stmt;
	struct tree_topic	 r;
	int			 n = 0, rc;

	if ((stmt = store_tree_stmt(STMT_TREE_TOPICS)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(stmt, 0);
		r.topic = (const char *)sqlite3_column_text(stmt, 1);
		if (r.topic == NULL)
			r.topic = "";
		r.msgs = sqlite3_column_int64(stmt, 2);
		r.last_id = sqlite3_column_int64(stmt, 3);
		r.last_ms = sqlite3_column_int64(stmt, 4);
		r.last_retain = sqlite3_column_int(stmt, 5);
		r.retained = sqlite3_column_int(stmt, 6);
		r.minute = sqlite3_column_int64(stmt, 7);
		r.in_minute = sqlite3_column_int64(stmt, 8);
		r.in_prev = sqlite3_column_int64(stmt, 9);
		fn(&r, arg);
		n++;
	}
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return n;
fail:
	store_read_failed("reading topics of", conn);
	return -1;
}

int
store_tree_preview(int64_t id, void *buf, size_t size, size_t *len,
    size_t *total)
{
	sqlite3_stmt	*stmt;
	const void	*p;
	size_t		 n;
	int		 found = 0;

	*len = *total = 0;
	if ((stmt = store_tree_stmt(STMT_TREE_PREVIEW)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)size);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		p = sqlite3_column_blob(stmt, 0);
		n = (size_t)sqlite3_column_bytes(stmt, 0);
		if (n > size)
			n = size;
		if (p != NULL)
			memcpy(buf, p, n);
		*len = n;
		*total = (size_t)sqlite3_column_int64(stmt, 1);
		found = 1;
	}
	store_done(stmt);
	return found;
}
