/*
 * Which view each message gets: rules of (connection, topic filter) ->
 * view, set by the view command and kept with the profile. A message with
 * no rule gets DECODE_AUTO (Sparkplug on spBv1.0/ topics). Pure.
 */
#ifndef DECODE_RULE_H
#define DECODE_RULE_H
#include "decode.h"

struct decode_rule {
	char			*conn;
	char			*filter;
	enum decode_view	 view;
	char			*jq;		/* DECODE_JQ's program */
	struct decode_rule	*next;
};

/* Set the view of a filter (DECODE_AUTO removes the rule). */
void	decode_rule_set(const char *, const char *, enum decode_view,
	    const char *);
/*
 * The rule for a topic on a connection: of those whose filter matches,
 * the one that names the topic itself, else the longest filter. NULL
 * none.
 */
const struct decode_rule *decode_rule_find(const char *, const char *);
/*
 * The view a message gets and its jq program (NULL none). With no rule:
 * DECODE_SPARKPLUG on spBv1.0/ topics (but STATE), else DECODE_AUTO.
 */
enum decode_view decode_rule_view(const char *, const char *, const char **);
/* The rules of one connection (NULL: all), in the order set. */
const struct decode_rule *decode_rule_first(void);
/* Forget a connection's rules; or rename them. */
void	decode_rule_forget(const char *);
void	decode_rule_rename(const char *, const char *);
/* Changes each time a rule does: views keep laid-out text by it. */
unsigned	decode_rule_generation(void);
#endif
