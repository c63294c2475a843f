#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search.h"
#include "unit.h"

#define NOW	((int64_t)1796000000000)	/* a fixed "now", ms */

static struct msg
msg(const char *topic, const char *payload)
{
	struct msg	m;

	memset(&m, 0, sizeof m);
	m.conn = "a";
	m.topic = topic;
	m.payload = payload;
	m.len = strlen(payload);
	m.time_ms = NOW - 1000;
	return m;
}

/* Parse a whole command line's flags into q: 0 or -1 (err kept). */
static int
parse(struct search_query *q, const char *a1, const char *a2,
    const char *a3, char **err)
{
	char	*argv[5] = { "search", (char *)a1, (char *)a2, (char *)a3,
		    NULL };
	int	 argc = 1;

	while (argc < 4 && argv[argc] != NULL)
		argc++;
	search_init(q);
	return search_parse(q, argc, argv, NOW, 0, err);
}

static void
test_time(void)
{
	const char	*why;
	int64_t		 t;

	CHECK(search_parse_time("10m", NOW, &t, &why) == 0);
	CHECK_INT(t, NOW - 600000);
	CHECK(search_parse_time("1.5h", NOW, &t, &why) == 0);
	CHECK_INT(t, NOW - 5400000);
	CHECK(search_parse_time("2d", NOW, &t, &why) == 0);
	CHECK_INT(t, NOW - 2 * 86400000LL);
	CHECK(search_parse_time("2026-11-29T03:00Z", NOW, &t, &why) == 0);
	CHECK_INT(t, 1795921200000LL);
	CHECK(search_parse_time("2026-11-29T03:00:30+01:00", NOW, &t,
	    &why) == 0);
	CHECK_INT(t, 1795921200000LL - 3600000 + 30000);
	CHECK(search_parse_time("@1234", NOW, &t, &why) == 0);
	CHECK_INT(t, 1234);
	/* Local time: the same wall clock as mktime gives. */
	setenv("TZ", "UTC", 1);
	tzset();
	CHECK(search_parse_time("2026-11-29", NOW, &t, &why) == 0);
	CHECK_INT(t, 1795910400000LL);
	CHECK(search_parse_time("10", NOW, &t, &why) == -1);
	CHECK(search_parse_time("10x", NOW, &t, &why) == -1);
	CHECK(search_parse_time("-5m", NOW, &t, &why) == -1);
	CHECK(search_parse_time("2026-13-01", NOW, &t, &why) == -1);
	CHECK(search_parse_time("2026-11-29T25:00", NOW, &t, &why) == -1);
	CHECK(search_parse_time("2026-11-29T03:00junk", NOW, &t, &why) == -1);
	CHECK(search_parse_time("@", NOW, &t, &why) == -1);
	CHECK(search_parse_time("", NOW, &t, &why) == -1);
}

static void
test_parse_errors(void)
{
	struct search_query	q;
	char			*err;

	CHECK(parse(&q, "--qos", "3", NULL, &err) == -1);
	CHECK_STR(err, "bad QoS '3': 0, 1 or 2");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--topic", "a/#/b", NULL, &err) == -1);
	CHECK(err != NULL && strncmp(err, "bad topic filter 'a/#/b'", 24) == 0);
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--regex", "a(b", NULL, &err) == -1);
	CHECK(err != NULL && strncmp(err, "bad regex 'a(b' at offset 3", 27) == 0);
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--dir", "up", NULL, &err) == -1);
	CHECK_STR(err, "bad direction 'up': in or out");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--prop", "=v", NULL, &err) == -1);
	CHECK_STR(err, "bad property '=v': KEY=VALUE");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--text", "a", "b", &err) == -1);
	CHECK_STR(err, "text given twice: --text 'a' and 'b'");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "hello", "world", NULL, &err) == 0);
	CHECK_STR(q.text, "hello world");
	search_free(&q);
	CHECK(parse(&q, "", NULL, NULL, &err) == 0);
	CHECK(q.text == NULL);
	search_free(&q);
	CHECK(parse(&q, "--since", "1m", "--until", &err) == -1);
	CHECK_STR(err, "--until needs a value");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "--bogus", NULL, NULL, &err) == -1);
	CHECK_STR(err, "unknown flag '--bogus'");
	free(err);
	search_free(&q);
	CHECK(parse(&q, "-n", "x", NULL, &err) == -1);
	free(err);
	search_free(&q);
}

static void
test_match(void)
{
	struct search_query	q;
	struct msg		m;
	char			*err;

	CHECK(parse(&q, "--topic", "a/+/c", NULL, &err) == 0);
	m = msg("a/x/c", "1");
	CHECK(search_match(&q, &m));
	m = msg("a/x/y/c", "1");	/* '+' is one level, not '%' */
	CHECK(!search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--topic", "#", NULL, &err) == 0);
	m = msg("$SYS/broker/load", "1");
	CHECK(!search_match(&q, &m));
	m = msg("x", "1");
	CHECK(search_match(&q, &m));
	search_free(&q);

	/* Empty levels are levels: '+' matches one, '#' matches them. */
	CHECK(parse(&q, "--topic", "a/+/c", NULL, &err) == 0);
	m = msg("a//c", "1");
	CHECK(search_match(&q, &m));
	search_free(&q);
	CHECK(parse(&q, "--topic", "+/+", NULL, &err) == 0);
	m = msg("/x", "1");
	CHECK(search_match(&q, &m));
	m = msg("x", "1");
	CHECK(!search_match(&q, &m));
	search_free(&q);
	CHECK(parse(&q, "--topic", "#", NULL, &err) == 0);
	m = msg("/", "1");
	CHECK(search_match(&q, &m));
	search_free(&q);
	CHECK(parse(&q, "--topic", "$SYS/#", NULL, &err) == 0);
	m = msg("$SYS/broker/load", "1");
	CHECK(search_match(&q, &m));
	m = msg("SYS/broker/load", "1");
	CHECK(!search_match(&q, &m));
	search_free(&q);
	CHECK(parse(&q, "--topic", "+/broker/#", NULL, &err) == 0);
	m = msg("$SYS/broker/load", "1");
	CHECK(!search_match(&q, &m));
	search_free(&q);

	/* Text: payload or topic, ASCII case folded. */
	CHECK(parse(&q, "--text", "ALARM", NULL, &err) == 0);
	m = msg("t", "overheat alarm");
	CHECK(search_match(&q, &m));
	m = msg("alarms/x", "1");
	CHECK(search_match(&q, &m));
	m = msg("t", "ala rm");
	CHECK(!search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--text", "センサー", NULL, &err) == 0);
	m = msg("t", "{\"n\":\"温度センサー1\"}");
	CHECK(search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--regex", "^t[0-9]+$", NULL, &err) == 0);
	m = msg("x", "t42");
	CHECK(search_match(&q, &m));
	m = msg("x", "t42 ");
	CHECK(!search_match(&q, &m));
	search_free(&q);

	/* Binary payloads do not trip the UTF-8 regex. */
	CHECK(parse(&q, "--regex", "b", NULL, &err) == 0);
	m = msg("x", "\xff\xfe" "b");
	CHECK(search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--dir", "out", "--retained", &err) == 0);
	m = msg("x", "1");
	CHECK(!search_match(&q, &m));
	m.dir = MSG_OUT;
	CHECK(!search_match(&q, &m));
	m.retain = 1;
	CHECK(search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--qos", "1", NULL, &err) == 0);
	m = msg("x", "1");
	CHECK(!search_match(&q, &m));
	m.qos = 1;
	CHECK(search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--since", "2s", NULL, &err) == 0);
	m = msg("x", "1");
	CHECK(search_match(&q, &m));
	m.time_ms = NOW - 3000;
	CHECK(!search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "--prop", "unit=C", NULL, &err) == 0);
	m = msg("x", "1");
	CHECK(!search_match(&q, &m));
	m.props = "{\"user-property\":[[\"unit\",\"F\"],[\"unit\",\"C\"]]}";
	CHECK(search_match(&q, &m));
	m.props = "{\"user-property\":[[\"unit\",\"CC\"]]}";
	CHECK(!search_match(&q, &m));
	search_free(&q);

	CHECK(parse(&q, "-t", "b", NULL, &err) == 0);
	m = msg("x", "1");
	CHECK(!search_match(&q, &m));
	search_free(&q);
}

int
main(void)
{
	test_time();
	test_parse_errors();
	test_match();
	return unit_done();
}
