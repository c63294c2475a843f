/*
 * Operations that wait for the broker: subscribe, unsubscribe, publish.
 * Each is remembered by its packet id until the broker answers; a publish
 * is recorded only once acknowledged (at QoS 0, once sent).
 */
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "engine.h"
#include "engine-int.h"
#include "engine-props.h"
#include "events.h"
#include "loop.h"
#include "msg.h"
#include "will.h"
#include "xmalloc.h"
static struct engine_op *
engine_op_take(struct engine_conn *ec, int mid)
{
	struct engine_op	**op, *found;

	for (op = &ec->ops; *op != NULL; op = &(*op)->next) {
		if ((*op)->mid == mid) {
			found = *op;
			*op = found->next;
			return found;
		}
	}
	return NULL;
}

/* Remember an operation until the broker answers its packet id. */
static struct engine_op *
engine_op_push(struct engine_conn *ec, enum engine_op_kind kind, int mid,
    done_fn fn, void *arg)
{
	struct engine_op	*op = xcalloc(1, sizeof *op);

	op->kind = kind;
	op->mid = mid;
	op->fn = fn;
	op->arg = arg;
	op->next = ec->ops;
	ec->ops = op;
	return op;
}

static void
engine_op_free(struct engine_op *op)
{
	free(op->topic);
	free(op->payload);
	free(op->props);
	free(op);
}

/*
 * Fail what waits for the broker. With keep, QoS 1/2 publishes stay: the
 * same client sends them again after a reconnect and they are answered
 * then.
 */
void
engine_ops_fail(struct engine_conn *ec, const char *reason, int keep)
{
	struct engine_op	*op, **pp = &ec->ops;

	while ((op = *pp) != NULL) {
		if (keep && op->kind == OP_PUBLISH && op->qos > 0) {
			pp = &op->next;
			continue;
		}
		*pp = op->next;
		if (op->kind == OP_SUBSCRIBE && op->sub != NULL &&
		    op->sub->state == SUB_PENDING)
			op->sub->state = SUB_FAILED;
		if (op->fn != NULL)
			op->fn(op->arg, 0, reason);
		engine_op_free(op);
	}
}

/*
 * A protocol error right after an acknowledgement of one of our publishes
 * (a broker answering QoS 2 with PUBACK, as some do): fail that publish
 * with words, and say why the link goes. NULL when it was something else.
 */
char *
engine_ops_protocol(struct engine_conn *ec)
{
	struct engine_op	*op;
	char			*why;
	int			 want;

	for (op = ec->ops; op != NULL; op = op->next) {
		if (op->kind == OP_PUBLISH && op->mid == ec->ack_mid)
			break;
	}
	if (op == NULL || op->qos == 0)
		return NULL;
	want = op->qos == 1 ? 1 : strcmp(ec->ack_kind, "PUBACK") == 0 ? 2 : 0;
	why = xasprintf("the broker answered a QoS %d publish with %s, a "
	    "protocol error%s", op->qos, ec->ack_kind, want == 2 ?
	    " (it may not support QoS 2: publish at QoS 1)" : "");
	engine_op_take(ec, op->mid);
	if (op->fn != NULL)
		op->fn(op->arg, 0, why);
	else
		events_error(ec->c, "publish %s: %s", op->topic, why);
	engine_op_free(op);
	return why;
}

void
engine_resubscribe(struct engine_conn *ec)
{
	struct sub	*s;
	char		*err = NULL;

	TAILQ_FOREACH(s, &ec->c->subs, entry) {
		if (!s->enabled)
			continue;
		if (engine_subscribe(ec->c, s, NULL, NULL, &err) != 0) {
			events_error(ec->c, "resubscribe %s: %s", s->topic,
			    err);
			free(err);
			err = NULL;
		}
	}
}

void
engine_on_subscribe(struct mosquitto *mosq, void *obj, int mid, int count,
    const int *granted, const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_SUBSCRIBED, .conn = ec->c };
	char			*why;

	if (op == NULL)
		return;
	if (count < 1 || granted[0] >= 0x80) {
		why = xasprintf("subscribe %s: %s", op->sub->topic,
		    count < 1 ? "no answer" : granted[0] == 0x87 ?
		    "not authorised" : mosquitto_reason_string(granted[0]));
		op->sub->state = SUB_FAILED;
		if (op->fn != NULL)
			op->fn(op->arg, 0, why);
		else
			events_error(ec->c, "%s", why);
		free(why);
	} else {
		op->sub->state = SUB_ACTIVE;
		ev.topic = op->sub->topic;
		ev.qos = granted[0];
		ev.mid = mid;
		if (!op->sub->quiet)
			events_emit(&ev);
		if (op->fn != NULL)
			op->fn(op->arg, 1, NULL);
	}
	engine_op_free(op);
	engine_log_update(ec);
}

void
engine_on_unsubscribe(struct mosquitto *mosq, void *obj, int mid,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_UNSUBSCRIBED, .conn = ec->c };

	if (op == NULL)
		return;
	ev.topic = op->topic;
	ev.mid = mid;
	if (!op->quiet)
		events_emit(&ev);
	if (op->fn != NULL)
		op->fn(op->arg, 1, NULL);
	engine_op_free(op);
	engine_log_update(ec);
}

static void
engine_record_out(struct engine_conn *ec, const char *topic,
    const void *payload, size_t len, int qos, int retain, const char *props,
    int mid)
{
	struct msg	m = { 0 };
	struct event	ev = { .type = EV_MESSAGE, .conn = ec->c, .msg = &m };

	m.conn = ec->c->name;
	m.dir = MSG_OUT;
	m.topic = topic;
	m.payload = payload;
	m.len = len;
	m.qos = qos;
	m.retain = retain;
	m.props = props;
	m.time_ms = wall_now();
	m.mid = mid;
	events_emit(&ev);
}

void
engine_on_publish(struct mosquitto *mosq, void *obj, int mid, int reason,
    const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct engine_op	*op = engine_op_take(ec, mid);
	struct event		 ev = { .type = EV_PUBLISHED, .conn = ec->c };
	char			*why;

	if (op == NULL)
		return;
	if (reason >= 0x80) {
		why = xasprintf("publish %s: %s", op->topic, reason == 0x87 ?
		    "not authorised" : mosquitto_reason_string(reason));
		if (op->fn != NULL)
			op->fn(op->arg, 0, why);
		free(why);
	} else {
		engine_record_out(ec, op->topic, op->payload, op->len, op->qos,
		    op->retain, op->props, mid);
		ev.topic = op->topic;
		ev.qos = op->qos;
		ev.mid = mid;
		if (!op->quiet)
			events_emit(&ev);
		if (op->fn != NULL)
			op->fn(op->arg, 1, NULL);
	}
	engine_op_free(op);
	engine_log_update(ec);
}

void
engine_seen_free(struct engine_conn *ec)
{
	free(ec->seen);
	ec->seen = NULL;
}

/* FNV-1a of topic and payload: what a redelivery repeats. */
static uint32_t
engine_hash(const struct mosquitto_message *mm)
{
	const unsigned char	*p;
	uint32_t		 h = 2166136261u;
	int			 i;

	for (p = (const unsigned char *)mm->topic; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	p = mm->payload;
	for (i = 0; i < mm->payloadlen; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/*
 * Was this QoS 1/2 message sent before? The broker says so with DUP on a
 * redelivery; a broker restarted from an older copy of its state sends
 * again without it, so also compare with what came with the same packet
 * id on an earlier link of this (persistent) session.
 */
static int
engine_dup(struct engine_conn *ec, const struct mosquitto_message *mm)
{
	struct engine_seen	*s;
	uint32_t		 h;
	int			 i, dup = 0;

	for (i = 0; i < ENGINE_DUP_RING; i++) {
		if (ec->dup_mids[i] == mm->mid) {
			ec->dup_mids[i] = 0;
			dup |= MSG_DUP_FLAG;
		}
	}
	if (ec->c->p->clean || mm->mid <= 0 || mm->mid > 65535)
		return dup;
	if (ec->seen == NULL)
		ec->seen = xcalloc(65536, sizeof *ec->seen);
	s = &ec->seen[mm->mid];
	h = engine_hash(mm);
	if (s->link != 0 && s->link != ec->link && s->hash == h &&
	    ec->c->session_present)
		dup |= MSG_DUP_REPEAT;
	s->hash = h;
	s->link = ec->link;
	return dup;
}

void
engine_on_message(struct mosquitto *mosq, void *obj,
    const struct mosquitto_message *mm, const mosquitto_property *props)
{
	struct engine_conn	*ec = obj;
	struct msg		 m = { 0 };
	struct event		 ev = { .type = EV_MESSAGE, .conn = ec->c };
	char			*json = engine_props_json(props);

	m.conn = ec->c->name;
	m.dir = MSG_IN;
	m.topic = mm->topic;
	m.payload = mm->payload != NULL ? mm->payload : "";
	m.len = mm->payloadlen;
	m.qos = mm->qos;
	m.retain = mm->retain;
	m.props = json;
	m.time_ms = wall_now();
	m.mid = mm->mid;
	if (mm->qos > 0)
		m.dup = engine_dup(ec, mm);
	m.will_of = will_match(mm->topic, m.payload, m.len, loop_now());
	if (ec->counting) {
		ec->waiting++;
		loop_timer_start(ec->quiet, ENGINE_QUIET_MS);
	}
	ec->c->received++;
	ec->c->unread++;
	if (ec->link_msgs++ == 0 || (mm->qos > 0 && !ec->qos_in)) {
		ec->qos_in |= mm->qos > 0;
		engine_log_update(ec);
	}
	ev.msg = &m;
	events_emit(&ev);
	free(json);
	/* Its PUBACK/PUBCOMP is queued: it waits until the row is stored. */
	if (mm->qos > 0)
		ec->hold = engine_queued();
}

int
engine_subscribe(struct conn *c, struct sub *s, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	mosquitto_property	*props = NULL;
	int			 rc, mid, opts = 0;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	if (c->p->version != 5 && (s->no_local || s->rap || s->rh || s->id)) {
		*err = xstrdup("--no-local, --rap, --rh and --id need MQTT v5 "
		    "(-V 5)");
		return -1;
	}
	if (s->no_local)
		opts |= MQTT_SUB_OPT_NO_LOCAL;
	if (s->rap)
		opts |= MQTT_SUB_OPT_RETAIN_AS_PUBLISHED;
	opts |= (s->rh & 3) << 4;
	if (s->id > 0)
		mosquitto_property_add_varint(&props,
		    MQTT_PROP_SUBSCRIPTION_IDENTIFIER, s->id);
	rc = mosquitto_subscribe_v5(ec->mosq, &mid, s->topic, s->qos, opts,
	    props);
	mosquitto_property_free_all(&props);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("subscribe %s: %s", s->topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	s->state = SUB_PENDING;
	op = engine_op_push(ec, OP_SUBSCRIBE, mid, fn, arg);
	op->sub = s;
	engine_log_update(ec);
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
}

int
engine_unsubscribe(struct conn *c, struct sub *s, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	int			 rc, mid;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	rc = mosquitto_unsubscribe_v5(ec->mosq, &mid, s->topic, NULL);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("unsubscribe %s: %s", s->topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	op = engine_op_push(ec, OP_UNSUBSCRIBE, mid, fn, arg);
	op->topic = xstrdup(s->topic);
	op->quiet = s->quiet;
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
}

int
engine_publish(struct conn *c, const struct pub *pb, done_fn fn, void *arg,
    char **err)
{
	struct engine_conn	*ec;
	struct engine_op	*op;
	mosquitto_property	*props = NULL;
	const char		*wire;
	char			*json = NULL;
	int			 rc, mid = 0;

	if ((ec = engine_live(c, err)) == NULL)
		return -1;
	if (pb->props.n > 0) {
		if (c->p->version != 5) {
			*err = xstrdup("properties (-D) need MQTT v5 (-V 5)");
			return -1;
		}
		if (engine_props_build(&pb->props, CMD_PUBLISH, &props,
		    err) != 0)
			return -1;
		json = engine_props_json(props);
	}
	if (pb->len > MQTT_MAX_PAYLOAD) {
		*err = xasprintf("payload of %zu bytes is too large", pb->len);
		goto fail;
	}
	/* What comes after our own publish may be fresh: stop counting. */
	engine_waiting_end(ec);
	wire = engine_alias_use(ec, pb->topic, pb->qos, &props);
	rc = mosquitto_publish_v5(ec->mosq, &mid, wire, (int)pb->len,
	    pb->payload, pb->qos, pb->retain, props);
	mosquitto_property_free_all(&props);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("publish %s: %s", pb->topic,
		    rc == MOSQ_ERR_OVERSIZE_PACKET ?
		    "larger than the broker accepts" : mosquitto_strerror(rc));
		goto fail;
	}
	/* Answered by the PUBACK/PUBCOMP, or at QoS 0 once written. */
	op = engine_op_push(ec, OP_PUBLISH, mid, fn, arg);
	op->topic = xstrdup(pb->topic);
	op->payload = xmemdup(pb->payload, pb->len);
	op->len = pb->len;
	op->qos = pb->qos;
	op->retain = pb->retain;
	op->quiet = pb->quiet;
	op->props = json;
	engine_log_update(ec);
	engine_after_call(ec, MOSQ_ERR_SUCCESS);
	return 0;
fail:
	mosquitto_property_free_all(&props);
	free(json);
	return -1;
}

int
engine_pending(void)
{
	struct conn		*c;
	struct engine_op	*op;
	int			 n = 0;

	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->ec == NULL)
			continue;
		if (c->ec->worker || c->ec->connect_fn || c->ec->close_fn)
			n++;
		for (op = c->ec->ops; op != NULL; op = op->next)
			n++;
	}
	return n;
}
