/*
 * Commands for the screen: panes, cursor, prompts, forms. They work
 * through ui.h and view-open.h, so no curses here. Outside the screen
 * (batch) they say so. The key bindings' commands are in cmd-keys.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_ui_pane(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_cursor(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_open(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_form(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_confirm(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_prompt(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_compose(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_filter(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_find(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_redraw(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_toggle(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_ui_sub_state(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_pane_entry = {
	"pane", NULL, "pane next|prev|conns|subs|msgs",
	"move between panes", cmd_ui_pane
};
const struct cmd_entry cmd_cursor_entry = {
	"cursor", NULL, "cursor up|down|page-up|page-down|top|bottom",
	"move the selection in the pane", cmd_ui_cursor
};
const struct cmd_entry cmd_open_entry = {
	"open", NULL, "open", "open what is selected", cmd_ui_open
};
const struct cmd_entry cmd_form_entry = {
	"form", NULL, "form new | form edit NAME | form duplicate NAME",
	"the connection form", cmd_ui_form
};
const struct cmd_entry cmd_confirm_entry = {
	"confirm", NULL, "confirm QUESTION COMMAND",
	"ask y/n, then run the command", cmd_ui_confirm
};
const struct cmd_entry cmd_prompt_entry = {
	"prompt", NULL, "prompt [LABEL [TEMPLATE]]",
	"read a line; run it, or TEMPLATE with %% replaced by it",
	cmd_ui_prompt
};
const struct cmd_entry cmd_compose_entry = {
	"compose", NULL, "compose [NAME]", "open the composer",
	cmd_ui_compose
};
const struct cmd_entry cmd_filter_entry = {
	"filter", NULL, "filter [-e] [TEXT]",
	"show the connection's messages whose topic or payload has TEXT "
	"(-e: type it)", cmd_ui_filter
};
const struct cmd_entry cmd_find_entry = {
	"find", NULL, "find [-n|-N] [TEXT]",
	"select the next row that has TEXT (none: type it; -n after the "
	"selection, -N before)", cmd_ui_find
};
const struct cmd_entry cmd_redraw_entry = {
	"redraw", NULL, "redraw", "redraw the screen", cmd_ui_redraw
};
const struct cmd_entry cmd_toggle_entry = {
	"toggle", NULL, "toggle [NAME]", "connect, or disconnect if live",
	cmd_ui_toggle
};
const struct cmd_entry cmd_sub_enable_entry = {
	"sub-enable", NULL, "sub-enable [-t NAME] TOPIC",
	"subscribe again to a disabled subscription", cmd_ui_sub_state
};
const struct cmd_entry cmd_sub_disable_entry = {
	"sub-disable", NULL, "sub-disable [-t NAME] TOPIC",
	"unsubscribe but keep the subscription", cmd_ui_sub_state
};
const struct cmd_entry cmd_sub_toggle_entry = {
	"sub-toggle", NULL, "sub-toggle [-t NAME] TOPIC",
	"enable or disable a subscription", cmd_ui_sub_state
};

static int
cmd_ui_need(struct cmdq_item *item)
{
	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return 0;
	}
	return 1;
}

static enum cmd_retval
cmd_ui_pane(struct cmdq_item *item, int argc, char **argv)
{
	const char	*w = argc > 1 ? argv[1] : "next";

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	if (strcmp(w, "next") == 0)
		ui_pane_move(1);
	else if (strcmp(w, "prev") == 0)
		ui_pane_move(-1);
	else if (strcmp(w, "conns") == 0)
		ui_pane_focus(UI_PANE_CONNS);
	else if (strcmp(w, "subs") == 0)
		ui_pane_focus(UI_PANE_SUBS);
	else if (strcmp(w, "msgs") == 0)
		ui_pane_focus(UI_PANE_MSGS);
	else {
		cmdq_error(item, "usage: %s", cmd_pane_entry.usage);
		return CMD_ERROR;
	}
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_cursor(struct cmdq_item *item, int argc, char **argv)
{
	const char	*w = argc > 1 ? argv[1] : "";

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	if (strcmp(w, "up") == 0)
		ui_cursor(-1);
	else if (strcmp(w, "down") == 0)
		ui_cursor(1);
	else if (strcmp(w, "page-up") == 0)
		ui_page(-1);
	else if (strcmp(w, "page-down") == 0)
		ui_page(1);
	else if (strcmp(w, "top") == 0)
		ui_cursor(INT_MIN);
	else if (strcmp(w, "bottom") == 0)
		ui_cursor(INT_MAX);
	else {
		cmdq_error(item, "usage: %s", cmd_cursor_entry.usage);
		return CMD_ERROR;
	}
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_open(struct cmdq_item *item, int argc, char **argv)
{
	if (!cmd_ui_need(item))
		return CMD_ERROR;
	ui_open();
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_form(struct cmdq_item *item, int argc, char **argv)
{
	const char	*mode = argc > 1 ? argv[1] : "new";

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	if (strcmp(mode, "new") != 0 && strcmp(mode, "edit") != 0 &&
	    strcmp(mode, "duplicate") != 0) {
		cmdq_error(item, "usage: %s", cmd_form_entry.usage);
		return CMD_ERROR;
	}
	if (strcmp(mode, "new") != 0 && (argc < 3 || *argv[2] == '\0')) {
		cmdq_error(item, "select a profile to %s", mode);
		return CMD_ERROR;
	}
	view_form_open(mode, argc > 2 ? argv[2] : NULL);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_confirm(struct cmdq_item *item, int argc, char **argv)
{
	if (!cmd_ui_need(item))
		return CMD_ERROR;
	if (argc != 3) {
		cmdq_error(item, "usage: %s", cmd_confirm_entry.usage);
		return CMD_ERROR;
	}
	view_confirm_open(argv[1], argv[2]);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_prompt(struct cmdq_item *item, int argc, char **argv)
{
	if (!cmd_ui_need(item))
		return CMD_ERROR;
	view_prompt_open(argc > 1 ? argv[1] : ":", argc > 2 ? argv[2] : NULL,
	    NULL);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_compose(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	if ((c = cmdq_target(item, argc > 1 && *argv[1] != '\0' ? argv[1] :
	    NULL)) == NULL)
		return CMD_ERROR;
	view_composer_open(c->name);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_filter(struct cmdq_item *item, int argc, char **argv)
{
	int	c, edit = 0;

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:e", cmd_no_options,
	    NULL)) != -1) {
		if (c != 'e')
			return cmd_bad_flag(item, argv, c);
		edit = 1;
	}
	if (optind + 1 < argc) {
		cmdq_error(item, "give one TEXT (quote it if it has blanks)");
		return CMD_ERROR;
	}
	if (edit)
		ui_filter_open();
	else
		ui_filter(optind < argc ? argv[optind] : NULL);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_find(struct cmdq_item *item, int argc, char **argv)
{
	int	c, dir = 0;

	if (!cmd_ui_need(item))
		return CMD_ERROR;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:nN", cmd_no_options,
	    NULL)) != -1) {
		if (c != 'n' && c != 'N')
			return cmd_bad_flag(item, argv, c);
		dir = c == 'n' ? 1 : -1;
	}
	if (optind + 1 < argc) {
		cmdq_error(item, "give one TEXT (quote it if it has blanks)");
		return CMD_ERROR;
	}
	if (optind == argc) {
		ui_find_open();
		return CMD_OK;
	}
	if (*argv[optind] != '\0' && !ui_find(argv[optind], dir)) {
		cmdq_error(item, "no row has '%s'", argv[optind]);
		return CMD_ERROR;
	}
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_redraw(struct cmdq_item *item, int argc, char **argv)
{
	if (!cmd_ui_need(item))
		return CMD_ERROR;
	ui_dirty(UI_DIRTY_ALL);
	return CMD_OK;
}

static enum cmd_retval
cmd_ui_toggle(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	char		*err = NULL;
	int		 rc;

	c = argc > 1 && *argv[1] != '\0' ? conn_find(argv[1]) : conn_focus;
	if (c == NULL || c->state == CONN_OFFLINE || c->state == CONN_ERROR) {
		if (argc < 2 && c == NULL) {
			cmdq_error(item, "select a connection first");
			return CMD_ERROR;
		}
		/* Not live: the same as typing connect NAME. */
		return cmd_connect_entry.exec(item, 2, (char *[]){ "connect",
		    argc > 1 ? argv[1] : c->name, NULL });
	}
	rc = engine_disconnect(c, cmdq_done, item, &err);
	if (rc != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}

static void
cmd_ui_sub_done(void *arg, int ok, const char *reason)
{
	cmdq_done(arg, ok, reason);
	ui_dirty(UI_DIRTY_SUBS);
}

/* sub-enable, sub-disable and sub-toggle: the row stays either way. */
static enum cmd_retval
cmd_ui_sub_state(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	struct sub	*s;
	const char	*name, *cmd = argv[0];
	char		*err = NULL;
	int		 enable, rc;

	if (cmd_opt_target(item, argc, argv, &name) != 0)
		return CMD_ERROR;
	if (optind + 1 == argc && *argv[optind] == '\0') {
		/* {sub} of row 0, "all messages". */
		cmdq_error(item, "select a subscription first");
		return CMD_ERROR;
	}
	if (optind + 1 != argc) {
		cmdq_error(item, "give one subscription topic");
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	if ((s = conn_sub_find(c, argv[optind])) == NULL) {
		cmdq_error(item, "'%s' has no subscription '%s'", c->name,
		    argv[optind]);
		return CMD_ERROR;
	}
	if (strcmp(cmd, "sub-toggle") == 0)
		enable = !s->enabled;
	else
		enable = strcmp(cmd, "sub-enable") == 0;
	if (enable == s->enabled) {
		cmdq_info(item, "%s: %s is already %s", c->name, s->topic,
		    enable ? "enabled" : "disabled");
		return CMD_OK;
	}
	s->enabled = enable;
	if (enable)
		rc = engine_subscribe(c, s, cmd_ui_sub_done, item, &err);
	else {
		s->state = SUB_DISABLED;
		rc = engine_unsubscribe(c, s, cmd_ui_sub_done, item, &err);
	}
	if (rc != 0) {
		s->enabled = !enable;
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}
