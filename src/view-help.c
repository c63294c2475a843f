/*
 * The '?' screen, made from the key tables and the command table: the
 * main table and the commands, or one mode's table with what its other
 * keys do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "key-bindings.h"
#include "keys.h"
#include "theme.h"
#include "view.h"
#include "view-pager.h"
#include "xmalloc.h"

/* A table's bindings, the commands lined up after the longest note. */
static void
view_help_table(struct view_pager *vp, const char *mode)
{
	const struct key_binding	*kb;
	char				 name[32];
	int				 i, w = 0, n;

	/* The notes are ASCII. */
	for (i = 0; (kb = key_bindings_get(mode, i)) != NULL; i++) {
		if ((n = (int)strlen(kb->note)) > w)
			w = n;
	}
	for (i = 0; (kb = key_bindings_get(mode, i)) != NULL; i++)
		view_pager_addf(vp, THEME_NSLOTS, "  %-8s %-*s  %s",
		    keys_name(kb->key, name), w, kb->note, kb->command);
	if (i == 0)
		view_pager_addf(vp, THEME_NSLOTS, "  (none)");
}

/* The lines of a mode's editing keys, as key-bindings.c wrote them. */
static void
view_help_editing(struct view_pager *vp, const char *text)
{
	const char	*nl;

	for (; text != NULL; text = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(text, '\n');
		view_pager_add(vp, text, nl != NULL ? (size_t)(nl - text) :
		    strlen(text), THEME_NSLOTS);
	}
}

static void
view_help_mode(const char *mode)
{
	struct view_pager	*vp;
	const char		*parent = key_bindings_parent(mode);
	char			*title;

	title = xasprintf("Keys: %s", mode);
	vp = view_pager_new(title);
	free(title);
	view_pager_addf(vp, THEME_TITLE, "Keys of %s (rebind with: bind -T %s "
	    "KEY COMMAND)", key_bindings_what(mode), mode);
	view_help_table(vp, mode);
	if (parent != NULL) {
		view_pager_addf(vp, THEME_NSLOTS, "%s", "");
		view_pager_addf(vp, THEME_TITLE, "Then the keys of %s (bind -T "
		    "%s)", key_bindings_what(parent), parent);
		view_help_table(vp, parent);
	}
	view_pager_addf(vp, THEME_NSLOTS, "%s", "");
	view_help_editing(vp, key_bindings_editing(mode));
	view_pager_show(vp);
}

void
view_help_open(const char *mode)
{
	struct view_pager		*vp;
	const struct cmd_entry		**ce;

	if (mode != NULL && strcmp(mode, "main") != 0) {
		view_help_mode(mode);
		return;
	}
	vp = view_pager_new("Help");
	view_pager_addf(vp, THEME_TITLE, "Keys (rebind with: bind KEY "
	    "COMMAND in mqttyrc)");
	view_help_table(vp, "main");
	view_pager_addf(vp, THEME_NSLOTS, "%s", "");
	view_pager_addf(vp, THEME_TITLE, "Commands (type : then a command; "
	    "Tab completes)");
	for (ce = cmd_table; *ce != NULL; ce++)
		view_pager_addf(vp, THEME_NSLOTS, "  %-12s %s", (*ce)->name,
		    (*ce)->usage);
	view_pager_addf(vp, THEME_NSLOTS, "%s", "");
	view_pager_addf(vp, THEME_TITLE, "Other modes (keys MODE; F1 in a "
	    "window, or ? where it is not text)");
	view_pager_addf(vp, THEME_NSLOTS, "  %s", key_bindings_modes());
	view_pager_show(vp);
}
