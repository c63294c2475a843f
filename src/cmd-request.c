/*
 * request: mosquitto_rr's job. Subscribe to a response topic, publish
 * the request with that response topic and a correlation data of its
 * own, and wait (the loop runs on) for the message on the response topic
 * that carries the same correlation data; a response with another one is
 * someone else's. Its latency counts from the publish.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "events.h"
#include "fmt.h"
#include "loop.h"
#include "msg.h"
#include "sub.h"
#include "topic.h"
#include "xmalloc.h"

#define CMD_REQUEST_WAIT	10	/* seconds, when -W is not given */
#define CMD_REQUEST_SHOWN	60	/* payload bytes in the status line */

static enum cmd_retval	cmd_request_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_request_entry = {
	"request", "rr",
	"request [-t NAME] [-q QOS] [-e RESPONSE_TOPIC] [-W SECONDS] TOPIC "
	"PAYLOAD",
	"publish a request (MQTT 5: response topic, correlation data) and "
	"show the response that matches it, with its latency",
	cmd_request_exec
};

struct cmd_request {
	struct cmdq_item	*item;
	char			*conn;
	char			*topic;
	char			*corr;
	struct sub		*sub;		/* the response topic's */
	char			*payload;
	int			 qos;
	int			 wait_ms;
	int64_t			 sent_at;
	struct loop_timer	*timer;
	int			 pending;	/* engine calls unanswered */
	int			 subscribed;
	int			 finished;
	struct cmd_request	*next;
};

static struct cmd_request	*cmd_request_all;

static void
cmd_request_free_maybe(struct cmd_request *r)
{
	struct cmd_request	**rp;

	if (!r->finished || r->pending > 0)
		return;
	for (rp = &cmd_request_all; *rp != NULL; rp = &(*rp)->next) {
		if (*rp == r) {
			*rp = r->next;
			break;
		}
	}
	loop_timer_free(r->timer);
	sub_free(r->sub);
	free(r->conn);
	free(r->topic);
	free(r->corr);
	free(r->payload);
	free(r);
}

static void
cmd_request_unsubscribed(void *arg, int ok, const char *reason)
{
	struct cmd_request	*r = arg;

	r->pending--;
	cmd_request_free_maybe(r);
}

/* Answered or failed: say so once, then leave the response topic. */
static void
cmd_request_finish(struct cmd_request *r, int ok, const char *reason)
{
	struct conn	*c;
	char		*err = NULL;

	if (r->finished)
		return;
	r->finished = 1;
	loop_timer_stop(r->timer);
	cmdq_done(r->item, ok, reason);
	if (r->subscribed && (c = conn_find(r->conn)) != NULL &&
	    c->state == CONN_CONNECTED) {
		if (engine_unsubscribe(c, r->sub, cmd_request_unsubscribed, r,
		    &err) == 0)
			r->pending++;
		free(err);
	}
	cmd_request_free_maybe(r);
}

static void
cmd_request_timeout(void *arg)
{
	struct cmd_request	*r = arg;
	char			*why;

	why = xasprintf("no response on %s within %d s", r->sub->topic,
	    r->wait_ms / 1000);
	cmd_request_finish(r, 0, why);
	free(why);
}

static void
cmd_request_published(void *arg, int ok, const char *reason)
{
	struct cmd_request	*r = arg;

	r->pending--;
	if (!ok)
		cmd_request_finish(r, 0, reason);
	cmd_request_free_maybe(r);
}

static void
cmd_request_subscribed(void *arg, int ok, const char *reason)
{
	struct cmd_request	*r = arg;
	struct pub		 pb = { 0 };
	struct conn		*c;
	char			*err = NULL;

	r->pending--;
	if (r->finished) {
		cmd_request_free_maybe(r);
		return;
	}
	if (!ok) {
		cmd_request_finish(r, 0, reason);
		return;
	}
	r->subscribed = 1;
	if ((c = conn_find(r->conn)) == NULL) {
		cmd_request_finish(r, 0, "the connection is gone");
		return;
	}
	pb.topic = r->topic;
	pb.payload = r->payload;
	pb.len = strlen(r->payload);
	pb.qos = r->qos;
	props_add(&pb.props, "response-topic", NULL, r->sub->topic);
	props_add(&pb.props, "correlation-data", NULL, r->corr);
	r->sent_at = loop_now();
	if (engine_publish(c, &pb, cmd_request_published, r, &err) != 0) {
		cmd_request_finish(r, 0, err);
		free(err);
	} else {
		r->pending++;
		loop_timer_start(r->timer, r->wait_ms);
	}
	props_clear(&pb.props);
}

/* The correlation data of a received message, from its properties. */
static int
cmd_request_matches(const struct cmd_request *r, const struct msg *m)
{
	cJSON		*o, *cd;
	int		 yes;

	if (m->props == NULL || (o = cJSON_Parse(m->props)) == NULL)
		return 0;
	cd = cJSON_GetObjectItemCaseSensitive(o, "correlation-data");
	yes = cJSON_IsString(cd) && strcmp(cd->valuestring, r->corr) == 0;
	cJSON_Delete(o);
	return yes;
}

static void
cmd_request_event(const struct event *ev, void *arg)
{
	struct cmd_request	*r;
	const struct msg	*m = ev->msg;
	struct event		 out = { .type = EV_RESPONSE };
	char			*text;
	size_t			 n;

	if (ev->type != EV_MESSAGE || m->dir != MSG_IN || ev->conn == NULL)
		return;
	for (r = cmd_request_all; r != NULL; r = r->next) {
		if (r->finished || r->sent_at == 0 ||
		    strcmp(r->conn, ev->conn->name) != 0 ||
		    strcmp(r->sub->topic, m->topic) != 0 ||
		    !cmd_request_matches(r, m))
			continue;
		n = m->len < CMD_REQUEST_SHOWN ? m->len : CMD_REQUEST_SHOWN;
		while (n < m->len && n > 0 &&
		    (((const unsigned char *)m->payload)[n] & 0xc0) == 0x80)
			n--;	/* not inside a character */
		/* The message view shows the topic: latency and payload. */
		text = fmt_is_utf8(m->payload, m->len) ?
		    xasprintf("response in %lld ms: %.*s%s",
		    (long long)(loop_now() - r->sent_at), (int)n,
		    (const char *)m->payload, n < m->len ? "…" : "") :
		    xasprintf("response in %lld ms: %zu bytes",
		    (long long)(loop_now() - r->sent_at), m->len);
		out.conn = ev->conn;
		out.msg = m;
		out.topic = r->topic;
		out.data = r->corr;
		out.elapsed_ms = (long)(loop_now() - r->sent_at);
		out.reason = text;
		events_emit(&out);
		free(text);
		cmd_request_finish(r, 1, NULL);
		return;
	}
}

static enum cmd_retval
cmd_request_exec(struct cmdq_item *item, int argc, char **argv)
{
	static int		 listening;
	struct cmd_request	*r;
	struct conn		*c;
	const char		*name = NULL, *rtopic = NULL, *why;
	char			*err = NULL, *made = NULL;
	long			 secs = CMD_REQUEST_WAIT;
	int			 ch, qos = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:t:q:e:W:", cmd_no_options,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			name = optarg;
			break;
		case 'q':
			if (cmd_qos(item, optarg, &qos) != 0)
				return CMD_ERROR;
			break;
		case 'e':
			rtopic = optarg;
			break;
		case 'W':
			if (cmd_number(item, "-W seconds", optarg, 1, 86400,
			    &secs) != 0)
				return CMD_ERROR;
			break;
		default:
			return cmd_bad_flag(item, argv, ch);
		}
	}
	if (argc - optind != 2) {
		cmdq_error(item, "give a topic and a payload (usage: %s)",
		    cmd_request_entry.usage);
		return CMD_ERROR;
	}
	if (topic_check_name(argv[optind], strlen(argv[optind]), &why) != 0) {
		cmdq_error(item, "bad topic '%.64s': %s", argv[optind], why);
		return CMD_ERROR;
	}
	if (rtopic != NULL &&
	    topic_check_name(rtopic, strlen(rtopic), &why) != 0) {
		cmdq_error(item, "bad response topic '%.64s': %s", rtopic,
		    why);
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	if (c->p->version != 5) {
		cmdq_error(item, "'%s' is MQTT %s: a request needs MQTT v5 "
		    "(response topic and correlation data; connect with -V 5)",
		    c->name, c->p->version == 3 ? "3.1" : "3.1.1");
		return CMD_ERROR;
	}
	if (!listening) {
		events_listen(cmd_request_event, NULL);
		listening = 1;
	}
	r = xcalloc(1, sizeof *r);
	r->item = item;
	r->conn = xstrdup(c->name);
	r->topic = xstrdup(argv[optind]);
	r->payload = xstrdup(argv[optind + 1]);
	r->qos = qos;
	r->wait_ms = (int)secs * 1000;
	r->corr = xasprintf("%08lx%08lx", (unsigned long)random(),
	    (unsigned long)random());
	/* Unique under the connection: its client id, then our own. */
	if (rtopic == NULL)
		rtopic = made = xasprintf("mqtty/response/%s/%s",
		    c->client_id != NULL ? c->client_id : c->name, r->corr);
	r->sub = sub_new(rtopic);
	r->sub->quiet = 1;
	free(made);
	r->timer = loop_timer_new(cmd_request_timeout, r);
	r->next = cmd_request_all;
	cmd_request_all = r;
	if (engine_subscribe(c, r->sub, cmd_request_subscribed, r,
	    &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		r->finished = 1;
		cmd_request_free_maybe(r);
		return CMD_ERROR;
	}
	r->pending++;
	cmdq_hold(item);
	return CMD_WAIT;
}
