/* Live connections: the model the commands act on and the views show. */
#ifndef CONN_H
#define CONN_H
#include <stdint.h>
#include <sys/queue.h>

#include "profile.h"
#include "sub.h"

enum conn_state {
	CONN_OFFLINE,
	CONN_CONNECTING,
	CONN_CONNECTED,
	CONN_DISCONNECTING,
	CONN_RECONNECT_WAIT,
	CONN_ERROR,
};

struct connack;
struct engine_conn;

/* Completion of an operation that waits for the broker. */
typedef void (*done_fn)(void *arg, int ok, const char *reason);

struct conn {
	char			*name;
	struct profile		*p;		/* owned copy */
	char			*client_id;	/* in use: p's, or generated */
	int			 saved;		/* backed by a stored profile */
	enum conn_state		 state;
	char			*reason;	/* why the last error/disconnect */
	int			 session_present;
	int			 offline;	/* taken offline, not back yet */
	int64_t			 reconnect_at;	/* monotonic ms */
	/*
	 * This session's password and key passphrase (typed, given, from
	 * the environment or the command): reconnects reuse them. In memory
	 * only, never in p, which may be saved.
	 */
	char			*secret;
	char			*key_secret;
	uint64_t		 unread;
	uint64_t		 received;
	struct subs		 subs;
	struct engine_conn	*ec;
	struct connack		*connack;	/* the last one, NULL: none yet */
	TAILQ_ENTRY(conn)	 entry;
};
TAILQ_HEAD(conns, conn);

extern struct conns	 conn_list;
extern struct conn	*conn_focus;

struct conn	*conn_find(const char *);
struct conn	*conn_create(const char *, const struct profile *, int);
void		 conn_destroy(struct conn *);
void		 conn_set_reason(struct conn *, const char *);
/* Forget the session's secrets (wiped); each arg, if not NULL, is new. */
void		 conn_set_secrets(struct conn *, char *, char *);
const char	*conn_state_name(enum conn_state);
struct sub	*conn_sub_find(struct conn *, const char *);
struct sub	*conn_sub_match(struct conn *, const char *);
int		 conn_any_live(void);
#endif
