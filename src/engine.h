/* The engine: libmosquitto connections driven from the poll loop. */
#ifndef ENGINE_H
#define ENGINE_H
#include <stddef.h>
#include <stdint.h>

#include "conn.h"

struct pub {
	const char	*topic;
	const void	*payload;
	size_t		 len;
	int		 qos;
	int		 retain;
	struct props	 props;
	/* Recorded as ever, but no "published" event (a simulation's). */
	int		 quiet;
};

void	engine_init(void);

/* Each returns 0, or -1 with *err (caller frees). done runs later. */
int	engine_connect(struct conn *, done_fn, void *, char **);
int	engine_disconnect(struct conn *, done_fn, void *, char **);
int	engine_drop(struct conn *, done_fn, void *, char **);
int	engine_subscribe(struct conn *, struct sub *, done_fn, void *,
	    char **);
int	engine_unsubscribe(struct conn *, struct sub *, done_fn, void *,
	    char **);
int	engine_publish(struct conn *, const struct pub *, done_fn, void *,
	    char **);
/* Check a property list for a packet type ("publish", "will", "connect"). */
int	engine_props_check(const struct props *, const char *, char **);
/* Check a profile's will and connect properties. */
int	engine_profile_check(const struct profile *, char **);
void	engine_conn_free(struct conn *);
/* Connections with operations still waiting for the broker. */
int	engine_pending(void);
/*
 * Where received messages go: the sequence number of the newest row handed
 * over, and of the newest committed. An acknowledgement is written only
 * once its message is committed.
 */
void	engine_set_store(uint64_t (*)(void), uint64_t (*)(void));
/* Reading from the brokers stops while any of these says no room. */
void	engine_add_room(int (*)(void));
/*
 * Write what the store released (acknowledgements, DISCONNECT) and close
 * every connection; at most ms milliseconds.
 */
void	engine_shutdown(int);
#endif
