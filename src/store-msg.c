/*
 * Message history: the row insert the writer thread runs, and the windows
 * the loop reads back on its own connection (committed rows only).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "store.h"
#include "store-int.h"
#include "topic.h"
#include "xmalloc.h"

#define STORE_MSG_NCOLS	11	/* bound per row by the INSERTs */

/* A row as the views want it: ids turned back into names. */
#define STORE_MSG_SELECT \
	"SELECT h.id, c.name, h.dir, t.topic, h.payload, h.qos, h.retain," \
	" h.props, h.time_ms, h.mid, h.dup, h.will_of FROM history h" \
	" JOIN conns c ON c.id = h.conn_id JOIN topics t ON t.id = h.topic_id"
#define STORE_MSG_CONN_ID "(SELECT id FROM conns WHERE name = ?1)"

static const char *store_msg_sql[STMT_MSG_N] = {
	[STMT_MSG_ADD] =
	"INSERT INTO history (conn_id, topic_id, dir, payload, qos, retain,"
	" props, time_ms, mid, dup, will_of)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* ?1 conn, ?2 topic, ?3 before, ?4 limit (-1: none) in all four. */
	[STMT_MSG_ALL] =
	STORE_MSG_SELECT " WHERE h.id < ?3 ORDER BY h.id DESC LIMIT ?4",
	[STMT_MSG_CONN] =
	STORE_MSG_SELECT " WHERE h.conn_id = " STORE_MSG_CONN_ID
	" AND h.id < ?3 ORDER BY h.id DESC LIMIT ?4",
	[STMT_MSG_TOPIC] =
	STORE_MSG_SELECT " WHERE h.topic_id IN"
	" (SELECT id FROM topics WHERE topic = ?2)"
	" AND h.id < ?3 ORDER BY h.id DESC LIMIT ?4",
	[STMT_MSG_CONN_TOPIC] =
	STORE_MSG_SELECT " WHERE h.topic_id = (SELECT id FROM topics"
	" WHERE conn_id = " STORE_MSG_CONN_ID " AND topic = ?2)"
	" AND h.id < ?3 ORDER BY h.id DESC LIMIT ?4",
	/* Walks history_conn newest first; dir is checked per row. */
	[STMT_MSG_SENT] =
	STORE_MSG_SELECT " WHERE h.conn_id = " STORE_MSG_CONN_ID
	" AND h.id < ?2 AND h.dir = 1 ORDER BY h.id DESC LIMIT ?3",
	/* Messages only: connection events (dir 2) are not counted. */
	[STMT_MSG_COUNT] = "SELECT count(*) FROM history WHERE dir != 2",
	[STMT_MSG_COUNT_CONN] =
	"SELECT count(*) FROM history WHERE conn_id = " STORE_MSG_CONN_ID
	" AND dir != 2",
	[STMT_MSG_GET] = STORE_MSG_SELECT " WHERE h.id = ?1",
	[STMT_MSG_NEWER] =
	"SELECT h.id, t.topic, h.dir FROM history h JOIN topics t"
	" ON t.id = h.topic_id WHERE h.conn_id = " STORE_MSG_CONN_ID
	" AND h.id > ?2 ORDER BY h.id",
	/* The topics under a prefix (a tree node): a range of the index. */
	[STMT_MSG_SUBTREE] =
	"SELECT id FROM topics WHERE conn_id = " STORE_MSG_CONN_ID
	" AND topic >= ?2 AND topic < ?2 || '0'"
	" AND (topic = ?2 OR substr(topic, length(?2) + 1, 1) = '/')"
	" LIMIT ?3",
	[STMT_MSG_TOPIC_IDS] =
	"SELECT id FROM history WHERE topic_id = ?1 AND id < ?2"
	" ORDER BY id DESC LIMIT ?3",
};

static int	 store_in_window;	/* guards the streamed select */

static sqlite3_stmt *
store_msg_stmt(struct store_db *d, enum store_msg_stmt which)
{
	return store_prepare(d, &d->msg[which], store_msg_sql[which]);
}

/*
 * Bind one row at parameter i + 1, its topic's id in *topic_id; 0, or -1
 * if its ids can't be had.
 */
static int
store_msg_bind(struct store_db *d, sqlite3_stmt *stmt, int i,
    const struct msg *m, int64_t *topic_id_out)
{
	int64_t	conn_id, topic_id;

	if (store_topic_ids(d, m->conn != NULL ? m->conn : "", m->topic,
	    &conn_id, &topic_id) != 0)
		return -1;
	if (m->dir != MSG_EVENT)
		store_retain_added(conn_id, m->len);
	*topic_id_out = topic_id;
	sqlite3_bind_int64(stmt, i + 1, conn_id);
	sqlite3_bind_int64(stmt, i + 2, topic_id);
	sqlite3_bind_int(stmt, i + 3, m->dir);
	/* A NULL or empty bind_blob would store NULL; keep a real blob. */
	if (m->len == 0 || m->payload == NULL)
		sqlite3_bind_zeroblob(stmt, i + 4, 0);
	else
		sqlite3_bind_blob64(stmt, i + 4, m->payload, m->len,
		    SQLITE_STATIC);
	sqlite3_bind_int(stmt, i + 5, m->qos);
	sqlite3_bind_int(stmt, i + 6, m->retain);
	store_bind_text(stmt, i + 7, m->props);
	sqlite3_bind_int64(stmt, i + 8, m->time_ms);
	if (m->mid > 0)
		sqlite3_bind_int(stmt, i + 9, m->mid);
	else
		sqlite3_bind_null(stmt, i + 9);
	sqlite3_bind_int(stmt, i + 10, m->dup);
	store_bind_text(stmt, i + 11, m->will_of);
	return 0;
}

/*
 * INSERTs of many rows at once: one statement (and one AUTOINCREMENT
 * bookkeeping) for many rows costs a fraction of one a row in a flood.
 * A batch goes in as runs of 256, then 16, then single rows.
 */
static const int store_msg_many[2] = { 256, 16 };

static sqlite3_stmt *
store_msg_many_stmt(struct store_db *d, int which)
{
	struct buf	b;
	sqlite3_stmt	*stmt;
	int		 i, j;

	if (d->many[which] != NULL)
		return d->many[which];
	buf_init(&b);
	buf_adds(&b, "INSERT INTO history (conn_id, topic_id, dir, payload,"
	    " qos, retain, props, time_ms, mid, dup, will_of) VALUES ");
	for (i = 0; i < store_msg_many[which]; i++) {
		buf_adds(&b, i == 0 ? "(" : ", (");
		for (j = 0; j < STORE_MSG_NCOLS; j++)
			buf_addf(&b, j == 0 ? "?%d" : ", ?%d",
			    i * STORE_MSG_NCOLS + j + 1);
		buf_addc(&b, ')');
	}
	stmt = store_prepare(d, &d->many[which], buf_str(&b));
	buf_free(&b);
	return stmt;
}

/*
 * n rows into the writer's open transaction, in order, and their topics'
 * stats: 0, or -1. The rows of one INSERT get consecutive ids (one
 * writer, AUTOINCREMENT), the last of them last_insert_rowid.
 */
int
store_msg_insert(struct store_db *d, const struct msg **v, size_t n)
{
	sqlite3_stmt	*stmt;
	int64_t		 topic_ids[256], last;
	size_t		 i = 0;
	int		 k, w, run, rc, full = 0;

	while (i < n) {
		stmt = NULL;
		run = 1;
		for (w = 0; w < 2 && stmt == NULL; w++) {
			if (n - i >= (size_t)store_msg_many[w] &&
			    (stmt = store_msg_many_stmt(d, w)) != NULL)
				run = store_msg_many[w];
		}
		if (stmt == NULL &&
		    (stmt = store_msg_stmt(d, STMT_MSG_ADD)) == NULL)
			return -1;
		for (k = 0; k < run; k++) {
			if (store_msg_bind(d, stmt, k * STORE_MSG_NCOLS,
			    v[i + k], &topic_ids[k]) != 0)
				goto fail;
		}
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return -1;
		last = sqlite3_last_insert_rowid(d->db);
		for (k = 0; k < run; k++)
			full |= store_topic_stats_add(topic_ids[k],
			    last - run + 1 + k, v[i + k]);
		i += run;
		if (full && store_topic_stats_write(d) != 0)
			return -1;
		full = 0;
	}
	return store_topic_stats_write(d);
fail:
	sqlite3_reset(stmt);
	return -1;
}

static void
store_msg_column(sqlite3_stmt *stmt, struct msg *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->conn = (const char *)sqlite3_column_text(stmt, 1);
	switch (sqlite3_column_int(stmt, 2)) {
	case MSG_OUT:
		m->dir = MSG_OUT;
		break;
	case MSG_EVENT:
		m->dir = MSG_EVENT;
		break;
	default:
		m->dir = MSG_IN;
		break;
	}
	m->topic = (const char *)sqlite3_column_text(stmt, 3);
	/* Fetch the blob before its size, as SQLite asks. */
	m->payload = sqlite3_column_blob(stmt, 4);
	m->len = (size_t)sqlite3_column_bytes(stmt, 4);
	if (m->payload == NULL) {
		m->payload = "";
		m->len = 0;
	}
	m->qos = sqlite3_column_int(stmt, 5);
	m->retain = sqlite3_column_int(stmt, 6);
	m->props = (const char *)sqlite3_column_text(stmt, 7);
	m->time_ms = sqlite3_column_int64(stmt, 8);
	m->mid = sqlite3_column_int(stmt, 9);
	m->dup = sqlite3_column_int(stmt, 10);
	m->will_of = (const char *)sqlite3_column_text(stmt, 11);
	if (m->conn == NULL)
		m->conn = "";
	if (m->topic == NULL)
		m->topic = "";
}

/*
 * "P/#" over few topics (a node of the topic tree): the newest ids of
 * each topic by its index, merged, then those rows by id. Bounded by the
 * topics times the limit, where a scan of the connection's history would
 * read all of it for a node that rarely gets a message. Returns the
 * rows, or -2 when the filter is not of that kind or has many topics.
 */
#define STORE_MSG_SUBTREE_MAX	64

static int
store_msg_cmp_desc(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int
store_msg_subtree(const char *conn, const char *filter, int64_t before,
    int limit, void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	int64_t		 topics[STORE_MSG_SUBTREE_MAX + 1], *ids;
	size_t		 len = strlen(filter), nids = 0, i;
	char		*prefix;
	int		 ntopics = 0, n = 0, t, rc;

	if (conn == NULL || len < 3 || strcmp(filter + len - 2, "/#") != 0 ||
	    strpbrk(filter, "+") != NULL || memchr(filter, '#', len - 1))
		return -2;
	if ((stmt = store_msg_stmt(&store_rd, STMT_MSG_SUBTREE)) == NULL)
		return -1;
	prefix = xstrndup(filter, len - 2);
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, STORE_MSG_SUBTREE_MAX + 1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		topics[ntopics++] = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	free(prefix);
	if (rc != SQLITE_DONE)
		return -1;
	if (ntopics > STORE_MSG_SUBTREE_MAX)
		return -2;
	if ((stmt = store_msg_stmt(&store_rd, STMT_MSG_TOPIC_IDS)) == NULL)
		return -1;
	ids = xcalloc((size_t)ntopics * limit + 1, sizeof *ids);
	for (t = 0; t < ntopics; t++) {
		sqlite3_bind_int64(stmt, 1, topics[t]);
		sqlite3_bind_int64(stmt, 2, before > 0 ? before : INT64_MAX);
		sqlite3_bind_int(stmt, 3, limit);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			ids[nids++] = sqlite3_column_int64(stmt, 0);
		store_done(stmt);
		if (rc != SQLITE_DONE) {
			free(ids);
			return -1;
		}
	}
	qsort(ids, nids, sizeof *ids, store_msg_cmp_desc);
	for (i = 0; i < nids && n < limit; i++) {
		if ((rc = store_msg_get(ids[i], fn, arg)) < 0)
			break;
		n += rc;
	}
	free(ids);
	return rc < 0 ? -1 : n;
}

int
store_msg_window(const char *conn, const char *filter, int64_t before,
    int limit, void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt		*stmt;
	enum store_msg_stmt	 which;
	struct msg		 m;
	int			 wild, n = 0, sub, rc = SQLITE_DONE;

	if (store_rd.db == NULL || store_in_window)
		return -1;
	if (limit <= 0)
		return 0;
	if (filter != NULL && *filter == '\0')
		filter = NULL;
	/* A shared subscription's messages have the topics of its filter. */
	if (filter != NULL)
		filter = topic_unshare(filter);
	wild = filter != NULL && strpbrk(filter, "+#") != NULL;
	if (wild && (sub = store_msg_subtree(conn, filter, before, limit, fn,
	    arg)) != -2) {
		if (sub < 0)
			goto fail;
		return sub;
	}

	/* Wildcards cannot use an index: scan by id and match in C. */
	if (filter == NULL || wild)
		which = conn != NULL ? STMT_MSG_CONN : STMT_MSG_ALL;
	else
		which = conn != NULL ? STMT_MSG_CONN_TOPIC : STMT_MSG_TOPIC;
	if ((stmt = store_msg_stmt(&store_rd, which)) == NULL)
		goto fail;
	if (conn != NULL)
		sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	if (filter != NULL && !wild)
		sqlite3_bind_text(stmt, 2, filter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int(stmt, 4, wild ? -1 : limit);

	store_in_window = 1;
	while (n < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		store_msg_column(stmt, &m);
		/* "+" matches the "" of an event row: events are not topics. */
		if (wild && (m.dir == MSG_EVENT ||
		    !topic_match(filter, m.topic)))
			continue;
		fn(&m, arg);
		n++;
	}
	store_in_window = 0;
	if (n < limit && rc != SQLITE_DONE) {
		store_done(stmt);
		goto fail;
	}
	store_done(stmt);
	return n;

fail:
	store_read_failed("reading messages", NULL);
	return -1;
}

int
store_msg_sent(const char *conn, int64_t before, int limit,
    void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	struct msg	 m;
	int		 n = 0, rc = SQLITE_DONE;

	if (store_rd.db == NULL || store_in_window || conn == NULL)
		return -1;
	if (limit <= 0)
		return 0;
	if ((stmt = store_msg_stmt(&store_rd, STMT_MSG_SENT)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int(stmt, 3, limit);

	store_in_window = 1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		store_msg_column(stmt, &m);
		fn(&m, arg);
		n++;
	}
	store_in_window = 0;
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return n;

fail:
	store_read_failed("reading sent messages", NULL);
	return -1;
}

int64_t
store_msg_count(const char *conn)
{
	sqlite3_stmt	*stmt;
	int64_t		 count = -1;

	stmt = store_msg_stmt(&store_rd, conn != NULL ? STMT_MSG_COUNT_CONN :
	    STMT_MSG_COUNT);
	if (stmt == NULL)
		return -1;
	if (conn != NULL)
		sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		count = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return count;
}

int
store_msg_get(int64_t id, void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	struct msg	 m;
	int		 found = 0;

	if ((stmt = store_msg_stmt(&store_rd, STMT_MSG_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		store_msg_column(stmt, &m);
		fn(&m, arg);
		found = 1;
	}
	store_done(stmt);
	return found;
}

/* The next message after an id: how a view scrolls towards the newest. */
int64_t
store_msg_newer(const char *conn, const char *filter, int64_t after)
{
	sqlite3_stmt	*stmt;
	const char	*topic;
	int64_t		 id = 0;

	if ((stmt = store_msg_stmt(&store_rd, STMT_MSG_NEWER)) == NULL)
		return 0;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, after);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		topic = (const char *)sqlite3_column_text(stmt, 1);
		if (filter == NULL || *filter == '\0' ||
		    (topic != NULL && sqlite3_column_int(stmt, 2) !=
		    MSG_EVENT && topic_match(filter, topic))) {
			id = sqlite3_column_int64(stmt, 0);
			break;
		}
	}
	store_done(stmt);
	return id;
}

/* An integer from a one-row query with one parameter: 1, 0 no row, -1. */
int
store_int(struct store_db *d, const char *sql, int64_t a, int64_t *out)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(d->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, a);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The first history id stored at or after t (ms since the epoch), or the
 * newest id + 1: ids grow with arrival time, so a binary search over ids
 * turns a time into an id bound.
 */
int64_t
store_id_at(struct store_db *d, int64_t t)
{
	int64_t	lo = 1, hi = 0, mid, id, ms;

	if (store_int(d, "SELECT max(id) FROM history WHERE ?1 = ?1", 0,
	    &hi) < 0)
		return 0;
	/* Invariant: rows below lo are before t; from hi on, not. */
	for (hi++; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (store_int(d, "SELECT id FROM history WHERE id >= ?1"
		    " ORDER BY id LIMIT 1", mid, &id) != 1 || id >= hi) {
			hi = mid;
			continue;
		}
		if (store_int(d, "SELECT time_ms FROM history WHERE id = ?1",
		    id, &ms) == 1 && ms < t)
			lo = id + 1;
		else
			hi = mid;
	}
	return lo;
}
