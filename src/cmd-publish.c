/* publish. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "cmd-publish-lines.h"
#include "conn.h"
#include "engine.h"
#include "topic.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_publish_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_publish_entry = {
	"publish", "pub",
	"publish [-t NAME] [-q QOS] [-r] [-D PROPERTY VALUE]... "
	"[-f FILE | -n | -m MESSAGE] TOPIC [PAYLOAD] | "
	"publish -l [-t NAME] [-q QOS] [-r] [-D PROPERTY VALUE]... [-f FILE] "
	"[TOPIC]",
	"publish a message; -l: one a line of FILE or of batch input "
	"(TOPIC<TAB>PAYLOAD, or the payload to TOPIC)", cmd_publish_exec
};

static const struct option cmd_publish_options[] = {
	{ "lines", no_argument, NULL, 'l' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_publish_read(struct cmdq_item *item, const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		cmdq_error(item, "cannot read '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		cmdq_error(item, "cannot read '%s': %s", path,
		    strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* -D takes a property name; its value (and a key) are the next words. */
static int
cmd_publish_prop(struct cmdq_item *item, int argc, char **argv,
    struct props *props)
{
	const char	*name = optarg;
	int		 pair = strcmp(name, "user-property") == 0;

	if (optind + pair >= argc) {
		cmdq_error(item, "-D %s needs %s", name,
		    pair ? "a key and a value" : "a value");
		return -1;
	}
	if (pair) {
		props_add(props, name, argv[optind], argv[optind + 1]);
		optind += 2;
	} else
		props_add(props, name, NULL, argv[optind++]);
	return 0;
}

/* -l: check what the lines share, then hand over to publish-lines. */
static enum cmd_retval
cmd_publish_lines(struct cmdq_item *item, const char *name, struct pub *pb,
    const char *file, int payload, int argc, char **argv)
{
	struct conn	*c;
	const char	*topic = NULL, *why;
	char		*err = NULL;

	if (payload) {
		cmdq_error(item, "-l: the payloads are the lines (no -n or "
		    "-m)");
		return CMD_ERROR;
	}
	if (optind < argc)
		topic = argv[optind++];
	if (optind < argc) {
		cmdq_error(item, "-l: unexpected argument '%.64s' (the "
		    "payloads are the lines)", argv[optind]);
		return CMD_ERROR;
	}
	if (topic != NULL &&
	    topic_check_name(topic, strlen(topic), &why) != 0) {
		cmdq_error(item, "bad topic '%.64s': %s", topic, why);
		return CMD_ERROR;
	}
	if (pb->props.n > 0 &&
	    engine_props_check(&pb->props, "publish", &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, name)) == NULL)
		return CMD_ERROR;
	return cmd_publish_lines_start(item, c, topic, pb, file);
}

static enum cmd_retval
cmd_publish_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct pub	 pb = { 0 };
	struct buf	 payload;
	struct conn	*c;
	const char	*name = NULL, *file = NULL, *message = NULL, *why;
	char		*err = NULL;
	int		 ch, empty = 0, sources, lines = 0;
	enum cmd_retval	 rv = CMD_ERROR;

	buf_init(&payload);
	optind = 0;
	opterr = 0;
	/* '+': stop at TOPIC so a payload like "-1" is not a flag. */
	while ((ch = getopt_long(argc, argv, "+:t:q:rD:f:nm:l",
	    cmd_publish_options, NULL)) != -1) {
		switch (ch) {
		case 't':
			name = optarg;
			break;
		case 'q':
			if (cmd_qos(item, optarg, &pb.qos) != 0)
				goto out;
			break;
		case 'r':
			pb.retain = 1;
			break;
		case 'D':
			if (cmd_publish_prop(item, argc, argv, &pb.props) != 0)
				goto out;
			break;
		case 'f':
			file = optarg;
			break;
		case 'n':
			empty = 1;
			break;
		case 'm':
			message = optarg;
			break;
		case 'l':
			lines = 1;
			break;
		default:
			rv = cmd_bad_flag(item, argv, ch);
			goto out;
		}
	}
	if (lines) {
		rv = cmd_publish_lines(item, name, &pb, file, empty ||
		    message != NULL, argc, argv);
		goto out;
	}
	if (optind >= argc) {
		cmdq_error(item, "give a topic (usage: %s)",
		    cmd_publish_entry.usage);
		goto out;
	}
	pb.topic = argv[optind++];
	if (optind < argc)
		message = argv[optind++];
	if (optind < argc) {
		cmdq_error(item, "unexpected argument '%.64s' (quote a payload "
		    "with spaces)", argv[optind]);
		goto out;
	}
	if (topic_check_name(pb.topic, strlen(pb.topic), &why) != 0) {
		cmdq_error(item, "bad topic '%.64s': %s", pb.topic, why);
		goto out;
	}
	sources = (file != NULL) + empty + (message != NULL);
	if (sources != 1) {
		cmdq_error(item, sources == 0 ? "give a payload, -f FILE or -n" :
		    "give only one of a payload, -f FILE and -n");
		goto out;
	}
	if (pb.props.n > 0 &&
	    engine_props_check(&pb.props, "publish", &err) != 0) {
		cmdq_error(item, "%s", err);
		goto out;
	}
	if (file != NULL && cmd_publish_read(item, file, &payload) != 0)
		goto out;
	if (message != NULL)
		buf_adds(&payload, message);
	if ((c = cmdq_target(item, name)) == NULL)
		goto out;
	pb.payload = payload.len > 0 ? payload.p : "";
	pb.len = payload.len;
	if (engine_publish(c, &pb, cmdq_done, item, &err) != 0) {
		cmdq_error(item, "%s", err);
		goto out;
	}
	cmdq_hold(item);
	rv = CMD_WAIT;
out:
	free(err);
	props_clear(&pb.props);
	buf_free(&payload);
	return rv;
}
