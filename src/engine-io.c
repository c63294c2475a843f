/*
 * The engine's socket I/O, driven from the poll loop: what each socket
 * waits for, reading with backpressure, writing only what the store has
 * released (acknowledgements wait for their rows), loop_misc once a
 * second, and the last writes at exit.
 */
#include <sys/ioctl.h>

#include <poll.h>
#include <stdlib.h>

#include <mosquitto.h>
#include <openssl/ssl.h>

#include "engine.h"
#include "engine-int.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "ws-relay.h"
#include "xmalloc.h"

static struct loop_timer	*engine_tick_timer;
static struct loop_timer	*engine_kick_timer;
static int			 engine_nlive;
static int			(**engine_rooms)(void);
static int			 engine_nrooms;

static void	engine_io(int, short, void *);

static uint64_t
engine_none(void)
{
	return 0;
}

uint64_t	(*engine_stored)(void) = engine_none;
uint64_t	(*engine_queued)(void) = engine_none;

void
engine_set_store(uint64_t (*queued)(void), uint64_t (*stored)(void))
{
	engine_queued = queued;
	engine_stored = stored;
}

void
engine_add_room(int (*fn)(void))
{
	engine_rooms = xrealloc(engine_rooms, (engine_nrooms + 1) *
	    sizeof *engine_rooms);
	engine_rooms[engine_nrooms++] = fn;
}

static int
engine_room(void)
{
	int	i;

	for (i = 0; i < engine_nrooms; i++) {
		if (!engine_rooms[i]())
			return 0;
	}
	return 1;
}

/* True while an acknowledgement waits for its message to be stored. */
static int
engine_held(struct engine_conn *ec)
{
	if (ec->hold == 0)
		return 0;
	if (engine_stored() < ec->hold)
		return 1;
	ec->hold = 0;
	return 0;
}

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

/* The socket libmosquitto holds now: it changes on every (re)connect. */
void
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
void
engine_after_call(struct engine_conn *ec, int rc)
{
	char	*why;

	engine_sync_socket(ec);
	if (ec->sock == -1 && !ec->saw_disconnect && !ec->worker &&
	    (ec->c->state == CONN_CONNECTING ||
	    ec->c->state == CONN_CONNECTED ||
	    ec->c->state == CONN_DISCONNECTING)) {
		if (ec->timed_out)
			why = engine_timeout_words(ec->c->p, NULL);
		else if (rc == MOSQ_ERR_TLS || engine_tls_refused(&ec->tlsv))
			why = engine_tls_words(&ec->tlsv,
			    ec->last_log);
		else
			why = engine_lost_words(ec->c->p,
			    ec->c->state == CONN_CONNECTING, rc);
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
	uint64_t		 seen;
	int			 rc = MOSQ_ERR_SUCCESS, n;

	ec->saw_disconnect = 0;
	if (engine_handshaking(ec, &ssl)) {
		rc = mosquitto_loop_read(ec->mosq, 1);
		engine_after_call(ec, rc);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		for (n = 1; n <= ENGINE_READ_BUDGET; n++) {
			seen = ec->c->received;
			rc = mosquitto_loop_read(ec->mosq, 1);
			if (rc != MOSQ_ERR_SUCCESS)
				break;
			/* After a message another is likely: skip the ioctl. */
			if (mosquitto_socket(ec->mosq) != ec->sock ||
			    (ec->c->received == seen &&
			    !engine_more_to_read(ec)))
				break;
			/* A few packets past the bound at most. */
			if (n % 64 == 0 && !engine_room())
				break;
		}
		engine_after_call(ec, rc);
		if (ec->sock == -1 || ec->worker)
			return;
	}
	engine_write(ec);
}

/* Write what libmosquitto queued, unless an acknowledgement must wait. */
void
engine_write(struct engine_conn *ec)
{
	int	rc;

	if (ec->sock == -1 || ec->worker || engine_held(ec) ||
	    !mosquitto_want_write(ec->mosq))
		return;
	rc = mosquitto_loop_write(ec->mosq, 1);
	engine_after_call(ec, rc);
}

/* OpenSSL may hold decrypted bytes poll can't see: read them now. */
static void
engine_kick(void *arg)
{
	struct conn		*c;
	struct engine_conn	*ec;
	SSL			*ssl;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if ((ec = c->ec) == NULL || ec->worker || ec->sock == -1 ||
		    (ssl = mosquitto_ssl_get(ec->mosq)) == NULL ||
		    SSL_pending(ssl) <= 0)
			continue;
		if (!engine_room())
			return;
		engine_io(ec->sock, POLLIN, ec);
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
	int			 room = engine_room();

	TAILQ_FOREACH(c, &conn_list, entry) {
		if ((ec = c->ec) == NULL || ec->worker)
			continue;
		engine_sync_socket(ec);
		if (ec->sock == -1)
			continue;
		if (engine_handshaking(ec, &ssl))
			events = SSL_want_write(ssl) ? POLLOUT : POLLIN;
		else {
			events = (room ? POLLIN : 0) | (!engine_held(ec) &&
			    mosquitto_want_write(ec->mosq) ? POLLOUT : 0);
			if (room && ssl != NULL && SSL_pending(ssl) > 0)
				loop_timer_start(engine_kick_timer, 0);
		}
		if (ec->lf == NULL)
			ec->lf = loop_fd_add(ec->sock, events, engine_io, ec);
		else
			loop_fd_set_events(ec->lf, events);
	}
}

/* Rows committed: write the acknowledgements that waited for them. */
static void
engine_event(const struct event *ev, void *arg)
{
	struct conn	*c;

	if (ev->type != EV_STORED)
		return;
	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->ec != NULL && c->ec->hold != 0)
			engine_write(c->ec);
	}
}

/*
 * At exit: a clean DISCONNECT behind the acknowledgements the store has
 * released. A connection whose messages could not be stored gets neither:
 * the broker sends them again next time.
 */
void
engine_shutdown(int ms)
{
	struct conn		*c;
	struct engine_conn	*ec;
	struct pollfd		 pfd;
	int64_t			 end = loop_now() + ms;
	int			 left;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if ((ec = c->ec) == NULL || ec->worker || ec->sock == -1 ||
		    engine_handshaking(ec, &(SSL *){ NULL }))
			continue;
		if (engine_held(ec)) {
			log_warn("%s: not acknowledging messages that could "
			    "not be stored", c->name);
			continue;
		}
		ec->closing = 1;
		mosquitto_disconnect(ec->mosq);
		while (mosquitto_socket(ec->mosq) != -1 &&
		    mosquitto_want_write(ec->mosq) &&
		    (left = (int)(end - loop_now())) > 0) {
			pfd.fd = mosquitto_socket(ec->mosq);
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, left) <= 0)
				break;
			if (mosquitto_loop_write(ec->mosq, 1) !=
			    MOSQ_ERR_SUCCESS)
				break;
		}
	}
	/* The relays still have to carry the DISCONNECTs to the brokers. */
	ws_relay_shutdown((left = (int)(end - loop_now())) > 0 ? left : 0);
}

/* A connection's socket leaves the poll set for good. */
void
engine_io_forget(struct engine_conn *ec)
{
	if (ec->lf != NULL) {
		loop_fd_remove(ec->lf);
		ec->lf = NULL;
		engine_nlive--;
	}
}

void
engine_io_init(void)
{
	engine_tick_timer = loop_timer_new(engine_tick, NULL);
	engine_kick_timer = loop_timer_new(engine_kick, NULL);
	loop_before_poll(engine_before_poll, NULL);
	events_listen(engine_event, NULL);
}
