/*
 * Finding and clearing retained messages with a short-lived client of its
 * own: the connection's broker settings (host, port, TLS, user, protocol),
 * but a clean session and a client id of its own, so the connection's
 * session, subscriptions and history are not touched.
 *
 * It connects (in a worker thread, as engine.c does: name resolution and
 * the TCP connect can block), subscribes to the filter, and takes every
 * message that comes with the retain flag: without retain as published a
 * broker sets it only on what it sends from its store, right after the
 * SUBACK. The scan ends once nothing came for ENGINE_RETAINED_QUIET_MS.
 * Then it unsubscribes and publishes what the caller asks, each an empty
 * retained message at QoS 1, answered when the broker acknowledges it.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "engine.h"
#include "engine-int.h"
#include "loop.h"
#include "ws-relay.h"
#include "xmalloc.h"

#define ENGINE_RETAINED_QUIET_MS	1000	/* nothing new: the scan is over */
#define ENGINE_RETAINED_SCAN_MS		60000	/* a scan longer than this fails */

enum engine_retained_phase {
	ER_CONNECTING,
	ER_SUBSCRIBING,
	ER_SCANNING,
	ER_READY,		/* scanned: clears may go */
	ER_GONE,		/* the link is gone, or failed */
};

struct engine_retained_op {
	int				 mid;
	void				*cookie;
	struct engine_retained_op	*next;
};

struct engine_retained {
	struct mosquitto		*mosq;
	char				*filter;
	int				 version;
	struct profile			*p;		/* a copy: timeout, words */
	const struct engine_retained_cbs *cbs;
	void				*arg;
	enum engine_retained_phase	 phase;
	struct loop_fd			*lf;
	int				 sock;
	struct loop_timer		*quiet;		/* scan: nothing new */
	struct loop_timer		*deadline;	/* CONNACK, whole scan */
	struct loop_timer		*tick;		/* loop_misc: keepalive */
	struct loop_timer		*kick;		/* TLS bytes poll can't see */
	struct engine_retained_op	*ops;
	char				*why;		/* why it is gone */
	int				 worker;	/* a thread owns mosq */
	int				 busy;		/* inside a call: free later */
	int				 dead;		/* freed while busy */
	struct ws_relay			*relay;		/* ws:// and wss:// */
	struct engine_tls_verify	 tlsv;
	struct engine_retained		*next;
};

struct engine_retained_job {
	struct engine_retained	*er;
	char			*host;
	int			 port;
	int			 keepalive;
	char			*proxy;
	char			*why;
	struct profile		*tlsp;		/* make the TLS context first */
	char			*tls_err;
	int			 rc;
	int			 err;
};

static struct engine_retained	*engine_retained_all;
static int			 engine_retained_hooked;

static void	engine_retained_before_poll(void *);
static void	engine_retained_io(int, short, void *);
static void	engine_retained_destroy(struct engine_retained *);

/* Out of a call that may have run a callback that freed it. */
static void
engine_retained_release(struct engine_retained *er)
{
	if (--er->busy == 0 && er->dead && !er->worker)
		engine_retained_destroy(er);
}

static void
engine_retained_destroy(struct engine_retained *er)
{
	struct engine_retained		**pp;
	struct engine_retained_op	*op;

	if (er->mosq != NULL && er->phase != ER_GONE &&
	    mosquitto_socket(er->mosq) != -1) {
		/* A polite goodbye, as far as the socket takes it now. */
		er->phase = ER_GONE;	/* on_disconnect: nothing to tell */
		mosquitto_disconnect(er->mosq);
		mosquitto_loop_write(er->mosq, 1);
	}
	for (pp = &engine_retained_all; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == er) {
			*pp = er->next;
			break;
		}
	}
	while ((op = er->ops) != NULL) {
		er->ops = op->next;
		free(op);
	}
	if (er->lf != NULL)
		loop_fd_remove(er->lf);
	loop_timer_free(er->quiet);
	loop_timer_free(er->deadline);
	loop_timer_free(er->tick);
	loop_timer_free(er->kick);
	mosquitto_destroy(er->mosq);
	ws_relay_free(er->relay);
	engine_tls_verify_reset(&er->tlsv);
	free(er->filter);
	profile_free(er->p);
	free(er->why);
	free(er);
}

/*
 * The link is gone or the scan failed: say why once, failing the scan if
 * it was running and every clear still waiting. Nothing is retried.
 */
static void
engine_retained_fail(struct engine_retained *er, const char *why)
{
	struct engine_retained_op	*op;
	enum engine_retained_phase	 was = er->phase;

	if (was == ER_GONE)
		return;
	er->phase = ER_GONE;
	er->why = xstrdup(why);
	loop_timer_stop(er->quiet);
	loop_timer_stop(er->deadline);
	loop_timer_stop(er->tick);
	if (er->lf != NULL) {
		loop_fd_remove(er->lf);
		er->lf = NULL;
	}
	if (er->sock != -1 && mosquitto_socket(er->mosq) != -1) {
		mosquitto_disconnect(er->mosq);
		mosquitto_loop_write(er->mosq, 1);
	}
	er->busy++;
	if (was != ER_READY && !er->dead)
		er->cbs->scanned(er->arg, 0, why);
	while ((op = er->ops) != NULL) {
		er->ops = op->next;
		if (!er->dead)
			er->cbs->cleared(er->arg, op->cookie, 0, why);
		free(op);
	}
	er->busy--;
}

/* After a call into libmosquitto: notice a socket closed under us. */
static void
engine_retained_after(struct engine_retained *er, int rc)
{
	char	*why;

	if (er->phase == ER_GONE || er->worker ||
	    mosquitto_socket(er->mosq) != -1)
		return;
	why = xasprintf("connection lost: %s", rc == MOSQ_ERR_TLS ?
	    "TLS error" : engine_rc_words(rc));
	engine_retained_fail(er, why);
	free(why);
}

static void
engine_retained_scan_over(void *arg)
{
	struct engine_retained	*er = arg;
	int			 rc;

	if (er->phase != ER_SCANNING)
		return;
	er->phase = ER_READY;
	loop_timer_stop(er->deadline);
	/* Our own empty publishes need not come back. */
	rc = mosquitto_unsubscribe(er->mosq, NULL, er->filter);
	er->busy++;
	engine_retained_after(er, rc);
	if (er->phase == ER_READY && !er->dead)
		er->cbs->scanned(er->arg, 1, NULL);
	engine_retained_release(er);
}

static void
engine_retained_deadline(void *arg)
{
	struct engine_retained	*er = arg;
	char			*why;

	if (er->phase == ER_SCANNING)
		why = xasprintf("retained messages were still coming after "
		    "%d s: narrow the filter", ENGINE_RETAINED_SCAN_MS / 1000);
	else
		why = engine_timeout_words(er->p, NULL);
	er->busy++;
	engine_retained_fail(er, why);
	free(why);
	engine_retained_release(er);
}

static void
engine_retained_tick(void *arg)
{
	struct engine_retained	*er = arg;

	if (er->phase == ER_GONE || er->worker)
		return;
	er->busy++;
	engine_retained_after(er, mosquitto_loop_misc(er->mosq));
	if (er->phase != ER_GONE)
		loop_timer_start(er->tick, 1000);
	engine_retained_release(er);
}

static void
engine_retained_kick(void *arg)
{
	struct engine_retained	*er = arg;

	if (er->phase != ER_GONE && er->sock != -1)
		engine_retained_io(er->sock, POLLIN, er);
}

static void
engine_retained_on_connect(struct mosquitto *mosq, void *obj, int rc,
    int flags, const mosquitto_property *props)
{
	struct engine_retained	*er = obj;
	char			*why;
	int			 src;

	loop_timer_stop(er->deadline);
	if (rc != 0) {
		why = xasprintf("connection refused: %s",
		    engine_refusal(er->version, rc));
		engine_retained_fail(er, why);
		free(why);
		return;
	}
	/* QoS 0: the broker sends its store at once, nothing to answer. */
	src = mosquitto_subscribe_v5(mosq, NULL, er->filter, 0, 0, NULL);
	if (src != MOSQ_ERR_SUCCESS) {
		why = xasprintf("subscribe %s: %s", er->filter,
		    mosquitto_strerror(src));
		engine_retained_fail(er, why);
		free(why);
		return;
	}
	er->phase = ER_SUBSCRIBING;
	if (er->p->connect_timeout_ms > 0)
		loop_timer_start(er->deadline, er->p->connect_timeout_ms);
}

static void
engine_retained_on_subscribe(struct mosquitto *mosq, void *obj, int mid,
    int count, const int *granted, const mosquitto_property *props)
{
	struct engine_retained	*er = obj;
	char			*why;

	if (er->phase != ER_SUBSCRIBING)
		return;
	if (count < 1 || granted[0] >= 0x80) {
		why = xasprintf("subscribe %s: %s", er->filter, count < 1 ?
		    "no answer" : granted[0] == 0x87 ? "not authorised" :
		    mosquitto_reason_string(granted[0]));
		engine_retained_fail(er, why);
		free(why);
		return;
	}
	er->phase = ER_SCANNING;
	loop_timer_start(er->deadline, ENGINE_RETAINED_SCAN_MS);
	loop_timer_start(er->quiet, ENGINE_RETAINED_QUIET_MS);
}

static void
engine_retained_on_message(struct mosquitto *mosq, void *obj,
    const struct mosquitto_message *mm, const mosquitto_property *props)
{
	struct engine_retained	*er = obj;

	/* Live messages come without the flag: not from the store. */
	if (er->phase != ER_SCANNING || !mm->retain)
		return;
	loop_timer_start(er->quiet, ENGINE_RETAINED_QUIET_MS);
	if (!er->dead)
		er->cbs->found(er->arg, mm->topic, mm->payload,
		    (size_t)mm->payloadlen);
}

static void
engine_retained_on_publish(struct mosquitto *mosq, void *obj, int mid,
    int reason, const mosquitto_property *props)
{
	struct engine_retained		*er = obj;
	struct engine_retained_op	**pp, *op;
	char				*why = NULL;

	for (pp = &er->ops; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->mid == mid)
			break;
	}
	if ((op = *pp) == NULL)
		return;
	*pp = op->next;
	if (reason >= 0x80)
		why = xstrdup(reason == 0x87 ? "not authorised" :
		    mosquitto_reason_string(reason));
	if (!er->dead)
		er->cbs->cleared(er->arg, op->cookie, why == NULL, why);
	free(why);
	free(op);
}

static void
engine_retained_on_disconnect(struct mosquitto *mosq, void *obj, int rc,
    const mosquitto_property *props)
{
	struct engine_retained	*er = obj;
	char			*why;

	if (er->phase == ER_GONE)
		return;
	if (rc >= 0x80)
		why = xasprintf("disconnected by the broker: %s",
		    mosquitto_reason_string(rc));
	else if (rc == MOSQ_ERR_TLS || engine_tls_refused(&er->tlsv))
		why = engine_tls_words(&er->tlsv, NULL);
	else
		why = engine_lost_words(er->p, er->phase == ER_CONNECTING,
		    rc);
	engine_retained_fail(er, why);
	free(why);
}

static void
engine_retained_io(int fd, short revents, void *arg)
{
	struct engine_retained	*er = arg;
	SSL			*ssl = mosquitto_ssl_get(er->mosq);
	int			 rc = MOSQ_ERR_SUCCESS, n, avail;

	er->busy++;
	if (ssl != NULL && !SSL_is_init_finished(ssl)) {
		engine_retained_after(er, mosquitto_loop_read(er->mosq, 1));
		goto out;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		for (n = 0; n < ENGINE_READ_BUDGET; n++) {
			rc = mosquitto_loop_read(er->mosq, 1);
			if (rc != MOSQ_ERR_SUCCESS || er->phase == ER_GONE ||
			    mosquitto_socket(er->mosq) != er->sock)
				break;
			avail = 0;
			if ((ssl = mosquitto_ssl_get(er->mosq)) != NULL &&
			    SSL_pending(ssl) > 0)
				continue;
			if (ioctl(er->sock, FIONREAD, &avail) != 0 ||
			    avail <= 0)
				break;
		}
		engine_retained_after(er, rc);
	}
	if (er->phase != ER_GONE && mosquitto_want_write(er->mosq))
		engine_retained_after(er, mosquitto_loop_write(er->mosq, 1));
	if (er->phase != ER_GONE && (ssl = mosquitto_ssl_get(er->mosq)) !=
	    NULL && SSL_pending(ssl) > 0)
		loop_timer_start(er->kick, 0);
out:
	engine_retained_release(er);
}

/* Each turn: what each live scanner's socket waits for. */
static void
engine_retained_before_poll(void *arg)
{
	struct engine_retained	*er;
	SSL			*ssl;
	short			 events;

	for (er = engine_retained_all; er != NULL; er = er->next) {
		if (er->worker || er->phase == ER_GONE || er->sock == -1)
			continue;
		ssl = mosquitto_ssl_get(er->mosq);
		if (ssl != NULL && !SSL_is_init_finished(ssl))
			events = SSL_want_write(ssl) ? POLLOUT : POLLIN;
		else
			events = POLLIN | (mosquitto_want_write(er->mosq) ?
			    POLLOUT : 0);
		if (er->lf == NULL)
			er->lf = loop_fd_add(er->sock, events,
			    engine_retained_io, er);
		else
			loop_fd_set_events(er->lf, events);
	}
}

static void
engine_retained_worker_done(void *arg)
{
	struct engine_retained_job	*job = arg;
	struct engine_retained		*er = job->er;
	char				*why;

	er->worker = 0;
	er->busy++;
	if (er->dead || er->phase == ER_GONE)
		goto out;	/* freed, or timed out meanwhile: reported */
	if (job->rc != MOSQ_ERR_SUCCESS) {
		if (job->why != NULL)
			why = xstrdup(job->why);
		else if (job->tls_err != NULL)
			why = xstrdup(job->tls_err);
		else if (job->rc == MOSQ_ERR_TLS ||
		    engine_tls_refused(&er->tlsv))
			why = engine_tls_words(&er->tlsv, NULL);
		else
			why = engine_connect_words(job->rc, job->err,
			    job->host, job->port);
		engine_retained_fail(er, why);
		free(why);
		goto out;
	}
	er->sock = mosquitto_socket(er->mosq);
	loop_timer_start(er->tick, 1000);
out:
	profile_free(job->tlsp);
	free(job->tls_err);
	free(job->host);
	free(job->proxy);
	free(job->why);
	free(job);
	engine_retained_release(er);
}

static void *
engine_retained_worker(void *arg)
{
	struct engine_retained_job	*job = arg;
	SSL_CTX				*ctx = NULL;

	errno = 0;
	if (job->tlsp != NULL && (job->tlsp->ws ?
	    engine_ws_tls(job->er->relay, &ctx, job->tlsp, &job->tls_err) :
	    engine_tls_apply(job->er->mosq, job->tlsp, &job->er->tlsv,
	    &job->tls_err)) != 0)
		job->rc = MOSQ_ERR_TLS;
	else
		job->rc = engine_proxy_connect(job->er->mosq, job->proxy,
		    job->host, job->port, job->keepalive, NULL, &job->why);
	job->err = errno;
	SSL_CTX_free(ctx);	/* the relay holds its own */
	OPENSSL_thread_stop();
	loop_wake(engine_retained_worker_done, job);
	return NULL;
}

struct engine_retained *
engine_retained_start(const struct profile *p, const char *filter,
    const struct engine_retained_cbs *cbs, void *arg, char **err)
{
	struct engine_retained		*er;
	struct engine_retained_job	*job;
	char				 id[32];

	if (!engine_retained_hooked) {
		loop_before_poll(engine_retained_before_poll, NULL);
		engine_retained_hooked = 1;
	}
	/* Short enough for MQTT 3.1 (23 characters). */
	snprintf(id, sizeof id, "mqtty-rc-%08lx", (unsigned long)random());
	er = xcalloc(1, sizeof *er);
	if ((er->mosq = engine_mosq_new(id, 1, er, p, err)) == NULL) {
		free(er);
		return NULL;
	}
	if (p->ws && engine_ws_attach(er->mosq, &er->relay, p, 0, err) != 0) {
		mosquitto_destroy(er->mosq);
		free(er);
		return NULL;
	}
	er->sock = -1;
	er->filter = xstrdup(filter);
	er->version = p->version;
	er->p = profile_dup(p);
	er->cbs = cbs;
	er->arg = arg;
	mosquitto_connect_v5_callback_set(er->mosq, engine_retained_on_connect);
	mosquitto_disconnect_v5_callback_set(er->mosq,
	    engine_retained_on_disconnect);
	mosquitto_subscribe_v5_callback_set(er->mosq,
	    engine_retained_on_subscribe);
	mosquitto_publish_v5_callback_set(er->mosq, engine_retained_on_publish);
	mosquitto_message_v5_callback_set(er->mosq, engine_retained_on_message);
	er->quiet = loop_timer_new(engine_retained_scan_over, er);
	er->deadline = loop_timer_new(engine_retained_deadline, er);
	er->tick = loop_timer_new(engine_retained_tick, er);
	er->kick = loop_timer_new(engine_retained_kick, er);
	er->next = engine_retained_all;
	engine_retained_all = er;

	job = xcalloc(1, sizeof *job);
	job->er = er;
	job->host = xstrdup(p->host);
	job->proxy = p->proxy != NULL && !p->ws ? xstrdup(p->proxy) : NULL;
	job->port = p->port;
	job->keepalive = p->keepalive;
	if (p->tls)	/* over WebSocket, for the relay */
		job->tlsp = profile_dup(p);
	er->worker = 1;
	if (p->connect_timeout_ms > 0)
		loop_timer_start(er->deadline, p->connect_timeout_ms);
	engine_thread(engine_retained_worker, job);
	return er;
}

int
engine_retained_clear(struct engine_retained *er, const char *topic,
    void *cookie, char **err)
{
	struct engine_retained_op	*op;
	int				 rc, mid;

	if (er->phase != ER_READY) {
		*err = xstrdup(er->why != NULL ? er->why : "not scanned yet");
		return -1;
	}
	rc = mosquitto_publish_v5(er->mosq, &mid, topic, 0, NULL, 1, true,
	    NULL);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("publish %s: %s", topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	op = xcalloc(1, sizeof *op);
	op->mid = mid;
	op->cookie = cookie;
	op->next = er->ops;
	er->ops = op;
	return 0;
}

/* Safe from inside its callbacks: freed once they return. */
void
engine_retained_free(struct engine_retained *er)
{
	if (er == NULL)
		return;
	er->dead = 1;
	if (er->worker || er->busy > 0)
		return;
	engine_retained_destroy(er);
}
