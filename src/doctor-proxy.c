/*
 * The doctor's proxy step over the TCP link to the proxy: SOCKS5 (the
 * client in socks5.c) or HTTP CONNECT by hand, each answer said in words.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doctor-int.h"
#include "socks5.h"
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
doctor_proxy_write(void *arg, const void *p, size_t len, char **err)
{
	return doctor_write(arg, p, len, err);
}

static int
doctor_proxy_read(void *arg, void *p, size_t len, size_t *got, char **err)
{
	return doctor_read(arg, p, len, got, err);
}

static void
doctor_proxy_socks5(struct doctor *d, const struct doctor_proxy *px)
{
	struct socks5_io	 io = { d, doctor_proxy_write, doctor_proxy_read };
	struct socks5_result	 res;
	const char		*host = d->p->host;
	char			*err = NULL, addr[INET6_ADDRSTRLEN];
	unsigned char		 a[16];
	int			 rc;

	rc = socks5_connect(&io, px->user, px->pass, host, d->p->port, &res,
	    &err);
	if (res.auth >= 0)
		cJSON_AddStringToObject(d->data, "auth", res.auth == 2 ?
		    "user and password" : "none");
	if (!px->remote_dns && inet_pton(AF_INET6, host, a) != 1 &&
	    inet_pton(AF_INET, host, a) != 1)
		cJSON_AddStringToObject(d->data, "note", "socks5:// sends the "
		    "name as socks5h:// would: the proxy resolves it");
	if (rc != 0) {
		doctor_step_fail(d, "%s", err);
		free(err);
		return;
	}
	if (res.atyp != 0) {
		inet_ntop(res.atyp == 1 ? AF_INET : AF_INET6, res.addr, addr,
		    sizeof addr);
		cJSON_AddStringToObject(d->data, "bound", addr);
	}
	cJSON_AddStringToObject(d->data, "kind", px->remote_dns ? "socks5h" :
	    "socks5");
	doctor_step_ok(d, "SOCKS5 proxy %s port %d connected to %s port %d",
	    px->host, px->port, host, d->p->port);
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
