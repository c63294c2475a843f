/* show: one profile's settings, every field from the table; never secrets. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd-int.h"
#include "conn.h"
#include "log.h"
#include "store.h"
#include "ui.h"
#include "view-open.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_show_exec(struct cmdq_item *, int, char **);

const struct cmd_entry cmd_show_entry = {
	"show", NULL, "show [--with-secrets] NAME",
	"show a profile's settings (passwords only with --with-secrets)",
	cmd_show_exec
};

/* The profile as JSON, with its URL and password source. */
static char *
cmd_show_json(const struct profile *p, int secrets)
{
	const char	*src = profile_password_source(p);
	cJSON		*o;
	char		*s, *url;

	s = profile_to_json(p, secrets);
	o = cJSON_Parse(s);
	free(s);
	if (o == NULL)
		fatal("out of memory");
	url = profile_url(p);
	cJSON_AddStringToObject(o, "url", url);
	free(url);
	if (src != NULL)
		cJSON_AddStringToObject(o, "password_source", src);
	if (profile_tls_mark(p) != NULL)
		cJSON_AddStringToObject(o, "tls_check", profile_tls_mark(p));
	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		fatal("out of memory");
	cJSON_Delete(o);
	return s;
}

/* One "Label: value" line a set field. */
static char *
cmd_show_text(const struct profile *p, int secrets)
{
	const struct profile_field	*f;
	struct buf			 b;
	const char			*src;
	char				*v, *s;
	int				 i;

	buf_init(&b);
	v = profile_url(p);
	buf_addf(&b, "%-22s %s\n", "URL", v);
	free(v);
	if ((src = profile_password_source(p)) != NULL)
		buf_addf(&b, "%-22s %s\n", "Password from", src);
	if (profile_tls_mark(p) != NULL)
		buf_addf(&b, "%-22s %s\n", "TLS check", profile_tls_mark(p));
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if ((f->attrs & PF_URL) || f->label == NULL ||
		    profile_field_is_default(p, f))
			continue;
		if ((v = profile_field_format(p, f)) == NULL)
			continue;
		if ((f->attrs & PF_SECRET) && !secrets) {
			free(v);
			v = xstrdup("(set, not shown)");
		}
		buf_addf(&b, "%-22s %s%s\n", f->label, v,
		    profile_field_applies(p, f) ? "" : "  (not used here)");
		free(v);
	}
	s = profile_save_line(p, secrets);
	buf_addf(&b, "\nAs a command:\n  %s\n", s);
	free(s);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static enum cmd_retval
cmd_show_exec(struct cmdq_item *item, int argc, char **argv)
{
	struct profile	*p;
	struct conn	*c;
	const char	*name;
	char		*s, *title;
	int		 secrets = 0;

	if (argc == 3 && strcmp(argv[1], "--with-secrets") == 0)
		secrets = 1;
	else if (argc != 2 || argv[1][0] == '-') {
		cmdq_error(item, "usage: %s", cmd_show_entry.usage);
		return CMD_ERROR;
	}
	name = argv[argc - 1];
	if ((p = store_profile_load(name)) == NULL) {
		if ((c = conn_find(name)) == NULL) {
			cmdq_error(item, "no profile named '%s'", name);
			return CMD_ERROR;
		}
		p = profile_dup(c->p);
		profile_set(&p->name, name);
	}
	if (ui_active()) {
		s = cmd_show_text(p, secrets);
		title = xasprintf("Profile %s", name);
		view_ask_open(title, s, strlen(s), NULL, NULL);
		free(title);
	} else {
		s = cmd_show_json(p, secrets);
		cmdq_info(item, "%s", s);
	}
	free(s);
	profile_free(p);
	return CMD_OK;
}
