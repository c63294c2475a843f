/* The rules of which view a message gets; a short list, in memory. */
#include <stdlib.h>
#include <string.h>

#include "decode-rule.h"
#include "topic.h"
#include "xmalloc.h"

static struct decode_rule	*decode_rules;
static unsigned			 decode_rule_gen;

static void
decode_rule_free(struct decode_rule *r)
{
	free(r->conn);
	free(r->filter);
	free(r->jq);
	free(r);
}

void
decode_rule_set(const char *conn, const char *filter, enum decode_view view,
    const char *jq)
{
	struct decode_rule	*r, **rp;

	decode_rule_gen++;
	for (rp = &decode_rules; (r = *rp) != NULL; rp = &r->next) {
		if (strcmp(r->conn, conn) == 0 && strcmp(r->filter, filter) ==
		    0)
			break;
	}
	if (view == DECODE_AUTO) {
		if (r != NULL) {
			*rp = r->next;
			decode_rule_free(r);
		}
		return;
	}
	if (r == NULL) {
		r = xcalloc(1, sizeof *r);
		r->conn = xstrdup(conn);
		r->filter = xstrdup(filter);
		*rp = r;
	}
	r->view = view;
	free(r->jq);
	r->jq = jq != NULL ? xstrdup(jq) : NULL;
}

const struct decode_rule *
decode_rule_find(const char *conn, const char *topic)
{
	const struct decode_rule	*r, *best = NULL;

	for (r = decode_rules; r != NULL; r = r->next) {
		if (strcmp(r->conn, conn) != 0 || !topic_match(r->filter,
		    topic))
			continue;
		if (strcmp(r->filter, topic) == 0)
			return r;
		if (best == NULL || strlen(r->filter) > strlen(best->filter))
			best = r;
	}
	return best;
}

enum decode_view
decode_rule_view(const char *conn, const char *topic, const char **jq)
{
	const struct decode_rule	*r;

	*jq = NULL;
	if (conn != NULL && topic != NULL &&
	    (r = decode_rule_find(conn, topic)) != NULL &&
	    r->view != DECODE_AUTO) {
		*jq = r->jq;
		return r->view;
	}
	/* Sparkplug B topics carry protobuf, but for the hosts' STATE. */
	if (topic != NULL && decode_sparkplug_topic(topic) &&
	    strncmp(topic, "spBv1.0/STATE/", 14) != 0)
		return DECODE_SPARKPLUG;
	return DECODE_AUTO;
}

const struct decode_rule *
decode_rule_first(void)
{
	return decode_rules;
}

void
decode_rule_forget(const char *conn)
{
	struct decode_rule	*r, **rp = &decode_rules;

	decode_rule_gen++;
	while ((r = *rp) != NULL) {
		if (strcmp(r->conn, conn) == 0) {
			*rp = r->next;
			decode_rule_free(r);
		} else
			rp = &r->next;
	}
}

void
decode_rule_rename(const char *from, const char *to)
{
	struct decode_rule	*r;

	decode_rule_gen++;
	decode_rule_forget(to);
	for (r = decode_rules; r != NULL; r = r->next) {
		if (strcmp(r->conn, from) == 0) {
			free(r->conn);
			r->conn = xstrdup(to);
		}
	}
}

unsigned
decode_rule_generation(void)
{
	return decode_rule_gen;
}
