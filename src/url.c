#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "url.h"
#include "fmt.h"
#include "xmalloc.h"

/* Percent-decode s[0..len); NULL when an escape is bad or gives a NUL. */
static char *
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

	/* Any scheme counts, so "ws://x" gets "unknown scheme" not "no profile". */
	if (!isalpha((unsigned char)s[0]))
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-");
	return strncmp(s + n, "://", 3) == 0;
}

int
url_parse(const char *url, struct profile *p, char **err)
{
	const char	*s, *at, *hp, *end, *h, *he, *port = NULL, *colon;
	char		*host = NULL, *user = NULL, *pass = NULL, *shown;
	const char	*why;
	long		 portnum;
	int		 tls;
	size_t		 n;

	*err = NULL;
	if (strncasecmp(url, "mqtt://", 7) == 0) {
		tls = 0;
		s = url + 7;
	} else if (strncasecmp(url, "mqtts://", 8) == 0) {
		tls = 1;
		s = url + 8;
	} else if (url_is_url(url)) {
		why = "unknown scheme: use mqtt:// or mqtts://";
		goto fail;
	} else {
		why = "must start with mqtt:// or mqtts://";
		goto fail;
	}

	/* The last '@' ends the user info: hosts and paths have none. */
	at = strrchr(s, '@');
	hp = at != NULL ? at + 1 : s;
	end = hp + strcspn(hp, "/");
	if (*end == '/' && end[1] != '\0') {
		why = "unexpected path after the host";
		goto fail;
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
		portnum = tls ? 8883 : 1883;
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
	return -1;
}
