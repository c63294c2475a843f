/* Shared by the engine*.c files only. */
#ifndef ENGINE_INT_H
#define ENGINE_INT_H
#include <mosquitto.h>

#include "conn.h"
#include "engine-tls.h"
#include "loop.h"

#define ENGINE_READ_BUDGET	256	/* packets a connection a turn: keys wait less */
#define ENGINE_STABLE_MS	30000	/* up this long: backoff starts over */
#define ENGINE_DUP_RING		16	/* packet ids the broker marked DUP */
#define ENGINE_QUIET_MS		1000	/* a gap this long: the queue is out */

enum engine_op_kind { OP_SUBSCRIBE, OP_UNSUBSCRIBE, OP_PUBLISH };

struct engine_op {
	enum engine_op_kind	 kind;
	int			 mid;
	done_fn			 fn;
	void			*arg;
	struct sub		*sub;
	/* A publish is recorded when acknowledged: keep what was sent. */
	char			*topic;
	void			*payload;
	size_t			 len;
	int			 qos;
	int			 retain;
	int			 quiet;
	char			*props;
	struct engine_op	*next;
};

struct engine_conn {
	struct conn		*c;
	struct mosquitto	*mosq;
	struct loop_fd		*lf;
	int			 sock;
	struct loop_timer	*timer;		/* reconnect backoff */
	struct loop_timer	*deadline;	/* connect timeout */
	int			 timed_out;
	int			 worker;	/* a connect thread owns mosq */
	int			 orphan;	/* conn gone while worker ran */
	int			 backoff;
	int			 closing;	/* user asked: disconnect */
	int			 dropped;	/* user asked: drop */
	int			 offline;	/* user asked: offline */
	int			 refused;	/* CONNACK refusal: no retry */
	int			 saw_disconnect;
	char			*last_log;	/* last libmosquitto error */
	struct engine_tls_verify tlsv;		/* what the handshake saw */
	int			 tls_ready;	/* mosq has our TLS context */
	done_fn			 connect_fn;
	void			*connect_arg;
	done_fn			 close_fn;
	void			*close_arg;
	struct engine_op	*ops;
	int			 pub_mid;
	struct ws_relay		*relay;		/* ws:// and wss:// */
	SSL_CTX			*ws_ssl;	/* wss: the relays' TLS context */

	/*
	 * Acknowledgements wait for the store: libmosquitto queues them
	 * (threaded mode) and nothing is written while the newest QoS 1/2
	 * message read is not committed (its store sequence number here).
	 */
	uint64_t		 hold;
	int64_t			 up_since;	/* CONNACK, monotonic ms */
	int			 down_told;	/* this outage was reported */
	int			 fresh;		/* new client before the retry */
	unsigned		 link;		/* CONNACKs so far */
	/* Redelivery: DUP flags from the wire, ids seen on earlier links. */
	int			 dup_mids[ENGINE_DUP_RING];
	int			 dup_next;
	struct engine_seen	*seen;		/* 65536 slots, by packet id */
	/* The last acknowledgement read, for a protocol error's words. */
	char			 ack_kind[8];
	int			 ack_mid;
	/* libmosquitto's log is formatted per packet: only while needed. */
	int			 logging;
	int			 qos_in;	/* a QoS 1/2 message came */
	uint64_t		 link_msgs;	/* messages on this link */
	/*
	 * Counting what a kept session held: from a CONNACK with session
	 * present to the first gap of ENGINE_QUIET_MS, or our first publish.
	 */
	struct loop_timer	*quiet;
	int			 counting;
	uint64_t		 waiting;
	struct engine_alias	*alias;		/* topic aliases, this link */
};

struct engine_seen {
	uint32_t		 hash;
	unsigned		 link;
};

struct engine_job {
	struct engine_conn	*ec;
	char			*host;
	int			 port;
	int			 keepalive;
	mosquitto_property	*props;
	char			*proxy;		/* the profile's, or NULL */
	int			 tunnel_ms;	/* engine-tunnel.c: timeout */
	char			*why;		/* the worker's own words */
	struct profile		*tlsp;		/* make the TLS context first */
	char			*tls_err;	/* ... and why it failed */
	/*
	 * The password from --password-command, run by the connect thread
	 * (it may take a while): handed back to the connection's session.
	 */
	char			*pw_command;
	char			*username;
	char			*password;
	char			*pw_err;
	char			*key_pass;	/* typed for an encrypted key */
	int			 rc;
	int			 err;
};

/* engine.c */
struct engine_conn *engine_live(struct conn *, char **);
void		 engine_set_state(struct engine_conn *, enum conn_state);
void		 engine_log_update(struct engine_conn *);
void		 engine_lost(struct engine_conn *, const char *);
struct mosquitto *engine_mosq_new(const char *, int, void *,
		     const struct profile *, char **);
void		 engine_thread(void *(*)(void *), void *);
void		 engine_waiting_end(struct engine_conn *);

/* engine-connack.c */
struct connack;
void		 engine_connack_read(struct connack *, int, int, int,
		     const mosquitto_property *);

/* engine-connect.c */
int		 engine_connect_props(struct profile *, mosquitto_property **,
		     char **);
int		 engine_will_props(struct profile *, mosquitto_property **,
		     char **);
char		*engine_timeout_words(const struct profile *, const char *);
char		*engine_lost_words(const struct profile *, int, int);
int		 engine_backoff_next(struct engine_conn *, int);
int		 engine_proxy_set(struct mosquitto *, const struct profile *,
		     char **);
int		 engine_proxy_check(const struct profile *,
		     const mosquitto_property *, char **);
int		 engine_proxy_connect(struct mosquitto *, const char *,
		     const char *, int, int, const mosquitto_property *,
		     char **);
int		 engine_proxy_numeric(const char *, char *, size_t, char **);

/* engine-alias.c */
void		 engine_alias_free(struct engine_conn *);
void		 engine_alias_reset(struct engine_conn *,
		     const mosquitto_property *);
const char	*engine_alias_use(struct engine_conn *, const char *, int,
		     mosquitto_property **);

/* engine-io.c */
extern uint64_t	(*engine_stored)(void);
extern uint64_t	(*engine_queued)(void);
void		 engine_io_init(void);
void		 engine_io_forget(struct engine_conn *);
void		 engine_after_call(struct engine_conn *, int);
void		 engine_sync_socket(struct engine_conn *);
void		 engine_write(struct engine_conn *);

/* engine-reason.c */
const char	*engine_refusal(int, int);
const char	*engine_errno_words(int);
const char	*engine_rc_words(int);
char		*engine_connect_words(int, int, const char *, int);

/* engine-tls.c */
int		 engine_tls_apply(struct mosquitto *, const struct profile *,
		     struct engine_tls_verify *, char **);

/* engine-secret.c */
void		 engine_secret_init(void);
/* The connect thread's: what the passphrase hook answers (NULL: none). */
void		 engine_secret_key_pass(const char *);
/* Run job->pw_command and set the password: 0, or -1 with job->pw_err. */
int		 engine_secret_command(struct engine_job *);
/* The job's secrets from the connection (loop thread), before it starts. */
void		 engine_secret_job(struct engine_conn *, struct engine_job *);
/* A command's password becomes the session's (loop thread, after). */
void		 engine_secret_done(struct engine_conn *, struct engine_job *);
void		 engine_secret_free(struct engine_job *);
/* The user and the session's password onto a connection's client. */
int		 engine_secret_user(struct mosquitto *, struct engine_conn *,
		     char **);

/* engine-ws.c */
struct ws_relay;
int		 engine_ws_attach(struct mosquitto *, struct ws_relay **,
		     const struct profile *, int, char **);
int		 engine_ws_tls(struct ws_relay *, SSL_CTX **,
		     const struct profile *, char **);
char		*engine_ws_why(struct engine_conn *);
struct buf;
int		 engine_ws_props(struct mosquitto *, const struct profile *,
		     struct buf *, char **);

/* engine-tunnel.c */
int		 engine_tunnel_needed(const struct profile *,
		     const mosquitto_property *);
int		 engine_tunnel_attach(struct mosquitto *, struct ws_relay **,
		     const struct profile *, char **);
int		 engine_tunnel_connect(struct mosquitto *, struct ws_relay *,
		     const char *, const char *, int, int, int,
		     const mosquitto_property *, char **);

/* engine-ops.c */
void		 engine_ops_fail(struct engine_conn *, const char *, int);
void		 engine_seen_free(struct engine_conn *);
char		*engine_ops_protocol(struct engine_conn *);
void		 engine_resubscribe(struct engine_conn *);
void		 engine_on_subscribe(struct mosquitto *, void *, int, int,
		     const int *, const mosquitto_property *);
void		 engine_on_unsubscribe(struct mosquitto *, void *, int,
		     const mosquitto_property *);
void		 engine_on_publish(struct mosquitto *, void *, int, int,
		     const mosquitto_property *);
void		 engine_on_message(struct mosquitto *, void *,
		     const struct mosquitto_message *,
		     const mosquitto_property *);
#endif
