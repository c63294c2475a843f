/*
 * clear-retained: find the retained messages under a filter, list them,
 * ask (on the screen), then clear each with an empty retained publish.
 *
 * The engine does it with a client of its own (engine-retained.c), so the
 * connection's session and subscriptions stay as they are. Clearing is
 * paced: at most CMD_RETAINED_WINDOW publishes wait for their PUBACK and
 * at most --rate go out a second, from a timer, so a broker holding
 * 10,000 retained topics is not flooded and the loop never waits. The
 * count reported is of acknowledgements only.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "cmd-parse.h"
#include "conn.h"
#include "engine.h"
#include "events.h"
#include "loop.h"
#include "sanitize.h"
#include "store.h"
#include "topic.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

#define CMD_RETAINED_WINDOW	20	/* publishes waiting for PUBACK */
#define CMD_RETAINED_RATE	500	/* default: publishes a second */
#define CMD_RETAINED_MAX	100000	/* topics one scan may list */
#define CMD_RETAINED_PREVIEW	40	/* payload bytes listed */
#define CMD_RETAINED_SHOW_MS	100	/* progress on the status line */

static enum cmd_retval	cmd_retained_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_clear_retained_entry = {
	"clear-retained", NULL,
	"clear-retained [-t NAME] [-n] [-y] [--rate N] FILTER",
	"find the retained messages under FILTER, list them and clear them "
	"(-n: only list; -y: without asking)", cmd_retained_exec
};

static const struct option cmd_retained_options[] = {
	{ "rate", required_argument, NULL, 'r' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "yes", no_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_retained_topic {
	char	*topic;
	char	*preview;	/* the payload's first bytes */
	size_t	 plen;
	size_t	 len;
};

struct cmd_retained {
	struct cmdq_item		*item;
	char				*conn;
	char				*filter;
	int				 dry_run;
	int				 ask;		/* the screen asks first */
	long				 rate;
	struct engine_retained		*er;
	struct cmd_retained_topic	*v;
	size_t				 n;
	size_t				 alloc;
	int				 full;		/* past CMD_RETAINED_MAX */
	size_t				 next;		/* next to clear */
	size_t				 inflight;
	size_t				 cleared;
	size_t				 failed;
	char				*why;		/* the first failure */
	int				 stopped;	/* no more can go */
	int64_t				 start;		/* clearing began */
	int64_t				 shown;		/* progress last shown */
	struct loop_timer		*pump;
};

static void	cmd_retained_found(void *, const char *, const void *, size_t);
static void	cmd_retained_scanned(void *, int, const char *);
static void	cmd_retained_cleared(void *, void *, int, const char *);

static const struct engine_retained_cbs cmd_retained_cbs = {
	cmd_retained_found, cmd_retained_scanned, cmd_retained_cleared
};

static void
cmd_retained_free(struct cmd_retained *cr)
{
	size_t	i;

	engine_retained_free(cr->er);
	loop_timer_free(cr->pump);
	for (i = 0; i < cr->n; i++) {
		free(cr->v[i].topic);
		free(cr->v[i].preview);
	}
	free(cr->v);
	free(cr->conn);
	free(cr->filter);
	free(cr->why);
	free(cr);
}

static int
cmd_retained_cmp(const void *a, const void *b)
{
	const struct cmd_retained_topic	*x = a, *y = b;

	return strcmp(x->topic, y->topic);
}

static void
cmd_retained_found(void *arg, const char *topic, const void *payload,
    size_t len)
{
	struct cmd_retained		*cr = arg;
	struct cmd_retained_topic	*t;

	if (cr->n == CMD_RETAINED_MAX) {
		cr->full = 1;
		return;
	}
	if (cr->n == cr->alloc) {
		cr->alloc = cr->alloc == 0 ? 64 : cr->alloc * 2;
		cr->v = xrealloc(cr->v, cr->alloc * sizeof *cr->v);
	}
	t = &cr->v[cr->n++];
	t->topic = xstrdup(topic);
	t->len = len;
	t->plen = len < CMD_RETAINED_PREVIEW ? len : CMD_RETAINED_PREVIEW;
	t->preview = xmemdup(payload, t->plen);
}

/* The result, as an event: batch prints it, the screen shows it. */
static void
cmd_retained_result(struct cmd_retained *cr)
{
	struct event	 ev = { .type = EV_RETAINED_DONE };
	char		*text;

	ev.conn = conn_find(cr->conn);
	ev.name = cr->conn;
	ev.topic = cr->filter;
	ev.count = cr->n;
	ev.done = cr->cleared;
	ev.dry_run = cr->dry_run;
	if (cr->n == 0)
		text = xasprintf("no retained messages under %s", cr->filter);
	else if (cr->dry_run)
		text = xasprintf("%zu retained message%s under %s (dry run: "
		    "none cleared)", cr->n, cr->n == 1 ? "" : "s", cr->filter);
	else
		text = xasprintf("cleared %zu of %zu retained message%s under "
		    "%s", cr->cleared, cr->n, cr->n == 1 ? "" : "s",
		    cr->filter);
	ev.reason = text;
	events_emit(&ev);
	free(text);
}

/* One line of the listing, safe to show. */
static void
cmd_retained_line(struct buf *b, const struct cmd_retained_topic *t)
{
	sanitize(b, t->topic, strlen(t->topic), 0);
	buf_addf(b, "  (%zu bytes)", t->len);
	if (t->plen > 0) {
		buf_adds(b, "  ");
		sanitize(b, t->preview, t->plen, 0);
		if (t->plen < t->len)
			buf_adds(b, "…");
	}
	buf_addc(b, '\n');
}

/* The screen: the listing in a pager, and the question over it. */
static void
cmd_retained_show(struct cmd_retained *cr)
{
	struct buf	 b;
	char		*title, *question = NULL, *line = NULL, *qc, *qf;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < cr->n; i++)
		cmd_retained_line(&b, &cr->v[i]);
	title = xasprintf("%zu retained message%s under %s on %s%s", cr->n,
	    cr->n == 1 ? "" : "s", cr->filter, cr->conn, cr->dry_run ?
	    " (dry run)" : "");
	if (cr->ask) {
		qc = cmd_quote(cr->conn);
		qf = cmd_quote(cr->filter);
		question = xasprintf("clear these %zu retained message%s?",
		    cr->n, cr->n == 1 ? "" : "s");
		line = xasprintf("clear-retained -y --rate %ld -t %s %s",
		    cr->rate, qc, qf);
		free(qf);
		free(qc);
	}
	view_ask_open(title, buf_str(&b), b.len, question, line);
	free(line);
	free(question);
	free(title);
	buf_free(&b);
}

static void
cmd_retained_progress(struct cmd_retained *cr, int force)
{
	int64_t	now = loop_now();

	if (!ui_active() || (!force && now - cr->shown < CMD_RETAINED_SHOW_MS))
		return;
	cr->shown = now;
	ui_status(0, "%s: clearing retained under %s: %zu of %zu "
	    "acknowledged", cr->conn, cr->filter, cr->cleared, cr->n);
}

/* Done; cleaning: it cleared what it could, and says how many. */
static void
cmd_retained_finish(struct cmd_retained *cr, int cleaning)
{
	struct cmdq_item	*item = cr->item;
	char			*why = NULL;

	if (cleaning)
		cmd_retained_result(cr);
	if (cleaning && cr->cleared < cr->n)
		why = xasprintf("cleared %zu of %zu retained messages under "
		    "%s: %s", cr->cleared, cr->n, cr->filter, cr->why != NULL ?
		    cr->why : "stopped");
	cmd_retained_free(cr);
	cmdq_done(item, why == NULL, why);
	free(why);
}

/* Send what the window and the rate allow now; come back for the rest. */
static void
cmd_retained_pump(void *arg)
{
	struct cmd_retained	*cr = arg;
	int64_t			 elapsed = loop_now() - cr->start, due;
	size_t			 allowed;
	char			*err = NULL;

	/* A tenth of a second's worth may go at once. */
	allowed = (size_t)(cr->rate * elapsed / 1000 + (cr->rate + 9) / 10);
	while (!cr->stopped && cr->next < cr->n &&
	    cr->inflight < CMD_RETAINED_WINDOW && cr->next < allowed) {
		if (engine_retained_clear(cr->er, cr->v[cr->next].topic,
		    (void *)(uintptr_t)cr->next, &err) != 0) {
			cr->stopped = 1;
			if (cr->why == NULL)
				cr->why = err;
			else
				free(err);
			break;
		}
		cr->next++;
		cr->inflight++;
	}
	cmd_retained_progress(cr, 0);
	if ((cr->stopped || cr->next == cr->n) && cr->inflight == 0) {
		cmd_retained_finish(cr, 1);
		return;
	}
	if (!cr->stopped && cr->next < cr->n &&
	    cr->inflight < CMD_RETAINED_WINDOW) {
		/* The rate holds it back: when the next may go. */
		due = ((int64_t)cr->next + 1 - (cr->rate + 9) / 10) * 1000 /
		    cr->rate - elapsed;
		loop_timer_start(cr->pump, due > 0 ? due : 1);
	}
}

static void
cmd_retained_cleared(void *arg, void *cookie, int ok, const char *why)
{
	struct cmd_retained	*cr = arg;
	size_t			 i = (size_t)(uintptr_t)cookie;

	cr->inflight--;
	if (ok)
		cr->cleared++;
	else {
		cr->failed++;
		if (cr->why == NULL)
			cr->why = xasprintf("%s: %s", cr->v[i].topic, why);
	}
	/* Not from inside libmosquitto's callback: on the next turn. */
	loop_timer_start(cr->pump, 0);
}

static void
cmd_retained_scanned(void *arg, int ok, const char *why)
{
	struct cmd_retained	*cr = arg;
	struct cmdq_item	*item = cr->item;
	struct event		 ev = { .type = EV_RETAINED };
	char			*err;
	size_t			 i;

	if (!ok) {
		err = xasprintf("cannot look for retained messages: %s", why);
		cmd_retained_free(cr);
		cmdq_done(item, 0, err);
		free(err);
		return;
	}
	if (cr->full) {
		err = xasprintf("more than %d retained messages under %s: "
		    "narrow the filter", CMD_RETAINED_MAX, cr->filter);
		cmd_retained_free(cr);
		cmdq_done(item, 0, err);
		free(err);
		return;
	}
	if (cr->n > 1)
		qsort(cr->v, cr->n, sizeof *cr->v, cmd_retained_cmp);
	ev.conn = conn_find(cr->conn);
	ev.name = cr->conn;
	for (i = 0; i < cr->n; i++) {
		ev.topic = cr->v[i].topic;
		ev.count = cr->v[i].len;
		events_emit(&ev);
	}
	if (cr->n == 0 || cr->dry_run) {
		cmd_retained_result(cr);
		if (cr->n > 0 && ui_active())
			cmd_retained_show(cr);
		cmd_retained_finish(cr, 0);
		return;
	}
	if (cr->ask) {
		/* The question runs clear-retained -y, which looks again. */
		cmd_retained_show(cr);
		ui_status(0, "%s: %zu retained message%s under %s", cr->conn,
		    cr->n, cr->n == 1 ? "" : "s", cr->filter);
		cmd_retained_finish(cr, 0);
		return;
	}
	cr->start = loop_now();
	cr->pump = loop_timer_new(cmd_retained_pump, cr);
	cmd_retained_progress(cr, 1);
	loop_timer_start(cr->pump, 0);
}

static enum cmd_retval
cmd_retained_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_retained	*cr;
	struct conn		*c;
	struct profile		*p, *saved = NULL;
	const char		*name = NULL, *why;
	char			*err = NULL;
	long			 rate = CMD_RETAINED_RATE;
	int			 ch, dry_run = 0, yes = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":t:nyr:", cmd_retained_options,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			name = *optarg != '\0' ? optarg : NULL;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'y':
			yes = 1;
			break;
		case 'r':
			if (cmd_number(item, "rate", optarg, 1, 100000,
			    &rate) != 0)
				return CMD_ERROR;
			break;
		default:
			return cmd_bad_flag(item, argv, ch);
		}
	}
	if (argc - optind != 1) {
		cmdq_error(item, "usage: %s", cmd_clear_retained_entry.usage);
		return CMD_ERROR;
	}
	if (topic_check_filter(argv[optind], strlen(argv[optind]),
	    &why) != 0) {
		cmdq_error(item, "bad topic filter '%.64s': %s",
		    argv[optind], why);
		return CMD_ERROR;
	}
	if (dry_run && yes) {
		cmdq_error(item, "-n (only list) and -y (clear without "
		    "asking) contradict each other");
		return CMD_ERROR;
	}
	if (!dry_run && !yes && !ui_active()) {
		cmdq_error(item, "nobody to ask in batch mode: give -y to "
		    "clear, or -n to only list");
		return CMD_ERROR;
	}
	/* A connection, or a saved profile that is not connected. */
	if ((c = name != NULL ? conn_find(name) : conn_focus) != NULL &&
	    c->secret != NULL) {
		/* The session's password: its source may not be repeatable. */
		p = saved = profile_dup(c->p);
		profile_set(&saved->password, c->secret);
	} else if (c != NULL)
		p = c->p;
	else if (name != NULL && (p = saved = store_profile_load(name)) ==
	    NULL) {
		cmdq_error(item, "no connection or profile named '%s'", name);
		return CMD_ERROR;
	} else if (name == NULL) {
		cmdq_target(item, NULL);	/* says: connect first */
		return CMD_ERROR;
	}
	cr = xcalloc(1, sizeof *cr);
	cr->item = item;
	cr->conn = xstrdup(c != NULL ? c->name : name);
	cr->filter = xstrdup(argv[optind]);
	cr->dry_run = dry_run;
	cr->ask = !dry_run && !yes;
	cr->rate = rate;
	cr->er = engine_retained_start(p, cr->filter, &cmd_retained_cbs, cr,
	    &err);
	profile_free(saved);
	if (cr->er == NULL) {
		cmdq_error(item, "%s", err);
		free(err);
		cmd_retained_free(cr);
		return CMD_ERROR;
	}
	if (ui_active())
		ui_status(0, "%s: looking for retained messages under %s…",
		    cr->conn, cr->filter);
	cmdq_hold(item);
	return CMD_WAIT;
}
