/*
 * The writer thread: every write, in the order it was queued, on its own
 * SQLite connection, so the loop never waits on a lock, an fsync or a
 * checkpoint.
 *
 * Rows are group-committed: each transaction takes what has queued up
 * while the last one ran (bounded, so a commit lands every few ms under a
 * flood and a crash loses little). A write that fails is retried, never
 * dropped; while it fails, store_poll reports why. The queue is bounded in
 * bytes and rows: past the bound store_msg_room says so and the caller
 * stops reading from the brokers (TCP backpressure) instead of dropping.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

#define STORE_QUEUE_BYTES	(4 * 1024 * 1024)
#define STORE_QUEUE_ROWS	16384
#define STORE_TXN_ROWS		4096	/* rows per transaction at most */
#define STORE_TXN_BYTES		(2 * 1024 * 1024)
#define STORE_GATHER		256	/* rows handed over at once at most */
#define STORE_BUSY_MS		200	/* wait for a lock before saying so */
#define STORE_RETRY_MS		100	/* then retry this often ... */
#define STORE_RETRY_MAX_MS	1000	/* ... backing off up to this */

struct store_item {
	struct store_item	*next;
	uint64_t		 seq;
	size_t			 bytes;
	/* A row (fn == NULL): m points into the bytes after the item. */
	struct msg		 m;
	/* Or a job. */
	store_job_fn		 fn;
	void			(*free_arg)(void *);
	void			*arg;
	store_done_fn		 done;
	void			*done_arg;
	int			 raw;		/* runs outside a transaction */
	int			 ok;
	char			*err;
};

static struct {
	pthread_t		 thread;
	int			 running;
	struct store_db		*d;
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* writer: something to do */
	pthread_cond_t		 idle;		/* waiters: a write finished */
	struct store_item	*head, **tail;
	struct store_item	*batch;		/* being written, not queued */
	struct store_item	*done, **done_tail;	/* jobs to answer */
	uint64_t		 next_seq;	/* loop thread only */
	struct store_item	*pend, **pend_tail;	/* loop thread only */
	size_t			 pend_bytes, pend_rows;
	uint64_t		 committed;
	size_t			 bytes;		/* queued + batch */
	size_t			 rows;
	char			*reason;	/* why writes are held back */
	int			 changed;	/* for store_poll */
	int			 stopping;
	int			 abandon;
	int			 wake_pending;
	int			 index;		/* rows the FTS may lack */
	int			 retain;	/* retention to look at */
	void			(*wake)(void);
	void			(*state_fn)(const struct store_state *,
				    void *);
	void			*state_arg;
} sw = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static void
store_writer_notify(void)
{
	/* Called with the lock held. */
	if (sw.wake != NULL && !sw.wake_pending) {
		sw.wake_pending = 1;
		sw.wake();
	}
	pthread_cond_broadcast(&sw.idle);
}

static void
store_writer_free_item(struct store_item *it)
{
	if (it->fn != NULL && it->free_arg != NULL)
		it->free_arg(it->arg);
	free(it->err);
	free(it);
}

/* The words for a failed write, from SQLite's error code. */
static char *
store_writer_words(struct store_db *d)
{
	switch (sqlite3_errcode(d->db) & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xstrdup("database locked by another process");
	case SQLITE_READONLY:
		return xstrdup("database became read-only");
	case SQLITE_FULL:
		return xstrdup("disk full");
	default:
		return xstrdup(store_errmsg(d));
	}
}

static int
store_writer_transient(struct store_db *d)
{
	int	rc = sqlite3_errcode(d->db) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* One try at writing the batch: 0, or -1 (rolled back). */
static int
store_writer_try(struct store_item *batch)
{
	static const struct msg	*v[STORE_TXN_ROWS];
	struct store_db		*d = sw.d;
	struct store_item	*it;
	size_t			 n = 0;

	if (batch->fn != NULL && batch->raw) {
		free(batch->err);
		batch->err = NULL;
		return batch->fn(d, batch->arg, &batch->err);
	}
	if (store_begin(d) != 0)
		return -1;
	store_topic_stats_reset();
	if (batch->fn != NULL) {
		free(batch->err);
		batch->err = NULL;
		if (batch->fn(d, batch->arg, &batch->err) != 0)
			goto fail;
	} else {
		for (it = batch; it != NULL; it = it->next)
			v[n++] = &it->m;
		if (store_msg_insert(d, v, n) != 0)
			goto fail;
	}
	if (store_commit(d) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(d);
	/* Ids made in the rolled-back transaction are gone with it. */
	store_topic_forget();
	return -1;
}

static void
store_writer_set_reason(char *why)
{
	pthread_mutex_lock(&sw.lock);
	if (why == NULL && sw.reason == NULL) {
		pthread_mutex_unlock(&sw.lock);
		return;
	}
	if (why != NULL && sw.reason != NULL && strcmp(why, sw.reason) == 0) {
		free(why);
		pthread_mutex_unlock(&sw.lock);
		return;
	}
	free(sw.reason);
	sw.reason = why;
	sw.changed = 1;
	store_writer_notify();
	pthread_mutex_unlock(&sw.lock);
}

/* The monotonic time ms milliseconds from now, for a timed wait. */
static void
store_writer_deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* Write the batch, retrying until it lands or the writer is abandoned. */
static int
store_writer_write(struct store_item *batch)
{
	struct timespec	 ts;
	int		 delay = STORE_RETRY_MS, abandon;

	for (;;) {
		if (store_writer_try(batch) == 0) {
			store_writer_set_reason(NULL);
			batch->ok = 1;
			return 0;
		}
		/* A job's own error (no such profile) is its answer. */
		if (batch->fn != NULL && !store_writer_transient(sw.d) &&
		    batch->err != NULL)
			return 0;
		store_writer_set_reason(store_writer_words(sw.d));

		pthread_mutex_lock(&sw.lock);
		store_writer_deadline(&ts, delay);
		while (!sw.abandon && pthread_cond_timedwait(&sw.work,
		    &sw.lock, &ts) != ETIMEDOUT)
			;
		abandon = sw.abandon;
		pthread_mutex_unlock(&sw.lock);
		if (abandon)
			return -1;
		if ((delay *= 2) > STORE_RETRY_MAX_MS)
			delay = STORE_RETRY_MAX_MS;
	}
}

/* Take the next batch off the queue: one job, or a run of rows. */
static struct store_item *
store_writer_take(void)
{
	struct store_item	*first = sw.head, *it = first, *last = first;
	size_t			 rows = 0, bytes = 0;

	if (first->fn == NULL) {
		while (it != NULL && it->fn == NULL &&
		    rows < STORE_TXN_ROWS && bytes < STORE_TXN_BYTES) {
			rows++;
			bytes += it->bytes;
			last = it;
			it = it->next;
		}
	}
	sw.head = last->next;
	if (sw.head == NULL)
		sw.tail = &sw.head;
	last->next = NULL;
	return first;
}

/* Retention rules changed (writer thread, inside a job). */
void
store_writer_kick(void)
{
	sw.retain = 1;
}

static void *
store_writer_main(void *arg)
{
	struct store_item	*batch, *it, *next;
	size_t			 bytes, rows;
	uint64_t		 last;
	int			 rc;

	pthread_setname_np(pthread_self(), "mqtty-store");
	pthread_mutex_lock(&sw.lock);
	for (;;) {
		while (sw.head == NULL && !sw.stopping) {
			/* Idle: retention first, then the full-text index. */
			if (sw.retain) {
				pthread_mutex_unlock(&sw.lock);
				rc = store_retain_step(sw.d, 0);
				pthread_mutex_lock(&sw.lock);
				if (rc <= 0)
					sw.retain = 0;
				continue;
			}
			if (sw.index) {
				pthread_mutex_unlock(&sw.lock);
				rc = store_fts_index(sw.d);
				pthread_mutex_lock(&sw.lock);
				if (rc <= 0)
					sw.index = 0;
				continue;
			}
			pthread_cond_wait(&sw.work, &sw.lock);
		}
		if (sw.head == NULL && !sw.abandon && sw.retain) {
			/* Stopping: leave history within its bounds, exactly. */
			sw.retain = 0;
			pthread_mutex_unlock(&sw.lock);
			while (store_retain_step(sw.d, 0) > 0)
				;
			pthread_mutex_lock(&sw.lock);
			continue;
		}
		if (sw.head == NULL || sw.abandon)
			break;
		sw.batch = batch = store_writer_take();
		pthread_mutex_unlock(&sw.lock);

		rc = store_writer_write(batch);

		bytes = rows = 0;
		last = batch->seq;
		for (it = batch; it != NULL; it = it->next) {
			bytes += it->bytes;
			rows += it->fn == NULL;
			last = it->seq;
		}
		pthread_mutex_lock(&sw.lock);
		if (rc != 0)
			break;	/* abandoned: the batch is counted lost */
		sw.batch = NULL;
		sw.committed = last;
		sw.index |= rows > 0;
		sw.retain |= rows > 0;
		sw.bytes -= bytes;
		sw.rows -= rows;
		sw.changed = 1;
		if (batch->fn != NULL) {
			*sw.done_tail = batch;
			sw.done_tail = &batch->next;
			batch = NULL;
		}
		store_writer_notify();
		pthread_mutex_unlock(&sw.lock);
		for (it = batch; it != NULL; it = next) {
			next = it->next;
			store_writer_free_item(it);
		}
		/* In a flood the queue is never empty: trim as rows come. */
		if (rows > 0)
			store_retain_step(sw.d, 1);
		pthread_mutex_lock(&sw.lock);
	}
	pthread_mutex_unlock(&sw.lock);
	return NULL;
}

/*
 * SQLite's own busy handler sleeps in steps of up to 100 ms: two writers
 * on one database would take turns far too slowly. Retry every few
 * hundred microseconds instead, for up to STORE_BUSY_MS.
 */
static int
store_writer_busy(void *arg, int count)
{
	struct timespec	ts = { 0, 250000 };

	if (count * 250 / 1000 >= STORE_BUSY_MS)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

int
store_writer_start(struct store_db *d, char **err)
{
	pthread_condattr_t	attr;

	sw.d = d;
	sw.head = NULL;
	sw.tail = &sw.head;
	sw.done = NULL;
	sw.done_tail = &sw.done;
	sw.pend = NULL;
	sw.pend_tail = &sw.pend;
	sw.pend_bytes = sw.pend_rows = 0;
	sw.stopping = sw.abandon = 0;
	sw.committed = sw.next_seq;
	sqlite3_busy_handler(d->db, store_writer_busy, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&sw.work, &attr);
	pthread_cond_init(&sw.idle, &attr);
	pthread_condattr_destroy(&attr);
	sw.index = 1;	/* an older database may have rows to index */
	sw.retain = 1;
	if (pthread_create(&sw.thread, NULL, store_writer_main, NULL) != 0) {
		*err = xasprintf("cannot start the database writer: %s",
		    strerror(errno));
		return -1;
	}
	sw.running = 1;
	return 0;
}

/* Hand the rows gathered this turn to the writer: one lock for many. */
void
store_msg_flush(void)
{
	if (sw.pend == NULL)
		return;
	pthread_mutex_lock(&sw.lock);
	*sw.tail = sw.pend;
	sw.tail = sw.pend_tail;
	sw.bytes += sw.pend_bytes;
	sw.rows += sw.pend_rows;
	pthread_cond_signal(&sw.work);
	pthread_mutex_unlock(&sw.lock);
	sw.pend = NULL;
	sw.pend_tail = &sw.pend;
	sw.pend_bytes = sw.pend_rows = 0;
}

/*
 * Queue an item, after the rows gathered so far: it may be written and
 * freed before this returns.
 */
static uint64_t
store_writer_push(struct store_item *it)
{
	uint64_t	seq;

	store_msg_flush();
	pthread_mutex_lock(&sw.lock);
	seq = it->seq = ++sw.next_seq;
	*sw.tail = it;
	sw.tail = &it->next;
	sw.bytes += it->bytes;
	sw.rows += it->fn == NULL;
	pthread_cond_signal(&sw.work);
	pthread_mutex_unlock(&sw.lock);
	return seq;
}

static void
store_writer_queue(store_job_fn fn, void (*free_arg)(void *), void *arg,
    store_done_fn done, void *done_arg, int raw)
{
	struct store_item	*it = xcalloc(1, sizeof *it);

	it->fn = fn;
	it->free_arg = free_arg;
	it->arg = arg;
	it->done = done;
	it->done_arg = done_arg;
	it->raw = raw;
	it->bytes = sizeof *it;
	if (!sw.running) {
		if (done != NULL)
			done(done_arg, 0, "database not open");
		store_writer_free_item(it);
		return;
	}
	store_writer_push(it);
}

void
store_writer_job(store_job_fn fn, void (*free_arg)(void *), void *arg,
    store_done_fn done, void *done_arg)
{
	store_writer_queue(fn, free_arg, arg, done, done_arg, 0);
}

/* A job that makes its own transactions (VACUUM can't run in one). */
void
store_writer_job_raw(store_job_fn fn, void (*free_arg)(void *), void *arg,
    store_done_fn done, void *done_arg)
{
	store_writer_queue(fn, free_arg, arg, done, done_arg, 1);
}
static char *
store_writer_copy(char **p, const void *src, size_t len)
{
	char	*dst = *p;

	memcpy(dst, src, len);
	*p += len;
	return dst;
}

uint64_t
store_msg_add(const struct msg *m)
{
	struct store_item	*it;
	const char		*conn = m->conn != NULL ? m->conn : "";
	size_t			 lc = strlen(conn) + 1, lt = strlen(m->topic) + 1;
	size_t			 lp = m->props != NULL ? strlen(m->props) + 1 : 0;
	size_t			 lw = m->will_of != NULL ?
				    strlen(m->will_of) + 1 : 0;
	uint64_t		 seq;
	char			*p;

	if (!sw.running)
		return 0;
	it = xmalloc(sizeof *it + lc + lt + lp + lw + m->len);
	memset(it, 0, sizeof *it);
	it->bytes = sizeof *it + lc + lt + lp + lw + m->len;
	it->m = *m;
	p = (char *)(it + 1);
	it->m.conn = store_writer_copy(&p, conn, lc);
	it->m.topic = store_writer_copy(&p, m->topic, lt);
	it->m.props = lp > 0 ? store_writer_copy(&p, m->props, lp) : NULL;
	it->m.will_of = lw > 0 ? store_writer_copy(&p, m->will_of, lw) : NULL;
	it->m.payload = m->len > 0 ? store_writer_copy(&p, m->payload, m->len) :
	    NULL;
	/* Gathered until the end of the loop's turn, or STORE_GATHER rows. */
	seq = it->seq = ++sw.next_seq;
	*sw.pend_tail = it;
	sw.pend_tail = &it->next;
	sw.pend_bytes += it->bytes;
	/* Once handed over, it may be written and freed at any moment. */
	if (++sw.pend_rows >= STORE_GATHER)
		store_msg_flush();
	return seq;
}

int
store_msg_room(void)
{
	int	room;

	pthread_mutex_lock(&sw.lock);
	room = sw.bytes + sw.pend_bytes < STORE_QUEUE_BYTES &&
	    sw.rows + sw.pend_rows < STORE_QUEUE_ROWS;
	pthread_mutex_unlock(&sw.lock);
	return room;
}

uint64_t
store_msg_last(void)
{
	return sw.next_seq;
}

void
store_set_wake(void (*fn)(void))
{
	pthread_mutex_lock(&sw.lock);
	sw.wake = fn;
	pthread_mutex_unlock(&sw.lock);
}

void
store_on_state(void (*fn)(const struct store_state *, void *), void *arg)
{
	sw.state_fn = fn;
	sw.state_arg = arg;
}

void
store_poll(void)
{
	struct store_item	*done, *next;
	struct store_state	 st;
	char			*reason;
	int			 changed;

	pthread_mutex_lock(&sw.lock);
	sw.wake_pending = 0;
	done = sw.done;
	sw.done = NULL;
	sw.done_tail = &sw.done;
	changed = sw.changed;
	sw.changed = 0;
	st.committed = sw.committed;
	st.waiting = sw.rows;
	reason = sw.reason != NULL ? xstrdup(sw.reason) : NULL;
	pthread_mutex_unlock(&sw.lock);

	for (; done != NULL; done = next) {
		next = done->next;
		if (done->done != NULL)
			done->done(done->done_arg, done->ok, done->err);
		store_writer_free_item(done);
	}
	st.reason = reason;
	if (changed && sw.state_fn != NULL)
		sw.state_fn(&st, sw.state_arg);
	free(reason);
}

/* Answer and free what was never written. */
static size_t
store_writer_drop(struct store_item *list)
{
	struct store_item	*next;
	size_t			 rows = 0;

	for (; list != NULL; list = next) {
		next = list->next;
		if (list->fn == NULL)
			rows++;
		else if (list->done != NULL)
			list->done(list->done_arg, 0, "not saved: the database "
			    "stayed unwritable");
		store_writer_free_item(list);
	}
	return rows;
}

/* Wait (lock held) until the queue is written or ms pass (-1: no limit). */
static int
store_writer_wait(int ms)
{
	struct timespec	ts;

	store_writer_deadline(&ts, ms);
	while (sw.head != NULL || sw.batch != NULL) {
		if (ms < 0)
			pthread_cond_wait(&sw.idle, &sw.lock);
		else if (pthread_cond_timedwait(&sw.idle, &sw.lock, &ts) ==
		    ETIMEDOUT)
			return -1;
	}
	return 0;
}

size_t
store_drain(int ms)
{
	size_t	left;

	if (!sw.running)
		return 0;
	store_msg_flush();
	pthread_mutex_lock(&sw.lock);
	store_writer_wait(ms);
	left = sw.rows;
	pthread_mutex_unlock(&sw.lock);
	store_poll();
	return left;
}

void
store_sync(void)
{
	store_drain(-1);
}

int
store_writer_stop(int ms)
{
	size_t	lost;

	if (!sw.running)
		return 0;
	store_msg_flush();
	pthread_mutex_lock(&sw.lock);
	sw.stopping = 1;
	pthread_cond_signal(&sw.work);
	if (store_writer_wait(ms) != 0) {
		/* Out of time: stop a lock wait now, keep nothing. */
		sw.abandon = 1;
		sqlite3_interrupt(sw.d->db);
		pthread_cond_broadcast(&sw.work);
	}
	pthread_mutex_unlock(&sw.lock);
	pthread_join(sw.thread, NULL);
	sw.running = 0;

	store_poll();
	lost = store_writer_drop(sw.batch) + store_writer_drop(sw.head);
	sw.batch = sw.head = NULL;
	sw.tail = &sw.head;
	sw.bytes = sw.rows = 0;
	free(sw.reason);
	sw.reason = NULL;
	pthread_cond_destroy(&sw.work);
	pthread_cond_destroy(&sw.idle);
	return (int)lost;
}
