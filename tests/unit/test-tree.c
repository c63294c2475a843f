#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tree.h"
#include "unit.h"

static int64_t	next_id = 1;

/* A topics row as the writer would leave it. */
static void
put(struct tree *t, int64_t id, const char *topic, int64_t msgs,
    int retained, int64_t minute, int64_t in_minute, int64_t in_prev)
{
	struct tree_topic	r;

	memset(&r, 0, sizeof r);
	r.id = id;
	r.topic = topic;
	r.msgs = msgs;
	r.last_id = next_id++;
	r.last_ms = minute * 60000 + 1000;
	r.retained = retained;
	r.last_retain = retained;
	r.minute = minute;
	r.in_minute = in_minute;
	r.in_prev = in_prev;
	tree_update(t, &r);
}

static const char *
row_name(struct tree *t, int i)
{
	struct tree_node	*n = tree_row(t, i);

	return n != NULL ? n->name : NULL;
}

static void
test_build(void)
{
	struct tree		 t;
	struct tree_node	*a, *b, *c;
	char			*s;

	tree_init(&t);
	put(&t, 1, "a/b/c", 3, 0, 100, 3, 0);
	put(&t, 2, "a/b", 2, 1, 100, 1, 1);
	put(&t, 3, "a/x", 5, 0, 99, 5, 0);
	put(&t, 4, "$SYS/broker/uptime", 7, 1, 100, 0, 7);
	put(&t, 5, "", 9, 0, 100, 9, 0);	/* connection events: not shown */
	put(&t, 6, "/lead", 1, 0, 100, 1, 0);
	CHECK_INT(t.ntopics, 5);
	CHECK_INT(t.root.sum_msgs, 18);
	CHECK_INT(t.root.sum_retained, 2);

	/* Top levels only, in byte order: "" (from "/lead"), $SYS, a. */
	CHECK_INT(tree_nrows(&t), 3);
	CHECK_STR(row_name(&t, 0), "");
	CHECK_STR(row_name(&t, 1), "$SYS");
	CHECK_STR(row_name(&t, 2), "a");

	a = tree_find(&t, "a");
	b = tree_find(&t, "a/b");
	c = tree_find(&t, "a/b/c");
	CHECK(a != NULL && b != NULL && c != NULL);
	CHECK(tree_find(&t, "a/b/c/d") == NULL);
	CHECK(tree_find(&t, "") == NULL);
	CHECK_INT(a->sum_msgs, 10);
	CHECK_INT(a->sum_topics, 3);
	CHECK_INT(a->sum_retained, 1);
	CHECK_INT(b->sum_msgs, 5);
	CHECK_INT(b->msgs, 2);
	CHECK_INT(c->sum_msgs, 3);
	CHECK_INT(a->topic_id, 0);

	tree_expand(&t, a, 1);
	CHECK_INT(tree_nrows(&t), 5);
	CHECK_STR(row_name(&t, 3), "b");
	CHECK_STR(row_name(&t, 4), "x");
	CHECK_INT(tree_row_of(&t, c), -1);
	tree_reveal(&t, c);
	CHECK_INT(tree_row_of(&t, c), 4);
	tree_expand(&t, a, 0);
	CHECK_INT(tree_nrows(&t), 3);
	tree_expand_all(&t, &t.root);
	CHECK_INT(tree_nrows(&t), 9);

	s = tree_path(c);
	CHECK_STR(s, "a/b/c");
	free(s);
	s = tree_filter(b);
	CHECK_STR(s, "a/b/#");
	free(s);
	s = tree_filter(c);
	CHECK_STR(s, "a/b/c");
	free(s);
	s = tree_path(tree_find(&t, "/lead"));
	CHECK_STR(s, "/lead");
	free(s);
	s = tree_filter(tree_row(&t, 0));
	CHECK_STR(s, "/#");
	free(s);

	/* A changed row moves the sums by what changed. */
	put(&t, 3, "a/x", 8, 1, 100, 3, 5);
	CHECK_INT(a->sum_msgs, 13);
	CHECK_INT(a->sum_retained, 2);
	CHECK_INT(t.ntopics, 5);
	CHECK_INT(a->sum_last_id, next_id - 1);
	put(&t, 2, "a/b", 2, 0, 100, 1, 1);
	CHECK_INT(a->sum_retained, 1);
	CHECK_INT(t.since, next_id - 1);
	tree_free(&t);
}

static int
has(const struct tree_node *n, const void *text)
{
	return strstr(n->name, text) != NULL;
}

/* Search in row order as if all were open, round the end. */
static void
test_search(void)
{
	struct tree		 t;
	struct tree_node	*n, *a, *b;

	tree_init(&t);
	put(&t, 1, "b/x1", 1, 0, 1, 1, 0);
	put(&t, 2, "a/x2/y", 1, 0, 1, 1, 0);
	put(&t, 3, "a/z", 1, 0, 1, 1, 0);
	put(&t, 4, "c", 1, 0, 1, 1, 0);
	a = tree_find(&t, "a");
	b = tree_find(&t, "b");
	/* Order: a, x2, y, z, b, x1, c. */
	n = tree_search(&t, NULL, 0, has, "x");
	CHECK(n == tree_find(&t, "a/x2"));
	n = tree_search(&t, n, 1, has, "x");
	CHECK(n == tree_find(&t, "b/x1"));
	n = tree_search(&t, n, 1, has, "x");
	CHECK(n == tree_find(&t, "a/x2"));
	n = tree_search(&t, n, -1, has, "x");
	CHECK(n == tree_find(&t, "b/x1"));
	CHECK(tree_search(&t, b, -1, has, "y") == tree_find(&t, "a/x2/y"));
	CHECK(tree_search(&t, a, 1, has, "a") == a);
	CHECK(tree_search(&t, a, 0, has, "nothing") == NULL);
	CHECK(tree_search(&t, NULL, -1, has, "c") == tree_find(&t, "c"));
	/* Found while closed: revealed, it has a row. */
	n = tree_find(&t, "a/x2/y");
	CHECK_INT(tree_row_of(&t, n), -1);
	tree_reveal(&t, n);
	CHECK_INT(tree_row_of(&t, n), 2);
	tree_free(&t);
}

static void
test_rate(void)
{
	struct tree		 t;
	struct tree_node	*a;
	int64_t			 m = 28000000;	/* a minute number */

	tree_init(&t);
	tree_tick(&t, m * 60000);
	put(&t, 1, "a/1", 10, 0, m, 6, 4);
	put(&t, 2, "a/2", 10, 0, m - 1, 10, 0);
	put(&t, 3, "a/3", 10, 0, m - 5, 10, 0);
	a = tree_find(&t, "a");
	CHECK_INT(a->sum_cur, 6);
	CHECK_INT(a->sum_prev, 14);
	/* At the start of the minute: all of the minute before counts. */
	CHECK_INT((int)(tree_rate(&t, a, m * 60000) + 0.5), 20);
	/* Halfway: half of it. */
	CHECK_INT((int)(tree_rate(&t, a, m * 60000 + 30000) + 0.5), 13);
	/* A minute on, before a tick: this minute's rows fade. */
	CHECK_INT((int)(tree_rate(&t, a, (m + 1) * 60000 + 30000) + 0.5), 3);
	tree_tick(&t, (m + 1) * 60000);
	CHECK_INT(a->sum_cur, 0);
	CHECK_INT(a->sum_prev, 6);
	CHECK_INT((int)(tree_rate(&t, a, (m + 1) * 60000) + 0.5), 6);
	tree_tick(&t, (m + 3) * 60000);
	CHECK_INT(a->sum_prev, 0);
	CHECK_INT(t.root.sum_prev, 0);
	tree_free(&t);
}

/* 100,000 topics; 10,000 under one node, laid out when it is expanded. */
static void
test_big(void)
{
	struct tree		 t;
	struct tree_node	*f;
	char			 topic[64];
	struct timespec		 a, b;
	double			 ms;
	int			 i;

	tree_init(&t);
	for (i = 0; i < 90000; i++) {
		snprintf(topic, sizeof topic, "sys/%d/x/%d", i % 900, i);
		put(&t, i + 1, topic, 1, 0, 1, 1, 0);
	}
	for (i = 0; i < 10000; i++) {
		snprintf(topic, sizeof topic, "fleet/dev%05d", 9999 - i);
		put(&t, 90001 + i, topic, 2, i % 2, 1, 1, 0);
	}
	CHECK_INT(t.ntopics, 100000);
	CHECK_INT(tree_nrows(&t), 2);
	f = tree_find(&t, "fleet");
	CHECK_INT(f->sum_msgs, 20000);
	CHECK_INT(f->sum_retained, 5000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	tree_expand(&t, f, 1);
	CHECK_INT(tree_nrows(&t), 10002);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	CHECK(ms < 50);
	CHECK_STR(row_name(&t, 1), "dev00000");
	CHECK_STR(row_name(&t, 10000), "dev09999");
	tree_expand_all(&t, &t.root);
	CHECK_INT(tree_nrows(&t), 2 + 10000 + 900 + 900 + 90000);
	tree_free(&t);
}

int
main(void)
{
	test_build();
	test_search();
	test_rate();
	test_big();
	return unit_done();
}
