/*
 * The WebSocket relay (see ws-relay.h and README, "How it works").
 *
 * One thread runs one libwebsockets context for every relay; a relay is a
 * vhost of its own (its own TLS settings), a listening socket on
 * 127.0.0.1, the SOCKS5 sessions accepted on it and the WebSocket opened
 * for the one that gave the relay's credential. The loop thread only
 * makes relays and lets go of them; everything else happens on the relay
 * thread, woken with lws_cancel_service. A relay is freed by the relay
 * thread once its owner let go and its sockets are closed.
 *
 * The SOCKS5 reply waits for the WebSocket upgrade, so what goes wrong on
 * the way (name, TCP, TLS, HTTP) is known before libmosquitto sees the
 * refusal; the words wait in the relay for the engine to take.
 */
#include <sys/random.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>
#include <openssl/ssl.h>

#include "profile.h"
#include "ws-relay.h"
#include "ws-relay-int.h"
#include "xmalloc.h"

#define WS_RELAY_CHUNK		65536	/* bytes a write */
#define WS_RELAY_HIGH		(256 * 1024)	/* stop reading above this */
#define WS_RELAY_HANDSHAKE_S	10	/* a SOCKS5 client that stalls */

static pthread_mutex_t	 ws_relay_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 ws_relay_cond = PTHREAD_COND_INITIALIZER;
static struct lws_context *ws_relay_ctx;
static pthread_t	 ws_relay_tid;
static int		 ws_relay_quit;		/* 1: when idle, 2: now */
static int		 ws_relay_exited;
static struct ws_relay	*ws_relay_all;
static unsigned		 ws_relay_serial;

static int	ws_relay_cb(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);

static const struct lws_protocols ws_relay_protocols[] = {
	{ "mqtty-relay", ws_relay_cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* Only the first failure counts: what follows is its consequence. */
void
ws_relay_fail(struct ws_relay *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&ws_relay_lock);
	if (r->error == NULL) {
		r->error = s;
		s = NULL;
	}
	pthread_mutex_unlock(&ws_relay_lock);
	free(s);
}

void
ws_relay_buf_add(struct ws_relay_buf *b, const void *p, size_t n)
{
	if (b->cap < LWS_PRE + b->len + n) {
		b->cap = LWS_PRE + b->len + n + 4096;
		b->d = xrealloc(b->d, b->cap);
	}
	memcpy(b->d + LWS_PRE + b->len, p, n);
	b->len += n;
}

/* Write up to a chunk of b to wsi; the rest waits for the next turn. */
static int
ws_relay_buf_write(struct lws *wsi, struct ws_relay_buf *b,
    enum lws_write_protocol how)
{
	size_t	n = b->len < WS_RELAY_CHUNK ? b->len : WS_RELAY_CHUNK;

	if (n == 0)
		return 0;
	/* lws keeps what the socket did not take and sends it first. */
	if (lws_write(wsi, b->d + LWS_PRE, n, how) < (int)n)
		return -1;
	memmove(b->d + LWS_PRE, b->d + LWS_PRE + n, b->len - n);
	b->len -= n;
	if (b->len > 0)
		lws_callback_on_writable(wsi);
	return 0;
}

static void
ws_relay_kill(struct lws *wsi)
{
	if (wsi != NULL)
		lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

/* A SOCKS5 reply: 0 succeeded, else the refusal's code. */
void
ws_relay_socks_reply(struct ws_relay *r, unsigned char code)
{
	unsigned char	 rep[10] = { 5, code, 0, 1 };

	ws_relay_buf_add(&r->to_local, rep, sizeof rep);
	if (r->local != NULL)
		lws_callback_on_writable(r->local);
}

/* The WebSocket is gone (or never came): the local side follows. */
void
ws_relay_ws_gone(struct ws_relay *r)
{
	if (r->ws_gone)
		return;
	if (!r->up)
		ws_relay_socks_reply(r, 1);	/* general failure */
	r->ws = NULL;
	r->ws_gone = 1;
	if (r->local != NULL && r->to_local.len == 0)
		ws_relay_kill(r->local);
}

/* The local side is gone: send what it left, then close the WebSocket. */
static void
ws_relay_local_gone(struct ws_relay *r)
{
	r->local = NULL;
	r->local_eof = 1;
	ws_relay_kill(r->lw);	/* the credential was used */
	if (r->ws == NULL)
		return;
	if (r->up)
		lws_callback_on_writable(r->ws);
	else
		ws_relay_kill(r->ws);
}

int
ws_relay_connect_ws(struct ws_relay *r)
{
	struct lws_client_connect_info	 ci;
	struct engine_tls_verify	*v;
	struct addrinfo			 hints, *ai;
	int				 rc;

	if (r->raw)
		return ws_relay_raw_connect(r);
	/* lws says nothing of a name that does not resolve: ask first. */
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (r->proxy == NULL &&
	    (rc = getaddrinfo(r->host, NULL, &hints, &ai)) != 0) {
		ws_relay_fail(r, "cannot resolve host '%s': %s", r->host,
		    gai_strerror(rc));
		return -1;
	}
	if (r->proxy == NULL)
		freeaddrinfo(ai);
	memset(&ci, 0, sizeof ci);
	ci.context = ws_relay_ctx;
	ci.vhost = r->vh;
	ci.address = r->host;
	ci.port = r->port;
	ci.path = r->path;
	ci.host = r->hosthdr;
	ci.protocol = "mqtt";
	ci.local_protocol_name = "mqtty-relay";
	ci.opaque_user_data = r;
	ci.pwsi = &r->ws;
	if (r->tls) {
		/*
		 * Our context checks the name and decides (ws-relay-opts.c):
		 * none of lws's own checks or exceptions (LCCSCF_ALLOW_*).
		 */
		ci.ssl_connection = LCCSCF_USE_SSL |
		    LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK;
		/* Shared with earlier relays: only this thread uses it. */
		if ((v = engine_tls_ctx_record(r->ssl)) != NULL)
			engine_tls_verify_reset(v);
		/*
		 * Not h2: WebSocket over HTTP/2 is not there in lws 4.1.
		 * --alpn's list is the context's, set again over this.
		 */
		ci.alpn = "http/1.1";
	}
	if (lws_client_connect_via_info(&ci) == NULL && r->ws == NULL) {
		ws_relay_fail(r, "cannot open a WebSocket to %s:%d", r->host,
		    r->port);
		return -1;
	}
	return 0;
}

static int
ws_relay_local_rx(struct lws *wsi, struct ws_relay_sess *s, const void *in,
    size_t len)
{
	struct ws_relay	*r = s->r;

	if (s->st != SESS_PIPE) {
		if (len > sizeof s->in - s->n)
			return -1;
		memcpy(s->in + s->n, in, len);
		s->n += len;
		return ws_relay_socks(wsi, s);
	}
	if (ws_relay_to_ws(r, in, len) != 0)
		return -1;
	if (r->ws != NULL && r->up)
		lws_callback_on_writable(r->ws);
	if (r->to_ws.len > WS_RELAY_HIGH) {
		lws_rx_flow_control(wsi, 0);
		r->local_paused = 1;
	}
	return 0;
}

static int
ws_relay_local_writeable(struct ws_relay *r, struct lws *wsi)
{
	if (ws_relay_buf_write(wsi, &r->to_local, LWS_WRITE_RAW) != 0)
		return -1;
	if (r->to_local.len == 0) {
		if (r->ws_gone)
			return -1;
		if (r->ws_paused && r->ws != NULL) {
			lws_rx_flow_control(r->ws, 1);
			r->ws_paused = 0;
		}
	}
	return 0;
}

int
ws_relay_ws_writeable(struct ws_relay *r, struct lws *wsi)
{
	if (ws_relay_buf_write(wsi, &r->to_ws, r->raw ? LWS_WRITE_RAW :
	    LWS_WRITE_BINARY) != 0)
		return -1;
	if (r->to_ws.len > 0)
		return 0;
	if (r->local_eof) {
		if (!r->raw)
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	if (r->local_paused && r->local != NULL) {
		lws_rx_flow_control(r->local, 1);
		r->local_paused = 0;
	}
	return 0;
}

/* The broker's bytes, for libmosquitto. */
int
ws_relay_from_ws(struct ws_relay *r, struct lws *wsi, const void *in,
    size_t len)
{
	ws_relay_buf_add(&r->to_local, in, len);
	if (r->local != NULL)
		lws_callback_on_writable(r->local);
	if (r->to_local.len > WS_RELAY_HIGH) {
		lws_rx_flow_control(wsi, 0);
		r->ws_paused = 1;
	}
	return 0;
}

/* The handshake's answer: 101 and the mqtt subprotocol, or words. */
static int
ws_relay_check_upgrade(struct ws_relay *r, struct lws *wsi)
{
	char	proto[64];
	int	status = (int)lws_http_client_http_response(wsi);

	if (status != 101) {
		ws_relay_fail(r, "WebSocket upgrade failed: HTTP %d for %s",
		    status, r->path);
		return -1;
	}
	if (lws_hdr_copy(wsi, proto, sizeof proto, WSI_TOKEN_PROTOCOL) <= 0 ||
	    strcasecmp(proto, "mqtt") != 0) {
		ws_relay_fail(r, "WebSocket upgrade failed: the server did "
		    "not accept the subprotocol mqtt for %s", r->path);
		return -1;
	}
	return 0;
}

static void
ws_relay_accept(struct ws_relay *r)
{
	struct ws_relay_sess	*s;
	lws_adopt_desc_t	 ad;
	struct lws		*wsi;
	int			 fd;

	if ((fd = accept4(r->lfd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) == -1)
		return;
	s = xcalloc(1, sizeof *s);
	s->r = r;
	memset(&ad, 0, sizeof ad);
	ad.vh = r->vh;
	ad.type = LWS_ADOPT_SOCKET;
	ad.fd.sockfd = fd;
	ad.vh_prot_name = "mqtty-relay";
	ad.opaque = s;
	/* On failure lws closed the socket. */
	if ((wsi = lws_adopt_descriptor_vhost_via_info(&ad)) == NULL) {
		free(s);
		return;
	}
	r->nsess++;
	lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, WS_RELAY_HANDSHAKE_S);
}

static int
ws_relay_cb(struct lws *wsi, enum lws_callback_reasons why, void *user,
    void *in, size_t len)
{
	struct ws_relay		*r;
	struct ws_relay_sess	*s;

	switch (why) {
	case LWS_CALLBACK_RAW_RX_FILE:		/* the listening socket */
		if ((r = lws_get_opaque_user_data(wsi)) != NULL)
			ws_relay_accept(r);
		return 0;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		if ((r = lws_get_opaque_user_data(wsi)) != NULL)
			r->lw = NULL;
		return 0;
	case LWS_CALLBACK_RAW_RX:		/* a SOCKS5 client */
		s = lws_get_opaque_user_data(wsi);
		if (s != NULL && s->st == SESS_REMOTE)
			return ws_relay_raw_cb(wsi, why, s, in, len);
		return s != NULL ? ws_relay_local_rx(wsi, s, in, len) : -1;
	case LWS_CALLBACK_RAW_WRITEABLE:
		s = lws_get_opaque_user_data(wsi);
		if (s != NULL && s->st == SESS_REMOTE)
			return ws_relay_raw_cb(wsi, why, s, in, len);
		if (s == NULL || s->r->local != wsi)
			return 0;
		return ws_relay_local_writeable(s->r, wsi);
	case LWS_CALLBACK_RAW_CLOSE:
		if ((s = lws_get_opaque_user_data(wsi)) == NULL)
			return 0;
		if (s->st == SESS_REMOTE)
			return ws_relay_raw_cb(wsi, why, s, in, len);
		lws_set_opaque_user_data(wsi, NULL);
		s->r->nsess--;
		if (s->r->local == wsi)
			ws_relay_local_gone(s->r);
		free(s);
		return 0;
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return 0;
		return ws_relay_tls_cert(r, user, in, (int)len);
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return 0;
		return ws_relay_headers_add(r, wsi, in, len);
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return 0;
		return ws_relay_check_upgrade(r, wsi);
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return 0;
		ws_relay_tls_error(r);
		if (r->tls && in != NULL && strstr(in, "SSL") != NULL)
			ws_relay_fail(r, "TLS handshake with %s:%d failed "
			    "(is it a wss:// port?)", r->host, r->port);
		ws_relay_fail(r, "WebSocket connection to %s:%d failed: %s",
		    r->host, r->port, in != NULL && len > 0 ? (char *)in :
		    "no reason given");
		ws_relay_ws_gone(r);
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return -1;
		r->up = 1;
		ws_relay_socks_reply(r, 0);
		if (r->to_ws.len > 0)
			lws_callback_on_writable(wsi);
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return -1;
		return ws_relay_from_ws(r, wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if ((r = lws_get_opaque_user_data(wsi)) == NULL)
			return -1;
		return ws_relay_ws_writeable(r, wsi);
	case LWS_CALLBACK_CLIENT_CLOSED:
		if ((r = lws_get_opaque_user_data(wsi)) != NULL)
			ws_relay_ws_gone(r);
		return 0;
	default:
		return 0;
	}
}

/* On the relay thread: the vhost and the listening socket go live. */
static void
ws_relay_start(struct ws_relay *r)
{
	struct lws_context_creation_info	 info;
	lws_adopt_desc_t			 ad;
	char					 name[32];

	memset(&info, 0, sizeof info);
	snprintf(name, sizeof name, "relay%u", r->id);
	info.vhost_name = name;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = ws_relay_protocols;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.provided_client_ssl_ctx = r->ssl;
	info.http_proxy_address = r->proxy;
	if ((r->vh = lws_create_vhost(ws_relay_ctx, &info)) == NULL) {
		ws_relay_fail(r, "cannot set up the WebSocket relay");
		close(r->lfd);
		return;
	}
	memset(&ad, 0, sizeof ad);
	ad.vh = r->vh;
	ad.type = LWS_ADOPT_RAW_FILE_DESC;
	ad.fd.filefd = r->lfd;
	ad.vh_prot_name = "mqtty-relay";
	ad.opaque = r;
	if ((r->lw = lws_adopt_descriptor_vhost_via_info(&ad)) == NULL)
		ws_relay_fail(r, "cannot set up the WebSocket relay");
}

static void
ws_relay_destroy(struct ws_relay *r)
{
	struct ws_relay	**rp;

	for (rp = &ws_relay_all; *rp != NULL; rp = &(*rp)->next) {
		if (*rp == r) {
			*rp = r->next;
			break;
		}
	}
	if (!r->started)
		close(r->lfd);
	if (r->rfd != -1)
		close(r->rfd);
	/* Ours alone (lws frees no context it was given); its vhost is gone. */
	SSL_CTX_free(r->ssl);
	free(r->host);
	free(r->hosthdr);
	free(r->path);
	free(r->headers);
	free(r->proxy);
	free(r->error);
	free(r->props);
	buf_free(&r->first);
	free(r->to_ws.d);
	free(r->to_local.d);
	free(r);
}

/*
 * After each turn of the service: start new relays, let go of the
 * listening socket and stray sessions of those whose owner is done, free
 * the finished ones. Returns how many still have a WebSocket.
 */
static int
ws_relay_tend(void)
{
	struct ws_relay		*r, *next;
	struct lws_vhost	*vh;
	int			 started, owned, live = 0;

	pthread_mutex_lock(&ws_relay_lock);
	for (r = ws_relay_all; r != NULL; r = next) {
		next = r->next;
		/* wss waits for its context; let go of before: no vhost. */
		if (!r->started && r->tls && r->ssl == NULL) {
			if (!r->owned)
				ws_relay_destroy(r);
			continue;
		}
		started = r->started;
		r->started = 1;
		owned = r->owned;
		pthread_mutex_unlock(&ws_relay_lock);
		if (!started)
			ws_relay_start(r);
		if (!owned && r->local == NULL)
			ws_relay_kill(r->lw);
		if (r->ws != NULL)
			live++;
		pthread_mutex_lock(&ws_relay_lock);
		if (!r->owned && r->lw == NULL && r->nsess == 0 &&
		    r->ws == NULL) {
			/* Only this thread frees relays: r stays. */
			if ((vh = r->vh) != NULL) {
				pthread_mutex_unlock(&ws_relay_lock);
				lws_vhost_destroy(vh);
				pthread_mutex_lock(&ws_relay_lock);
			}
			ws_relay_destroy(r);
		}
	}
	pthread_mutex_unlock(&ws_relay_lock);
	return live;
}

static void *
ws_relay_main(void *arg)
{
	int	quit, live;

	for (;;) {
		live = ws_relay_tend();
		pthread_mutex_lock(&ws_relay_lock);
		quit = ws_relay_quit;
		pthread_mutex_unlock(&ws_relay_lock);
		if (quit == 2 || (quit == 1 && live == 0))
			break;
		if (lws_service(ws_relay_ctx, 0) < 0)
			break;
	}
	pthread_mutex_lock(&ws_relay_lock);
	ws_relay_exited = 1;
	pthread_cond_broadcast(&ws_relay_cond);
	pthread_mutex_unlock(&ws_relay_lock);
	return NULL;
}

static int
ws_relay_boot(char **err)
{
	struct lws_context_creation_info	info;

	if (ws_relay_ctx != NULL)
		return 0;
	/* lws writes its log to stderr, under the screen: not a word. */
	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = ws_relay_protocols;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
	    LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if ((ws_relay_ctx = lws_create_context(&info)) == NULL) {
		*err = xstrdup("cannot start the WebSocket relay");
		return -1;
	}
	if (pthread_create(&ws_relay_tid, NULL, ws_relay_main, NULL) != 0) {
		lws_context_destroy(ws_relay_ctx);
		ws_relay_ctx = NULL;
		*err = xasprintf("cannot start the WebSocket relay: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
ws_relay_listen(struct ws_relay *r, char **err)
{
	struct sockaddr_in	sin;
	socklen_t		sl = sizeof sin;

	r->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (r->lfd == -1)
		goto fail;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(r->lfd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(r->lfd, 4) != 0 ||
	    getsockname(r->lfd, (struct sockaddr *)&sin, &sl) != 0)
		goto fail;
	r->lport = ntohs(sin.sin_port);
	return 0;
fail:
	*err = xasprintf("cannot start the WebSocket relay: %s",
	    strerror(errno));
	if (r->lfd != -1)
		close(r->lfd);
	r->lfd = -1;
	return -1;
}

/* A credential nobody else can guess: 64 and 128 random bits, in hex. */
static int
ws_relay_credential(struct ws_relay *r, char **err)
{
	unsigned char	rnd[24];
	size_t		i;

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		*err = xasprintf("cannot start the WebSocket relay: no random "
		    "bytes: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 8; i++)
		snprintf(r->user + 2 * i, 3, "%02x", rnd[i]);
	for (i = 0; i < 16; i++)
		snprintf(r->pass + 2 * i, 3, "%02x", rnd[8 + i]);
	return 0;
}

struct ws_relay *
ws_relay_new(const struct profile *p, const void *props, size_t plen,
    char **err)
{
	struct ws_relay	*r = xcalloc(1, sizeof *r);
	int		 v6 = strchr(p->host, ':') != NULL;

	r->lfd = -1;
	r->rfd = -1;
	if (props != NULL && plen > 0) {
		r->props = xmalloc(plen);
		memcpy(r->props, props, plen);
		r->props_len = plen;
		r->splice = 1;
	}
	r->host = xstrdup(p->host);
	r->port = p->port;
	r->path = xstrdup(p->ws_path != NULL && *p->ws_path != '\0' ?
	    p->ws_path : "/mqtt");
	r->tls = p->tls;
	/* The Host header; SNI and the name checked are the context's. */
	if (p->sni != NULL)
		r->hosthdr = xstrdup(p->sni);
	else if (p->port == (p->tls ? 443 : 80))
		r->hosthdr = xasprintf(v6 ? "[%s]" : "%s", p->host);
	else
		r->hosthdr = xasprintf(v6 ? "[%s]:%d" : "%s:%d", p->host,
		    p->port);
	if (ws_relay_headers_check(r, p->ws_headers, err) != 0 ||
	    ws_relay_proxy_check(r, p->proxy, err) != 0) {
		r->started = 1;
		ws_relay_destroy(r);
		return NULL;
	}
	return ws_relay_open(r, err) == 0 ? r : NULL;
}

/* The credential, the socket, the thread: r is live, or freed. */
int
ws_relay_open(struct ws_relay *r, char **err)
{
	if (ws_relay_credential(r, err) != 0 ||
	    ws_relay_listen(r, err) != 0 ||
	    ws_relay_boot(err) != 0)
		goto fail;
	r->owned = 1;
	pthread_mutex_lock(&ws_relay_lock);
	r->id = ++ws_relay_serial;
	r->next = ws_relay_all;
	ws_relay_all = r;
	pthread_mutex_unlock(&ws_relay_lock);
	lws_cancel_service(ws_relay_ctx);
	return 0;
fail:
	r->started = r->lfd != -1 ? 0 : 1;
	ws_relay_destroy(r);
	return -1;
}

void
ws_relay_set_tls(struct ws_relay *r, SSL_CTX *ctx)
{
	int	exited;

	SSL_CTX_up_ref(ctx);
	pthread_mutex_lock(&ws_relay_lock);
	if (r->ssl == NULL) {
		r->ssl = ctx;
		ctx = NULL;
	}
	exited = ws_relay_exited;
	pthread_mutex_unlock(&ws_relay_lock);
	SSL_CTX_free(ctx);	/* a second one: the first is in use */
	if (!exited)
		lws_cancel_service(ws_relay_ctx);
}

int
ws_relay_port(const struct ws_relay *r)
{
	return r->lport;
}

const char *
ws_relay_user(const struct ws_relay *r)
{
	return r->user;
}

const char *
ws_relay_password(const struct ws_relay *r)
{
	return r->pass;
}

char *
ws_relay_error(struct ws_relay *r)
{
	char	*s;

	pthread_mutex_lock(&ws_relay_lock);
	s = r->error != NULL ? xstrdup(r->error) : NULL;
	pthread_mutex_unlock(&ws_relay_lock);
	return s;
}

void
ws_relay_free(struct ws_relay *r)
{
	if (r == NULL)
		return;
	pthread_mutex_lock(&ws_relay_lock);
	r->owned = 0;
	if (ws_relay_exited) {
		/* The thread and its context are gone: nothing holds it. */
		r->started = 1;
		ws_relay_destroy(r);
		pthread_mutex_unlock(&ws_relay_lock);
		return;
	}
	pthread_mutex_unlock(&ws_relay_lock);
	lws_cancel_service(ws_relay_ctx);
}

void
ws_relay_shutdown(int ms)
{
	struct ws_relay	*r, *next;
	struct timespec	 ts;
	int		 rc = 0;

	if (ws_relay_ctx == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	if ((ts.tv_nsec += (long)(ms % 1000) * 1000000) >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&ws_relay_lock);
	ws_relay_quit = 1;
	pthread_mutex_unlock(&ws_relay_lock);
	lws_cancel_service(ws_relay_ctx);
	pthread_mutex_lock(&ws_relay_lock);
	while (!ws_relay_exited && rc == 0)
		rc = pthread_cond_timedwait(&ws_relay_cond, &ws_relay_lock,
		    &ts);
	if (!ws_relay_exited) {
		/* Out of time: stop now (a name lookup may hold it still). */
		ws_relay_quit = 2;
		pthread_mutex_unlock(&ws_relay_lock);
		lws_cancel_service(ws_relay_ctx);
		return;
	}
	pthread_mutex_unlock(&ws_relay_lock);
	pthread_join(ws_relay_tid, NULL);
	/* Closes what is left; the callbacks still find their relays. */
	lws_context_destroy(ws_relay_ctx);
	pthread_mutex_lock(&ws_relay_lock);
	for (r = ws_relay_all; r != NULL; r = next) {
		next = r->next;
		r->started = 1;
		if (!r->owned)
			ws_relay_destroy(r);
	}
	pthread_mutex_unlock(&ws_relay_lock);
}
