/*
 * import FILE: connections from MQTTX's or MQTT Explorer's export, all
 * checked before any is saved, then saved in one transaction. And
 * export --connections: profiles in MQTTX's format (export without it is
 * the message export of cmd-search.c).
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "engine.h"
#include "events.h"
#include "profile-import.h"
#include "store.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

/* No connection export is bigger; a bigger file is not one. */
#define CMD_IMPORT_MAX	(16 * 1024 * 1024)

static enum cmd_retval	cmd_import_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_import_entry = {
	"import", NULL, "import [--with-secrets] FILE",
	"add the connections of an MQTTX or MQTT Explorer export as profiles "
	"(passwords kept only with --with-secrets)",
	cmd_import_exec
};

struct cmd_import {
	struct cmdq_item	*item;
	char			*file;
	struct profile_import	 set;
};

/* The whole file, or NULL with *err. */
static char *
cmd_import_slurp(const char *path, size_t *len, char **err)
{
	struct stat	 st;
	FILE		*f;
	char		*text;

	if ((f = fopen(path, "r")) == NULL) {
		*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CMD_IMPORT_MAX) {
		*err = xasprintf("cannot read %s: %s", path,
		    !S_ISREG(st.st_mode) ? "not a file" : "too big for a "
		    "connection export");
		fclose(f);
		return NULL;
	}
	text = xmalloc((size_t)st.st_size + 1);
	*len = fread(text, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[*len] = '\0';
	return text;
}

static int
cmd_import_taken(const char *name, void *arg)
{
	struct profile	*p;

	(void)arg;
	if (conn_find(name) != NULL)
		return 1;
	if ((p = store_profile_load(name)) == NULL)
		return 0;
	profile_free(p);
	return 1;
}

static void
cmd_import_free(struct cmd_import *ci)
{
	profile_import_free(&ci->set);
	free(ci->file);
	free(ci);
}

/* The screen's summary: a line a connection, what was left out under it. */
static char *
cmd_import_text(const struct cmd_import *ci)
{
	const struct profile_import_conn	*c;
	struct buf				 b;
	char					*s, *url;
	int					 i, j;

	buf_init(&b);
	buf_addf(&b, "%d connection%s from %s (%s):\n\n", ci->set.n,
	    ci->set.n == 1 ? "" : "s", ci->file, ci->set.format);
	for (i = 0; i < ci->set.n; i++) {
		c = &ci->set.v[i];
		if (c->from == NULL || strcmp(c->from, c->p->name) == 0)
			buf_addf(&b, "  %s\n", c->p->name);
		else
			buf_addf(&b, "  %s  ->  saved as '%s'\n",
			    *c->from != '\0' ? c->from : "(no name)",
			    c->p->name);
		url = profile_url(c->p);
		buf_addf(&b, "      %s, %d subscription%s\n", url, c->nsubs,
		    c->nsubs == 1 ? "" : "s");
		free(url);
		for (j = 0; j < c->nskipped; j++)
			buf_addf(&b, "      skipped %s\n", c->skipped[j]);
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static void
cmd_import_done(void *arg, int ok, const char *reason)
{
	struct cmd_import		*ci = arg;
	const struct profile_import_conn *c;
	struct event			 ev;
	char				*text, *title;
	int				 i, renamed = 0;

	if (!ok) {
		text = xasprintf("%s: %s (nothing imported)", ci->file,
		    reason != NULL ? reason : "failed");
		cmdq_done(ci->item, 0, text);
		free(text);
		cmd_import_free(ci);
		return;
	}
	for (i = 0; i < ci->set.n; i++) {
		c = &ci->set.v[i];
		memset(&ev, 0, sizeof ev);
		ev.type = EV_IMPORTED;
		ev.name = c->from != NULL ? c->from : "";
		ev.as = c->p->name;
		ev.skipped = c->skipped;
		ev.count = (size_t)c->nskipped;
		events_emit(&ev);
		renamed += c->from == NULL || strcmp(c->from, c->p->name) != 0;
	}
	/* The screen's pager says it all; a second one would hide it. */
	if (ui_active()) {
		text = cmd_import_text(ci);
		title = xasprintf("Imported from %s", ci->file);
		view_ask_open(title, text, strlen(text), NULL, NULL);
		free(title);
		free(text);
		ui_status(0, "imported %d connection%s from %s", ci->set.n,
		    ci->set.n == 1 ? "" : "s", ci->file);
	} else
		cmdq_info(ci->item, "imported %d connection%s from %s (%s)%s",
		    ci->set.n, ci->set.n == 1 ? "" : "s", ci->file,
		    ci->set.format, renamed > 0 ? ", some renamed" : "");
	cmdq_done(ci->item, 1, NULL);
	cmd_import_free(ci);
}

/*
 * A password is stored only by choice: without --with-secrets one in the
 * file is left out and asked for at connect instead.
 */
static void
cmd_import_keep_secrets_out(struct profile_import_conn *c)
{
	struct profile	*p = c->p;

	if (p->password != NULL) {
		profile_set(&p->password, NULL);
		if (profile_password_source(p) == NULL)
			p->ask_password = 1;
		profile_import_skip(c, "password: not stored, asked at connect "
		    "(import --with-secrets stores it)");
	}
	if (p->auth_data != NULL) {
		profile_set(&p->auth_data, NULL);
		profile_import_skip(c, "authenticationData: not stored "
		    "(import --with-secrets stores it)");
	}
}

static enum cmd_retval
cmd_import_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct cmd_import	*ci;
	struct store_import	*v;
	char			*text, *err = NULL, *why;
	size_t			 len;
	int			 i, secrets = 0;

	if (argc == 3 && strcmp(argv[1], "--with-secrets") == 0) {
		secrets = 1;
		argv++;
		argc--;
	}
	if (argc != 2 || argv[1][0] == '-') {
		cmdq_error(item, "usage: %s", cmd_import_entry.usage);
		return CMD_ERROR;
	}
	if ((text = cmd_import_slurp(argv[1], &len, &err)) == NULL) {
		cmdq_error(item, "%s", err);
		free(err);
		return CMD_ERROR;
	}
	ci = xcalloc(1, sizeof *ci);
	ci->item = item;
	ci->file = xstrdup(argv[1]);
	if (profile_import_read(&ci->set, text, len, &err) != 0) {
		free(text);
		goto fail;
	}
	free(text);
	profile_import_names(&ci->set, cmd_import_taken, NULL);
	if (!secrets) {
		for (i = 0; i < ci->set.n; i++)
			cmd_import_keep_secrets_out(&ci->set.v[i]);
	}
	for (i = 0; i < ci->set.n; i++) {
		if (engine_profile_check(ci->set.v[i].p, &why) != 0) {
			err = xasprintf("%s: %s", ci->set.v[i].path, why);
			free(why);
			goto fail;
		}
	}
	v = xcalloc(ci->set.n, sizeof *v);
	for (i = 0; i < ci->set.n; i++) {
		v[i].p = ci->set.v[i].p;
		v[i].subs = ci->set.v[i].subs;
		v[i].nsubs = ci->set.v[i].nsubs;
	}
	cmdq_hold(item);
	store_profile_import(v, ci->set.n, cmd_import_done, ci);
	free(v);
	return CMD_WAIT;

fail:
	cmdq_error(item, "%s: %s (nothing imported)", ci->file, err);
	free(err);
	cmd_import_free(ci);
	return CMD_ERROR;
}

/*
 * export NAME... -o FILE is the connection export when every bare word
 * names a saved profile and no flag but -o is given; --connections or
 * --with-secrets say so outright. Anything else is the message export.
 */
int
cmd_export_is_connections(int argc, char **argv)
{
	struct profile	*p;
	int		 i, names = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--connections") == 0 ||
		    strcmp(argv[i], "--with-secrets") == 0)
			return 1;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0) {
			i++;
			continue;
		}
		if (strncmp(argv[i], "-o", 2) == 0)
			continue;
		if (argv[i][0] == '-' || argv[i][0] == '\0')
			return 0;
		if ((p = store_profile_load(argv[i])) == NULL)
			return 0;
		profile_free(p);
		names++;
	}
	return names > 0;
}

static void
cmd_export_sub(const struct sub *s, void *arg)
{
	struct profile_export	*e = arg;

	e->subs = xrealloc(e->subs, (e->nsubs + 1) * sizeof *e->subs);
	e->subs[e->nsubs] = sub_new(s->topic);
	e->subs[e->nsubs]->qos = s->qos;
	e->subs[e->nsubs]->no_local = s->no_local;
	e->subs[e->nsubs]->rap = s->rap;
	e->subs[e->nsubs]->rh = s->rh;
	e->subs[e->nsubs]->id = s->id;
	e->subs[e->nsubs]->alias = s->alias != NULL ? xstrdup(s->alias) :
	    NULL;
	e->subs[e->nsubs]->color = s->color;
	e->subs[e->nsubs]->enabled = s->enabled;
	e->nsubs++;
}

/* text into path through a temporary file beside it: whole or not at all. */
static int
cmd_export_write(const char *path, const char *text, char **err)
{
	char	*copy = xstrdup(path), *tmp;
	size_t	 len = strlen(text);
	int	 fd, rc = 0;

	tmp = xasprintf("%s/.mqtty-export-XXXXXX", dirname(copy));
	free(copy);
	/* mkstemp's file is 0600: secrets may be in it. */
	if ((fd = mkstemp(tmp)) == -1) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		*err = xasprintf("writing %s: %s", path, errno != 0 ?
		    strerror(errno) : "short write");
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

enum cmd_retval
cmd_export_connections(struct cmdq_item *item, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "connections", no_argument, NULL, 'c' },
		{ "with-secrets", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct profile_export	*v = NULL;
	const char		*out = NULL;
	char			**names = NULL, *text, *err = NULL;
	int			 c, i, j, n = 0, secrets = 0, all;
	enum cmd_retval		 rv = CMD_ERROR;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 's':
			secrets = 1;
			break;
		case 'c':
			break;
		default:
			return cmd_bad_flag(item, argv, c);
		}
	}
	if (out == NULL) {
		cmdq_error(item, "no output file: give -o FILE");
		return CMD_ERROR;
	}
	/* getopt put the names last. */
	if ((all = optind >= argc))
		names = store_profile_names();
	else {
		names = xcalloc(argc - optind + 1, sizeof *names);
		for (i = optind, j = 0; i < argc; i++)
			names[j++] = xstrdup(argv[i]);
	}
	for (i = 0; names[i] != NULL; i++) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		memset(&v[n], 0, sizeof v[n]);
		if ((v[n].p = store_profile_load(names[i])) == NULL) {
			cmdq_error(item, "no profile named '%s'", names[i]);
			goto out;
		}
		n++;
		store_sub_foreach(names[i], cmd_export_sub, &v[n - 1]);
	}
	if (n == 0 && all) {
		cmdq_error(item, "no profiles to export");
		goto out;
	}
	text = profile_export_mqttx(v, n, secrets);
	if (cmd_export_write(out, text, &err) != 0) {
		cmdq_error(item, "%s", err);
		free(err);
	} else {
		cmdq_info(item, "exported %d connection%s to %s%s", n,
		    n == 1 ? "" : "s", out, secrets ? " (with passwords)" :
		    " (no passwords)");
		rv = CMD_OK;
	}
	free(text);
out:
	for (i = 0; i < n; i++) {
		profile_free(v[i].p);
		for (j = 0; j < v[i].nsubs; j++)
			sub_free(v[i].subs[j]);
		free(v[i].subs);
	}
	free(v);
	store_free_names(names);
	return rv;
}
