/*
 * A SOCKS5 client (RFC 1928 CONNECT, RFC 1929 user and password) over
 * any byte stream: the caller gives the reads and writes, which may
 * block. The doctor's proxy step and the engine's own tunnel use it.
 */
#ifndef SOCKS5_H
#define SOCKS5_H
#include <stddef.h>

struct socks5_io {
	void	*arg;
	/* 0, or -1 with *err. */
	int	(*write)(void *, const void *, size_t, char **);
	/* 0 with *got bytes (0: the other end closed), or -1 with *err. */
	int	(*read)(void *, void *, size_t, size_t *, char **);
};

/* What the proxy said on the way. */
struct socks5_result {
	int		auth;		/* -1 not told, 0 none, 2 user+pass */
	int		atyp;		/* bound address: 1 IPv4, 4 IPv6 */
	unsigned char	addr[16];
};

/*
 * Ask for host (an address literal is sent as one, else the name) and
 * port; user may be NULL. 0 once the proxy connected, or -1 with *err in
 * words (not repeating the password).
 */
int		 socks5_connect(const struct socks5_io *, const char *,
		    const char *, const char *, int, struct socks5_result *,
		    char **);
const char	*socks5_reply_words(int);
#endif
