/* mqtty: start-up order, options, and the hand-over to the loop. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cmd.h"
#include "cmd-parse.h"
#include "config.h"
#include "conn.h"
#include "connlog.h"
#include "decode.h"
#include "engine.h"
#include "fmt.h"
#include "key-bindings.h"
#include "log.h"
#include "loop.h"
#include "paths.h"
#include "profile.h"
#include "rcfile.h"
#include "record.h"
#include "sandbox.h"
#include "sim.h"
#include "store.h"
#include "topic.h"
#include "ui.h"
#include "xmalloc.h"

/* At exit, how long to wait for history still being written. */
#define MAIN_DRAIN_MS	3000

enum {
	OPT_BATCH = 256,
	OPT_JSON,
	OPT_DB,
	OPT_SANDBOX,
	OPT_NO_CONFIG,
	OPT_CONFIG,
	OPT_VERSION,
	OPT_DEMO,
	OPT_PRETTY,
	OPT_RETAINED_ONLY,
	OPT_REMOVE_RETAINED,
	OPT_RANDOM_FILTER,
	OPT_LIST_COMMANDS,
};

static const struct option main_options[] = {
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "db", required_argument, NULL, OPT_DB },
	{ "sandbox", no_argument, NULL, OPT_SANDBOX },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "pretty", no_argument, NULL, OPT_PRETTY },
	{ "retained-only", no_argument, NULL, OPT_RETAINED_ONLY },
	{ "remove-retained", no_argument, NULL, OPT_REMOVE_RETAINED },
	{ "random-filter", required_argument, NULL, OPT_RANDOM_FILTER },
	{ "watch", no_argument, NULL, 'w' },
	{ "filter-out", required_argument, NULL, 'T' },
	{ "unsubscribe", required_argument, NULL, 'U' },
	{ "list-commands", no_argument, NULL, OPT_LIST_COMMANDS },
	{ NULL, 0, NULL, 0 }
};

static void
main_usage(FILE *f)
{
	fprintf(f, "usage: mqtty [--batch] [-c 'CMD; CMD'] [--json] "
	    "[-F FORMAT] [-C COUNT] [-W SECS]\n"
	    "             [-v] [-N] [--pretty] [-R | --retained-only] "
	    "[-T FILTER]... [-U FILTER]...\n"
	    "             [--remove-retained] [--random-filter PERCENT] "
	    "[--watch]\n"
	    "             [--db PATH] [--sandbox] [--demo] [--config FILE | "
	    "--no-config] [URL]\n"
	    "Commands: mqtty -c help, or man mqtty.\n");
}

/* The command names, one a line, for shell completion. */
static void
main_list_commands(void)
{
	const struct cmd_entry	**e;

	for (e = cmd_table; *e != NULL; e++) {
		printf("%s\n", (*e)->name);
		if ((*e)->alias != NULL)
			printf("%s\n", (*e)->alias);
	}
}

/* The name of a flag that only shapes batch output, else NULL. */
static const char *
main_sub_flag(int ch)
{
	switch (ch) {
	case 'v':
		return "-v";
	case 'N':
		return "-N";
	case 'R':
		return "-R";
	case 'T':
		return "-T";
	case 'U':
		return "-U";
	case 'w':
		return "--watch";
	case OPT_PRETTY:
		return "--pretty";
	case OPT_RETAINED_ONLY:
		return "--retained-only";
	case OPT_REMOVE_RETAINED:
		return "--remove-retained";
	case OPT_RANDOM_FILTER:
		return "--random-filter";
	}
	return NULL;
}

/* --random-filter: a percentage, 0.1 to 100, kept in 10000ths. */
static int
main_percent(const char *s, int *out)
{
	char	*end;
	double	 v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v >= 0.1 && v <= 100)) {
		fprintf(stderr, "mqtty: bad chance '%s' for --random-filter: "
		    "a percentage from 0.1 to 100\n", s);
		return -1;
	}
	*out = (int)(v * 100 + 0.5);
	return 0;
}

static void
main_add(char ***list, int *n, const char *s)
{
	*list = xrealloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = xstrdup(s);
	(*list)[*n] = NULL;
}

static void
main_free_list(char **list)
{
	char	**p;

	for (p = list; p != NULL && *p != NULL; p++)
		free(*p);
	free(list);
}

/* Options that do not go together; NULL or the reason (caller frees). */
static char *
main_check(const struct batch_opts *bo, int batch, const char *subflag)
{
	char	*err = NULL, *why;

	if (subflag != NULL && !batch)
		return xasprintf("%s is for --batch", subflag);
	if (bo->no_retain && bo->retained_only)
		return xstrdup("-R and --retained-only: the one prints no "
		    "retained message, the other only those");
	if (bo->json && (bo->verbose || bo->no_eol || bo->pretty ||
	    bo->watch || bo->format != NULL))
		return xstrdup("--json prints JSON lines: -F, -v, -N, "
		    "--pretty and --watch are for text output");
	if (bo->format != NULL &&
	    fmt_template_check(bo->format, FMT_ESCAPES, &err) != 0) {
		why = xasprintf("bad -F format: %s", err);
		free(err);
		return why;
	}
	return NULL;
}

/* -U: unsubscribe once the -c commands (and their subscriptions) ran. */
static void
main_queue_unsubscribe(struct cmdq *q, char **unsub)
{
	char	**p, *quoted, *line;

	for (p = unsub; p != NULL && *p != NULL; p++) {
		quoted = cmd_quote(*p);
		line = xasprintf("unsubscribe --force %s", quoted);
		cmdq_append(q, line);
		free(line);
		free(quoted);
	}
}

static void
main_queue_connect(struct cmdq *q, const char *target)
{
	char	*quoted = cmd_quote(target), *line;

	line = xasprintf("connect %s", quoted);
	cmdq_append(q, line);
	free(line);
	free(quoted);
}

static void
main_cleanup(void)
{
	sandbox_stop();
	decode_reset();		/* compiled jq programs, BIRTH aliases */
}

static void
main_saved(void *arg, int ok, const char *reason)
{
	char	**err = arg;

	if (!ok)
		*err = xstrdup(reason != NULL ? reason : "not saved");
}

/* Start-up only: save a profile and wait for the writer. */
static int
main_save_profile(struct profile *p, char **err)
{
	*err = NULL;
	store_profile_save(p, main_saved, err);
	store_sync();
	return *err != NULL ? -1 : 0;
}

/*
 * What was received is committed before the acknowledgements and the
 * DISCONNECT go out, then the rest; say what could not be saved.
 */
static int
main_teardown(struct cmdq *q, int status)
{
	const char	*why;
	size_t		 lost;

	/* Nothing more to publish: what is sent is answered or lost. */
	sim_free_all();
	store_drain(MAIN_DRAIN_MS);
	engine_shutdown(500);
	cmdq_free(q);
	while (!TAILQ_EMPTY(&conn_list))
		conn_destroy(TAILQ_FIRST(&conn_list));
	why = record_delayed();
	lost = store_close(MAIN_DRAIN_MS);
	if (lost > 0) {
		fprintf(stderr, "mqtty: history: %zu message%s not saved: %s\n",
		    lost, lost == 1 ? "" : "s", why != NULL ? why :
		    "the database writer did not finish");
		status = 1;
	}
	record_free();
	return status;
}

int
main(int argc, char **argv)
{
	struct batch_opts	 bo = { 0 };
	struct cmdq		*q;
	struct profile		*p;
	const char		*cmds = NULL, *config = NULL, *dbarg = NULL;
	char			*db, *err = NULL, *end, *path;
	const char		*why, *subflag = NULL;
	char			**unsub = NULL;
	int			 ch, batch = 0, sandbox = 0, no_config = 0;
	int			 demo = 0;
	int			 status, port, rc, nfilter = 0, nunsub = 0;

	setlocale(LC_ALL, "");
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	bo.read_stdin = 1;
	bo.random_filter = 10000;
	while ((ch = getopt_long(argc, argv, "+c:F:C:W:hvNRT:U:w",
	    main_options, NULL)) != -1) {
		/* The flags of mosquitto_sub shape batch output only. */
		if (main_sub_flag(ch) != NULL)
			subflag = main_sub_flag(ch);
		switch (ch) {
		case OPT_BATCH:
			batch = 1;
			break;
		case 'c':
			cmds = optarg;
			break;
		case OPT_JSON:
			bo.json = 1;
			break;
		case 'F':
			bo.format = optarg;
			break;
		case 'C':
			bo.count = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || bo.count < 1) {
				fprintf(stderr, "mqtty: bad count '%s' for -C: "
				    "a whole number from 1\n", optarg);
				return 1;
			}
			break;
		case 'W':
			bo.wait = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(bo.wait > 0)) {
				fprintf(stderr, "mqtty: bad timeout '%s' for -W: "
				    "seconds above 0\n", optarg);
				return 1;
			}
			break;
		case OPT_DB:
			dbarg = optarg;
			break;
		case OPT_SANDBOX:
			sandbox = 1;
			break;
		case OPT_DEMO:
			demo = 1;
			break;
		case OPT_NO_CONFIG:
			no_config = 1;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_VERSION:
			printf("mqtty %s\n", PACKAGE_VERSION);
			return 0;
		case OPT_LIST_COMMANDS:
			main_list_commands();
			return 0;
		case 'v':
			bo.verbose = 1;
			break;
		case 'N':
			bo.no_eol = 1;
			break;
		case OPT_PRETTY:
			bo.pretty = 1;
			break;
		case 'R':
			bo.no_retain = 1;
			break;
		case OPT_RETAINED_ONLY:
			bo.retained_only = 1;
			break;
		case OPT_REMOVE_RETAINED:
			bo.remove_retained = 1;
			break;
		case 'w':
			bo.watch = 1;
			break;
		case OPT_RANDOM_FILTER:
			if (main_percent(optarg, &bo.random_filter) != 0)
				return 1;
			break;
		case 'T':
		case 'U':
			if (topic_check_filter(optarg, strlen(optarg),
			    &why) != 0) {
				fprintf(stderr, "mqtty: bad filter '%s' for "
				    "-%c: %s\n", optarg, ch, why);
				main_free_list(bo.filter_out);
				main_free_list(unsub);
				return 1;
			}
			if (ch == 'T')
				main_add(&bo.filter_out, &nfilter, optarg);
			else
				main_add(&unsub, &nunsub, optarg);
			break;
		case 'h':
			main_usage(stdout);
			return 0;
		default:
			main_usage(stderr);
			main_free_list(bo.filter_out);
			main_free_list(unsub);
			return 1;
		}
	}
	if (demo && batch) {
		fprintf(stderr, "mqtty: --demo needs the screen (not with "
		    "--batch)\n");
		main_free_list(bo.filter_out);
		main_free_list(unsub);
		return 1;
	}
	if ((err = main_check(&bo, batch, subflag)) != NULL) {
		fprintf(stderr, "mqtty: %s\n", err);
		free(err);
		main_free_list(bo.filter_out);
		main_free_list(unsub);
		return 1;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "mqtty: unexpected argument '%s'\n",
		    argv[optind + 1]);
		main_free_list(bo.filter_out);
		main_free_list(unsub);
		return 1;
	}

	/* Not copied before: the early returns above would leak it. */
	db = dbarg != NULL ? xstrdup(dbarg) : paths_db();
	if (store_open(db, &err) != 0) {
		fprintf(stderr, "mqtty: %s\n", err);
		free(err);
		free(db);
		return 1;
	}
	/* Said once: on stderr in batch, on the status line on the screen. */
	if (batch && store_open_note() != NULL)
		log_warn("%s", store_open_note());
	cmd_view_load();
	loop_init();
	engine_init();
	record_init();
	connlog_init();
	log_set_cleanup(main_cleanup);
	atexit(main_cleanup);

	key_bindings_init();
	q = cmdq_new(batch ? "batch" : "screen");
	/* An explicit --config wins over --no-config. */
	if (!no_config || config != NULL) {
		path = config != NULL ? xstrdup(config) : paths_config();
		rc = rcfile_load(q, path, config != NULL, &err);
		free(path);
		if (rc != 0)
			goto fail;
	}
	if (sandbox) {
		if ((port = sandbox_start(&err)) == -1)
			goto fail;
		p = profile_new();
		profile_set(&p->name, "sandbox");
		profile_set(&p->host, "127.0.0.1");
		p->port = port;
		rc = main_save_profile(p, &err);
		profile_free(p);
		if (rc != 0)
			goto fail;
		main_queue_connect(q, "sandbox");
	}
	if (optind < argc)
		main_queue_connect(q, argv[optind]);
	if (cmds != NULL)
		cmdq_append(q, cmds);
	/* After the connect it waits for: on that broker. */
	if (demo)
		cmdq_append(q, "demo");
	main_queue_unsubscribe(q, unsub);

	if (batch)
		status = batch_run(q, &bo);
	else {
		if (ui_start(&err) != 0)
			goto fail;
		if (store_open_note() != NULL)
			ui_status(0, "%s", store_open_note());
		status = loop_run();
		ui_stop();
	}
	goto out;
fail:
	fprintf(stderr, "mqtty: %s\n", err);
	free(err);
	status = 1;
out:
	status = main_teardown(q, status);
	if (batch)
		status = batch_finish(status);
	key_bindings_free();
	loop_free();
	sandbox_stop();
	free(db);
	main_free_list(bo.filter_out);
	main_free_list(unsub);
	return status;
}
