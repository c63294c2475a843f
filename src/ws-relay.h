/*
 * MQTT over WebSocket for libmosquitto, which has no WebSocket client: an
 * in-process relay that libmosquitto reaches through its own SOCKS5
 * client, with a one-time user name and password, and that carries the
 * bytes to the broker in WebSocket binary frames (libwebsockets).
 */
#ifndef WS_RELAY_H
#define WS_RELAY_H
#include <openssl/ssl.h>

struct profile;
struct ws_relay;

/*
 * Listen on 127.0.0.1 for one SOCKS5 client with the relay's credential,
 * then open p's WebSocket for it. With props (an MQTT 5 property block,
 * without its length), the CONNECT the client sends first is completed
 * with them. NULL with *err (a file, a header).
 */
struct ws_relay	*ws_relay_new(const struct profile *, const void *, size_t,
		    char **);
/*
 * The same relay without WebSocket, for a SOCKS5 proxy with MQTT 5
 * CONNECT properties: it carries the bytes as they are over a link the
 * engine opened (through the proxy) and gives with ws_relay_set_fd
 * before libmosquitto reaches the relay. The relay owns the socket.
 */
struct ws_relay	*ws_relay_new_fd(const void *, size_t, char **);
void		 ws_relay_set_fd(struct ws_relay *, int);
/*
 * wss: the relay waits for its TLS context, the one mqtts gets
 * (engine_tls_ctx_new with a record of its own), made off the loop's
 * thread. The relay takes a reference of its own, let go of once its
 * vhost is gone; the record is read and reset on the relay's thread only.
 */
void		 ws_relay_set_tls(struct ws_relay *, SSL_CTX *);
int		 ws_relay_port(const struct ws_relay *);
const char	*ws_relay_user(const struct ws_relay *);
const char	*ws_relay_password(const struct ws_relay *);
/* Why the WebSocket failed or closed, NULL if it did not; caller frees. */
char		*ws_relay_error(struct ws_relay *);
/* The owner is done: the relay sends what it holds, then frees itself. */
void		 ws_relay_free(struct ws_relay *);
/* At exit: give the relays up to ms to send what they hold, then stop. */
void		 ws_relay_shutdown(int);
#endif
