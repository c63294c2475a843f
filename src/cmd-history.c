/*
 * retention and vacuum: how much history the store keeps, and giving the
 * space of what went back to the file system.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "store.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_history_retention(struct cmdq_item *, int,
			    char **);
static enum cmd_retval	cmd_history_vacuum(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_retention_entry = {
	"retention", NULL,
	"retention [-t NAME] [--max-messages N] [--max-bytes SIZE] "
	"[--max-age AGE] [--off]",
	"keep at most N messages, SIZE bytes (K, M, G) or AGE (s, m, h, d, "
	"w) of history, per connection or (no -t) in all; alone: show",
	cmd_history_retention
};
const struct cmd_entry cmd_vacuum_entry = {
	"vacuum", NULL, "vacuum",
	"give the space of deleted history back (saving waits meanwhile)",
	cmd_history_vacuum
};

static const struct option cmd_history_options[] = {
	{ "max-messages", required_argument, NULL, 'm' },
	{ "max-bytes", required_argument, NULL, 'b' },
	{ "max-age", required_argument, NULL, 'a' },
	{ "off", no_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

/* "1500", "64K", "500M", "2G" (powers of 1024); -1 when bad. */
static int64_t
cmd_history_size(const char *s, const char *units, const int64_t *mult)
{
	char		*end;
	const char	*u;
	double		 v;

	v = strtod(s, &end);
	if (end == s || !(v >= 0))
		return -1;
	if (*end != '\0') {
		if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
			return -1;
		v *= (double)mult[u - units];
	}
	if (v > 9e18)
		return -1;
	return (int64_t)v;
}

static void
cmd_history_show_one(const char *conn, const struct store_retention *r,
    void *arg)
{
	struct cmdq_item	*item = arg;
	char			 m[32] = "", b[32] = "", a[32] = "";

	if (r->max_messages > 0)
		snprintf(m, sizeof m, " %lld messages",
		    (long long)r->max_messages);
	if (r->max_bytes > 0)
		snprintf(b, sizeof b, " %lld bytes", (long long)r->max_bytes);
	if (r->max_age_ms > 0)
		snprintf(a, sizeof a, " %lld s", (long long)(r->max_age_ms /
		    1000));
	cmdq_info(item, "%s%s: at most%s%s%s", *conn == '\0' ? "all history" :
	    "connection ", conn, m, b, a);
}

static enum cmd_retval
cmd_history_retention(struct cmdq_item *item, int argc, char **argv)
{
	static const int64_t	 bytes[] = { 1024, 1024 * 1024,
				     1024LL * 1024 * 1024, 1024LL << 30 };
	static const int64_t	 ms[] = { 1000, 60000, 3600000, 86400000,
				     7 * 86400000LL };
	struct store_retention	 r = { 0, 0, 0 };
	const char		*conn = NULL;
	int			 c, set = 0, off = 0;
	int64_t			 size;
	char			*end;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:", cmd_history_options,
	    NULL)) != -1) {
		switch (c) {
		case 't':
			conn = optarg;
			break;
		case 'm':
			r.max_messages = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    r.max_messages < 1) {
				cmdq_error(item, "bad count '%s' for "
				    "--max-messages: a whole number from 1",
				    optarg);
				return CMD_ERROR;
			}
			set = 1;
			break;
		case 'b':
			if ((r.max_bytes = cmd_history_size(optarg, "KMGT",
			    bytes)) < 1) {
				cmdq_error(item, "bad size '%s' for "
				    "--max-bytes: a number, K, M or G after",
				    optarg);
				return CMD_ERROR;
			}
			set = 1;
			break;
		case 'a':
			if ((r.max_age_ms = cmd_history_size(optarg, "smhdw",
			    ms)) < 1000 || strspn(optarg, "0123456789.") ==
			    strlen(optarg)) {
				cmdq_error(item, "bad age '%s' for --max-age: "
				    "a number and s, m, h, d or w", optarg);
				return CMD_ERROR;
			}
			set = 1;
			break;
		case 'o':
			off = 1;
			break;
		default:
			return cmd_bad_flag(item, argv, c);
		}
	}
	if (optind < argc) {
		cmdq_error(item, "unexpected argument '%s'", argv[optind]);
		return CMD_ERROR;
	}
	if (off && set) {
		cmdq_error(item, "--off with a bound: one or the other");
		return CMD_ERROR;
	}
	if (!off && !set) {
		store_retention_foreach(cmd_history_show_one, item);
		size = store_size();
		cmdq_info(item, "database %s: %lld bytes", store_path(),
		    (long long)size);
		return CMD_OK;
	}
	cmdq_hold(item);
	store_retention_set(conn, &r, cmdq_done, item);
	return CMD_WAIT;
}

struct cmd_history_vacuum {
	struct cmdq_item	*item;
	int64_t			 before;
};

static void
cmd_history_vacuumed(void *arg, int ok, const char *err)
{
	struct cmd_history_vacuum	*v = arg;

	if (ok)
		cmdq_info(v->item, "vacuum: %lld bytes before, %lld after",
		    (long long)v->before, (long long)store_size());
	cmdq_done(v->item, ok, err);
	free(v);
}

static enum cmd_retval
cmd_history_vacuum(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_history_vacuum	*v;

	if (argc > 1) {
		cmdq_error(item, "unexpected argument '%s'", argv[1]);
		return CMD_ERROR;
	}
	v = xcalloc(1, sizeof *v);
	v->item = item;
	v->before = store_size();
	cmdq_hold(item);
	store_vacuum(cmd_history_vacuumed, v);
	return CMD_WAIT;
}
