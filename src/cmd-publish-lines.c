/*
 * publish -l: one message a line, from a file or the rest of batch input,
 * on one connection. A line is TOPIC<TAB>PAYLOAD, or with a TOPIC given
 * only the payload. At most PUBLINES_WINDOW messages wait for the broker
 * at once, so memory stays flat however long the input; the command ends
 * once every line is answered, and a line that fails says its number.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cmd-int.h"
#include "cmd-publish-lines.h"
#include "conn.h"
#include "engine.h"
#include "loop.h"
#include "topic.h"
#include "xmalloc.h"

#define PUBLINES_WINDOW	64
/* Past this much read and not sent, the input is not read. */
#define PUBLINES_IN_MAX	(1024 * 1024)

struct publines {
	struct cmdq_item	*item;
	char			*conn;
	char			*topic;		/* NULL: TOPIC<TAB>PAYLOAD */
	int			 qos;
	int			 retain;
	struct props		 props;
	int			 fd;
	int			 own_fd;	/* a file of ours, to close */
	struct loop_fd		*lfd;
	struct loop_timer	*pump;
	struct buf		 in;
	long			 lineno;
	long			 failed;
	int			 inflight;
	int			 eof;
};

struct publines_op {
	struct publines		*pl;
	long			 lineno;
};

static void	cmd_publish_lines_pump(struct publines *);

static void
cmd_publish_lines_fail(struct publines *pl, long lineno, const char *why)
{
	char	*s = xasprintf("line %ld: %s", lineno, why);

	pl->failed++;
	cmdq_hold(pl->item);
	cmdq_done(pl->item, 0, s);
	free(s);
}

static void
cmd_publish_lines_done(void *arg, int ok, const char *reason)
{
	struct publines_op	*op = arg;
	struct publines		*pl = op->pl;
	char			*s;

	pl->inflight--;
	if (!ok) {
		pl->failed++;
		s = xasprintf("line %ld: %s", op->lineno, reason != NULL ?
		    reason : "not published");
		cmdq_done(pl->item, 0, s);
		free(s);
	} else
		cmdq_done(pl->item, 1, NULL);
	free(op);
	/* Maybe inside a libmosquitto callback: go on in the next turn. */
	loop_timer_start(pl->pump, 0);
}

/* Publish one line (without its newline). */
static void
cmd_publish_lines_send(struct publines *pl, const char *s, size_t n)
{
	struct publines_op	*op;
	struct pub		 pb = { 0 };
	struct conn		*c;
	const char		*tab, *why;
	char			*topic, *err = NULL;

	pl->lineno++;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (pl->topic != NULL) {
		topic = xstrdup(pl->topic);
		pb.payload = s;
		pb.len = n;
	} else {
		if ((tab = memchr(s, '\t', n)) == NULL) {
			cmd_publish_lines_fail(pl, pl->lineno, "no tab "
			    "between the topic and the payload");
			return;
		}
		topic = xstrndup(s, tab - s);
		if (strlen(topic) != (size_t)(tab - s) ||
		    topic_check_name(topic, strlen(topic), &why) != 0) {
			if (strlen(topic) != (size_t)(tab - s))
				why = "contains a NUL byte";
			err = xasprintf("bad topic '%.64s': %s", topic, why);
			cmd_publish_lines_fail(pl, pl->lineno, err);
			free(err);
			free(topic);
			return;
		}
		pb.payload = tab + 1;
		pb.len = n - (tab + 1 - s);
	}
	pb.topic = topic;
	pb.qos = pl->qos;
	pb.retain = pl->retain;
	pb.props = pl->props;
	if ((c = conn_find(pl->conn)) == NULL) {
		err = xasprintf("no connection named '%s'", pl->conn);
		cmd_publish_lines_fail(pl, pl->lineno, err);
		free(err);
		free(topic);
		return;
	}
	op = xcalloc(1, sizeof *op);
	op->pl = pl;
	op->lineno = pl->lineno;
	pl->inflight++;
	cmdq_hold(pl->item);
	if (engine_publish(c, &pb, cmd_publish_lines_done, op, &err) != 0) {
		pl->inflight--;
		cmdq_done(pl->item, 1, NULL);
		free(op);
		cmd_publish_lines_fail(pl, pl->lineno, err);
		free(err);
	}
	free(topic);
}

static void
cmd_publish_lines_finish(struct publines *pl)
{
	struct cmdq_item	*item = pl->item;
	char			*s = NULL;

	if (pl->lfd != NULL)
		loop_fd_remove(pl->lfd);
	if (pl->own_fd)
		close(pl->fd);
	else
		batch_stdin_return();
	if (pl->failed > 0)
		s = xasprintf("%ld of %ld lines not published", pl->failed,
		    pl->lineno);
	loop_timer_free(pl->pump);
	buf_free(&pl->in);
	props_clear(&pl->props);
	free(pl->topic);
	free(pl->conn);
	free(pl);
	/* The hold taken at the start; it may finish the command. */
	cmdq_done(item, s == NULL, s);
	free(s);
}

static void
cmd_publish_lines_pump(struct publines *pl)
{
	const char	*p, *nl, *end;
	size_t		 used = 0;

	while (pl->inflight < PUBLINES_WINDOW && used < pl->in.len) {
		p = pl->in.p + used;
		end = pl->in.p + pl->in.len;
		if ((nl = memchr(p, '\n', end - p)) == NULL) {
			if (!pl->eof)
				break;
			nl = end;
		}
		cmd_publish_lines_send(pl, p, nl - p);
		used = nl - pl->in.p + (nl < end);
	}
	if (used > 0) {
		memmove(pl->in.p, pl->in.p + used, pl->in.len - used);
		pl->in.len -= used;
		pl->in.p[pl->in.len] = '\0';
	}
	if (pl->eof && pl->in.len == 0 && pl->inflight == 0) {
		cmd_publish_lines_finish(pl);
		return;
	}
	if (pl->lfd != NULL)
		loop_fd_set_events(pl->lfd, pl->inflight < PUBLINES_WINDOW &&
		    pl->in.len < PUBLINES_IN_MAX ? POLLIN : 0);
}

static void
cmd_publish_lines_kick(void *arg)
{
	cmd_publish_lines_pump(arg);
}

static void
cmd_publish_lines_read(int fd, short revents, void *arg)
{
	struct publines	*pl = arg;
	char		 chunk[65536];
	ssize_t		 n;

	n = read(fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		pl->eof = 1;
		loop_fd_remove(pl->lfd);
		pl->lfd = NULL;
	} else
		buf_add(&pl->in, chunk, n);
	cmd_publish_lines_pump(pl);
}

enum cmd_retval
cmd_publish_lines_start(struct cmdq_item *item, struct conn *c,
    const char *topic, const struct pub *pb, const char *file)
{
	struct publines	*pl;
	int		 fd, own = 0;

	pl = xcalloc(1, sizeof *pl);
	buf_init(&pl->in);
	if (file != NULL && strcmp(file, "-") != 0) {
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
			cmdq_error(item, "cannot read '%s': %s", file,
			    strerror(errno));
			free(pl);
			return CMD_ERROR;
		}
		own = 1;
	} else if ((fd = batch_stdin_take(&pl->in)) == -1) {
		cmdq_error(item, "-l reads the lines of -f FILE, or of "
		    "standard input in --batch (which is not there to read)");
		buf_free(&pl->in);
		free(pl);
		return CMD_ERROR;
	}
	pl->item = item;
	pl->conn = xstrdup(c->name);
	pl->topic = topic != NULL ? xstrdup(topic) : NULL;
	pl->qos = pb->qos;
	pl->retain = pb->retain;
	props_copy(&pl->props, &pb->props);
	pl->fd = fd;
	pl->own_fd = own;
	pl->pump = loop_timer_new(cmd_publish_lines_kick, pl);
	pl->lfd = loop_fd_add(fd, POLLIN, cmd_publish_lines_read, pl);
	cmdq_hold(item);
	/* Lines read before the command ran go first. */
	loop_timer_start(pl->pump, 0);
	return CMD_WAIT;
}
