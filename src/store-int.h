/*
 * Store internals shared by store.c (open, transactions, profiles,
 * subscriptions) and store-msg.c (message history). Not for other files.
 */
#ifndef STORE_INT_H
#define STORE_INT_H
#include <sqlite3.h>

/* store.c's cached statements; store-msg.c keeps its own. */
enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_PROFILE_SAVE,
	STMT_PROFILE_ID,
	STMT_PROFILE_LOAD,
	STMT_PROFILE_DELETE,
	STMT_PROFILE_NAMES,
	STMT_SUB_SAVE,
	STMT_SUB_DELETE,
	STMT_SUB_LIST,
	STMT_COUNT
};

/* The one connection; NULL while closed. */
extern sqlite3	*store_db;

/* The statement in *slot, prepared from sql on first use; NULL on error. */
sqlite3_stmt	*store_prepare(sqlite3_stmt **, const char *);
void		 store_finalize(sqlite3_stmt **, int);
sqlite3_stmt	*store_stmt(enum store_stmt);
void		 store_done(sqlite3_stmt *);
int		 store_run(enum store_stmt);
const char	*store_errmsg(void);
void		 store_bind_text(sqlite3_stmt *, int, const char *);
int		 store_in_transaction(void);

/* store-msg.c: commit the batch, drop its statements and state. */
void		 store_msg_close(void);
#endif
