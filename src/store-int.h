/*
 * Store internals shared by the store-*.c files. Not for other files.
 *
 * Two SQLite connections: the loop thread's reader (profiles, windows of
 * history; WAL readers never wait for the writer) and the writer thread's
 * own, which runs every write in queue order.
 */
#ifndef STORE_INT_H
#define STORE_INT_H
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

/* Cached statements of one connection, by the file that owns the SQL. */
enum store_profile_stmt {
	STMT_PROFILE_SAVE,
	STMT_PROFILE_ID,
	STMT_PROFILE_LOAD,
	STMT_PROFILE_DELETE,
	STMT_PROFILE_NAMES,
	STMT_SUB_SAVE,
	STMT_SUB_DELETE,
	STMT_SUB_LIST,
	STMT_PROFILE_RENAME,
	STMT_CONN_ID,
	STMT_CONN_RENAME,
	STMT_TOPIC_NAMES,
	STMT_PROFILE_N
};

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
	STMT_MSG_SUBTREE,
	STMT_MSG_TOPIC_IDS,
	STMT_MSG_N
};

enum store_value_stmt {
	STMT_VALUE_BUCKETS,
	STMT_VALUE_FIRST,
	STMT_VALUE_N
};

enum store_tree_stmt {
	STMT_TREE_TOPICS,
	STMT_TREE_PREVIEW,
	STMT_TREE_N
};

struct store_db {
	sqlite3		*db;
	sqlite3_stmt	*profile[STMT_PROFILE_N];
	sqlite3_stmt	*msg[STMT_MSG_N];
	sqlite3_stmt	*value[STMT_VALUE_N];
	sqlite3_stmt	*tree[STMT_TREE_N];
	sqlite3_stmt	*begin, *commit, *rollback;
	sqlite3_stmt	*many[2];	/* INSERT of store_msg_many[i] rows */
};

/* The loop thread's connection (reads only). */
extern struct store_db	store_rd;

/* store.c */
int		 store_profile_columns(struct store_db *, const char *, char **);
sqlite3_stmt	*store_prepare(struct store_db *, sqlite3_stmt **,
		    const char *);
void		 store_done(sqlite3_stmt *);
const char	*store_errmsg(struct store_db *);
void		 store_bind_text(sqlite3_stmt *, int, const char *);
char		*store_column_dup(sqlite3_stmt *, int);
int		 store_begin(struct store_db *);
int		 store_commit(struct store_db *);
void		 store_rollback(struct store_db *);
void		 store_db_close(struct store_db *);
char		*store_strerr(struct store_db *, const char *);
void		 store_read_failed(const char *, const char *);
int		 store_int(struct store_db *, const char *, int64_t, int64_t *);
int64_t		 store_id_at(struct store_db *, int64_t);

/* store-topic.c: the writer's ids of connection names and topics. */
int		 store_topic_ids(struct store_db *, const char *, const char *,
		    int64_t *, int64_t *);
void		 store_topic_forget(void);
void		 store_topic_close(void);
/* Per-topic stats of the rows of a batch, written once before COMMIT. */
void		 store_topic_stats_reset(void);
int		 store_topic_stats_add(int64_t, int64_t, const struct msg *);
int		 store_topic_stats_write(struct store_db *);

/* store-fts.c: the writer fills the full-text index when idle. */
int		 store_fts_index(struct store_db *);
void		 store_fts_close(void);
int		 store_fts_forget(struct store_db *, int64_t);

/* store-retain.c: retention rules, applied by the writer. */
/* One batch of trimming: rows deleted, 0 all holds, -1 error. */
int		 store_retain_step(struct store_db *, int);
void		 store_retain_added(int64_t, size_t);
void		 store_retain_forget(void);
void		 store_retain_close(void);
/* store-writer.c: have the writer look at retention again. */
void		 store_writer_kick(void);

/* store-profile.c: one profile or subscription, inside a job. */
int		 store_profile_write(struct store_db *, struct profile *,
		    char **);
int		 store_sub_write(struct store_db *, const char *,
		    const struct sub *, char **);
struct sub	*store_sub_copy(const struct sub *);
/*
 * store-perm.c: group and other bits off the database (fd), its -wal and
 * -shm files and mqtty's own directory; what changed in words, or NULL.
 */
char		*store_perm_tighten(const char *, int);

/* store-msg.c: rows, inside the writer's open transaction. */
int		 store_msg_insert(struct store_db *, const struct msg **, size_t);

/*
 * store-writer.c. A job runs on the writer thread inside its own
 * transaction: it returns 0, or -1 with *err (freed by the writer).
 * A job that fails for a busy or locked database is retried, like rows.
 */
typedef int	(*store_job_fn)(struct store_db *, void *, char **);
void		 store_writer_job_raw(store_job_fn, void (*)(void *), void *,
		     store_done_fn, void *);
int		 store_writer_start(struct store_db *, char **);
void		 store_writer_job(store_job_fn, void (*)(void *), void *,
		    store_done_fn, void *);
int		 store_writer_stop(int);
#endif
