/*
 * view: how the payloads of a topic filter are shown (text, JSON, hex,
 * base64, MessagePack, CBOR, Sparkplug B, a jq program, or auto), kept
 * with the connection's profile. The stored bytes never change; every
 * view reads them again.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "decode.h"
#include "decode-rule.h"
#include "profile.h"
#include "store.h"
#include "topic.h"
#include "ui.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_view_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_view_entry = {
	"view", NULL,
	"view [-t FILTER] [--conn NAME] [text|json|hex|base64|msgpack|cbor|"
	"sparkplug|auto|jq PROGRAM]",
	"show the payloads of a topic filter (default #) in a view, kept "
	"with the profile; none: list the views", cmd_view_exec
};

/* -t is the topic filter here, as mosquitto_sub's -t is a topic. */
static const struct option cmd_view_options[] = {
	{ "filter", required_argument, NULL, 't' },
	{ "conn", required_argument, NULL, 'c' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_view_wait {
	struct cmdq_item	*item;
	char			*conn;
	char			*filter;
	enum decode_view	 view;
	char			*jq;
};

/* The rules, kept with the profiles, read once the store is open. */
static void
cmd_view_load_one(const char *profile, const char *filter, const char *name,
    const char *jq, void *arg)
{
	enum decode_view	v;

	if (decode_parse(name, &v) == 0)
		decode_rule_set(profile, filter, v, jq);
}

void
cmd_view_load(void)
{
	store_view_foreach(cmd_view_load_one, NULL);
}

static void
cmd_view_say(struct cmdq_item *item, const char *conn, const char *filter,
    enum decode_view v, const char *jq, const char *note)
{
	if (v == DECODE_JQ)
		cmdq_info(item, "view of '%s' on '%s': jq %s%s", filter, conn,
		    jq, note);
	else
		cmdq_info(item, "view of '%s' on '%s': %s%s", filter, conn,
		    decode_name(v), note);
	if (ui_active())
		ui_dirty(UI_DIRTY_MSGS);
}

static void
cmd_view_done(void *arg, int ok, const char *reason)
{
	struct cmd_view_wait	*w = arg;

	if (ok) {
		decode_rule_set(w->conn, w->filter, w->view, w->jq);
		cmd_view_say(w->item, w->conn, w->filter, w->view, w->jq, "");
	}
	cmdq_done(w->item, ok, reason);
	free(w->conn);
	free(w->filter);
	free(w->jq);
	free(w);
}

static void
cmd_view_list(struct cmdq_item *item, const char *conn)
{
	const struct decode_rule	*r;
	int				 n = 0;

	for (r = decode_rule_first(); r != NULL; r = r->next) {
		if (strcmp(r->conn, conn) != 0)
			continue;
		if (r->view == DECODE_JQ)
			cmdq_info(item, "%s: jq %s", r->filter, r->jq);
		else
			cmdq_info(item, "%s: %s", r->filter,
			    decode_name(r->view));
		n++;
	}
	if (n == 0)
		cmdq_info(item, "no views set on '%s': every topic is auto",
		    conn);
}

/* The connection or profile named (-t), else the focused one. */
static const char *
cmd_view_target(struct cmdq_item *item, const char *name, int *saved)
{
	struct profile	*p;
	struct conn	*c;

	if (name != NULL && conn_find(name) == NULL) {
		if ((p = store_profile_load(name)) == NULL) {
			cmdq_error(item, "no connection or profile named '%s'",
			    name);
			return NULL;
		}
		profile_free(p);
		*saved = 1;
		return name;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return NULL;
	*saved = c->saved;
	return c->name;
}

static enum cmd_retval
cmd_view_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_view_wait	*w;
	enum decode_view	 v;
	const char		*name = NULL, *filter = "#", *conn, *why;
	const char		*jq = NULL;
	char			*err = NULL;
	int			 ch, saved = 0;

	optind = 0;
	opterr = 0;
	/* "+": a jq program may start with '-' ("-.x" is not a flag). */
	while ((ch = getopt_long(argc, argv, "+:t:", cmd_view_options,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			filter = optarg;
			break;
		case 'c':
			name = *optarg != '\0' ? optarg : NULL;
			break;
		default:
			return cmd_bad_flag(item, argv, ch);
		}
	}
	if (topic_check_filter(filter, strlen(filter), &why) != 0) {
		cmdq_error(item, "bad topic filter '%.64s': %s", filter, why);
		return CMD_ERROR;
	}
	if ((conn = cmd_view_target(item, name, &saved)) == NULL)
		return CMD_ERROR;
	if (optind == argc) {
		cmd_view_list(item, conn);
		return CMD_OK;
	}
	if (decode_parse(argv[optind], &v) != 0) {
		cmdq_error(item, "unknown view '%.64s' (views: %s)",
		    argv[optind], decode_names());
		return CMD_ERROR;
	}
	if (v == DECODE_JQ) {
		if (optind + 2 != argc) {
			cmdq_error(item, "view jq takes one program: view jq "
			    "'.field'");
			return CMD_ERROR;
		}
		jq = argv[optind + 1];
		if (decode_jq_check(jq, &err) != 0) {
			cmdq_error(item, "%s", err);
			free(err);
			return CMD_ERROR;
		}
	} else if (optind + 1 != argc) {
		cmdq_error(item, "unexpected argument '%.64s'",
		    argv[optind + 1]);
		return CMD_ERROR;
	}
	if (!saved) {
		decode_rule_set(conn, filter, v, jq);
		cmd_view_say(item, conn, filter, v, jq,
		    " (for this session: no profile to keep it with)");
		return CMD_OK;
	}
	w = xcalloc(1, sizeof *w);
	w->item = item;
	w->conn = xstrdup(conn);
	w->filter = xstrdup(filter);
	w->view = v;
	w->jq = jq != NULL ? xstrdup(jq) : NULL;
	cmdq_hold(item);
	store_view_save(conn, filter, v == DECODE_AUTO ? NULL : decode_name(v),
	    jq, cmd_view_done, w);
	return CMD_WAIT;
}
