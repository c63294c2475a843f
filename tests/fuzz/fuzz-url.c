/*
 * The broker URL parser (url_parse, url_is_url). The input is the URL.
 *
 * - a refused URL gets "bad URL '...': reason", a password in it shown
 *   as ****, and the profile is left as it was;
 * - an accepted one has a scheme url_is_url knows, a non-empty host with
 *   no '/' or '@', a port 1-65535 (the default one for its scheme when none
 *   is given), TLS exactly for mqtts:// and wss://, WebSocket exactly for
 *   ws:// and wss:// with the path as given;
 * - writing the result back as a URL (user and password percent-encoded,
 *   the host in brackets when it needs them) and parsing that gives the
 *   same host, port, TLS, WebSocket path, user and password.
 */
#include <strings.h>

#include "buf.h"
#include "profile.h"
#include "url.h"
#include "fuzz.h"

static int
streq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
add_encoded(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_addf(b, "%%%02X", (unsigned char)*s);
}

static void
check_failed(const char *url, const struct profile *p, const char *err)
{
	const char	*s, *at, *colon;

	FUZZ_CHECK(err != NULL && strncmp(err, "bad URL '", 9) == 0);
	FUZZ_CHECK(strstr(err, "': ") != NULL);
	FUZZ_CHECK(streq(p->host, "old.example") && p->port == 1234 &&
	    p->tls == 0 && streq(p->username, "olduser") &&
	    streq(p->password, "oldpass"));
	/* user:pass@ shows as user:****@. */
	if ((s = strstr(url, "://")) != NULL &&
	    (at = strrchr(s + 3, '@')) != NULL &&
	    (colon = memchr(s + 3, ':', at - (s + 3))) != NULL)
		FUZZ_CHECK(strstr(err, ":****@") != NULL);
}

static void
check_round_trip(const struct profile *p)
{
	struct profile	 q;
	struct buf	 b;
	char		*err = NULL;

	buf_init(&b);
	buf_adds(&b, p->ws ? (p->tls ? "wss://" : "ws://") :
	    p->tls ? "mqtts://" : "mqtt://");
	if (p->username != NULL || p->password != NULL) {
		if (p->username != NULL)
			add_encoded(&b, p->username);
		if (p->password != NULL) {
			buf_addc(&b, ':');
			add_encoded(&b, p->password);
		}
		buf_addc(&b, '@');
	}
	/* A host with ']' never came from brackets, nor needs them. */
	if (strchr(p->host, ']') != NULL)
		buf_addf(&b, "%s:%d", p->host, p->port);
	else
		buf_addf(&b, "[%s]:%d", p->host, p->port);
	if (p->ws_path != NULL)
		buf_adds(&b, p->ws_path);

	profile_init(&q);
	if (url_parse(buf_str(&b), &q, &err) != 0) {
		fprintf(stderr, "'%s' does not parse again: %s\n",
		    buf_str(&b), err);
		abort();
	}
	FUZZ_CHECK(streq(q.host, p->host) && q.port == p->port &&
	    q.tls == p->tls && q.ws == p->ws &&
	    streq(q.ws_path, p->ws_path) && streq(q.username, p->username) &&
	    streq(q.password, p->password));
	profile_clear(&q);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct profile	 p;
	char		*url, *err = (char *)1;
	const char	*rest, *end, *at;
	int		 tls, ws, dflt;

	url = fuzz_str(data, len);
	profile_init(&p);
	profile_set(&p.host, "old.example");
	p.port = 1234;
	profile_set(&p.username, "olduser");
	profile_set(&p.password, "oldpass");

	if (url_parse(url, &p, &err) != 0) {
		check_failed(url, &p, err);
		free(err);
		goto out;
	}
	FUZZ_CHECK(err == NULL);
	FUZZ_CHECK(url_is_url(url));
	ws = strncasecmp(url, "ws", 2) == 0;
	tls = strncasecmp(url, "mqtts://", 8) == 0 ||
	    strncasecmp(url, "wss://", 6) == 0;
	FUZZ_CHECK(tls || strncasecmp(url, "mqtt://", 7) == 0 ||
	    strncasecmp(url, "ws://", 5) == 0);
	FUZZ_CHECK(p.tls == tls && p.ws == ws);
	FUZZ_CHECK(p.host != NULL && *p.host != '\0');
	FUZZ_CHECK(strpbrk(p.host, "/@") == NULL);
	FUZZ_CHECK(p.port >= 1 && p.port <= 65535);
	rest = strstr(url, "://") + 3;
	if (ws) {
		/* The authority ends at the first '/', the path is kept. */
		end = rest + strcspn(rest, "/");
		FUZZ_CHECK(*end == '\0' ? p.ws_path == NULL :
		    streq(p.ws_path, end));
		for (at = rest; at < end; at++)
			if (*at == '@')
				rest = at + 1;
	} else {
		FUZZ_CHECK(p.ws_path == NULL);
		at = strrchr(url, '@');
		rest = at != NULL ? at + 1 : rest;
		end = rest + strlen(rest);
	}
	/* No port given: the scheme's default. */
	dflt = ws ? (tls ? 443 : 80) : tls ? 8883 : 1883;
	if (memrchr(rest, ':', end - rest) == NULL ||
	    (memchr(rest, ']', end - rest) != NULL &&
	    (const char *)memrchr(rest, ':', end - rest) <
	    (const char *)memchr(rest, ']', end - rest)))
		FUZZ_CHECK(p.port == dflt);
	/* Credentials the URL does not give are kept. */
	if (memchr(url, '@', end - url) == NULL)
		FUZZ_CHECK(streq(p.username, "olduser") &&
		    streq(p.password, "oldpass"));
	check_round_trip(&p);
out:
	profile_clear(&p);
	free(url);
	return 0;
}
