/*
 * copy: a message's payload to the terminal's clipboard with OSC 52, in
 * one of the detail view's formats, so it works over SSH. A terminal
 * takes only so much in one escape: at most COPY_MAX bytes are sent
 * (100,000 characters of base64) and the result says when it was cut.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "decode.h"
#include "decode-rule.h"
#include "fmt-json.h"
#include "fmt-lines.h"
#include "msg.h"
#include "store.h"
#include "ui.h"
#include "xmalloc.h"

#define COPY_MAX	75000

static enum cmd_retval	cmd_copy_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_copy_entry = {
	"copy", NULL,
	"copy [-f text|json|hex|base64|msgpack|cbor|sparkplug|jq] ID",
	"copy a message's payload to the terminal's clipboard (OSC 52)",
	cmd_copy_exec
};

static const char *cmd_copy_formats[] = { "text", "json", "hex", "base64" };
static const char *cmd_copy_names[] = { "text", "JSON", "hex", "base64" };

struct cmd_copy_msg {
	char	*payload;
	size_t	 len;
	char	*conn;
	char	*topic;
	int64_t	 id;
};

static void
cmd_copy_get(const struct msg *m, void *arg)
{
	struct cmd_copy_msg	*cm = arg;

	cm->payload = xmemdup(m->payload, m->len + 1);
	cm->len = m->len;
	cm->conn = xstrdup(m->conn);
	cm->topic = xstrdup(m->topic);
}

static void
cmd_copy_free(struct cmd_copy_msg *cm)
{
	free(cm->payload);
	free(cm->conn);
	free(cm->topic);
}

/*
 * A decoder's view: the payload is swapped for what it decodes to, which
 * is then copied as JSON (pretty) or text, as the detail view shows it.
 * The format index (json or text) is returned, -1 with an error.
 */
static int
cmd_copy_decode(struct cmdq_item *item, const char *fname,
    struct cmd_copy_msg *cm)
{
	struct decode_ctx	 ctx = { DECODE_AUTO, cm->topic, 0,
				     decode_birth_find, cm->conn, NULL };
	enum decode_view	 own;
	enum decode_out		 out;
	struct buf		 b;
	const char		*jq;
	char			*err;

	if (decode_parse(fname, &ctx.view) != 0 ||
	    !decode_is_decoder(ctx.view))
		return -2;
	own = decode_rule_view(cm->conn, cm->topic, &jq);
	if (ctx.view == DECODE_JQ && (own != DECODE_JQ || jq == NULL)) {
		cmdq_error(item, "no jq view is set for %s", cm->topic);
		return -1;
	}
	ctx.jq = jq;
	ctx.id = cm->id;
	buf_init(&b);
	out = decode(&ctx, cm->payload, cm->len, &b, &err);
	if (out == DECODE_OUT_ERROR) {
		cmdq_error(item, "%s", err);
		free(err);
		buf_free(&b);
		return -1;
	}
	free(cm->payload);
	cm->len = b.len;
	cm->payload = b.p != NULL ? b.p : xstrdup("");
	return out == DECODE_OUT_JSON ? 1 : 0;
}

/* Lines joined by newlines, made until the buffer holds COPY_MAX. */
static void
cmd_copy_lines(struct buf *b, const char *s, size_t len,
    enum fmt_lines_kind kind)
{
	struct fmt_lines	*fl = fmt_lines_new(s, len, kind);
	long			 i;

	for (i = 0; b->len <= COPY_MAX; i++) {
		if (i > 0)
			buf_addc(b, '\n');
		if (fmt_lines_get(fl, i, 1, b) != 0) {
			b->len -= i > 0;	/* no newline after the last */
			break;
		}
	}
	fmt_lines_free(fl);
}

/*
 * The text in format f into b (at least COPY_MAX of it); its whole size.
 * len is not 0.
 */
static size_t
cmd_copy_format(struct buf *b, int f, const char *s, size_t len)
{
	struct fmt_json	j;
	size_t		rows, chars, total = 0;
	int		c;

	switch (f) {
	case 1:		/* pretty JSON, as the view shows it, not wrapped */
		fmt_json_start(&j);
		while ((c = fmt_json_getc(&j, s, len)) != -1) {
			if (total++ <= COPY_MAX)
				buf_addc(b, (char)c);
		}
		return total;
	case 2:		/* rows of FMT_LINES_HEXROW; the last is short */
		cmd_copy_lines(b, s, len, FMT_LINES_HEX);
		rows = (len + 15) / 16;
		return rows * FMT_LINES_HEXROW - (rows * 16 - len) + rows - 1;
	case 3:		/* 76 characters a line */
		cmd_copy_lines(b, s, len, FMT_LINES_BASE64);
		chars = (len + 2) / 3 * 4;
		return chars + (chars + 75) / 76 - 1;
	default:
		buf_add(b, s, len < COPY_MAX + 1 ? len : COPY_MAX + 1);
		return len;
	}
}

/* Cut to COPY_MAX: after a whole line, or between UTF-8 characters. */
static void
cmd_copy_cut(struct buf *b, int lines)
{
	size_t	n = COPY_MAX;

	if (b->len <= COPY_MAX)
		return;
	if (lines) {
		while (n > 0 && b->p[n] != '\n')
			n--;
	} else {
		while (n > 0 && ((unsigned char)b->p[n] & 0xc0) == 0x80)
			n--;
	}
	b->len = n;
}

static enum cmd_retval
cmd_copy_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_copy_msg	 cm = { NULL, 0, NULL, NULL, 0 };
	const char		*title;
	struct buf		 b;
	const char		*fname = "text";
	size_t			 total;
	enum decode_view	 v = DECODE_AUTO;
	long			 id;
	int			 ch, f, nf;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:", cmd_no_options,
	    NULL)) != -1) {
		if (ch != 'f')
			return cmd_bad_flag(item, argv, ch);
		fname = optarg;
	}
	nf = sizeof cmd_copy_formats / sizeof cmd_copy_formats[0];
	for (f = 0; f < nf && strcmp(fname, cmd_copy_formats[f]) != 0; f++)
		;
	if (f == nf && (decode_parse(fname, &v) != 0 ||
	    !decode_is_decoder(v))) {
		cmdq_error(item, "unknown format '%.64s': text, json, hex, "
		    "base64, msgpack, cbor, sparkplug or jq", fname);
		return CMD_ERROR;
	}
	if (optind + 1 != argc) {
		cmdq_error(item, "usage: %s", cmd_copy_entry.usage);
		return CMD_ERROR;
	}
	if (cmd_number(item, "message id", argv[optind], 1, LONG_MAX,
	    &id) != 0)
		return CMD_ERROR;
	if (!ui_active()) {
		cmdq_error(item, "needs the screen (not in --batch)");
		return CMD_ERROR;
	}
	if (store_msg_get(id, cmd_copy_get, &cm) != 1) {
		cmdq_error(item, "no message %ld", id);
		return CMD_ERROR;
	}
	cm.id = id;
	title = f < nf ? cmd_copy_names[f] : NULL;
	if (cm.len == 0) {
		cmd_copy_free(&cm);
		ui_status(0, "the payload is empty: nothing to copy");
		return CMD_OK;
	}
	if (f == nf) {
		/* Decoded: then copied as its JSON or text. */
		if ((f = cmd_copy_decode(item, fname, &cm)) < 0) {
			cmd_copy_free(&cm);
			return CMD_ERROR;
		}
		title = decode_title(v);
	}
	if (f == 1 && !fmt_json_valid(cm.payload, cm.len)) {
		cmd_copy_free(&cm);
		cmdq_error(item, "the payload is not valid JSON");
		return CMD_ERROR;
	}

	buf_init(&b);
	total = cmd_copy_format(&b, f, cm.payload, cm.len);
	cmd_copy_cut(&b, f == 2 || f == 3);
	ui_clipboard(b.p, b.len);
	/* A result for the status line, not output for a pager. */
	if (b.len < total) {
		ui_status(0, "copied the first %zu of %zu bytes as %s (OSC 52 "
		    "takes %d KB)", b.len, total, title,
		    COPY_MAX / 3 * 4 / 1000);
	} else {
		ui_status(0, "copied %zu bytes as %s to the clipboard (OSC 52)",
		    b.len, title);
	}
	buf_free(&b);
	cmd_copy_free(&cm);
	return CMD_OK;
}
