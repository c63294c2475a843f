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
	fmt_template(&b, t, &m, escapes, NULL);
	CHECK(b.len >= 1 && b.p[0] == '<');
	CHECK_MEM(b.p + 1, b.len - 1, want, wantlen);
	if (b.len - 1 != wantlen || memcmp(b.p + 1, want, wantlen) != 0)
		printf("     template \"%s\" gave \"%s\"\n", t, b.p + 1);
	buf_free(&b);
}

#define TMPL(t, want)	tmpl_esc(t, 0, want, strlen(want))
#define TMPL_E(t, want)	tmpl_esc(t, FMT_ESCAPES, want, strlen(want))

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
	/* Unknown fields (a checked template has none) stay as written. */
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
	/* %q and %r take no width, as in mosquitto_sub. */
	TMPL("%03q%3r", "11");
	TMPL("%-5m|%05m|%5m|", "0    |00000|    0|");
	TMPL("%05p|", "hello|");
	TMPL("%07p|%-7p|", "00hello|hello  |");
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
	TMPL_E("\\\\ \\a\\e\\r\\v", "\\ \a\033\r\v");
	tmpl_esc("%p\\0", 1, "hello\0", 6);
	TMPL_E("\\q\\%t", "\\q\\a/b");	/* unknown escape kept */
	TMPL_E("end\\", "end\\");
}

static void
test_props(void)
{
	msg_reset();
	/*
	 * No properties: %C and the numbers are blanks of their width
	 * (zeros with the 0 flag), %D %P %R nothing, as mosquitto_sub.
	 */
	TMPL("[%C][%D][%E][%F][%P][%R][%S][%A]", "[][][][][][][][]");
	TMPL("[%4C][%4D][%4E][%04F][%4P][%4R][%4S][%-4A]",
	    "[    ][][    ][0000][][][    ][    ]");

	m.props = "{\"content-type\":\"text/plain\","
	    "\"payload-format-indicator\":1,"
	    "\"message-expiry-interval\":3600,"
	    "\"response-topic\":\"reply/to\","
	    "\"correlation-data\":\"abc123\","
	    "\"subscription-identifier\":7,"
	    "\"topic-alias\":3,"
	    "\"user-property\":[[\"k1\",\"v1\"],[\"k2\",\"v 2\"]]}";
	TMPL("%C|%D|%E|%F|%R|%S|%A", "text/plain|abc123|3600|1|reply/to|7|3");
	TMPL("%P", "k1:v1 k2:v 2");
	TMPL("%-12C|%6E|%.5R|%06E|%-3A|", "text/plain  |  3600|reply|003600|3  |");
	/* %D and %P take no width. */
	TMPL("%10D|%10P", "abc123|k1:v1 k2:v 2");

	/* Several subscription identifiers: the first, as mosquitto_sub. */
	m.props = "{\"subscription-identifier\":[3,9]}";
	TMPL("%S", "3");
	/* Binary correlation data comes out as its bytes. */
	m.props = "{\"correlation-data-base64\":\"AP8=\"}";
	tmpl_esc("%D", 0, "\0\xff", 2);
	/* Unreadable properties are ignored, not fatal. */
	m.props = "not json";
	TMPL("[%C]", "[]");
	m.props = "[1,2]";
	TMPL("[%C]", "[]");
}

static void
test_hexgroups(void)
{
	msg_reset();
	m.payload = "\x18\x83\xab\xcd";
	m.len = 4;
	TMPL("%x", "1883abcd");
	TMPL("%.2x", "18 83 ab cd");
	TMPL("%.4X", "1883 ABCD");
	TMPL("%.2:x", "18:83:ab:cd");
	TMPL("%.3-x", "188-3ab-cd");
	TMPL("%.0x", "1883abcd");
	/* The width is a minimum; padding on the left is grouped too. */
	TMPL("%12x|", "    1883abcd|");
	TMPL("%-12x|", "1883abcd    |");
	TMPL("%012.2x|", "00 00 18 83 ab cd|");
	TMPL("%4x|", "1883abcd|");
	m.len = 0;
	TMPL("[%x][%.2x][%4x]", "[][][    ]");
}

static void
test_floats(void)
{
	float	f = 21.5f;
	double	d = -3.25;

	msg_reset();
	m.payload = &f;
	m.len = sizeof f;
	TMPL("%f", "21.500000");
	TMPL("%.1f|%8.2f|%-8.2f|%08.2f", "21.5|   21.50|21.50   |00021.50");
	m.payload = &d;
	m.len = sizeof d;
	TMPL("%d|%.3d", "-3.250000|-3.250");
	/* The wrong size prints nothing, and says so. */
	{
		struct buf	b, err;

		buf_init(&b);
		buf_init(&err);
		fmt_template(&b, "[%f]", &m, 0, &err);
		CHECK_STR(buf_str(&b), "[]");
		CHECK_STR(buf_str(&err),
		    "%f: the payload on a/b is 8 bytes, not a 4-byte float\n");
		buf_free(&b);
		buf_free(&err);
	}
}

static void
test_check(void)
{
	char	*err = NULL;

	CHECK(fmt_template_check("%t %p %-10.3t %08l %.2:x %f @H:@M @@ %%",
	    FMT_ESCAPES, &err) == 0);
	CHECK(fmt_template_check("\\e[1m%t\\e[0m\\n\\0", FMT_ESCAPES,
	    &err) == 0);
	CHECK(fmt_template_check("%k", FMT_ESCAPES, &err) == -1);
	CHECK(err != NULL && strncmp(err, "unknown field '%k'", 18) == 0);
	free(err);
	CHECK(fmt_template_check("%-10", FMT_ESCAPES, &err) == -1);
	CHECK_STR(err, "'%-10' at the end is not a whole field");
	free(err);
	CHECK(fmt_template_check("x@", FMT_ESCAPES, &err) == -1);
	free(err);
	CHECK(fmt_template_check("\\q", FMT_ESCAPES, &err) == -1);
	CHECK(err != NULL && strncmp(err, "unknown escape '\\q'", 19) == 0);
	free(err);
	CHECK(fmt_template_check("\\q", 0, &err) == 0);
}

static void
test_json(void)
{
	struct buf	 b, err;
	const char	*pretty;

	msg_reset();
	m.mid = 4;
	setenv("TZ", "UTC0", 1);
	tzset();
	/* mosquitto_sub 2.0's shape: retain a number, mid when QoS > 0. */
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":1,\"retain\":1,\"payloadlen\":5,\"mid\":4,"
	    "\"payload\":\"hello\"}");

	/* Quotes and control characters are escaped. */
	m.topic = "t\"q";
	m.payload = "a\"b\n";
	m.len = 4;
	m.retain = 0;
	m.qos = 0;
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"t\\\"q\",\"qos\":0,\"retain\":0,\"payloadlen\":4,"
	    "\"payload\":\"a\\\"b\\n\"}");

	/* %J embeds a JSON payload. */
	m.topic = "a/b";
	m.payload = "{\"x\": [1, 2]} ";
	m.len = strlen(m.payload);
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":0,\"retain\":0,\"payloadlen\":14,"
	    "\"payload\":{\"x\":[1,2]}}");
	pretty = "{\n\t\"tst\":\t\"2023-11-14T22:13:20.123000"
	    "+0000\",\n\t\"topic\":\t\"a/b\",\n\t\"qos\":\t0,\n\t\"retain\":\t0,"
	    "\n\t\"payloadlen\":\t14,\n\t\"payload\":\t{\n\t\t\"x\":\t[1, 2]\n"
	    "\t}\n}";
	tmpl_esc("%J", FMT_PRETTY, pretty, strlen(pretty));
	/* Not JSON: nothing, and a complaint (mosquitto_sub's way). */
	m.payload = "{\"x\":1} trailing";
	m.len = strlen(m.payload);
	buf_init(&b);
	buf_init(&err);
	fmt_template(&b, "<%J>", &m, 0, &err);
	CHECK_STR(buf_str(&b), "<>");
	CHECK_STR(buf_str(&err), "%J: the payload on a/b is not JSON\n");
	buf_free(&b);
	buf_free(&err);
	/* A payload length that cuts the JSON short is not JSON. */
	m.payload = "123456";
	m.len = 3;
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":0,\"retain\":0,\"payloadlen\":3,\"payload\":123}");

	/* Not UTF-8, or NULs: base64, so the line stays valid JSON. */
	m.payload = "\xff\x00\x01";
	m.len = 3;
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":0,\"retain\":0,\"payloadlen\":3,"
	    "\"payload_base64\":\"/wAB\"}");

	/* Properties as mosquitto_sub names them; an empty payload is null. */
	m.payload = "";
	m.len = 0;
	m.props = "{\"content-type\":\"x\",\"user-property\":[[\"a\",\"1\"],"
	    "[\"b\",\"2\"]]}";
	TMPL("%J", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":0,\"retain\":0,\"payloadlen\":0,"
	    "\"properties\":{\"content-type\":\"x\",\"user-properties\":"
	    "{\"a\":\"1\",\"b\":\"2\"}},\"payload\":null}");
	m.props = "{}";
	TMPL("%j", "{\"tst\":\"2023-11-14T22:13:20.123000+0000\",\"topic\":"
	    "\"a/b\",\"qos\":0,\"retain\":0,\"payloadlen\":0,\"payload\":null}");
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
	test_hexgroups();
	test_floats();
	test_check();
	test_json();
	return unit_done();
}
