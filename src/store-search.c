/*
 * Search over history on the loop's connection, in slices. The rows to
 * look at come from one or more streams of ids, newest first: the
 * full-text index (and a scan of what it does not cover yet), the topic
 * index for each topic a filter matches, or the id (or connection) index.
 * A time range becomes an id range, as ids grow with arrival time. Every
 * candidate is judged by search_match, so a stream may over-select.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search.h"
#include "store.h"
#include "store-int.h"
#include "topic.h"
#include "xmalloc.h"

#define STORE_SEARCH_TOPICS	64	/* more: one scan beats a merge */
#define STORE_SEARCH_SHORT	200000	/* rows a short needle may scan */

struct store_stream {
	sqlite3_stmt	*stmt;
	int64_t		 head;		/* 0: exhausted */
};

struct store_search {
	const struct search_query *q;
	struct store_stream	*streams;
	int			 n;
	int64_t			 lo, hi;	/* ids in [lo, hi) */
	long			 found;
	long			 target;	/* hits wanted; 0: all */
	long			 scanned;
	long			 examined;
	int64_t			 last;		/* the last id looked at */
	long			 scan_max;	/* 0: no bound */
	int			 done;
	int			 paged;		/* the target grows on ask */
	char			*note;
	void			(*fn)(const struct msg *, void *);
	void			*arg;
};

static void
store_search_advance(struct store_stream *s)
{
	if (s->stmt != NULL && sqlite3_step(s->stmt) == SQLITE_ROW)
		s->head = sqlite3_column_int64(s->stmt, 0);
	else
		s->head = 0;
}

/* Add a stream of ids from sql (?1 hi, ?2 lo, ?3 key), in the order. */
static int
store_search_stream(struct store_search *ss, const char *base, int64_t hi,
    int64_t lo, const char *text, int64_t key)
{
	struct store_stream	*s;
	char			*sql;

	ss->streams = xrealloc(ss->streams, (ss->n + 1) *
	    sizeof *ss->streams);
	s = &ss->streams[ss->n++];
	memset(s, 0, sizeof *s);
	sql = xasprintf("%s %s", base, ss->q->asc ? "ASC" : "DESC");
	if (sqlite3_prepare_v2(store_rd.db, sql, -1, &s->stmt, NULL) !=
	    SQLITE_OK) {
		free(sql);
		return -1;
	}
	free(sql);
	sqlite3_bind_int64(s->stmt, 1, hi);
	sqlite3_bind_int64(s->stmt, 2, lo);
	if (text != NULL)
		sqlite3_bind_text(s->stmt, 3, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(s->stmt, 3, key);
	store_search_advance(s);
	return 0;
}

static int
store_search_scan(struct store_search *ss, int64_t conn_id, int64_t hi,
    int64_t lo)
{
	if (conn_id > 0)
		return store_search_stream(ss, "SELECT id FROM history"
		    " WHERE conn_id = ?3 AND id < ?1 AND id >= ?2"
		    " ORDER BY id", hi, lo, NULL, conn_id);
	return store_search_stream(ss, "SELECT id FROM history WHERE id < ?1"
	    " AND id >= ?2 ORDER BY id", hi, lo, NULL, 0);
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t
store_search_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * Topic ids of the connection (0: all) matching the filter, or whose
 * name contains text; at most max (+1 to say "more"). -1 on error.
 */
static int
store_search_topics(int64_t conn_id, const char *filter, const char *text,
    int64_t **ids, int max)
{
	sqlite3_stmt	*stmt;
	const char	*topic;
	int		 n = 0, rc;

	*ids = NULL;
	if (sqlite3_prepare_v2(store_rd.db, "SELECT id, topic FROM topics"
	    " WHERE ?1 = 0 OR conn_id = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, conn_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && n <= max) {
		topic = (const char *)sqlite3_column_text(stmt, 1);
		if (topic == NULL || *topic == '\0')
			continue;
		if (filter != NULL && !topic_match(filter, topic))
			continue;
		if (text != NULL && !search_contains(topic, strlen(topic),
		    text))
			continue;
		*ids = xrealloc(*ids, (n + 1) * sizeof **ids);
		(*ids)[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

static int
store_search_topic_streams(struct store_search *ss, const int64_t *ids,
    int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (store_search_stream(ss, "SELECT id FROM history"
		    " WHERE topic_id = ?3 AND id < ?1 AND id >= ?2"
		    " ORDER BY id", ss->hi, ss->lo, NULL, ids[i]) != 0)
			return -1;
	}
	return 0;
}

/* The full-text index's streams: what it covers, and a scan above. */
static int
store_search_fts(struct store_search *ss, int64_t conn_id)
{
	const struct search_query	*q = ss->q;
	int64_t				 done = 0, *ids;
	char				*match, *p;
	const char			*s;
	int				 n, rc;

	if (store_int(&store_rd, "SELECT done FROM fts_state WHERE ?1 = ?1", 0,
	    &done) != 1)
		done = 0;
	/* Names containing the text are the other half of a text hit. */
	n = store_search_topics(conn_id, q->topic, q->text, &ids,
	    STORE_SEARCH_TOPICS);
	if (n < 0 || n > STORE_SEARCH_TOPICS) {
		free(ids);
		return n < 0 ? -1 : 1;
	}
	rc = store_search_topic_streams(ss, ids, n);
	free(ids);
	if (rc != 0)
		return -1;
	if (done + 1 < ss->hi &&
	    store_search_scan(ss, conn_id, ss->hi, done + 1 > ss->lo ?
	    done + 1 : ss->lo) != 0)
		return -1;
	/* One FTS5 phrase: the text quoted, its quotes doubled. */
	p = match = xmalloc(2 * strlen(q->text) + 3);
	*p++ = '"';
	for (s = q->text; *s != '\0'; s++) {
		if (*s == '"')
			*p++ = '"';
		*p++ = *s;
	}
	*p++ = '"';
	*p = '\0';
	rc = store_search_stream(ss, "SELECT rowid FROM history_fts"
	    " WHERE history_fts MATCH ?3 AND rowid < ?1 AND rowid >= ?2"
	    " ORDER BY rowid", done + 1 < ss->hi ? done + 1 : ss->hi,
	    ss->lo, match, 0);
	free(match);
	return rc;
}

static int
store_search_plan(struct store_search *ss)
{
	const struct search_query	*q = ss->q;
	int64_t				 conn_id = 0, max = 0, *ids;
	int				 n, rc;

	if (store_int(&store_rd, "SELECT max(id) FROM history WHERE ?1 = ?1", 0,
	    &max) != 1)
		max = 0;
	ss->lo = 1;
	ss->hi = max + 1;
	if (q->conn != NULL) {
		sqlite3_stmt	*stmt;

		if (sqlite3_prepare_v2(store_rd.db, "SELECT id FROM conns"
		    " WHERE name = ?1", -1, &stmt, NULL) != SQLITE_OK)
			return -1;
		sqlite3_bind_text(stmt, 1, q->conn, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			conn_id = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		if (conn_id == 0) {
			ss->done = 1;	/* no history under that name */
			return 0;
		}
	}
	if (q->since_ms != 0)
		ss->lo = store_id_at(&store_rd, q->since_ms);
	if (q->until_ms != 0)
		ss->hi = store_id_at(&store_rd, q->until_ms + 1);
	if (ss->lo >= ss->hi) {
		ss->done = 1;
		return 0;
	}

	if (q->text != NULL && store_search_chars(q->text) >= 3) {
		if ((rc = store_search_fts(ss, conn_id)) <= 0)
			return rc;
		/* Too many topics name the text: scan everything. */
		ss->n = 0;
		return store_search_scan(ss, conn_id, ss->hi, ss->lo);
	}
	if (q->text != NULL) {
		/* Newest first, the first page is near; an export reads all. */
		if (!q->asc)
			ss->scan_max = STORE_SEARCH_SHORT;
		return store_search_scan(ss, conn_id, ss->hi, ss->lo);
	}
	if (q->topic != NULL) {
		n = store_search_topics(conn_id, q->topic, NULL, &ids,
		    STORE_SEARCH_TOPICS);
		if (n < 0)
			return -1;
		if (n == 0)
			ss->done = 1;
		if (n <= STORE_SEARCH_TOPICS) {
			rc = store_search_topic_streams(ss, ids, n);
			free(ids);
			return rc;
		}
		free(ids);
	}
	return store_search_scan(ss, conn_id, ss->hi, ss->lo);
}

struct store_search *
store_search_new(const struct search_query *q, char **err)
{
	struct store_search	*ss = xcalloc(1, sizeof *ss);

	*err = NULL;
	ss->q = q;
	ss->target = q->limit;
	if (store_rd.db == NULL || store_search_plan(ss) != 0) {
		*err = store_strerr(&store_rd, "search");
		store_search_free(ss);
		return NULL;
	}
	return ss;
}

void
store_search_free(struct store_search *ss)
{
	int	i;

	if (ss == NULL)
		return;
	for (i = 0; i < ss->n; i++)
		sqlite3_finalize(ss->streams[i].stmt);
	free(ss->streams);
	free(ss->note);
	free(ss);
}

static void
store_search_hit(const struct msg *m, void *arg)
{
	struct store_search	*ss = arg;

	if (!search_match(ss->q, m))
		return;
	ss->found++;
	ss->fn(m, ss->arg);
}

static int64_t
store_search_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
store_search_step(struct store_search *ss, int budget_ms,
    void (*fn)(const struct msg *, void *), void *arg)
{
	struct store_stream	*best;
	int64_t			 end = store_search_ms() + budget_ms;
	int			 i, k = 0;

	ss->fn = fn;
	ss->arg = arg;
	while (!ss->done) {
		if (ss->target > 0 && ss->found >= ss->target) {
			if (ss->paged && (ss->q->limit == 0 ||
			    ss->found < ss->q->limit))
				return 0;
			ss->done = 1;
			break;
		}
		best = NULL;
		for (i = 0; i < ss->n; i++) {
			if (ss->streams[i].head == 0)
				continue;
			if (best == NULL || (ss->q->asc ?
			    ss->streams[i].head < best->head :
			    ss->streams[i].head > best->head))
				best = &ss->streams[i];
		}
		if (best == NULL) {
			ss->done = 1;
			break;
		}
		/* Ids come in order: one seen already is not news. */
		if (ss->last == 0 || (ss->q->asc ? best->head > ss->last :
		    best->head < ss->last)) {
			ss->last = best->head;
			ss->examined++;
			if (store_msg_get(best->head, store_search_hit,
			    ss) < 0)
				return -1;
		}
		store_search_advance(best);
		if (ss->scan_max > 0 && ++ss->scanned >= ss->scan_max) {
			ss->note = xasprintf("looked at the newest %ld "
			    "messages only: give 3 or more characters to "
			    "search all", ss->scan_max);
			ss->done = 1;
		}
		if ((++k & 63) == 0 && store_search_ms() >= end)
			break;
	}
	return ss->done ? 0 : 1;
}

/* A page more: n more hits wanted, and the search is not over at -n. */
void
store_search_more(struct store_search *ss, long n)
{
	ss->paged = 1;
	ss->target = ss->found + n;
	if (ss->q->limit > 0 && ss->target > ss->q->limit)
		ss->target = ss->q->limit;
}

int
store_search_done(const struct store_search *ss)
{
	return ss->done;
}

long
store_search_examined(const struct store_search *ss)
{
	return ss->examined;
}

const char *
store_search_note(const struct store_search *ss)
{
	return ss->note;
}
