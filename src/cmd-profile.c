/* save, delete and list: connection profiles in the store. */
#include <stdlib.h>
#include <string.h>

#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "store.h"
#include "url.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_save_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_delete_exec(struct cmdq_item *, int, char **);
static enum cmd_retval	cmd_list_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_save_entry = {
	"save", NULL, "save NAME URL [connection flags]",
	"create or update a connection profile", cmd_save_exec
};
const struct cmd_entry cmd_delete_entry = {
	"delete", NULL, "delete NAME", "delete a connection profile",
	cmd_delete_exec
};
const struct cmd_entry cmd_list_entry = {
	"list", NULL, "list", "list profiles and connections", cmd_list_exec
};

static int
cmd_save_name_ok(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;

	if (*s == '\0' || url_is_url(name))
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < 0x20 || *s == 0x7f || *s == ' ')
			return 0;
	}
	return 1;
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
cmd_save_done(void *arg, int ok, const char *reason)
{
	struct cmd_profile_wait	*w = arg;
	struct conn		*c;

	if (ok) {
		/* A connection that is not live takes the new settings. */
		if ((c = conn_find(w->name)) != NULL &&
		    (c->state == CONN_OFFLINE || c->state == CONN_ERROR)) {
			profile_free(c->p);
			c->p = profile_dup(w->p);
			c->saved = 1;
		}
		cmdq_info(w->item, "saved profile '%s'", w->name);
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
	if (!cmd_save_name_ok(argv[1])) {
		cmdq_error(item, "bad profile name '%.64s': use letters, "
		    "digits and punctuation, no spaces", argv[1]);
		return CMD_ERROR;
	}
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
cmd_delete_done(void *arg, int ok, const char *reason)
{
	struct cmd_profile_wait	*w = arg;
	struct conn		*c;

	if (ok) {
		if ((c = conn_find(w->name)) != NULL)
			conn_destroy(c);
		cmdq_info(w->item, "deleted profile '%s'", w->name);
	}
	cmdq_done(w->item, ok, reason);
	cmd_profile_wait_free(w);
}

static enum cmd_retval
cmd_delete_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;

	if (argc != 2) {
		cmdq_error(item, "usage: %s", cmd_delete_entry.usage);
		return CMD_ERROR;
	}
	if ((c = conn_find(argv[1])) != NULL && c->state != CONN_OFFLINE &&
	    c->state != CONN_ERROR) {
		cmdq_error(item, "'%s' is %s: disconnect it first", argv[1],
		    conn_state_name(c->state));
		return CMD_ERROR;
	}
	store_profile_delete(argv[1], cmd_delete_done,
	    cmd_profile_wait(item, argv[1], NULL));
	return CMD_WAIT;
}

static enum cmd_retval
cmd_list_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct conn	*c;
	char		**names;
	int		 i;

	names = store_profile_names();
	for (i = 0; names != NULL && names[i] != NULL; i++) {
		c = conn_find(names[i]);
		cmdq_info(item, "profile %s %s", names[i],
		    c != NULL ? conn_state_name(c->state) : "offline");
	}
	store_free_names(names);
	TAILQ_FOREACH(c, &conn_list, entry) {
		if (!c->saved)
			cmdq_info(item, "connection %s %s", c->name,
			    conn_state_name(c->state));
	}
	return CMD_OK;
}
