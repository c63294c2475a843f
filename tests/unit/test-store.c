/* Unit tests for the SQLite store, in memory and on disk. */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "profile.h"
#include "store.h"
#include "sub.h"
#include "tree.h"
#include "unit.h"
#include "xmalloc.h"

struct result {
	int	 called, ok;
	char	*err;
};

static void
result_done(void *arg, int ok, const char *err)
{
	struct result	*r = arg;

	r->called++;
	r->ok = ok;
	free(r->err);
	r->err = err != NULL ? xstrdup(err) : NULL;
}

/* Save through the writer thread and wait: 0, or -1 with *err. */
static int
save(const struct profile *p, char **err)
{
	struct result	r = { 0, 0, NULL };

	store_profile_save(p, result_done, &r);
	store_sync();
	CHECK(r.called == 1);
	if (r.ok) {
		free(r.err);
		return 0;
	}
	free(*err);
	*err = r.err;
	return -1;
}

static int
delete(const char *name, char **err)
{
	struct result	r = { 0, 0, NULL };

	store_profile_delete(name, result_done, &r);
	store_sync();
	CHECK(r.called == 1);
	if (r.ok) {
		free(r.err);
		return 0;
	}
	free(*err);
	*err = r.err;
	return -1;
}

static int
sub_save(const char *profile, const struct sub *s)
{
	struct result	r = { 0, 0, NULL };

	store_sub_save(profile, s, result_done, &r);
	store_sync();
	free(r.err);
	return r.called == 1 && r.ok ? 0 : -1;
}

static int
sub_delete(const char *profile, const char *topic)
{
	struct result	r = { 0, 0, NULL };

	store_sub_delete(profile, topic, result_done, &r);
	store_sync();
	free(r.err);
	return r.called == 1 && r.ok ? 0 : -1;
}

static int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
props_equal(const struct props *a, const struct props *b)
{
	int	i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (!streq(a->v[i].name, b->v[i].name) ||
		    !streq(a->v[i].key, b->v[i].key) ||
		    !streq(a->v[i].value, b->v[i].value))
			return 0;
	}
	return 1;
}

static struct profile *
full_profile(const char *name)
{
	struct profile	*p = profile_new();

	profile_set(&p->name, name);
	profile_set(&p->host, "broker.example.org");
	p->port = 8883;
	p->tls = 1;
	profile_set(&p->client_id, "cid-1");
	profile_set(&p->username, "user");
	profile_set(&p->password, "p'ss\"word");
	p->version = 5;
	p->keepalive = 42;
	p->clean = 0;
	p->session_expiry = 4294967295LL;
	p->auto_reconnect = 0;
	profile_set(&p->will_topic, "dev/1/status");
	profile_set(&p->will_payload, "offline");
	p->will_qos = 2;
	p->will_retain = 1;
	props_add(&p->will_props, "content-type", NULL, "text/plain");
	props_add(&p->will_props, "user-property", "k", "v w");
	props_add(&p->connect_props, "user-property", "a", "b");
	profile_set(&p->cafile, "/etc/ca.pem");
	profile_set(&p->capath, "/etc/certs");
	profile_set(&p->cert, "/home/u/cert.pem");
	profile_set(&p->key, "/home/u/key.pem");
	p->insecure = 1;
	profile_set(&p->tls_version, "tlsv1.3");
	return p;
}

static int
profile_equal(const struct profile *a, const struct profile *b)
{
	return a->id == b->id &&
	    streq(a->name, b->name) &&
	    streq(a->host, b->host) &&
	    a->port == b->port &&
	    a->tls == b->tls &&
	    streq(a->client_id, b->client_id) &&
	    streq(a->username, b->username) &&
	    streq(a->password, b->password) &&
	    a->version == b->version &&
	    a->keepalive == b->keepalive &&
	    a->clean == b->clean &&
	    a->session_expiry == b->session_expiry &&
	    a->auto_reconnect == b->auto_reconnect &&
	    streq(a->will_topic, b->will_topic) &&
	    streq(a->will_payload, b->will_payload) &&
	    a->will_qos == b->will_qos &&
	    a->will_retain == b->will_retain &&
	    props_equal(&a->will_props, &b->will_props) &&
	    props_equal(&a->connect_props, &b->connect_props) &&
	    streq(a->cafile, b->cafile) &&
	    streq(a->capath, b->capath) &&
	    streq(a->cert, b->cert) &&
	    streq(a->key, b->key) &&
	    a->insecure == b->insecure &&
	    streq(a->tls_version, b->tls_version);
}

static void
test_profiles(void)
{
	struct profile	*p, *q, *r;
	char		*err = NULL, **names;

	p = full_profile("home");
	CHECK(save(p, &err) == 0);
	q = store_profile_load("home");
	CHECK(q != NULL);
	if (q != NULL) {
		CHECK(q->id > 0);
		p->id = q->id;
		CHECK(profile_equal(p, q));
		profile_free(q);
	}

	/* Update by name keeps the row; NULLs and empty props survive. */
	profile_set(&p->host, "10.0.0.1");
	profile_set(&p->password, NULL);
	props_clear(&p->connect_props);
	p->session_expiry = -1;
	q = profile_dup(p);
	q->id = 0;
	CHECK(save(q, &err) == 0);
	r = store_profile_load("home");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK(profile_equal(p, r));
		CHECK(r->password == NULL);
		CHECK(r->connect_props.n == 0);
		CHECK(r->session_expiry == -1);
		profile_free(r);
	}
	profile_free(q);
	profile_free(p);

	CHECK(store_profile_load("nope") == NULL);

	p = profile_new();
	profile_set(&p->host, "h");
	CHECK(save(p, &err) == -1);
	CHECK(err != NULL);
	free(err);
	err = NULL;
	profile_set(&p->name, "zeta");
	CHECK(save(p, &err) == 0);
	profile_set(&p->name, "alpha");
	p->id = 0;
	CHECK(save(p, &err) == 0);
	profile_free(p);

	names = store_profile_names();
	CHECK(names != NULL);
	CHECK(streq(names[0], "alpha"));
	CHECK(streq(names[1], "home"));
	CHECK(streq(names[2], "zeta"));
	CHECK(names[3] == NULL);
	store_free_names(names);

	CHECK(delete("nope", &err) == -1);
	CHECK_STR(err, "no profile named 'nope'");
	free(err);
	err = NULL;
	CHECK(delete("zeta", &err) == 0);
	CHECK(store_profile_load("zeta") == NULL);
	names = store_profile_names();
	CHECK(streq(names[0], "alpha") && streq(names[1], "home") &&
	    names[2] == NULL);
	store_free_names(names);
	CHECK(delete("alpha", &err) == 0);
	CHECK(delete("home", &err) == 0);
	names = store_profile_names();
	CHECK(names != NULL && names[0] == NULL);
	store_free_names(names);
}

struct sub_list {
	struct sub	*v[16];
	int		 n;
};

static void
collect_sub(const struct sub *s, void *arg)
{
	struct sub_list	*l = arg;
	struct sub	*c;

	if (l->n == 16)
		return;
	c = sub_new(s->topic);
	c->qos = s->qos;
	c->no_local = s->no_local;
	c->rap = s->rap;
	c->rh = s->rh;
	c->id = s->id;
	c->alias = s->alias != NULL ? xstrdup(s->alias) : NULL;
	c->color = s->color;
	c->enabled = s->enabled;
	l->v[l->n++] = c;
}

static void
sub_list_clear(struct sub_list *l)
{
	int	i;

	for (i = 0; i < l->n; i++)
		sub_free(l->v[i]);
	l->n = 0;
}

static void
test_subs(void)
{
	struct profile	*p;
	struct sub	*s;
	struct sub_list	 l = { .n = 0 };
	char		*err = NULL;

	p = profile_new();
	profile_set(&p->name, "box");
	profile_set(&p->host, "localhost");
	CHECK(save(p, &err) == 0);

	s = sub_new("a/#");
	s->qos = 1;
	s->no_local = 1;
	s->rap = 1;
	s->rh = 2;
	s->id = 7;
	s->alias = xstrdup("all of a");
	s->color = 3;
	s->enabled = 1;
	CHECK(sub_save("box", s) == 0);
	sub_free(s);
	s = sub_new("b/+/c");
	CHECK(sub_save("box", s) == 0);
	sub_free(s);
	s = sub_new("#");
	s->enabled = 0;
	CHECK(sub_save("box", s) == 0);
	sub_free(s);
	/* No such profile. */
	s = sub_new("x");
	CHECK(sub_save("ghost", s) == -1);
	sub_free(s);

	/* Upsert keeps the creation order. */
	s = sub_new("a/#");
	s->qos = 2;
	CHECK(sub_save("box", s) == 0);
	sub_free(s);

	CHECK(store_sub_foreach("box", collect_sub, &l) == 0);
	CHECK(l.n == 3);
	if (l.n == 3) {
		CHECK(streq(l.v[0]->topic, "a/#"));
		CHECK(l.v[0]->qos == 2 && l.v[0]->no_local == 0);
		CHECK(l.v[0]->alias == NULL && l.v[0]->color == -1);
		CHECK(streq(l.v[1]->topic, "b/+/c"));
		CHECK(l.v[1]->qos == 0 && l.v[1]->enabled == 1);
		CHECK(streq(l.v[2]->topic, "#"));
		CHECK(l.v[2]->enabled == 0);
	}
	sub_list_clear(&l);

	s = sub_new("b/+/c");
	s->qos = 1;
	s->no_local = 1;
	s->rap = 1;
	s->rh = 1;
	s->id = 268435455;
	s->alias = xstrdup("bee");
	s->color = 5;
	CHECK(sub_save("box", s) == 0);
	sub_free(s);
	CHECK(sub_delete("box", "#") == 0);
	CHECK(store_sub_foreach("box", collect_sub, &l) == 0);
	CHECK(l.n == 2);
	if (l.n == 2) {
		CHECK(streq(l.v[1]->topic, "b/+/c"));
		CHECK(l.v[1]->qos == 1 && l.v[1]->no_local == 1 &&
		    l.v[1]->rap == 1 && l.v[1]->rh == 1 &&
		    l.v[1]->id == 268435455 && l.v[1]->color == 5 &&
		    streq(l.v[1]->alias, "bee"));
	}
	sub_list_clear(&l);

	/* Deleting the profile takes its subscriptions along. */
	CHECK(delete("box", &err) == 0);
	CHECK(store_sub_foreach("box", collect_sub, &l) == 0);
	CHECK(l.n == 0);
	p->id = 0;
	CHECK(save(p, &err) == 0);
	CHECK(store_sub_foreach("box", collect_sub, &l) == 0);
	CHECK(l.n == 0);
	sub_list_clear(&l);
	CHECK(delete("box", &err) == 0);
	profile_free(p);
	free(err);
}

struct got {
	int64_t	 id[64];
	char	*topic[64];
	void	*payload[64];
	size_t	 len[64];
	char	*props[64];
	char	*will_of[64];
	int	 dir[64], qos[64], retain[64], mid[64], dup[64];
	int64_t	 time_ms[64];
	int	 n;
};

static void
collect_msg(const struct msg *m, void *arg)
{
	struct got	*g = arg;
	int		 i = g->n;

	if (i == 64)
		return;
	g->id[i] = m->id;
	g->topic[i] = xstrdup(m->topic);
	g->payload[i] = xmemdup(m->payload, m->len);
	g->len[i] = m->len;
	g->props[i] = m->props != NULL ? xstrdup(m->props) : NULL;
	g->will_of[i] = m->will_of != NULL ? xstrdup(m->will_of) : NULL;
	g->dir[i] = m->dir;
	g->qos[i] = m->qos;
	g->retain[i] = m->retain;
	g->time_ms[i] = m->time_ms;
	g->mid[i] = m->mid;
	g->dup[i] = m->dup;
	g->n++;
}

static void
got_clear(struct got *g)
{
	int	i;

	for (i = 0; i < g->n; i++) {
		free(g->topic[i]);
		free(g->payload[i]);
		free(g->props[i]);
		free(g->will_of[i]);
	}
	g->n = 0;
}

static int64_t
add(const char *conn, const char *topic, const void *payload, size_t len)
{
	struct msg	m;

	memset(&m, 0, sizeof m);
	m.conn = conn;
	m.dir = MSG_IN;
	m.topic = topic;
	m.payload = payload;
	m.len = len;
	m.time_ms = 1700000000000LL;
	return store_msg_add(&m);
}

/* Connection events are rows of dir 2 that nothing counts; will_of. */
static void
test_events(void)
{
	struct got	 g = { .n = 0 };
	struct msg	 m;
	int64_t		 all = store_msg_count(NULL);
	const char	*ev = "{\"event\":\"offline\"}";

	memset(&m, 0, sizeof m);
	m.conn = "ev";
	m.dir = MSG_EVENT;
	m.topic = "";
	m.payload = ev;
	m.len = strlen(ev);
	m.time_ms = 1700000000000LL;
	store_msg_add(&m);
	m.dir = MSG_IN;
	m.topic = "last_will";
	m.payload = "offline";
	m.len = 7;
	m.will_of = "Last Will";
	store_msg_add(&m);
	store_sync();
	CHECK_INT(store_msg_count("ev"), 1);
	CHECK_INT(store_msg_count(NULL), all + 1);
	CHECK_INT(store_msg_window("ev", NULL, 0, 10, collect_msg, &g), 2);
	if (g.n == 2) {
		CHECK(g.dir[0] == MSG_IN);
		CHECK_STR(g.will_of[0], "Last Will");
		CHECK(g.dir[1] == MSG_EVENT);
		CHECK_STR(g.topic[1], "");
		CHECK(g.will_of[1] == NULL);
		CHECK_MEM(g.payload[1], g.len[1], ev, strlen(ev));
	}
	got_clear(&g);
	/* A subscription's view does not show them. */
	CHECK_INT(store_msg_window("ev", "last_will", 0, 10, collect_msg, &g),
	    1);
	got_clear(&g);
	CHECK_INT(store_msg_window("ev", "+", 0, 10, collect_msg, &g), 1);
	got_clear(&g);
}

static void
test_messages(void)
{
	static const unsigned char	 bin[] = { 'a', 0, 'b', 0xff, 0, 0xfe };
	struct got			 g = { .n = 0 };
	struct msg			 m;
	int64_t				 id1, id2, id3, last;
	char				 topic[32];
	int				 i, n;

	CHECK(store_msg_count(NULL) == 0);

	memset(&m, 0, sizeof m);
	m.conn = "a";
	m.dir = MSG_OUT;
	m.topic = "bin/x";
	m.payload = bin;
	m.len = sizeof bin;
	m.qos = 2;
	m.retain = 1;
	m.props = "{\"content-type\":\"x\"}";
	m.time_ms = 1700000000123LL;
	m.mid = 77;
	m.dup = MSG_DUP_FLAG | MSG_DUP_REPEAT;
	/* Sequence numbers grow; the rows exist once the writer is done. */
	id1 = (int64_t)store_msg_add(&m);
	CHECK(id1 > 0);
	id2 = add("a", "empty", "", 0);
	CHECK(id2 > id1);
	id3 = add("b", "empty", NULL, 0);
	CHECK(id3 > id2);
	CHECK((int64_t)store_msg_last() == id3);
	CHECK(store_msg_room());
	store_sync();
	n = store_msg_window(NULL, NULL, 0, 3, collect_msg, &g);
	CHECK_INT(n, 3);
	if (n == 3) {
		id3 = g.id[0];
		id2 = g.id[1];
		id1 = g.id[2];
		CHECK(id1 < id2 && id2 < id3);
	}
	got_clear(&g);
	n = store_msg_get(id1, collect_msg, &g);
	CHECK(n == 1 && g.mid[0] == 77 &&
	    g.dup[0] == (MSG_DUP_FLAG | MSG_DUP_REPEAT));
	got_clear(&g);

	n = store_msg_window("a", NULL, 0, 10, collect_msg, &g);
	CHECK_INT(n, 2);
	CHECK_INT(g.n, 2);
	if (g.n == 2) {
		CHECK(g.id[0] == id2 && g.len[0] == 0);
		CHECK_STR(g.topic[0], "empty");
		CHECK(g.props[0] == NULL);
		CHECK(g.id[1] == id1);
		CHECK_MEM(g.payload[1], g.len[1], bin, sizeof bin);
		CHECK(g.dir[1] == MSG_OUT && g.qos[1] == 2 &&
		    g.retain[1] == 1);
		CHECK(g.time_ms[1] == 1700000000123LL);
		CHECK(streq(g.props[1], "{\"content-type\":\"x\"}"));
	}
	got_clear(&g);
	CHECK(store_msg_count("a") == 2);
	CHECK(store_msg_count("b") == 1);
	CHECK(store_msg_count("c") == 0);
	CHECK(store_msg_count(NULL) == 3);

	/* Exact topic across connections. */
	n = store_msg_window(NULL, "empty", 0, 10, collect_msg, &g);
	CHECK(n == 2 && g.n == 2 && g.id[0] == id3 && g.id[1] == id2);
	got_clear(&g);
	n = store_msg_window("b", "empty", 0, 10, collect_msg, &g);
	CHECK(n == 1 && g.id[0] == id3);
	got_clear(&g);

	/* Paging: 25 rows on c, interleaved with d. */
	for (i = 0; i < 25; i++) {
		snprintf(topic, sizeof topic, "s/%d/t", i % 3);
		add("c", topic, topic, strlen(topic));
		add("d", "s/x/t", "d", 1);
	}
	store_sync();
	last = 0;
	n = store_msg_window("c", NULL, last, 10, collect_msg, &g);
	CHECK(n == 10);
	for (i = 1; i < g.n; i++)
		CHECK(g.id[i] < g.id[i - 1]);
	CHECK(streq(g.topic[0], "s/0/t"));	/* 24 % 3 */
	last = g.id[g.n - 1];
	got_clear(&g);
	n = store_msg_window("c", NULL, last, 10, collect_msg, &g);
	CHECK(n == 10 && g.id[0] < last);
	last = g.id[g.n - 1];
	got_clear(&g);
	n = store_msg_window("c", NULL, last, 10, collect_msg, &g);
	CHECK(n == 5);
	last = g.id[g.n - 1];
	got_clear(&g);
	CHECK(store_msg_window("c", NULL, last, 10, collect_msg, &g) == 0);
	CHECK(store_msg_window("c", NULL, 0, 0, collect_msg, &g) == 0);

	/* Wildcards are matched in C until enough rows match. */
	n = store_msg_window("c", "s/+/t", 0, 100, collect_msg, &g);
	CHECK(n == 25);
	got_clear(&g);
	n = store_msg_window("c", "s/1/#", 0, 5, collect_msg, &g);
	CHECK(n == 5);
	for (i = 0; i < g.n; i++)
		CHECK(streq(g.topic[i], "s/1/t"));
	got_clear(&g);
	n = store_msg_window(NULL, "s/+/t", 0, 64, collect_msg, &g);
	CHECK(n == 50);
	got_clear(&g);
	n = store_msg_window(NULL, "bin/#", 0, 64, collect_msg, &g);
	CHECK(n == 1 && g.id[0] == id1 && g.len[0] == sizeof bin &&
	    memcmp(g.payload[0], bin, sizeof bin) == 0);
	got_clear(&g);
	CHECK(store_msg_window(NULL, "nothing/+", 0, 10, collect_msg, &g) ==
	    0);

	/* A big burst spans several batch transactions. */
	for (i = 0; i < 10000; i++) {
		snprintf(topic, sizeof topic, "burst/%d", i);
		if (add("e", topic, topic, strlen(topic)) <= 0) {
			CHECK(0);
			break;
		}
	}
	store_sync();
	CHECK_INT(store_msg_count("e"), 10000);
	CHECK_INT(store_msg_count(NULL), 3 + 50 + 10000);
	n = store_msg_window("e", NULL, 0, 1, collect_msg, &g);
	CHECK(n == 1 && streq(g.topic[0], "burst/9999"));
	got_clear(&g);
}

/* P/#: read by the topics under P (a tree node), few or many. */
static void
test_subtree(void)
{
	struct got	 g = { .n = 0 };
	char		 topic[32];
	int		 i;

	add("sub", "n", "0", 1);
	add("sub", "n/a", "1", 1);
	add("sub", "nx", "2", 1);
	add("sub", "n-y", "3", 1);
	add("sub", "n/b/c", "4", 1);
	add("sub", "n/a", "5", 1);
	add("sub", "m/n", "6", 1);
	add("other", "n/a", "7", 1);
	store_sync();
	CHECK(store_msg_window("sub", "n/#", 0, 10, collect_msg, &g) == 4);
	if (g.n == 4) {
		CHECK_MEM(g.payload[0], g.len[0], "5", 1);
		CHECK_MEM(g.payload[1], g.len[1], "4", 1);
		CHECK_MEM(g.payload[2], g.len[2], "1", 1);
		CHECK_MEM(g.payload[3], g.len[3], "0", 1);
		CHECK(g.id[0] > g.id[1] && g.id[1] > g.id[2] &&
		    g.id[2] > g.id[3]);
	}
	got_clear(&g);
	/* At most limit, newest first, before an id. */
	CHECK(store_msg_window("sub", "n/#", 0, 2, collect_msg, &g) == 2);
	if (g.n == 2) {
		CHECK_MEM(g.payload[1], g.len[1], "4", 1);
		got_clear(&g);
		CHECK(store_msg_window("sub", "n/#", g.id[1], 10, collect_msg,
		    &g) == 2);
	}
	got_clear(&g);
	/* More topics than read one by one: the scan, the same answer. */
	for (i = 0; i < 70; i++) {
		snprintf(topic, sizeof topic, "many/%d", i);
		add("sub", topic, "x", 1);
	}
	add("sub", "many", "y", 1);
	store_sync();
	CHECK(store_msg_window("sub", "many/#", 0, 100, collect_msg, &g) == 71);
	got_clear(&g);
	CHECK(store_msg_window("sub", "many/#", 0, 3, collect_msg, &g) == 3);
	CHECK(g.n == 3 && g.len[0] == 1 &&
	    ((char *)g.payload[0])[0] == 'y');
	got_clear(&g);
}

static void
run_suite(const char *path)
{
	char	*err = NULL;

	CHECK(store_open(path, &err) == 0);
	if (err != NULL) {
		fprintf(stderr, "store_open %s: %s\n", path, err);
		free(err);
		return;
	}
	CHECK(streq(store_path(), path));
	test_profiles();
	test_subs();
	test_messages();
	test_events();
	test_subtree();
}

static int
exists(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0;
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3	*db;

	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
}

static int64_t
raw_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int64_t		 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
}

/* The whole file as a string of bytes, to compare. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*p = NULL;
	long	 n;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		p = xmalloc((size_t)n + 1);
		*len = fread(p, 1, (size_t)n, f);
	}
	fclose(f);
	return p;
}

/*
 * store_open refuses path with an error holding want (or want_mode's
 * text), and the file is byte for byte what it was.
 */
static void
refused_unchanged(const char *path, const char *want, const char *want2,
    mode_t mode, int lock_dir)
{
	char	*before, *after, *err = NULL, *dir = NULL, *slash;
	size_t	 nb, na;

	chmod(path, mode);
	if (lock_dir) {
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		chmod(dir, 0500);
	}
	before = slurp(path, &nb);
	CHECK(before != NULL);
	CHECK(store_open(path, &err) == -1);
	CHECK(err != NULL);
	if (err != NULL) {
		if (want != NULL)
			CHECK(strstr(err, want) != NULL);
		if (want2 != NULL)
			CHECK(strstr(err, want2) != NULL);
		CHECK(strstr(err, path) != NULL);
	}
	after = slurp(path, &na);
	CHECK(after != NULL && na == nb && memcmp(before, after, nb) == 0);
	free(before);
	free(after);
	free(err);
	if (dir != NULL) {
		chmod(dir, 0700);
		free(dir);
	}
	chmod(path, 0600);
}

/* Schema 1 as the first release wrote it, with a little history. */
static const char *v1_sql =
	"CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT"
	" NULL, host TEXT, port INTEGER, tls INTEGER, client_id TEXT,"
	" username TEXT, password TEXT, version INTEGER, keepalive INTEGER,"
	" clean INTEGER, session_expiry INTEGER, auto_reconnect INTEGER,"
	" will_topic TEXT, will_payload TEXT, will_qos INTEGER,"
	" will_retain INTEGER, will_props TEXT, connect_props TEXT,"
	" cafile TEXT, capath TEXT, cert TEXT, key_file TEXT, insecure INTEGER,"
	" tls_version TEXT, created_ms INTEGER, updated_ms INTEGER);"
	"CREATE TABLE subs (id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL"
	" REFERENCES profiles(id) ON DELETE CASCADE, topic TEXT NOT NULL,"
	" qos INTEGER, no_local INTEGER, rap INTEGER, rh INTEGER,"
	" sub_id INTEGER, alias TEXT, color INTEGER, enabled INTEGER,"
	" UNIQUE(profile_id, topic));"
	"CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" conn TEXT NOT NULL, dir INTEGER NOT NULL, topic TEXT NOT NULL,"
	" payload BLOB NOT NULL, qos INTEGER, retain INTEGER, props TEXT,"
	" time_ms INTEGER NOT NULL);"
	"CREATE INDEX messages_conn ON messages(conn, id DESC);"
	"CREATE INDEX messages_topic ON messages(topic, id DESC);"
	"INSERT INTO profiles (name, host, port) VALUES ('old', 'h', 1883);"
	"INSERT INTO messages (conn, dir, topic, payload, qos, retain, props,"
	" time_ms) VALUES ('a', 0, 'x/y', x'00ff', 1, 1, NULL, 1700000000001),"
	" ('b', 1, 'x/y', x'41', 0, 0, '{}', 1700000000002),"
	" ('a', 0, 'z', x'', 2, 0, NULL, 1700000000003),"
	" ('a', 0, 'gone', x'', 0, 0, NULL, 1700000000004);"
	"DELETE FROM messages WHERE topic = 'gone';"
	"PRAGMA user_version = 1;";

struct tree_topic_got {
	int	 n;
	char	*topic[8];
	int64_t	 msgs[8], last_id[8], last_ms[8];
	int	 retained[8];
};

static void
collect_topic(const struct tree_topic *r, void *arg)
{
	struct tree_topic_got	*g = arg;

	if (g->n == 8)
		return;
	g->topic[g->n] = xstrdup(r->topic);
	g->msgs[g->n] = r->msgs;
	g->last_id[g->n] = r->last_id;
	g->last_ms[g->n] = r->last_ms;
	g->retained[g->n] = r->retained;
	g->n++;
}

static void
topic_got_clear(struct tree_topic_got *g)
{
	int	i;

	for (i = 0; i < g->n; i++)
		free(g->topic[i]);
	g->n = 0;
}

/* A schema 1 database keeps its profiles and history, ids and all. */
static int
rename_profile(const char *from, const char *to, char **err)
{
	struct result	r = { 0, 0, NULL };

	store_profile_rename(from, to, result_done, &r);
	store_sync();
	CHECK(r.called == 1);
	free(*err);
	*err = r.err;
	return r.ok ? 0 : -1;
}

/* A rename takes the subscriptions and the history along, in one go. */
static void
test_rename(const char *path)
{
	struct profile	*p;
	struct sub	*s;
	struct sub_list	 l = { .n = 0 };
	char		*err = NULL, **names;

	p = profile_new();
	profile_set(&p->name, "Sensor 1");
	profile_set(&p->host, "h");
	CHECK(save(p, &err) == 0);
	profile_set(&p->name, "p2");
	CHECK(save(p, &err) == 0);
	profile_free(p);
	s = sub_new("s/#");
	s->qos = 1;
	CHECK(sub_save("Sensor 1", s) == 0);
	sub_free(s);
	add("Sensor 1", "a", "1", 1);
	add("Sensor 1", "b", "2", 1);
	/* History under the new name, from an earlier connection. */
	add("Lab 温度", "b", "3", 1);
	add("Lab 温度", "c", "4", 1);
	add("p2", "x", "5", 1);
	store_sync();

	CHECK(rename_profile("Sensor 1", "Lab 温度", &err) == 0);
	CHECK(store_profile_load("Sensor 1") == NULL);
	CHECK(store_sub_foreach("Lab 温度", collect_sub, &l) == 0);
	CHECK(l.n == 1 && streq(l.v[0]->topic, "s/#") && l.v[0]->qos == 1);
	sub_list_clear(&l);
	CHECK_INT(store_msg_count("Lab 温度"), 4);
	CHECK_INT(store_msg_count("Sensor 1"), 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM conns"
	    " WHERE name = 'Sensor 1'"), 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM topics t JOIN conns c"
	    " ON c.id = t.conn_id WHERE c.name = 'Lab 温度'"), 3);
	names = store_topic_names("Lab 温度", "", 10);
	CHECK(streq(names[0], "a") && streq(names[1], "b") &&
	    streq(names[2], "c") && names[3] == NULL);
	store_free_names(names);
	names = store_topic_names("Lab 温度", "b", 10);
	CHECK(streq(names[0], "b") && names[1] == NULL);
	store_free_names(names);
	names = store_topic_names("Lab 温度", "", 2);
	CHECK(streq(names[0], "a") && streq(names[1], "b") &&
	    names[2] == NULL);
	store_free_names(names);

	/* The writer forgot the old name's id: it is a new connection. */
	add("Sensor 1", "a", "6", 1);
	store_sync();
	CHECK_INT(store_msg_count("Sensor 1"), 1);
	CHECK_INT(store_msg_count("Lab 温度"), 4);

	/* A plain rename: the conns row takes the new name. */
	CHECK(rename_profile("p2", "p3", &err) == 0);
	CHECK_INT(store_msg_count("p3"), 1);
	CHECK_INT(store_msg_count("p2"), 0);

	/* Taken or missing names fail and change nothing. */
	CHECK(rename_profile("p3", "Lab 温度", &err) == -1);
	CHECK_STR(err, "a profile named 'Lab 温度' exists already");
	CHECK((p = store_profile_load("p3")) != NULL);
	profile_free(p);
	CHECK_INT(store_msg_count("p3"), 1);
	CHECK(rename_profile("nope", "p4", &err) == -1);
	CHECK_STR(err, "no profile named 'nope'");
	CHECK(store_profile_load("p4") == NULL);
	free(err);
}

static void
test_migrate(const char *dir)
{
	struct got	 g = { .n = 0 };
	struct profile	*p;
	char		*path = xasprintf("%s/v1.db", dir), *err = NULL;

	raw_exec(path, v1_sql);
	CHECK(store_open(path, &err) == 0);
	if (err != NULL) {
		fprintf(stderr, "store_open %s: %s\n", path, err);
		free(err);
		free(path);
		return;
	}
	p = store_profile_load("old");
	CHECK(p != NULL && p->port == 1883);
	profile_free(p);
	CHECK(store_msg_window(NULL, NULL, 0, 10, collect_msg, &g) == 3);
	if (g.n == 3) {
		CHECK(g.id[0] == 3 && streq(g.topic[0], "z"));
		CHECK(g.id[1] == 2 && g.dir[1] == MSG_OUT && g.len[1] == 1);
		CHECK(g.id[2] == 1 && g.qos[2] == 1 && g.retain[2] == 1);
		CHECK_MEM(g.payload[2], g.len[2], "\0\377", 2);
	}
	got_clear(&g);
	CHECK(store_msg_window("a", "x/y", 0, 10, collect_msg, &g) == 1);
	got_clear(&g);
	/* New rows come after every id ever used, the deleted one too. */
	add("a", "x/y", "new", 3);
	store_sync();
	CHECK(store_msg_window("a", NULL, 0, 1, collect_msg, &g) == 1 &&
	    g.id[0] == 5);
	got_clear(&g);
	/* The tree's rows: migrated stats, then the writer's. */
	{
		struct tree_topic_got	tg = { 0 };

		CHECK(store_tree_topics("a", -1, collect_topic, &tg) == 2);
		CHECK(tg.n == 2 && streq(tg.topic[0], "z") && tg.msgs[0] == 1 &&
		    tg.retained[0] == 0 && tg.last_id[0] == 3);
		CHECK(tg.n == 2 && streq(tg.topic[1], "x/y") &&
		    tg.msgs[1] == 2 && tg.retained[1] == 1 &&
		    tg.last_id[1] == 5 && tg.last_ms[1] == 1700000000000LL);
		topic_got_clear(&tg);
		CHECK(store_tree_topics("a", 3, collect_topic, &tg) == 1);
		topic_got_clear(&tg);
		CHECK(store_tree_topics("b", -1, collect_topic, &tg) == 1);
		CHECK(tg.n == 1 && tg.msgs[0] == 1 && tg.last_id[0] == 2 &&
		    tg.last_ms[0] == 1700000000002LL && tg.retained[0] == 0);
		topic_got_clear(&tg);
	}
	store_close(-1);
	CHECK(raw_int(path, "SELECT count(*) FROM messages") == 4);
	CHECK(raw_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name LIKE 'messages_%'") == 0);
	free(path);
}

static void
test_file(void)
{
	char		 tmpl[] = "/tmp/test-store.XXXXXX", *dir, *path, *wal;
	char		*err = NULL, *cmd;
	struct profile	*p;
	struct stat	 sb;

	dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (dir == NULL)
		return;
	path = xasprintf("%s/sub/dir/mqtty.db", dir);
	wal = xasprintf("%s-wal", path);

	/* A loose umask must not leak into the file mode. */
	umask(022);
	run_suite(path);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	cmd = xasprintf("%s/sub/dir", dir);
	CHECK(stat(cmd, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	free(cmd);

	p = profile_new();
	profile_set(&p->name, "kept");
	profile_set(&p->host, "h");
	CHECK(save(p, &err) == 0);
	profile_free(p);
	add("z", "t", "pending", 7);	/* left for store_close to commit */
	CHECK(exists(wal));
	CHECK(store_close(-1) == 0);
	CHECK(store_path() == NULL);

	/* Payloads are blobs, empty ones too, and the schema is WAL. */
	CHECK(raw_int(path, "SELECT count(*) FROM messages"
	    " WHERE typeof(payload) <> 'blob'") == 0);
	CHECK(raw_int(path, "SELECT count(*) FROM messages"
	    " WHERE length(payload) = 0") == 2);
	CHECK(raw_int(path, "PRAGMA user_version") == 6);
	CHECK(raw_int(path, "PRAGMA application_id") == 0x6d717479);

	/* Reopening keeps everything and does not migrate twice. */
	CHECK(store_open(path, &err) == 0);
	p = store_profile_load("kept");
	CHECK(p != NULL && streq(p->host, "h"));
	profile_free(p);
	CHECK(store_msg_count("z") == 1);
	/* And test_subtree's 79. */
	CHECK(store_msg_count(NULL) == 3 + 50 + 10000 + 1 + 1 + 79);
	store_close(-1);
	CHECK(raw_int(path, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'wal'") == 1);

	/* A schema from the future is refused, not clobbered. */
	raw_exec(path, "PRAGMA user_version = 99");
	CHECK(store_open(path, &err) == -1);
	CHECK(err != NULL && strstr(err, "newer mqtty (schema 99") != NULL);
	CHECK(store_path() == NULL);
	free(err);
	err = NULL;
	raw_exec(path, "PRAGMA user_version = 3");
	refused_unchanged(path, NULL, "is read-only", 0444, 0);
	refused_unchanged(path, NULL, "read-only directory", 0600, 1);

	/* Another program's SQLite file is left alone. */
	cmd = xasprintf("%s/other.db", dir);
	raw_exec(cmd, "PRAGMA journal_mode = DELETE;"
	    " CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	refused_unchanged(cmd, "not an mqtty database", NULL, 0600, 0);
	free(cmd);

	/* An empty SQLite file (or an empty file) is a new database. */
	cmd = xasprintf("%s/empty.db", dir);
	raw_exec(cmd, "PRAGMA user_version = 0");
	CHECK(store_open(cmd, &err) == 0);
	store_close(-1);
	CHECK(raw_int(cmd, "PRAGMA user_version") == 6);
	free(cmd);

	/* Garbage is an error, not a crash. */
	cmd = xasprintf("%s/junk.db", dir);
	{
		FILE	*f = fopen(cmd, "w");

		CHECK(f != NULL);
		if (f != NULL) {
			fputs("this is not an SQLite database, not at all;"
			    " it is long enough for the header check\n", f);
			fclose(f);
		}
	}
	refused_unchanged(cmd, "is not an SQLite database", NULL, 0600, 0);
	unlink(cmd);
	free(cmd);

	cmd = xasprintf("%s/rename.db", dir);
	CHECK(store_open(cmd, &err) == 0);
	test_rename(cmd);
	store_close(-1);
	free(cmd);

	test_migrate(dir);

	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(wal);
	free(path);
}

int
main(void)
{
	char	*err = NULL;

	/* Two connections and a thread: an in-memory database can't be. */
	CHECK(store_open(":memory:", &err) == -1);
	CHECK(err != NULL);
	free(err);
	test_file();

	return unit_done();
}
