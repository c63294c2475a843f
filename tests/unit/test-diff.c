/*
 * Payload diffs: JSON by path with exact tokens (20.0 is not 20), text
 * by lines with context, binary by hex rows; identical payloads.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "unit.h"

/* The diff's lines joined by '\n', each "op|text". */
static const char *
show(const char *a, const char *b)
{
	static struct buf	 out;
	struct diff		 d;
	size_t			 i;
	static const char	 ops[] = " +-~#";

	buf_reset(&out);
	diff_make(&d, a, strlen(a), b, strlen(b));
	for (i = 0; i < d.n; i++)
		buf_addf(&out, "%s%c|%s", i > 0 ? "\n" : "", ops[d.v[i].op],
		    d.v[i].text);
	diff_free(&d);
	return buf_str(&out);
}

static void
test_json(void)
{
	struct diff	d;

	CHECK_STR(show("{\"t\":20,\"h\":40,\"gone\":true}",
	    "{\"t\":20.0,\"h\":40,\"new\":[1,2]}"),
	    "#|JSON: 1 changed, 2 added, 1 removed\n"
	    "~|~ .t: 20 → 20.0\n"
	    "+|+ .new[0]: 1\n"
	    "+|+ .new[1]: 2\n"
	    "-|- .gone: true");
	/* Nested, keys that are not plain words, big numbers, arrays. */
	CHECK_STR(show("{\"a\":{\"b c\":12345678901234567890},\"l\":[1,{}]}",
	    "{ \"l\" : [1, {\"x\":null}], \"a\":{\"b c\":12345678901234567891}}"),
	    "#|JSON: 1 changed, 1 added, 1 removed\n"
	    "+|+ .l[1].x: null\n"
	    "~|~ .a[\"b c\"]: 12345678901234567890 → 12345678901234567891\n"
	    "-|- .l[1]: {}");
	/* Top-level scalars and arrays. */
	CHECK_STR(show("1", "2"),
	    "#|JSON: 1 changed, 0 added, 0 removed\n~|~ .: 1 → 2");
	CHECK_STR(show("[\"x\"]", "[\"x\",\"y\\\"z\"]"),
	    "#|JSON: 0 changed, 1 added, 0 removed\n+|+ .[1]: \"y\\\"z\"");
	/* Same values written differently: no leaf changed. */
	CHECK_STR(show("{\"a\":1,\"b\":2}", "{\"b\":2,\n \"a\":1}"),
	    "#|JSON: 0 changed, 0 added, 0 removed");
	diff_make(&d, "{\"a\":1}", 7, "{\"a\":2}", 7);
	CHECK_INT(d.kind, DIFF_JSON);
	CHECK_INT(d.changes, 1);
	diff_free(&d);
}

static void
test_text(void)
{
	CHECK_STR(show("one\ntwo\nthree", "one\n2\nthree\nfour"),
	    "#|lines: 2 added, 1 removed\n"
	    " |  one\n"
	    "-|- two\n"
	    "+|+ 2\n"
	    " |  three\n"
	    "+|+ four");
	/* Far from a change, lines are left out with a note. */
	CHECK_STR(show("a\nb\nc\nd\ne\nf\ng", "a\nb\nc\nd\ne\nf\nG"),
	    "#|lines: 1 added, 1 removed\n"
	    "#|…\n"
	    " |  e\n"
	    " |  f\n"
	    "-|- g\n"
	    "+|+ G");
	CHECK_STR(show("", "x"), "#|lines: 1 added, 1 removed\n-|- \n+|+ x");
	CHECK_STR(show("same", "same"), "#|the same 4 bytes");
}

static void
test_bytes(void)
{
	struct diff	d;
	char		a[40], b[40];
	size_t		i;

	for (i = 0; i < sizeof a; i++)
		a[i] = b[i] = (char)(0x80 + i);
	b[20] = 0;
	diff_make(&d, a, sizeof a, b, sizeof b - 1);
	CHECK_INT(d.kind, DIFF_BYTES);
	CHECK_STR(d.v[0].text, "bytes: 40 → 39, first difference at offset "
	    "20 (0x14)");
	/* Rows 1 and 2 differ (row 0 is the same): old, new, old, new. */
	CHECK_INT(d.n, 5);
	CHECK(strncmp(d.v[1].text, "- 00000010  ", 12) == 0);
	CHECK(strncmp(d.v[2].text, "+ 00000010  ", 12) == 0);
	CHECK(strstr(d.v[2].text, " 00 ") != NULL);
	CHECK(strncmp(d.v[3].text, "- 00000020  ", 12) == 0);
	CHECK(strncmp(d.v[4].text, "+ 00000020  ", 12) == 0);
	CHECK_INT(d.changes, 4);
	diff_free(&d);
}

static void
test_big(void)
{
	struct buf	a, b;
	struct diff	d;
	int		i;

	/* Too many lines for the LCS table: still a diff, bounded. */
	buf_init(&a);
	buf_init(&b);
	for (i = 0; i < 3000; i++) {
		buf_addf(&a, "line %d\n", i);
		buf_addf(&b, "line %d\n", i % 7 == 0 ? -i : i);
	}
	diff_make(&d, a.p, a.len, b.p, b.len);
	CHECK_INT(d.kind, DIFF_TEXT);
	CHECK(d.n <= DIFF_MAX_LINES + 1);
	CHECK(d.changes > 0);
	diff_free(&d);
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	test_json();
	test_text();
	test_bytes();
	test_big();
	return unit_done();
}
