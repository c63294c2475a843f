#include <stdlib.h>
#include <string.h>

#include "topic.h"
#include "unit.h"

#define MATCH(f, t)	CHECK(topic_match(f, t) == 1)
#define NOMATCH(f, t)	CHECK(topic_match(f, t) == 0)

static void
test_match(void)
{
	MATCH("foo", "foo");
	NOMATCH("foo", "Foo");
	NOMATCH("foo", "foo/");
	NOMATCH("foo/", "foo");
	NOMATCH("foo", "foobar");
	MATCH("a/b/c", "a/b/c");
	NOMATCH("a/b/c", "a/b");
	NOMATCH("a/b", "a/b/c");

	/* '#' matches the parent level and everything below it. */
	MATCH("foo/#", "foo");
	MATCH("foo/#", "foo/");
	MATCH("foo/#", "foo/x");
	MATCH("foo/#", "foo/x/y/z");
	NOMATCH("foo/#", "foobar");
	NOMATCH("foo/#", "foobar/x");
	NOMATCH("foo/#", "fo");
	NOMATCH("foo/#", "bar/foo");
	MATCH("#", "foo");
	MATCH("#", "/");
	MATCH("#", "a/b/c");
	MATCH("a/b/#", "a/b");
	NOMATCH("a/b/#", "a");

	/* '+' matches exactly one level, empty ones too. */
	MATCH("+", "foo");
	NOMATCH("+", "foo/bar");
	MATCH("+", "");
	MATCH("+/+", "/");
	MATCH("+/+", "/finance");
	MATCH("/+", "/finance");
	NOMATCH("+", "/finance");
	MATCH("foo/+", "foo/");
	MATCH("foo/+", "foo/bar");
	NOMATCH("foo/+", "foo");
	NOMATCH("foo/+", "foo/bar/baz");
	MATCH("foo/+/baz", "foo/bar/baz");
	MATCH("foo/+/baz", "foo//baz");
	NOMATCH("foo/+/baz", "foo/bar/qux");
	MATCH("+/bar/#", "foo/bar");
	MATCH("+/bar/#", "foo/bar/x/y");
	NOMATCH("+/bar/#", "foo/baz/x");
	MATCH("+/+/+", "a/b/c");
	NOMATCH("+/+/+", "a/b");

	/* Wildcards first do not reach $-topics; named $ levels do. */
	NOMATCH("#", "$SYS");
	NOMATCH("#", "$SYS/broker/uptime");
	NOMATCH("+/broker/uptime", "$SYS/broker/uptime");
	NOMATCH("+", "$foo");
	NOMATCH("+/#", "$SYS/x");
	MATCH("$SYS/#", "$SYS/broker/uptime");
	MATCH("$SYS/+/uptime", "$SYS/broker/uptime");
	MATCH("$SYS", "$SYS");
	MATCH("a/#", "a/$b");
	MATCH("a/+", "a/$b");

	/* UTF-8 levels compare byte for byte. */
	MATCH("caf\xc3\xa9/+", "caf\xc3\xa9/x");
	NOMATCH("cafe/+", "caf\xc3\xa9/x");
}

static void
name_ok(const char *s)
{
	const char	*why = NULL;

	CHECK_INT(topic_check_name(s, strlen(s), &why), 0);
}

static void
name_bad(const char *s, size_t len, const char *want)
{
	const char	*why = NULL;

	CHECK_INT(topic_check_name(s, len, &why), -1);
	CHECK_STR(why, want);
}

static void
filter_ok(const char *s)
{
	const char	*why = NULL;

	CHECK_INT(topic_check_filter(s, strlen(s), &why), 0);
}

static void
filter_bad(const char *s, size_t len, const char *want)
{
	const char	*why = NULL;

	CHECK_INT(topic_check_filter(s, len, &why), -1);
	if (want != NULL)
		CHECK_STR(why, want);
	else
		CHECK(why != NULL);
}

static void
test_check(void)
{
	char	*big;

	name_ok("a");
	name_ok("a/b/c");
	name_ok("/");
	name_ok("a//b");
	name_ok("$SYS/x");
	name_ok("caf\xc3\xa9");
	name_bad("", 0, "empty topic");
	name_bad("a\0b", 3, "topic contains a NUL byte");
	name_bad("a/+", 3, "topic must not contain wildcards");
	name_bad("a/#", 3, "topic must not contain wildcards");
	name_bad("#", 1, "topic must not contain wildcards");
	name_bad("a+b", 3, "topic must not contain wildcards");
	name_bad("caf\xc3", 4, "topic is not valid UTF-8");
	name_bad("\xc0\xaf", 2, "topic is not valid UTF-8");
	name_bad("\xed\xa0\x80", 3, "topic is not valid UTF-8");

	/* The length limit is 65535 bytes exactly. */
	big = malloc(65537);
	memset(big, 'a', 65536);
	big[65536] = '\0';
	CHECK_INT(topic_check_name(big, 65535, &(const char *){ NULL }), 0);
	name_bad(big, 65536, "topic longer than 65535 bytes");
	filter_bad(big, 65536, "topic longer than 65535 bytes");
	free(big);

	filter_ok("a");
	filter_ok("#");
	filter_ok("+");
	filter_ok("a/#");
	filter_ok("a/+/b");
	filter_ok("+/+");
	filter_ok("/+");
	filter_ok("+/");
	filter_ok("a/+/#");
	filter_ok("$SYS/#");
	filter_bad("", 0, "empty topic");
	filter_bad("a\0/#", 4, "topic contains a NUL byte");
	filter_bad("\xff", 1, "topic is not valid UTF-8");
	filter_bad("a#", 2, NULL);
	filter_bad("a/#/b", 5, NULL);
	filter_bad("#/", 2, NULL);
	filter_bad("##", 2, NULL);
	filter_bad("a/b#", 4, NULL);
	filter_bad("a+", 2, NULL);
	filter_bad("+a", 2, NULL);
	filter_bad("a/+b/c", 6, NULL);
	filter_bad("++", 2, NULL);
	/* Only the first len bytes are looked at. */
	CHECK_INT(topic_check_filter("a/#x", 3, &(const char *){ NULL }), 0);
}

/* $share/GROUP/FILTER: messages match FILTER; the group is checked. */
static void
test_shared(void)
{
	CHECK(topic_match("$share/g/a/#", "a/b"));
	CHECK(topic_match("$share/g/a/+", "a/b"));
	CHECK(topic_match("$share/g/a/b", "a/b"));
	CHECK(topic_match("$share/group-1/#", "x"));
	CHECK(!topic_match("$share/g/a/#", "b/a"));
	CHECK(!topic_match("$share/g/a/+", "a/b/c"));
	CHECK(!topic_match("$share/g/#", "$SYS/x"));
	CHECK(!topic_match("$share/g/a", "$share/g/a"));
	/* Not a share: matched as written. */
	CHECK(topic_match("$share/#", "$share/x"));
	CHECK_STR(topic_unshare("$share/g/a/#"), "a/#");
	CHECK_STR(topic_unshare("$share/g/"), "");
	CHECK_STR(topic_unshare("$share//a"), "$share//a");
	CHECK_STR(topic_unshare("$share/g"), "$share/g");
	CHECK_STR(topic_unshare("a/$share/g/b"), "a/$share/g/b");
	filter_ok("$share/g/a/#");
	filter_ok("$share/g/+");
	filter_ok("$share/g/$SYS/#");
	filter_bad("$share/g", 8, "a shared subscription is $share/GROUP/FILTER");
	filter_bad("$share/g/", 9, "a shared subscription is $share/GROUP/FILTER");
	filter_bad("$share//a", 9, "a shared subscription is $share/GROUP/FILTER");
	filter_bad("$share/+/a", 10, "a share group must not contain wildcards");
	filter_bad("$share/g#/a", 11, "a share group must not contain wildcards");
	filter_bad("$share/g/a#", 11, NULL);
}

int
main(void)
{
	test_match();
	test_check();
	test_shared();
	return unit_done();
}
