/*
 * Message history: rows are appended in batch transactions that
 * store_flush commits once per loop turn, and read back in windows.
 */
#include <stdint.h>
#include <string.h>

#include "log.h"
#include "store.h"
#include "store-int.h"
#include "topic.h"

/* Commit a message batch after this many rows to bound memory and WAL. */
#define STORE_BATCH_MAX	4096

#define STORE_MSG_COLS \
	"id, conn, dir, topic, payload, qos, retain, props, time_ms"

enum store_msg_stmt {
	STMT_MSG_ADD,
	STMT_MSG_ALL,
	STMT_MSG_CONN,
	STMT_MSG_TOPIC,
	STMT_MSG_CONN_TOPIC,
	STMT_MSG_SENT,
	STMT_MSG_COUNT,
	STMT_MSG_COUNT_CONN,
	STMT_MSG_GET,
	STMT_MSG_NEWER,
	STMT_MSG_NSTMTS
};

static const char *store_msg_sql[STMT_MSG_NSTMTS] = {
	[STMT_MSG_ADD] =
	"INSERT INTO messages (conn, dir, topic, payload, qos, retain, props,"
	" time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* ?1 conn, ?2 topic, ?3 before, ?4 limit (-1: none) in all four. */
	[STMT_MSG_ALL] =
	"SELECT " STORE_MSG_COLS " FROM messages"
	" WHERE id < ?3 ORDER BY id DESC LIMIT ?4",
	[STMT_MSG_CONN] =
	"SELECT " STORE_MSG_COLS " FROM messages"
	" WHERE conn = ?1 AND id < ?3 ORDER BY id DESC LIMIT ?4",
	[STMT_MSG_TOPIC] =
	"SELECT " STORE_MSG_COLS " FROM messages"
	" WHERE topic = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4",
	[STMT_MSG_CONN_TOPIC] =
	"SELECT " STORE_MSG_COLS " FROM messages"
	" WHERE conn = ?1 AND topic = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4",
	/* Walks messages_conn newest first; dir is checked per row. */
	[STMT_MSG_SENT] =
	"SELECT " STORE_MSG_COLS " FROM messages"
	" WHERE conn = ?1 AND id < ?2 AND dir = 1 ORDER BY id DESC LIMIT ?3",
	[STMT_MSG_COUNT] = "SELECT count(*) FROM messages",
	[STMT_MSG_COUNT_CONN] = "SELECT count(*) FROM messages WHERE conn = ?1",
	[STMT_MSG_GET] =
	"SELECT " STORE_MSG_COLS " FROM messages WHERE id = ?1",
	[STMT_MSG_NEWER] =
	"SELECT id, topic FROM messages WHERE conn = ?1 AND id > ?2"
	" ORDER BY id",
};

static sqlite3_stmt	*store_msg_stmts[STMT_MSG_NSTMTS];
static int		 store_batch;		/* rows in the open batch */
static int		 store_batch_failed;	/* warned about msg_add */
static int		 store_in_window;	/* guards the streamed select */

static sqlite3_stmt *
store_msg_stmt(enum store_msg_stmt which)
{
	return store_prepare(&store_msg_stmts[which], store_msg_sql[which]);
}

void
store_msg_close(void)
{
	store_flush();
	store_finalize(store_msg_stmts, STMT_MSG_NSTMTS);
	store_batch = 0;
	store_batch_failed = 0;
}

int64_t
store_msg_add(const struct msg *m)
{
	sqlite3_stmt	*stmt;
	int64_t		 id;
	int		 rc;

	if (store_db == NULL)
		return -1;
	if (!store_in_transaction()) {
		if (store_run(STMT_BEGIN) != 0)
			goto fail;
		store_batch = 0;
	}
	if ((stmt = store_msg_stmt(STMT_MSG_ADD)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, m->conn != NULL ? m->conn : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, m->dir);
	sqlite3_bind_text(stmt, 3, m->topic, -1, SQLITE_STATIC);
	/* A NULL or empty bind_blob would store NULL; keep a real blob. */
	if (m->len == 0 || m->payload == NULL)
		sqlite3_bind_zeroblob(stmt, 4, 0);
	else
		sqlite3_bind_blob64(stmt, 4, m->payload, m->len,
		    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, m->qos);
	sqlite3_bind_int(stmt, 6, m->retain);
	store_bind_text(stmt, 7, m->props);
	sqlite3_bind_int64(stmt, 8, m->time_ms);
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db);
	store_batch_failed = 0;

	if (++store_batch >= STORE_BATCH_MAX)
		store_flush();
	return id;

fail:
	/* Once per run of failures: this is called for every message. */
	if (!store_batch_failed)
		log_warn("storing message: %s", store_errmsg());
	store_batch_failed = 1;
	return -1;
}

void
store_flush(void)
{
	int	rc;

	store_batch = 0;
	if (!store_in_transaction())
		return;
	if (store_run(STMT_COMMIT) == 0)
		return;
	rc = sqlite3_errcode(store_db);
	log_warn("saving messages: %s", store_errmsg());
	/* Busy: keep the batch and retry next turn; else give it up. */
	if (rc != SQLITE_BUSY && store_in_transaction())
		store_run(STMT_ROLLBACK);
}

static void
store_msg_column(sqlite3_stmt *stmt, struct msg *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->conn = (const char *)sqlite3_column_text(stmt, 1);
	m->dir = sqlite3_column_int(stmt, 2) == MSG_OUT ? MSG_OUT : MSG_IN;
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
	if (m->conn == NULL)
		m->conn = "";
	if (m->topic == NULL)
		m->topic = "";
}

int
store_msg_window(const char *conn, const char *filter, int64_t before,
    int limit, void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt		*stmt;
	enum store_msg_stmt	 which;
	struct msg		 m;
	int			 wild, n = 0, rc = SQLITE_DONE;

	if (store_db == NULL || store_in_window)
		return -1;
	if (limit <= 0)
		return 0;
	if (filter != NULL && *filter == '\0')
		filter = NULL;
	wild = filter != NULL && strpbrk(filter, "+#") != NULL;

	/* Wildcards cannot use an index: scan by id and match in C. */
	if (filter == NULL || wild)
		which = conn != NULL ? STMT_MSG_CONN : STMT_MSG_ALL;
	else
		which = conn != NULL ? STMT_MSG_CONN_TOPIC : STMT_MSG_TOPIC;
	if ((stmt = store_msg_stmt(which)) == NULL)
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
		if (wild && !topic_match(filter, m.topic))
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
	log_warn("reading messages: %s", store_errmsg());
	return -1;
}

int
store_msg_sent(const char *conn, int64_t before, int limit,
    void (*fn)(const struct msg *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	struct msg	 m;
	int		 n = 0, rc = SQLITE_DONE;

	if (store_db == NULL || store_in_window || conn == NULL)
		return -1;
	if (limit <= 0)
		return 0;
	if ((stmt = store_msg_stmt(STMT_MSG_SENT)) == NULL)
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
	log_warn("reading sent messages: %s", store_errmsg());
	return -1;
}

int64_t
store_msg_count(const char *conn)
{
	sqlite3_stmt	*stmt;
	int64_t		 count = -1;

	stmt = store_msg_stmt(conn != NULL ? STMT_MSG_COUNT_CONN :
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

	if ((stmt = store_msg_stmt(STMT_MSG_GET)) == NULL)
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

	if ((stmt = store_msg_stmt(STMT_MSG_NEWER)) == NULL)
		return 0;
	sqlite3_bind_text(stmt, 1, conn, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, after);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		topic = (const char *)sqlite3_column_text(stmt, 1);
		if (filter == NULL || *filter == '\0' ||
		    (topic != NULL && topic_match(filter, topic))) {
			id = sqlite3_column_int64(stmt, 0);
			break;
		}
	}
	store_done(stmt);
	return id;
}
