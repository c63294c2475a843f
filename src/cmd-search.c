/*
 * search and export: stored messages that meet the criteria. The store is
 * read in slices of a few ms per loop turn, so a scan of a million rows
 * never stalls the screen; `search --cancel` (Esc) stops the one in
 * flight. Search hits are EV_HIT events (batch prints them as message
 * events with their id; the screen lists them). Export streams the hits,
 * oldest first, to a temporary file renamed over -o FILE at the end, so
 * a file is either whole or not there.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd-int.h"
#include "decode.h"
#include "events.h"
#include "fmt.h"
#include "loop.h"
#include "msg-out.h"
#include "search.h"
#include "store.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

#define CMD_SEARCH_SLICE_MS	15
#define CMD_SEARCH_FLUSH	(64 * 1024)
#define CMD_SEARCH_PROGRESS_MS	500

static enum cmd_retval	cmd_search_exec(struct cmdq_item *, int, char **);

#define CMD_SEARCH_CRITERIA \
	"[-t NAME] [--topic FILTER] [--text TEXT] [--regex RE] [--jq EXPR] " \
	"[--since WHEN] [--until WHEN] [--dir in|out] [--retained] " \
	"[--qos N] [--prop KEY=VALUE] [-n N]"

const struct cmd_entry cmd_search_entry = {
	"search", NULL, "search " CMD_SEARCH_CRITERIA " | --cancel",
	"search the stored history (newest first)", cmd_search_exec
};
const struct cmd_entry cmd_export_entry = {
	"export", NULL, "export " CMD_SEARCH_CRITERIA
	" [--format jsonl|csv|mqttx] -o FILE"
	" | export --connections [NAME...] [--with-secrets] -o FILE",
	"write stored messages, or profiles in MQTTX's format, to a file",
	cmd_search_exec
};

struct cmd_search {
	struct search_query	 q;
	struct store_search	*ss;
	struct cmdq_item	*item;
	struct loop_timer	*timer;
	long			 hits;
	int64_t			 start;
	int			 export;
	FILE			*f;		/* export: the temporary file */
	char			*tmp;
	struct buf		 out;
	int64_t			 shown;		/* progress last shown */
	int			 failed;	/* errno of a write */
};

static struct cmd_search	*cmd_search_running;

static void
cmd_search_free(struct cmd_search *cs)
{
	if (cmd_search_running == cs)
		cmd_search_running = NULL;
	if (cs->f != NULL)
		fclose(cs->f);
	if (cs->tmp != NULL)
		unlink(cs->tmp);
	free(cs->tmp);
	buf_free(&cs->out);
	loop_timer_free(cs->timer);
	store_search_free(cs->ss);
	search_free(&cs->q);
	free(cs);
}

static void
cmd_search_flush(struct cmd_search *cs)
{
	if (cs->out.len > 0 && !cs->failed &&
	    fwrite(cs->out.p, 1, cs->out.len, cs->f) != cs->out.len)
		cs->failed = errno != 0 ? errno : EIO;
	buf_reset(&cs->out);
}

static void
cmd_search_write(struct cmd_search *cs, const struct msg *m)
{
	switch (cs->q.format) {
	case SEARCH_FORMAT_CSV:
		msg_out_csv(&cs->out, m);
		break;
	case SEARCH_FORMAT_MQTTX:
		buf_adds(&cs->out, cs->hits == 1 ? "\n  " : ",\n  ");
		msg_out_mqttx(&cs->out, m);
		break;
	default:
		msg_out_json(&cs->out, m, 1);
		break;
	}
	if (cs->out.len >= CMD_SEARCH_FLUSH)
		cmd_search_flush(cs);
}

static void
cmd_search_hit(const struct msg *m, void *arg)
{
	struct cmd_search	*cs = arg;
	struct event		 ev = { .type = EV_HIT, .msg = m };

	cs->hits++;
	if (cs->export)
		cmd_search_write(cs, m);
	else
		events_emit(&ev);
}

/* Close the export: the whole file under its name, or an error. */
static int
cmd_search_close(struct cmd_search *cs, char **why)
{
	int	fd;

	if (cs->q.format == SEARCH_FORMAT_MQTTX)
		buf_adds(&cs->out, cs->hits > 0 ? "\n]\n" : "]\n");
	cmd_search_flush(cs);
	if (!cs->failed && fflush(cs->f) != 0)
		cs->failed = errno;
	fd = fileno(cs->f);
	if (!cs->failed && fsync(fd) != 0)
		cs->failed = errno;
	if (fclose(cs->f) != 0 && !cs->failed)
		cs->failed = errno;
	cs->f = NULL;
	if (!cs->failed && rename(cs->tmp, cs->q.out) != 0)
		cs->failed = errno;
	if (cs->failed) {
		*why = xasprintf("writing %s: %s", cs->q.out,
		    strerror(cs->failed));
		return -1;
	}
	free(cs->tmp);
	cs->tmp = NULL;
	return 0;
}

static void
cmd_search_finish(struct cmd_search *cs, int ok, const char *why)
{
	struct cmdq_item	*item = cs->item;
	struct event		 ev = { .type = EV_SEARCHED };
	const char		*note = store_search_note(cs->ss);
	char			*err = NULL;

	if (ok && cs->export) {
		if (cmd_search_close(cs, &err) == 0)
			cmdq_info(item, "exported %ld message%s to %s",
			    cs->hits, cs->hits == 1 ? "" : "s", cs->q.out);
		else {
			ok = 0;
			why = err;
		}
	} else if (ok) {
		ev.count = (size_t)cs->hits;
		ev.examined = store_search_examined(cs->ss);
		ev.elapsed_ms = (long)(loop_now() - cs->start);
		ev.reason = note;
		events_emit(&ev);
	}
	cmd_search_free(cs);
	cmdq_done(item, ok, why);
	free(err);
}

static void
cmd_search_step(void *arg)
{
	struct cmd_search	*cs = arg;
	int			 rc;

	rc = store_search_step(cs->ss, CMD_SEARCH_SLICE_MS, cmd_search_hit,
	    cs);
	if (rc > 0 && !cs->failed) {
		if (cs->export && ui_active() &&
		    loop_now() - cs->shown >= CMD_SEARCH_PROGRESS_MS) {
			cs->shown = loop_now();
			ui_status(0, "export: %ld messages written to %s…",
			    cs->hits, cs->q.out);
		}
		loop_timer_start(cs->timer, 0);
		return;
	}
	cmd_search_finish(cs, rc == 0, "reading the history failed");
}

/* The temporary file beside -o FILE, so the rename stays on one disk. */
static int
cmd_search_open(struct cmd_search *cs, char **err)
{
	char	*copy = xstrdup(cs->q.out);
	int	 fd;

	cs->tmp = xasprintf("%s/.mqtty-export-XXXXXX", dirname(copy));
	free(copy);
	if ((fd = mkstemp(cs->tmp)) == -1 ||
	    (cs->f = fdopen(fd, "w")) == NULL) {
		*err = xasprintf("cannot write %s: %s", cs->q.out,
		    strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(cs->tmp);
		}
		free(cs->tmp);
		cs->tmp = NULL;
		return -1;
	}
	if (cs->q.format == SEARCH_FORMAT_CSV)
		msg_out_csv_header(&cs->out);
	else if (cs->q.format == SEARCH_FORMAT_MQTTX)
		buf_adds(&cs->out, "[");
	return 0;
}

/* --jq: a hit when the program gives a result that is not false or null. */
static int
cmd_search_jq(const char *prog, const void *p, size_t len)
{
	struct buf	 out;
	char		*err = NULL, *line, *nl;
	int		 n, hit = 0;

	buf_init(&out);
	if (decode_jq(prog, p, len, &out, &n, &err) == 0 && n > 0) {
		for (line = out.p; line != NULL && !hit; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			hit = strcmp(line, "false") != 0 &&
			    strcmp(line, "null") != 0 &&
			    strcmp(line, "(no output)") != 0;
		}
	}
	free(err);
	buf_free(&out);
	return hit;
}

/* The criteria as typed, for the results' title. */
static char *
cmd_search_line(int argc, char **argv)
{
	struct buf	 b;
	char		*s;
	int		 i;

	buf_init(&b);
	buf_adds(&b, "search");
	for (i = 1; i < argc; i++) {
		buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static enum cmd_retval
cmd_search_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_search	*cs;
	char			*err, *line;
	int			 rc;

	if (argc == 2 && strcmp(argv[1], "--cancel") == 0 &&
	    strcmp(argv[0], "search") == 0) {
		if ((cs = cmd_search_running) != NULL)
			cmd_search_finish(cs, 0, "cancelled");
		return CMD_OK;
	}
	if (strcmp(argv[0], "export") == 0 &&
	    cmd_export_is_connections(argc, argv))
		return cmd_export_connections(item, argc, argv);
	cs = xcalloc(1, sizeof *cs);
	buf_init(&cs->out);
	cs->start = loop_now();
	cs->export = strcmp(argv[0], "export") == 0;
	search_init(&cs->q);
	if (search_parse(&cs->q, argc, argv, wall_now(), cs->export,
	    &err) != 0)
		goto fail;
	if (cs->q.jq != NULL) {
		if (decode_jq_check(cs->q.jq, &err) != 0)
			goto fail;
		cs->q.jq_match = cmd_search_jq;
	}
	/* On the screen, hits go to the results list, a page at a time. */
	if (!cs->export && ui_active()) {
		line = cmd_search_line(argc, argv);
		rc = view_results_open(&cs->q, line, &err);
		free(line);
		if (rc != 0)
			goto fail;
		cmd_search_free(cs);
		return CMD_OK;
	}
	if ((cs->export && cmd_search_open(cs, &err) != 0) ||
	    (cs->ss = store_search_new(&cs->q, &err)) == NULL) {
fail:
		cmdq_error(item, "%s", err);
		free(err);
		cmd_search_free(cs);
		return CMD_ERROR;
	}
	/* One search at a time: a new one replaces the one in flight. */
	if (!cs->export) {
		if (cmd_search_running != NULL)
			cmd_search_finish(cmd_search_running, 0,
			    "replaced by a new search");
		cmd_search_running = cs;
	}
	cs->item = item;
	cs->timer = loop_timer_new(cmd_search_step, cs);
	cmdq_hold(item);
	loop_timer_start(cs->timer, 0);
	return CMD_WAIT;
}
