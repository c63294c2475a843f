/* demo: the guided demo on the screen, on a connection's broker. */
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "ui.h"
#include "url.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_demo_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_demo_entry = {
	"demo", NULL, "demo [-t NAME] | demo next | demo stop",
	"the guided demo on the connection's broker (mqtty --sandbox --demo): "
	"the tutorial's connections, sensors, then a step a key",
	cmd_demo_exec
};

static enum cmd_retval
cmd_demo_start(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	char		*url, *err = NULL;
	int		 rc;

	if ((c = cmd_target_only(item, argc, argv)) == NULL)
		return CMD_ERROR;
	if (c->p->tls) {
		cmdq_error(item, "'%s' uses TLS: the demo's connections are "
		    "plain TCP (try mqtty --sandbox --demo)", c->name);
		return CMD_ERROR;
	}
	url = profile_url(c->p);
	rc = view_demo_start(url, &err);
	free(url);
	if (rc != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	return CMD_OK;
}

static enum cmd_retval
cmd_demo_exec(struct cmdq_item *item, int argc, char **argv)
{
	char	*err = NULL;
	int	 rc;

	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return CMD_ERROR;
	}
	if (argc == 1 || argv[1][0] == '-')
		return cmd_demo_start(item, argc, argv);
	if (argc > 2) {
		cmdq_error(item, "unexpected argument '%.64s' (usage: %s)",
		    argv[2], cmd_demo_entry.usage);
		return CMD_ERROR;
	}
	if (strcmp(argv[1], "next") == 0)
		rc = view_demo_next(&err);
	else if (strcmp(argv[1], "stop") == 0)
		rc = view_demo_stop(&err);
	else {
		cmdq_error(item, "unknown argument '%.64s' (usage: %s)",
		    argv[1], cmd_demo_entry.usage);
		return CMD_ERROR;
	}
	if (rc != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	return CMD_OK;
}
