/* sleep, quit and help. */
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "loop.h"
#include "ui.h"

static enum cmd_retval	cmd_sleep_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_quit_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_help_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_sleep_entry = {
	"sleep", NULL, "sleep SECONDS", "wait before the next command",
	cmd_sleep_exec
};
const struct cmd_entry cmd_quit_entry = {
	"quit", NULL, "quit [--confirm]",
	"disconnect everything and exit (--confirm: ask if live)",
	cmd_quit_exec
};
const struct cmd_entry cmd_help_entry = {
	"help", NULL, "help [COMMAND]", "list commands, or show one",
	cmd_help_exec
};

static enum cmd_retval
cmd_sleep_exec(struct cmdq_item *item, int argc, char **argv)
{
	char	*end;
	double	 secs;

	if (argc != 2) {
		cmdq_error(item, "usage: %s", cmd_sleep_entry.usage);
		return CMD_ERROR;
	}
	secs = strtod(argv[1], &end);
	if (*argv[1] == '\0' || *end != '\0' || !(secs >= 0) || secs > 86400) {
		cmdq_error(item, "bad duration '%s': seconds from 0 to 86400",
		    argv[1]);
		return CMD_ERROR;
	}
	cmdq_wait_ms(item, (long)(secs * 1000));
	return CMD_WAIT;
}

static enum cmd_retval
cmd_quit_exec(struct cmdq_item *item, int argc, char **argv)
{
	int	confirm = argc > 1 && strcmp(argv[1], "--confirm") == 0;

	if (argc > 2 || (argc == 2 && !confirm)) {
		cmdq_error(item, "usage: %s", cmd_quit_entry.usage);
		return CMD_ERROR;
	}
	if (ui_active())
		ui_quit(confirm);
	else
		loop_exit(0);
	return CMD_OK;
}

static enum cmd_retval
cmd_help_exec(struct cmdq_item *item, int argc, char **argv)
{
	const struct cmd_entry	**e, *one;

	if (argc > 1) {
		if ((one = cmd_find(argv[1])) == NULL) {
			cmdq_error(item, "unknown command '%s'", argv[1]);
			return CMD_ERROR;
		}
		cmdq_info(item, "%s — %s", one->usage, one->help);
		return CMD_OK;
	}
	for (e = cmd_table; *e != NULL; e++)
		cmdq_info(item, "%-12s %s", (*e)->name, (*e)->help);
	return CMD_OK;
}
