/*
 * The doctor's proxy step, by hand over the TCP link to the proxy: SOCKS5
 * (RFC 1928 greeting and CONNECT, RFC 1929 user and password) or HTTP
 * CONNECT, each answer read and said in words.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doctor-int.h"
#include "xmalloc.h"

void
doctor_proxy_clear(struct doctor_proxy *px)
{
	free(px->host);
	free(px->user);
	free(px->pass);
	memset(px, 0, sizeof *px);
}

/*
 * socks5h://[user[:pass]@]host[:port], socks5://..., http://...; errors
 * do not repeat the URL: it may hold a password.
 */
int
doctor_proxy_parse(const char *url, struct doctor_proxy *px, char **err)
{
	const char	*s, *at, *colon, *end, *port = NULL;
	char		*e;
	long		 n;

	memset(px, 0, sizeof *px);
	if (strncasecmp(url, "socks5h://", 10) == 0) {
		px->socks = 5;
		px->remote_dns = 1;
		s = url + 10;
	} else if (strncasecmp(url, "socks5://", 9) == 0) {
		px->socks = 5;
		s = url + 9;
	} else if (strncasecmp(url, "http://", 7) == 0)
		s = url + 7;
	else {
		*err = xstrdup("bad --proxy: use socks5h://, socks5:// or "
		    "http://");
		return -1;
	}
	if ((at = strrchr(s, '@')) != NULL) {
		colon = memchr(s, ':', at - s);
		px->user = xstrndup(s, colon != NULL ? (size_t)(colon - s) :
		    (size_t)(at - s));
		if (colon != NULL)
			px->pass = xstrndup(colon + 1, at - colon - 1);
		s = at + 1;
	}
	end = s + strcspn(s, "/");
	if (*s == '[' && (colon = memchr(s, ']', end - s)) != NULL) {
		px->host = xstrndup(s + 1, colon - s - 1);
		if (colon[1] == ':')
			port = colon + 2;
	} else {
		colon = memchr(s, ':', end - s);
		px->host = xstrndup(s, colon != NULL ? (size_t)(colon - s) :
		    (size_t)(end - s));
		if (colon != NULL)
			port = colon + 1;
	}
	px->port = px->socks ? 1080 : 8080;
	if (port != NULL) {
		n = strtol(port, &e, 10);
		if (e == port || e != end || n < 1 || n > 65535) {
			*err = xstrdup("bad port in --proxy");
			goto fail;
		}
		px->port = (int)n;
	}
	if (*px->host == '\0') {
		*err = xstrdup("no host in --proxy");
		goto fail;
	}
	return 0;
fail:
	doctor_proxy_clear(px);
	return -1;
}

static int
doctor_proxy_readn(struct doctor *d, void *p, size_t len, char **err)
{
	size_t	got;

	while (len > 0) {
		if (doctor_read(d, p, len, &got, err) != 0)
			return -1;
		if (got == 0) {
			*err = xstrdup("the proxy closed the connection");
			return -1;
		}
		p = (char *)p + got;
		len -= got;
	}
	return 0;
}

static const char *
doctor_proxy_socks_words(int rep)
{
	switch (rep) {
	case 1:
		return "general SOCKS server failure";
	case 2:
		return "connection not allowed by ruleset";
	case 3:
		return "network unreachable";
	case 4:
		return "host unreachable";
	case 5:
		return "connection refused";
	case 6:
		return "TTL expired";
	case 7:
		return "command not supported";
	case 8:
		return "address type not supported";
	}
	return "unknown reply";
}

static void
doctor_proxy_socks5(struct doctor *d, const struct doctor_proxy *px)
{
	unsigned char	 b[600], *q;
	const char	*host = d->p->host;
	char		*err = NULL, addr[INET6_ADDRSTRLEN];
	size_t		 hl = strlen(host), ul, pl, alen;
	int		 v6;

	/* Greeting: no authentication, or user and password if we have one. */
	b[0] = 5;
	b[1] = px->user != NULL ? 2 : 1;
	b[2] = 0;
	b[3] = 2;
	if (doctor_write(d, b, 2 + b[1], &err) != 0 ||
	    doctor_proxy_readn(d, b, 2, &err) != 0)
		goto fail;
	if (b[0] != 5) {
		doctor_step_fail(d, "not a SOCKS5 proxy (version %d)", b[0]);
		return;
	}
	if (b[1] == 0xff) {
		doctor_step_fail(d, "the proxy accepts none of our "
		    "authentication methods%s", px->user == NULL ?
		    " (it may want a user and password)" : "");
		return;
	}
	cJSON_AddStringToObject(d->data, "auth", b[1] == 2 ?
	    "user and password" : "none");
	if (b[1] == 2) {
		ul = strlen(px->user);
		pl = px->pass != NULL ? strlen(px->pass) : 0;
		if (ul > 255 || pl > 255) {
			doctor_step_fail(d, "proxy user or password over 255 "
			    "bytes");
			return;
		}
		q = b;
		*q++ = 1;
		*q++ = (unsigned char)ul;
		memcpy(q, px->user, ul);
		q += ul;
		*q++ = (unsigned char)pl;
		if (pl > 0)
			memcpy(q, px->pass, pl);
		q += pl;
		if (doctor_write(d, b, q - b, &err) != 0 ||
		    doctor_proxy_readn(d, b, 2, &err) != 0)
			goto fail;
		if (b[1] != 0) {
			doctor_step_fail(d, "the proxy refused the user name "
			    "or password");
			return;
		}
	}
	/* CONNECT: the name (socks5h) or our resolution of it (socks5). */
	q = b;
	*q++ = 5;
	*q++ = 1;
	*q++ = 0;
	v6 = inet_pton(AF_INET6, host, b + 4) == 1;
	if (v6) {
		*q++ = 4;
		q += 16;
	} else if (inet_pton(AF_INET, host, b + 4) == 1) {
		*q++ = 1;
		q += 4;
	} else {
		if (hl > 255) {
			doctor_step_fail(d, "host name over 255 bytes");
			return;
		}
		if (!px->remote_dns)
			cJSON_AddStringToObject(d->data, "note", "socks5:// "
			    "sends the name as socks5h:// would: the proxy "
			    "resolves it");
		*q++ = 3;
		*q++ = (unsigned char)hl;
		memcpy(q, host, hl);
		q += hl;
	}
	*q++ = (unsigned char)(d->p->port >> 8);
	*q++ = (unsigned char)d->p->port;
	if (doctor_write(d, b, q - b, &err) != 0 ||
	    doctor_proxy_readn(d, b, 4, &err) != 0)
		goto fail;
	if (b[1] != 0) {
		doctor_step_fail(d, "the proxy could not reach %s port %d: %s",
		    host, d->p->port, doctor_proxy_socks_words(b[1]));
		return;
	}
	/* The address the proxy connected from. */
	alen = b[3] == 1 ? 4 : b[3] == 4 ? 16 : 0;
	if (b[3] == 3) {
		if (doctor_proxy_readn(d, b + 4, 1, &err) != 0)
			goto fail;
		alen = 1 + b[4];
	}
	if (doctor_proxy_readn(d, b + 4, alen + 2, &err) != 0)
		goto fail;
	if (b[3] == 1 || b[3] == 4) {
		inet_ntop(b[3] == 1 ? AF_INET : AF_INET6, b + 4, addr,
		    sizeof addr);
		cJSON_AddStringToObject(d->data, "bound", addr);
	}
	cJSON_AddStringToObject(d->data, "kind", px->remote_dns ? "socks5h" :
	    "socks5");
	doctor_step_ok(d, "SOCKS5 proxy %s port %d connected to %s port %d",
	    px->host, px->port, host, d->p->port);
	return;
fail:
	doctor_step_fail(d, "%s", err);
	free(err);
}

static void
doctor_proxy_http(struct doctor *d, const struct doctor_proxy *px)
{
	char	*req, *err = NULL, buf[4096], *eol;
	size_t	 len = 0, got;

	req = xasprintf(strchr(d->p->host, ':') != NULL ?
	    "CONNECT [%s]:%d HTTP/1.1\r\nHost: [%s]:%d\r\n\r\n" :
	    "CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n\r\n", d->p->host,
	    d->p->port, d->p->host, d->p->port);
	if (doctor_write(d, req, strlen(req), &err) != 0) {
		free(req);
		goto fail;
	}
	free(req);
	/* One byte at a time: nothing of the broker's may be eaten. */
	while (len < sizeof buf - 1) {
		if (doctor_read(d, buf + len, 1, &got, &err) != 0)
			goto fail;
		if (got == 0) {
			err = xstrdup("the proxy closed the connection");
			goto fail;
		}
		len++;
		if (len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	buf[len] = '\0';
	if ((eol = strstr(buf, "\r\n")) != NULL)
		*eol = '\0';
	cJSON_AddStringToObject(d->data, "status", buf);
	cJSON_AddStringToObject(d->data, "kind", "http");
	if (strncmp(buf, "HTTP/1.", 7) != 0 || strncmp(buf + 8, " 200", 4)
	    != 0) {
		doctor_step_fail(d, "the proxy answered '%.80s'", buf);
		return;
	}
	doctor_step_ok(d, "HTTP proxy %s port %d connected to %s port %d",
	    px->host, px->port, d->p->host, d->p->port);
	return;
fail:
	doctor_step_fail(d, "%s", err);
	free(err);
}

void
doctor_proxy_step(struct doctor *d, const struct doctor_proxy *px)
{
	doctor_step_begin(d, "proxy");
	cJSON_AddStringToObject(d->data, "proxy", px->host);
	cJSON_AddNumberToObject(d->data, "port", px->port);
	if (px->socks)
		doctor_proxy_socks5(d, px);
	else
		doctor_proxy_http(d, px);
}
