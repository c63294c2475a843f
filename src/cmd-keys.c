/*
 * The key tables' commands: bind (also in batch mode, so mqttyrc can hold
 * it), keys (a table on the screen) and mode, which runs an action of the
 * window on top, as tmux's send-keys -X does in copy mode.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cmd-int.h"
#include "key-bindings.h"
#include "keys.h"
#include "ui.h"
#include "view-open.h"

static enum cmd_retval	cmd_keys_bind(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_keys_keys(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_keys_mode(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_bind_entry = {
	"bind", NULL, "bind [-T MODE] KEY [COMMAND [NOTE]]",
	"bind a key to a command in a mode's table (default main; no "
	"command: unbind)", cmd_keys_bind
};
const struct cmd_entry cmd_keys_entry = {
	"keys", NULL, "keys [MODE]",
	"show the key bindings (of MODE: form, composer, pager, ...)",
	cmd_keys_keys
};
const struct cmd_entry cmd_mode_entry = {
	"mode", NULL, "mode ACTION",
	"run an action of the window on top (form: save, composer: send, "
	"pager: close, ...)", cmd_keys_mode
};

static int
cmd_keys_known(struct cmdq_item *item, const char *mode)
{
	if (key_bindings_mode(mode))
		return 1;
	cmdq_error(item, "unknown mode '%s' (modes: %s)", mode,
	    key_bindings_modes());
	return 0;
}

static enum cmd_retval
cmd_keys_bind(struct cmdq_item *item, int argc, char **argv)
{
	const char	*mode = "main";
	int		 c, key;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:T:", cmd_no_options,
	    NULL)) != -1) {
		if (c != 'T')
			return cmd_bad_flag(item, argv, c);
		mode = optarg;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 3) {
		cmdq_error(item, "usage: %s", cmd_bind_entry.usage);
		return CMD_ERROR;
	}
	if (!cmd_keys_known(item, mode))
		return CMD_ERROR;
	if ((key = keys_parse(argv[0])) == KEYC_NONE) {
		cmdq_error(item, "unknown key '%s' (e.g. q, C-x, M-x, F5, Up)",
		    argv[0]);
		return CMD_ERROR;
	}
	key_bindings_set(mode, key, argc > 1 ? argv[1] : NULL,
	    argc > 2 ? argv[2] : NULL);
	return CMD_OK;
}

static enum cmd_retval
cmd_keys_keys(struct cmdq_item *item, int argc, char **argv)
{
	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return CMD_ERROR;
	}
	if (argc > 2) {
		cmdq_error(item, "usage: %s", cmd_keys_entry.usage);
		return CMD_ERROR;
	}
	if (argc == 2 && !cmd_keys_known(item, argv[1]))
		return CMD_ERROR;
	view_help_open(argc == 2 ? argv[1] : NULL);
	return CMD_OK;
}

static enum cmd_retval
cmd_keys_mode(struct cmdq_item *item, int argc, char **argv)
{
	char	*err;

	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return CMD_ERROR;
	}
	if (argc != 2) {
		cmdq_error(item, "usage: %s", cmd_mode_entry.usage);
		return CMD_ERROR;
	}
	if (ui_modal_action(argv[1], &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	return CMD_OK;
}
