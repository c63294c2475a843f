/*
 * doctor [NAME | URL] [connection flags]: the steps of a connection one
 * at a time, timed, with what each found (doctor.c runs them off the
 * loop thread). On the screen the result opens in a pager; in batch each
 * step is a "doctor" event (JSON with --json), the summary last. The
 * command fails when a step fails, with that step's reason.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "password.h"
#include "doctor.h"
#include "engine.h"
#include "events.h"
#include "store.h"
#include "ui.h"
#include "url.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_doctor_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_doctor_entry = {
	"doctor", NULL, "doctor [NAME | URL] [connection flags]",
	"try the steps of a connection one by one and say what each found",
	cmd_doctor_exec
};

struct cmd_doctor {
	struct cmdq_item	*item;
	char			*name;
	char			*url;	/* what is tried, for the title */
};

static void
cmd_doctor_step(void *arg, cJSON *step)
{
	struct cmd_doctor	*cd = arg;
	struct event		 ev = { .type = EV_DOCTOR };
	const char		*s, *r;
	char			*json;

	s = cJSON_GetStringValue(cJSON_GetObjectItem(step, "step"));
	r = cJSON_GetStringValue(cJSON_GetObjectItem(step, "result"));
	if (ui_active()) {
		if (strcmp(s, "summary") != 0)
			ui_status(0, "doctor %s: %s %s…", cd->name, s, r);
	} else {
		json = cJSON_PrintUnformatted(step);
		ev.name = cd->name;
		ev.reason = json;
		events_emit(&ev);
		free(json);
	}
	cJSON_Delete(step);
}

static void
cmd_doctor_done(void *arg, struct doctor *d, cJSON *summary)
{
	struct cmd_doctor	*cd = arg;
	struct cmdq_item	*item = cd->item;
	struct buf		 b;
	char			*title, *why = NULL;

	cJSON_Delete(summary);	/* told as a step already */
	if (ui_active()) {
		buf_init(&b);
		if (strcmp(cd->name, cd->url) != 0)
			buf_addf(&b, "%s: ", cd->name);
		buf_addf(&b, "%s\n\n", cd->url);
		doctor_text(d, &b);
		title = xasprintf("doctor %s: %s", cd->name, doctor_ok(d) ?
		    "every step passed" : doctor_why(d));
		view_ask_open(title, buf_str(&b), b.len, NULL, NULL);
		free(title);
		buf_free(&b);
	}
	if (!doctor_ok(d))
		why = xasprintf("%s: %s", cd->name, doctor_why(d));
	doctor_free(d);
	free(cd->name);
	free(cd->url);
	free(cd);
	cmdq_done(item, why == NULL, why);
	free(why);
}

static const struct doctor_cbs cmd_doctor_cbs = {
	cmd_doctor_step, cmd_doctor_done
};

/*
 * The password as a connect would have it: the session's, else from the
 * source (a command is run by the doctor's thread). Nobody is asked: a
 * profile that asks goes without, and the CONNACK says so.
 */
static void
cmd_doctor_password(struct profile *p, struct conn *c, const char *name)
{
	char	*pw = NULL, *err = NULL;
	int	 how;

	if (c != NULL && c->secret != NULL) {
		profile_set(&p->password, c->secret);
		return;
	}
	how = password_resolve(p, name, 0, 0, &pw, &err);
	if (how != PASSWORD_COMMAND)
		profile_set(&p->password_command, NULL);
	if (how != PASSWORD_HAVE)
		profile_set(&p->password, NULL);
	else
		profile_set(&p->password, pw);
	password_free(pw);
	free(err);
}

/* The profile to try: a URL, a connection, or a saved profile. */
static struct profile *
cmd_doctor_profile(struct cmdq_item *item, const char *target, char **err)
{
	struct profile	*p;
	struct conn	*c;

	if (url_is_url(target)) {
		p = profile_new();
		if (url_parse(target, p, err) != 0) {
			profile_free(p);
			return NULL;
		}
		return p;
	}
	if ((c = conn_find(target)) != NULL && !c->saved)
		p = profile_dup(c->p);
	else if ((p = store_profile_load(target)) == NULL) {
		*err = xasprintf("no profile named '%s' (save it first, or "
		    "give a URL)", target);
		return NULL;
	}
	cmd_doctor_password(p, c, target);
	return p;
}

/*
 * The profile's client id only when it is safe: not live here (the
 * broker would drop that connection) and no session the broker keeps
 * for it (a clean start would end it). NULL: the profile's will do.
 */
static const char *
cmd_doctor_id_note(const struct profile *p)
{
	struct conn	*c;

	if (p->client_id == NULL)
		return "";
	if (!p->clean || (p->version == 5 && p->session_expiry != 0 &&
	    p->session_expiry != -1))
		return "not the profile's: its session is kept, and the "
		    "doctor's clean start would end it";
	TAILQ_FOREACH(c, &conn_list, entry) {
		if (c->state != CONN_OFFLINE && c->state != CONN_ERROR &&
		    c->client_id != NULL &&
		    strcmp(c->client_id, p->client_id) == 0)
			return "not the profile's: a live connection uses it "
			    "and the broker would drop it";
	}
	return NULL;
}

/* What is tried, for the title: no password, not even the proxy's. */
static char *
cmd_doctor_url(const struct profile *p)
{
	const char	*scheme = p->ws ? (p->tls ? "wss" : "ws") :
			    (p->tls ? "mqtts" : "mqtt");
	const char	*px = p->proxy, *at, *sep;
	char		*via, *s;

	if (px != NULL && *px != '\0') {
		at = strrchr(px, '@');
		sep = strstr(px, "://");
		via = at != NULL && sep != NULL && sep < at ?
		    xasprintf(" via %.*s%s", (int)(sep + 3 - px), px, at + 1) :
		    xasprintf(" via %s", px);
	} else
		via = xstrdup("");
	s = xasprintf(strchr(p->host, ':') != NULL ? "%s://[%s]:%d%s" :
	    "%s://%s:%d%s", scheme, p->host, p->port, via);
	free(via);
	return s;
}

static enum cmd_retval
cmd_doctor_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile		*p = NULL, scratch;
	struct cmd_doctor	*cd;
	const char		*target = NULL, *again, *note;
	char			*err = NULL, *id = NULL, **av;
	enum cmd_retval		 rv = CMD_ERROR;

	/* getopt permutes argv: work on a copy of the item's words. */
	av = xmemdup(argv, (argc + 1) * sizeof *argv);
	profile_init(&scratch);
	if (profile_parse_flags(&scratch, argc, av, &target, &err) != 0) {
		profile_clear(&scratch);
		goto fail;
	}
	profile_clear(&scratch);
	if (target == NULL) {
		if (conn_focus == NULL) {
			cmdq_error(item, "give a profile name or a URL");
			goto out;
		}
		target = conn_focus->name;
	}
	if ((p = cmd_doctor_profile(item, target, &err)) == NULL)
		goto fail;
	/* Flags given here apply to this try only. */
	memcpy(av, argv, (argc + 1) * sizeof *argv);
	if (profile_parse_flags(p, argc, av, &again, &err) != 0 ||
	    engine_profile_check(p, &err) != 0)
		goto fail;
	if ((note = cmd_doctor_id_note(p)) == NULL)
		id = xstrdup(p->client_id);
	else {
		id = xasprintf("mqtty-doctor-%08lx", (unsigned long)random());
		if (*note == '\0')
			note = NULL;
	}
	cd = xcalloc(1, sizeof *cd);
	cd->item = item;
	cd->name = xstrdup(target);
	cd->url = cmd_doctor_url(p);
	if (doctor_start(p, id, note, &cmd_doctor_cbs, cd, &err) != 0) {
		free(cd->name);
		free(cd->url);
		free(cd);
		goto fail;
	}
	if (ui_active())
		ui_status(0, "doctor %s: trying %s…", cd->name, cd->url);
	cmdq_hold(item);
	rv = CMD_WAIT;
	goto out;
fail:
	cmdq_error(item, "%s", err);
out:
	free(err);
	free(id);
	free(av);
	profile_free(p);
	return rv;
}
