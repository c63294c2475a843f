/*
 * Errors from the config file on the screen. One fits the status line;
 * the status line keeps only the last, so from the second on they all go
 * to a pager, which takes each new one while it is open.
 */
#include <stdlib.h>
#include <string.h>

#include "theme.h"
#include "view.h"
#include "view-pager.h"
#include "xmalloc.h"

static char			**view_errors_v;
static int			  view_errors_n;
static struct view_pager	 *view_errors_pager;

static void
view_errors_closed(void *arg)
{
	view_errors_pager = NULL;
}

void
view_errors_add(const char *reason, int may_open)
{
	int	i;

	view_errors_v = xrealloc(view_errors_v, (view_errors_n + 1) *
	    sizeof *view_errors_v);
	view_errors_v[view_errors_n++] = xstrdup(reason);
	if (view_errors_pager != NULL) {
		view_pager_add(view_errors_pager, reason, strlen(reason),
		    THEME_NSLOTS);
		return;
	}
	/* Not over what the user has opened: the status line says it. */
	if (view_errors_n < 2 || !may_open)
		return;
	view_errors_pager = view_pager_new("Errors in the config file");
	for (i = 0; i < view_errors_n; i++)
		view_pager_add(view_errors_pager, view_errors_v[i],
		    strlen(view_errors_v[i]), THEME_NSLOTS);
	view_pager_on_close(view_errors_pager, view_errors_closed, NULL);
	view_pager_show(view_errors_pager);
}

void
view_errors_free(void)
{
	int	i;

	for (i = 0; i < view_errors_n; i++)
		free(view_errors_v[i]);
	free(view_errors_v);
	view_errors_v = NULL;
	view_errors_n = 0;
}
