#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "value.h"

static void
ok(const char *payload, const char *path, const char *text, double num)
{
	struct value	 v;
	char		*err = NULL;

	CHECK_INT(value_get(payload, strlen(payload), path, &v, &err), 0);
	CHECK_STR(err, NULL);
	CHECK_STR(v.text, text);
	CHECK(v.num == num);
	free(err);
}

static void
bad(const char *payload, const char *path, const char *want)
{
	struct value	 v;
	char		*err = NULL;

	CHECK_INT(value_get(payload, strlen(payload), path, &v, &err), -1);
	CHECK_STR(err, want);
	free(err);
	/* Without err: still -1, nothing leaks. */
	CHECK_INT(value_get(payload, strlen(payload), path, &v, NULL), -1);
}

static void
test_text(void)
{
	ok("21.5", "", "21.5", 21.5);
	ok(" 21.50\n", "", "21.50", 21.5);
	ok("-3", ".", "-3", -3);
	ok("+7", "", "+7", 7);
	ok("1e3", "", "1e3", 1000);
	ok(".5", "", ".5", 0.5);
	ok("5.", "", "5.", 5);
	ok("\"42\"", "", "42", 42);	/* a JSON string holding a number */
	ok("true", "", "true", 1);
	bad("abc", "", "payload is not a number");
	bad("", "", "payload is not a number");
	bad("1e", "", "payload is not a number");
	bad("0x10", "", "payload is not a number");
	bad("nan", "", "payload is not a number");
	bad("1e999", "", "number out of range: 1e999");
	bad("{\"a\":1}", "", "payload is not a number");
	CHECK(value_is_number("12", 2));
	CHECK(!value_is_number("12", 0));
	CHECK(!value_is_number("-", 1));
	CHECK(!value_is_number("1 2", 3));
}

static void
test_json(void)
{
	ok("{\"temp\":21.5}", ".temp", "21.5", 21.5);
	ok("{\"temp\":0.1}", ".temp", "0.1", 0.1);
	ok("{\"a\":{\"b\":-4}}", ".a.b", "-4", -4);
	ok("{\"sensors\":[{\"t\":1},{\"t\":2.25}]}", ".sensors[1].t", "2.25",
	    2.25);
	ok("[10,20,30]", "[2]", "30", 30);
	ok("[[1,[2,3]]]", "[0][1][0]", "2", 2);
	ok("{\"a.b\":{\"x y\":5}}", "[\"a.b\"][\"x y\"]", "5", 5);
	ok("{\"q\\\"\":6}", "[\"q\\\"\"]", "6", 6);
	ok("{\"a\":{\"b c\":7}}", ".a.[\"b c\"]", "7", 7);
	ok("{\"on\":false}", ".on", "false", 0);
	ok("{\"s\":\" 3.50 \"}", ".s", "3.50", 3.5);
	ok("{\"big\":123456789012}", ".big", "123456789012", 123456789012.0);
	/* Numbers as written; the walk skips what it passes whole. */
	ok("{\"t\": 21.50 }", ".t", "21.50", 21.5);
	ok("{\"n\":12345678901234567890}", ".n", "12345678901234567890",
	    12345678901234567890.0);
	ok("{\"a\":{\"b\":[1,{\"c\":\"]}\\\"\"}]},\"d\" : -5e-1}", ".d",
	    "-5e-1", -0.5);
	ok("{\"caf\\u00e9\":3}", ".caf\xc3\xa9", "3", 3);
	ok("{\"a\":1,\"a\":2}", ".a", "1", 1);	/* the first */
	ok(" [ 1 , [ 2 , 3 ] ] ", "[1][1]", "3", 3);
	bad("{\"temp\":21.5}", ".hum", "no field .hum in the payload");
	bad("{\"a\":{\"b\":1}}", ".a.c.d", "no field .a.c in the payload");
	bad("[1,2]", "[5]", "no field [5] in the payload");
	bad("{\"a\":[1]}", ".a.b", "no field .a.b in the payload");
	bad("{\"a\":\"x\"}", ".a", "field .a is not a number");
	bad("{\"a\":null}", ".a", "field .a is not a number");
	bad("{\"a\":{}}", ".a", "field .a is not a number");
	bad("not json", ".a", "payload is not JSON");
	bad("{\"a\":1", ".a", "payload is not JSON");
}

static void
test_path(void)
{
	char	*err = NULL;

	CHECK_INT(value_path_check("", &err), 0);
	CHECK_INT(value_path_check(".", &err), 0);
	CHECK_INT(value_path_check(".a[0][\"x\"].b", &err), 0);
	CHECK_STR(err, NULL);
	bad("{}", "a", "bad path: expected '.' or '[' at 'a'");
	bad("{}", ".a.", "bad path: empty name after '.' at '.'");
	bad("{}", "..a", "bad path: empty name after '.' at '..a'");
	bad("{}", "[x]", "bad path: expected an index or \"name\" after "
	    "'[' at 'x]'");
	bad("{}", "[1", "bad path: bad index at '1'");
	bad("{}", "[-1]", "bad path: expected an index or \"name\" after "
	    "'[' at '-1]'");
	bad("{}", "[\"abc", "bad path: unterminated \" in [\"...\"]");
	bad("{}", "[\"abc\"", "bad path: expected ] after [\"...\"");
	CHECK_INT(value_path_check(".a b", &err), -1);
	CHECK_STR(err, "bad path: expected '.' or '[' at ' b'");
	free(err);
}

static void
first(const char *payload, const char *want)
{
	char	*p = value_first_path(payload, strlen(payload));

	CHECK_STR(p, want);
	free(p);
}

static void
test_first(void)
{
	first("12", "");
	first("{\"id\":\"x\",\"t\":21}", ".t");
	first("{\"id\":\"x\",\"s\":[{\"n\":\"a\"},{\"v\":3}]}", ".s[1].v");
	first("{\"a b\":{\"c\":1}}", "[\"a b\"].c");
	first("{\"s\":\"12\"}", ".s");
	first("{\"s\":\"x\"}", NULL);
	/* value_get reads the first of a name given twice: so does this. */
	first("{\"a\":\"x\",\"a\":1,\"b\":2}", ".b");
	first("hello", NULL);
	first("1e999", NULL);
	first("{\"a\":1e999,\"b\":[true]}", ".b[0]");
	first("[]", NULL);
}

int
main(void)
{
	test_text();
	test_json();
	test_path();
	test_first();
	return unit_done();
}
