/*
 * Batch mode. Commands come from the queue the caller filled (-c, config)
 * and then from stdin, one line each. Events are printed as they happen:
 * messages on stdout (JSON or the -F template), the rest as JSON on stdout
 * or as words on stderr.
 *
 * Standard output is written without blocking, once per loop turn and
 * whenever it can take more: a consumer that stops reading fills a
 * bounded buffer, and then the engine stops reading from the brokers
 * while signals, -W and the keyboard still work.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "b64.h"
#include "batch.h"
#include "buf.h"
#include "cmd.h"
#include "conn.h"
#include "connack.h"
#include "doctor.h"
#include "engine.h"
#include "events.h"
#include "fmt.h"
#include "loop.h"
#include "msg.h"
#include "sim.h"
#include "topic.h"
#include "watch.h"
#include "msg-out.h"
#include "xmalloc.h"

static struct {
	const struct batch_opts	*o;
	struct cmdq		*q;
	struct loop_fd		*in;
	struct buf		 pending;	/* read, not run yet */
	size_t			 pendoff;	/* of it, run already */
	struct buf		 out;
	struct buf		 ferr;		/* -F's complaints */
	long			 lineno;
	int			 eof;
	int			 has_stdin;
	int			 taken;		/* by publish -l */
	int			 stopping;	/* -C reached, --retained-only */
	int			 removing;	/* --remove-retained publishes */
	long			 received;
	struct loop_timer	*deadline;
	struct loop_timer	*feed;		/* more lines, next turn */
	struct loop_fd		*outfd;		/* waiting to write stdout */
	size_t			 outpos;	/* written of out */
	int			 outflags;	/* stdout's flags, to restore */
	int			 active;
} batch;

/* Past this much unwritten output the brokers are not read. */
#define BATCH_OUT_MAX	(1024 * 1024)
/* Past this much input not run yet, standard input is not read. */
#define BATCH_IN_MAX	(1024 * 1024)
/* Lines run in one go before the loop gets a turn. */
#define BATCH_FEED_MAX	256

static void
batch_json_line(cJSON *obj)
{
	char	*s = cJSON_PrintUnformatted(obj);

	buf_adds(&batch.out, s);
	buf_addc(&batch.out, '\n');
	free(s);
	cJSON_Delete(obj);
}

static void
batch_message_json(const struct event *ev)
{
	msg_out_json(&batch.out, ev->msg, ev->type == EV_HIT);
}

static const char *
batch_event_name(enum event_type t)
{
	switch (t) {
	case EV_CONNECTED:
		return "connected";
	case EV_DISCONNECTED:
		return "disconnected";
	case EV_SUBSCRIBED:
		return "subscribed";
	case EV_UNSUBSCRIBED:
		return "unsubscribed";
	case EV_PUBLISHED:
		return "published";
	case EV_ERROR:
		return "error";
	case EV_INFO:
		return "info";
	case EV_HISTORY:
		return "history";
	case EV_RETAINED:
		return "retained";
	case EV_RETAINED_DONE:
		return "clear-retained";
	case EV_WAITING:
		return "waiting";
	case EV_SEARCHED:
		return "searched";
	case EV_IMPORTED:
		return "imported";
	case EV_RESPONSE:
		return "response";
	case EV_DOCTOR:
		return "doctor";
	default:
		return NULL;
	}
}

static const char *
batch_how(enum event_how how)
{
	switch (how) {
	case EV_HOW_DISCONNECT:
		return "disconnect";
	case EV_HOW_OFFLINE:
		return "offline";
	case EV_HOW_DROP:
		return "drop";
	default:
		return "lost";
	}
}

/* {"event":"imported","name":...,"as":...,"skipped":[...]} */
static void
batch_imported_json(cJSON *obj, const struct event *ev)
{
	cJSON	*a;
	size_t	 i;

	cJSON_AddStringToObject(obj, "name", ev->name);
	cJSON_AddStringToObject(obj, "as", ev->as);
	a = cJSON_AddArrayToObject(obj, "skipped");
	for (i = 0; i < ev->count; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(ev->skipped[i]));
}

/* A request's response: what was asked, what came, how fast. */
static void
batch_response_json(cJSON *obj, const struct event *ev)
{
	const struct msg	*m = ev->msg;
	struct buf		 b;
	char			*s;

	cJSON_AddStringToObject(obj, "topic", ev->topic);
	cJSON_AddStringToObject(obj, "response_topic", m->topic);
	cJSON_AddStringToObject(obj, "correlation_data", ev->data);
	if (m->len == 0 || fmt_is_utf8(m->payload, m->len)) {
		s = xstrndup(m->payload, m->len);
		cJSON_AddStringToObject(obj, "payload", s);
		free(s);
	} else {
		buf_init(&b);
		b64_encode(&b, m->payload, m->len);
		cJSON_AddStringToObject(obj, "payload_base64", buf_str(&b));
		buf_free(&b);
	}
	cJSON_AddNumberToObject(obj, "ms", (double)ev->elapsed_ms);
}

/* A doctor step: its own object after "event" and "connection". */
static void
batch_doctor(const struct event *ev, cJSON *obj)
{
	cJSON		*step, *item;
	struct buf	 b;

	if ((step = cJSON_Parse(ev->reason)) == NULL)
		return;
	if (obj == NULL) {
		buf_init(&b);
		doctor_text_step(step, &b);
		fprintf(stderr, "%s", buf_str(&b));
		buf_free(&b);
	}
	while (obj != NULL && (item = step->child) != NULL) {
		cJSON_DetachItemViaPointer(step, item);
		cJSON_AddItemToObject(obj, item->string, item);
	}
	cJSON_Delete(step);
}

static void
batch_other_json(const struct event *ev, const char *name)
{
	cJSON	*obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "event", name);
	if (ev->type == EV_IMPORTED) {
		batch_imported_json(obj, ev);
		batch_json_line(obj);
		return;
	}
	if (ev->conn != NULL)
		cJSON_AddStringToObject(obj, "connection", ev->conn->name);
	else if (ev->name != NULL)
		cJSON_AddStringToObject(obj, "connection", ev->name);
	switch (ev->type) {
	case EV_CONNECTED:
		cJSON_AddBoolToObject(obj, "session_present",
		    ev->session_present);
		if (ev->conn != NULL && ev->conn->p->tls)
			cJSON_AddStringToObject(obj, "tls",
			    profile_tls_mark(ev->conn->p));
		/* What the broker granted (MQTT 5): see the README. */
		if (ev->conn != NULL && ev->conn->connack != NULL &&
		    ev->conn->p->version == 5)
			cJSON_AddItemToObject(obj, "connack",
			    connack_props_json(ev->conn->connack));
		break;
	case EV_SUBSCRIBED:
	case EV_PUBLISHED:
		cJSON_AddStringToObject(obj, "topic", ev->topic);
		cJSON_AddNumberToObject(obj, "qos", ev->qos);
		if (ev->type == EV_PUBLISHED)
			cJSON_AddNumberToObject(obj, "mid", ev->mid);
		break;
	case EV_UNSUBSCRIBED:
		cJSON_AddStringToObject(obj, "topic", ev->topic);
		break;
	case EV_INFO:
		cJSON_AddStringToObject(obj, "text", ev->reason);
		break;
	case EV_WAITING:
		cJSON_AddNumberToObject(obj, "count", (double)ev->count);
		break;
	case EV_DISCONNECTED:
		cJSON_AddStringToObject(obj, "reason",
		    ev->reason != NULL ? ev->reason : "");
		cJSON_AddStringToObject(obj, "how", batch_how(ev->how));
		break;
	case EV_HISTORY:
		cJSON_AddStringToObject(obj, "state",
		    ev->reason != NULL ? "delayed" : "saving");
		if (ev->reason != NULL)
			cJSON_AddStringToObject(obj, "reason", ev->reason);
		cJSON_AddNumberToObject(obj, "waiting", (double)ev->count);
		break;
	case EV_RETAINED:
		cJSON_AddStringToObject(obj, "topic", ev->topic);
		cJSON_AddNumberToObject(obj, "bytes", (double)ev->count);
		break;
	case EV_RETAINED_DONE:
		cJSON_AddStringToObject(obj, "filter", ev->topic);
		cJSON_AddNumberToObject(obj, "found", (double)ev->count);
		cJSON_AddNumberToObject(obj, "cleared", (double)ev->done);
		cJSON_AddBoolToObject(obj, "dry_run", ev->dry_run);
		cJSON_AddStringToObject(obj, "text", ev->reason);
		break;
	case EV_RESPONSE:
		batch_response_json(obj, ev);
		break;
	case EV_SEARCHED:
		cJSON_AddNumberToObject(obj, "hits", (double)ev->count);
		cJSON_AddNumberToObject(obj, "examined", (double)ev->examined);
		cJSON_AddNumberToObject(obj, "ms", (double)ev->elapsed_ms);
		if (ev->reason != NULL)
			cJSON_AddStringToObject(obj, "note", ev->reason);
		break;
	case EV_DOCTOR:
		batch_doctor(ev, obj);
		break;
	default:
		cJSON_AddStringToObject(obj, "reason",
		    ev->reason != NULL ? ev->reason : "");
		break;
	}
	batch_json_line(obj);
}

/* Without --json, everything but messages goes to stderr as words. */
static void
batch_other_text(const struct event *ev, const char *name)
{
	const char	*cn = ev->conn != NULL ? ev->conn->name : ev->name;
	size_t		 i;
	const char	*tls;

	switch (ev->type) {
	case EV_CONNECTED:
		tls = ev->conn != NULL ? profile_tls_mark(ev->conn->p) : NULL;
		fprintf(stderr, "mqtty: %s: connected (session present: %s%s%s)"
		    "\n", cn, ev->session_present ? "yes" : "no",
		    tls != NULL ? ", TLS " : "", tls != NULL ? tls : "");
		break;
	case EV_SUBSCRIBED:
		fprintf(stderr, "mqtty: %s: subscribed to %s (QoS %d)\n", cn,
		    ev->topic, ev->qos);
		break;
	case EV_PUBLISHED:
	case EV_UNSUBSCRIBED:
		break;
	case EV_INFO:
		fprintf(stderr, "%s\n", ev->reason);
		break;
	case EV_WAITING:
		fprintf(stderr, "mqtty: %s: session present: %zu message%s "
		    "waiting\n", cn, ev->count, ev->count == 1 ? " was" :
		    "s were");
		break;
	case EV_HISTORY:
		if (ev->reason != NULL)
			fprintf(stderr, "mqtty: history delayed: %s (%zu "
			    "messages waiting)\n", ev->reason, ev->count);
		else
			fprintf(stderr, "mqtty: history saved again\n");
		break;
	case EV_RETAINED:
		fprintf(stderr, "mqtty: %s: retained %s (%zu bytes)\n", cn,
		    ev->topic, ev->count);
		break;
	case EV_RETAINED_DONE:
		fprintf(stderr, "mqtty: %s: %s\n", cn, ev->reason);
		break;
	case EV_IMPORTED:
		fprintf(stderr, "mqtty: imported '%s'", ev->name);
		if (strcmp(ev->name, ev->as) != 0)
			fprintf(stderr, " as '%s'", ev->as);
		for (i = 0; i < ev->count; i++)
			fprintf(stderr, "%s%s", i == 0 ? " (skipped: " : "; ",
			    ev->skipped[i]);
		fprintf(stderr, "%s\n", ev->count > 0 ? ")" : "");
		break;
	case EV_DOCTOR:
		batch_doctor(ev, NULL);
		break;
	case EV_SEARCHED:
		fprintf(stderr, "mqtty: search: %zu hit%s (looked at %ld "
		    "messages in %ld ms)%s%s\n", ev->count, ev->count == 1 ?
		    "" : "s", ev->examined, ev->elapsed_ms,
		    ev->reason != NULL ? ": " : "",
		    ev->reason != NULL ? ev->reason : "");
		break;
	default:
		if (cn != NULL)
			fprintf(stderr, "mqtty: %s: %s: %s\n", cn, name,
			    ev->reason ? ev->reason : "");
		else
			fprintf(stderr, "mqtty: %s: %s\n", name,
			    ev->reason ? ev->reason : "");
		break;
	}
}

/* The loop ends once the clearing publishes are answered. */
static void
batch_stop(void)
{
	batch.stopping = 1;
	if (batch.removing == 0)
		loop_exit(0);
}

static void
batch_removed(void *arg, int ok, const char *reason)
{
	batch.removing--;
	if (!ok)
		events_error(NULL, "--remove-retained: %s", reason != NULL ?
		    reason : "not published");
	if (batch.stopping && batch.removing == 0)
		loop_exit(0);
}

/* --remove-retained: an empty retained message clears the topic. */
static void
batch_remove(struct conn *c, const char *topic)
{
	struct pub	 pb = { 0 };
	char		*err = NULL;

	if (c == NULL)
		return;
	pb.topic = topic;
	pb.payload = "";
	pb.qos = 1;
	pb.retain = 1;
	if (engine_publish(c, &pb, batch_removed, NULL, &err) != 0) {
		events_error(c, "--remove-retained: %s", err);
		free(err);
		return;
	}
	batch.removing++;
}

/* One received message as text: -F, -v, or the default "%t %p". */
static void
batch_message_text(const struct msg *m)
{
	const struct batch_opts	*o = batch.o;
	const char		*s, *nl;
	int			 line = 0, flags = FMT_ESCAPES;

	if (o->watch) {
		line = watch_line(m->topic);
		buf_addf(&batch.out, "\033[%d;1H\033[2K", line);
	}
	if (o->format == NULL && o->verbose) {
		/* mosquitto_sub -v: an empty payload is "(null)". */
		if (m->len > 0) {
			buf_adds(&batch.out, m->topic);
			buf_addc(&batch.out, ' ');
			buf_add(&batch.out, m->payload, m->len);
		} else if (!o->no_eol)
			buf_addf(&batch.out, "%s (null)", m->topic);
	} else {
		if (o->pretty)
			flags |= FMT_PRETTY;
		fmt_template(&batch.out, o->format != NULL ? o->format :
		    "%t %p", m, flags, &batch.ferr);
	}
	if (!o->no_eol)
		buf_addc(&batch.out, '\n');
	if (o->watch)
		buf_addf(&batch.out, "\033[%d;1H\n", watch_last());
	for (s = buf_str(&batch.ferr); *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		events_error(NULL, "-F %.*s", (int)(nl - s), s);
	}
	buf_reset(&batch.ferr);
}

/* mosquitto_sub's order: --retained-only, -R, -T, --remove-retained. */
static void
batch_message(const struct event *ev)
{
	const struct batch_opts	*o = batch.o;
	const struct msg	*m = ev->msg;
	char			**f;

	if (batch.stopping)
		return;
	if (o->count > 0 && batch.received >= o->count)
		return;
	if (o->retained_only && !m->retain) {
		batch_stop();
		return;
	}
	if (o->no_retain && m->retain)
		return;
	for (f = o->filter_out; f != NULL && *f != NULL; f++) {
		if (topic_match(*f, m->topic))
			return;
	}
	if (o->remove_retained && m->retain)
		batch_remove(ev->conn, m->topic);
	if (o->random_filter >= 10000 ||
	    random() % 10000 < o->random_filter) {
		if (o->json)
			batch_message_json(ev);
		else
			batch_message_text(m);
	}
	if (++batch.received == o->count)
		batch_stop();
}

static void
batch_event(const struct event *ev, void *arg)
{
	const char	*name;

	if (!batch.active)
		return;
	/* Search hits print as messages do, with no filter or count. */
	if (ev->type == EV_HIT) {
		if (batch.o->json)
			batch_message_json(ev);
		else
			batch_message_text(ev->msg);
		return;
	}
	if (ev->type == EV_MESSAGE) {
		if (ev->msg->dir == MSG_IN)
			batch_message(ev);
		return;
	}
	if ((name = batch_event_name(ev->type)) == NULL)
		return;
	if (batch.o->json)
		batch_other_json(ev, name);
	else
		batch_other_text(ev, name);
}

/* Queue one line of input as commands. */
static void
batch_take_line(const char *s, size_t n)
{
	char	*copy;

	batch.lineno++;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (memchr(s, '\0', n) != NULL) {
		events_error(NULL, "input line %ld: contains a NUL byte "
		    "(write \\x00 inside quotes only where allowed)",
		    batch.lineno);
		cmdq_count_error(batch.q);
		return;
	}
	copy = xstrndup(s, n);
	cmdq_append(batch.q, copy);
	free(copy);
}

/*
 * Run the lines read, one at a time while the queue is idle: a command
 * that takes the rest of the input (publish -l) finds it unread.
 */
static void
batch_feed(void)
{
	const char	*p, *nl, *end;
	int		 n;

	for (n = 0; n < BATCH_FEED_MAX && !batch.taken &&
	    !cmdq_busy(batch.q) && batch.pendoff < batch.pending.len; n++) {
		p = batch.pending.p + batch.pendoff;
		end = batch.pending.p + batch.pending.len;
		if ((nl = memchr(p, '\n', end - p)) == NULL) {
			if (!batch.eof)
				break;
			nl = end;
		}
		/* Consumed before it runs: it may take the rest. */
		batch.pendoff += nl - p + (nl < end);
		batch_take_line(p, nl - p);
		cmdq_run(batch.q);
	}
	/* Cut short with lines left: go on after the loop's next turn. */
	if (n == BATCH_FEED_MAX && batch.feed != NULL)
		loop_timer_start(batch.feed, 0);
	if (batch.pendoff > 0 && !batch.taken) {
		memmove(batch.pending.p, batch.pending.p + batch.pendoff,
		    batch.pending.len - batch.pendoff);
		batch.pending.len -= batch.pendoff;
		batch.pending.p[batch.pending.len] = '\0';
		batch.pendoff = 0;
	}
	if (batch.in != NULL)
		loop_fd_set_events(batch.in, batch.pending.len <
		    BATCH_IN_MAX ? POLLIN : 0);
}

static void
batch_feed_timer(void *arg)
{
	batch_feed();
}

static void
batch_stdin(int fd, short revents, void *arg)
{
	char	 chunk[65536];
	ssize_t	 n;

	n = read(fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		batch.eof = 1;
		loop_fd_remove(batch.in);
		batch.in = NULL;
	} else
		buf_add(&batch.pending, chunk, n);
	batch_feed();
}

int
batch_stdin_take(struct buf *rest)
{
	if (!batch.active || batch.taken || !batch.has_stdin)
		return -1;
	buf_add(rest, batch.pending.p + batch.pendoff,
	    batch.pending.len - batch.pendoff);
	buf_reset(&batch.pending);
	batch.pendoff = 0;
	if (batch.in != NULL) {
		loop_fd_remove(batch.in);
		batch.in = NULL;
	}
	batch.taken = 1;
	return STDIN_FILENO;
}

void
batch_stdin_return(void)
{
	batch.taken = 0;
	batch.eof = 1;
}

/* Write what stdout takes now; 0 when it is all out, 1 when blocked. */
static int
batch_write(void)
{
	ssize_t	n;

	while (batch.outpos < batch.out.len) {
		n = write(STDOUT_FILENO, batch.out.p + batch.outpos,
		    batch.out.len - batch.outpos);
		if (n > 0) {
			batch.outpos += n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 1;
		/* EPIPE and the like: nobody reads it; drop, don't spin. */
		batch.outpos = batch.out.len;
	}
	buf_reset(&batch.out);
	batch.outpos = 0;
	return 0;
}

static void batch_flush(void);

static void
batch_writable(int fd, short revents, void *arg)
{
	batch_flush();
}

static void
batch_flush(void)
{
	if (batch_write() == 0) {
		if (batch.outfd != NULL) {
			loop_fd_remove(batch.outfd);
			batch.outfd = NULL;
		}
	} else if (batch.outfd == NULL)
		batch.outfd = loop_fd_add(STDOUT_FILENO, POLLOUT,
		    batch_writable, NULL);
}

static int
batch_room(void)
{
	return batch.out.len - batch.outpos < BATCH_OUT_MAX;
}

static void
batch_after_turn(void *arg)
{
	batch_feed();
	if (batch.out.len > batch.outpos)
		batch_flush();
	/* With -C or -W, the end of input does not end the run. */
	if (batch.eof && !batch.taken && batch.pendoff == batch.pending.len &&
	    batch.o->count == 0 && batch.o->wait <= 0 &&
	    !cmdq_busy(batch.q) && engine_pending() == 0 &&
	    sim_count() == 0)
		loop_exit(0);
}

/*
 * Never block in write(2) on a pipe, socket or terminal a consumer may
 * stop reading; a file is written as usual.
 */
static void
batch_nonblock(void)
{
	struct stat	sb;

	batch.outflags = -1;
	if (fstat(STDOUT_FILENO, &sb) != 0 || S_ISREG(sb.st_mode))
		return;
	if ((batch.outflags = fcntl(STDOUT_FILENO, F_GETFL)) == -1)
		return;
	if (fcntl(STDOUT_FILENO, F_SETFL, batch.outflags | O_NONBLOCK) == -1)
		batch.outflags = -1;
}

int
batch_finish(int status)
{
	struct pollfd	pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
	int64_t		end = loop_now() + 1000;
	int		left;

	if (!batch.active)
		return status;
	while (batch_write() != 0 && (left = (int)(end - loop_now())) > 0)
		poll(&pfd, 1, left);
	if (batch.out.len > batch.outpos) {
		fprintf(stderr, "mqtty: %zu bytes of output not written: "
		    "standard output is not being read\n",
		    batch.out.len - batch.outpos);
		status = 1;
	}
	if (batch.outflags != -1)
		fcntl(STDOUT_FILENO, F_SETFL, batch.outflags);
	batch.active = 0;
	buf_free(&batch.pending);
	buf_free(&batch.out);
	buf_free(&batch.ferr);
	watch_free();
	return status;
}

static void
batch_deadline(void *arg)
{
	loop_exit(0);
}

static void
batch_signal(int sig)
{
	loop_exit(sig == SIGINT || sig == SIGTERM ? 1 : 0);
}

int
batch_run(struct cmdq *q, const struct batch_opts *o)
{
	int	status;

	memset(&batch, 0, sizeof batch);
	batch.o = o;
	batch.q = q;
	batch.active = 1;
	buf_init(&batch.pending);
	buf_init(&batch.out);
	buf_init(&batch.ferr);
	batch_nonblock();
	if (o->watch)
		buf_adds(&batch.out, "\033[2J\033[1;1H");
	events_listen(batch_event, NULL);
	engine_add_room(batch_room);
	loop_after_turn(batch_after_turn, NULL);
	loop_signal(SIGINT, batch_signal);
	loop_signal(SIGTERM, batch_signal);
	loop_signal(SIGHUP, batch_signal);
	if (o->read_stdin && fcntl(STDIN_FILENO, F_GETFL) != -1) {
		batch.in = loop_fd_add(STDIN_FILENO, POLLIN, batch_stdin, NULL);
		batch.has_stdin = 1;
	} else
		batch.eof = 1;
	batch.feed = loop_timer_new(batch_feed_timer, NULL);
	if (o->wait > 0) {
		batch.deadline = loop_timer_new(batch_deadline, NULL);
		loop_timer_start(batch.deadline, (int64_t)(o->wait * 1000));
	}
	status = loop_run();
	if (cmdq_errors(q) > 0 && status == 0)
		status = 1;
	return status;
}
