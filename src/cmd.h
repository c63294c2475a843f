/*
 * One table of commands. Keys, the ':' prompt, -c, the config file and
 * --batch all queue command lines on a cmdq, which runs them in order and
 * waits on commands that need the broker's answer.
 */
#ifndef CMD_H
#define CMD_H

struct cmdq;
struct cmdq_item;
struct conn;

enum cmd_retval {
	CMD_OK,
	CMD_ERROR,		/* cmdq_error() was called */
	CMD_WAIT,		/* cmdq_done() will be called later */
};

struct cmd_entry {
	const char	*name;
	const char	*alias;
	const char	*usage;
	const char	*help;
	enum cmd_retval	(*exec)(struct cmdq_item *, int, char **);
};

extern const struct cmd_entry	*cmd_table[];
const struct cmd_entry	*cmd_find(const char *);

struct cmdq	*cmdq_new(const char *);
void		 cmdq_free(struct cmdq *);
/* Parse and queue a line; a parse error is reported and counted. */
int		 cmdq_append(struct cmdq *, const char *);
/* The same for a line read at source ("FILE:LINE"): its errors name it. */
int		 cmdq_append_from(struct cmdq *, const char *, const char *);
/* Queue an error for a line that cannot be a command, in its turn. */
void		 cmdq_append_error(struct cmdq *, const char *, const char *);
void		 cmdq_run(struct cmdq *);
int		 cmdq_busy(const struct cmdq *);
int		 cmdq_errors(const struct cmdq *);
void		 cmdq_count_error(struct cmdq *);
void		 cmdq_clear(struct cmdq *);
/* Called when the queue becomes idle (nothing queued, nothing waiting). */
void		 cmdq_on_idle(struct cmdq *, void (*)(struct cmdq *, void *),
		     void *);
/*
 * Called with each line of output (cmdq_info) of the queue's commands,
 * and which command (an opaque key, the same for its every line).
 */
void		 cmdq_on_info(struct cmdq *, void (*)(struct cmdq *,
		     const void *, const char *, void *), void *);

/* save's reading of NAME URL [flags] (argv[0] is "save"). 0 or -1. */
struct profile;
int		 cmd_save_parse(int, char **, struct profile *, char **);

/* Read the payload views kept with the profiles (cmd-view.c). */
void		 cmd_view_load(void);

/* For commands. */
void		 cmdq_error(struct cmdq_item *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 cmdq_info(struct cmdq_item *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/*
 * Engine calls answer through cmdq_done (arg is the item); call cmdq_hold
 * once for each call that will answer, and return CMD_WAIT.
 */
void		 cmdq_hold(struct cmdq_item *);
void		 cmdq_done(void *, int, const char *);
/* Run done after ms (sleep). */
void		 cmdq_wait_ms(struct cmdq_item *, long);
/* The -t NAME target, or the focused connection; error if none. */
struct conn	*cmdq_target(struct cmdq_item *, const char *);
#endif
