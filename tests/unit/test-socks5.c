/*
 * socks5.c: the bytes it sends and how it reads the proxy's answers,
 * over an in-memory stream: what the proxy says is given in advance,
 * what the client writes is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "socks5.h"
#include "unit.h"

struct stream {
	const unsigned char	*in;	/* the proxy's answers */
	size_t			 inlen;
	size_t			 pos;
	size_t			 chunk;	/* at most this much a read */
	unsigned char		 out[1024];
	size_t			 outlen;
};

static int
s_write(void *arg, const void *p, size_t len, char **err)
{
	struct stream	*s = arg;

	(void)err;
	memcpy(s->out + s->outlen, p, len);
	s->outlen += len;
	return 0;
}

static int
s_read(void *arg, void *p, size_t len, size_t *got, char **err)
{
	struct stream	*s = arg;
	size_t		 n = s->inlen - s->pos;

	(void)err;
	if (n > len)
		n = len;
	if (n > s->chunk)
		n = s->chunk;
	memcpy(p, s->in + s->pos, n);
	s->pos += n;
	*got = n;
	return 0;
}

static int
run(struct stream *s, const void *in, size_t inlen, const char *user,
    const char *pass, const char *host, struct socks5_result *res,
    char **err)
{
	struct socks5_io	io = { s, s_write, s_read };

	memset(s, 0, sizeof *s);
	s->in = in;
	s->inlen = inlen;
	s->chunk = 1;	/* a byte at a time: nothing read past the reply */
	*err = NULL;
	return socks5_connect(&io, user, pass, host, 1883, res, err);
}

int
main(void)
{
	struct stream		 s;
	struct socks5_result	 res;
	char			*err;

	/* No authentication, an address, the bound address read whole. */
	{
		static const unsigned char in[] = { 5, 0, 5, 0, 0, 1,
		    127, 0, 0, 2, 0x30, 0x39, 'M' };
		static const unsigned char want[] = { 5, 1, 0, 5, 1, 0, 1,
		    127, 0, 0, 1, 0x07, 0x5b };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "127.0.0.1", &res,
		    &err), 0);
		CHECK_MEM(s.out, s.outlen, want, sizeof want);
		CHECK_INT(res.auth, 0);
		CHECK_INT(res.atyp, 1);
		CHECK_INT(res.addr[3], 2);
		CHECK_INT(s.pos, sizeof in - 1);	/* 'M' is the broker's */
	}
	/* User and password, a name as a name (socks5h). */
	{
		static const unsigned char in[] = { 5, 2, 1, 0, 5, 0, 0, 3, 4,
		    'p', 'r', 'x', 'y', 0, 1 };
		static const unsigned char want[] = { 5, 2, 0, 2, 1, 2, 'b',
		    'o', 2, 'p', 'w', 5, 1, 0, 3, 9, 'l', 'o', 'c', 'a', 'l',
		    'h', 'o', 's', 't', 0x07, 0x5b };

		CHECK_INT(run(&s, in, sizeof in, "bo", "pw", "localhost", &res,
		    &err), 0);
		CHECK_MEM(s.out, s.outlen, want, sizeof want);
		CHECK_INT(res.auth, 2);
		CHECK_INT(res.atyp, 0);
		CHECK_INT(s.pos, sizeof in);
	}
	/* IPv6 goes as an address. */
	{
		static const unsigned char in[] = { 5, 0, 5, 0, 0, 1, 0, 0, 0,
		    0, 0, 0 };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "::1", &res,
		    &err), 0);
		CHECK_INT(s.out[6], 4);
		CHECK_INT(s.out[22], 1);
	}
	/* The refusals, in words. */
	{
		static const unsigned char in[] = { 5, 0xff };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "h", &res, &err),
		    -1);
		CHECK_STR(err, "the proxy accepts none of our authentication "
		    "methods (it may want a user and password)");
		free(err);
	}
	{
		static const unsigned char in[] = { 5, 2, 1, 1 };

		CHECK_INT(run(&s, in, sizeof in, "u", "bad", "h", &res, &err),
		    -1);
		CHECK_STR(err, "the proxy refused the user name or password");
		CHECK_INT(res.auth, 2);
		free(err);
	}
	{
		static const unsigned char in[] = { 5, 0, 5, 2, 0, 1 };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "broker", &res,
		    &err), -1);
		CHECK_STR(err, "the proxy could not reach broker port 1883: "
		    "connection not allowed by ruleset");
		free(err);
	}
	{
		static const unsigned char in[] = { 4, 0 };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "h", &res, &err),
		    -1);
		CHECK_STR(err, "not a SOCKS5 proxy (version 4)");
		free(err);
	}
	{
		static const unsigned char in[] = { 5, 0, 5, 0 };

		CHECK_INT(run(&s, in, sizeof in, NULL, NULL, "h", &res, &err),
		    -1);
		CHECK_STR(err, "the proxy closed the connection");
		free(err);
	}
	return unit_done();
}
