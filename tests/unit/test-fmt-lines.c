#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fmt-json.h"
#include "fmt-lines.h"
#include "sanitize.h"
#include "unit.h"

#define V(s)	fmt_json_valid(s, sizeof s - 1)

static void
test_valid(void)
{
	char	*deep;
	int	 i;

	CHECK(V("{}"));
	CHECK(V("[]"));
	CHECK(V(" \t\r\n{ } \n"));
	CHECK(V("0"));
	CHECK(V("-0.5e+10"));
	CHECK(V("12345678901234567890123"));
	CHECK(V("\"a\\\"b\\\\c\\u00e9\\/\\b\\f\\n\\r\\t\""));
	CHECK(V("true"));
	CHECK(V("null"));
	CHECK(V("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}"));
	CHECK(V("[\"caf\xc3\xa9\"]"));

	CHECK(!V(""));
	CHECK(!V("   "));
	CHECK(!V("{"));
	CHECK(!V("}"));
	CHECK(!V("[1,]"));
	CHECK(!V("[,1]"));
	CHECK(!V("{\"a\"}"));
	CHECK(!V("{\"a\":}"));
	CHECK(!V("{\"a\":1,}"));
	CHECK(!V("{1:2}"));
	CHECK(!V("[1 2]"));
	CHECK(!V("{} {}"));
	CHECK(!V("[1]]"));
	CHECK(!V("01"));
	CHECK(!V("1."));
	CHECK(!V(".5"));
	CHECK(!V("1e"));
	CHECK(!V("+1"));
	CHECK(!V("tru"));
	CHECK(!V("nul"));
	CHECK(!V("\"abc"));
	CHECK(!V("\"a\\x\""));
	CHECK(!V("\"a\\u12\""));
	CHECK(!V("\"tab\there\""));
	CHECK(!V("[\"a\"\"b\"]"));
	CHECK(!fmt_json_valid("[1,\0]", 5));

	/* Nesting: as deep as FMT_JSON_DEPTH, not one more. */
	deep = malloc(2 * FMT_JSON_DEPTH + 3);
	for (i = 0; i < FMT_JSON_DEPTH; i++) {
		deep[i] = '[';
		deep[2 * FMT_JSON_DEPTH - 1 - i] = ']';
	}
	CHECK(fmt_json_valid(deep, 2 * FMT_JSON_DEPTH));
	memmove(deep + 1, deep, 2 * FMT_JSON_DEPTH);
	deep[0] = '[';
	deep[2 * FMT_JSON_DEPTH + 1] = ']';
	CHECK(!fmt_json_valid(deep, 2 * FMT_JSON_DEPTH + 2));
	free(deep);
}

/* The whole pretty text through fmt_json_getc. */
static void
pretty(const char *in, const char *want)
{
	struct fmt_json	j;
	struct buf	b;
	int		c;

	CHECK(fmt_json_valid(in, strlen(in)));
	buf_init(&b);
	fmt_json_start(&j);
	while ((c = fmt_json_getc(&j, in, strlen(in))) != -1)
		buf_addc(&b, (char)c);
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

/* Text that is not valid (the caller did not check): it stops, in bounds. */
static void
cut_short(const char *in)
{
	struct fmt_json	j;
	char		*copy = malloc(strlen(in));
	int		 n = 0;

	memcpy(copy, in, strlen(in));	/* no NUL after it */
	fmt_json_start(&j);
	while (fmt_json_getc(&j, copy, strlen(in)) != -1 && n < 1000)
		n++;
	CHECK(n < 1000);
	CHECK(j.off <= strlen(in) + 1);
	free(copy);
}

static void
test_pretty(void)
{
	cut_short("{");
	cut_short("[");
	cut_short("{\"a\"");
	cut_short("{\"a\":");
	cut_short("[\"abc");
	cut_short("[\"abc\\");
	cut_short("[1,");
	cut_short("   ");

	pretty("{}", "{}");
	pretty(" [ ] ", "[]");
	pretty("42", "42");
	pretty("\"s\"", "\"s\"");
	pretty("[1,2]", "[\n  1,\n  2\n]");
	pretty("{\"a\":1}", "{\n  \"a\": 1\n}");
	pretty("{ \"a\" : { } , \"b\" :[ ] }",
	    "{\n  \"a\": {},\n  \"b\": []\n}");
	pretty("{\"a\":[1,{\"b\":null,\"c\":[true,false]}],\"d\":\"x\"}",
	    "{\n"
	    "  \"a\": [\n"
	    "    1,\n"
	    "    {\n"
	    "      \"b\": null,\n"
	    "      \"c\": [\n"
	    "        true,\n"
	    "        false\n"
	    "      ]\n"
	    "    }\n"
	    "  ],\n"
	    "  \"d\": \"x\"\n"
	    "}");
	/* Numbers and strings exactly as written, never through a double. */
	pretty("[12345678901234567890123,1.0e+400,-0.0,0.1,1E-7]",
	    "[\n  12345678901234567890123,\n  1.0e+400,\n  -0.0,\n  0.1,\n"
	    "  1E-7\n]");
	pretty("[\"a\\\"b\",\"\\u00e9\\n\",\"caf\xc3\xa9\"]",
	    "[\n  \"a\\\"b\",\n  \"\\u00e9\\n\",\n  \"caf\xc3\xa9\"\n]");
	/* A string value that holds a colon is not a key. */
	pretty("[\"a:b\",\"c\"]", "[\n  \"a:b\",\n  \"c\"\n]");
	pretty("{\"k\":\"v\" , \"k2\" : [ \"x\" ] }",
	    "{\n  \"k\": \"v\",\n  \"k2\": [\n    \"x\"\n  ]\n}");
}

/* Every line of fl at cols, in order, as an array of strings. */
static char **
all_lines(struct fmt_lines *fl, int cols, long *n)
{
	struct buf	  b;
	char		**v = NULL;
	long		  i;

	buf_init(&b);
	for (i = 0;; i++) {
		buf_reset(&b);
		if (fmt_lines_get(fl, i, cols, &b) != 0)
			break;
		v = realloc(v, (i + 1) * sizeof *v);
		v[i] = strdup(buf_str(&b));
	}
	buf_free(&b);
	*n = i;
	return v;
}

static void
free_lines(char **v, long n)
{
	long	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Width of a raw line as the pager shows it. */
static int
shown_width(const char *s)
{
	struct buf	b;
	int		w;

	buf_init(&b);
	sanitize(&b, s, strlen(s), 0);
	w = sanitize_width(buf_str(&b), b.len);
	buf_free(&b);
	return w;
}

/*
 * The lines of text at cols: in order they give back the text (a newline
 * dropped at each line end where there was one), none is wider than cols
 * unless it is a single character (or a line ending in the space that
 * ended it), the count agrees, and lines asked for out of order, or after
 * another width, are the same.
 */
static void
check_text(const char *text, size_t len, int cols)
{
	struct fmt_lines	 *fl = fmt_lines_new(text, len, FMT_LINES_TEXT);
	struct buf		  b;
	char			**v;
	long			  n, i, k, bad = 0;
	size_t			  pos = 0, l, cn;

	v = all_lines(fl, cols, &n);
	CHECK_INT(fmt_lines_count(fl, cols), n);
	for (i = 0; i < n; i++) {
		l = strlen(v[i]);
		if (pos + l > len || memcmp(text + pos, v[i], l) != 0) {
			bad++;
			break;
		}
		pos += l;
		if (pos < len && text[pos] == '\n')
			pos++;
		if (shown_width(v[i]) > cols && l != sanitize_charlen(v[i], l) &&
		    v[i][l - 1] != ' ') {
			(void)cn;
			printf("line %ld is %d wide at %d: \"%s\"\n", i,
			    shown_width(v[i]), cols, v[i]);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(pos, len);

	/* Backwards, then every 7th, after a detour through another width. */
	buf_init(&b);
	bad = 0;
	for (i = n - 1; i >= 0; i--) {
		buf_reset(&b);
		if (fmt_lines_get(fl, i, cols, &b) != 0 ||
		    strcmp(buf_str(&b), v[i]) != 0)
			bad++;
	}
	fmt_lines_count(fl, cols + 3);
	for (k = 0; k < 7; k++) {
		for (i = k; i < n; i += 7) {
			buf_reset(&b);
			if (fmt_lines_get(fl, i, cols, &b) != 0 ||
			    strcmp(buf_str(&b), v[i]) != 0)
				bad++;
		}
	}
	CHECK_INT(bad, 0);
	buf_reset(&b);
	CHECK_INT(fmt_lines_get(fl, n, cols, &b), -1);
	CHECK_INT(fmt_lines_get(fl, -1, cols, &b), -1);
	buf_free(&b);
	free_lines(v, n);
	fmt_lines_free(fl);
}

/* The lines of text at cols are exactly want (NULL-terminated). */
static void
lines_are(enum fmt_lines_kind kind, const char *text, int cols,
    const char **want)
{
	struct fmt_lines	 *fl = fmt_lines_new(text, strlen(text), kind);
	char			**v;
	long			  n, i;

	v = all_lines(fl, cols, &n);
	for (i = 0; want[i] != NULL && i < n; i++)
		CHECK_STR(v[i], want[i]);
	CHECK_INT(n, i);
	CHECK(want[i] == NULL);
	free_lines(v, n);
	fmt_lines_free(fl);
}

#define L(kind, text, cols, ...) do {					\
	const char *want_[] = { __VA_ARGS__, NULL };			\
	lines_are(kind, text, cols, want_);				\
} while (0)

static void
test_text(void)
{
	struct buf	 b;
	char		*big;
	int		 i;

	L(FMT_LINES_TEXT, "", 10, NULL);
	L(FMT_LINES_TEXT, "abc", 10, "abc");
	L(FMT_LINES_TEXT, "\n", 10, "");
	L(FMT_LINES_TEXT, "a\n", 10, "a");
	L(FMT_LINES_TEXT, "a\n\nb", 10, "a", "", "b");
	/* At spaces, the space staying at the end of its line. */
	L(FMT_LINES_TEXT, "hello world foo", 8, "hello ", "world ", "foo");
	L(FMT_LINES_TEXT, "hello world", 5, "hello ", "world");
	/* A word longer than the width is cut where it must be. */
	L(FMT_LINES_TEXT, "abcdefghij", 4, "abcd", "efgh", "ij");
	L(FMT_LINES_TEXT, "ab cdefghij", 4, "ab ", "cdef", "ghij");
	/* Escapes take their columns: \e is 2, <U+200B> 8. */
	L(FMT_LINES_TEXT, "\x1b\x1b\x1b", 5, "\x1b\x1b", "\x1b");
	L(FMT_LINES_TEXT, "ab\xe2\x80\x8b" "cd", 9, "ab", "\xe2\x80\x8b" "c", "d");
	/* Wide characters are not split, a tab is \t. */
	L(FMT_LINES_TEXT, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 3,
	    "\xe4\xb8\xad", "\xe6\x96\x87", "\xe5\xad\x97");
	L(FMT_LINES_TEXT, "a\tb", 3, "a\t", "b");
	/* Wider than the width alone still makes a line. */
	L(FMT_LINES_TEXT, "\xe2\x80\x8bx", 4, "\xe2\x80\x8b", "x");
	/* Invalid bytes are \xNN, 4 columns each. */
	L(FMT_LINES_TEXT, "\xff\xff\xff", 8, "\xff\xff", "\xff");

	check_text("", 0, 5);
	check_text("one two three four five six seven", 33, 7);
	check_text("\n\n\nx\n", 5, 1);

	/* Many lines: past several marks, long ones wrapped. */
	buf_init(&b);
	for (i = 0; i < 3000; i++) {
		buf_addf(&b, "line %d", i);
		if (i % 10 == 0)
			buf_adds(&b, " with some more words in it to wrap");
		if (i % 17 == 0)
			buf_adds(&b, " caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \x1b[1m");
		buf_addc(&b, '\n');
	}
	big = strdup(buf_str(&b));
	check_text(big, b.len, 12);
	check_text(big, b.len, 40);
	check_text(big, b.len, 1);
	free(big);
	buf_free(&b);
}

static void
test_json_lines(void)
{
	struct fmt_lines	*fl;
	struct buf		 b, t;
	long			 i, n;
	int			 c;
	struct fmt_json		 j;
	char			*in;

	L(FMT_LINES_JSON, "{\"a\":[1,2],\"b\":{}}", 80, "{", "  \"a\": [",
	    "    1,", "    2", "  ],", "  \"b\": {}", "}");
	/* Long lines wrap like text. */
	L(FMT_LINES_JSON, "[\"aaaa bbbb cccc\"]", 10, "[", "  \"aaaa ",
	    "bbbb cccc\"", "]");
	L(FMT_LINES_JSON, "{\"key\":\"vvvvvvvvvvvv\"}", 8, "{",
	    "  \"key\": ", "\"vvvvvvv", "vvvvv\"", "}");

	/* A big one, past many marks: the same as the whole pretty text. */
	buf_init(&b);
	buf_adds(&b, "[");
	for (i = 0; i < 2000; i++)
		buf_addf(&b, "%s{\"n\":%ld,\"s\":\"caf\xc3\xa9 %ld\",\"l\":[%ld,"
		    "12345678901234567890]}", i ? "," : "", i, i, i * 7);
	buf_adds(&b, "]");
	in = strdup(buf_str(&b));
	CHECK(fmt_json_valid(in, b.len));
	buf_init(&t);
	fmt_json_start(&j);
	while ((c = fmt_json_getc(&j, in, b.len)) != -1)
		buf_addc(&t, (char)c);
	buf_addc(&t, '\n');
	fl = fmt_lines_new(in, b.len, FMT_LINES_JSON);
	n = fmt_lines_count(fl, 200);
	/* [ and ], and each {, n, s, l: [, two numbers, ], } a line. */
	CHECK_INT(n, 2 + 2000 * 8);
	/* Backwards: each line is the next piece of the text from its end. */
	{
		struct buf	got;
		size_t		end = t.len;
		long		bad = 0;

		buf_init(&got);
		for (i = n - 1; i >= 0; i--) {
			buf_reset(&got);
			if (fmt_lines_get(fl, i, 200, &got) != 0) {
				bad++;
				break;
			}
			/* t ends with got + "\n" up to end */
			if (end < got.len + 1 || memcmp(t.p + end - got.len - 1,
			    buf_str(&got), got.len) != 0 ||
			    t.p[end - 1] != '\n')
				bad++;
			end -= got.len + 1;
		}
		CHECK_INT(bad, 0);
		CHECK_INT(end, 0);
		buf_free(&got);
	}
	fmt_lines_free(fl);
	free(in);
	buf_free(&t);
	buf_free(&b);
}

static void
test_hex_b64(void)
{
	struct fmt_lines	*fl;
	struct buf		 b;
	char			 all[256];
	int			 i;

	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	fl = fmt_lines_new(all + 0x40, 20, FMT_LINES_HEX);
	CHECK_INT(fmt_lines_count(fl, 10), 2);
	buf_init(&b);
	CHECK_INT(fmt_lines_get(fl, 0, 10, &b), 0);
	CHECK_STR(buf_str(&b), "00000000  40 41 42 43 44 45 46 47  "
	    "48 49 4a 4b 4c 4d 4e 4f  @ABCDEFGHIJKLMNO");
	CHECK_INT(b.len, FMT_LINES_HEXROW);
	buf_reset(&b);
	CHECK_INT(fmt_lines_get(fl, 1, 10, &b), 0);
	/* Padded so the characters stay in their column. */
	CHECK_STR(buf_str(&b), "00000010  50 51 52 53             "
	    "                          PQRS");
	CHECK_INT(b.len, FMT_LINES_HEXROW - 12);
	CHECK_INT(fmt_lines_get(fl, 2, 10, &b), -1);
	fmt_lines_free(fl);

	/* Not printable ASCII: '.'; the offset in hex. */
	fl = fmt_lines_new(all, 256, FMT_LINES_HEX);
	buf_reset(&b);
	fmt_lines_get(fl, 0, 0, &b);
	CHECK_STR(buf_str(&b), "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	buf_reset(&b);
	fmt_lines_get(fl, 7, 0, &b);
	CHECK_STR(buf_str(&b), "00000070  70 71 72 73 74 75 76 77  "
	    "78 79 7a 7b 7c 7d 7e 7f  pqrstuvwxyz{|}~.");
	buf_reset(&b);
	fmt_lines_get(fl, 15, 0, &b);
	CHECK_STR(buf_str(&b), "000000f0  f0 f1 f2 f3 f4 f5 f6 f7  "
	    "f8 f9 fa fb fc fd fe ff  ................");
	fmt_lines_free(fl);

	fl = fmt_lines_new("", 0, FMT_LINES_HEX);
	CHECK_INT(fmt_lines_count(fl, 10), 0);
	CHECK_INT(fmt_lines_get(fl, 0, 10, &b), -1);
	fmt_lines_free(fl);

	/* base64: 57 bytes (76 characters) a line, the same as in one go. */
	fl = fmt_lines_new(all, 256, FMT_LINES_BASE64);
	CHECK_INT(fmt_lines_count(fl, 10), 5);
	buf_reset(&b);
	for (i = 0; fmt_lines_get(fl, i, 10, &b) == 0; i++)
		;
	CHECK_INT(i, 5);
	CHECK_STR(buf_str(&b),
	    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
	    "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f"
	    "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6P"
	    "kJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/"
	    "wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v"
	    "8PHy8/T19vf4+fr7/P3+/w==");
	buf_reset(&b);
	fmt_lines_get(fl, 0, 10, &b);
	CHECK_INT(b.len, 76);
	fmt_lines_free(fl);
	buf_free(&b);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("no UTF-8 locale\n");
		return 77;
	}
	test_valid();
	test_pretty();
	test_text();
	test_json_lines();
	test_hex_b64();
	return unit_done();
}
