/*
 * Opening the screen's modal views, for the commands: no curses types
 * here (view.h has the panes' drawing).
 */
#ifndef VIEW_OPEN_H
#define VIEW_OPEN_H
#include <stddef.h>
#include <stdint.h>

struct profile;

/* Modals. */
void	view_detail_open(int64_t);
/*
 * Search results under the message pane; takes the query (q is left
 * empty), line is its title. 0, or -1 with *err (heap).
 */
struct search_query;
int	view_results_open(struct search_query *, const char *, char **);
/* The keys of a mode (NULL: the main table, and the commands). */
void	view_help_open(const char *);
/*
 * An error from a config line: kept, and when there are several shown in
 * a pager (opened only when may_open: no other modal is up).
 */
void	view_errors_add(const char *, int);
void	view_errors_free(void);
/* Prompt: on Enter runs tmpl with %% replaced by the (quoted) input. */
void	view_prompt_open(const char *, const char *, const char *);
/* A line into the prompt's history, as if typed (Up finds it). */
void	view_prompt_remember(const char *);
void	view_confirm_open(const char *, const char *);
/*
 * A masked prompt for a secret: fn gets the typed text (heap, the caller
 * wipes and frees it) on Enter, or NULL on Esc or when the screen ends.
 */
void	view_secret_open(const char *, void (*)(void *, char *), void *);
/* A text (title, text, len) in a pager; a question over it, if one. */
void	view_ask_open(const char *, const char *, size_t, const char *,
	    const char *);
/* Connection form: mode "new", "edit" or "duplicate" of profile name. */
void	view_form_open(const char *, const char *);
/*
 * The "save NAME URL [flags]" line (words quoted) that recreates a profile;
 * 0, or -1 with *err (heap) when it cannot be written as one.
 */
int	view_form_build(const struct profile *, char **, char **);
/* Subscribe form for a connection, topic filter optional. */
void	view_subform_open(const char *, const char *);
/*
 * Composer for a connection; walks its history of what was sent, and
 * opens on what was left unsent there.
 */
void	view_composer_open(const char *);
void	view_composer_drafts_free(void);
/*
 * The plot of n topics of a connection (path NULL: the number in the
 * payload) over the last window ms (0: all), following new values.
 */
void	view_plot_open(const char *, int, const char **, const char **,
	    int64_t);
/*
 * The guided demo on the broker at url: a panel over the foot of the
 * message pane; next step, end. Each -1 with *err when it cannot.
 */
int	view_demo_start(const char *, char **);
int	view_demo_next(char **);
int	view_demo_stop(char **);
/*
 * The topic tree of a connection, on a topic's node (NULL: the top),
 * everything under it expanded when all; -1 when there is no such topic.
 */
int	view_tree_open(const char *, const char *, int);
#endif
