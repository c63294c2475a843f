/*
 * The writer's ids for connection names and topics. History rows carry
 * small integers (indexes on them cost a fraction of indexes on text); a
 * bounded cache maps names to ids, falling back to the conns and topics
 * tables. Writer thread only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

#define STORE_TOPIC_SLOTS	32768	/* power of two */
#define STORE_TOPIC_MAX		(STORE_TOPIC_SLOTS / 2)
#define STORE_CONN_MAX		64

enum {
	STMT_ID_CONN_GET,
	STMT_ID_CONN_ADD,
	STMT_ID_TOPIC_GET,
	STMT_ID_TOPIC_ADD,
	STMT_ID_N
};

static const char *store_topic_sql[STMT_ID_N] = {
	[STMT_ID_CONN_GET] = "SELECT id FROM conns WHERE name = ?1",
	[STMT_ID_CONN_ADD] = "INSERT INTO conns (name) VALUES (?1)",
	[STMT_ID_TOPIC_GET] =
	"SELECT id FROM topics WHERE conn_id = ?1 AND topic = ?2",
	[STMT_ID_TOPIC_ADD] =
	"INSERT INTO topics (conn_id, topic) VALUES (?1, ?2)",
};

struct store_topic_slot {
	char		*topic;		/* NULL: empty */
	int64_t		 conn_id;
	int64_t		 id;
	uint32_t	 hash;
};

static struct {
	sqlite3_stmt		*stmts[STMT_ID_N];
	struct store_topic_slot	*slots;
	size_t			 used;
	struct {
		char		*name;
		int64_t		 id;
	}			 conns[STORE_CONN_MAX];
	int			 nconns;
} st;

/*
 * Each topic's stats (migration 3), kept as rows are written: a batch's
 * rows are summed per topic in memory, and each topic of the batch gets
 * one UPDATE before the commit, so a flood on one topic costs one UPDATE
 * a transaction. A rolled-back batch is summed again when it is retried.
 */
/* Power of two, over twice the rows of a batch (STORE_TXN_ROWS). */
#define STORE_STAT_SLOTS	16384

struct store_topic_stat {
	int64_t		 topic_id;	/* 0: empty */
	int64_t		 n;
	int64_t		 last_id, last_ms;
	int		 last_retain;
	int		 retained;	/* -1: no news */
	int64_t		 minute;	/* newest minute of its rows */
	int64_t		 in_minute, in_prev;
};

static struct {
	struct store_topic_stat	*slots;
	size_t			*used;	/* slots taken, in order */
	size_t			 nused;
	sqlite3_stmt		*update;
} ss;

static uint32_t
store_topic_hash(int64_t conn_id, const char *s)
{
	uint32_t	h = 2166136261u ^ (uint32_t)conn_id;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* After a rollback the ids handed out in it may not exist: start over. */
void
store_topic_forget(void)
{
	size_t	i;
	int	j;

	if (st.slots != NULL) {
		for (i = 0; i < STORE_TOPIC_SLOTS; i++)
			free(st.slots[i].topic);
		memset(st.slots, 0, STORE_TOPIC_SLOTS * sizeof *st.slots);
	}
	st.used = 0;
	for (j = 0; j < st.nconns; j++)
		free(st.conns[j].name);
	st.nconns = 0;
}

void
store_topic_close(void)
{
	int	i;

	store_topic_forget();
	store_topic_stats_reset();
	free(ss.slots);
	free(ss.used);
	ss.slots = NULL;
	ss.used = NULL;
	sqlite3_finalize(ss.update);
	ss.update = NULL;
	free(st.slots);
	st.slots = NULL;
	for (i = 0; i < STMT_ID_N; i++) {
		sqlite3_finalize(st.stmts[i]);
		st.stmts[i] = NULL;
	}
}

/* The id of a row found by get, else made by add: 0 on error. */
static int64_t
store_topic_lookup(struct store_db *d, int get, int add, int64_t conn_id,
    const char *text)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 i, rc;

	for (i = 0; i < 2 && id == 0; i++) {
		if ((stmt = store_prepare(d, &st.stmts[i == 0 ? get : add],
		    store_topic_sql[i == 0 ? get : add])) == NULL)
			return 0;
		if (conn_id != 0) {
			sqlite3_bind_int64(stmt, 1, conn_id);
			sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
		} else
			sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		if (i == 0 && rc == SQLITE_ROW)
			id = sqlite3_column_int64(stmt, 0);
		else if (i == 1 && rc == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(d->db);
		store_done(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return 0;
	}
	return id;
}

static int64_t
store_topic_conn(struct store_db *d, const char *name)
{
	int64_t	id;
	int	i;

	for (i = 0; i < st.nconns; i++) {
		if (strcmp(st.conns[i].name, name) == 0)
			return st.conns[i].id;
	}
	id = store_topic_lookup(d, STMT_ID_CONN_GET, STMT_ID_CONN_ADD, 0, name);
	if (id != 0 && st.nconns < STORE_CONN_MAX) {
		st.conns[st.nconns].name = xstrdup(name);
		st.conns[st.nconns++].id = id;
	}
	return id;
}

/* Ids for a row's connection and topic, inside the open transaction. */
int
store_topic_ids(struct store_db *d, const char *conn, const char *topic,
    int64_t *conn_id, int64_t *topic_id)
{
	struct store_topic_slot	*s;
	uint32_t		 h;
	size_t			 i;

	if ((*conn_id = store_topic_conn(d, conn)) == 0)
		return -1;
	if (st.slots == NULL)
		st.slots = xcalloc(STORE_TOPIC_SLOTS, sizeof *st.slots);
	h = store_topic_hash(*conn_id, topic);
	for (i = h & (STORE_TOPIC_SLOTS - 1); st.slots[i].topic != NULL;
	    i = (i + 1) & (STORE_TOPIC_SLOTS - 1)) {
		s = &st.slots[i];
		if (s->hash == h && s->conn_id == *conn_id &&
		    strcmp(s->topic, topic) == 0) {
			*topic_id = s->id;
			return 0;
		}
	}
	*topic_id = store_topic_lookup(d, STMT_ID_TOPIC_GET, STMT_ID_TOPIC_ADD,
	    *conn_id, topic);
	if (*topic_id == 0)
		return -1;
	/* Bounded: a broker with more topics than this just misses more. */
	if (st.used >= STORE_TOPIC_MAX) {
		store_topic_forget();
		return store_topic_ids(d, conn, topic, conn_id, topic_id);
	}
	s = &st.slots[i];
	s->topic = xstrdup(topic);
	s->conn_id = *conn_id;
	s->id = *topic_id;
	s->hash = h;
	st.used++;
	return 0;
}


void
store_topic_stats_reset(void)
{
	size_t	i;

	for (i = 0; i < ss.nused; i++)
		ss.slots[ss.used[i]].topic_id = 0;
	ss.nused = 0;
}

/* One row written: id is its history id. 1 when the table is full. */
int
store_topic_stats_add(int64_t topic_id, int64_t id, const struct msg *m)
{
	struct store_topic_stat	*s;
	size_t			 i;
	int64_t			 minute = m->time_ms / 60000;

	if (ss.slots == NULL) {
		ss.slots = xcalloc(STORE_STAT_SLOTS, sizeof *ss.slots);
		ss.used = xcalloc(STORE_STAT_SLOTS, sizeof *ss.used);
	}
	for (i = (size_t)(topic_id * 2654435761u) & (STORE_STAT_SLOTS - 1);
	    ss.slots[i].topic_id != 0 && ss.slots[i].topic_id != topic_id;
	    i = (i + 1) & (STORE_STAT_SLOTS - 1))
		;
	s = &ss.slots[i];
	if (s->topic_id == 0) {
		memset(s, 0, sizeof *s);
		s->topic_id = topic_id;
		s->retained = -1;
		s->minute = minute;
		ss.used[ss.nused++] = i;
	}
	s->n++;
	s->last_id = id;
	s->last_ms = m->time_ms;
	s->last_retain = m->retain != 0;
	/*
	 * A retained publish says whether one is kept (empty: cleared). A
	 * live subscriber gets a clear as an empty message without the flag.
	 */
	if (m->retain)
		s->retained = m->len > 0;
	else if (m->dir == MSG_IN && m->len == 0)
		s->retained = 0;
	if (minute > s->minute) {
		s->in_prev = minute == s->minute + 1 ? s->in_minute : 0;
		s->in_minute = 0;
		s->minute = minute;
	}
	if (minute == s->minute)
		s->in_minute++;
	else if (minute == s->minute - 1)
		s->in_prev++;
	return ss.nused >= STORE_STAT_SLOTS / 2;
}

/*
 * The UPDATEs of the batch, inside the open transaction: 0, or -1. The
 * minute buckets move on as the newest minute does (SET sees old values).
 */
static const char store_topic_stats_sql[] =
	"UPDATE topics SET msgs = msgs + ?2, last_id = ?3, last_ms = ?4,"
	" last_retain = ?5,"
	" retained = CASE WHEN ?6 < 0 THEN retained ELSE ?6 END,"
	" in_prev = CASE WHEN minute = ?7 THEN in_prev + ?9"
	"  WHEN minute = ?7 - 1 THEN in_minute + ?9 ELSE ?9 END,"
	" in_minute = CASE WHEN minute = ?7 THEN in_minute + ?8 ELSE ?8 END,"
	" minute = ?7 WHERE id = ?1";

int
store_topic_stats_write(struct store_db *d)
{
	struct store_topic_stat	*s;
	sqlite3_stmt		*stmt;
	size_t			 i;
	int			 rc = 0;

	if (ss.nused == 0)
		return 0;
	if ((stmt = store_prepare(d, &ss.update, store_topic_stats_sql)) ==
	    NULL)
		return -1;
	for (i = 0; i < ss.nused && rc == 0; i++) {
		s = &ss.slots[ss.used[i]];
		sqlite3_bind_int64(stmt, 1, s->topic_id);
		sqlite3_bind_int64(stmt, 2, s->n);
		sqlite3_bind_int64(stmt, 3, s->last_id);
		sqlite3_bind_int64(stmt, 4, s->last_ms);
		sqlite3_bind_int(stmt, 5, s->last_retain);
		sqlite3_bind_int(stmt, 6, s->retained);
		sqlite3_bind_int64(stmt, 7, s->minute);
		sqlite3_bind_int64(stmt, 8, s->in_minute);
		sqlite3_bind_int64(stmt, 9, s->in_prev);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(stmt);
	}
	store_topic_stats_reset();
	return rc;
}
