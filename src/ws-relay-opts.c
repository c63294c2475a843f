/*
 * What a WebSocket relay takes from the profile: its custom headers, an
 * HTTP proxy; and how wss uses the TLS context the engine made for it,
 * mqtts's own, with mqtts's words for a certificate it refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libwebsockets.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "profile.h"
#include "ws-relay-int.h"
#include "xmalloc.h"

/* A header name is an HTTP token (RFC 9110). */
static int
ws_relay_token(const char *s, size_t n)
{
	size_t	i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (strchr("!#$%&'*+-.^_`|~", s[i]) == NULL &&
		    !(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	}
	return 1;
}

/* Each line "Name: value"; a bad one is named. */
int
ws_relay_headers_check(struct ws_relay *r, const char *hs, char **err)
{
	const char	*line, *end, *colon, *c;
	size_t		 n;

	if (hs == NULL)
		return 0;
	for (line = hs; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		n = (size_t)(end - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		colon = memchr(line, ':', n);
		if (colon == NULL || !ws_relay_token(line, colon - line)) {
			*err = xasprintf("bad WebSocket header '%.*s': use "
			    "'Name: value'", (int)n, line);
			return -1;
		}
		for (c = colon + 1; c < line + n; c++) {
			if ((unsigned char)*c < 0x20 && *c != '\t') {
				*err = xasprintf("bad WebSocket header "
				    "'%.*s': control character in the value",
				    (int)(colon - line), line);
				return -1;
			}
		}
	}
	r->headers = xstrdup(hs);
	return 0;
}

/* Into the upgrade request, as lws asks: at *in, at most len bytes. */
int
ws_relay_headers_add(struct ws_relay *r, struct lws *wsi, void *in,
    size_t len)
{
	unsigned char	**p = in, *end = *p + len;
	const char	 *line, *eol, *colon, *v;
	char		 *name, *value;
	size_t		  n;
	int		  rc = 0;

	if (r->headers == NULL)
		return 0;
	for (line = r->headers; *line != '\0' && rc == 0;
	    line = *eol != '\0' ? eol + 1 : eol) {
		eol = line + strcspn(line, "\n");
		n = (size_t)(eol - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || (colon = memchr(line, ':', n)) == NULL)
			continue;
		for (v = colon + 1; v < line + n && (*v == ' ' || *v == '\t');
		    v++)
			;
		name = xasprintf("%.*s:", (int)(colon - line), line);
		value = xstrndup(v, (size_t)(line + n - v));
		if (lws_add_http_header_by_name(wsi, (unsigned char *)name,
		    (unsigned char *)value, (int)strlen(value), p, end) != 0) {
			ws_relay_fail(r, "WebSocket headers too long");
			rc = -1;
		}
		free(name);
		free(value);
	}
	return rc;
}

int
ws_relay_proxy_check(struct ws_relay *r, const char *proxy, char **err)
{
	if (proxy == NULL || *proxy == '\0')
		return 0;
	if (strncasecmp(proxy, "http://", 7) == 0 && proxy[7] != '\0') {
		r->proxy = xstrdup(proxy);
		return 0;
	}
	if (strncasecmp(proxy, "socks", 5) == 0) {
		*err = xstrdup("a SOCKS5 proxy cannot carry ws:// or wss:// "
		    "(libwebsockets is built without SOCKS5 here): use an "
		    "http:// proxy");
		return -1;
	}
	*err = xasprintf("bad proxy '%s' for ws:// or wss://: use "
	    "http://[user:pass@]host:port", proxy);
	return -1;
}

/*
 * lws puts its own verify callback on each SSL and asks us from there:
 * run our context's (engine_tls_ctx_new's) on what OpenSSL saw, so the
 * record and the verdict are the same as for mqtts. 0 lets it through.
 */
int
ws_relay_tls_cert(struct ws_relay *r, void *xs, void *ssl, int ok)
{
	SSL_verify_cb	cb;

	if (ssl == NULL ||
	    (cb = SSL_CTX_get_verify_callback(SSL_get_SSL_CTX(ssl))) == NULL)
		return !ok;
	if (!cb(ok, xs))
		return 1;
	/* Accepted (--no-verify): lws reads the result again after. */
	X509_STORE_CTX_set_error(xs, X509_V_OK);
	return 0;
}

/*
 * The handshake failed: the certificate or the server's alert in the
 * words mqtts uses, else OpenSSL's reason.
 */
void
ws_relay_tls_error(struct ws_relay *r)
{
	struct engine_tls_verify	*v;
	unsigned long			 e;
	const char			*s;
	char				*w;

	if (!r->tls || r->ssl == NULL)
		return;
	if ((v = engine_tls_ctx_record(r->ssl)) != NULL &&
	    engine_tls_refused(v)) {
		w = engine_tls_words(v, NULL);
		ws_relay_fail(r, "%s", w);
		free(w);
	} else if ((e = ERR_peek_last_error()) != 0 &&
	    (s = ERR_reason_error_string(e)) != NULL)
		ws_relay_fail(r, "TLS error: %s", s);
	ERR_clear_error();
}
