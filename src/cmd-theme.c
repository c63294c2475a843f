/*
 * theme: list the themes, or use one. On the screen the colours change at
 * once. Batch mode has no colours, but "theme NAME" still reads and checks
 * the file, so a config file that picks a theme works in both.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "theme-dir.h"
#include "theme-use.h"
#include "ui.h"

static enum cmd_retval	cmd_theme_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_theme_entry = {
	"theme", NULL, "theme [NAME]",
	"use a colour theme (no name: list the themes)", cmd_theme_exec
};

/*
 * Batch: a line a theme, "* " marking the one in use, with its file. The
 * screen shows only the last line of a command's output, so there it is
 * one line of names.
 */
static void
cmd_theme_list(struct cmdq_item *item)
{
	struct theme_dir_entry	*list;
	struct buf		 b;
	const char		*cur = theme_in_use(), *mark;
	size_t			 n, i;
	int			 found = 0;

	n = theme_dir_list(&list);
	buf_init(&b);
	buf_adds(&b, "themes:");
	for (i = 0; i < n; i++) {
		mark = "";
		if (strcmp(list[i].name, cur) == 0) {
			mark = "*";
			found = 1;
		}
		if (ui_active())
			buf_addf(&b, " %s%s", mark, list[i].name);
		else
			cmdq_info(item, "%-2s%-16s %s", mark, list[i].name,
			    list[i].path);
	}
	/* The built-in default, when no file of that name is installed. */
	if (!found) {
		if (ui_active())
			buf_addf(&b, " *%s", cur);
		else
			cmdq_info(item, "* %-16s (built in)", cur);
	}
	if (ui_active())
		cmdq_info(item, "%s", buf_str(&b));
	buf_free(&b);
	theme_dir_free(list, n);
}

static enum cmd_retval
cmd_theme_exec(struct cmdq_item *item, int argc, char **argv)
{
	char	*err;

	if (argc > 2) {
		cmdq_error(item, "usage: %s", cmd_theme_entry.usage);
		return CMD_ERROR;
	}
	if (argc == 1) {
		cmd_theme_list(item);
		return CMD_OK;
	}
	if (theme_use(argv[1], &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	if (ui_active())
		ui_dirty(UI_DIRTY_ALL);
	return CMD_OK;
}
