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
#include "engine.h"
#include "events.h"
#include "fmt.h"
#include "loop.h"
#include "msg.h"
#include "msg-out.h"
#include "xmalloc.h"

static struct {
	const struct batch_opts	*o;
	struct cmdq		*q;
	struct loop_fd		*in;
	struct buf		 line;
	struct buf		 out;
	long			 lineno;
	int			 eof;
	long			 received;
	struct loop_timer	*deadline;
	struct loop_fd		*outfd;		/* waiting to write stdout */
	size_t			 outpos;	/* written of out */
	int			 outflags;	/* stdout's flags, to restore */
	int			 active;
} batch;

/* Past this much unwritten output the brokers are not read. */
#define BATCH_OUT_MAX	(1024 * 1024)

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
	case EV_SEARCHED:
		return "searched";
	default:
		return NULL;
	}
}

static void
batch_other_json(const struct event *ev, const char *name)
{
	cJSON	*obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "event", name);
	if (ev->conn != NULL)
		cJSON_AddStringToObject(obj, "connection", ev->conn->name);
	switch (ev->type) {
	case EV_CONNECTED:
		cJSON_AddBoolToObject(obj, "session_present",
		    ev->session_present);
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
	case EV_HISTORY:
		cJSON_AddStringToObject(obj, "state",
		    ev->reason != NULL ? "delayed" : "saving");
		if (ev->reason != NULL)
			cJSON_AddStringToObject(obj, "reason", ev->reason);
		cJSON_AddNumberToObject(obj, "waiting", (double)ev->count);
		break;
	case EV_SEARCHED:
		cJSON_AddNumberToObject(obj, "hits", (double)ev->count);
		cJSON_AddNumberToObject(obj, "examined", (double)ev->examined);
		cJSON_AddNumberToObject(obj, "ms", (double)ev->elapsed_ms);
		if (ev->reason != NULL)
			cJSON_AddStringToObject(obj, "note", ev->reason);
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
	const char	*cn = ev->conn != NULL ? ev->conn->name : NULL;

	switch (ev->type) {
	case EV_CONNECTED:
		fprintf(stderr, "mqtty: %s: connected (session present: %s)\n",
		    cn, ev->session_present ? "yes" : "no");
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
	case EV_HISTORY:
		if (ev->reason != NULL)
			fprintf(stderr, "mqtty: history delayed: %s (%zu "
			    "messages waiting)\n", ev->reason, ev->count);
		else
			fprintf(stderr, "mqtty: history saved again\n");
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

static void
batch_event(const struct event *ev, void *arg)
{
	const char	*name;

	if (!batch.active)
		return;
	if (ev->type == EV_HIT) {
		if (batch.o->json)
			batch_message_json(ev);
		else {
			fmt_template(&batch.out, batch.o->format, ev->msg, 1);
			buf_addc(&batch.out, '\n');
		}
		return;
	}
	if (ev->type == EV_MESSAGE) {
		if (ev->msg->dir != MSG_IN)
			return;
		if (batch.o->count > 0 && batch.received >= batch.o->count)
			return;
		if (batch.o->json)
			batch_message_json(ev);
		else {
			fmt_template(&batch.out, batch.o->format, ev->msg, 1);
			buf_addc(&batch.out, '\n');
		}
		if (++batch.received == batch.o->count)
			loop_exit(0);
		return;
	}
	if ((name = batch_event_name(ev->type)) == NULL)
		return;
	if (batch.o->json)
		batch_other_json(ev, name);
	else
		batch_other_text(ev, name);
}

static void
batch_take_line(void)
{
	const char	*s = buf_str(&batch.line);
	size_t		 n = batch.line.len;

	batch.lineno++;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (memchr(s, '\0', n) != NULL) {
		events_error(NULL, "input line %ld: contains a NUL byte "
		    "(write \\x00 inside quotes only where allowed)",
		    batch.lineno);
		cmdq_count_error(batch.q);
	} else {
		char	*copy = xstrndup(s, n);

		cmdq_append(batch.q, copy);
		free(copy);
	}
	buf_reset(&batch.line);
}

static void
batch_stdin(int fd, short revents, void *arg)
{
	char	 chunk[65536], *nl, *p;
	ssize_t	 n;

	n = read(fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		if (batch.line.len > 0)
			batch_take_line();
		batch.eof = 1;
		loop_fd_remove(batch.in);
		batch.in = NULL;
		return;
	}
	for (p = chunk; p < chunk + n; p = nl + 1) {
		nl = memchr(p, '\n', chunk + n - p);
		if (nl == NULL) {
			buf_add(&batch.line, p, chunk + n - p);
			break;
		}
		buf_add(&batch.line, p, nl - p);
		batch_take_line();
	}
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
	if (batch.out.len > batch.outpos)
		batch_flush();
	/* With -C or -W, the end of input does not end the run. */
	if (batch.eof && batch.o->count == 0 && batch.o->wait <= 0 &&
	    !cmdq_busy(batch.q) && engine_pending() == 0)
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
	buf_free(&batch.line);
	buf_free(&batch.out);
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
	buf_init(&batch.line);
	buf_init(&batch.out);
	batch_nonblock();
	events_listen(batch_event, NULL);
	engine_add_room(batch_room);
	loop_after_turn(batch_after_turn, NULL);
	loop_signal(SIGINT, batch_signal);
	loop_signal(SIGTERM, batch_signal);
	loop_signal(SIGHUP, batch_signal);
	if (o->read_stdin && fcntl(STDIN_FILENO, F_GETFL) != -1)
		batch.in = loop_fd_add(STDIN_FILENO, POLLIN, batch_stdin, NULL);
	else
		batch.eof = 1;
	if (o->wait > 0) {
		batch.deadline = loop_timer_new(batch_deadline, NULL);
		loop_timer_start(batch.deadline, (int64_t)(o->wait * 1000));
	}
	status = loop_run();
	if (cmdq_errors(q) > 0 && status == 0)
		status = 1;
	return status;
}
