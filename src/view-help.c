/* The '?' screen, made from the bindings table and the command table. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "key-bindings.h"
#include "keys.h"
#include "theme.h"
#include "view.h"
#include "view-pager.h"

void
view_help_open(void)
{
	struct view_pager		*vp = view_pager_new("Help");
	const struct key_binding	*kb;
	const struct cmd_entry		**ce;
	char				 name[32];
	int				 i, w = 0, n;

	view_pager_addf(vp, THEME_TITLE, "Keys (rebind with: bind KEY "
	    "COMMAND in mqttyrc)");
	/* The notes are ASCII: line the commands up after the longest. */
	for (i = 0; (kb = key_bindings_get(i)) != NULL; i++) {
		if ((n = (int)strlen(kb->note)) > w)
			w = n;
	}
	for (i = 0; (kb = key_bindings_get(i)) != NULL; i++)
		view_pager_addf(vp, THEME_NSLOTS, "  %-8s %-*s  %s",
		    keys_name(kb->key, name), w, kb->note, kb->command);
	view_pager_addf(vp, THEME_NSLOTS, "%s", "");
	view_pager_addf(vp, THEME_TITLE, "Commands (type : then a command; "
	    "Tab completes)");
	for (ce = cmd_table; *ce != NULL; ce++)
		view_pager_addf(vp, THEME_NSLOTS, "  %-12s %s", (*ce)->name,
		    (*ce)->usage);
	view_pager_show(vp);
}
