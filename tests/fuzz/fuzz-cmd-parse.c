/*
 * The command-line parser (cmd_parse, cmd_quote) and the connection flags
 * that connect and save read from its words (profile_parse_flags). The
 * input is one command line.
 *
 * - a failed parse says why and returns no commands;
 * - every command has at least one word and a NULL after the last;
 * - without quotes or backslashes, the words are the blank-separated
 *   pieces between ';' (checked against a splitter written here);
 * - quoting every word with cmd_quote and parsing again gives the same
 *   commands and words back, whatever bytes the words hold;
 * - profile_parse_flags either fails with a reason and leaves the profile
 *   as it was, or gives values in range; parsing the same words again
 *   changes nothing (save relies on it); the v5 property lists survive
 *   props_to_json and props_from_json.
 */
#include "buf.h"
#include "cmd-parse.h"
#include "profile.h"
#include "url.h"
#include "fuzz.h"

/* Split on blanks and ';' only: the meaning of a line with no quoting. */
static void
check_plain(const char *line, const struct cmd_lines *ls)
{
	const char	*s = line, *e;
	size_t		 n;
	int		 c = 0, w = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == ';') {
			if (*s == ';' && w > 0) {
				FUZZ_CHECK(ls->v[c].argc == w);
				c++;
				w = 0;
			}
			s++;
		}
		if (*s == '\0')
			break;
		n = strcspn(s, " \t\n\r;");
		e = s + n;
		FUZZ_CHECK(c < ls->n && w < ls->v[c].argc);
		FUZZ_CHECK(strlen(ls->v[c].argv[w]) == n &&
		    memcmp(ls->v[c].argv[w], s, n) == 0);
		w++;
		s = e;
	}
	if (w > 0) {
		FUZZ_CHECK(ls->v[c].argc == w);
		c++;
	}
	FUZZ_CHECK(c == ls->n);
}

/* All commands quoted back into one line, and parsed again. */
static void
check_requote(const struct cmd_lines *ls)
{
	struct cmd_lines	 again;
	struct buf		 b;
	char			*err = NULL;
	int			 i, k;

	buf_init(&b);
	for (i = 0; i < ls->n; i++) {
		if (i > 0)
			buf_adds(&b, " ;");
		for (k = 0; k < ls->v[i].argc; k++)
			cmd_quote_append(&b, ls->v[i].argv[k]);
	}
	if (cmd_parse(buf_str(&b), &again, &err) != 0) {
		fprintf(stderr, "quoted line '%s' does not parse: %s\n",
		    buf_str(&b), err);
		abort();
	}
	FUZZ_CHECK(again.n == ls->n);
	for (i = 0; i < ls->n; i++) {
		FUZZ_CHECK(again.v[i].argc == ls->v[i].argc);
		for (k = 0; k < ls->v[i].argc; k++)
			FUZZ_CHECK(strcmp(again.v[i].argv[k],
			    ls->v[i].argv[k]) == 0);
	}
	cmd_lines_free(&again);
	buf_free(&b);
}

static int
streq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static int
props_eq(const struct props *a, const struct props *b)
{
	char	*ja = props_to_json(a), *jb = props_to_json(b);
	int	 eq = streq(ja, jb);

	free(ja);
	free(jb);
	return eq;
}

static int
profile_eq(const struct profile *a, const struct profile *b)
{
	return streq(a->name, b->name) && streq(a->host, b->host) &&
	    a->port == b->port && a->tls == b->tls &&
	    streq(a->client_id, b->client_id) &&
	    streq(a->username, b->username) &&
	    streq(a->password, b->password) && a->version == b->version &&
	    a->keepalive == b->keepalive && a->clean == b->clean &&
	    a->session_expiry == b->session_expiry &&
	    a->auto_reconnect == b->auto_reconnect &&
	    streq(a->will_topic, b->will_topic) &&
	    streq(a->will_payload, b->will_payload) &&
	    a->will_qos == b->will_qos && a->will_retain == b->will_retain &&
	    props_eq(&a->will_props, &b->will_props) &&
	    props_eq(&a->connect_props, &b->connect_props) &&
	    streq(a->cafile, b->cafile) && streq(a->capath, b->capath) &&
	    streq(a->cert, b->cert) && streq(a->key, b->key) &&
	    a->insecure == b->insecure &&
	    streq(a->tls_version, b->tls_version);
}

static void
check_props_json(const struct props *ps)
{
	struct props	 back = { NULL, 0 };
	char		*j = props_to_json(ps);

	if (j == NULL) {
		FUZZ_CHECK(ps->n == 0);
		return;
	}
	FUZZ_CHECK(props_from_json(&back, j) == 0);
	FUZZ_CHECK(props_eq(ps, &back));
	props_clear(&back);
	free(j);
}

/* getopt may reorder argv: give it a copy of the pointers each time. */
static int
parse_flags(struct profile *p, const struct cmd_words *cw, const char **url,
    char **err)
{
	char	**av;
	int	  rc;

	av = malloc((cw->argc + 1) * sizeof *av);
	FUZZ_CHECK(av != NULL);
	memcpy(av, cw->argv, (cw->argc + 1) * sizeof *av);
	rc = profile_parse_flags(p, cw->argc, av, url, err);
	free(av);
	return rc;
}

static void
check_flags(const struct cmd_words *cw)
{
	struct profile	 p, before, *again;
	const char	*url = NULL;
	char		*err = NULL;
	int		 rc;

	profile_init(&p);
	profile_set(&p.host, "broker.example");
	profile_set(&p.client_id, "fuzz");
	props_add(&p.will_props, "content-type", NULL, "text/plain");
	profile_init(&before);
	profile_set(&before.host, "broker.example");
	profile_set(&before.client_id, "fuzz");
	props_add(&before.will_props, "content-type", NULL, "text/plain");

	rc = parse_flags(&p, cw, &url, &err);
	if (rc != 0) {
		FUZZ_CHECK(err != NULL && *err != '\0' && url == NULL);
		FUZZ_CHECK(profile_eq(&p, &before));
		free(err);
		goto out;
	}
	FUZZ_CHECK(err == NULL);
	FUZZ_CHECK(p.version == 3 || p.version == 4 || p.version == 5);
	FUZZ_CHECK(p.keepalive == 0 ||
	    (p.keepalive >= 5 && p.keepalive <= 65535));
	FUZZ_CHECK(p.will_qos >= 0 && p.will_qos <= 2);
	FUZZ_CHECK(p.session_expiry >= -1 &&
	    p.session_expiry <= 4294967295LL);
	check_props_json(&p.will_props);
	check_props_json(&p.connect_props);

	/* The same words over the result: no change (save parses twice). */
	again = profile_dup(&p);
	FUZZ_CHECK(parse_flags(again, cw, &url, &err) == 0);
	FUZZ_CHECK(profile_eq(again, &p));
	profile_free(again);

	if (url != NULL && url_parse(url, &p, &err) != 0) {
		FUZZ_CHECK(err != NULL);
		free(err);
	}
out:
	profile_clear(&p);
	profile_clear(&before);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cmd_lines	 ls = { -1, (void *)1 };
	char			*line, *err = (char *)1;
	int			 i, k;

	line = fuzz_str(data, len);
	if (cmd_parse(line, &ls, &err) != 0) {
		FUZZ_CHECK(err != NULL && *err != '\0');
		FUZZ_CHECK(ls.n == 0 && ls.v == NULL);
		free(err);
		free(line);
		return 0;
	}
	FUZZ_CHECK(err == NULL);
	FUZZ_CHECK(ls.n >= 0);
	for (i = 0; i < ls.n; i++) {
		FUZZ_CHECK(ls.v[i].argc >= 1);
		FUZZ_CHECK(ls.v[i].argv[ls.v[i].argc] == NULL);
		for (k = 0; k < ls.v[i].argc; k++)
			FUZZ_CHECK(ls.v[i].argv[k] != NULL);
	}
	if (strpbrk(line, "'\"\\") == NULL)
		check_plain(line, &ls);
	check_requote(&ls);

	/* What connect and save do with their words. */
	for (i = 0; i < ls.n; i++) {
		if (strcmp(ls.v[i].argv[0], "connect") == 0 ||
		    strcmp(ls.v[i].argv[0], "save") == 0)
			check_flags(&ls.v[i]);
	}
	cmd_lines_free(&ls);
	free(line);
	return 0;
}
