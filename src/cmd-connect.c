/* connect, disconnect, drop, close and select. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "loop.h"
#include "password.h"
#include "store.h"
#include "ui.h"
#include "url.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_connect_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_close_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_forget_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_select_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_connect_entry = {
	"connect", NULL,
	"connect [NAME | URL] [--name NAME] [connection flags]",
	"connect a saved profile or a URL and focus it",
	cmd_connect_exec
};
const struct cmd_entry cmd_disconnect_entry = {
	"disconnect", NULL, "disconnect [-t NAME]",
	"disconnect cleanly (no will)", cmd_close_exec
};
const struct cmd_entry cmd_drop_entry = {
	"drop", NULL, "drop [-t NAME]",
	"lose the connection without DISCONNECT, so the will fires",
	cmd_close_exec
};
const struct cmd_entry cmd_close_entry = {
	"close", NULL, "close [NAME]",
	"disconnect a connection without a profile and remove it",
	cmd_forget_exec
};
const struct cmd_entry cmd_select_entry = {
	"select", NULL, "select NAME",
	"focus a connection (on the screen, or select a profile)",
	cmd_select_exec
};

/* Pull "--name NAME" out of argv (profile flags do not know it). */
static int
cmd_connect_name(struct cmdq_item *item, int *argc, char **argv, char **name)
{
	int	i, j;

	*name = NULL;
	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--name") != 0)
			continue;
		if (i + 1 >= *argc || argv[i + 1][0] == '\0') {
			cmdq_error(item, "--name needs a value");
			return -1;
		}
		*name = argv[i + 1];
		for (j = i; j + 2 <= *argc; j++)
			argv[j] = argv[j + 2];
		*argc -= 2;
		i--;
	}
	return 0;
}

static char *
cmd_connect_adhoc_name(const struct profile *p)
{
	char	*base, *name;
	int	 n;

	base = xasprintf(strchr(p->host, ':') ? "[%s]:%d" : "%s:%d", p->host,
	    p->port);
	name = xstrdup(base);
	for (n = 2; conn_find(name) != NULL &&
	    conn_find(name)->state != CONN_OFFLINE; n++) {
		free(name);
		name = xasprintf("%s-%d", base, n);
	}
	free(base);
	return name;
}

static void
cmd_connect_load_subs(const struct sub *saved, void *arg)
{
	struct conn	*c = arg;
	struct sub	*s;

	if (conn_sub_find(c, saved->topic) != NULL)
		return;
	s = sub_new(saved->topic);
	s->qos = saved->qos;
	s->no_local = saved->no_local;
	s->rap = saved->rap;
	s->rh = saved->rh;
	s->id = saved->id;
	s->color = saved->color;
	s->enabled = saved->enabled;
	s->state = saved->enabled ? SUB_PENDING : SUB_DISABLED;
	if (saved->alias != NULL)
		s->alias = xstrdup(saved->alias);
	TAILQ_INSERT_TAIL(&c->subs, s, entry);
}

/*
 * A connect on its way: what the screen still has to ask (the password,
 * then an encrypted key's passphrase) and what it answered. The answers
 * go to this connect only: never a command line, the history or p.
 */
struct cmd_connect_wait {
	struct cmdq_item	*item;
	struct profile		*p;
	char			*name;
	int			 saved;
	int			 ask_pw;
	int			 ask_key;
	char			*secret;
	char			*key_secret;
};

static void
cmd_connect_wait_free(struct cmd_connect_wait *w)
{
	profile_free(w->p);
	free(w->name);
	password_free(w->secret);
	password_free(w->key_secret);
	free(w);
}

/* A connection of that name that is not offline: say so. */
static int
cmd_connect_busy(const char *name, char **err)
{
	struct conn	*c;

	if ((c = conn_find(name)) == NULL || c->state == CONN_OFFLINE ||
	    c->state == CONN_ERROR)
		return 0;
	*err = xasprintf("'%s' is already %s", name, conn_state_name(c->state));
	return -1;
}

/* The connection made or reused, and the engine asked: 0, or -1 with *err. */
static int
cmd_connect_go(struct cmd_connect_wait *w, char **err)
{
	struct conn	*c;

	if (cmd_connect_busy(w->name, err) != 0)
		return -1;
	if ((c = conn_find(w->name)) != NULL) {
		profile_free(c->p);
		c->p = profile_dup(w->p);
		profile_set(&c->p->name, w->name);
	} else
		c = conn_create(w->name, w->p, w->saved);
	if (w->saved)
		store_sub_foreach(w->name, cmd_connect_load_subs, c);
	conn_focus = c;
	conn_set_secrets(c, w->secret, w->key_secret);
	w->secret = w->key_secret = NULL;
	return engine_connect(c, cmdq_done, w->item, err);
}

static void	cmd_connect_ask(struct cmd_connect_wait *);

/* The screen's answer: the next question, or the connect, or Esc. */
static void
cmd_connect_answer(void *arg, char *answer)
{
	struct cmd_connect_wait	*w = arg;
	char			*err = NULL;

	if (answer == NULL) {
		err = xasprintf("cancelled: '%s' is not connected", w->name);
		cmdq_done(w->item, 0, err);
		free(err);
		cmd_connect_wait_free(w);
		return;
	}
	if (w->ask_pw) {
		w->ask_pw = 0;
		password_free(w->secret);
		w->secret = answer;
	} else {
		w->ask_key = 0;
		password_free(w->key_secret);
		w->key_secret = answer;
	}
	if (w->ask_pw || w->ask_key) {
		cmd_connect_ask(w);
		return;
	}
	if (cmd_connect_go(w, &err) != 0) {
		cmdq_done(w->item, 0, err);
		free(err);
	}
	cmd_connect_wait_free(w);
}

static void
cmd_connect_ask(struct cmd_connect_wait *w)
{
	const char	*key, *slash;
	char		*label;

	if (w->ask_pw)
		label = xasprintf("Password for %s: ", w->name);
	else {
		/* The file's name: the prompt has half the width. */
		key = w->p->key != NULL ? w->p->key : w->p->cert;
		if ((slash = strrchr(key, '/')) != NULL)
			key = slash + 1;
		label = xasprintf("Passphrase of %s's key %s: ", w->name, key);
	}
	view_secret_open(label, cmd_connect_answer, w);
	free(label);
}

static enum cmd_retval
cmd_connect_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_connect_wait	*w = NULL;
	struct profile		*p = NULL, scratch;
	struct conn		*c;
	const char		*target = NULL;
	char			*name = NULL, *err = NULL, *adhoc = NULL, **av;
	char			*secret = NULL;
	int			 saved = 0, ac = argc, given, how;
	enum cmd_retval		 rv = CMD_ERROR;

	/* getopt permutes argv: work on a copy of the item's words. */
	av = xmemdup(argv, (argc + 1) * sizeof *argv);
	if (cmd_connect_name(item, &ac, av, &name) != 0)
		goto out;
	profile_init(&scratch);
	if (profile_parse_flags(&scratch, ac, av, &target, &err) != 0) {
		profile_clear(&scratch);
		goto fail;
	}
	/* A password given here (-P) is for this connect, whatever the source. */
	given = scratch.password != NULL;
	profile_clear(&scratch);
	if (target == NULL) {
		if (conn_focus == NULL) {
			cmdq_error(item, "give a profile name or a URL");
			goto out;
		}
		target = conn_focus->name;
	}

	if (url_is_url(target)) {
		p = profile_new();
		if (url_parse(target, p, &err) != 0)
			goto fail;
		given |= p->password != NULL;
	} else if ((c = conn_find(target)) != NULL) {
		/* A profile saved since it last connected: connect as saved. */
		if (c->saved && (p = store_profile_load(target)) != NULL)
			saved = 1;
		else {
			p = profile_dup(c->p);
			saved = c->saved;
		}
	} else if ((p = store_profile_load(target)) != NULL)
		saved = 1;
	else {
		cmdq_error(item, "no profile named '%s' (save it first, or "
		    "give a URL)", target);
		goto out;
	}
	/* Flags given here apply to this connection only, not the profile. */
	memcpy(av, argv, (argc + 1) * sizeof *argv);
	ac = argc;
	cmd_connect_name(item, &ac, av, &name);
	if (profile_parse_flags(p, ac, av, &target, &err) != 0)
		goto fail;
	if (engine_profile_check(p, &err) != 0)
		goto fail;

	if (name == NULL)
		name = url_is_url(target) ?
		    (adhoc = cmd_connect_adhoc_name(p)) : (char *)target;
	/* Another name is another connection: no profile stands behind it. */
	if (saved && (p->name == NULL || strcmp(p->name, name) != 0))
		saved = 0;
	/* Said before asking for a password it would not use. */
	if (cmd_connect_busy(name, &err) != 0)
		goto fail;
	if ((how = password_resolve(p, name, given, ui_active(), &secret,
	    &err)) == -1)
		goto fail;

	w = xcalloc(1, sizeof *w);
	w->item = item;
	w->p = p;
	p = NULL;
	w->name = xstrdup(name);
	w->saved = saved;
	w->secret = secret;
	w->ask_pw = how == PASSWORD_ASK;
	w->ask_key = ui_active() && engine_key_needs_passphrase(w->p);
	if (w->ask_pw || w->ask_key) {
		/* The prompt owns w now: its answer goes on. */
		cmdq_hold(item);
		cmd_connect_ask(w);
		w = NULL;
		rv = CMD_WAIT;
		goto out;
	}
	if (cmd_connect_go(w, &err) != 0)
		goto fail;
	cmdq_hold(item);
	rv = CMD_WAIT;
	goto out;
fail:
	cmdq_error(item, "%s", err);
out:
	if (w != NULL)
		cmd_connect_wait_free(w);
	free(err);
	free(adhoc);
	free(av);
	profile_free(p);
	return rv;
}

/* disconnect and drop: both end with the engine's answer. */
static enum cmd_retval
cmd_close_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	char		*err = NULL;
	int		 rc;

	if ((c = cmd_target_only(item, argc, argv)) == NULL)
		return CMD_ERROR;
	if (strcmp(argv[0], "drop") == 0)
		rc = engine_drop(c, cmdq_done, item, &err);
	else
		rc = engine_disconnect(c, cmdq_done, item, &err);
	if (rc != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}

struct cmd_forget_wait {
	struct cmdq_item	*item;
	char			*name;
	int			 ok;
	char			*reason;
};

/* On the next turn: not inside the libmosquitto callback that told us. */
static void
cmd_forget_later(void *arg)
{
	struct cmd_forget_wait	*w = arg;
	struct conn		*c;

	/* By name: it may have gone meanwhile, or become a profile's. */
	if (w->ok && (c = conn_find(w->name)) != NULL && !c->saved &&
	    (c->state == CONN_OFFLINE || c->state == CONN_ERROR)) {
		cmdq_info(w->item, "closed '%s'", c->name);
		conn_destroy(c);
	}
	cmdq_done(w->item, w->ok, w->reason);
	free(w->reason);
	free(w->name);
	free(w);
}

static void
cmd_forget_done(void *arg, int ok, const char *reason)
{
	struct cmd_forget_wait	*w = arg;

	w->ok = ok;
	w->reason = reason != NULL ? xstrdup(reason) : NULL;
	loop_wake(cmd_forget_later, w);
}

/* A connection with no profile behind it leaves the list. */
static enum cmd_retval
cmd_forget_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_forget_wait	*w;
	struct conn		*c;
	char			*err = NULL;

	if (argc > 2) {
		cmdq_error(item, "usage: %s", cmd_close_entry.usage);
		return CMD_ERROR;
	}
	if ((c = cmdq_target(item, argc > 1 && *argv[1] != '\0' ? argv[1] :
	    NULL)) == NULL)
		return CMD_ERROR;
	if (c->saved) {
		cmdq_error(item, "'%s' is a saved profile: disconnect it, or "
		    "delete the profile", c->name);
		return CMD_ERROR;
	}
	if (c->state == CONN_OFFLINE || c->state == CONN_ERROR) {
		cmdq_info(item, "closed '%s'", c->name);
		conn_destroy(c);
		return CMD_OK;
	}
	w = xcalloc(1, sizeof *w);
	w->item = item;
	w->name = xstrdup(c->name);
	if (engine_disconnect(c, cmd_forget_done, w, &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
		free(w->name);
		free(w);
		return CMD_ERROR;
	}
	cmdq_hold(item);
	return CMD_WAIT;
}

static enum cmd_retval
cmd_select_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;

	if (argc != 2) {
		cmdq_error(item, "usage: %s", cmd_select_entry.usage);
		return CMD_ERROR;
	}
	/* A profile that is not connected is a row on the screen too. */
	if (conn_find(argv[1]) == NULL && ui_active() &&
	    ui_select_name(argv[1]) == 0)
		return CMD_OK;
	if ((c = cmdq_target(item, argv[1])) == NULL)
		return CMD_ERROR;
	conn_focus = c;
	/* Focused already, the screen may have another row selected. */
	if (ui_active())
		ui_select_name(c->name);
	return CMD_OK;
}
