#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "url.h"
#include "fmt.h"
#include "xmalloc.h"

char *
url_decode(const char *s, size_t len)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo;

	o = out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= len)
			goto bad;
		hi = fmt_hexdigit((unsigned char)s[i + 1]);
		lo = fmt_hexdigit((unsigned char)s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			goto bad;
		*o++ = (char)(hi << 4 | lo);
		i += 2;
	}
	*o = '\0';
	return out;

bad:
	free(out);
	return NULL;
}

/* The URL for messages, with any password blanked out. */
static char *
url_display(const char *url)
{
	const char	*s, *at, *colon;

	s = strstr(url, "://");
	if (s == NULL || (at = strrchr(s + 3, '@')) == NULL)
		return xstrdup(url);
	colon = memchr(s + 3, ':', at - (s + 3));
	if (colon == NULL)
		return xstrdup(url);
	return xasprintf("%.*s****%s", (int)(colon + 1 - url), url, at);
}

int
url_is_url(const char *s)
{
	size_t	n;

	/* Any scheme counts, so "http://x" gets "unknown scheme" not "no profile". */
	if (!isalpha((unsigned char)s[0]))
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-");
	return strncmp(s + n, "://", 3) == 0;
}

/* The scheme: sets *rest past "://", *tls and *ws; 0 if unknown. */
static int
url_scheme(const char *url, const char **rest, int *tls, int *ws)
{
	static const struct {
		const char	*name;
		int		 tls, ws;
	} schemes[] = {
		{ "mqtt://", 0, 0 }, { "mqtts://", 1, 0 },
		{ "ws://", 0, 1 }, { "wss://", 1, 1 },
	};
	size_t	i, n;

	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		n = strlen(schemes[i].name);
		if (strncasecmp(url, schemes[i].name, n) == 0) {
			*rest = url + n;
			*tls = schemes[i].tls;
			*ws = schemes[i].ws;
			return 1;
		}
	}
	return 0;
}

int
url_parse(const char *url, struct profile *p, char **err)
{
	const char	*s, *at, *hp, *end, *h, *he, *port = NULL, *colon;
	char		*host = NULL, *user = NULL, *pass = NULL, *shown;
	char		*path = NULL;
	const char	*why;
	long		 portnum;
	int		 tls, ws;
	size_t		 n;

	*err = NULL;
	if (!url_scheme(url, &s, &tls, &ws)) {
		why = url_is_url(url) ?
		    "unknown scheme: use mqtt://, mqtts://, ws:// or wss://" :
		    "must start with mqtt://, mqtts://, ws:// or wss://";
		goto fail;
	}

	if (ws) {
		/* A path follows: the user info ends before its first '/'. */
		end = s + strcspn(s, "/");
		for (at = NULL, h = s; h < end; h++)
			at = *h == '@' ? h : at;
		hp = at != NULL ? at + 1 : s;
		if (*end == '/')
			path = xstrdup(end);
	} else {
		/* The last '@' ends the user info: hosts and paths have none. */
		at = strrchr(s, '@');
		hp = at != NULL ? at + 1 : s;
		end = hp + strcspn(hp, "/");
		if (*end == '/' && end[1] != '\0') {
			why = "unexpected path after the host";
			goto fail;
		}
	}

	if (at != NULL) {
		colon = memchr(s, ':', at - s);
		n = colon != NULL ? (size_t)(colon - s) : (size_t)(at - s);
		if ((user = url_decode(s, n)) == NULL) {
			why = "bad %-escape in the user name";
			goto fail;
		}
		if (colon != NULL &&
		    (pass = url_decode(colon + 1, at - colon - 1)) == NULL) {
			why = "bad %-escape in the password";
			goto fail;
		}
	}

	if (*hp == '[') {
		h = hp + 1;
		he = memchr(h, ']', end - h);
		if (he == NULL) {
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
		he = memchr(h, ':', end - h);
		if (he == NULL)
			he = end;
		else {
			port = he + 1;
			if (memchr(port, ':', end - port) != NULL) {
				why = "IPv6 addresses go in brackets: [::1]";
				goto fail;
			}
		}
	}
	if (he == h) {
		why = "empty host";
		goto fail;
	}
	host = xstrndup(h, he - h);

	if (port == NULL)
		portnum = ws ? (tls ? 443 : 80) : tls ? 8883 : 1883;
	else {
		portnum = 0;
		if (port == end) {
			why = "port must be 1-65535";
			goto fail;
		}
		for (; port < end; port++) {
			if (*port < '0' || *port > '9') {
				why = "port must be a number 1-65535";
				goto fail;
			}
			if (portnum <= 65535)
				portnum = portnum * 10 + (*port - '0');
		}
		if (portnum < 1 || portnum > 65535) {
			why = "port must be 1-65535";
			goto fail;
		}
	}

	free(p->host);
	p->host = host;
	p->port = (int)portnum;
	p->tls = tls;
	p->ws = ws;
	/* A path only when given, so --ws-path set elsewhere survives. */
	if (path != NULL) {
		free(p->ws_path);
		p->ws_path = path;
	}
	/* Credentials only when given, so -u/-P set elsewhere survive. */
	if (user != NULL && *user != '\0') {
		free(p->username);
		p->username = user;
		user = NULL;
	}
	if (pass != NULL) {
		free(p->password);
		p->password = pass;
	}
	free(user);
	return 0;

fail:
	shown = url_display(url);
	*err = xasprintf("bad URL '%s': %s", shown, why);
	free(shown);
	free(host);
	free(user);
	free(pass);
	free(path);
	return -1;
}
