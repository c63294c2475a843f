/*
 * Running simulations. A timer per simulation publishes what is due at
 * its rate since it started (so a late turn catches up instead of
 * drifting), at most a burst per turn, never waiting: at most
 * SIM_INFLIGHT publishes await their answer (or, at QoS 0, their write),
 * and while the connection is
 * not up the simulation pauses, its clock held.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "buf.h"
#include "conn.h"
#include "engine.h"
#include "events.h"
#include "loop.h"
#include "sim.h"
#include "sim-value.h"
#include "xmalloc.h"

#define SIM_BURST	256	/* publishes a turn */
#define SIM_INFLIGHT	1000	/* QoS 1/2 awaiting their answer */
#define SIM_PAUSE_MS	250	/* looking again at a connection down */

struct sim {
	unsigned		 id;
	char			*name;
	char			*conn;
	char			*pattern;
	int			 kind;
	int			 qos;
	int			 retain;
	double			 rate;		/* in all, a second */
	unsigned		 devices;
	uint64_t		 total;		/* 0: until stopped */
	uint64_t		 tried;
	uint64_t		 sent;
	int			 inflight;
	int			 paused;
	int64_t			 start;		/* when message 0 was due */
	struct sim_value	*v;
	struct loop_timer	*timer;
	char			*failed;	/* why it stops */
	TAILQ_ENTRY(sim)	 entry;
};
static TAILQ_HEAD(, sim) sim_list = TAILQ_HEAD_INITIALIZER(sim_list);
static unsigned	 sim_next_id;
static unsigned	 sim_next_name;
static int	 sim_n;

static void	sim_tick(void *);

static struct sim *
sim_find(const char *name)
{
	struct sim	*s;

	TAILQ_FOREACH(s, &sim_list, entry) {
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

static struct sim *
sim_by_id(unsigned id)
{
	struct sim	*s;

	TAILQ_FOREACH(s, &sim_list, entry) {
		if (s->id == id)
			return s;
	}
	return NULL;
}

static void
sim_free(struct sim *s)
{
	TAILQ_REMOVE(&sim_list, s, entry);
	sim_n--;
	loop_timer_free(s->timer);
	free(s->failed);
	free(s->v);
	free(s->name);
	free(s->conn);
	free(s->pattern);
	free(s);
}

int
sim_start(const struct sim_spec *sp, const char **name, char **err)
{
	struct sim	*s;
	char		 gen[32];
	uint64_t	 seed;
	unsigned	 i;

	if (sp->name == NULL) {
		do
			snprintf(gen, sizeof gen, "sim%u", ++sim_next_name);
		while (sim_find(gen) != NULL);
	} else if (sim_find(sp->name) != NULL) {
		*err = xasprintf("a simulation named '%s' runs already "
		    "(simulate --stop %s)", sp->name, sp->name);
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->id = ++sim_next_id;
	s->name = xstrdup(sp->name != NULL ? sp->name : gen);
	s->conn = xstrdup(sp->conn);
	s->pattern = xstrdup(sp->pattern);
	s->kind = sp->kind;
	s->qos = sp->qos;
	s->retain = sp->retain;
	s->devices = sp->devices;
	s->rate = sp->rate * sp->devices;
	s->total = sp->count * sp->devices;
	s->v = xcalloc(s->devices, sizeof *s->v);
	seed = (uint64_t)wall_now() ^ ((uint64_t)s->id << 40);
	for (i = 0; i < s->devices; i++)
		sim_value_init(&s->v[i], i + 1, seed);
	s->start = loop_now();
	s->timer = loop_timer_new(sim_tick, s);
	TAILQ_INSERT_TAIL(&sim_list, s, entry);
	sim_n++;
	loop_timer_start(s->timer, 0);
	*name = s->name;
	return 0;
}

/* A publish answered: count it; the last one ends the simulation. */
static void
sim_done(void *arg, int ok, const char *reason)
{
	struct sim	*s = sim_by_id((unsigned)(uintptr_t)arg);

	if (s == NULL)
		return;
	s->inflight--;
	if (ok)
		s->sent++;
	else if (s->failed == NULL)
		s->failed = xstrdup(reason != NULL ? reason : "failed");
	if (s->failed != NULL || (s->total > 0 && s->tried == s->total &&
	    s->inflight == 0))
		loop_timer_start(s->timer, 0);
}

static int64_t
sim_due_at(struct sim *s, uint64_t n)
{
	return s->start + (int64_t)((double)n * 1000.0 / s->rate);
}

static int
sim_publish(struct sim *s, struct buf *topic, struct buf *payload)
{
	struct pub	 pb = { 0 };
	struct conn	*c = conn_find(s->conn);
	unsigned	 dev = (unsigned)(s->tried % s->devices);
	char		*err = NULL;

	sim_value_topic(topic, s->pattern, dev + 1);
	sim_value_next(&s->v[dev], s->kind, payload);
	pb.topic = buf_str(topic);
	pb.payload = payload->p;
	pb.len = payload->len;
	pb.qos = s->qos;
	pb.retain = s->retain;
	pb.quiet = 1;
	s->tried++;
	s->inflight++;
	/* The answer may come at once, from inside the call. */
	if (engine_publish(c, &pb, sim_done, (void *)(uintptr_t)s->id,
	    &err) != 0) {
		s->inflight--;
		if (s->failed == NULL)
			s->failed = err;
		else
			free(err);
		return -1;
	}
	return 0;
}

static void
sim_finish(struct sim *s)
{
	struct event	 ev = { .type = EV_INFO };
	char		*line;

	if (s->failed != NULL) {
		events_error(conn_find(s->conn), "simulate: %s stopped after "
		    "%" PRIu64 " messages: %s", s->name, s->sent, s->failed);
	} else {
		line = xasprintf("simulate: %s done: %" PRIu64 " messages "
		    "published", s->name, s->sent);
		ev.reason = line;
		events_emit(&ev);
		free(line);
	}
	sim_free(s);
}

static void
sim_tick(void *arg)
{
	struct sim	*s = arg;
	struct conn	*c = conn_find(s->conn);
	struct buf	 topic, payload;
	int64_t		 now = loop_now(), next;
	uint64_t	 due;
	int		 n = 0;

	if (c == NULL && s->failed == NULL)
		s->failed = xasprintf("connection '%s' is gone", s->conn);
	if (s->failed != NULL || (s->total > 0 && s->tried == s->total &&
	    s->inflight == 0)) {
		sim_finish(s);
		return;
	}
	if (c->state != CONN_CONNECTED) {
		s->paused = 1;
		loop_timer_start(s->timer, SIM_PAUSE_MS);
		return;
	}
	if (s->paused) {
		/* Carry on where it stopped, no burst for the time away. */
		s->paused = 0;
		s->start = now - (sim_due_at(s, s->tried) - s->start);
	}
	due = (uint64_t)((double)(now - s->start) * s->rate / 1000.0) + 1;
	if (s->total > 0 && due > s->total)
		due = s->total;
	buf_init(&topic);
	buf_init(&payload);
	while (s->tried < due && n < SIM_BURST &&
	    s->inflight < SIM_INFLIGHT) {
		if (sim_publish(s, &topic, &payload) != 0)
			break;
		n++;
	}
	buf_free(&topic);
	buf_free(&payload);
	if (s->failed != NULL) {
		sim_finish(s);
		return;
	}
	if (s->total > 0 && s->tried == s->total) {
		/* The last answer (sim_done) wakes it to finish. */
		if (s->inflight == 0)
			loop_timer_start(s->timer, 0);
		return;
	}
	if (s->tried < due)
		next = n == SIM_BURST ? 0 : 10;	/* more now, or room later */
	else {
		next = sim_due_at(s, s->tried) - now;
		if (next < 0)
			next = 0;
	}
	loop_timer_start(s->timer, next);
}

int
sim_stop(const char *name)
{
	struct sim	*s, *t;
	int		 n = 0;

	for (s = TAILQ_FIRST(&sim_list); s != NULL; s = t) {
		t = TAILQ_NEXT(s, entry);
		if (name == NULL || strcmp(s->name, name) == 0) {
			sim_free(s);
			n++;
		}
	}
	return n;
}

int
sim_count(void)
{
	return sim_n;
}

int
sim_exists(const char *name)
{
	return sim_find(name) != NULL;
}

int
sim_describe(int i, struct buf *b)
{
	struct sim	*s;

	TAILQ_FOREACH(s, &sim_list, entry) {
		if (i-- == 0)
			break;
	}
	if (s == NULL)
		return -1;
	buf_addf(b, "%s on '%s': %s to %s", s->name, s->conn,
	    sim_value_kind_name(s->kind), s->pattern);
	if (s->devices > 1)
		buf_addf(b, " (%u devices)", s->devices);
	buf_addf(b, ", %g/s%s, q%d%s, %" PRIu64, s->rate / s->devices,
	    s->devices > 1 ? " each" : "", s->qos,
	    s->retain ? " retained" : "", s->sent);
	if (s->total > 0)
		buf_addf(b, " of %" PRIu64, s->total);
	buf_adds(b, " sent");
	if (s->paused)
		buf_adds(b, ", paused: not connected");
	return 0;
}

void
sim_free_all(void)
{
	sim_stop(NULL);
}
