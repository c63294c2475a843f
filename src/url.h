/*
 * mqtt://[user[:pass]@]host[:port], mqtts://, and ws:// and wss:// with a
 * path (WebSocket).
 */
#ifndef URL_H
#define URL_H

struct profile;

/* Fill host, port, tls, ws, ws_path, username, password. 0, or -1 with *err. */
int	url_parse(const char *, struct profile *, char **);
/* Percent-decode s[0..len); NULL when an escape is bad or gives a NUL. */
char	*url_decode(const char *, size_t);
/* 1 when the word looks like a URL (has a scheme). */
int	url_is_url(const char *);
#endif
