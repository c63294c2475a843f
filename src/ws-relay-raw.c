/*
 * The relay without WebSocket (ws-relay.h, ws_relay_new_fd): the link
 * to the broker is a socket the engine connected through a SOCKS5 proxy
 * itself, adopted by the relay's thread as a raw socket when
 * libmosquitto's SOCKS5 request comes; bytes go both ways as they are,
 * the CONNECT completed on the way (ws-relay-splice.c). libmosquitto
 * 2.0.11 would send CONNECT without its properties through the proxy.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "ws-relay.h"
#include "ws-relay-int.h"
#include "xmalloc.h"

static pthread_mutex_t	ws_relay_raw_lock = PTHREAD_MUTEX_INITIALIZER;

struct ws_relay *
ws_relay_new_fd(const void *props, size_t plen, char **err)
{
	struct ws_relay	*r = xcalloc(1, sizeof *r);

	r->lfd = -1;
	r->rfd = -1;
	r->raw = 1;
	if (props != NULL && plen > 0) {
		r->props = xmalloc(plen);
		memcpy(r->props, props, plen);
		r->props_len = plen;
		r->splice = 1;
	}
	r->host = xstrdup("the proxy");
	return ws_relay_open(r, err) == 0 ? r : NULL;
}

/* From the connect thread, before libmosquitto connects to the relay. */
void
ws_relay_set_fd(struct ws_relay *r, int fd)
{
	int	old;

	pthread_mutex_lock(&ws_relay_raw_lock);
	old = r->rfd;
	r->rfd = fd;
	pthread_mutex_unlock(&ws_relay_raw_lock);
	if (old != -1)
		close(old);
}

/* libmosquitto asked: the link becomes the relay's, SOCKS5 says yes. */
int
ws_relay_raw_connect(struct ws_relay *r)
{
	struct ws_relay_sess	*s;
	lws_adopt_desc_t	 ad;
	int			 fd;

	pthread_mutex_lock(&ws_relay_raw_lock);
	fd = r->rfd;
	r->rfd = -1;
	pthread_mutex_unlock(&ws_relay_raw_lock);
	if (fd == -1) {
		ws_relay_fail(r, "no link through the proxy for the relay");
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	s = xcalloc(1, sizeof *s);
	s->r = r;
	s->st = SESS_REMOTE;
	memset(&ad, 0, sizeof ad);
	ad.vh = r->vh;
	ad.type = LWS_ADOPT_SOCKET;
	ad.fd.sockfd = fd;
	ad.vh_prot_name = "mqtty-relay";
	ad.opaque = s;
	/* On failure lws closed the socket. */
	if ((r->ws = lws_adopt_descriptor_vhost_via_info(&ad)) == NULL) {
		free(s);
		ws_relay_fail(r, "cannot relay the link through the proxy");
		return -1;
	}
	r->up = 1;
	ws_relay_socks_reply(r, 0);
	if (r->to_ws.len > 0)
		lws_callback_on_writable(r->ws);
	return 0;
}

/* The callbacks of the link to the broker. */
int
ws_relay_raw_cb(struct lws *wsi, enum lws_callback_reasons why,
    struct ws_relay_sess *s, void *in, size_t len)
{
	struct ws_relay	*r = s->r;

	switch (why) {
	case LWS_CALLBACK_RAW_RX:
		return ws_relay_from_ws(r, wsi, in, len);
	case LWS_CALLBACK_RAW_WRITEABLE:
		return ws_relay_ws_writeable(r, wsi);
	case LWS_CALLBACK_RAW_CLOSE:
		lws_set_opaque_user_data(wsi, NULL);
		if (r->ws == wsi)
			ws_relay_ws_gone(r);
		free(s);
		return 0;
	default:
		return 0;
	}
}
