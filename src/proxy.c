/*
 * Proxy URLs. Only SOCKS5 (libmosquitto's own client): socks5:// has the
 * broker's name resolved here, socks5h:// hands the name to the proxy.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxy.h"
#include "url.h"
#include "xmalloc.h"

#define PROXY_FIELD_MAX	255	/* SOCKS5 user, password, host: a byte */

void
proxy_clear(struct proxy *px)
{
	free(px->host);
	free(px->user);
	free(px->pass);
	memset(px, 0, sizeof *px);
}

int
proxy_parse(const char *url, struct proxy *px, char **err)
{
	const char	*s, *at, *hp, *end, *h, *he, *port = NULL, *colon;
	const char	*why;
	long		 n;

	memset(px, 0, sizeof *px);
	px->port = 1080;
	if (strncasecmp(url, "socks5://", 9) == 0)
		s = url + 9;
	else if (strncasecmp(url, "socks5h://", 10) == 0) {
		px->remote_dns = 1;
		s = url + 10;
	} else if (strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0) {
		why = "HTTP proxies are not supported: use socks5:// or "
		    "socks5h://";
		goto fail;
	} else {
		why = "must start with socks5:// or socks5h://";
		goto fail;
	}
	at = strrchr(s, '@');
	hp = at != NULL ? at + 1 : s;
	end = hp + strcspn(hp, "/");
	if (*end == '/' && end[1] != '\0') {
		why = "unexpected path after the host";
		goto fail;
	}
	if (at != NULL) {
		colon = memchr(s, ':', at - s);
		n = colon != NULL ? colon - s : at - s;
		if ((px->user = url_decode(s, n)) == NULL ||
		    (colon != NULL && (px->pass = url_decode(colon + 1,
		    at - colon - 1)) == NULL)) {
			why = "bad %-escape in the user name or password";
			goto fail;
		}
		if (*px->user == '\0') {
			why = "empty user name";
			goto fail;
		}
		if (strlen(px->user) > PROXY_FIELD_MAX || (px->pass != NULL &&
		    strlen(px->pass) > PROXY_FIELD_MAX)) {
			why = "user name and password are at most 255 bytes";
			goto fail;
		}
	}
	if (*hp == '[') {
		h = hp + 1;
		if ((he = memchr(h, ']', end - h)) == NULL) {
			why = "missing ']' after IPv6 address";
			goto fail;
		}
		if (he[1] == ':')
			port = he + 2;
		else if (he + 1 != end) {
			why = "unexpected text after ']'";
			goto fail;
		}
	} else {
		h = hp;
		if ((he = memchr(h, ':', end - h)) == NULL)
			he = end;
		else
			port = he + 1;
	}
	if (he == h) {
		why = "empty host";
		goto fail;
	}
	if (he - h > PROXY_FIELD_MAX) {
		why = "host longer than 255 bytes";
		goto fail;
	}
	px->host = xstrndup(h, he - h);
	if (port != NULL) {
		n = 0;
		if (port == end)
			n = -1;
		for (; port < end && n >= 0; port++) {
			if (*port < '0' || *port > '9')
				n = -1;
			else if (n <= 65535)
				n = n * 10 + (*port - '0');
		}
		if (n < 1 || n > 65535) {
			why = "port must be a number 1-65535";
			goto fail;
		}
		px->port = (int)n;
	}
	return 0;
fail:
	/* Name the scheme and host only: never echo a password. */
	at = strrchr(url, '@');
	s = strstr(url, "://");
	if (at != NULL && s != NULL && at > s)
		*err = xasprintf("bad proxy '%.*s****@%s': %s",
		    (int)(s + 3 - url), url, at + 1, why);
	else
		*err = xasprintf("bad proxy '%s': %s", url, why);
	proxy_clear(px);
	return -1;
}
