#include <stdlib.h>
#include <string.h>

#include "cmd-parse.h"
#include "unit.h"

#define W "\x1f"	/* between words */
#define C "\x1e"	/* between commands */

/* The parse as one string: words joined by W, commands by C. */
static char *
flatten(const struct cmd_lines *ls)
{
	size_t	 n = 1;
	char	*s;
	int	 i, j;

	for (i = 0; i < ls->n; i++) {
		CHECK(ls->v[i].argv[ls->v[i].argc] == NULL);
		for (j = 0; j < ls->v[i].argc; j++)
			n += strlen(ls->v[i].argv[j]) + 1;
	}
	s = calloc(1, n);
	for (i = 0; i < ls->n; i++) {
		if (i > 0)
			strcat(s, C);
		for (j = 0; j < ls->v[i].argc; j++) {
			if (j > 0)
				strcat(s, W);
			strcat(s, ls->v[i].argv[j]);
		}
	}
	return s;
}

static void
ok(const char *line, int ncmds, const char *want)
{
	struct cmd_lines	 ls;
	char			*err = NULL, *got;

	CHECK_INT(cmd_parse(line, &ls, &err), 0);
	CHECK(err == NULL);
	CHECK_INT(ls.n, ncmds);
	got = flatten(&ls);
	CHECK_STR(got, want);
	free(got);
	free(err);
	cmd_lines_free(&ls);
	CHECK(ls.n == 0 && ls.v == NULL);
}

static void
bad(const char *line, const char *want)
{
	struct cmd_lines	 ls;
	char			*err = NULL;

	CHECK_INT(cmd_parse(line, &ls, &err), -1);
	CHECK_STR(err, want);
	CHECK_INT(ls.n, 0);
	CHECK(ls.v == NULL);
	free(err);
	cmd_lines_free(&ls);
}

static void
test_parse(void)
{
	struct cmd_lines	 ls;
	char			*err;

	ok("", 0, "");
	ok("   \t ", 0, "");
	ok(";", 0, "");
	ok(" ; ;; ", 0, "");
	ok("quit", 1, "quit");
	ok("  sub   a/b  ", 1, "sub" W "a/b");
	ok("pub t hello world", 1, "pub" W "t" W "hello" W "world");

	/* '#' is MQTT's wildcard here, not a comment. */
	ok("sub #", 1, "sub" W "#");
	ok("sub a/# +/b # ; pub x #y", 2,
	    "sub" W "a/#" W "+/b" W "#" C "pub" W "x" W "#y");

	/* ';' splits commands; empty ones vanish. */
	ok("a;b", 2, "a" C "b");
	ok("a ; b c ;", 2, "a" C "b" W "c");
	ok("a;;b", 2, "a" C "b");
	ok(";a", 1, "a");
	ok("connect mqtt://h; sub -q 1 t/#; pub t hi", 3,
	    "connect" W "mqtt://h" C "sub" W "-q" W "1" W "t/#" C "pub" W "t"
	    W "hi");

	/* Quotes. */
	ok("pub t 'hello world'", 1, "pub" W "t" W "hello world");
	ok("pub t \"hello world\"", 1, "pub" W "t" W "hello world");
	ok("pub t 'a;b'", 1, "pub" W "t" W "a;b");
	ok("pub t \"a;b\"", 1, "pub" W "t" W "a;b");
	ok("pub t ''", 1, "pub" W "t" W "");
	ok("pub t \"\"", 1, "pub" W "t" W "");
	ok("x '' ''", 1, "x" W "" W "");
	ok("a'b c'd", 1, "ab cd");
	ok("a\"b\"'c'd", 1, "abcd");
	ok("'\\n\\x41'", 1, "\\n\\x41");	/* single quotes are literal */
	ok("'say \"hi\"'", 1, "say \"hi\"");
	ok("\"it's\"", 1, "it's");
	ok("\"a\\\\b\\\"c\"", 1, "a\\b\"c");
	ok("\"\\n\\t\\r\\e\"", 1, "\n\t\r\033");
	ok("\"\\x41\\x7a\\x7\"", 1, "Az\x07");
	ok("\"\\x41B\"", 1, "AB");
	ok("\"\\d\\$\"", 1, "\\d\\$");	/* unknown escapes stay */
	ok("\"{\\\"a\\\":1}\"", 1, "{\"a\":1}");

	/* Backslash outside quotes takes the next character as it is. */
	ok("a\\ b", 1, "a b");
	ok("a\\;b", 1, "a;b");
	ok("\\'x", 1, "'x");
	ok("\\\\", 1, "\\");
	ok("\\n", 1, "n");
	ok("\\#", 1, "#");

	bad("pub t 'abc", "unterminated quote");
	bad("pub t \"abc", "unterminated quote");
	bad("pub t \"abc\\\"", "unterminated quote");
	bad("a; b 'c", "unterminated quote");
	bad("pub t abc\\", "trailing backslash");
	bad("\"\\x\"", "\\x needs hex digits");
	bad("\"\\xzz\"", "\\x needs hex digits");
	bad("\"\\x00\"", "a NUL byte (\\x00) cannot be part of a word or topic");

	/* argv is NULL-terminated and argc right. */
	err = NULL;
	CHECK_INT(cmd_parse("one two;three", &ls, &err), 0);
	CHECK_INT(ls.n, 2);
	CHECK_INT(ls.v[0].argc, 2);
	CHECK_STR(ls.v[0].argv[1], "two");
	CHECK(ls.v[0].argv[2] == NULL);
	CHECK_INT(ls.v[1].argc, 1);
	CHECK(ls.v[1].argv[1] == NULL);
	cmd_lines_free(&ls);
}

/* cmd_quote then cmd_parse gives the word back. */
static void
round_trip(const char *w, const char *want)
{
	struct cmd_lines	 ls;
	char			*q, *err = NULL;

	q = cmd_quote(w);
	if (want != NULL)
		CHECK_STR(q, want);
	CHECK_INT(cmd_parse(q, &ls, &err), 0);
	CHECK_INT(ls.n, 1);
	if (ls.n == 1) {
		CHECK_INT(ls.v[0].argc, 1);
		CHECK_STR(ls.v[0].argv[0], w);
	}
	cmd_lines_free(&ls);
	free(err);
	free(q);
}

static void
test_quote(void)
{
	char	all[256];
	int	i;

	round_trip("plain", "plain");
	round_trip("a/b/#", "a/b/#");
	round_trip("+", "+");
	round_trip("", "''");
	round_trip("a b", "'a b'");
	round_trip("a;b", "'a;b'");
	round_trip("a\\b", "'a\\b'");
	round_trip("say \"hi\"", "'say \"hi\"'");
	round_trip("it's", "\"it's\"");
	round_trip("it's a \"test\"\\", "\"it's a \\\"test\\\"\\\\\"");
	round_trip("line\nbreak", "\"line\\nbreak\"");
	round_trip("\t\033\r\x01\x7f", "\"\\t\\e\\r\\x01\\x7f\"");
	round_trip("\x01" "f", "\"\\x01f\"");
	round_trip("caf\xc3\xa9", "caf\xc3\xa9");
	round_trip("$x", NULL);
	round_trip("\\x41", NULL);
	round_trip("'", NULL);
	round_trip("''", NULL);
	round_trip(";", NULL);
	round_trip("\\", NULL);

	/* Every byte but NUL, in one word. */
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	round_trip(all, NULL);
}

static void
shorten(const char *in, size_t max, const char *want)
{
	char	*s = cmd_shorten(in, max);

	CHECK_STR(s, want);
	free(s);
}

static void
test_shorten(void)
{
	shorten("", 3, "");
	shorten("abc", 3, "abc");
	shorten("abcd", 3, "abc\xe2\x80\xa6");
	shorten("abcd", 0, "\xe2\x80\xa6");
	/* Characters, not bytes: a UTF-8 sequence is never split. */
	shorten("\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9\xc3\xa9\xc3\xa9");
	shorten("\xc3\xa9\xc3\xa9\xc3\xa9", 2, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	shorten("\xe4\xb8\xad\xe6\x96\x87", 1, "\xe4\xb8\xad\xe2\x80\xa6");
	/* A stray byte is one character, as sanitize shows it. */
	shorten("\xff\xfe\xfd", 2, "\xff\xfe\xe2\x80\xa6");
}

int
main(void)
{
	test_parse();
	test_quote();
	test_shorten();
	return unit_done();
}
