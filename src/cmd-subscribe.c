/* subscribe, unsubscribe and the subscribe form. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "cmd-parse.h"
#include "conn.h"
#include "engine.h"
#include "store.h"
#include "topic.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_subscribe_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_unsubscribe_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_sub_form_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_subscribe_entry = {
	"subscribe", "sub",
	"subscribe [-t NAME] [-q QOS] [--no-local] [--rap] [--rh 0|1|2] "
	"[--id N] [--alias NAME] [--color 0-7] TOPIC...",
	"subscribe to topic filters", cmd_subscribe_exec
};
const struct cmd_entry cmd_unsubscribe_entry = {
	"unsubscribe", "unsub",
	"unsubscribe [--confirm] [--force] [-t NAME] TOPIC...",
	"unsubscribe from topic filters (--confirm: the screen asks first; "
	"--force: also filters this run did not subscribe, e.g. kept by a "
	"persistent session)",
	cmd_unsubscribe_exec
};

const struct cmd_entry cmd_sub_form_entry = {
	"sub-form", NULL, "sub-form [-t NAME] [TOPIC]",
	"the subscribe form: topic filter, QoS and options",
	cmd_sub_form_exec
};

static const struct option cmd_subscribe_options[] = {
	{ "no-local", no_argument, NULL, 'L' },
	{ "rap", no_argument, NULL, 'R' },
	{ "rh", required_argument, NULL, 'H' },
	{ "id", required_argument, NULL, 'I' },
	{ "alias", required_argument, NULL, 'A' },
	{ "color", required_argument, NULL, 'C' },
	{ "colour", required_argument, NULL, 'C' },
	{ NULL, 0, NULL, 0 }
};

static const struct option cmd_unsubscribe_options[] = {
	{ "confirm", no_argument, NULL, 'y' },
	{ "force", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_subscribe_check(struct cmdq_item *item, int argc, char **argv)
{
	const char	*why;
	int		 i;

	if (argc == 0) {
		cmdq_error(item, "give at least one topic filter");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (topic_check_filter(argv[i], strlen(argv[i]), &why) != 0) {
			cmdq_error(item, "bad topic filter '%.64s': %s",
			    argv[i], why);
			return -1;
		}
	}
	return 0;
}

static enum cmd_retval
cmd_subscribe_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	struct sub	*s, opts = { .color = -1 };
	const char	*alias = NULL;
	const char	*name = NULL;
	char		*err = NULL;
	long		 v;
	int		 ch, i, fresh, sent = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":t:q:", cmd_subscribe_options,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			name = optarg;
			break;
		case 'q':
			if (cmd_qos(item, optarg, &opts.qos) != 0)
				return CMD_ERROR;
			break;
		case 'L':
			opts.no_local = 1;
			break;
		case 'R':
			opts.rap = 1;
			break;
		case 'H':
			if (cmd_number(item, "retain handling", optarg, 0, 2,
			    &v) != 0)
				return CMD_ERROR;
			opts.rh = v;
			break;
		case 'I':
			if (cmd_number(item, "subscription identifier", optarg,
			    1, 268435455, &v) != 0)
				return CMD_ERROR;
			opts.id = v;
			break;
		case 'A':
			alias = optarg;
			break;
		case 'C':
			if (cmd_number(item, "colour", optarg, 0, 7, &v) != 0)
				return CMD_ERROR;
			opts.color = v;
			break;
		default:
			return cmd_bad_flag(item, argv, ch);
		}
	}
	if (cmd_subscribe_check(item, argc - optind, argv + optind) != 0)
		return CMD_ERROR;
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;

	for (i = optind; i < argc; i++) {
		fresh = (s = conn_sub_find(c, argv[i])) == NULL;
		if (fresh)
			s = sub_new(argv[i]);
		s->qos = opts.qos;
		s->no_local = opts.no_local;
		s->rap = opts.rap;
		s->rh = opts.rh;
		s->id = opts.id;
		if (opts.color >= 0)
			s->color = opts.color;
		if (alias != NULL) {
			free(s->alias);
			s->alias = *alias != '\0' ? xstrdup(alias) : NULL;
		}
		s->enabled = 1;
		if (engine_subscribe(c, s, cmdq_done, item, &err) != 0) {
			if (fresh)
				sub_free(s);
			cmdq_error(item, "%s", err);
			free(err);
			break;
		}
		if (fresh)
			TAILQ_INSERT_TAIL(&c->subs, s, entry);
		cmdq_hold(item);
		sent++;
	}
	return sent > 0 ? CMD_WAIT : CMD_ERROR;
}

/*
 * With --confirm the screen asks first, but only about what can be done:
 * one subscription that the connection has ('all messages' is none).
 */
static enum cmd_retval
cmd_unsubscribe_confirm(struct cmdq_item *item, const char *name, int argc,
    char **argv)
{
	struct conn	*c;
	char		*question, *line, *qn, *qt;

	if (argc == 1 && *argv[0] == '\0') {
		cmdq_error(item, "select a subscription first ('all messages' "
		    "is not one)");
		return CMD_ERROR;
	}
	if (argc != 1) {
		cmdq_error(item, "--confirm takes one topic filter");
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	if (conn_sub_find(c, argv[0]) == NULL) {
		cmdq_error(item, "'%s' has no subscription '%s'", c->name,
		    argv[0]);
		return CMD_ERROR;
	}
	qn = cmd_quote(c->name);
	qt = cmd_quote(argv[0]);
	question = xasprintf("unsubscribe %s?", qt);
	line = xasprintf("unsubscribe -t %s %s", qn, qt);
	view_confirm_open(question, line);
	free(line);
	free(question);
	free(qt);
	free(qn);
	return CMD_OK;
}

static enum cmd_retval
cmd_unsubscribe_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	struct sub	*s, unknown;
	const char	*name = NULL;
	char		*err = NULL;
	int		 ch, i, confirm = 0, force = 0, sent = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":t:", cmd_unsubscribe_options,
	    NULL)) != -1) {
		if (ch == 't')
			name = *optarg != '\0' ? optarg : NULL;
		else if (ch == 'y')
			confirm = 1;
		else if (ch == 'f')
			force = 1;
		else
			return cmd_bad_flag(item, argv, ch);
	}
	if (confirm && ui_active())
		return cmd_unsubscribe_confirm(item, name, argc - optind,
		    argv + optind);
	if (cmd_subscribe_check(item, argc - optind, argv + optind) != 0)
		return CMD_ERROR;
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	for (i = optind; i < argc; i++) {
		if ((s = conn_sub_find(c, argv[i])) == NULL && !force) {
			cmdq_error(item, "'%s' has no subscription '%s'",
			    c->name, argv[i]);
			continue;
		}
		if (s == NULL) {
			/* Only its filter goes to the broker. */
			memset(&unknown, 0, sizeof unknown);
			unknown.topic = argv[i];
		}
		if (engine_unsubscribe(c, s != NULL ? s : &unknown, cmdq_done,
		    item, &err) != 0) {
			cmdq_error(item, "%s", err);
			free(err);
			break;
		}
		if (s != NULL) {
			TAILQ_REMOVE(&c->subs, s, entry);
			sub_free(s);
		}
		cmdq_hold(item);
		sent++;
	}
	return sent > 0 ? CMD_WAIT : CMD_ERROR;
}

/* The form opens only on a connection that can subscribe now. */
static enum cmd_retval
cmd_sub_form_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile	*p;
	struct conn	*c;
	const char	*name;

	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return CMD_ERROR;
	}
	if (cmd_opt_target(item, argc, argv, &name) != 0)
		return CMD_ERROR;
	if (argc - optind > 1) {
		cmdq_error(item, "usage: %s", cmd_sub_form_entry.usage);
		return CMD_ERROR;
	}
	if (name != NULL && conn_find(name) == NULL &&
	    (p = store_profile_load(name)) != NULL) {
		profile_free(p);
		cmdq_error(item, "'%s' is offline: connect it first", name);
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	if (c->state == CONN_CONNECTING || c->state == CONN_RECONNECT_WAIT) {
		cmdq_error(item, "'%s' is %s, not connected yet", c->name,
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	if (c->state != CONN_CONNECTED) {
		cmdq_error(item, "'%s' is %s: connect it first", c->name,
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	view_subform_open(c->name, optind < argc ? argv[optind] : NULL);
	return CMD_OK;
}
