/*
 * info [NAME]: a connection's detail: its state, the broker, the client
 * id in use, and what the broker said in its last CONNACK (session
 * present and every MQTT 5 property it sent). On the screen in a pager,
 * in batch a line each.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "connack.h"
#include "engine.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_info_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_info_entry = {
	"info", NULL, "info [NAME]",
	"a connection's detail: state, broker, client id, and what the "
	"broker granted in its CONNACK", cmd_info_exec
};

static void
cmd_info_text(const struct conn *c, struct buf *b)
{
	const struct profile	*p = c->p;
	const struct connack	*ca = c->connack;
	const char		*mode = engine_tls_mode(p);

	buf_addf(b, "state: %s%s%s\n", conn_state_name(c->state),
	    c->reason != NULL ? ": " : "", c->reason != NULL ? c->reason : "");
	buf_addf(b, strchr(p->host, ':') != NULL ? "broker: %s://[%s]:%d\n" :
	    "broker: %s://%s:%d\n", p->ws ? (p->tls ? "wss" : "ws") :
	    (p->tls ? "mqtts" : "mqtt"), p->host, p->port);
	if (p->tls)
		buf_addf(b, "TLS: %s\n", mode == NULL ? "verified" :
		    strcmp(mode, "insecure") == 0 ? "insecure (the host name "
		    "is not checked)" : "no-verify (any certificate is "
		    "accepted)");
	buf_addf(b, "protocol: MQTT %s\n", p->version == 5 ? "5" :
	    p->version == 3 ? "3.1" : "3.1.1");
	if (c->client_id != NULL)
		buf_addf(b, "client id: %s\n", c->client_id);
	if (ca == NULL) {
		buf_adds(b, "CONNACK: none yet\n");
		return;
	}
	buf_addf(b, "CONNACK%s: %s, session present: %s\n",
	    c->state == CONN_CONNECTED ? "" : " (the last one)",
	    connack_reason_words(ca->version, ca->reason),
	    ca->session_present ? "yes" : "no");
	connack_props_lines(ca, b, "  ");
}

static enum cmd_retval
cmd_info_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	struct buf	 b;
	const char	*s, *e;
	char		*title;

	if (argc > 2) {
		cmdq_error(item, "usage: %s", cmd_info_entry.usage);
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, argc > 1 && *argv[1] != '\0' ? argv[1] :
	    NULL)) == NULL)
		return CMD_ERROR;
	buf_init(&b);
	cmd_info_text(c, &b);
	if (ui_active()) {
		title = xasprintf("connection %s", c->name);
		view_ask_open(title, buf_str(&b), b.len, NULL, NULL);
		free(title);
	} else {
		for (s = buf_str(&b); *s != '\0'; s = *e ? e + 1 : e) {
			e = s + strcspn(s, "\n");
			cmdq_info(item, "%s: %.*s", c->name, (int)(e - s), s);
		}
	}
	buf_free(&b);
	return CMD_OK;
}
