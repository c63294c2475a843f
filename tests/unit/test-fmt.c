#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fmt.h"
#include "msg.h"
#include "unit.h"

/* 2023-11-14T22:13:20.123Z */
#define T_MS	1700000000123LL

static struct msg	 m;

static void
msg_reset(void)
{
	memset(&m, 0, sizeof m);
	m.conn = "home";
	m.topic = "a/b";
	m.payload = "hello";
	m.len = 5;
	m.qos = 1;
	m.retain = 1;
	m.time_ms = T_MS;
}

static void
tmpl_esc(const char *t, int escapes, const char *want, size_t wantlen)
{
	struct buf	b;

	buf_init(&b);
	buf_adds(&b, "<");		/* it appends */
	fmt_template(&b, t, &m, escapes);
	CHECK(b.len >= 1 && b.p[0] == '<');
	CHECK_MEM(b.p + 1, b.len - 1, want, wantlen);
	if (b.len - 1 != wantlen || memcmp(b.p + 1, want, wantlen) != 0)
		printf("     template \"%s\" gave \"%s\"\n", t, b.p + 1);
	buf_free(&b);
}

#define TMPL(t, want)	tmpl_esc(t, 0, want, strlen(want))
#define TMPL_E(t, want)	tmpl_esc(t, 1, want, strlen(want))

static void
test_utf8(void)
{
	CHECK(fmt_is_utf8("", 0));
	CHECK(fmt_is_utf8("hello", 5));
	CHECK(fmt_is_utf8("caf\xc3\xa9", 5));
	CHECK(fmt_is_utf8("\xe2\x82\xac", 3));		/* U+20AC */
	CHECK(fmt_is_utf8("\xf0\x9f\x98\x80", 4));	/* U+1F600 */
	CHECK(fmt_is_utf8("\xf4\x8f\xbf\xbf", 4));	/* U+10FFFF */
	CHECK(fmt_is_utf8("\xed\x9f\xbf", 3));		/* U+D7FF */
	CHECK(fmt_is_utf8("\xee\x80\x80", 3));		/* U+E000 */
	CHECK(fmt_is_utf8("\x7f", 1));

	CHECK(!fmt_is_utf8("a\0b", 3));			/* NUL */
	CHECK(!fmt_is_utf8("\x80", 1));			/* lone continuation */
	CHECK(!fmt_is_utf8("\xc3", 1));			/* truncated */
	CHECK(!fmt_is_utf8("\xc3\x28", 2));		/* bad continuation */
	CHECK(!fmt_is_utf8("\xc0\xaf", 2));		/* overlong '/' */
	CHECK(!fmt_is_utf8("\xc1\xbf", 2));		/* overlong */
	CHECK(!fmt_is_utf8("\xe0\x80\xaf", 3));		/* overlong */
	CHECK(!fmt_is_utf8("\xe0\x9f\xbf", 3));		/* overlong */
	CHECK(!fmt_is_utf8("\xf0\x80\x80\xaf", 4));	/* overlong */
	CHECK(!fmt_is_utf8("\xf0\x8f\xbf\xbf", 4));	/* overlong */
	CHECK(!fmt_is_utf8("\xed\xa0\x80", 3));		/* U+D800 */
	CHECK(!fmt_is_utf8("\xed\xbf\xbf", 3));		/* U+DFFF */
	CHECK(!fmt_is_utf8("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	CHECK(!fmt_is_utf8("\xf5\x80\x80\x80", 4));
	CHECK(!fmt_is_utf8("\xff", 1));
	CHECK(!fmt_is_utf8("\xe2\x82", 2));
	CHECK(!fmt_is_utf8("\xf0\x9f\x98", 3));
	CHECK(!fmt_is_utf8("\xf0\x9f\x98\x28", 4));
	/* Only len bytes count. */
	CHECK(fmt_is_utf8("ab\xff", 2));
	CHECK(!fmt_is_utf8("caf\xc3\xa9", 4));
}

static void
test_hex(void)
{
	struct buf	b;

	buf_init(&b);
	fmt_hex(&b, "", 0, 0);
	CHECK_STR(buf_str(&b), "");
	fmt_hex(&b, "\x00\x01\xab\xff" "A", 5, 0);
	CHECK_STR(buf_str(&b), "0001abff41");
	buf_reset(&b);
	fmt_hex(&b, "\x00\x01\xab\xff" "A", 5, 1);
	CHECK_STR(buf_str(&b), "0001ABFF41");
	buf_free(&b);
}

static void
test_basic(void)
{
	msg_reset();
	TMPL("", "");
	TMPL("%t %p", "a/b hello");
	TMPL("[%t] %c: %p (%l bytes, qos %q, retain %r, mid %m)",
	    "[a/b] home: hello (5 bytes, qos 1, retain 1, mid 0)");
	TMPL("%x", "68656c6c6f");
	TMPL("%X", "68656C6C6F");
	TMPL("100%%", "100%");
	TMPL("%%t", "%t");
	TMPL("%", "%");
	TMPL("a%", "a%");
	TMPL("%z %-5z %.3k %9", "%z %-5z %.3k %9");
	TMPL("no fields", "no fields");
	m.retain = 0;
	m.qos = 2;
	TMPL("%r%q", "02");

	/* Binary payloads are copied raw, NULs and all. */
	m.payload = "a\0b";
	m.len = 3;
	tmpl_esc("%p|%l", 0, "a\0b|3", 5);
	TMPL("%x", "610062");

	/* Empty and missing fields. */
	m.payload = NULL;
	m.len = 0;
	m.topic = NULL;
	m.conn = NULL;
	TMPL("[%t][%p][%c][%x][%l]", "[][][][][0]");
}

static void
test_width(void)
{
	msg_reset();
	TMPL("%10t|", "       a/b|");
	TMPL("%-10t|", "a/b       |");
	TMPL("%2t|", "a/b|");
	TMPL("%.3p|", "hel|");
	TMPL("%.0p|", "|");
	TMPL("%.9p|", "hello|");
	TMPL("%-8.2p|", "he      |");
	TMPL("%8.2p|", "      he|");
	TMPL("%5l|", "    5|");
	TMPL("%05l|", "00005|");
	TMPL("%-05l|", "5    |");
	TMPL("%03q%3r", "001  1");
	TMPL("%-6c|", "home  |");
	/* Widths count characters, and precision never splits one. */
	m.topic = "caf\xc3\xa9";
	TMPL("%6t|", "  caf\xc3\xa9|");
	TMPL("%.4t|", "caf\xc3\xa9|");
	TMPL("%.3t|", "caf|");
}

static void
test_time(void)
{
	msg_reset();
	setenv("TZ", "UTC0", 1);
	tzset();
	TMPL("%I", "2023-11-14T22:13:20+0000");
	TMPL("%U", "1700000000.123000000");
	TMPL("@Y-@m-@d @H:@M:@S.@N", "2023-11-14 22:13:20.123000000");
	TMPL("@s", "1700000000");
	TMPL("a@@b", "a@b");
	TMPL("x@", "x@");
	TMPL("@@@Y", "@2023");

	/* Local time with its offset. */
	setenv("TZ", "<+0530>-5:30", 1);
	tzset();
	TMPL("%I", "2023-11-15T03:43:20+0530");
	TMPL("@H:@M", "03:43");
	TMPL("%U", "1700000000.123000000");
	setenv("TZ", "<-03>3", 1);
	tzset();
	TMPL("%I", "2023-11-14T19:13:20-0300");

	setenv("TZ", "UTC0", 1);
	tzset();
	m.time_ms = 5;
	TMPL("%U", "0.005000000");
}

static void
test_escapes(void)
{
	msg_reset();
	/* Without escapes, backslashes are plain text. */
	TMPL("%t\\n%p\\t", "a/b\\nhello\\t");
	TMPL_E("%t\\n%p\\t", "a/b\nhello\t");
	TMPL_E("\\\\ \\\" \\a\\e\\r\\v", "\\ \" \a\033\r\v");
	tmpl_esc("%p\\0", 1, "hello\0", 6);
	TMPL_E("\\q\\%t", "\\q\\a/b");	/* unknown escape kept */
	TMPL_E("end\\", "end\\");
}

static void
test_props(void)
{
	msg_reset();
	/* No properties: the fields are empty. */
	TMPL("[%C][%D][%E][%F][%P][%R][%S]", "[][][][][][][]");

	m.props = "{\"content-type\":\"text/plain\","
	    "\"payload-format-indicator\":1,"
	    "\"message-expiry-interval\":3600,"
	    "\"response-topic\":\"reply/to\","
	    "\"correlation-data\":\"abc123\","
	    "\"subscription-identifier\":7,"
	    "\"user-property\":[[\"k1\",\"v1\"],[\"k2\",\"v 2\"]]}";
	TMPL("%C|%D|%E|%F|%R|%S", "text/plain|abc123|3600|1|reply/to|7");
	TMPL("%P", "k1:v1 k2:v 2");
	TMPL("%-12C|%6E|%.5R", "text/plain  |  3600|reply");

	m.props = "{\"subscription-identifier\":[3,9]}";
	TMPL("%S", "3 9");
	m.props = "{\"user-property\":{\"a\":\"b\"}}";
	TMPL("%P", "a:b");
	/* Unreadable properties are ignored, not fatal. */
	m.props = "not json";
	TMPL("[%C]", "[]");
	m.props = "[1,2]";
	TMPL("[%C]", "[]");
}

static void
test_json(void)
{
	msg_reset();
	setenv("TZ", "UTC0", 1);
	tzset();
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":true,\"payloadlen\":5,\"payload\":\"hello\"}");

	/* Quotes and control characters are escaped. */
	m.topic = "t\"q";
	m.payload = "a\"b\n";
	m.len = 4;
	m.retain = 0;
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":"
	    "\"t\\\"q\",\"qos\":1,\"retain\":false,\"payloadlen\":4,"
	    "\"payload\":\"a\\\"b\\n\"}");

	/* %J embeds a JSON payload, else falls back to a string. */
	m.topic = "a/b";
	m.payload = "{\"x\": [1, 2]} ";
	m.len = strlen(m.payload);
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":14,"
	    "\"payload\":{\"x\":[1,2]}}");
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":14,"
	    "\"payload\":\"{\\\"x\\\": [1, 2]} \"}");
	m.payload = "{\"x\":1} trailing";
	m.len = strlen(m.payload);
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":16,"
	    "\"payload\":\"{\\\"x\\\":1} trailing\"}");
	/* A payload length that cuts the JSON short is not JSON. */
	m.payload = "123456";
	m.len = 3;
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":3,\"payload\":123}");

	/* Binary payloads go out as hex. */
	m.payload = "\xff\x00\x01";
	m.len = 3;
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":3,\"payload\":\"ff0001\"}");

	/* Properties ride along. */
	m.payload = "";
	m.len = 0;
	m.props = "{\"content-type\":\"x\"}";
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":0,"
	    "\"properties\":{\"content-type\":\"x\"},\"payload\":\"\"}");
	m.props = "{}";
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123+0000\",\"topic\":\"a/b\","
	    "\"qos\":1,\"retain\":false,\"payloadlen\":0,\"payload\":\"\"}");
}

int
main(void)
{
	test_utf8();
	test_hex();
	test_basic();
	test_width();
	test_time();
	test_escapes();
	test_props();
	test_json();
	return unit_done();
}
