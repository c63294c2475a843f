/*
 * The client's side of SOCKS5: greeting, user and password if asked,
 * CONNECT, and the reply read to its last byte so that nothing of what
 * follows (the broker's bytes) is taken.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "socks5.h"
#include "xmalloc.h"

static int
socks5_readn(const struct socks5_io *io, void *p, size_t len, char **err)
{
	size_t	got;

	while (len > 0) {
		if (io->read(io->arg, p, len, &got, err) != 0)
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

const char *
socks5_reply_words(int rep)
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

static int
socks5_auth(const struct socks5_io *io, const char *user, const char *pass,
    char **err)
{
	unsigned char	 b[520], *q = b;
	size_t		 ul = strlen(user), pl = pass != NULL ? strlen(pass) : 0;

	if (ul > 255 || pl > 255) {
		*err = xstrdup("proxy user or password over 255 bytes");
		return -1;
	}
	*q++ = 1;
	*q++ = (unsigned char)ul;
	memcpy(q, user, ul);
	q += ul;
	*q++ = (unsigned char)pl;
	if (pl > 0)
		memcpy(q, pass, pl);
	q += pl;
	if (io->write(io->arg, b, q - b, err) != 0 ||
	    socks5_readn(io, b, 2, err) != 0)
		return -1;
	if (b[1] != 0) {
		*err = xstrdup("the proxy refused the user name or password");
		return -1;
	}
	return 0;
}

int
socks5_connect(const struct socks5_io *io, const char *user,
    const char *pass, const char *host, int port, struct socks5_result *res,
    char **err)
{
	unsigned char	 b[300], *q;
	size_t		 hl = strlen(host), alen;

	memset(res, 0, sizeof *res);
	res->auth = -1;
	/* Greeting: no authentication, or user and password if we have one. */
	b[0] = 5;
	b[1] = user != NULL ? 2 : 1;
	b[2] = 0;
	b[3] = 2;
	if (io->write(io->arg, b, 2 + b[1], err) != 0 ||
	    socks5_readn(io, b, 2, err) != 0)
		return -1;
	if (b[0] != 5) {
		*err = xasprintf("not a SOCKS5 proxy (version %d)", b[0]);
		return -1;
	}
	if (b[1] != 0 && (b[1] != 2 || user == NULL)) {
		*err = xasprintf("the proxy accepts none of our "
		    "authentication methods%s", user == NULL ?
		    " (it may want a user and password)" : "");
		return -1;
	}
	res->auth = b[1];
	if (b[1] == 2 && socks5_auth(io, user, pass, err) != 0)
		return -1;
	/* CONNECT: an address as one, a name as a name. */
	q = b;
	*q++ = 5;
	*q++ = 1;
	*q++ = 0;
	if (inet_pton(AF_INET6, host, b + 4) == 1) {
		*q++ = 4;
		q += 16;
	} else if (inet_pton(AF_INET, host, b + 4) == 1) {
		*q++ = 1;
		q += 4;
	} else {
		if (hl > 255) {
			*err = xstrdup("host name over 255 bytes");
			return -1;
		}
		*q++ = 3;
		*q++ = (unsigned char)hl;
		memcpy(q, host, hl);
		q += hl;
	}
	*q++ = (unsigned char)(port >> 8);
	*q++ = (unsigned char)port;
	if (io->write(io->arg, b, q - b, err) != 0 ||
	    socks5_readn(io, b, 4, err) != 0)
		return -1;
	if (b[1] != 0) {
		*err = xasprintf("the proxy could not reach %s port %d: %s",
		    host, port, socks5_reply_words(b[1]));
		return -1;
	}
	/* The address the proxy connected from, to its last byte. */
	alen = b[3] == 1 ? 4 : b[3] == 4 ? 16 : 0;
	if (b[3] == 3) {
		if (socks5_readn(io, b + 4, 1, err) != 0)
			return -1;
		alen = b[4];
		if (socks5_readn(io, b + 5, alen + 2, err) != 0)
			return -1;
	} else if (socks5_readn(io, b + 4, alen + 2, err) != 0)
		return -1;
	if (b[3] == 1 || b[3] == 4) {
		res->atyp = b[3];
		memcpy(res->addr, b + 4, alen);
	}
	return 0;
}
