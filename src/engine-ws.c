/*
 * MQTT over WebSocket: libmosquitto reaches the broker through the
 * in-process relay (ws-relay.c) with its own SOCKS5 client, and does no
 * TLS itself; the relay does the WebSocket and its TLS.
 */
#include <stdlib.h>

#include <mosquitto.h>

#include "engine-int.h"
#include "profile.h"
#include "ws-relay.h"
#include "xmalloc.h"

/* A fresh relay for this attempt, the old one let go. */
int
engine_ws_attach(struct mosquitto *mosq, struct ws_relay **rp,
    const struct profile *p, char **err)
{
	struct ws_relay	*r;
	int		 rc;

	ws_relay_free(*rp);
	*rp = NULL;
	if ((r = ws_relay_new(p, err)) == NULL)
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
