#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "unit.h"
#include "url.h"

static void
ok(const char *url, const char *host, int port, int tls, const char *user,
    const char *pass)
{
	struct profile	 p;
	char		*err = NULL;

	profile_init(&p);
	CHECK_INT(url_parse(url, &p, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(p.host, host);
	CHECK_INT(p.port, port);
	CHECK_INT(p.tls, tls);
	CHECK_STR(p.username, user);
	CHECK_STR(p.password, pass);
	free(err);
	profile_clear(&p);
}

static void
bad(const char *url, const char *want)
{
	struct profile	 p;
	char		*err = NULL;

	profile_init(&p);
	profile_set(&p.host, "before");
	CHECK_INT(url_parse(url, &p, &err), -1);
	CHECK_STR(err, want);
	CHECK_STR(p.host, "before");	/* untouched on error */
	CHECK_INT(p.port, 1883);
	free(err);
	profile_clear(&p);
}

static void
test_parse(void)
{
	struct profile	 p;
	char		*err = NULL;

	ok("mqtt://localhost", "localhost", 1883, 0, NULL, NULL);
	ok("mqtt://localhost/", "localhost", 1883, 0, NULL, NULL);
	ok("mqtt://localhost:1884", "localhost", 1884, 0, NULL, NULL);
	ok("mqtts://broker.example.com", "broker.example.com", 8883, 1, NULL,
	    NULL);
	ok("mqtts://h:443/", "h", 443, 1, NULL, NULL);
	ok("MQTT://h", "h", 1883, 0, NULL, NULL);
	ok("mqtt://10.0.0.1:1", "10.0.0.1", 1, 0, NULL, NULL);
	ok("mqtt://h:65535", "h", 65535, 0, NULL, NULL);
	ok("mqtt://[::1]", "::1", 1883, 0, NULL, NULL);
	ok("mqtt://[::1]:1883", "::1", 1883, 0, NULL, NULL);
	ok("mqtts://[fe80::1%25eth0]:9000", "fe80::1%25eth0", 9000, 1, NULL,
	    NULL);
	ok("mqtt://alice@h", "h", 1883, 0, "alice", NULL);
	ok("mqtt://alice:secret@h:1999", "h", 1999, 0, "alice", "secret");
	ok("mqtt://alice:@h", "h", 1883, 0, "alice", "");
	ok("mqtt://:pw@h", "h", 1883, 0, NULL, "pw");
	ok("mqtt://al%40ce:p%3As%2Fw%25@h", "h", 1883, 0, "al@ce", "p:s/w%");
	ok("mqtt://u:p@ss@h", "h", 1883, 0, "u", "p@ss");
	ok("mqtt://u:a:b@[::1]:2", "::1", 2, 0, "u", "a:b");

	bad("localhost", "bad URL 'localhost': must start with mqtt://, "
	    "mqtts://, ws:// or wss://");
	bad("http://h", "bad URL 'http://h': unknown scheme: use mqtt://, "
	    "mqtts://, ws:// or wss://");
	bad("mqtt://", "bad URL 'mqtt://': empty host");
	bad("mqtt://:1883", "bad URL 'mqtt://:1883': empty host");
	bad("mqtt://u@", "bad URL 'mqtt://u@': empty host");
	bad("mqtt://[]:1", "bad URL 'mqtt://[]:1': empty host");
	bad("mqtt://h:0", "bad URL 'mqtt://h:0': port must be 1-65535");
	bad("mqtt://h:65536", "bad URL 'mqtt://h:65536': port must be 1-65535");
	bad("mqtt://h:99999999999999999999",
	    "bad URL 'mqtt://h:99999999999999999999': port must be 1-65535");
	bad("mqtt://h:", "bad URL 'mqtt://h:': port must be 1-65535");
	bad("mqtt://h:abc", "bad URL 'mqtt://h:abc': port must be a number "
	    "1-65535");
	bad("mqtt://h:-1", "bad URL 'mqtt://h:-1': port must be a number "
	    "1-65535");
	bad("mqtt://h/topic", "bad URL 'mqtt://h/topic': unexpected path after "
	    "the host");
	bad("mqtt://h//", "bad URL 'mqtt://h//': unexpected path after the "
	    "host");
	bad("mqtt://::1", "bad URL 'mqtt://::1': IPv6 addresses go in "
	    "brackets: [::1]");
	bad("mqtt://[::1", "bad URL 'mqtt://[::1': missing ']' after IPv6 "
	    "address");
	bad("mqtt://[::1]x", "bad URL 'mqtt://[::1]x': unexpected text after "
	    "']'");
	bad("mqtt://u%zz@h", "bad URL 'mqtt://u%zz@h': bad %-escape in the "
	    "user name");
	bad("mqtt://u%2@h", "bad URL 'mqtt://u%2@h': bad %-escape in the "
	    "user name");
	bad("mqtt://u%00@h", "bad URL 'mqtt://u%00@h': bad %-escape in the "
	    "user name");
	/* The password never shows up in messages. */
	bad("mqtt://u:hunter2@h:0", "bad URL 'mqtt://u:****@h:0': port must "
	    "be 1-65535");
	bad("mqtt://u:p%4@h", "bad URL 'mqtt://u:****@h': bad %-escape in "
	    "the password");

	/* Credentials set elsewhere survive a URL without any. */
	profile_init(&p);
	profile_set(&p.username, "bob");
	profile_set(&p.password, "pw");
	p.tls = 1;
	p.port = 1;
	CHECK_INT(url_parse("mqtt://h2", &p, &err), 0);
	CHECK_STR(p.username, "bob");
	CHECK_STR(p.password, "pw");
	CHECK_INT(p.tls, 0);
	CHECK_INT(p.port, 1883);
	CHECK_INT(url_parse("mqtts://carol:x@h3", &p, &err), 0);
	CHECK_STR(p.host, "h3");
	CHECK_STR(p.username, "carol");
	CHECK_STR(p.password, "x");
	CHECK_INT(p.tls, 1);
	CHECK_INT(p.port, 8883);
	profile_clear(&p);
}

/* ws:// and wss://: default ports 80 and 443, the path kept. */
static void
ws_ok(const char *url, const char *host, int port, int tls, const char *path,
    const char *user, const char *shown)
{
	struct profile	 p;
	char		*err = NULL, *f;

	profile_init(&p);
	CHECK_INT(url_parse(url, &p, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(p.host, host);
	CHECK_INT(p.port, port);
	CHECK_INT(p.tls, tls);
	CHECK_INT(p.ws, 1);
	CHECK_STR(p.ws_path, path);
	CHECK_STR(p.username, user);
	f = profile_url(&p);
	CHECK_STR(f, shown);
	free(f);
	free(err);
	profile_clear(&p);
}

static void
test_ws(void)
{
	struct profile	 p;
	char		*err = NULL, *f;

	ws_ok("ws://h", "h", 80, 0, NULL, NULL, "ws://h:80/mqtt");
	ws_ok("wss://h", "h", 443, 1, NULL, NULL, "wss://h:443/mqtt");
	ws_ok("ws://h:8083/mqtt", "h", 8083, 0, "/mqtt", NULL,
	    "ws://h:8083/mqtt");
	ws_ok("WSS://u:p@h:8084/a/b?x=1", "h", 8084, 1, "/a/b?x=1", "u",
	    "wss://h:8084/a/b?x=1");
	ws_ok("ws://[::1]:9001/", "::1", 9001, 0, "/", NULL,
	    "ws://[::1]:9001/");
	ws_ok("ws://h/p@q", "h", 80, 0, "/p@q", NULL, "ws://h:80/p@q");

	/* Back to mqtt:// drops ws; a URL without a path keeps --ws-path. */
	profile_init(&p);
	profile_set(&p.ws_path, "/custom");
	CHECK_INT(url_parse("wss://h", &p, &err), 0);
	CHECK_STR(p.ws_path, "/custom");
	CHECK_INT(p.ws, 1);
	CHECK_INT(url_parse("mqtts://h", &p, &err), 0);
	CHECK_INT(p.ws, 0);
	CHECK_INT(p.tls, 1);
	f = profile_url(&p);
	CHECK_STR(f, "mqtts://h:8883");
	free(f);
	profile_clear(&p);

	bad("ws://:80/mqtt", "bad URL 'ws://:80/mqtt': empty host");
	bad("wss://h:0/mqtt", "bad URL 'wss://h:0/mqtt': port must be "
	    "1-65535");
}

static void
test_is_url(void)
{
	CHECK(url_is_url("mqtt://h"));
	CHECK(url_is_url("mqtts://h"));
	CHECK(url_is_url("mqtt://"));
	CHECK(url_is_url("ws://h"));
	CHECK(url_is_url("http://h"));	/* so it gets "unknown scheme" */
	CHECK(!url_is_url("mqtt"));
	CHECK(!url_is_url("mqtt:/h"));
	CHECK(!url_is_url("myprofile"));
	CHECK(!url_is_url(""));
	CHECK(!url_is_url("://h"));
	CHECK(!url_is_url("a b://h"));
	CHECK(!url_is_url("localhost:1883"));
}

int
main(void)
{
	test_parse();
	test_ws();
	test_is_url();
	return unit_done();
}
