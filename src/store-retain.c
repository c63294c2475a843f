/*
 * Retention: at most so many messages, bytes of payload, or so old, per
 * connection or over all history. The writer applies the rules between
 * its writes, a batch of STORE_RETAIN_BATCH rows per transaction, so
 * arrivals are never held up long and the loop never waits. Row and byte
 * totals are counted once, then kept up to date as rows come and go.
 * Also the space history takes: the file's size, and VACUUM.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

#define STORE_RETAIN_BATCH	4096	/* as many as a write may add */
#define STORE_RETAIN_RULES	64
#define STORE_RETAIN_AGE_MS	1000	/* how often age is looked at */

struct store_rule {
	char		*conn;		/* "" : all history */
	int64_t		 conn_id;	/* 0: all, -1: not known yet */
	struct store_retention	 r;
	int		 counted;	/* rows and bytes known */
	int64_t		 rows, bytes;
};

static struct {
	struct store_rule	 v[STORE_RETAIN_RULES];
	int			 n;
	int			 loaded;
	int64_t			 age_at;	/* monotonic ms of the last look */
} sr;

static int64_t
store_retain_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
store_retain_clear(void)
{
	int	i;

	for (i = 0; i < sr.n; i++)
		free(sr.v[i].conn);
	sr.n = 0;
}

void
store_retain_close(void)
{
	store_retain_clear();
	sr.loaded = 0;
}

/* After a rollback the totals may count rows that are not there. */
void
store_retain_forget(void)
{
	int	i;

	for (i = 0; i < sr.n; i++) {
		sr.v[i].counted = 0;
		if (sr.v[i].conn[0] != '\0')
			sr.v[i].conn_id = -1;
	}
}

static int
store_retain_load(struct store_db *d)
{
	sqlite3_stmt		*stmt;
	struct store_rule	*u;
	const char		*conn;

	store_retain_clear();
	if (sqlite3_prepare_v2(d->db, "SELECT conn, max_messages, max_bytes,"
	    " max_age_ms FROM retention", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW && sr.n < STORE_RETAIN_RULES) {
		u = &sr.v[sr.n++];
		memset(u, 0, sizeof *u);
		conn = (const char *)sqlite3_column_text(stmt, 0);
		u->conn = xstrdup(conn != NULL ? conn : "");
		u->conn_id = *u->conn == '\0' ? 0 : -1;
		u->r.max_messages = sqlite3_column_int64(stmt, 1);
		u->r.max_bytes = sqlite3_column_int64(stmt, 2);
		u->r.max_age_ms = sqlite3_column_int64(stmt, 3);
	}
	sqlite3_finalize(stmt);
	sr.loaded = 1;
	return 0;
}

/* Rows were written: keep the totals of the rules they fall under. */
void
store_retain_added(int64_t conn_id, size_t len)
{
	struct store_rule	*u;
	int			 i;

	for (i = 0; i < sr.n; i++) {
		u = &sr.v[i];
		if (u->counted && (u->conn_id == 0 || u->conn_id == conn_id)) {
			u->rows++;
			u->bytes += (int64_t)len;
		}
	}
}

static int
store_retain_count(struct store_db *d, struct store_rule *u)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (u->conn_id < 0) {
		sqlite3_stmt	*s;

		if (sqlite3_prepare_v2(d->db, "SELECT id FROM conns WHERE"
		    " name = ?1", -1, &s, NULL) != SQLITE_OK)
			return -1;
		sqlite3_bind_text(s, 1, u->conn, -1, SQLITE_STATIC);
		u->conn_id = sqlite3_step(s) == SQLITE_ROW ?
		    sqlite3_column_int64(s, 0) : -1;
		sqlite3_finalize(s);
		if (u->conn_id < 0)
			return 0;	/* no history under that name yet */
	}
	if (sqlite3_prepare_v2(d->db, "SELECT count(*), total(length(payload))"
	    " FROM history WHERE dir < 2 AND (?1 = 0 OR conn_id = ?1)", -1,
	    &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, u->conn_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		u->rows = sqlite3_column_int64(stmt, 0);
		u->bytes = (int64_t)sqlite3_column_double(stmt, 1);
		u->counted = 1;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * Delete up to a batch of the rule's oldest rows: those below id bound,
 * then more while the rule has too many rows or bytes. Rows done.
 */
static int
store_retain_delete(struct store_db *d, struct store_rule *u, int64_t bound)
{
	sqlite3_stmt	*sel, *del, *topic;
	int64_t		 id;
	int		 n = 0, len, rc, dir;

	if (sqlite3_prepare_v2(d->db, "SELECT id, length(payload), dir,"
	    " topic_id FROM history WHERE (?1 = 0 OR conn_id = ?1)"
	    " ORDER BY id LIMIT ?2", -1, &sel, NULL) != SQLITE_OK)
		return -1;
	/* The topic tree's counts lose the row too. */
	if (sqlite3_prepare_v2(d->db, "DELETE FROM history WHERE id = ?1",
	    -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(d->db, "UPDATE topics SET msgs = msgs - 1"
	    " WHERE id = ?1 AND msgs > 0", -1, &topic, NULL) != SQLITE_OK) {
		sqlite3_finalize(sel);
		sqlite3_finalize(del);
		return -1;
	}
	sqlite3_bind_int64(sel, 1, u->conn_id);
	sqlite3_bind_int(sel, 2, STORE_RETAIN_BATCH);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		id = sqlite3_column_int64(sel, 0);
		len = sqlite3_column_int(sel, 1);
		dir = sqlite3_column_int(sel, 2);
		if (id >= bound && dir < 2 &&
		    (u->r.max_messages <= 0 || u->rows <= u->r.max_messages) &&
		    (u->r.max_bytes <= 0 || u->bytes <= u->r.max_bytes))
			break;
		if (dir < 2 && store_fts_forget(d, id) != 0) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(del, 1, id);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		if (rc != SQLITE_DONE)
			break;
		sqlite3_bind_int64(topic, 1, sqlite3_column_int64(sel, 3));
		rc = sqlite3_step(topic);
		sqlite3_reset(topic);
		if (rc != SQLITE_DONE)
			break;
		if (dir < 2) {
			u->rows--;
			u->bytes -= len;
		}
		n++;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	sqlite3_finalize(topic);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return n;
}

/*
 * Over a bound? While rows keep coming (busy) only by a slack of 1/64,
 * so a trim is a batch, not a transaction for every write; idle, exactly.
 */
static int
store_retain_over(const struct store_rule *u, int busy)
{
	int64_t	m = u->r.max_messages, b = u->r.max_bytes;

	if (busy) {
		m += m / 64 + 16;
		b += b / 64 + 4096;
	}
	return (u->r.max_messages > 0 && u->rows > m) ||
	    (u->r.max_bytes > 0 && u->bytes > b);
}

/* Other rules' totals lose what one rule deleted: count them again. */
static void
store_retain_recount_others(struct store_rule *done)
{
	int	i;

	for (i = 0; i < sr.n; i++) {
		if (&sr.v[i] != done)
			sr.v[i].counted = 0;
	}
}

/*
 * One batch of retention work in its own transaction (writer thread):
 * rows deleted, 0 when every rule holds, -1 on error.
 */
int
store_retain_step(struct store_db *d, int busy)
{
	struct store_rule	*u;
	int64_t			 bound, now = store_retain_ms();
	int			 i, n = 0, age;

	if (!sr.loaded && store_retain_load(d) != 0)
		return -1;
	age = now - sr.age_at >= STORE_RETAIN_AGE_MS;
	for (i = 0; i < sr.n && n == 0; i++) {
		u = &sr.v[i];
		if (!u->counted && store_retain_count(d, u) != 0)
			return -1;
		if (!u->counted)
			continue;
		bound = 0;
		if (u->r.max_age_ms > 0 && age)
			bound = store_id_at(d, time(NULL) * 1000LL -
			    u->r.max_age_ms);
		if (bound == 0 && !store_retain_over(u, busy))
			continue;
		if (store_begin(d) != 0)
			return -1;
		if ((n = store_retain_delete(d, u, bound)) < 0 ||
		    store_commit(d) != 0) {
			store_rollback(d);
			store_retain_forget();
			return -1;
		}
		if (n > 0)
			store_retain_recount_others(u);
	}
	if (n == 0 && age)
		sr.age_at = now;
	return n;
}

/* A rule set or removed: in the table, and in force at once. */
struct store_retain_arg {
	char			*conn;
	struct store_retention	 r;
};

static void
store_retain_free_arg(void *arg)
{
	struct store_retain_arg	*a = arg;

	free(a->conn);
	free(a);
}

static int
store_retain_set_job(struct store_db *d, void *arg, char **err)
{
	struct store_retain_arg	*a = arg;
	sqlite3_stmt		*stmt;
	int			 off, rc;

	off = a->r.max_messages <= 0 && a->r.max_bytes <= 0 &&
	    a->r.max_age_ms <= 0;
	if (sqlite3_prepare_v2(d->db, off ?
	    "DELETE FROM retention WHERE conn = ?1" :
	    "INSERT OR REPLACE INTO retention (conn, max_messages, max_bytes,"
	    " max_age_ms) VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL) !=
	    SQLITE_OK) {
		*err = store_strerr(d, "saving retention");
		return -1;
	}
	sqlite3_bind_text(stmt, 1, a->conn, -1, SQLITE_STATIC);
	if (!off) {
		sqlite3_bind_int64(stmt, 2, a->r.max_messages);
		sqlite3_bind_int64(stmt, 3, a->r.max_bytes);
		sqlite3_bind_int64(stmt, 4, a->r.max_age_ms);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*err = store_strerr(d, "saving retention");
		return -1;
	}
	sr.loaded = 0;		/* read again before the next step */
	sr.age_at = 0;
	store_writer_kick();
	return 0;
}

void
store_retention_set(const char *conn, const struct store_retention *r,
    store_done_fn done, void *arg)
{
	struct store_retain_arg	*a = xcalloc(1, sizeof *a);

	a->conn = xstrdup(conn != NULL ? conn : "");
	a->r = *r;
	store_writer_job(store_retain_set_job, store_retain_free_arg, a, done,
	    arg);
}

int
store_retention_foreach(void (*fn)(const char *,
    const struct store_retention *, void *), void *arg)
{
	sqlite3_stmt		*stmt;
	struct store_retention	 r;
	const char		*conn;

	if (store_rd.db == NULL || sqlite3_prepare_v2(store_rd.db,
	    "SELECT conn, max_messages, max_bytes, max_age_ms FROM retention"
	    " ORDER BY conn", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		conn = (const char *)sqlite3_column_text(stmt, 0);
		r.max_messages = sqlite3_column_int64(stmt, 1);
		r.max_bytes = sqlite3_column_int64(stmt, 2);
		r.max_age_ms = sqlite3_column_int64(stmt, 3);
		fn(conn != NULL ? conn : "", &r, arg);
	}
	sqlite3_finalize(stmt);
	return 0;
}

int64_t
store_size(void)
{
	struct stat	 st;
	const char	*path = store_path();
	char		*wal;
	int64_t		 size;

	if (path == NULL || stat(path, &st) != 0)
		return -1;
	size = (int64_t)st.st_size;
	wal = xasprintf("%s-wal", path);
	if (stat(wal, &st) == 0)
		size += (int64_t)st.st_size;
	free(wal);
	return size;
}

static int
store_vacuum_job(struct store_db *d, void *arg, char **err)
{
	if (sqlite3_exec(d->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)",
	    NULL, NULL, NULL) != SQLITE_OK) {
		*err = store_strerr(d, "vacuum");
		return -1;
	}
	return 0;
}

void
store_vacuum(store_done_fn done, void *arg)
{
	store_writer_job_raw(store_vacuum_job, NULL, NULL, done, arg);
}
