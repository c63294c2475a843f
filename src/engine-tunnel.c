/*
 * MQTT 5 CONNECT properties through a SOCKS5 proxy. libmosquitto 2.0.11
 * sends CONNECT without them after its own SOCKS5 handshake
 * (socks_mosq.c), so for a profile that needs them the connect thread
 * does the handshake with the proxy itself (socks5.c) and gives the
 * link to a relay without WebSocket (ws-relay-raw.c), which libmosquitto
 * reaches as it reaches the WebSocket relay and which puts the
 * properties back into CONNECT (ws-relay-splice.c). Not with TLS: the
 * relay would see only ciphertext.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "buf.h"
#include "engine-int.h"
#include "profile.h"
#include "proxy.h"
#include "socks5.h"
#include "ws-relay.h"
#include "xmalloc.h"

#define ENGINE_TUNNEL_MS	30000	/* no connect timeout: the handshake's */

/* Whether CONNECT carries more than libmosquitto adds by itself. */
int
engine_tunnel_needed(const struct profile *p, const mosquitto_property *props)
{
	const mosquitto_property	*q;

	if (p->proxy == NULL || *p->proxy == '\0' || p->ws)
		return 0;
	for (q = props; q != NULL; q = mosquitto_property_next(q))
		if (mosquitto_property_identifier(q) !=
		    MQTT_PROP_RECEIVE_MAXIMUM)
			return mosquitto_property_identifier(q);
	return 0;
}

/*
 * On the loop's thread, for each attempt: a relay when the profile needs
 * one (else 0 and nothing done), libmosquitto pointed at it.
 */
int
engine_tunnel_attach(struct mosquitto *mosq, struct ws_relay **rp,
    const struct profile *p, char **err)
{
	mosquitto_property	*props = NULL;
	struct ws_relay		*r;
	struct buf		 b;
	int			 rc, need;

	if (engine_connect_props((struct profile *)p, &props, err) != 0)
		return -1;
	need = engine_tunnel_needed(p, props);
	mosquitto_property_free_all(&props);
	if (!need && *rp == NULL)
		return 0;
	ws_relay_free(*rp);
	*rp = NULL;
	if (!need)	/* no more: libmosquitto's own SOCKS5 again */
		return engine_proxy_set(mosq, p, err);
	buf_init(&b);
	if (engine_ws_props(mosq, p, &b, err) != 0) {
		buf_free(&b);
		return -1;
	}
	r = ws_relay_new_fd(b.p, b.len, err);
	buf_free(&b);
	if (r == NULL)
		return -1;
	rc = mosquitto_socks5_set(mosq, "127.0.0.1", ws_relay_port(r),
	    ws_relay_user(r), ws_relay_password(r));
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("cannot reach the relay: %s",
		    mosquitto_strerror(rc));
		ws_relay_free(r);
		return -1;
	}
	*rp = r;
	return 0;
}

static int
engine_tunnel_write(void *arg, const void *p, size_t len, char **err)
{
	int		 fd = *(int *)arg;
	const char	*s = p;
	ssize_t		 n;

	while (len > 0) {
		if ((n = send(fd, s, len, MSG_NOSIGNAL)) < 0) {
			if (errno == EINTR)
				continue;
			*err = xasprintf("cannot write to the proxy: %s",
			    errno == EAGAIN ? "timed out" :
			    engine_errno_words(errno));
			return -1;
		}
		s += n;
		len -= n;
	}
	return 0;
}

static int
engine_tunnel_read(void *arg, void *p, size_t len, size_t *got, char **err)
{
	int	fd = *(int *)arg;
	ssize_t	n;

	while ((n = recv(fd, p, len, 0)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		*err = xasprintf("no answer from the proxy: %s", errno ==
		    EAGAIN ? "timed out" : engine_errno_words(errno));
		return -1;
	}
	*got = (size_t)n;
	return 0;
}

/* A TCP link to the proxy, its waits bounded by ms; -1 with *why. */
static int
engine_tunnel_dial(const struct proxy *px, int ms, int *rc, char **why)
{
	struct addrinfo	 hints, *res, *ai;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };
	char		 port[16];
	int		 fd = -1, e = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", px->port);
	if (getaddrinfo(px->host, port, &hints, &res) != 0) {
		*why = xasprintf("cannot resolve the proxy's host '%s'",
		    px->host);
		*rc = MOSQ_ERR_EAI;
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1) {
			e = errno;
			continue;
		}
		/* Linux bounds connect by the send timeout too. */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		*why = xasprintf("cannot connect to the proxy %s:%d: %s",
		    px->host, px->port, e == EINPROGRESS || e == EAGAIN ?
		    "timed out" : engine_errno_words(e));
		*rc = MOSQ_ERR_ERRNO;
		errno = e;
	}
	return fd;
}

/*
 * In the connect thread: through the proxy to host and port (host as it
 * is for socks5h://, an address for socks5://), the link given to r,
 * then libmosquitto connected to r.
 */
int
engine_tunnel_connect(struct mosquitto *mosq, struct ws_relay *r,
    const char *proxy, const char *host, int port, int keepalive, int ms,
    const mosquitto_property *props, char **why)
{
	struct proxy		 px;
	struct socks5_result	 res;
	struct socks5_io	 io;
	struct timeval		 tv = { 0, 0 };
	char			 addr[NI_MAXHOST], *err = NULL;
	int			 fd, rc;

	*why = NULL;
	if (proxy_parse(proxy, &px, why) != 0)
		return MOSQ_ERR_INVAL;
	if (!px.remote_dns) {
		if ((rc = engine_proxy_numeric(host, addr, sizeof addr,
		    why)) != MOSQ_ERR_SUCCESS) {
			proxy_clear(&px);
			return rc;
		}
		host = addr;
	}
	if ((fd = engine_tunnel_dial(&px, ms > 0 ? ms : ENGINE_TUNNEL_MS,
	    &rc, why)) == -1) {
		proxy_clear(&px);
		return rc;
	}
	io.arg = &fd;
	io.write = engine_tunnel_write;
	io.read = engine_tunnel_read;
	if (socks5_connect(&io, px.user, px.pass, host, port, &res,
	    &err) != 0) {
		*why = xasprintf("the proxy %s:%d: %s", px.host, px.port, err);
		free(err);
		close(fd);
		proxy_clear(&px);
		return MOSQ_ERR_PROXY;
	}
	proxy_clear(&px);
	/* From now on the relay's thread waits on it: no timeouts. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	ws_relay_set_fd(r, fd);
	return mosquitto_connect_bind_v5(mosq, host, port, keepalive, NULL,
	    props);
}
