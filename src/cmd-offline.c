/*
 * offline, online and offline-toggle: the persistent-session demo. offline
 * disconnects cleanly but keeps the session (the broker queues QoS 1/2
 * messages for it); online connects again with the same client id.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "profile.h"
#include "store.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_offline_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_offline_entry = {
	"offline", NULL, "offline [-t NAME]",
	"disconnect, keeping the persistent session (the broker queues "
	"messages for it)", cmd_offline_exec
};
const struct cmd_entry cmd_online_entry = {
	"online", NULL, "online [-t NAME]",
	"connect a persistent session again: what was queued arrives",
	cmd_offline_exec
};
const struct cmd_entry cmd_offline_toggle_entry = {
	"offline-toggle", NULL, "offline-toggle [-t NAME]",
	"offline if connected, else online", cmd_offline_exec
};

/* Connect again, as it was (a profile not connected yet: as saved). */
static enum cmd_retval
cmd_offline_online(struct cmdq_item *item, const char *name)
{
	struct profile	*p;
	struct conn	*c;
	char		*err = NULL;
	int		 clean;

	c = name != NULL ? conn_find(name) : conn_focus;
	if (c == NULL && name != NULL &&
	    (p = store_profile_load(name)) != NULL) {
		clean = p->clean;
		profile_free(p);
		if (clean) {
			cmdq_error(item, "'%s' has a clean session: there is "
			    "no session to come back to (use connect)", name);
			return CMD_ERROR;
		}
		return cmd_connect_entry.exec(item, 2, (char *[]){ "connect",
		    (char *)name, NULL });
	}
	if (c == NULL) {
		cmdq_target(item, name);
		return CMD_ERROR;
	}
	if (c->p->clean) {
		cmdq_error(item, "'%s' has a clean session: there is no "
		    "session to come back to (use connect)", c->name);
		return CMD_ERROR;
	}
	if (c->state != CONN_OFFLINE && c->state != CONN_ERROR) {
		cmdq_error(item, "'%s' is %s, not offline", c->name,
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	conn_focus = c;
	if (engine_connect(c, cmdq_done, item, &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}

static enum cmd_retval
cmd_offline_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	const char	*name;
	char		*err = NULL;
	int		 on;

	if (cmd_opt_target(item, argc, argv, &name) != 0)
		return CMD_ERROR;
	if (optind < argc) {
		cmdq_error(item, "unexpected argument '%s'", argv[optind]);
		return CMD_ERROR;
	}
	c = name != NULL ? conn_find(name) : conn_focus;
	if (strcmp(argv[0], "offline-toggle") == 0)
		on = c == NULL || c->state == CONN_OFFLINE ||
		    c->state == CONN_ERROR;
	else
		on = strcmp(argv[0], "online") == 0;
	if (on)
		return cmd_offline_online(item, name);
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	if (engine_offline(c, cmdq_done, item, &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}
