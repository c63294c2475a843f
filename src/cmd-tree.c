/*
 * tree: the topic tree of a connection. On the screen it opens the tree
 * window beside the messages; in --batch it prints a level of it (or all
 * of it under a topic), one node a line, from the store's topics table.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "loop.h"
#include "store.h"
#include "tree.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_tree_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_tree_entry = {
	"tree", NULL, "tree [-t NAME] [-a] [TOPIC]",
	"the topic tree of a connection, on TOPIC's node (-a: all of it "
	"expanded); in --batch: print that level", cmd_tree_exec
};

static void
cmd_tree_add(const struct tree_topic *r, void *arg)
{
	tree_update(arg, r);
}

/* "path count [R|r] rate/min": R a retained message here, r under it. */
static void
cmd_tree_line(struct cmdq_item *item, struct tree *t, struct tree_node *n)
{
	char	*path = tree_path(n);

	cmdq_info(item, "%s %lld%s %.1f/min", path, (long long)n->sum_msgs,
	    n->retained ? " R" : n->sum_retained > 0 ? " r" : "",
	    tree_rate(t, n, wall_now()));
	free(path);
}

static void
cmd_tree_print(struct cmdq_item *item, struct tree *t, struct tree_node *top,
    int all)
{
	struct tree_node	*n;
	int			 i, depth = top->depth;

	if (all)
		tree_expand_all(t, top);
	else
		tree_expand(t, top, 1);
	if (top != &t->root) {
		tree_reveal(t, top);
		cmd_tree_line(item, t, top);
	}
	/* The rows after top, while they are under it. */
	i = top == &t->root ? 0 : tree_row_of(t, top) + 1;
	for (; (n = tree_row(t, i)) != NULL && n->depth > depth; i++)
		cmd_tree_line(item, t, n);
}

static enum cmd_retval
cmd_tree_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct tree		 t;
	struct tree_node	*n = NULL;
	const char		*name = NULL, *topic;
	int			 c, all = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:t:a", cmd_no_options,
	    NULL)) != -1) {
		if (c == 't')
			name = *optarg != '\0' ? optarg : NULL;
		else if (c == 'a')
			all = 1;
		else
			return cmd_bad_flag(item, argv, c);
	}
	if (optind + 1 < argc) {
		cmdq_error(item, "give one TOPIC (usage: %s)",
		    cmd_tree_entry.usage);
		return CMD_ERROR;
	}
	topic = optind < argc && *argv[optind] != '\0' ? argv[optind] : NULL;
	/* Any name with history will do: it need not be connected. */
	if (name == NULL && conn_focus != NULL)
		name = conn_focus->name;
	if (name == NULL) {
		cmdq_error(item, "select a connection first (or -t NAME)");
		return CMD_ERROR;
	}
	if (ui_active()) {
		ui_select_name(name);
		if (view_tree_open(name, topic, all) != 0) {
			cmdq_error(item, "'%s' has seen no topic '%s'", name,
			    topic);
			return CMD_ERROR;
		}
		return CMD_OK;
	}

	/* What was received so far, written (a second at most). */
	store_drain(1000);
	tree_init(&t);
	if (store_tree_topics(name, -1, cmd_tree_add, &t) < 0) {
		tree_free(&t);
		cmdq_error(item, "cannot read the topics of '%s'", name);
		return CMD_ERROR;
	}
	tree_tick(&t, wall_now());
	if (topic != NULL && (n = tree_find(&t, topic)) == NULL) {
		tree_free(&t);
		cmdq_error(item, "'%s' has seen no topic '%s'", name, topic);
		return CMD_ERROR;
	}
	cmd_tree_print(item, &t, n != NULL ? n : &t.root, all);
	tree_free(&t);
	return CMD_OK;
}
