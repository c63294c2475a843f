/* Shared by ws-relay*.c only. */
#ifndef WS_RELAY_INT_H
#define WS_RELAY_INT_H
#include <stddef.h>

#include <libwebsockets.h>
#include <openssl/ssl.h>

#include "engine-tls.h"
#include "buf.h"

struct profile;

/* Bytes waiting to be written, with lws's headroom in front. */
struct ws_relay_buf {
	unsigned char	*d;
	size_t		 len;
	size_t		 cap;
};

enum ws_relay_sess_state { SESS_GREET, SESS_AUTH, SESS_REQUEST, SESS_PIPE,
    SESS_REMOTE };

/* A SOCKS5 client accepted on a relay's socket, or (SESS_REMOTE) a raw
 * relay's link to the broker. */
struct ws_relay_sess {
	struct ws_relay			*r;
	enum ws_relay_sess_state	 st;
	unsigned char			 in[600];
	size_t				 n;
};

struct ws_relay {
	/* Set when made, read-only after. */
	unsigned		 id;
	char			*host;
	int			 port;
	char			*hosthdr;	/* Host header (--sni's name) */
	char			*path;
	char			*headers;	/* "Name: value" lines, checked */
	char			*proxy;		/* http://[user:pass@]host:port */
	int			 tls;
	int			 raw;		/* bytes as they are, no WebSocket */
	char			 user[17];
	char			 pass[33];
	int			 lfd;
	int			 lport;
	unsigned char		*props;		/* CONNECT's, see ws-relay-splice.c */
	size_t			 props_len;

	/* Under ws_relay_lock. */
	SSL_CTX			*ssl;		/* wss: mqtts's, given by the engine */
	int			 rfd;		/* raw: the link, until adopted */
	char			*error;
	int			 owned;
	int			 started;
	struct ws_relay		*next;

	/* The relay thread's. */
	struct lws_vhost	*vh;
	struct lws		*lw;		/* listening socket */
	struct lws		*local;		/* libmosquitto's session */
	struct lws		*ws;		/* the WebSocket */
	int			 nsess;		/* SOCKS5 sessions open */
	int			 used;		/* the credential was given */
	int			 up;		/* upgrade done, SOCKS5 answered */
	int			 ws_gone;
	int			 local_eof;
	int			 local_paused;
	int			 ws_paused;
	struct ws_relay_buf	 to_ws;
	struct ws_relay_buf	 to_local;
	int			 splice;	/* the CONNECT is still to come */
	struct buf		 first;		/* ... and what came of it */
};

/* ws-relay.c */
void	 ws_relay_fail(struct ws_relay *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 ws_relay_buf_add(struct ws_relay_buf *, const void *, size_t);
int	 ws_relay_connect_ws(struct ws_relay *);
void	 ws_relay_ws_gone(struct ws_relay *);
void	 ws_relay_socks_reply(struct ws_relay *, unsigned char);
int	 ws_relay_from_ws(struct ws_relay *, struct lws *, const void *, size_t);
int	 ws_relay_ws_writeable(struct ws_relay *, struct lws *);
int	 ws_relay_open(struct ws_relay *, char **);

/* ws-relay-raw.c */
int	 ws_relay_raw_connect(struct ws_relay *);
int	 ws_relay_raw_cb(struct lws *, enum lws_callback_reasons,
	    struct ws_relay_sess *, void *, size_t);

/* ws-relay-socks.c */
int	 ws_relay_socks(struct lws *, struct ws_relay_sess *);

/* ws-relay-splice.c */
int	 ws_relay_to_ws(struct ws_relay *, const void *, size_t);

/* ws-relay-opts.c */
int	 ws_relay_headers_check(struct ws_relay *, const char *, char **);
int	 ws_relay_headers_add(struct ws_relay *, struct lws *, void *, size_t);
int	 ws_relay_proxy_check(struct ws_relay *, const char *, char **);
int	 ws_relay_tls_cert(struct ws_relay *, void *, void *, int);
void	 ws_relay_tls_error(struct ws_relay *);
#endif
