/* save, rename, delete and list: connection profiles in the store. */
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "decode-rule.h"
#include "cmd-parse.h"
#include "conn.h"
#include "engine.h"
#include "events.h"
#include "store.h"
#include "ui.h"
#include "url.h"
#include "view-open.h"
#include "xmalloc.h"

/* Characters of a name an error quotes before cutting it. */
#define CMD_PROFILE_QUOTE_MAX	64

static enum cmd_retval	cmd_save_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_rename_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_delete_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_list_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_save_entry = {
	"save", NULL, "save NAME URL [connection flags]",
	"create or update a connection profile", cmd_save_exec
};
const struct cmd_entry cmd_rename_entry = {
	"rename", NULL, "rename OLD NEW",
	"rename a profile, with its subscriptions and history",
	cmd_rename_exec
};
const struct cmd_entry cmd_delete_entry = {
	"delete", NULL, "delete [--confirm] NAME",
	"delete a connection profile (--confirm: the screen asks first)",
	cmd_delete_exec
};
const struct cmd_entry cmd_list_entry = {
	"list", NULL, "list", "list profiles and connections", cmd_list_exec
};

static int
cmd_profile_live(struct conn *c)
{
	return c != NULL && c->state != CONN_OFFLINE && c->state != CONN_ERROR;
}

static int
cmd_profile_exists(const char *name)
{
	struct profile	*p;

	if ((p = store_profile_load(name)) == NULL)
		return 0;
	profile_free(p);
	return 1;
}

/* A name a new profile may not take: say why and return -1. */
static int
cmd_profile_check_name(struct cmdq_item *item, const char *name)
{
	const char	*why;
	char		*shown;

	if ((why = profile_name_why(name)) == NULL)
		return 0;
	shown = cmd_shorten(name, CMD_PROFILE_QUOTE_MAX);
	cmdq_error(item, "bad profile name '%s': %s", shown, why);
	free(shown);
	return -1;
}

/* A stored password with another source: which one the user meant? */
static int
cmd_save_one_source(const struct profile *p, char **err)
{
	const char	*src = profile_password_source(p), *flag;

	if (p->password == NULL || strcmp(src, "stored") == 0)
		return 0;
	flag = strcmp(src, "command") == 0 ? "--password-command" :
	    strcmp(src, "env") == 0 ? "--password-env" : "--ask-password";
	*err = xasprintf("-P stores a password, and %s gives one at each "
	    "connect: give one of them", flag);
	return -1;
}

/* save NAME URL [flags] into p, as the save command reads it. */
int
cmd_save_parse(int argc, char **argv, struct profile *p, char **err)
{
	const char	*url = NULL;

	/* argv[1] (NAME) stands where getopt expects the command name. */
	if (profile_parse_flags(p, argc - 1, argv + 1, &url, err) != 0)
		return -1;
	if (url == NULL) {
		*err = xstrdup("give a URL: mqtt://[user[:pass]@]host[:port]");
		return -1;
	}
	if (url_parse(url, p, err) != 0)
		return -1;
	/* Flags after the URL win over what the URL said. */
	if (profile_parse_flags(p, argc - 1, argv + 1, &url, err) != 0)
		return -1;
	if (engine_profile_check(p, err) != 0)
		return -1;
	if (cmd_save_one_source(p, err) != 0)
		return -1;
	profile_set(&p->name, argv[1]);
	return 0;
}

/* A save or delete waits for the writer thread's answer. */
struct cmd_profile_wait {
	struct cmdq_item	*item;
	char			*name;
	struct profile		*p;	/* save only */
};

static struct cmd_profile_wait *
cmd_profile_wait(struct cmdq_item *item, const char *name, struct profile *p)
{
	struct cmd_profile_wait	*w = xcalloc(1, sizeof *w);

	w->item = item;
	w->name = xstrdup(name);
	w->p = p;
	cmdq_hold(item);
	return w;
}

static void
cmd_profile_wait_free(struct cmd_profile_wait *w)
{
	free(w->name);
	if (w->p != NULL)
		profile_free(w->p);
	free(w);
}

static void
cmd_save_sub_done(void *arg, int ok, const char *reason)
{
	char	*what = arg;

	if (!ok)
		events_error(NULL, "%s: %s", what, reason);
	free(what);
}

/* A connection without a profile got one: its subscriptions go with it. */
static void
cmd_save_adopt(struct conn *c)
{
	struct sub	*s;

	c->saved = 1;
	TAILQ_FOREACH(s, &c->subs, entry) {
		store_sub_save(c->name, s, cmd_save_sub_done, xasprintf(
		    "saving subscription %s of %s", s->topic, c->name));
	}
}

static void
cmd_save_done(void *arg, int ok, const char *reason)
{
	struct cmd_profile_wait	*w = arg;
	struct conn		*c;

	if (ok) {
		c = conn_find(w->name);
		if (c != NULL && !c->saved)
			cmd_save_adopt(c);
		/* A live one keeps its settings until it connects again. */
		if (cmd_profile_live(c)) {
			cmdq_info(w->item, "saved profile '%s' (in use: at "
			    "its next connect)", w->name);
		} else {
			if (c != NULL) {
				profile_free(c->p);
				c->p = profile_dup(w->p);
			}
			cmdq_info(w->item, "saved profile '%s'", w->name);
		}
	}
	cmdq_done(w->item, ok, reason);
	cmd_profile_wait_free(w);
}

static enum cmd_retval
cmd_save_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile	*p;
	char		*err = NULL;

	if (argc < 3) {
		cmdq_error(item, "usage: %s", cmd_save_entry.usage);
		return CMD_ERROR;
	}
	/* A profile saved before the rules were what they are keeps its name. */
	if (!cmd_profile_exists(argv[1]) &&
	    cmd_profile_check_name(item, argv[1]) != 0)
		return CMD_ERROR;
	p = profile_new();
	if (cmd_save_parse(argc, argv, p, &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		profile_free(p);
		return CMD_ERROR;
	}
	store_profile_save(p, cmd_save_done, cmd_profile_wait(item, argv[1],
	    p));
	return CMD_WAIT;
}

static void
cmd_rename_done(void *arg, int ok, const char *reason)
{
	struct cmd_profile_wait	*w = arg;
	const char		*to = w->p->name;
	struct conn		*c;

	if (ok) {
		/* The connection of the old name (not live) follows. */
		if ((c = conn_find(w->name)) != NULL) {
			free(c->name);
			c->name = xstrdup(to);
			profile_set(&c->p->name, to);
		}
		decode_rule_rename(w->name, to);
		cmdq_info(w->item, "renamed profile '%s' to '%s'", w->name, to);
		/* On the screen the selection follows what was renamed. */
		if (ui_active())
			ui_select_name(to);
	}
	cmdq_done(w->item, ok, reason);
	cmd_profile_wait_free(w);
}

/*
 * Not while the connection is live: its messages are on their way to the
 * history under the old name, and a reconnect would use the new one.
 */
static enum cmd_retval
cmd_rename_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile	*to;
	struct conn	*c;

	if (argc != 3) {
		cmdq_error(item, "usage: %s", cmd_rename_entry.usage);
		return CMD_ERROR;
	}
	if (!cmd_profile_exists(argv[1])) {
		cmdq_error(item, "no profile named '%s'", argv[1]);
		return CMD_ERROR;
	}
	if (strcmp(argv[1], argv[2]) == 0) {
		cmdq_error(item, "'%s' has that name already", argv[1]);
		return CMD_ERROR;
	}
	if (cmd_profile_check_name(item, argv[2]) != 0)
		return CMD_ERROR;
	if (cmd_profile_live(c = conn_find(argv[1]))) {
		cmdq_error(item, "'%s' is %s: disconnect it first", argv[1],
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	if (cmd_profile_exists(argv[2])) {
		cmdq_error(item, "a profile named '%s' exists already",
		    argv[2]);
		return CMD_ERROR;
	}
	if (conn_find(argv[2]) != NULL) {
		cmdq_error(item, "a connection named '%s' is open: close it "
		    "first", argv[2]);
		return CMD_ERROR;
	}
	to = profile_new();
	profile_set(&to->name, argv[2]);
	store_profile_rename(argv[1], argv[2], cmd_rename_done,
	    cmd_profile_wait(item, argv[1], to));
	return CMD_WAIT;
}

static void
cmd_delete_done(void *arg, int ok, const char *reason)
{
	struct cmd_profile_wait	*w = arg;
	struct conn		*c;

	if (ok) {
		if ((c = conn_find(w->name)) != NULL)
			conn_destroy(c);
		decode_rule_forget(w->name);
		cmdq_info(w->item, "deleted profile '%s'", w->name);
	}
	cmdq_done(w->item, ok, reason);
	cmd_profile_wait_free(w);
}

/* With --confirm the screen asks, but only once it could be done. */
static enum cmd_retval
cmd_delete_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	const char	*name;
	char		*question, *line, *q;
	int		 confirm;

	confirm = argc > 1 && strcmp(argv[1], "--confirm") == 0;
	if (argc != 2 + confirm) {
		cmdq_error(item, "usage: %s", cmd_delete_entry.usage);
		return CMD_ERROR;
	}
	name = argv[1 + confirm];
	c = conn_find(name);
	if (cmd_profile_live(c)) {
		cmdq_error(item, "'%s' is %s: disconnect it first", name,
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	if (confirm && !cmd_profile_exists(name)) {
		if (c != NULL)
			cmdq_error(item, "'%s' has no profile (close removes "
			    "the connection)", name);
		else
			cmdq_error(item, "no profile named '%s'", name);
		return CMD_ERROR;
	}
	if (confirm && ui_active()) {
		q = cmd_quote(name);
		question = xasprintf("delete profile %s?", q);
		line = xasprintf("delete %s", q);
		view_confirm_open(question, line);
		free(line);
		free(question);
		free(q);
		return CMD_OK;
	}
	store_profile_delete(name, cmd_delete_done,
	    cmd_profile_wait(item, name, NULL));
	return CMD_WAIT;
}

/* " URL [password:SOURCE] [tls:CHECK]": never the password itself. */
static char *
cmd_list_marks(const struct profile *p)
{
	const char	*src, *tls;
	char		*url, *s;

	if (p == NULL)
		return xstrdup("");
	url = profile_url(p);
	src = profile_password_source(p);
	tls = profile_tls_mark(p);
	s = xasprintf(" %s%s%s%s%s", url, src != NULL ? " password:" : "",
	    src != NULL ? src : "", tls != NULL ? " tls:" : "",
	    tls != NULL ? tls : "");
	free(url);
	return s;
}

static enum cmd_retval
cmd_list_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile	*p;
	struct conn	*c;
	char		**names, *marks;
	int		 i;

	names = store_profile_names();
	for (i = 0; names != NULL && names[i] != NULL; i++) {
		c = conn_find(names[i]);
		p = store_profile_load(names[i]);
		marks = cmd_list_marks(p);
		cmdq_info(item, "profile %s %s%s", names[i],
		    c != NULL ? conn_state_name(c->state) : "offline", marks);
		free(marks);
		profile_free(p);
	}
	store_free_names(names);
	TAILQ_FOREACH(c, &conn_list, entry) {
		if (!c->saved) {
			marks = cmd_list_marks(c->p);
			cmdq_info(item, "connection %s %s%s", c->name,
			    conn_state_name(c->state), marks);
			free(marks);
		}
	}
	return CMD_OK;
}
