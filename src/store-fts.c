/*
 * The full-text index of payloads (FTS5, trigram tokenizer: substrings of
 * 3+ characters, CJK included). The writer fills it when its queue is
 * empty, a slice at a time, so a flood is stored at full speed and the
 * index catches up after; fts_state.done is the newest id it covers, and
 * a search scans the rows above it.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fmt.h"
#include "store.h"
#include "store-int.h"

#define STORE_FTS_SLICE		512
#define STORE_FTS_MAX_TEXT	(64 * 1024)	/* longer payloads: not indexed */

enum { FTS_DONE, FTS_ROWS, FTS_ADD, FTS_SET, FTS_ROW, FTS_DEL, FTS_N };

static const char *store_fts_sql[FTS_N] = {
	[FTS_DONE] = "SELECT done FROM fts_state",
	[FTS_ROWS] = "SELECT id, dir, payload FROM history WHERE id > ?1"
	" ORDER BY id LIMIT ?2",
	[FTS_ADD] = "INSERT INTO history_fts (rowid, body) VALUES (?1, ?2)",
	[FTS_SET] = "UPDATE fts_state SET done = ?1",
	[FTS_ROW] = "SELECT payload, id <= (SELECT done FROM fts_state)"
	" FROM history WHERE id = ?1",
	/* A contentless index forgets a row given the text it indexed. */
	[FTS_DEL] = "INSERT INTO history_fts (history_fts, rowid, body)"
	" VALUES ('delete', ?1, ?2)",
};

static sqlite3_stmt	*store_fts_stmts[FTS_N];
static struct buf	 store_fts_buf;

/*
 * The text of a payload as the index sees it: binary bytes (and NULs)
 * become spaces, so words inside a binary payload are found too. NULL
 * when it has no run of 3 characters.
 */
static const char *
store_fts_text(const unsigned char *p, size_t len, size_t *outlen)
{
	size_t	i = 0, n;

	if (fmt_is_utf8(p, len)) {
		*outlen = len;
		return (const char *)p;
	}
	buf_reset(&store_fts_buf);
	while (i < len) {
		if ((n = fmt_utf8_seq(p + i, len - i)) == 0) {
			buf_addc(&store_fts_buf, ' ');
			i++;
			continue;
		}
		buf_add(&store_fts_buf, p + i, n);
		i += n;
	}
	*outlen = store_fts_buf.len;
	return buf_str(&store_fts_buf);
}

static sqlite3_stmt *
store_fts_stmt(struct store_db *d, int which)
{
	return store_prepare(d, &store_fts_stmts[which], store_fts_sql[which]);
}

void
store_fts_close(void)
{
	int	i;

	for (i = 0; i < FTS_N; i++) {
		sqlite3_finalize(store_fts_stmts[i]);
		store_fts_stmts[i] = NULL;
	}
	buf_free(&store_fts_buf);
}

/* One slice in its own transaction: rows indexed, 0 up to date, -1. */
int
store_fts_index(struct store_db *d)
{
	sqlite3_stmt	*rows, *add, *set, *get;
	const void	*p;
	const char	*text;
	size_t		 tlen;
	int64_t		 done = 0, id = 0;
	int		 n = 0, len, rc;

	if ((get = store_fts_stmt(d, FTS_DONE)) == NULL ||
	    (rows = store_fts_stmt(d, FTS_ROWS)) == NULL ||
	    (add = store_fts_stmt(d, FTS_ADD)) == NULL ||
	    (set = store_fts_stmt(d, FTS_SET)) == NULL)
		return -1;
	if (store_begin(d) != 0)
		return -1;
	if (sqlite3_step(get) == SQLITE_ROW)
		done = sqlite3_column_int64(get, 0);
	sqlite3_reset(get);
	sqlite3_bind_int64(rows, 1, done);
	sqlite3_bind_int(rows, 2, STORE_FTS_SLICE);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		id = sqlite3_column_int64(rows, 0);
		n++;
		p = sqlite3_column_blob(rows, 2);
		len = sqlite3_column_bytes(rows, 2);
		/* Events and huge payloads are not indexed. */
		if (sqlite3_column_int(rows, 1) > 1 || p == NULL || len < 3 ||
		    len > STORE_FTS_MAX_TEXT)
			continue;
		text = store_fts_text(p, (size_t)len, &tlen);
		sqlite3_bind_int64(add, 1, id);
		sqlite3_bind_text(add, 2, text, (int)tlen, SQLITE_STATIC);
		rc = sqlite3_step(add);
		sqlite3_reset(add);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_reset(rows);
	if (rc != SQLITE_DONE)
		goto fail;
	if (n > 0) {
		sqlite3_bind_int64(set, 1, id);
		rc = sqlite3_step(set);
		sqlite3_reset(set);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (store_commit(d) != 0)
		goto fail;
	return n;
fail:
	store_rollback(d);
	return -1;
}

/* Before row id goes: take it out of the index, if it is in. 0 or -1. */
int
store_fts_forget(struct store_db *d, int64_t id)
{
	sqlite3_stmt	*row, *del;
	const char	*text;
	const void	*p;
	size_t		 tlen;
	int		 len, rc = SQLITE_DONE;

	if ((row = store_fts_stmt(d, FTS_ROW)) == NULL ||
	    (del = store_fts_stmt(d, FTS_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(row, 1, id);
	if (sqlite3_step(row) == SQLITE_ROW && sqlite3_column_int(row, 1)) {
		p = sqlite3_column_blob(row, 0);
		len = sqlite3_column_bytes(row, 0);
		if (p != NULL && len >= 3 && len <= STORE_FTS_MAX_TEXT) {
			text = store_fts_text(p, (size_t)len, &tlen);
			sqlite3_bind_int64(del, 1, id);
			sqlite3_bind_text(del, 2, text, (int)tlen,
			    SQLITE_STATIC);
			rc = sqlite3_step(del);
			sqlite3_reset(del);
		}
	}
	sqlite3_reset(row);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_fts_progress(int64_t *done, int64_t *max)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	*done = *max = 0;
	if (store_rd.db == NULL || sqlite3_prepare_v2(store_rd.db,
	    "SELECT (SELECT done FROM fts_state),"
	    " (SELECT max(id) FROM history)", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*done = sqlite3_column_int64(stmt, 0);
		*max = sqlite3_column_int64(stmt, 1);
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}
