/*
 * MQTT over WebSocket: libmosquitto reaches the broker through the
 * in-process relay (ws-relay.c) with its own SOCKS5 client, and does no
 * TLS itself; the relay does the WebSocket and its TLS, with the context
 * mqtts would get (engine_tls_ctx_new), and puts back the MQTT 5 CONNECT
 * properties libmosquitto leaves out through SOCKS5.
 */
#include <stdbool.h>
#include <stdlib.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "buf.h"
#include "engine-int.h"
#include "engine-propbytes.h"
#include "profile.h"
#include "ws-relay.h"
#include "xmalloc.h"

/*
 * The CONNECT properties as bytes for the relay to put back (see
 * ws-relay-splice.c), from the list a direct connection would send.
 * libmosquitto keeps the receive maximum it sends (it counts by it), so
 * it is told ours.
 */
int
engine_ws_props(struct mosquitto *mosq, const struct profile *p,
    struct buf *b, char **err)
{
	mosquitto_property	*props = NULL;
	uint16_t		 rmax;
	int			 rc;

	if (p->version != 5)
		return 0;
	/* engine_connect_props reads the profile only. */
	if (engine_connect_props((struct profile *)p, &props, err) != 0)
		return -1;
	if (mosquitto_property_read_int16(props, MQTT_PROP_RECEIVE_MAXIMUM,
	    &rmax, false) != NULL)
		mosquitto_int_option(mosq, MOSQ_OPT_RECEIVE_MAXIMUM, rmax);
	rc = engine_propbytes(props, b, err);
	mosquitto_property_free_all(&props);
	return rc;
}

/*
 * A fresh relay for this attempt, the old one let go. With connect_props,
 * CONNECT carries engine_connect_props(p) as it would without the relay.
 */
int
engine_ws_attach(struct mosquitto *mosq, struct ws_relay **rp,
    const struct profile *p, int connect_props, char **err)
{
	struct ws_relay	*r;
	struct buf	 b;
	int		 rc;

	ws_relay_free(*rp);
	*rp = NULL;
	buf_init(&b);
	if (connect_props && engine_ws_props(mosq, p, &b, err) != 0) {
		buf_free(&b);
		return -1;
	}
	r = ws_relay_new(p, b.p, b.len, err);
	buf_free(&b);
	if (r == NULL)
		return -1;
	rc = mosquitto_socks5_set(mosq, "127.0.0.1", ws_relay_port(r),
	    ws_relay_user(r), ws_relay_password(r));
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("cannot reach the WebSocket relay: %s",
		    mosquitto_strerror(rc));
		ws_relay_free(r);
		return -1;
	}
	*rp = r;
	return 0;
}

/*
 * wss: give the relay the TLS context engine_tls_apply gives mqtts: the
 * same CA, name check, client key (its passphrase command), ALPN, SNI,
 * versions and SSLKEYLOGFILE. Made once into *ctx (the caller's, kept for
 * the next attempts as mqtts keeps its own), with a record of its own
 * that lives as long as the context. May block: a connect thread calls
 * it, before libmosquitto reaches the relay.
 */
int
engine_ws_tls(struct ws_relay *r, SSL_CTX **ctx, const struct profile *p,
    char **err)
{
	if (!p->tls)
		return 0;
	if (*ctx == NULL && (*ctx = engine_tls_ctx_new(p, NULL, err)) == NULL)
		return -1;
	ws_relay_set_tls(r, *ctx);
	return 0;
}

/*
 * What the relay knows beats libmosquitto's "proxy error": the HTTP
 * status, the certificate, the name. NULL when it knows nothing.
 */
char *
engine_ws_why(struct engine_conn *ec)
{
	if (ec->relay == NULL || ec->closing || ec->dropped || ec->timed_out)
		return NULL;
	return ws_relay_error(ec->relay);
}
