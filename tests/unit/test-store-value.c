/* Unit tests for the plot's reads of history: values grouped by time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "plot.h"
#include "series.h"
#include "store.h"
#include "unit.h"
#include "xmalloc.h"

static void
add(const char *conn, int dir, const char *topic, const char *payload,
    int64_t t)
{
	struct msg	m;

	memset(&m, 0, sizeof m);
	m.conn = conn;
	m.dir = dir;
	m.topic = topic;
	m.payload = payload;
	m.len = strlen(payload);
	m.time_ms = t;
	CHECK(store_msg_add(&m) > 0);
}

static void
test_buckets(void)
{
	struct plot_bucket	b[4];
	struct plot_stats	s;
	const int64_t		t0 = 1700000000000LL;
	int			i;

	add("a", MSG_IN, "t", "{\"v\":10}", t0);
	add("a", MSG_IN, "t", "{\"v\":20.5}", t0 + 500);
	add("a", MSG_IN, "t", "not json", t0 + 1000);	/* no value */
	add("a", MSG_IN, "t", "{\"v\":\"x\"}", t0 + 1500);
	add("a", MSG_IN, "t", "{\"v\":30}", t0 + 3999);
	add("a", MSG_IN, "t", "{\"v\":99}", t0 + 4000);	/* after the span */
	add("a", MSG_OUT, "t", "{\"v\":-50}", t0 + 2000);	/* published */
	add("b", MSG_IN, "t", "{\"v\":-60}", t0 + 2000);	/* other conn */
	add("a", MSG_IN, "u", "{\"v\":-70}", t0 + 2000);	/* topic u */
	add("a", MSG_IN, "n", "7", t0 + 100);
	add("a", MSG_IN, "n", " 8.5 ", t0 + 200);
	store_sync();

	CHECK_INT(store_value_buckets("a", "t", ".v", t0, 4000, 4, b), 3);
	CHECK_INT(b[0].n, 2);
	CHECK(b[0].min == 10 && b[0].max == 20.5 && b[0].sum == 30.5);
	CHECK_INT(b[1].n, 0);
	CHECK_INT(b[2].n, 0);
	CHECK_INT(b[3].n, 1);
	CHECK(b[3].min == 30);
	plot_stats_init(&s);
	for (i = 0; i < 4; i++)
		plot_stats_add(&s, &b[i]);
	CHECK(s.n == 3 && s.min == 10 && s.max == 30 &&
	    plot_stats_avg(&s) == 60.5 / 3);

	/* One bucket a second of a later window. */
	CHECK_INT(store_value_buckets("a", "t", ".v", t0 + 1000, 4000, 4, b),
	    2);
	CHECK(b[0].n == 0 && b[1].n == 0);
	CHECK(b[2].n == 1 && b[2].min == 30);
	CHECK(b[3].n == 1 && b[3].min == 99);

	/* A number as text, the whole payload. */
	CHECK_INT(store_value_buckets("a", "n", "", t0, 1000, 1, b), 2);
	CHECK(b[0].sum == 15.5);
	/* A path that finds nothing, a topic or connection that is not. */
	CHECK_INT(store_value_buckets("a", "t", ".w", t0, 4000, 4, b), 0);
	CHECK_INT(store_value_buckets("a", "none", ".v", t0, 4000, 4, b), 0);
	CHECK_INT(store_value_buckets("c", "t", ".v", t0, 4000, 4, b), 0);

	CHECK(store_value_first("a", "t") == t0);
	CHECK(store_value_first("a", "none") == 0);
}

/* Sparklines: the newest values of a topic, read when a newer id comes. */
static void
test_series(void)
{
	const int64_t	 t0 = 1700000100000LL;
	const char	*sp;
	int		 cells, i;
	char		 p[32];

	add("s", MSG_IN, "t", "{\"id\":\"x\",\"v\":0}", t0);
	add("s", MSG_IN, "t", "{\"id\":\"x\",\"v\":7}", t0 + 1);
	add("s", MSG_OUT, "t", "{\"id\":\"x\",\"v\":100}", t0 + 2);
	add("s", MSG_IN, "t", "oops", t0 + 3);
	add("s", MSG_IN, "t", "{\"id\":\"x\",\"v\":3.5}", t0 + 4);
	add("s", MSG_IN, "words", "hello", t0);
	add("s", MSG_IN, "words", "there", t0 + 1);
	store_sync();

	CHECK_INT(series_update("s", "t", 1, "{\"v\":3.5}", 9), 1);
	sp = series_spark("s", "t", &cells);
	/* 0 7 (published 100 skipped) gap 3.5: low, high, gap, middle. */
	CHECK_STR(sp, "\xe2\x96\x81\xe2\x96\x88 \xe2\x96\x85");
	CHECK_INT(cells, 4);
	CHECK_STR(series_path("s", "t"), ".v");
	/* The same id again reads nothing; an older one neither. */
	CHECK_INT(series_update("s", "t", 1, "{\"v\":3.5}", 9), 0);
	/* Text: no sparkline, and no read. */
	CHECK_INT(series_update("s", "words", 1, "there", 5), 0);
	CHECK(series_spark("s", "words", &cells) == NULL && cells == 0);
	CHECK(series_spark("s", "none", &cells) == NULL);

	/* A newer id reads again: the last SERIES_READ values only. */
	for (i = 0; i < SERIES_READ + 4; i++) {
		snprintf(p, sizeof p, "%d", i % 2);
		add("s", MSG_IN, "n", p, t0 + 10 + i);
	}
	store_sync();
	CHECK_INT(series_update("s", "n", 1000000, "1", 1), 1);
	sp = series_spark("s", "n", &cells);
	CHECK_INT(cells, SERIES_READ);
	CHECK(sp != NULL && strncmp(sp, "\xe2\x96\x81\xe2\x96\x88", 6) == 0);
	CHECK_STR(series_path("s", "n"), "");
	series_free();
}

int
main(void)
{
	char	 tmpl[] = "/tmp/test-store-value.XXXXXX", *dir, *path, *cmd;
	char	*err = NULL;

	if ((dir = mkdtemp(tmpl)) == NULL) {
		CHECK(dir != NULL);
		return unit_done();
	}
	path = xasprintf("%s/mqtty.db", dir);
	CHECK(store_open(path, &err) == 0);
	if (err != NULL) {
		fprintf(stderr, "store_open %s: %s\n", path, err);
		free(err);
	} else {
		test_buckets();
		test_series();
		store_close(-1);
	}
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(path);
	return unit_done();
}
