/*
 * Batch mode. Commands come from the queue the caller filled (-c, config)
 * and then from stdin, one line each. Events are printed as they happen:
 * messages on stdout (JSON or the -F template), the rest as JSON on stdout
 * or as words on stderr. Output is flushed once per loop turn.
 */
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
} batch;

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
	const struct msg	*m = ev->msg;
	cJSON			*obj = cJSON_CreateObject(), *props = NULL;
	struct buf		 b;
	char			*s;

	cJSON_AddStringToObject(obj, "event", "message");
	cJSON_AddStringToObject(obj, "connection", m->conn);
	cJSON_AddStringToObject(obj, "topic", m->topic);
	if (fmt_is_utf8(m->payload, m->len) || m->len == 0) {
		s = xstrndup(m->payload, m->len);
		cJSON_AddStringToObject(obj, "payload", s);
		free(s);
	} else {
		buf_init(&b);
		b64_encode(&b, m->payload, m->len);
		cJSON_AddStringToObject(obj, "payload_base64", buf_str(&b));
		buf_free(&b);
	}
	cJSON_AddNumberToObject(obj, "qos", m->qos);
	cJSON_AddBoolToObject(obj, "retain", m->retain);
	if (m->props != NULL)
		props = cJSON_Parse(m->props);
	cJSON_AddItemToObject(obj, "properties",
	    props != NULL ? props : cJSON_CreateObject());
	cJSON_AddNumberToObject(obj, "time", (double)m->time_ms);
	batch_json_line(obj);
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

static void
batch_after_turn(void *arg)
{
	if (batch.out.len > 0) {
		fwrite(batch.out.p, 1, batch.out.len, stdout);
		fflush(stdout);
		buf_reset(&batch.out);
	}
	/* With -C or -W, the end of input does not end the run. */
	if (batch.eof && batch.o->count == 0 && batch.o->wait <= 0 &&
	    !cmdq_busy(batch.q) && engine_pending() == 0)
		loop_exit(0);
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
	buf_init(&batch.line);
	buf_init(&batch.out);
	events_listen(batch_event, NULL);
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
	batch_after_turn(NULL);
	if (cmdq_errors(q) > 0 && status == 0)
		status = 1;
	buf_free(&batch.line);
	buf_free(&batch.out);
	return status;
}
