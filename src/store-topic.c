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
