/*
 * plot: the numbers of one or more topics over time. On the screen it
 * opens the plot view (view-plot.c), which follows new values; in batch
 * it prints each series' summary over the window as one line of JSON.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "loop.h"
#include "msg.h"
#include "plot-data.h"
#include "store.h"
#include "ui.h"
#include "value.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_plot_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_plot_entry = {
	"plot", NULL,
	"plot [-t NAME] [-w 1m|10m|1h|all|DURATION] [-m ID] [TOPIC [PATH]]...",
	"plot the numbers of topics over time (PATH: .field[0].x of JSON)",
	cmd_plot_exec
};

/* A window: "all" (0) or N followed by s, m, h or d. -1 when bad. */
static int64_t
cmd_plot_window(const char *s)
{
	char	*end;
	long	 n;

	if (strcmp(s, "all") == 0)
		return 0;
	n = strtol(s, &end, 10);
	if (end == s || n <= 0 || n > 100000 || end[0] == '\0' ||
	    end[1] != '\0')
		return -1;
	switch (*end) {
	case 's':
		return n * 1000LL;
	case 'm':
		return n * 60000LL;
	case 'h':
		return n * 3600000LL;
	case 'd':
		return n * 86400000LL;
	}
	return -1;
}

struct cmd_plot_msg {
	char	*conn;
	char	*topic;
	char	*path;
	int	 dir;
};

static void
cmd_plot_get(const struct msg *m, void *arg)
{
	struct cmd_plot_msg	*pm = arg;

	pm->conn = xstrdup(m->conn);
	pm->topic = xstrdup(m->topic);
	pm->path = value_first_path(m->payload, m->len);
	pm->dir = m->dir;
}

/* The series of -m ID: its topic, and the number in it. */
static int
cmd_plot_message(struct cmdq_item *item, const char *arg,
    struct cmd_plot_msg *pm)
{
	long	id;

	if (strcmp(arg, "0") == 0) {
		cmdq_error(item, "select a message first");
		return -1;
	}
	if (cmd_number(item, "message id", arg, 1, LONG_MAX, &id) != 0)
		return -1;
	if (store_msg_get(id, cmd_plot_get, pm) != 1) {
		cmdq_error(item, "no message %ld in the history", id);
		return -1;
	}
	if (pm->path == NULL) {
		cmdq_error(item, "message %ld on %s has no number to plot "
		    "(not a number, nor JSON with one)", id, pm->topic);
		return -1;
	}
	return 0;
}

/* A name with a live connection or with history. */
static int
cmd_plot_conn_known(const char *name)
{
	return conn_find(name) != NULL || store_msg_count(name) > 0;
}

static enum cmd_retval
cmd_plot_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_plot_msg	 pm = { NULL, NULL, NULL, 0 };
	struct plot_data	 d[PLOT_MAX_SERIES];
	const char		*name = NULL, *wname = "10m", *mid = NULL;
	const char		*topics[PLOT_MAX_SERIES];
	const char		*paths[PLOT_MAX_SERIES];
	char			*err = NULL, *line;
	int64_t			 window = 600000, from, span;
	enum cmd_retval		 rv = CMD_ERROR;
	int			 c, i, n = 0, failed = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:w:m:", cmd_no_options,
	    NULL)) != -1) {
		switch (c) {
		case 't':
			name = *optarg != '\0' ? optarg : NULL;
			break;
		case 'w':
			if ((window = cmd_plot_window(optarg)) < 0) {
				cmdq_error(item, "bad window '%s': 1m, 10m, "
				    "1h, all, or a number and s, m, h or d",
				    optarg);
				return CMD_ERROR;
			}
			wname = optarg;
			break;
		case 'm':
			mid = optarg;
			break;
		default:
			return cmd_bad_flag(item, argv, c);
		}
	}
	if (mid != NULL) {
		if (cmd_plot_message(item, mid, &pm) != 0)
			goto out;
		topics[n] = pm.topic;
		paths[n++] = pm.path;
		if (name == NULL)
			name = pm.conn;
	}
	for (i = optind; i < argc; i++) {
		if (argv[i][0] == '.' || argv[i][0] == '[') {
			if (n == 0 || paths[n - 1] != NULL) {
				cmdq_error(item, "path '%s' comes after a "
				    "topic, once", argv[i]);
				goto out;
			}
			if (value_path_check(argv[i], &err) != 0) {
				cmdq_error(item, "%s", err);
				free(err);
				goto out;
			}
			paths[n - 1] = argv[i];
			continue;
		}
		if (n == PLOT_MAX_SERIES) {
			cmdq_error(item, "at most %d series", PLOT_MAX_SERIES);
			goto out;
		}
		if (*argv[i] == '\0' || strpbrk(argv[i], "+#") != NULL) {
			cmdq_error(item, "bad topic '%s': one topic, no "
			    "wildcards", argv[i]);
			goto out;
		}
		topics[n] = argv[i];
		paths[n++] = NULL;
	}
	if (n == 0) {
		cmdq_error(item, "usage: %s", cmd_plot_entry.usage);
		goto out;
	}
	if (name == NULL) {
		if (conn_focus == NULL) {
			cmdq_error(item, "no connection: connect first or "
			    "give -t NAME");
			goto out;
		}
		name = conn_focus->name;
	}
	if (!cmd_plot_conn_known(name)) {
		cmdq_error(item, "no connection or history named '%s'", name);
		goto out;
	}
	if (ui_active()) {
		view_plot_open(name, n, topics, paths, window);
		rv = CMD_OK;
		goto out;
	}
	for (i = 0; i < n; i++)
		plot_data_init(&d[i], name, topics[i], paths[i]);
	plot_data_window(d, n, window, wall_now(), 1, &from, &span);
	for (i = 0; i < n; i++) {
		if (plot_data_read(&d[i], from, span, 1) != 0) {
			cmdq_error(item, "cannot read the history of %s",
			    topics[i]);
			failed = 1;
		} else {
			line = plot_data_json(&d[i], window > 0 ? wname :
			    "all");
			cmdq_info(item, "%s", line);
			free(line);
		}
	}
	rv = failed ? CMD_ERROR : CMD_OK;
	for (i = 0; i < n; i++)
		plot_data_clear(&d[i]);
out:
	free(pm.conn);
	free(pm.topic);
	free(pm.path);
	return rv;
}
