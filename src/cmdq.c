/*
 * Command queues. Each source (batch input, the prompt, the config file)
 * has one; commands run in order, and a command that waits for the broker
 * holds the queue until every operation it started has answered.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "events.h"
#include "loop.h"
#include "xmalloc.h"

/* Characters of a quoted word an error shows before cutting it. */
#define CMDQ_QUOTE_MAX	64

struct cmdq_item {
	struct cmdq		*q;
	struct cmd_words	 w;
	const struct cmd_entry	*cmd;
	int			 holds;		/* answers still awaited */
	int			 failed;
	int			 running;	/* inside exec */
	char			*error;		/* the line did not parse */
	char			*source;	/* "FILE:LINE" or NULL */
	struct loop_timer	*timer;		/* sleep */
	TAILQ_ENTRY(cmdq_item)	 entry;
};

struct cmdq {
	char			*name;
	TAILQ_HEAD(, cmdq_item)	 items;
	struct cmdq_item	*current;
	int			 errors;
	int			 running;
	struct loop_timer	*kick;
	void			(*idle_fn)(struct cmdq *, void *);
	void			*idle_arg;
	void			(*info_fn)(struct cmdq *, const void *,
				    const char *, void *);
	void			*info_arg;
};

static void	cmdq_kick(void *);

struct cmdq *
cmdq_new(const char *name)
{
	struct cmdq	*q = xcalloc(1, sizeof *q);

	q->name = xstrdup(name);
	TAILQ_INIT(&q->items);
	q->kick = loop_timer_new(cmdq_kick, q);
	return q;
}

static void
cmdq_item_free(struct cmdq_item *item)
{
	int	i;

	for (i = 0; i < item->w.argc; i++)
		free(item->w.argv[i]);
	free(item->w.argv);
	loop_timer_free(item->timer);
	free(item->error);
	free(item->source);
	free(item);
}

void
cmdq_clear(struct cmdq *q)
{
	struct cmdq_item	*item;

	while ((item = TAILQ_FIRST(&q->items)) != NULL) {
		TAILQ_REMOVE(&q->items, item, entry);
		cmdq_item_free(item);
	}
}

void
cmdq_free(struct cmdq *q)
{
	cmdq_clear(q);
	/* A waiting item may still be answered: orphan it from the queue. */
	if (q->current != NULL) {
		q->current->q = NULL;
		if (q->current->holds <= 0)
			cmdq_item_free(q->current);
	}
	loop_timer_free(q->kick);
	free(q->name);
	free(q);
}

void
cmdq_on_idle(struct cmdq *q, void (*fn)(struct cmdq *, void *), void *arg)
{
	q->idle_fn = fn;
	q->idle_arg = arg;
}

void
cmdq_on_info(struct cmdq *q,
    void (*fn)(struct cmdq *, const void *, const char *, void *),
    void *arg)
{
	q->info_fn = fn;
	q->info_arg = arg;
}

static struct cmdq_item *
cmdq_item_new(struct cmdq *q, const char *source)
{
	struct cmdq_item	*item = xcalloc(1, sizeof *item);

	item->q = q;
	item->source = source != NULL ? xstrdup(source) : NULL;
	TAILQ_INSERT_TAIL(&q->items, item, entry);
	if (!q->running)
		loop_timer_start(q->kick, 0);
	return item;
}

int
cmdq_append(struct cmdq *q, const char *line)
{
	return cmdq_append_from(q, line, NULL);
}

int
cmdq_append_from(struct cmdq *q, const char *line, const char *source)
{
	struct cmd_lines	 lines;
	char			*err = NULL;
	int			 i;

	if (cmd_parse(line, &lines, &err) != 0) {
		/* Reported in its turn, so errors keep the input's order. */
		cmdq_item_new(q, source)->error = err;
		return -1;
	}
	for (i = 0; i < lines.n; i++)
		cmdq_item_new(q, source)->w = lines.v[i];
	free(lines.v);
	return 0;
}

void
cmdq_append_error(struct cmdq *q, const char *source, const char *why)
{
	cmdq_item_new(q, source)->error = xstrdup(why);
}

/* Every error of an item names where its line came from, if it knows. */
static void
cmdq_report(struct cmdq_item *item, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (item->source != NULL)
		events_error_at(item->source, "%s", s);
	else
		events_error(NULL, "%s", s);
	free(s);
}

static void
cmdq_finish(struct cmdq *q, struct cmdq_item *item)
{
	if (item->failed)
		q->errors++;
	if (q->current == item)
		q->current = NULL;
	cmdq_item_free(item);
}

void
cmdq_run(struct cmdq *q)
{
	struct cmdq_item	*item;
	enum cmd_retval		 rv;
	char			*name;

	if (q->running || q->current != NULL)
		return;
	q->running = 1;
	while (q->current == NULL && (item = TAILQ_FIRST(&q->items)) != NULL) {
		if (loop_exiting())
			break;
		TAILQ_REMOVE(&q->items, item, entry);
		q->current = item;
		if (item->error != NULL) {
			cmdq_report(item, "%s", item->error);
			item->failed = 1;
			cmdq_finish(q, item);
			continue;
		}
		item->cmd = cmd_find(item->w.argv[0]);
		if (item->cmd == NULL) {
			name = cmd_shorten(item->w.argv[0], CMDQ_QUOTE_MAX);
			cmdq_report(item, "unknown command '%s' (try 'help')",
			    name);
			free(name);
			item->failed = 1;
			cmdq_finish(q, item);
			continue;
		}
		item->running = 1;
		rv = item->cmd->exec(item, item->w.argc, item->w.argv);
		item->running = 0;
		if (rv == CMD_ERROR)
			item->failed = 1;
		if (rv != CMD_WAIT || item->holds <= 0)
			cmdq_finish(q, item);
	}
	q->running = 0;
	if (q->current == NULL && TAILQ_EMPTY(&q->items) && q->idle_fn != NULL)
		q->idle_fn(q, q->idle_arg);
}

static void
cmdq_kick(void *arg)
{
	cmdq_run(arg);
}

int
cmdq_busy(const struct cmdq *q)
{
	return q->current != NULL || !TAILQ_EMPTY(&q->items);
}

int
cmdq_errors(const struct cmdq *q)
{
	return q->errors;
}

void
cmdq_count_error(struct cmdq *q)
{
	q->errors++;
}

void
cmdq_error(struct cmdq_item *item, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	cmdq_report(item, "%s: %s", item->w.argv[0], s);
	free(s);
	item->failed = 1;
}

void
cmdq_info(struct cmdq_item *item, const char *fmt, ...)
{
	struct event	 ev = { .type = EV_INFO };
	va_list		 ap;
	char		*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	ev.reason = s;
	events_emit(&ev);
	if (item->q != NULL && item->q->info_fn != NULL)
		item->q->info_fn(item->q, item, ev.reason, item->q->info_arg);
	free(s);
}


void
cmdq_hold(struct cmdq_item *item)
{
	item->holds++;
}

/* An answer arrived. It may come during exec (done synchronously). */
void
cmdq_done(void *arg, int ok, const char *reason)
{
	struct cmdq_item	*item = arg;
	struct cmdq		*q;

	if (!ok) {
		cmdq_report(item, "%s: %s", item->w.argv[0],
		    reason ? reason : "failed");
		item->failed = 1;
	}
	if (--item->holds > 0 || item->running)
		return;
	if (item->q == NULL) {
		cmdq_item_free(item);
		return;
	}
	q = item->q;
	cmdq_finish(q, item);
	/* Not from inside a libmosquitto callback: run on the next turn. */
	loop_timer_start(q->kick, 0);
}

static void
cmdq_sleep_done(void *arg)
{
	cmdq_done(arg, 1, NULL);
}

void
cmdq_wait_ms(struct cmdq_item *item, long ms)
{
	if (item->timer == NULL)
		item->timer = loop_timer_new(cmdq_sleep_done, item);
	cmdq_hold(item);
	loop_timer_start(item->timer, ms);
}

struct conn *
cmdq_target(struct cmdq_item *item, const char *name)
{
	struct conn	*c;

	if (name == NULL) {
		if (conn_focus == NULL)
			cmdq_error(item, "no connection: connect first or "
			    "give -t NAME");
		return conn_focus;
	}
	if ((c = conn_find(name)) == NULL)
		cmdq_error(item, "no connection named '%s'", name);
	return c;
}
