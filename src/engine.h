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
/* Disconnect keeping a persistent session (refused for a clean one). */
int	engine_offline(struct conn *, done_fn, void *, char **);
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
/* The profile's client key is encrypted and no command gives its passphrase. */
int	engine_key_needs_passphrase(const struct profile *);
/*
 * What a TLS profile leaves unchecked: "no-verify" (any certificate),
 * "insecure" (no host-name check), or NULL (everything checked, or no
 * TLS).
 */
const char *engine_tls_mode(const struct profile *);
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
 * Finding and clearing retained messages under a filter, with a client of
 * its own (a profile's broker settings, a clean session, another id):
 * the connection's session and subscriptions are not touched. found runs
 * for each retained message the broker sends on subscribe, scanned once
 * the scan is over (nothing came for a while) or failed; then each clear
 * (an empty retained publish at QoS 1) is answered by cleared, with the
 * caller's cookie, when the broker acknowledges it or the link is lost.
 * The callbacks may free it.
 */
struct engine_retained;
struct engine_retained_cbs {
	void	(*found)(void *, const char *, const void *, size_t);
	void	(*scanned)(void *, int, const char *);
	void	(*cleared)(void *, void *, int, const char *);
};
struct engine_retained *engine_retained_start(const struct profile *,
	    const char *,
	    const struct engine_retained_cbs *, void *, char **);
int	engine_retained_clear(struct engine_retained *, const char *, void *,
	    char **);
void	engine_retained_free(struct engine_retained *);
/*
 * Write what the store released (acknowledgements, DISCONNECT) and close
 * every connection; at most ms milliseconds.
 */
void	engine_shutdown(int);
#endif
