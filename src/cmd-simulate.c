/* simulate: sensor data published at a rate, for demos and plots. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "sim.h"
#include "sim-value.h"

static enum cmd_retval	cmd_simulate_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_simulate_entry = {
	"simulate", NULL,
	"simulate [-t NAME] [-q QOS] [-r] [--kind KIND] [--rate RATE | "
	"--repeat-delay SECS] [-n COUNT] [--devices N] [--name SIM] "
	"[TOPIC] | simulate --stop [SIM] | simulate",
	"publish sensor data (temperature, humidity, counter, json) at a "
	"rate; TOPIC may have %d, the device; no arguments: list them",
	cmd_simulate_exec
};

enum {
	SIM_OPT_RATE = 256,
	SIM_OPT_DELAY,
	SIM_OPT_DEVICES,
	SIM_OPT_KIND,
	SIM_OPT_TOPIC,
	SIM_OPT_NAME,
	SIM_OPT_STOP,
};

static const struct option cmd_simulate_options[] = {
	{ "rate", required_argument, NULL, SIM_OPT_RATE },
	{ "repeat-delay", required_argument, NULL, SIM_OPT_DELAY },
	{ "count", required_argument, NULL, 'n' },
	{ "repeat", required_argument, NULL, 'n' },
	{ "devices", required_argument, NULL, SIM_OPT_DEVICES },
	{ "kind", required_argument, NULL, SIM_OPT_KIND },
	{ "topic", required_argument, NULL, SIM_OPT_TOPIC },
	{ "name", required_argument, NULL, SIM_OPT_NAME },
	{ "stop", no_argument, NULL, SIM_OPT_STOP },
	{ NULL, 0, NULL, 0 }
};

static enum cmd_retval
cmd_simulate_list(struct cmdq_item *item)
{
	struct buf	b;
	int		i;

	if (sim_count() == 0) {
		cmdq_info(item, "no simulations running");
		return CMD_OK;
	}
	buf_init(&b);
	for (i = 0; sim_describe(i, &b) == 0; i++) {
		cmdq_info(item, "%s", buf_str(&b));
		buf_reset(&b);
	}
	buf_free(&b);
	return CMD_OK;
}

static enum cmd_retval
cmd_simulate_stop(struct cmdq_item *item, int argc, char **argv, int others)
{
	const char	*name = optind < argc ? argv[optind] : NULL;
	int		 n;

	if (others || argc - optind > 1) {
		cmdq_error(item, "--stop takes only a simulation's name");
		return CMD_ERROR;
	}
	if (name != NULL && strcmp(name, "all") == 0)
		name = NULL;
	n = sim_stop(name);
	if (name != NULL && n == 0) {
		cmdq_error(item, "no simulation named '%s' (simulate lists "
		    "them)", name);
		return CMD_ERROR;
	}
	if (name != NULL)
		cmdq_info(item, "simulate: stopped %s", name);
	else
		cmdq_info(item, "simulate: stopped %d simulation%s", n,
		    n == 1 ? "" : "s");
	return CMD_OK;
}

/* A rate or delay: a number above 0 and at most hi. */
static int
cmd_simulate_real(struct cmdq_item *item, const char *what, const char *s,
    double hi, double *out)
{
	char	*end;
	double	 v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v > 0) || v > hi) {
		cmdq_error(item, "bad %s '%s': a number above 0, at most %g",
		    what, s, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static enum cmd_retval
cmd_simulate_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct sim_spec	 sp = { 0 };
	struct conn	*c;
	struct buf	 deftopic;
	const char	*target = NULL, *kind = NULL, *why, *name;
	char		*err = NULL;
	double		 delay;
	long		 v;
	int		 ch, stop = 0, others = 0;
	enum cmd_retval	 rv = CMD_ERROR;

	if (argc == 1)
		return cmd_simulate_list(item);
	sp.rate = 1;
	sp.devices = 1;
	buf_init(&deftopic);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":t:q:rn:", cmd_simulate_options,
	    NULL)) != -1) {
		others += ch != SIM_OPT_STOP;
		switch (ch) {
		case 't':
			target = optarg;
			break;
		case 'q':
			if (cmd_qos(item, optarg, &sp.qos) != 0)
				goto out;
			break;
		case 'r':
			sp.retain = 1;
			break;
		case 'n':
			if (cmd_number(item, "count", optarg, 1, 1000000000,
			    &v) != 0)
				goto out;
			sp.count = (uint64_t)v;
			break;
		case SIM_OPT_RATE:
			if (cmd_simulate_real(item, "rate", optarg, 10000,
			    &sp.rate) != 0)
				goto out;
			break;
		case SIM_OPT_DELAY:
			if (cmd_simulate_real(item, "delay", optarg, 86400,
			    &delay) != 0)
				goto out;
			sp.rate = 1 / delay;
			break;
		case SIM_OPT_DEVICES:
			if (cmd_number(item, "device count", optarg, 1, 10000,
			    &v) != 0)
				goto out;
			sp.devices = (unsigned)v;
			break;
		case SIM_OPT_KIND:
			kind = optarg;
			break;
		case SIM_OPT_TOPIC:
			sp.pattern = optarg;
			break;
		case SIM_OPT_NAME:
			sp.name = optarg;
			break;
		case SIM_OPT_STOP:
			stop = 1;
			break;
		default:
			rv = cmd_bad_flag(item, argv, ch);
			goto out;
		}
	}
	if (stop) {
		rv = cmd_simulate_stop(item, argc, argv, others);
		goto out;
	}
	if (optind < argc) {
		if (sp.pattern != NULL || argc - optind > 1) {
			cmdq_error(item, "unexpected argument '%.64s' (usage: "
			    "%s)", argv[optind], cmd_simulate_entry.usage);
			goto out;
		}
		sp.pattern = argv[optind];
	}
	if (sp.name != NULL && (*sp.name == '\0' || *sp.name == '-' ||
	    strcmp(sp.name, "all") == 0)) {
		cmdq_error(item, "bad simulation name '%.64s'", sp.name);
		goto out;
	}
	sp.kind = SIM_JSON;
	if (kind != NULL && (sp.kind = sim_value_kind(kind)) == -1) {
		cmdq_error(item, "unknown kind '%.64s' (kinds: %s)", kind,
		    sim_value_kinds());
		goto out;
	}
	if (sp.pattern == NULL) {
		buf_addf(&deftopic, "sensor/%%d/%s",
		    sim_value_kind_name(sp.kind));
		sp.pattern = buf_str(&deftopic);
	} else if (kind == NULL && sim_value_kind_of(sp.pattern) != -1)
		sp.kind = sim_value_kind_of(sp.pattern);
	if (sim_value_pattern_check(sp.pattern, &why) != 0) {
		cmdq_error(item, "bad topic '%.64s': %s", sp.pattern, why);
		goto out;
	}
	if (sp.devices > 1 && !sim_value_pattern_has_device(sp.pattern)) {
		cmdq_error(item, "topic '%.64s' has no %%d: every device would "
		    "publish on it", sp.pattern);
		goto out;
	}
	if ((c = cmdq_target(item, target)) == NULL)
		goto out;
	if (c->state != CONN_CONNECTED) {
		cmdq_error(item, "'%s' is not connected", c->name);
		goto out;
	}
	sp.conn = c->name;
	if (sim_start(&sp, &name, &err) != 0) {
		cmdq_error(item, "%s", err);
		goto out;
	}
	/* Short: it goes on the status line (simulate lists the rest). */
	cmdq_info(item, "simulate: %s started on '%s'", name, c->name);
	rv = CMD_OK;
out:
	free(err);
	buf_free(&deftopic);
	return rv;
}
