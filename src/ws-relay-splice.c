/*
 * libmosquitto 2.0.11 sends CONNECT without its MQTT 5 properties once
 * through SOCKS5 (socks_mosq.c passes none), and SOCKS5 is how it reaches
 * the relay. So the relay completes the first packet it is given, the
 * CONNECT, with the property block the engine made from the same list a
 * direct connection sends (engine-propbytes.c), before it goes on.
 */
#include <stdlib.h>

#include "buf.h"
#include "mqtt-wire.h"
#include "ws-relay-int.h"

int
ws_relay_to_ws(struct ws_relay *r, const void *in, size_t len)
{
	struct buf	 out;
	size_t		 used;
	char		*err = NULL;
	int		 rc;

	if (!r->splice) {
		ws_relay_buf_add(&r->to_ws, in, len);
		return 0;
	}
	buf_add(&r->first, in, len);
	buf_init(&out);
	rc = mqtt_wire_connect_splice((const unsigned char *)r->first.p,
	    r->first.len, r->props, r->props_len, &out, &used, &err);
	if (rc == 0)
		return 0;
	if (rc < 0) {
		ws_relay_fail(r, "cannot send the MQTT 5 CONNECT properties "
		    "%s: %s", r->raw ? "through the proxy" : "over WebSocket",
		    err);
		free(err);
		return -1;
	}
	ws_relay_buf_add(&r->to_ws, out.p, out.len);
	ws_relay_buf_add(&r->to_ws, r->first.p + used, r->first.len - used);
	buf_free(&out);
	buf_free(&r->first);
	r->splice = 0;
	return 0;
}
