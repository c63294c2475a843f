/* The command table and helpers shared by the cmd-*.c files. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd-int.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_clear_retained_entry,
	&cmd_close_entry,
	&cmd_connect_entry,
	&cmd_delete_entry,
	&cmd_disconnect_entry,
	&cmd_doctor_entry,
	&cmd_drop_entry,
	&cmd_export_entry,
	&cmd_help_entry,
	&cmd_import_entry,
	&cmd_info_entry,
	&cmd_list_entry,
	&cmd_offline_entry,
	&cmd_offline_toggle_entry,
	&cmd_online_entry,
	&cmd_publish_entry,
	&cmd_quit_entry,
	&cmd_rename_entry,
	&cmd_retention_entry,
	&cmd_save_entry,
	&cmd_search_entry,
	&cmd_select_entry,
	&cmd_show_entry,
	&cmd_sleep_entry,
	&cmd_subscribe_entry,
	&cmd_theme_entry,
	&cmd_unsubscribe_entry,
	&cmd_vacuum_entry,
	&cmd_view_entry,
	&cmd_bind_entry,
	&cmd_compose_entry,
	&cmd_confirm_entry,
	&cmd_copy_entry,
	&cmd_cursor_entry,
	&cmd_filter_entry,
	&cmd_find_entry,
	&cmd_form_entry,
	&cmd_keys_entry,
	&cmd_mode_entry,
	&cmd_open_entry,
	&cmd_pane_entry,
	&cmd_prompt_entry,
	&cmd_redraw_entry,
	&cmd_sub_disable_entry,
	&cmd_sub_enable_entry,
	&cmd_sub_form_entry,
	&cmd_sub_toggle_entry,
	&cmd_toggle_entry,
	&cmd_plot_entry,
	&cmd_simulate_entry,
	&cmd_demo_entry,
	&cmd_tree_entry,
	&cmd_request_entry,
	NULL
};

/* getopt_long with no long options: "--bogus" is then named whole. */
const struct option cmd_no_options[] = { { NULL, 0, NULL, 0 } };

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	**e;

	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0 ||
		    ((*e)->alias != NULL && strcmp((*e)->alias, name) == 0))
			return *e;
	}
	return NULL;
}

/* Report what getopt_long rejected, naming the flag. */
enum cmd_retval
cmd_bad_flag(struct cmdq_item *item, char **argv, int c)
{
	const char	*usage = cmd_find(argv[0])->usage;

	/* Option strings start with ':' so a missing value is told apart. */
	if (c == ':')
		cmdq_error(item, "%s needs a value", argv[optind - 1]);
	else if (optopt != 0)
		cmdq_error(item, "unknown flag '-%c' (usage: %s)", optopt,
		    usage);
	else
		cmdq_error(item, "unknown flag '%s' (usage: %s)",
		    argv[optind - 1], usage);
	return CMD_ERROR;
}

/* Parse a lone "-t NAME"; optind is left at the first other word. */
int
cmd_opt_target(struct cmdq_item *item, int argc, char **argv,
    const char **name)
{
	int	c;

	*name = NULL;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:", cmd_no_options,
	    NULL)) != -1) {
		if (c != 't') {
			cmd_bad_flag(item, argv, c);
			return -1;
		}
		*name = *optarg != '\0' ? optarg : NULL;
	}
	return 0;
}

struct conn *
cmd_target_only(struct cmdq_item *item, int argc, char **argv)
{
	const char	*name;

	if (cmd_opt_target(item, argc, argv, &name) != 0)
		return NULL;
	if (optind < argc) {
		cmdq_error(item, "unexpected argument '%s'", argv[optind]);
		return NULL;
	}
	return cmdq_target(item, name);
}

/* A whole number in [lo, hi], or -1 with an error naming what. */
int
cmd_number(struct cmdq_item *item, const char *what, const char *s, long lo,
    long hi, long *out)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		cmdq_error(item, "bad %s '%s': must be %ld-%ld", what, s, lo,
		    hi);
		return -1;
	}
	*out = v;
	return 0;
}

int
cmd_qos(struct cmdq_item *item, const char *s, int *out)
{
	if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0 && strcmp(s, "2") != 0) {
		cmdq_error(item, "bad QoS '%s': must be 0, 1 or 2", s);
		return -1;
	}
	*out = s[0] - '0';
	return 0;
}
