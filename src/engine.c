/*
 * libmosquitto connections driven from the poll loop.
 *
 * Each connection attempt runs mosquitto_connect_bind_v5() in a short-lived
 * worker thread: it resolves the name, makes the TCP connection and queues
 * CONNECT with its v5 properties, all of which can block. While the worker
 * owns a connection the loop thread does not touch it. After the hand-back
 * the loop thread alone drives the socket: loop_read on POLLIN, loop_write
 * when libmosquitto wants to write, loop_misc once a second. A TLS handshake
 * is driven by what OpenSSL waits for, not by want_write (which stays true
 * while CONNECT is queued behind the handshake and would spin).
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/ssl.h>

#include "engine.h"
#include "engine-props.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "topic.h"
#include "xmalloc.h"

#define ENGINE_READ_BUDGET	2000	/* packets per connection per turn */
#define ENGINE_BACKOFF_MIN	1000
#define ENGINE_BACKOFF_MAX	30000

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
	char			*props;
	struct engine_op	*next;
};

struct engine_conn {
	struct conn		*c;
	struct mosquitto	*mosq;
	struct loop_fd		*lf;
	int			 sock;
	struct loop_timer	*timer;		/* reconnect backoff */
	int			 worker;	/* a connect thread owns mosq */
	int			 orphan;	/* conn gone while worker ran */
	int			 backoff;
	int			 closing;	/* user asked: disconnect */
	int			 dropped;	/* user asked: drop */
	int			 refused;	/* CONNACK refusal: no retry */
	int			 saw_disconnect;
	char			*last_log;	/* last libmosquitto error */
	done_fn			 connect_fn;
	void			*connect_arg;
	done_fn			 close_fn;
	void			*close_arg;
	struct engine_op	*ops;
	int			 pub_mid;
};

struct engine_job {
	struct engine_conn	*ec;
	char			*host;
	int			 port;
	int			 keepalive;
	mosquitto_property	*props;
	int			 rc;
	int			 err;
};

static struct loop_timer	*engine_tick_timer;
static int			 engine_nlive;

static void	engine_start(struct engine_conn *);
static void	engine_lost(struct engine_conn *, const char *);

static void
engine_tick(void *arg)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->ec != NULL && !c->ec->worker && c->ec->sock != -1)
			mosquitto_loop_misc(c->ec->mosq);
	}
	if (engine_nlive > 0)
		loop_timer_start(engine_tick_timer, 1000);
}

static void
engine_set_state(struct engine_conn *ec, enum conn_state st)
{
	struct event	ev = { .type = EV_STATE, .conn = ec->c };

	ec->c->state = st;
	events_emit(&ev);
}

static struct engine_op *
engine_op_take(struct engine_conn *ec, int mid)
{
	struct engine_op	**op, *found;

	for (op = &ec->ops; *op != NULL; op = &(*op)->next) {
		if ((*op)->mid == mid) {
			found = *op;
			*op = found->next;
			return found;
		}
	}
	return NULL;
}

static void
engine_op_free(struct engine_op *op)
{
	free(op->topic);
	free(op->payload);
	free(op->props);
	free(op);
}

static void
engine_ops_fail(struct engine_conn *ec, const char *reason)
{
	struct engine_op	*op;

	while ((op = ec->ops) != NULL) {
		ec->ops = op->next;
		if (op->kind == OP_SUBSCRIBE && op->sub != NULL &&
		    op->sub->state == SUB_PENDING)
			op->sub->state = SUB_FAILED;
		if (op->fn != NULL)
			op->fn(op->arg, 0, reason);
		engine_op_free(op);
	}
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

/* Readable words for a v3 CONNACK code or a v5 reason code. */
static const char *
engine_refusal(int version, int rc)
{
	if (version != 5) {
		switch (rc) {
		case 1:
			return "unacceptable protocol version";
		case 2:
			return "client identifier rejected";
		case 3:
			return "server unavailable";
		case 4:
			return "bad user name or password";
		case 5:
			return "not authorised";
		}
		return "refused";
	}
	switch (rc) {
	case MQTT_RC_BAD_USERNAME_OR_PASSWORD:
		return "bad user name or password";
	case MQTT_RC_NOT_AUTHORIZED:
		return "not authorised";
	case MQTT_RC_CLIENTID_NOT_VALID:
		return "client identifier not valid";
	case MQTT_RC_SERVER_UNAVAILABLE:
		return "server unavailable";
	case MQTT_RC_SERVER_BUSY:
		return "server busy";
	case MQTT_RC_BANNED:
		return "banned";
	case MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION:
		return "unsupported protocol version";
	}
	return mosquitto_reason_string(rc);
}

static const char *
engine_errno_words(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case EHOSTUNREACH:
		return "host unreachable";
	case ENETUNREACH:
		return "network unreachable";
	case ETIMEDOUT:
		return "connection timed out";
	case ECONNRESET:
		return "connection reset by peer";
	}
	return strerror(err);
}

/* Turn libmosquitto's TLS log line into words a person reads. */
static char *
engine_tls_words(struct engine_conn *ec)
{
	SSL		*ssl = mosquitto_ssl_get(ec->mosq);
	long		 vr;
	const char	*l = ec->last_log;

	if (ssl != NULL && (vr = SSL_get_verify_result(ssl)) != X509_V_OK)
		return xasprintf("TLS certificate verification failed: %s",
		    X509_verify_cert_error_string(vr));
	if (l != NULL && strstr(l, "certificate verify failed") != NULL)
		return xstrdup("TLS certificate verification failed");
	if (l != NULL)
		return xasprintf("TLS error: %s", l);
	return xstrdup("TLS error");
}

static void
engine_on_log(struct mosquitto *mosq, void *obj, int level, const char *s)
{
	struct engine_conn	*ec = obj;

	if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) {
		free(ec->last_log);
		ec->last_log = xstrdup(s);
	}
}

static void
engine_resubscribe(struct engine_conn *ec)
{
	struct sub	*s;
	char		*err = NULL;

	TAILQ_FOREACH(s, &ec->c->subs, entry) {
		if (!s->enabled)
			continue;
		if (engine_subscribe(ec->c, s, NULL, NULL, &err) != 0) {
			events_error(ec->c, "resubscribe %s: %s", s->topic,
			    err);
			free(err);
			err = NULL;
		}
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

	if (rc != 0) {
		ec->refused = 1;
		why = xasprintf("connection refused: %s",
		    engine_refusal(c->p->version, rc));
		conn_set_reason(c, why);
		free(why);
		return;		/* on_disconnect follows and reports it */
	}
	ec->backoff = 0;
	ec->refused = 0;
	c->session_present = (flags & 1) != 0;
	conn_set_reason(c, NULL);
	engine_set_state(ec, CONN_CONNECTED);
	ev.session_present = c->session_present;
	events_emit(&ev);
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
	if (ec->closing)
		why = xstrdup("disconnected");
	else if (ec->dropped)
		why = xstrdup("dropped without DISCONNECT");
	else if (ec->c->reason != NULL && ec->refused)
		why = xstrdup(ec->c->reason);
	else if (rc >= 0x80)
		why = xasprintf("disconnected by the broker: %s",
		    mosquitto_reason_string(rc));
	else if (rc == MOSQ_ERR_TLS)
		why = engine_tls_words(ec);
	else if (rc == MOSQ_ERR_KEEPALIVE)
		why = xstrdup("keepalive timeout: no answer from the broker");
	else
		why = xasprintf("connection lost: %s", rc == MOSQ_ERR_ERRNO ?
		    engine_errno_words(errno) : mosquitto_strerror(rc));
	engine_lost(ec, why);
	free(why);
}

static void
engine_on_subscribe(struct mosquitto *mosq, void *obj, int mid, int count,
    const int *granted, const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_SUBSCRIBED, .conn = ec->c };
	char			*why;

	if (op == NULL)
		return;
	if (count < 1 || granted[0] >= 0x80) {
		why = xasprintf("subscribe %s: %s", op->sub->topic,
		    count < 1 ? "no answer" : granted[0] == 0x87 ?
		    "not authorised" : mosquitto_reason_string(granted[0]));
		op->sub->state = SUB_FAILED;
		if (op->fn != NULL)
			op->fn(op->arg, 0, why);
		else
			events_error(ec->c, "%s", why);
		free(why);
	} else {
		op->sub->state = SUB_ACTIVE;
		ev.topic = op->sub->topic;
		ev.qos = granted[0];
		ev.mid = mid;
		events_emit(&ev);
		if (op->fn != NULL)
			op->fn(op->arg, 1, NULL);
	}
	engine_op_free(op);
}

static void
engine_on_unsubscribe(struct mosquitto *mosq, void *obj, int mid,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_UNSUBSCRIBED, .conn = ec->c };

	if (op == NULL)
		return;
	ev.topic = op->topic;
	ev.mid = mid;
	events_emit(&ev);
	if (op->fn != NULL)
		op->fn(op->arg, 1, NULL);
	engine_op_free(op);
}

static void
engine_record_out(struct engine_conn *ec, const char *topic,
    const void *payload, size_t len, int qos, int retain, const char *props)
{
	struct msg	m = { 0 };
	struct event	ev = { .type = EV_MESSAGE, .conn = ec->c, .msg = &m };

	m.conn = ec->c->name;
	m.dir = MSG_OUT;
	m.topic = topic;
	m.payload = payload;
	m.len = len;
	m.qos = qos;
	m.retain = retain;
	m.props = props;
	m.time_ms = wall_now();
	events_emit(&ev);
}

static void
engine_on_publish(struct mosquitto *mosq, void *obj, int mid, int reason,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_PUBLISHED, .conn = ec->c };
	char			*why;

	if (op == NULL)
		return;		/* QoS 0: reported when sent */
	if (reason >= 0x80) {
		why = xasprintf("publish %s: %s", op->topic, reason == 0x87 ?
		    "not authorised" : mosquitto_reason_string(reason));
		if (op->fn != NULL)
			op->fn(op->arg, 0, why);
		free(why);
	} else {
		engine_record_out(ec, op->topic, op->payload, op->len, op->qos,
		    op->retain, op->props);
		ev.topic = op->topic;
		ev.qos = op->qos;
		ev.mid = mid;
		events_emit(&ev);
		if (op->fn != NULL)
			op->fn(op->arg, 1, NULL);
	}
	engine_op_free(op);
}

static void
engine_on_message(struct mosquitto *mosq, void *obj,
    const struct mosquitto_message *mm, const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct msg		 m = { 0 };
	struct event		 ev = { .type = EV_MESSAGE, .conn = ec->c };
	char			*json = engine_props_json(props);

	m.conn = ec->c->name;
	m.dir = MSG_IN;
	m.topic = mm->topic;
	m.payload = mm->payload != NULL ? mm->payload : "";
	m.len = mm->payloadlen;
	m.qos = mm->qos;
	m.retain = mm->retain;
	m.props = json;
	m.time_ms = wall_now();
	ec->c->received++;
	ec->c->unread++;
	ev.msg = &m;
	events_emit(&ev);
	free(json);
}

/* The socket libmosquitto holds now: it changes on every (re)connect. */
static void
engine_sync_socket(struct engine_conn *ec)
{
	int	sock = ec->worker ? -1 : mosquitto_socket(ec->mosq);

	if (sock == ec->sock)
		return;
	if (ec->lf != NULL) {
		loop_fd_remove(ec->lf);
		ec->lf = NULL;
		engine_nlive--;
	}
	ec->sock = sock;
	if (sock != -1) {
		ec->lf = NULL;
		engine_nlive++;
		if (!loop_timer_pending(engine_tick_timer))
			loop_timer_start(engine_tick_timer, 1000);
	}
}

static int
engine_handshaking(struct engine_conn *ec, SSL **sslp)
{
	SSL	*ssl = mosquitto_ssl_get(ec->mosq);

	*sslp = ssl;
	return ssl != NULL && !SSL_is_init_finished(ssl);
}

static int
engine_more_to_read(struct engine_conn *ec)
{
	SSL	*ssl = mosquitto_ssl_get(ec->mosq);
	int	 n = 0;

	if (ssl != NULL && SSL_pending(ssl) > 0)
		return 1;
	return ioctl(ec->sock, FIONREAD, &n) == 0 && n > 0;
}

/* After any call into libmosquitto: notice a socket closed under us. */
static void
engine_after_call(struct engine_conn *ec, int rc)
{
	char	*why;

	engine_sync_socket(ec);
	if (ec->sock == -1 && !ec->saw_disconnect && !ec->worker &&
	    (ec->c->state == CONN_CONNECTING ||
	    ec->c->state == CONN_CONNECTED ||
	    ec->c->state == CONN_DISCONNECTING)) {
		if (rc == MOSQ_ERR_TLS)
			why = engine_tls_words(ec);
		else
			why = xasprintf("connection lost: %s",
			    mosquitto_strerror(rc));
		ec->saw_disconnect = 1;
		engine_lost(ec, why);
		free(why);
	}
}

static void
engine_io(int fd, short revents, void *arg)
{
	struct engine_conn	*ec = arg;
	SSL			*ssl;
	int			 rc = MOSQ_ERR_SUCCESS, n;

	ec->saw_disconnect = 0;
	if (engine_handshaking(ec, &ssl)) {
		rc = mosquitto_loop_read(ec->mosq, 1);
		engine_after_call(ec, rc);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		for (n = 0; n < ENGINE_READ_BUDGET; n++) {
			rc = mosquitto_loop_read(ec->mosq, 1);
			if (rc != MOSQ_ERR_SUCCESS)
				break;
			if (mosquitto_socket(ec->mosq) != ec->sock ||
			    !engine_more_to_read(ec))
				break;
		}
		engine_after_call(ec, rc);
		if (ec->sock == -1 || ec->worker)
			return;
	}
	if ((revents & POLLOUT) && mosquitto_want_write(ec->mosq)) {
		rc = mosquitto_loop_write(ec->mosq, 1);
		engine_after_call(ec, rc);
	}
}

/* Each turn: register sockets and choose what to wait for. */
static void
engine_before_poll(void *arg)
{
	struct conn		*c;
	struct engine_conn	*ec;
	SSL			*ssl;
	short			 events;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if ((ec = c->ec) == NULL || ec->worker)
			continue;
		engine_sync_socket(ec);
		if (ec->sock == -1)
			continue;
		if (engine_handshaking(ec, &ssl))
			events = SSL_want_write(ssl) ? POLLOUT : POLLIN;
		else
			events = POLLIN |
			    (mosquitto_want_write(ec->mosq) ? POLLOUT : 0);
		if (ec->lf == NULL)
			ec->lf = loop_fd_add(ec->sock, events, engine_io, ec);
		else
			loop_fd_set_events(ec->lf, events);
	}
}

void
engine_init(void)
{
	mosquitto_lib_init();
	engine_tick_timer = loop_timer_new(engine_tick, NULL);
	loop_before_poll(engine_before_poll, NULL);
}

void
engine_shutdown(void)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->ec != NULL && !c->ec->worker && c->ec->sock != -1) {
			c->ec->closing = 1;
			mosquitto_disconnect(c->ec->mosq);
			mosquitto_loop_write(c->ec->mosq, 1);
		}
	}
}

static void
engine_backoff_fire(void *arg)
{
	struct engine_conn	*ec = arg;

	if (ec->c->state == CONN_RECONNECT_WAIT)
		engine_start(ec);
}

/* The connection is gone: report, fail what waits, maybe retry. */
static void
engine_lost(struct engine_conn *ec, const char *why)
{
	struct conn		*c = ec->c;
	struct event		 ev = { .type = EV_DISCONNECTED, .conn = c };
	enum conn_state		 was = c->state;
	int			 delay, retry;

	retry = c->p->auto_reconnect && !ec->closing && !ec->dropped &&
	    !ec->refused && was == CONN_CONNECTED;
	if (ec->closing || ec->dropped)
		conn_set_reason(c, NULL);
	else
		conn_set_reason(c, why);
	engine_ops_fail(ec, why);
	if (was == CONN_CONNECTING && ec->connect_fn != NULL) {
		/* A first attempt that fails is the command's error. */
		engine_set_state(ec, CONN_ERROR);
		engine_finish_connect(ec, 0, why);
		return;
	}
	if (was == CONN_CONNECTING && !ec->refused && c->p->auto_reconnect &&
	    !ec->closing && !ec->dropped)
		retry = 1;
	ev.reason = why;
	if (retry) {
		if (ec->backoff == 0)
			ec->backoff = ENGINE_BACKOFF_MIN;
		else if ((ec->backoff *= 2) > ENGINE_BACKOFF_MAX)
			ec->backoff = ENGINE_BACKOFF_MAX;
		/* Jitter of +-25% keeps many clients from retrying in step. */
		delay = ec->backoff * 3 / 4 + random() % (ec->backoff / 2 + 1);
		c->reconnect_at = loop_now() + delay;
		loop_timer_start(ec->timer, delay);
		engine_set_state(ec, CONN_RECONNECT_WAIT);
	} else
		engine_set_state(ec, ec->closing || ec->dropped ?
		    CONN_OFFLINE : CONN_ERROR);
	if (was != CONN_RECONNECT_WAIT)
		events_emit(&ev);
	ec->closing = ec->dropped = 0;
	engine_finish_close(ec, 1, NULL);
}

static void
engine_free_ec(struct engine_conn *ec)
{
	engine_ops_fail(ec, "connection closed");
	if (ec->lf != NULL) {
		loop_fd_remove(ec->lf);
		engine_nlive--;
	}
	loop_timer_free(ec->timer);
	mosquitto_destroy(ec->mosq);
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
	if (job->rc != MOSQ_ERR_SUCCESS) {
		if (job->rc == MOSQ_ERR_ERRNO)
			why = xasprintf("cannot connect to %s:%d: %s",
			    job->host, job->port, engine_errno_words(job->err));
		else if (job->rc == MOSQ_ERR_EAI)
			why = xasprintf("cannot resolve host '%s'", job->host);
		else if (job->rc == MOSQ_ERR_TLS)
			why = engine_tls_words(ec);
		else
			why = xasprintf("cannot connect to %s:%d: %s",
			    job->host, job->port, mosquitto_strerror(job->rc));
		engine_lost(ec, why);
		free(why);
		goto out;
	}
	engine_sync_socket(ec);
	if (ec->closing) {
		mosquitto_disconnect(ec->mosq);
		engine_after_call(ec, MOSQ_ERR_SUCCESS);
	}
out:
	free(job->host);
	free(job);
}

static void *
engine_worker(void *arg)
{
	struct engine_job	*job = arg;

	errno = 0;
	job->rc = mosquitto_connect_bind_v5(job->ec->mosq, job->host,
	    job->port, job->keepalive, NULL, job->props);
	job->err = errno;
	loop_wake(engine_worker_done, job);
	return NULL;
}

static int
engine_connect_props(struct profile *p, mosquitto_property **out, char **err)
{
	int64_t	expiry = p->session_expiry;

	*out = NULL;
	if (p->version != 5)
		return 0;
	if (engine_props_build(&p->connect_props, CMD_CONNECT, out, err) != 0)
		return -1;
	/* A persistent v5 session with no expiry would end at once. */
	if (expiry < 0 && !p->clean)
		expiry = UINT32_MAX;
	if (expiry >= 0)
		mosquitto_property_add_int32(out,
		    MQTT_PROP_SESSION_EXPIRY_INTERVAL, (uint32_t)expiry);
	return 0;
}

static void
engine_start(struct engine_conn *ec)
{
	struct engine_job	*job = xcalloc(1, sizeof *job);
	struct profile		*p = ec->c->p;
	pthread_attr_t		 attr;
	pthread_t		 tid;
	char			*err = NULL;

	job->ec = ec;
	job->host = xstrdup(p->host);
	job->port = p->port;
	job->keepalive = p->keepalive;
	if (engine_connect_props(p, &job->props, &err) != 0) {
		/* Checked in engine_connect; cannot fail here. */
		free(err);
	}
	ec->worker = 1;
	ec->saw_disconnect = 0;
	engine_sync_socket(ec);
	engine_set_state(ec, CONN_CONNECTING);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, engine_worker, job) != 0)
		fatal("cannot start a connect thread: %s", strerror(errno));
	pthread_attr_destroy(&attr);
}

static int
engine_tls_setup(struct mosquitto *mosq, struct profile *p, char **err)
{
	int	rc;

	if (p->cafile == NULL && p->capath == NULL)
		rc = mosquitto_int_option(mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
	else
		rc = mosquitto_tls_set(mosq, p->cafile, p->capath, p->cert,
		    p->key, NULL);
	if (rc == MOSQ_ERR_SUCCESS && p->cafile == NULL && p->capath == NULL &&
	    p->cert != NULL)
		rc = mosquitto_tls_set(mosq, NULL, "/etc/ssl/certs", p->cert,
		    p->key, NULL);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("TLS setup: %s (check --cafile, --capath, "
		    "--cert and --key)", mosquitto_strerror(rc));
		return -1;
	}
	if (p->tls_version != NULL &&
	    mosquitto_tls_opts_set(mosq, 1, p->tls_version, NULL) !=
	    MOSQ_ERR_SUCCESS) {
		*err = xasprintf("bad TLS version '%s'", p->tls_version);
		return -1;
	}
	if (p->insecure)
		mosquitto_tls_insecure_set(mosq, true);
	return 0;
}

static struct mosquitto *
engine_new_mosq(struct engine_conn *ec, struct profile *p, char **err)
{
	struct mosquitto	*mosq;
	mosquitto_property	*will = NULL;
	int			 rc, version;

	mosq = mosquitto_new(p->client_id, p->clean, ec);
	if (mosq == NULL) {
		*err = xasprintf("cannot create a client: %s",
		    strerror(errno));
		return NULL;
	}
	version = p->version == 3 ? MQTT_PROTOCOL_V31 :
	    p->version == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311;
	mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, version);
	mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1);
	if ((p->username != NULL || p->password != NULL) &&
	    mosquitto_username_pw_set(mosq, p->username, p->password) !=
	    MOSQ_ERR_SUCCESS) {
		*err = xstrdup("bad user name or password");
		goto fail;
	}
	if (p->will_topic != NULL) {
		if (p->version == 5 && engine_props_build(&p->will_props,
		    CMD_WILL, &will, err) != 0)
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
	if (p->tls && engine_tls_setup(mosq, p, err) != 0)
		goto fail;
	mosquitto_log_callback_set(mosq, engine_on_log);
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
	if (engine_connect_props(p, &props, err) != 0)
		return -1;
	mosquitto_property_free_all(&props);
	if (p->client_id == NULL)
		p->client_id = xasprintf("mqtty-%08lx",
		    (unsigned long)random());

	/* A fresh client each time: the profile may have changed. */
	if (ec != NULL) {
		c->ec = NULL;
		engine_free_ec(ec);
	}
	ec = xcalloc(1, sizeof *ec);
	ec->c = c;
	ec->sock = -1;
	ec->timer = loop_timer_new(engine_backoff_fire, ec);
	if ((ec->mosq = engine_new_mosq(ec, p, err)) == NULL) {
		loop_timer_free(ec->timer);
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

static struct engine_conn *
engine_live(struct conn *c, char **err)
{
	if (c->ec == NULL || c->state != CONN_CONNECTED) {
		*err = xasprintf("'%s' is not connected (%s)", c->name,
		    conn_state_name(c->state));
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
		ev.reason = "disconnected";
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
	ec->close_fn = fn;
	ec->close_arg = arg;
	shutdown(ec->sock, SHUT_RDWR);
	return 0;
}

int
engine_subscribe(struct conn *c, struct sub *s, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	mosquitto_property	*props = NULL;
	int			 rc, mid, opts = 0;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	if (c->p->version != 5 && (s->no_local || s->rap || s->rh || s->id)) {
		*err = xstrdup("--no-local, --rap, --rh and --id need MQTT v5 "
		    "(-V 5)");
		return -1;
	}
	if (s->no_local)
		opts |= MQTT_SUB_OPT_NO_LOCAL;
	if (s->rap)
		opts |= MQTT_SUB_OPT_RETAIN_AS_PUBLISHED;
	opts |= (s->rh & 3) << 4;
	if (s->id > 0)
		mosquitto_property_add_varint(&props,
		    MQTT_PROP_SUBSCRIPTION_IDENTIFIER, s->id);
	rc = mosquitto_subscribe_v5(ec->mosq, &mid, s->topic, s->qos, opts,
	    props);
	mosquitto_property_free_all(&props);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("subscribe %s: %s", s->topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	s->state = SUB_PENDING;
	op = xcalloc(1, sizeof *op);
	op->kind = OP_SUBSCRIBE;
	op->mid = mid;
	op->fn = fn;
	op->arg = arg;
	op->sub = s;
	op->next = ec->ops;
	ec->ops = op;
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
}

int
engine_unsubscribe(struct conn *c, struct sub *s, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	int			 rc, mid;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	rc = mosquitto_unsubscribe_v5(ec->mosq, &mid, s->topic, NULL);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("unsubscribe %s: %s", s->topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	op = xcalloc(1, sizeof *op);
	op->kind = OP_UNSUBSCRIBE;
	op->mid = mid;
	op->fn = fn;
	op->arg = arg;
	op->topic = xstrdup(s->topic);
	op->next = ec->ops;
	ec->ops = op;
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
}

int
engine_publish(struct conn *c, const struct pub *pb, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	struct event		 ev = { .type = EV_PUBLISHED, .conn = c };
	mosquitto_property	*props = NULL;
	char			*json = NULL;
	int			 rc, mid = 0;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	if (pb->props.n > 0) {
		if (c->p->version != 5) {
			*err = xstrdup("properties (-D) need MQTT v5 (-V 5)");
			return -1;
		}
		if (engine_props_build(&pb->props, CMD_PUBLISH, &props,
		    err) != 0)
			return -1;
		json = engine_props_json(props);
	}
	if (pb->len > MQTT_MAX_PAYLOAD) {
		*err = xasprintf("payload of %zu bytes is too large", pb->len);
		goto fail;
	}
	rc = mosquitto_publish_v5(ec->mosq, &mid, pb->topic, (int)pb->len,
	    pb->payload, pb->qos, pb->retain, props);
	mosquitto_property_free_all(&props);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("publish %s: %s", pb->topic,
		    rc == MOSQ_ERR_OVERSIZE_PACKET ?
		    "larger than the broker accepts" : mosquitto_strerror(rc));
		goto fail;
	}
	if (pb->qos == 0) {
		engine_record_out(ec, pb->topic, pb->payload, pb->len, 0,
		    pb->retain, json);
		ev.topic = pb->topic;
		ev.mid = mid;
		events_emit(&ev);
		free(json);
		engine_after_call(ec, MOSQ_ERR_SUCCESS);
		if (fn != NULL)
			fn(arg, 1, NULL);
		return 0;
	}
	op = xcalloc(1, sizeof *op);
	op->kind = OP_PUBLISH;
	op->mid = mid;
	op->fn = fn;
	op->arg = arg;
	op->topic = xstrdup(pb->topic);
	op->payload = xmemdup(pb->payload, pb->len);
	op->len = pb->len;
	op->qos = pb->qos;
	op->retain = pb->retain;
	op->props = json;
	op->next = ec->ops;
	ec->ops = op;
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
fail:
	mosquitto_property_free_all(&props);
	free(json);
	return -1;
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
		engine_ops_fail(ec, "connection closed");
		return;
	}
	engine_free_ec(ec);
}

int
engine_pending(void)
{
	struct conn		*c;
	struct engine_op	*op;
	int			 n = 0;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->ec == NULL)
			continue;
		if (c->ec->worker || c->ec->connect_fn || c->ec->close_fn)
			n++;
		for (op = c->ec->ops; op != NULL; op = op->next)
			n++;
	}
	return n;
}
