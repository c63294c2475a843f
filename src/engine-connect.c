/*
 * What a connection attempt is made of beyond the socket: the CONNECT and
 * will properties from a profile's fields, its SOCKS5 proxy, its connect
 * timeout and its reconnect backoff; the client made with them, and the
 * thread that connects it. engine.c, engine-retained.c and the doctor
 * use these alike.
 */
#include <sys/socket.h>

#include <errno.h>
#include <pthread.h>
#include <netdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "engine.h"
#include "engine-int.h"
#include "engine-props.h"
#include "log.h"
#include "loop.h"
#include "proxy.h"
#include "xmalloc.h"

/* No CONNACK within the profile's timeout, in its own units. */
char *
engine_timeout_words(const struct profile *p, const char *host)
{
	int	 ms = p->connect_timeout_ms;
	char	*secs, *why;

	secs = ms % 1000 == 0 ? xasprintf("%d s", ms / 1000) :
	    xasprintf("%.1f s", ms / 1000.0);
	if (host != NULL)
		why = xasprintf("no answer from %s:%d within %s", host,
		    p->port, secs);
	else
		why = xasprintf("no answer from the broker within %s", secs);
	free(secs);
	return why;
}

/*
 * A link lost: while connecting through a SOCKS5 proxy, libmosquitto's
 * codes are the proxy's answer (socks_mosq.c), so say that.
 */
char *
engine_lost_words(const struct profile *p, int connecting, int rc)
{
	const char	*w = NULL;

	if (connecting && p->proxy != NULL && *p->proxy != '\0' && !p->ws) {
		switch (rc) {
		case MOSQ_ERR_AUTH:
			w = "it accepts none of our authentication methods "
			    "(a user:pass@ in the proxy URL?), or refused us";
			break;
		case MOSQ_ERR_PROXY:
			w = "a wrong user name or password, or a failure of "
			    "the proxy";
			break;
		case MOSQ_ERR_NO_CONN:
			w = "it cannot reach the broker";
			break;
		}
	}
	if (w != NULL)
		return xasprintf("the proxy refused: %s", w);
	return xasprintf("connection lost: %s", engine_rc_words(rc));
}

/*
 * The next reconnect delay: reconnect_min_ms doubling up to
 * reconnect_max_ms, with jitter of +-25% kept inside those bounds so
 * many clients do not retry in step.
 */
int
engine_backoff_next(struct engine_conn *ec, int was_connected)
{
	const struct profile	*p = ec->c->p;
	int			 lo, hi, delay;

	lo = p->reconnect_min_ms > 0 ? p->reconnect_min_ms : 0;
	hi = p->reconnect_max_ms > lo ? p->reconnect_max_ms : lo;
	if (was_connected && loop_now() - ec->up_since >= ENGINE_STABLE_MS)
		ec->backoff = 0;
	if (ec->backoff == 0)
		ec->backoff = lo > 0 ? lo : 1;
	else if (ec->backoff > hi / 2)
		ec->backoff = hi;
	else
		ec->backoff *= 2;
	if (ec->backoff > hi)
		ec->backoff = hi;
	delay = ec->backoff * 3 / 4 + (int)(random() % (ec->backoff / 2 + 1));
	if (delay < lo)
		delay = lo;
	if (delay > hi)
		delay = hi;
	return delay;
}

/* The fields, as the -D names libmosquitto knows them by. */
static int
engine_field_set(const struct profile *p, int id)
{
	switch (id) {
	case MQTT_PROP_RECEIVE_MAXIMUM:
		return p->receive_maximum >= 0;
	case MQTT_PROP_MAXIMUM_PACKET_SIZE:
		return p->maximum_packet_size >= 0;
	case MQTT_PROP_TOPIC_ALIAS_MAXIMUM:
		return p->topic_alias_maximum >= 0;
	case MQTT_PROP_REQUEST_RESPONSE_INFORMATION:
		return p->request_response_info >= 0;
	case MQTT_PROP_REQUEST_PROBLEM_INFORMATION:
		return p->request_problem_info >= 0;
	case MQTT_PROP_AUTHENTICATION_METHOD:
		return p->auth_method != NULL;
	case MQTT_PROP_AUTHENTICATION_DATA:
		return p->auth_data != NULL;
	case MQTT_PROP_SESSION_EXPIRY_INTERVAL:
		return p->session_expiry >= 0;
	case MQTT_PROP_WILL_DELAY_INTERVAL:
		return p->will_delay >= 0;
	}
	return 0;
}

/* The -D properties a field does not override: the field wins. */
static int
engine_props_left(const struct profile *p, const struct props *in, int cmd,
    mosquitto_property **out, char **err)
{
	struct props	left = { NULL, 0 };
	int		i, id, type, rc;

	left.v = xcalloc(in->n + 1, sizeof *left.v);
	for (i = 0; i < in->n; i++) {
		if (mosquitto_string_to_property_info(in->v[i].name, &id,
		    &type) == MOSQ_ERR_SUCCESS && engine_field_set(p, id))
			continue;
		left.v[left.n++] = in->v[i];
	}
	rc = engine_props_build(&left, cmd, out, err);
	free(left.v);	/* the strings are in's */
	return rc;
}

static int
engine_range(const char *what, int64_t v, int64_t lo, int64_t hi,
    char **err)
{
	if (v >= lo && v <= hi)
		return 0;
	*err = xasprintf("%s must be %lld-%lld, not %lld", what,
	    (long long)lo, (long long)hi, (long long)v);
	return -1;
}

/* Which v5-only field a v3 profile has, or NULL. */
static const char *
engine_v5_field(const struct profile *p)
{
	if (p->receive_maximum >= 0)
		return "receive maximum (--receive-maximum)";
	if (p->maximum_packet_size >= 0)
		return "maximum packet size (--maximum-packet-size)";
	if (p->topic_alias_maximum >= 0)
		return "topic alias maximum (--topic-alias-maximum)";
	if (p->request_response_info >= 0)
		return "request response information";
	if (p->request_problem_info >= 0)
		return "request problem information";
	if (p->auth_method != NULL || p->auth_data != NULL)
		return "authentication method and data (--authentication-method)";
	if (p->will_delay >= 0 && p->will_topic != NULL)
		return "will delay interval (--will-delay-interval)";
	return NULL;
}

int
engine_connect_props(struct profile *p, mosquitto_property **out,
    char **err)
{
	mosquitto_property	*l = NULL;
	int64_t			 expiry = p->session_expiry;
	const char		*what;
	int			 rc = 0;

	*out = NULL;
	if (p->version != 5) {
		if ((what = engine_v5_field(p)) == NULL)
			return 0;
		*err = xasprintf("%s needs MQTT v5 (-V 5)", what);
		return -1;
	}
	if ((p->receive_maximum >= 0 && engine_range("receive maximum",
	    p->receive_maximum, 1, 65535, err) != 0) ||
	    (p->maximum_packet_size >= 0 && engine_range("maximum packet "
	    "size", p->maximum_packet_size, 1, UINT32_MAX, err) != 0) ||
	    (p->topic_alias_maximum >= 0 && engine_range("topic alias "
	    "maximum", p->topic_alias_maximum, 0, 65535, err) != 0) ||
	    (p->request_response_info >= 0 && engine_range("request "
	    "response information", p->request_response_info, 0, 1,
	    err) != 0) ||
	    (p->request_problem_info >= 0 && engine_range("request problem "
	    "information", p->request_problem_info, 0, 1, err) != 0) ||
	    (p->will_delay >= 0 && engine_range("will delay interval",
	    p->will_delay, 0, UINT32_MAX, err) != 0))
		return -1;
	if (p->auth_data != NULL && p->auth_method == NULL) {
		*err = xstrdup("authentication data needs an authentication "
		    "method (--authentication-method)");
		return -1;
	}
	if (p->auth_data != NULL && strlen(p->auth_data) > 65535) {
		*err = xstrdup("authentication data longer than 65535 bytes");
		return -1;
	}
	if (engine_props_left(p, &p->connect_props, CMD_CONNECT, &l, err) != 0)
		return -1;
	/* A persistent v5 session with no expiry would end at once. */
	if (expiry < 0 && !p->clean)
		expiry = UINT32_MAX;
	if (expiry >= 0)
		rc |= mosquitto_property_add_int32(&l,
		    MQTT_PROP_SESSION_EXPIRY_INTERVAL, (uint32_t)expiry);
	if (p->receive_maximum >= 0)
		rc |= mosquitto_property_add_int16(&l,
		    MQTT_PROP_RECEIVE_MAXIMUM, (uint16_t)p->receive_maximum);
	if (p->maximum_packet_size >= 0)
		rc |= mosquitto_property_add_int32(&l,
		    MQTT_PROP_MAXIMUM_PACKET_SIZE,
		    (uint32_t)p->maximum_packet_size);
	if (p->topic_alias_maximum >= 0)
		rc |= mosquitto_property_add_int16(&l,
		    MQTT_PROP_TOPIC_ALIAS_MAXIMUM,
		    (uint16_t)p->topic_alias_maximum);
	if (p->request_response_info >= 0)
		rc |= mosquitto_property_add_byte(&l,
		    MQTT_PROP_REQUEST_RESPONSE_INFORMATION,
		    (uint8_t)p->request_response_info);
	if (p->request_problem_info >= 0)
		rc |= mosquitto_property_add_byte(&l,
		    MQTT_PROP_REQUEST_PROBLEM_INFORMATION,
		    (uint8_t)p->request_problem_info);
	if (p->auth_method != NULL)
		rc |= mosquitto_property_add_string(&l,
		    MQTT_PROP_AUTHENTICATION_METHOD, p->auth_method);
	if (p->auth_data != NULL)
		rc |= mosquitto_property_add_binary(&l,
		    MQTT_PROP_AUTHENTICATION_DATA, p->auth_data,
		    (uint16_t)strlen(p->auth_data));
	if (rc != MOSQ_ERR_SUCCESS) {
		mosquitto_property_free_all(&l);
		*err = xstrdup("bad CONNECT properties");
		return -1;
	}
	*out = l;
	return 0;
}

/* The will's properties: -D will ones, then the will delay field. */
int
engine_will_props(struct profile *p, mosquitto_property **out, char **err)
{
	*out = NULL;
	if (p->version != 5)
		return 0;
	if (engine_props_left(p, &p->will_props, CMD_WILL, out, err) != 0)
		return -1;
	if (p->will_delay >= 0 && mosquitto_property_add_int32(out,
	    MQTT_PROP_WILL_DELAY_INTERVAL, (uint32_t)p->will_delay) !=
	    MOSQ_ERR_SUCCESS) {
		mosquitto_property_free_all(out);
		*err = xstrdup("bad will delay interval");
		return -1;
	}
	return 0;
}

/* A profile's SOCKS5 proxy on a client (WebSocket has its own). */
int
engine_proxy_set(struct mosquitto *mosq, const struct profile *p,
    char **err)
{
	struct proxy	 px;
	int		 rc;

	/* Also sent this way when CONNECT's properties are lost (below). */
	if (p->version == 5 && p->receive_maximum > 0)
		mosquitto_int_option(mosq, MOSQ_OPT_RECEIVE_MAXIMUM,
		    p->receive_maximum);
	if (p->proxy == NULL || *p->proxy == '\0' || p->ws)
		return 0;
	if (proxy_parse(p->proxy, &px, err) != 0)
		return -1;
	if (p->tls && !px.remote_dns) {
		proxy_clear(&px);
		*err = xstrdup("a socks5:// proxy with TLS would have the "
		    "certificate checked against an address: use socks5h://");
		return -1;
	}
	rc = mosquitto_socks5_set(mosq, px.host, px.port, px.user, px.pass);
	proxy_clear(&px);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("proxy: %s", mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

/*
 * libmosquitto 2.0.11 sends CONNECT without properties once through a
 * SOCKS5 proxy (socks_mosq.c passes NULL). Over mqtt:// the engine goes
 * through the proxy itself and a relay puts them back (engine-tunnel.c);
 * over mqtts:// the relay would see only ciphertext, so a profile that
 * needs some is refused rather than have its session expiry or
 * authentication silently dropped. The receive maximum survives:
 * libmosquitto adds it itself from MOSQ_OPT_RECEIVE_MAXIMUM.
 */
int
engine_proxy_check(const struct profile *p, const mosquitto_property *props,
    char **err)
{
	int	id;

	if (!p->tls || (id = engine_tunnel_needed(p, props)) == 0)
		return 0;
	*err = xasprintf("through a SOCKS5 proxy libmosquitto 2.0.11 sends "
	    "CONNECT without properties, and with TLS end to end they cannot "
	    "be put back on the way, so %s cannot be sent (use mqtt://, MQTT "
	    "3.1.1, or no proxy)", mosquitto_property_identifier_to_string(id));
	return -1;
}

/* For socks5://: the broker's name resolved here, as an address. */
int
engine_proxy_numeric(const char *host, char *addr, size_t len, char **why)
{
	struct addrinfo	 hints, *res;
	int		 rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		*why = xasprintf("cannot resolve host '%s' (the proxy is "
		    "socks5://, not socks5h://): %s", host, gai_strerror(rc));
		return MOSQ_ERR_EAI;
	}
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, addr, len, NULL, 0,
	    NI_NUMERICHOST);
	freeaddrinfo(res);
	if (rc != 0) {
		*why = xasprintf("cannot resolve host '%s'", host);
		return MOSQ_ERR_EAI;
	}
	return MOSQ_ERR_SUCCESS;
}

/*
 * In a connect worker (it may block): connect, through the proxy if there
 * is one. For socks5:// the broker's name is resolved here and the proxy
 * is given an address; for socks5h:// the name goes to the proxy as it
 * is. *why has words of its own when the proxy is the one that failed.
 */
int
engine_proxy_connect(struct mosquitto *mosq, const char *proxy,
    const char *host, int port, int keepalive,
    const mosquitto_property *props, char **why)
{
	struct proxy	 px;
	char		 addr[NI_MAXHOST], *err = NULL;
	int		 rc, e;

	*why = NULL;
	if (proxy == NULL || proxy_parse(proxy, &px, &err) != 0) {
		free(err);
		return mosquitto_connect_bind_v5(mosq, host, port, keepalive,
		    NULL, props);
	}
	if (!px.remote_dns) {
		if ((rc = engine_proxy_numeric(host, addr, sizeof addr,
		    why)) != MOSQ_ERR_SUCCESS) {
			proxy_clear(&px);
			return rc;
		}
		host = addr;
	}
	errno = 0;
	rc = mosquitto_connect_bind_v5(mosq, host, port, keepalive, NULL,
	    props);
	e = errno;
	if (rc == MOSQ_ERR_ERRNO)
		*why = xasprintf("cannot connect to the proxy %s:%d: %s",
		    px.host, px.port, engine_errno_words(e));
	else if (rc == MOSQ_ERR_EAI)
		*why = xasprintf("cannot resolve the proxy's host '%s'",
		    px.host);
	proxy_clear(&px);
	errno = e;
	return rc;
}

/* A detached thread for what can block: name resolution, connect. */
void
engine_thread(void *(*fn)(void *), void *arg)
{
	pthread_attr_t	attr;
	pthread_t	tid;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, fn, arg) != 0)
		fatal("cannot start a connect thread: %s", strerror(errno));
	pthread_attr_destroy(&attr);
}

/*
 * A client with a profile's broker settings: protocol, user, TLS. Its
 * packets are queued (threaded mode) and written from the loop.
 */
struct mosquitto *
engine_mosq_new(const char *id, int clean, void *obj,
    const struct profile *p, char **err)
{
	struct mosquitto	*mosq;
	int			 version;

	if ((mosq = mosquitto_new(id, clean, obj)) == NULL) {
		*err = xasprintf("cannot create a client: %s",
		    strerror(errno));
		return NULL;
	}
	version = p->version == 3 ? MQTT_PROTOCOL_V31 :
	    p->version == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311;
	mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, version);
	mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1);
	/* Queue every packet: the loop writes them, acks once stored. */
	mosquitto_threaded_set(mosq, true);
	if ((p->username != NULL || p->password != NULL) &&
	    mosquitto_username_pw_set(mosq, p->username, p->password) !=
	    MOSQ_ERR_SUCCESS) {
		*err = xstrdup("bad user name or password");
		goto fail;
	}
	/*
	 * The context itself is made by the connect thread; over WebSocket
	 * the relay does TLS, not libmosquitto.
	 */
	if (p->tls && engine_tls_check(p, err) != 0)
		goto fail;
	if (engine_proxy_set(mosq, p, err) != 0)
		goto fail;
	return mosq;
fail:
	mosquitto_destroy(mosq);
	return NULL;
}
