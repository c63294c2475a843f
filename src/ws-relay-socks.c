/*
 * The relay's side of SOCKS5 (RFC 1928, RFC 1929): user name and password
 * only, the relay's one-time credential once, then CONNECT, whose answer
 * waits for the WebSocket (ws-relay.c).
 */
#include <sys/socket.h>

#include <string.h>

#include <libwebsockets.h>

#include "ws-relay-int.h"

static int
ws_relay_auth_ok(struct ws_relay *r, const unsigned char *u, size_t ul,
    const unsigned char *pw, size_t pl)
{
	unsigned char	diff = 0;
	size_t		i;

	if (r->used || ul != strlen(r->user) || pl != strlen(r->pass))
		return 0;
	/* Same time whatever the guess. */
	for (i = 0; i < ul; i++)
		diff |= u[i] ^ (unsigned char)r->user[i];
	for (i = 0; i < pl; i++)
		diff |= pw[i] ^ (unsigned char)r->pass[i];
	return diff == 0;
}

static int
ws_relay_send_now(struct lws *wsi, const void *p, size_t n)
{
	/* A few bytes on a fresh socket: the kernel takes them. */
	return send(lws_get_socket_fd(wsi), p, n, MSG_NOSIGNAL) == (ssize_t)n ?
	    0 : -1;
}

/*
 * The SOCKS5 handshake (RFC 1928, 1929): user and password only. Returns
 * -1 to close the session, else 0; what follows the request is MQTT.
 */
int
ws_relay_socks(struct lws *wsi, struct ws_relay_sess *s)
{
	struct ws_relay		*r = s->r;
	const unsigned char	*b = s->in;
	size_t			 need = 0, ul, pl, i;
	int			 userpass = 0;

	for (;;) {
		switch (s->st) {
		case SESS_GREET:
			if (s->n < 2 || s->n < (need = 2 + (size_t)b[1]))
				return 0;
			if (b[0] != 5)
				return -1;
			for (i = 2; i < need; i++)
				userpass |= b[i] == 2;
			if (!userpass) {
				ws_relay_send_now(wsi, "\5\377", 2);
				return -1;
			}
			if (ws_relay_send_now(wsi, "\5\2", 2) != 0)
				return -1;
			s->st = SESS_AUTH;
			break;
		case SESS_AUTH:
			if (s->n < 2 || s->n < 2 + (ul = b[1]) + 1 ||
			    s->n < (need = 3 + ul + (pl = b[2 + ul])))
				return 0;
			if (b[0] != 1 || !ws_relay_auth_ok(r, b + 2, ul,
			    b + 3 + ul, pl)) {
				ws_relay_send_now(wsi, "\1\1", 2);
				return -1;
			}
			r->used = 1;
			if (ws_relay_send_now(wsi, "\1\0", 2) != 0)
				return -1;
			s->st = SESS_REQUEST;
			break;
		case SESS_REQUEST:
			if (s->n < 5)
				return 0;
			need = b[3] == 1 ? 10 : b[3] == 4 ? 22 :
			    b[3] == 3 ? 7 + (size_t)b[4] : 0;
			if (need == 0 || b[0] != 5 || b[1] != 1)
				return -1;
			if (s->n < need)
				return 0;
			/* The broker is the profile's, whatever was asked. */
			s->st = SESS_PIPE;
			r->local = wsi;
			lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
			if (s->n > need && ws_relay_to_ws(r, b + need,
			    s->n - need) != 0)
				return -1;
			s->n = 0;
			if (ws_relay_connect_ws(r) != 0)
				ws_relay_ws_gone(r);
			return 0;
		case SESS_PIPE:
		case SESS_REMOTE:
			return 0;
		}
		memmove(s->in, s->in + need, s->n - need);
		s->n -= need;
	}
}
