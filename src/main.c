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
#include "decode.h"
#include "engine.h"
#include "key-bindings.h"
#include "log.h"
#include "loop.h"
#include "paths.h"
#include "profile.h"
#include "rcfile.h"
#include "record.h"
#include "sandbox.h"
#include "store.h"
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
	{ NULL, 0, NULL, 0 }
};

static void
main_usage(FILE *f)
{
	fprintf(f, "usage: mqtty [--batch] [-c 'CMD; CMD'] [--json] "
	    "[-F FORMAT] [-C COUNT] [-W SECS]\n"
	    "             [--db PATH] [--sandbox] [--config FILE | "
	    "--no-config] [URL]\n"
	    "Commands: mqtty -c help, or man mqtty.\n");
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
	int			 ch, batch = 0, sandbox = 0, no_config = 0;
	int			 status, port, rc;

	setlocale(LC_ALL, "");
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	bo.format = "%t %p";
	bo.read_stdin = 1;
	while ((ch = getopt_long(argc, argv, "+c:F:C:W:h", main_options,
	    NULL)) != -1) {
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
		case OPT_NO_CONFIG:
			no_config = 1;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_VERSION:
			printf("mqtty %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			main_usage(stdout);
			return 0;
		default:
			main_usage(stderr);
			return 1;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "mqtty: unexpected argument '%s'\n",
		    argv[optind + 1]);
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
	cmd_view_load();
	loop_init();
	engine_init();
	record_init();
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

	if (batch)
		status = batch_run(q, &bo);
	else {
		if (ui_start(&err) != 0)
			goto fail;
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
	return status;
}
