/* A profile's proxy URL: socks5://[user[:pass]@]host[:port], socks5h://. */
#ifndef PROXY_H
#define PROXY_H

struct proxy {
	int	 remote_dns;	/* socks5h: the proxy resolves the broker */
	char	*host;
	int	 port;		/* 1080 when not given */
	char	*user;		/* NULL: no authentication */
	char	*pass;
};

/* 0, or -1 with *err (one line, the password blanked). */
int	proxy_parse(const char *, struct proxy *, char **);
void	proxy_clear(struct proxy *);
#endif
