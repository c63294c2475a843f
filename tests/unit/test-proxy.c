#include <stdlib.h>
#include <string.h>

#include "proxy.h"
#include "unit.h"

static void
ok(const char *url, int remote, const char *host, int port,
    const char *user, const char *pass)
{
	struct proxy	 px;
	char		*err = NULL;

	CHECK_INT(proxy_parse(url, &px, &err), 0);
	CHECK(err == NULL);
	CHECK_INT(px.remote_dns, remote);
	CHECK_STR(px.host, host);
	CHECK_INT(px.port, port);
	CHECK_STR(px.user, user);
	CHECK_STR(px.pass, pass);
	proxy_clear(&px);
	free(err);
}

static void
bad(const char *url, const char *want)
{
	struct proxy	 px;
	char		*err = NULL;

	CHECK_INT(proxy_parse(url, &px, &err), -1);
	CHECK_STR(err, want);
	CHECK(px.host == NULL && px.user == NULL && px.pass == NULL);
	free(err);
}

int
main(void)
{
	ok("socks5://127.0.0.1:1081", 0, "127.0.0.1", 1081, NULL, NULL);
	ok("socks5h://proxy.example", 1, "proxy.example", 1080, NULL, NULL);
	ok("SOCKS5H://u:p%40ss@[::1]:9050", 1, "::1", 9050, "u", "p@ss");
	ok("socks5://alice@h:1", 0, "h", 1, "alice", NULL);
	ok("socks5://a:b:c@h/", 0, "h", 1080, "a", "b:c");
	ok("socks5://a:@h", 0, "h", 1080, "a", "");

	bad("http://h:3128", "bad proxy 'http://h:3128': HTTP proxies are "
	    "not supported: use socks5:// or socks5h://");
	bad("h:1080", "bad proxy 'h:1080': must start with socks5:// or "
	    "socks5h://");
	bad("socks5://u:secret@h:0", "bad proxy 'socks5://****@h:0': port "
	    "must be a number 1-65535");
	bad("socks5://h:x", "bad proxy 'socks5://h:x': port must be a "
	    "number 1-65535");
	bad("socks5://h:", "bad proxy 'socks5://h:': port must be a "
	    "number 1-65535");
	bad("socks5://:1080", "bad proxy 'socks5://:1080': empty host");
	bad("socks5://[::1", "bad proxy 'socks5://[::1': missing ']' after "
	    "IPv6 address");
	bad("socks5://h/path", "bad proxy 'socks5://h/path': unexpected "
	    "path after the host");
	bad("socks5://u:%zz@h", "bad proxy 'socks5://****@h': bad %-escape "
	    "in the user name or password");
	bad("socks5://:pw@h", "bad proxy 'socks5://****@h': empty user name");
	bad("socks5://h:99999", "bad proxy 'socks5://h:99999': port must be "
	    "a number 1-65535");

	return unit_done();
}
