/*
 * search: hits from the stored history, newest first. The store is read
 * in slices of a few ms per loop turn, so a scan of a million rows never
 * stalls the screen; `search --cancel` (Esc) stops one in flight. Hits
 * are EV_HIT events: batch prints them as message events with their id,
 * the screen lists them in the pager.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cmd-int.h"
#include "events.h"
#include "fmt.h"
#include "loop.h"
#include "search.h"
#include "store.h"
#include "ui.h"
#include "xmalloc.h"

#define CMD_SEARCH_SLICE_MS	15

static enum cmd_retval	cmd_search_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_search_entry = {
	"search", NULL,
	"search [-t NAME] [--topic FILTER] [--text TEXT] [--regex RE] "
	"[--since WHEN] [--until WHEN] [--dir in|out] [--retained] "
	"[--qos N] [--prop KEY=VALUE] [-n N] | --cancel",
	"search the stored history (newest first)", cmd_search_exec
};

struct cmd_search {
	struct search_query	 q;
	struct store_search	*ss;
	struct cmdq_item	*item;
	struct loop_timer	*timer;
	long			 hits;
	int64_t			 start;
};

static struct cmd_search	*cmd_search_running;

static void
cmd_search_free(struct cmd_search *cs)
{
	if (cmd_search_running == cs)
		cmd_search_running = NULL;
	loop_timer_free(cs->timer);
	store_search_free(cs->ss);
	search_free(&cs->q);
	free(cs);
}

static void
cmd_search_hit(const struct msg *m, void *arg)
{
	struct cmd_search	*cs = arg;
	struct event		 ev = { .type = EV_HIT, .msg = m };
	struct buf		 b;
	char			 when[32];
	time_t			 t = (time_t)(m->time_ms / 1000);
	struct tm		 tm;

	cs->hits++;
	events_emit(&ev);
	if (!ui_active())
		return;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	buf_init(&b);
	fmt_template(&b, "%p", m, 0);
	cmdq_info(cs->item, "#%lld %s %s %s %s %s", (long long)m->id, when,
	    m->conn, m->dir == MSG_OUT ? "->" : "<-", m->topic, buf_str(&b));
	buf_free(&b);
}

static void
cmd_search_finish(struct cmd_search *cs, int ok, const char *why)
{
	struct cmdq_item	*item = cs->item;
	struct event		 ev = { .type = EV_SEARCHED };
	const char		*note = store_search_note(cs->ss);

	if (ok) {
		ev.count = (size_t)cs->hits;
		ev.examined = store_search_examined(cs->ss);
		ev.elapsed_ms = (long)(loop_now() - cs->start);
		ev.reason = note;
		events_emit(&ev);
		if (ui_active())
			cmdq_info(item, "%ld hit%s in %ld ms%s%s", cs->hits,
			    cs->hits == 1 ? "" : "s", ev.elapsed_ms,
			    note != NULL ? ": " : "", note != NULL ? note : "");
	}
	cmd_search_free(cs);
	cmdq_done(item, ok, why);
}

static void
cmd_search_step(void *arg)
{
	struct cmd_search	*cs = arg;
	int			 rc;

	rc = store_search_step(cs->ss, CMD_SEARCH_SLICE_MS, cmd_search_hit,
	    cs);
	if (rc > 0) {
		loop_timer_start(cs->timer, 0);
		return;
	}
	cmd_search_finish(cs, rc == 0, "reading the history failed");
}

static enum cmd_retval
cmd_search_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_search	*cs;
	char			*err;

	if (argc == 2 && strcmp(argv[1], "--cancel") == 0) {
		if ((cs = cmd_search_running) != NULL)
			cmd_search_finish(cs, 0, "cancelled");
		return CMD_OK;
	}
	cs = xcalloc(1, sizeof *cs);
	cs->start = loop_now();
	search_init(&cs->q);
	if (search_parse(&cs->q, argc, argv, wall_now(), &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		cmd_search_free(cs);
		return CMD_ERROR;
	}
	if ((cs->ss = store_search_new(&cs->q, &err)) == NULL) {
		cmdq_error(item, "%s", err);
		free(err);
		cmd_search_free(cs);
		return CMD_ERROR;
	}
	/* One at a time: a new search replaces the one in flight. */
	if (cmd_search_running != NULL)
		cmd_search_finish(cmd_search_running, 0, "replaced by a new "
		    "search");
	cmd_search_running = cs;
	cs->item = item;
	cs->timer = loop_timer_new(cmd_search_step, cs);
	cmdq_hold(item);
	loop_timer_start(cs->timer, 0);
	return CMD_WAIT;
}
