/*
 * A jq program as a view, with libjq: the payload (JSON) in, each result
 * out as compact JSON, one a line. Compiled programs are kept, a few, as
 * compiling costs more than running. libjq 1.6 holds numbers as doubles:
 * what jq gives back is what jq computed, so integers past 2^53 round.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "decode.h"
#include "fmt-json.h"
#include "xmalloc.h"

#define DECODE_JQ_PROGRAMS	4	/* compiled programs kept */
#define DECODE_JQ_RESULTS	1000	/* results shown at most */
#define DECODE_JQ_BYTES		(1 << 20)	/* and bytes of them */

static struct {
	char		*prog;
	jq_state	*jq;
} decode_jq_cache[DECODE_JQ_PROGRAMS];
static int	 decode_jq_next;
static char	*decode_jq_error;	/* the first message of a compile */

/* libjq's messages: keep the first line of the first, without "jq: ". */
static void
decode_jq_msg(void *arg, jv msg)
{
	const char	*s, *nl;

	if (decode_jq_error == NULL && jv_get_kind(msg) == JV_KIND_STRING) {
		s = jv_string_value(msg);
		if (strncmp(s, "jq: error: ", 11) == 0)
			s += 11;
		else if (strncmp(s, "jq: ", 4) == 0)
			s += 4;
		nl = strchr(s, '\n');
		decode_jq_error = nl != NULL ? xstrndup(s, nl - s) :
		    xstrdup(s);
	}
	jv_free(msg);
}

void
decode_jq_reset(void)
{
	int	i;

	for (i = 0; i < DECODE_JQ_PROGRAMS; i++) {
		free(decode_jq_cache[i].prog);
		if (decode_jq_cache[i].jq != NULL)
			jq_teardown(&decode_jq_cache[i].jq);
		decode_jq_cache[i].prog = NULL;
	}
}

/* A compiled program: kept, or compiled now; NULL with *err. */
static jq_state *
decode_jq_get(const char *prog, char **err)
{
	jq_state	*jq;
	int		 i;

	for (i = 0; i < DECODE_JQ_PROGRAMS; i++) {
		if (decode_jq_cache[i].prog != NULL &&
		    strcmp(decode_jq_cache[i].prog, prog) == 0)
			return decode_jq_cache[i].jq;
	}
	if ((jq = jq_init()) == NULL) {
		*err = xstrdup("jq: cannot start");
		return NULL;
	}
	free(decode_jq_error);
	decode_jq_error = NULL;
	jq_set_error_cb(jq, decode_jq_msg, NULL);
	if (!jq_compile(jq, prog)) {
		*err = xasprintf("jq: %s", decode_jq_error != NULL ?
		    decode_jq_error : "the program does not compile");
		free(decode_jq_error);
		decode_jq_error = NULL;
		jq_teardown(&jq);
		return NULL;
	}
	i = decode_jq_next;
	decode_jq_next = (decode_jq_next + 1) % DECODE_JQ_PROGRAMS;
	free(decode_jq_cache[i].prog);
	if (decode_jq_cache[i].jq != NULL)
		jq_teardown(&decode_jq_cache[i].jq);
	decode_jq_cache[i].prog = xstrdup(prog);
	decode_jq_cache[i].jq = jq;
	return jq;
}

int
decode_jq_check(const char *prog, char **err)
{
	*err = NULL;
	return decode_jq_get(prog, err) != NULL ? 0 : -1;
}

/* The message of an invalid jv as one line; frees it. */
static char *
decode_jq_why(jv v, const char *what)
{
	jv	 msg = jv_invalid_get_msg(v), s;
	char	*out, *nl;

	if (jv_get_kind(msg) == JV_KIND_STRING)
		out = xasprintf("jq: %s%s", what, jv_string_value(msg));
	else if (jv_get_kind(msg) == JV_KIND_NULL) {
		jv_free(msg);
		return NULL;
	} else {
		s = jv_dump_string(jv_copy(msg), 0);
		out = xasprintf("jq: %s%s", what, jv_string_value(s));
		jv_free(s);
	}
	jv_free(msg);
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
	return out;
}

/*
 * The payload as one JSON value. It is checked first: libjq 1.6's parser
 * leaks on some errors, so it only ever sees valid JSON. Through the
 * parser itself, not jv_parse_sized, which leaks its message too.
 */
static int
decode_jq_parse(const void *p, size_t len, jv *out, char **err)
{
	jv_parser	*parser;
	jv		 v, next;

	*err = NULL;
	if (!fmt_json_valid(p, len)) {
		*err = xstrdup("jq: the payload is not JSON");
		return -1;
	}
	parser = jv_parser_new(0);
	jv_parser_set_buf(parser, p, (int)len, 0);
	v = jv_parser_next(parser);
	if (jv_is_valid(v)) {
		next = jv_parser_next(parser);
		if (jv_is_valid(next)) {
			jv_free(next);
			*err = xstrdup("jq: the payload is more than one JSON "
			    "value");
		} else
			*err = decode_jq_why(next, "the payload is not JSON: ");
		if (*err != NULL)
			jv_free(v);
	} else {
		*err = decode_jq_why(v, "the payload is not JSON: ");
		if (*err == NULL)
			*err = xstrdup("jq: the payload is not JSON");
	}
	jv_parser_free(parser);
	if (*err != NULL)
		return -1;
	*out = v;
	return 0;
}

int
decode_jq(const char *prog, const void *p, size_t len, struct buf *out,
    int *n, char **err)
{
	jq_state	*jq;
	jv		 in, r, s;

	*n = 0;
	if ((jq = decode_jq_get(prog, err)) == NULL)
		return -1;
	if (len > INT_MAX) {
		*err = xstrdup("jq: the payload is too large");
		return -1;
	}
	if (decode_jq_parse(p, len, &in, err) != 0)
		return -1;
	jq_start(jq, in, 0);
	while (jv_is_valid(r = jq_next(jq))) {
		if (*n >= DECODE_JQ_RESULTS || out->len >= DECODE_JQ_BYTES) {
			jv_free(r);
			r = jv_invalid();
			buf_adds(out, "\n…");
			(*n)++;
			break;
		}
		if ((*n)++ > 0)
			buf_addc(out, '\n');
		s = jv_dump_string(r, 0);
		buf_add(out, jv_string_value(s), jv_string_length_bytes(
		    jv_copy(s)));
		jv_free(s);
	}
	if (!jv_is_valid(r) && (*err = decode_jq_why(r, "")) != NULL)
		return -1;
	if (*n == 0)
		buf_adds(out, "(no output)");
	return 0;
}
