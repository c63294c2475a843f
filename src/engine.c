/*
 * libmosquitto connections: their life (connect, callbacks, loss, backoff,
 * disconnect); engine-io.c drives their sockets from the poll loop.
 *
 * Each connection attempt runs mosquitto_connect_bind_v5() in a short-lived
 * worker thread: it resolves the name, makes the TCP connection and queues
 * CONNECT with its v5 properties, all of which can block. While the worker
 * owns a connection the loop thread does not touch it. After the hand-back
 * the loop thread alone drives the socket: loop_read on POLLIN, loop_write
 * when libmosquitto wants to write, loop_misc once a second. A TLS handshake
 * is driven by what OpenSSL waits for, not by want_write (which stays true
 * while CONNECT is queued behind the handshake and would spin).
 *
 * Clients run in libmosquitto's threaded mode only so that it queues every
 * packet instead of writing it at once: a PUBACK (or PUBCOMP) goes out from
 * loop_write, which is not called while the newest QoS 1/2 message read on
 * that connection is not yet committed to the store. Reading stops while
 * the store's queue (or another consumer) has no room: TCP backpressure.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "connack.h"
#include "engine.h"
#include "engine-int.h"
#include "engine-props.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "topic.h"
#include "will.h"
#include "ws-relay.h"
#include "xmalloc.h"

static void	engine_start(struct engine_conn *);
static struct mosquitto *engine_new_mosq(struct engine_conn *,
		    struct profile *, char **);

void
engine_set_state(struct engine_conn *ec, enum conn_state st)
{
	struct event	ev = { .type = EV_STATE, .conn = ec->c };

	ec->c->state = st;
	events_emit(&ev);
}

static void
engine_finish_connect(struct engine_conn *ec, int ok, const char *reason)
{
	done_fn	 fn = ec->connect_fn;

	ec->connect_fn = NULL;
	if (fn != NULL)
		fn(ec->connect_arg, ok, reason);
}

static void
engine_finish_close(struct engine_conn *ec, int ok, const char *reason)
{
	done_fn	 fn = ec->close_fn;

	ec->close_fn = NULL;
	if (fn != NULL)
		fn(ec->close_arg, ok, reason);
}

/*
 * libmosquitto's log is the only place that shows a PUBLISH's DUP flag and
 * which acknowledgement came in last (for a protocol error's words).
 */
static void	engine_on_log(struct mosquitto *, void *, int, const char *);

/*
 * The log costs a formatted line a packet, so it is on only while it can
 * tell something: connecting (TLS and socket errors), a QoS 1/2 publish
 * waiting for its answer, QoS 1/2 messages coming in (DUP flags), and the
 * first message after a reconnect to a session the broker kept.
 */
void
engine_log_update(struct engine_conn *ec)
{
	struct conn		*c = ec->c;
	struct engine_op	*op;
	struct sub		*s;
	int			 want;

	want = c->state != CONN_CONNECTED || ec->qos_in ||
	    (c->session_present && ec->link_msgs == 0);
	for (op = ec->ops; !want && op != NULL; op = op->next)
		want = op->kind == OP_PUBLISH && op->qos > 0;
	TAILQ_FOREACH(s, &c->subs, entry) {
		if (want)
			break;
		want = s->enabled && s->qos > 0;
	}
	if (want != ec->logging) {
		mosquitto_log_callback_set(ec->mosq, want ? engine_on_log :
		    NULL);
		ec->logging = want;
	}
}

static void
engine_on_log(struct mosquitto *mosq, void *obj, int level, const char *s)
{
	struct engine_conn	*ec = obj;
	const char		*p, *q;
	size_t			 n;
	int			 mid;

	if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) {
		free(ec->last_log);
		ec->last_log = xstrdup(s);
		return;
	}
	/* Called for every packet: strstr and strtol, no sscanf. */
	if (!(level & MOSQ_LOG_DEBUG) ||
	    (p = strstr(s, " received PUB")) == NULL)
		return;
	p += 10;
	if (strncmp(p, "PUBLISH (d1, q", 14) == 0 && p[14] != '0' &&
	    (q = strstr(p + 14, ", m")) != NULL) {
		mid = (int)strtol(q + 3, NULL, 10);
		ec->dup_mids[ec->dup_next] = mid;
		ec->dup_next = (ec->dup_next + 1) % ENGINE_DUP_RING;
	} else if ((q = strstr(p, " (Mid: ")) != NULL &&
	    (n = (size_t)(q - p)) < sizeof ec->ack_kind) {
		memcpy(ec->ack_kind, p, n);
		ec->ack_kind[n] = '\0';
		ec->ack_mid = (int)strtol(q + 7, NULL, 10);
	}
}

static void
engine_on_connect(struct mosquitto *mosq, void *obj, int rc, int flags,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct conn		*c = ec->c;
	struct event		 ev = { .type = EV_CONNECTED, .conn = c };
	struct sub		*s;
	char			*why;

	loop_timer_stop(ec->deadline);
	/* Kept as plain data for the connection's detail. */
	if (c->connack == NULL) {
		c->connack = xmalloc(sizeof *c->connack);
		connack_init(c->connack, c->p->version);
	}
	engine_connack_read(c->connack, c->p->version, rc, flags, props);
	if (rc != 0) {
		ec->refused = 1;
		why = xasprintf("connection refused: %s",
		    engine_refusal(c->p->version, rc));
		conn_set_reason(c, why);
		free(why);
		return;		/* on_disconnect follows and reports it */
	}
	/* The backoff starts over only once this link has stayed up. */
	ec->up_since = loop_now();
	ec->refused = 0;
	ec->down_told = 0;
	ec->link++;
	ec->link_msgs = 0;
	c->session_present = (flags & 1) != 0;
	engine_alias_reset(ec, props);
	conn_set_reason(c, NULL);
	engine_set_state(ec, CONN_CONNECTED);
	engine_log_update(ec);
	ev.session_present = c->session_present;
	events_emit(&ev);
	c->offline = 0;		/* the listeners knew: back online */
	/* What the broker kept for us comes now: count it (see README). */
	if (c->session_present) {
		ec->counting = 1;
		ec->waiting = 0;
		loop_timer_start(ec->quiet, ENGINE_QUIET_MS);
	}
	/* The broker kept our subscriptions only if the session is present. */
	if (!c->session_present)
		engine_resubscribe(ec);
	else {
		TAILQ_FOREACH(s, &c->subs, entry) {
			if (s->enabled)
				s->state = SUB_ACTIVE;
		}
	}
	engine_finish_connect(ec, 1, NULL);
}

static void
engine_on_disconnect(struct mosquitto *mosq, void *obj, int rc,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	char			*why = NULL;

	ec->saw_disconnect = 1;
	/* libmosquitto can report one loss twice (a write after a close). */
	if (ec->c->state == CONN_OFFLINE || ec->c->state == CONN_ERROR ||
	    ec->c->state == CONN_RECONNECT_WAIT)
		return;
	if (ec->timed_out)
		why = engine_timeout_words(ec->c->p, NULL);
	else if (ec->closing && ec->offline)
		why = xstrdup("offline (the broker keeps the session)");
	else if (ec->closing)
		why = xstrdup("disconnected");
	else if (ec->dropped)
		why = xstrdup("dropped without DISCONNECT");
	else if (ec->c->reason != NULL && ec->refused)
		why = xstrdup(ec->c->reason);
	else if (rc >= 0x80)
		why = xasprintf("disconnected by the broker: %s",
		    mosquitto_reason_string(rc));
	else if (rc == MOSQ_ERR_TLS || (ec->c->state == CONN_CONNECTING &&
	    engine_tls_refused(&ec->tlsv)))
		why = engine_tls_words(&ec->tlsv, ec->last_log);
	else if (rc == MOSQ_ERR_KEEPALIVE)
		why = xstrdup("keepalive timeout: no answer from the broker");
	else if (rc == MOSQ_ERR_PROTOCOL &&
	    (why = engine_ops_protocol(ec)) != NULL)
		ec->fresh = 1;
	else
		why = engine_lost_words(ec->c->p,
		    ec->c->state == CONN_CONNECTING, rc);
	engine_lost(ec, why);
	free(why);
}

void
engine_init(void)
{
	mosquitto_lib_init();
	engine_secret_init();
	engine_io_init();
}

/* The count of what the kept session held is final: say it. */
void
engine_waiting_end(struct engine_conn *ec)
{
	struct event	ev = { .type = EV_WAITING, .conn = ec->c };

	if (!ec->counting)
		return;
	ec->counting = 0;
	loop_timer_stop(ec->quiet);
	ev.count = (size_t)ec->waiting;
	events_emit(&ev);
}

static void
engine_quiet_fire(void *arg)
{
	engine_waiting_end(arg);
}

static void
engine_backoff_fire(void *arg)
{
	struct engine_conn	*ec = arg;

	if (ec->c->state == CONN_RECONNECT_WAIT)
		engine_start(ec);
}

/* No CONNACK in time: a silent broker must not hold a script forever. */
static void
engine_deadline_fire(void *arg)
{
	struct engine_conn	*ec = arg;
	char			*why;

	if (ec->c->state != CONN_CONNECTING)
		return;
	ec->timed_out = 1;
	if (ec->worker) {
		/* The worker cannot be interrupted; it is told when back. */
		why = engine_timeout_words(ec->c->p, ec->c->p->host);
		conn_set_reason(ec->c, why);
		engine_finish_connect(ec, 0, why);
		free(why);
	} else if (ec->sock != -1)
		shutdown(ec->sock, SHUT_RDWR);
}

/* The connection is gone: report, fail what waits, maybe retry. */
void
engine_lost(struct engine_conn *ec, const char *why)
{
	struct conn		*c = ec->c;
	struct event		 ev = { .type = EV_DISCONNECTED, .conn = c };
	enum conn_state		 was = c->state;
	int			 delay, retry;
	char			*ws_why;

	if ((ws_why = engine_ws_why(ec)) != NULL)
		why = ws_why;
	loop_timer_stop(ec->deadline);
	engine_waiting_end(ec);
	ev.how = ec->offline ? EV_HOW_OFFLINE : ec->closing ?
	    EV_HOW_DISCONNECT : ec->dropped ? EV_HOW_DROP : EV_HOW_LOST;
	c->offline = ev.how == EV_HOW_OFFLINE;
	retry = c->p->auto_reconnect && !ec->closing && !ec->dropped &&
	    !ec->refused && was == CONN_CONNECTED;
	if (was == CONN_CONNECTING && !ec->refused && c->p->auto_reconnect &&
	    !ec->closing && !ec->dropped && ec->connect_fn == NULL)
		retry = 1;
	if (ec->closing || ec->dropped)
		conn_set_reason(c, NULL);
	else
		conn_set_reason(c, why);
	/* libmosquitto sends unanswered publishes again on a retry. */
	engine_ops_fail(ec, why, retry && !ec->fresh);
	if (was == CONN_CONNECTING && ec->connect_fn != NULL) {
		/* A first attempt that fails is the command's error. */
		engine_set_state(ec, CONN_ERROR);
		engine_finish_connect(ec, 0, why);
		free(ws_why);
		return;
	}
	ev.reason = why;
	if (retry) {
		delay = engine_backoff_next(ec, was == CONN_CONNECTED);
		c->reconnect_at = loop_now() + delay;
		loop_timer_start(ec->timer, delay);
		engine_set_state(ec, CONN_RECONNECT_WAIT);
	} else
		engine_set_state(ec, ec->closing || ec->dropped ?
		    CONN_OFFLINE : CONN_ERROR);
	/* One event an outage, not one a failed retry. */
	if (was != CONN_RECONNECT_WAIT && !ec->down_told) {
		ec->down_told = retry;
		events_emit(&ev);
	}
	ec->closing = ec->dropped = ec->offline = 0;
	engine_finish_close(ec, 1, NULL);
	free(ws_why);
}

static void
engine_free_ec(struct engine_conn *ec)
{
	engine_ops_fail(ec, "connection closed", 0);
	engine_seen_free(ec);
	engine_alias_free(ec);
	engine_io_forget(ec);
	loop_timer_free(ec->timer);
	loop_timer_free(ec->deadline);
	loop_timer_free(ec->quiet);
	mosquitto_destroy(ec->mosq);
	ws_relay_free(ec->relay);
	SSL_CTX_free(ec->ws_ssl);	/* the relay holds its own */
	engine_tls_verify_reset(&ec->tlsv);
	free(ec->last_log);
	free(ec);
}

static void
engine_worker_done(void *arg)
{
	struct engine_job	*job = arg;
	struct engine_conn	*ec = job->ec;
	char			*why;

	ec->worker = 0;
	mosquitto_property_free_all(&job->props);
	if (ec->orphan) {
		engine_free_ec(ec);
		goto out;
	}
	ec->saw_disconnect = 0;
	engine_secret_done(ec, job);
	if (job->tlsp != NULL && !job->tlsp->ws && job->tls_err == NULL)
		ec->tls_ready = 1;
	if (job->rc != MOSQ_ERR_SUCCESS) {
		if (job->pw_err != NULL)
			why = xstrdup(job->pw_err);
		else if (job->why != NULL)
			why = xstrdup(job->why);
		else if (job->tls_err != NULL)
			why = xstrdup(job->tls_err);
		else if (job->rc == MOSQ_ERR_TLS ||
		    engine_tls_refused(&ec->tlsv))
			why = engine_tls_words(&ec->tlsv, ec->last_log);
		else
			why = engine_connect_words(job->rc, job->err,
			    job->host, job->port);
		engine_lost(ec, why);
		free(why);
		goto out;
	}
	engine_sync_socket(ec);
	if (ec->timed_out && ec->sock != -1)
		shutdown(ec->sock, SHUT_RDWR);	/* too late: reported */
	else if (ec->closing) {
		mosquitto_disconnect(ec->mosq);
		engine_after_call(ec, MOSQ_ERR_SUCCESS);
	}
out:
	profile_free(job->tlsp);
	free(job->tls_err);
	engine_secret_free(job);
	free(job->host);
	free(job->proxy);
	free(job->why);
	free(job);
}

static void *
engine_worker(void *arg)
{
	struct engine_job	*job = arg;

	errno = 0;
	/* Made here: a key's passphrase command must not hold the loop. */
	engine_secret_key_pass(job->key_pass);
	if (job->pw_command != NULL && engine_secret_command(job) != 0)
		job->rc = MOSQ_ERR_AUTH;
	else if (job->tlsp != NULL && (job->tlsp->ws ?
	    engine_ws_tls(job->ec->relay, &job->ec->ws_ssl, job->tlsp,
	    &job->tls_err) :
	    engine_tls_apply(job->ec->mosq, job->tlsp, &job->ec->tlsv,
	    &job->tls_err)) != 0)
		job->rc = MOSQ_ERR_TLS;
	else if (job->proxy != NULL && job->ec->relay != NULL)
		job->rc = engine_tunnel_connect(job->ec->mosq, job->ec->relay,
		    job->proxy, job->host, job->port, job->keepalive,
		    job->tunnel_ms, job->props, &job->why);
	else
		job->rc = engine_proxy_connect(job->ec->mosq, job->proxy,
		    job->host, job->port, job->keepalive, job->props,
		    &job->why);
	job->err = errno;
	engine_secret_key_pass(NULL);
	/*
	 * Free OpenSSL's per-thread state (its error queue) now, not in a
	 * thread-exit destructor that a process exiting right after the
	 * hand-back could outrun.
	 */
	OPENSSL_thread_stop();
	loop_wake(engine_worker_done, job);
	return NULL;
}

static void
engine_start(struct engine_conn *ec)
{
	struct engine_job	*job;
	struct profile		*p = ec->c->p;
	char			*err = NULL;

	if (ec->fresh) {
		/* Nothing of the old client is sent again. */
		ec->fresh = 0;
		mosquitto_destroy(ec->mosq);
		if ((ec->mosq = engine_new_mosq(ec, p, &err)) == NULL)
			fatal("cannot make a new client: %s", err);
		ec->tls_ready = 0;
		SSL_CTX_free(ec->ws_ssl);
		ec->ws_ssl = NULL;
	}
	if ((p->ws ? engine_ws_attach(ec->mosq, &ec->relay, p, 1, &err) :
	    engine_tunnel_attach(ec->mosq, &ec->relay, p, &err)) != 0) {
		engine_set_state(ec, CONN_CONNECTING);
		engine_lost(ec, err);
		free(err);
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->ec = ec;
	job->host = xstrdup(p->host);
	job->proxy = p->proxy != NULL && !p->ws ? xstrdup(p->proxy) : NULL;
	job->port = p->port;
	job->tunnel_ms = p->connect_timeout_ms;
	job->keepalive = p->keepalive;
	if (engine_connect_props(p, &job->props, &err) != 0) {
		/* Checked in engine_connect; cannot fail here. */
		free(err);
	}
	/* Set before the worker owns the client: it logs from there. */
	ec->logging = 0;
	mosquitto_log_callback_set(ec->mosq, engine_on_log);
	ec->logging = 1;
	ec->worker = 1;
	ec->saw_disconnect = 0;
	ec->timed_out = 0;
	engine_tls_verify_reset(&ec->tlsv);
	/* wss: each attempt's relay gets the context (made once). */
	if (p->tls && (p->ws || !ec->tls_ready))
		job->tlsp = profile_dup(p);
	engine_secret_job(ec, job);
	if (p->connect_timeout_ms > 0)
		loop_timer_start(ec->deadline, p->connect_timeout_ms);
	engine_sync_socket(ec);
	engine_set_state(ec, CONN_CONNECTING);
	engine_thread(engine_worker, job);
}

static struct mosquitto *
engine_new_mosq(struct engine_conn *ec, struct profile *p, char **err)
{
	struct mosquitto	*mosq;
	mosquitto_property	*will = NULL;
	int			 rc;

	if ((mosq = engine_mosq_new(ec->c->client_id, p->clean, ec, p,
	    err)) == NULL)
		return NULL;
	if (engine_secret_user(mosq, ec, err) != 0)
		goto fail;
	if (p->will_topic != NULL) {
		if (engine_will_props(p, &will, err) != 0)
			goto fail;
		rc = mosquitto_will_set_v5(mosq, p->will_topic,
		    p->will_payload ? (int)strlen(p->will_payload) : 0,
		    p->will_payload, p->will_qos, p->will_retain, will);
		if (rc != MOSQ_ERR_SUCCESS) {
			mosquitto_property_free_all(&will);
			*err = xasprintf("bad will: %s", mosquitto_strerror(rc));
			goto fail;
		}
	}
	mosquitto_connect_v5_callback_set(mosq, engine_on_connect);
	mosquitto_disconnect_v5_callback_set(mosq, engine_on_disconnect);
	mosquitto_subscribe_v5_callback_set(mosq, engine_on_subscribe);
	mosquitto_unsubscribe_v5_callback_set(mosq, engine_on_unsubscribe);
	mosquitto_publish_v5_callback_set(mosq, engine_on_publish);
	mosquitto_message_v5_callback_set(mosq, engine_on_message);
	return mosq;
fail:
	mosquitto_destroy(mosq);
	return NULL;
}

int
engine_connect(struct conn *c, done_fn fn, void *arg, char **err)
{
	struct engine_conn	*ec = c->ec;
	struct profile		*p = c->p;
	mosquitto_property	*props = NULL;

	if (ec != NULL && (ec->worker || ec->sock != -1 ||
	    c->state == CONN_RECONNECT_WAIT)) {
		*err = xasprintf("'%s' is already %s", c->name,
		    conn_state_name(c->state));
		return -1;
	}
	if (!p->clean && p->client_id == NULL) {
		*err = xstrdup("a persistent session (-c) needs a client id "
		    "(-i ID)");
		return -1;
	}
	if (p->version != 5 && (p->will_props.n > 0 ||
	    p->connect_props.n > 0 || p->session_expiry >= 0)) {
		*err = xstrdup("properties and session expiry need MQTT v5 "
		    "(-V 5)");
		return -1;
	}
	if (engine_connect_props(p, &props, err) != 0 ||
	    engine_proxy_check(p, props, err) != 0) {
		mosquitto_property_free_all(&props);
		return -1;
	}
	mosquitto_property_free_all(&props);
	/* A generated id stays with this connection, not its profile. */
	free(c->client_id);
	c->client_id = p->client_id != NULL ? xstrdup(p->client_id) :
	    xasprintf("mqtty-%08lx", (unsigned long)random());

	/* A fresh client each time: the profile may have changed. */
	if (ec != NULL) {
		c->ec = NULL;
		engine_free_ec(ec);
	}
	ec = xcalloc(1, sizeof *ec);
	ec->c = c;
	ec->sock = -1;
	ec->timer = loop_timer_new(engine_backoff_fire, ec);
	ec->deadline = loop_timer_new(engine_deadline_fire, ec);
	ec->quiet = loop_timer_new(engine_quiet_fire, ec);
	if ((ec->mosq = engine_new_mosq(ec, p, err)) == NULL) {
		loop_timer_free(ec->timer);
		loop_timer_free(ec->deadline);
		loop_timer_free(ec->quiet);
		free(ec);
		return -1;
	}
	c->ec = ec;
	conn_set_reason(c, NULL);
	ec->connect_fn = fn;
	ec->connect_arg = arg;
	engine_start(ec);
	return 0;
}

struct engine_conn *
engine_live(struct conn *c, char **err)
{
	if (c->ec == NULL || c->state != CONN_CONNECTED) {
		if (c->state == CONN_CONNECTING || c->state ==
		    CONN_RECONNECT_WAIT)
			*err = xasprintf("'%s' is %s, not connected yet",
			    c->name, conn_state_name(c->state));
		else if (c->reason != NULL)
			*err = xasprintf("'%s' is not connected: %s", c->name,
			    c->reason);
		else
			*err = xasprintf("'%s' is not connected", c->name);
		return NULL;
	}
	return c->ec;
}

int
engine_disconnect(struct conn *c, done_fn fn, void *arg, char **err)
{
	struct engine_conn	*ec = c->ec;
	struct event		 ev = { .type = EV_DISCONNECTED, .conn = c };

	if (ec == NULL || c->state == CONN_OFFLINE || c->state == CONN_ERROR) {
		*err = xasprintf("'%s' is not connected", c->name);
		return -1;
	}
	if (ec->closing) {
		*err = xasprintf("'%s' is already disconnecting", c->name);
		return -1;
	}
	if (c->state == CONN_RECONNECT_WAIT) {
		loop_timer_stop(ec->timer);
		engine_set_state(ec, CONN_OFFLINE);
		ev.how = ec->offline ? EV_HOW_OFFLINE : EV_HOW_DISCONNECT;
		c->offline = ec->offline;
		ev.reason = ec->offline ?
		    "offline (the broker keeps the session)" : "disconnected";
		ec->offline = 0;
		events_emit(&ev);
		if (fn != NULL)
			fn(arg, 1, NULL);
		return 0;
	}
	ec->closing = 1;
	ec->close_fn = fn;
	ec->close_arg = arg;
	if (ec->worker)
		return 0;	/* finished when the worker hands back */
	engine_set_state(ec, CONN_DISCONNECTING);
	ec->saw_disconnect = 0;
	/*
	 * No session expiry property: the broker keeps the one CONNECT
	 * gave (0 would end the session now).
	 */
	if (c->p->version == 5)
		mosquitto_disconnect_v5(ec->mosq, 0, NULL);
	else
		mosquitto_disconnect(ec->mosq);
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
}

int
engine_drop(struct conn *c, done_fn fn, void *arg, char **err)
{
	struct engine_conn	*ec;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	/* No DISCONNECT: the broker sees a lost link and fires the will. */
	ec->dropped = 1;
	if (c->p->will_topic != NULL)
		will_note(c->name, c->p->will_topic, c->p->will_payload,
		    c->p->will_payload != NULL ? strlen(c->p->will_payload) :
		    0, loop_now(), (c->p->keepalive > 0 ? c->p->keepalive :
		    60) * 1500);
	ec->close_fn = fn;
	ec->close_arg = arg;
	shutdown(ec->sock, SHUT_RDWR);
	return 0;
}

/* Whether going offline keeps the session; NULL when it does. */
static char *
engine_offline_check(struct conn *c)
{
	if (c->p->clean)
		return xasprintf("'%s' has a clean session: going offline "
		    "would lose it (turn clean session off: -c, and give a "
		    "client id)", c->name);
	if (c->p->version == 5 && c->p->session_expiry == 0)
		return xasprintf("'%s' has session expiry 0: the broker "
		    "ends its session at DISCONNECT (give -x SECONDS)",
		    c->name);
	return NULL;
}

int
engine_offline(struct conn *c, done_fn fn, void *arg, char **err)
{
	if ((*err = engine_offline_check(c)) != NULL)
		return -1;
	if (c->ec == NULL || c->state == CONN_OFFLINE ||
	    c->state == CONN_ERROR) {
		*err = xasprintf("'%s' is offline already", c->name);
		return -1;
	}
	if (c->ec->closing) {
		*err = xasprintf("'%s' is already disconnecting", c->name);
		return -1;
	}
	c->ec->offline = 1;
	if (engine_disconnect(c, fn, arg, err) != 0) {
		c->ec->offline = 0;
		return -1;
	}
	return 0;
}

void
engine_conn_free(struct conn *c)
{
	struct engine_conn	*ec = c->ec;

	if (ec == NULL)
		return;
	c->ec = NULL;
	if (ec->worker) {
		/* The worker still owns mosq: free when it hands back. */
		ec->orphan = 1;
		ec->connect_fn = ec->close_fn = NULL;
		engine_ops_fail(ec, "connection closed", 0);
		return;
	}
	engine_free_ec(ec);
}