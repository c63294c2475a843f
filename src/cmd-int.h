/* Shared between the command files; not for the rest of the program. */
#ifndef CMD_INT_H
#define CMD_INT_H
#include <getopt.h>

#include "cmd.h"

extern const struct cmd_entry	cmd_clear_retained_entry;
extern const struct cmd_entry	cmd_close_entry;
extern const struct cmd_entry	cmd_connect_entry;
extern const struct cmd_entry	cmd_delete_entry;
extern const struct cmd_entry	cmd_disconnect_entry;
extern const struct cmd_entry	cmd_doctor_entry;
extern const struct cmd_entry	cmd_drop_entry;
extern const struct cmd_entry	cmd_export_entry;
extern const struct cmd_entry	cmd_help_entry;
extern const struct cmd_entry	cmd_import_entry;
extern const struct cmd_entry	cmd_info_entry;
extern const struct cmd_entry	cmd_list_entry;
extern const struct cmd_entry	cmd_show_entry;
extern const struct cmd_entry	cmd_offline_entry;
extern const struct cmd_entry	cmd_offline_toggle_entry;
extern const struct cmd_entry	cmd_online_entry;
extern const struct cmd_entry	cmd_publish_entry;
extern const struct cmd_entry	cmd_quit_entry;
extern const struct cmd_entry	cmd_rename_entry;
extern const struct cmd_entry	cmd_retention_entry;
extern const struct cmd_entry	cmd_save_entry;
extern const struct cmd_entry	cmd_search_entry;
extern const struct cmd_entry	cmd_select_entry;
extern const struct cmd_entry	cmd_sleep_entry;
extern const struct cmd_entry	cmd_subscribe_entry;
extern const struct cmd_entry	cmd_theme_entry;
extern const struct cmd_entry	cmd_unsubscribe_entry;
extern const struct cmd_entry	cmd_vacuum_entry;
extern const struct cmd_entry	cmd_view_entry;
extern const struct cmd_entry	cmd_bind_entry;
extern const struct cmd_entry	cmd_compose_entry;
extern const struct cmd_entry	cmd_confirm_entry;
extern const struct cmd_entry	cmd_copy_entry;
extern const struct cmd_entry	cmd_cursor_entry;
extern const struct cmd_entry	cmd_filter_entry;
extern const struct cmd_entry	cmd_find_entry;
extern const struct cmd_entry	cmd_form_entry;
extern const struct cmd_entry	cmd_keys_entry;
extern const struct cmd_entry	cmd_mode_entry;
extern const struct cmd_entry	cmd_open_entry;
extern const struct cmd_entry	cmd_plot_entry;
extern const struct cmd_entry	cmd_pane_entry;
extern const struct cmd_entry	cmd_prompt_entry;
extern const struct cmd_entry	cmd_redraw_entry;
extern const struct cmd_entry	cmd_sub_disable_entry;
extern const struct cmd_entry	cmd_sub_enable_entry;
extern const struct cmd_entry	cmd_sub_form_entry;
extern const struct cmd_entry	cmd_sub_toggle_entry;
extern const struct cmd_entry	cmd_toggle_entry;
extern const struct cmd_entry	cmd_simulate_entry;
extern const struct cmd_entry	cmd_demo_entry;
extern const struct cmd_entry	cmd_tree_entry;
extern const struct cmd_entry	cmd_request_entry;

extern const struct option	cmd_no_options[];

enum cmd_retval	cmd_bad_flag(struct cmdq_item *, char **, int);
int		cmd_number(struct cmdq_item *, const char *, const char *,
		    long, long, long *);
int		cmd_qos(struct cmdq_item *, const char *, int *);
int		cmd_opt_target(struct cmdq_item *, int, char **, const char **);
/* Parse a lone "-t NAME" and return the target connection. */
struct conn	*cmd_target_only(struct cmdq_item *, int, char **);
/* export --connections (cmd-import.c): whether argv asks for it, and it. */
int		cmd_export_is_connections(int, char **);
enum cmd_retval	cmd_export_connections(struct cmdq_item *, int, char **);
#endif
