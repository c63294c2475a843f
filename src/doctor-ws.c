/*
 * The doctor's WebSocket step: the HTTP upgrade (RFC 6455) asking for the
 * subprotocol mqtt, over the link so far; the status line, the chosen
 * subprotocol and the server's accept key checked. Only the handshake:
 * no frames are sent.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "b64.h"
#include "buf.h"
#include "doctor-int.h"
#include "xmalloc.h"

#define DOCTOR_WS_GUID		"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define DOCTOR_WS_MAX		16384	/* response headers */

/* A header's value in the response (after the status line), or NULL. */
static char *
doctor_ws_header(const char *resp, const char *name)
{
	const char	*l, *v, *e;
	size_t		 n = strlen(name);

	for (l = strstr(resp, "\r\n"); l != NULL; l = strstr(l, "\r\n")) {
		l += 2;
		if (strncasecmp(l, name, n) != 0 || l[n] != ':')
			continue;
		for (v = l + n + 1; *v == ' ' || *v == '\t'; v++)
			;
		e = strstr(v, "\r\n");
		return xstrndup(v, e != NULL ? (size_t)(e - v) : strlen(v));
	}
	return NULL;
}

void
doctor_ws_step(struct doctor *d)
{
	const struct profile	*p = d->p;
	unsigned char		 nonce[16], sha[SHA_DIGEST_LENGTH];
	const char		*path = p->ws_path != NULL && *p->ws_path ?
				    p->ws_path : "/mqtt", *h, *e;
	struct buf		 key, req, want;
	char			 resp[DOCTOR_WS_MAX], *err = NULL, *proto = NULL,
				*accept = NULL, *status;
	size_t			 len = 0, got;

	doctor_step_begin(d, "websocket");
	buf_init(&key);
	buf_init(&req);
	buf_init(&want);
	RAND_bytes(nonce, sizeof nonce);
	b64_encode(&key, nonce, sizeof nonce);
	buf_addf(&req, "GET %s HTTP/1.1\r\n", path);
	buf_addf(&req, strchr(p->host, ':') != NULL ? "Host: [%s]:%d\r\n" :
	    "Host: %s:%d\r\n", p->host, p->port);
	buf_addf(&req, "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
	    "Sec-WebSocket-Protocol: mqtt\r\n", buf_str(&key));
	/* The profile's own headers, a "Name: value" a line. */
	for (h = p->ws_headers; h != NULL && *h != '\0'; h = *e ? e + 1 : e) {
		e = h + strcspn(h, "\r\n");
		if (e > h)
			buf_addf(&req, "%.*s\r\n", (int)(e - h), h);
		if (*e == '\r' && e[1] == '\n')
			e++;
	}
	buf_adds(&req, "\r\n");
	cJSON_AddStringToObject(d->data, "path", path);
	if (doctor_write(d, req.p, req.len, &err) != 0)
		goto fail;
	while (len < sizeof resp - 1) {
		if (doctor_read(d, resp + len, sizeof resp - 1 - len, &got,
		    &err) != 0)
			goto fail;
		if (got == 0) {
			err = xstrdup("the server closed the connection before "
			    "answering the upgrade");
			goto fail;
		}
		len += got;
		resp[len] = '\0';
		if (strstr(resp, "\r\n\r\n") != NULL)
			break;
	}
	resp[len] = '\0';
	status = xstrndup(resp, strcspn(resp, "\r\n"));
	cJSON_AddStringToObject(d->data, "status", status);
	proto = doctor_ws_header(resp, "Sec-WebSocket-Protocol");
	accept = doctor_ws_header(resp, "Sec-WebSocket-Accept");
	cJSON_AddStringToObject(d->data, "subprotocol", proto != NULL ? proto :
	    "none");
	buf_addf(&key, "%s", DOCTOR_WS_GUID);
	SHA1((const unsigned char *)key.p, key.len, sha);
	b64_encode(&want, sha, sizeof sha);
	if (strncmp(status, "HTTP/1.1 101", 12) != 0)
		doctor_step_fail(d, "the server did not upgrade: '%.80s'%s",
		    status, strstr(status, " 404") != NULL ?
		    " (is the path right? --ws-path)" : "");
	else if (accept == NULL || strcmp(accept, buf_str(&want)) != 0)
		doctor_step_fail(d, "the server's Sec-WebSocket-Accept is "
		    "wrong: not a WebSocket server?");
	else if (proto == NULL || strcasecmp(proto, "mqtt") != 0)
		doctor_step_fail(d, "the server chose no mqtt subprotocol "
		    "(it answered %s)", proto != NULL ? proto : "none");
	else
		doctor_step_ok(d, "upgraded on %s, subprotocol %s", path,
		    proto);
	free(status);
	goto out;
fail:
	doctor_step_fail(d, "%s", err);
	free(err);
out:
	free(proto);
	free(accept);
	buf_free(&key);
	buf_free(&req);
	buf_free(&want);
}
