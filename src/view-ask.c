/*
 * A list to read before a question: the text in a pager, and the y/n
 * question over it (clear-retained lists what it would clear). The pager
 * stays once the question is answered, so the list can still be read.
 */
#include <stdlib.h>

#include "fmt-lines.h"
#include "theme.h"
#include "view.h"
#include "view-pager.h"
#include "xmalloc.h"

void
view_ask_open(const char *title, const char *text, size_t len,
    const char *question, const char *command)
{
	struct view_pager	*vp;
	char			*copy;

	copy = xmemdup(text, len + 1);
	copy[len] = '\0';
	vp = view_pager_new(title);
	view_pager_body(vp, fmt_lines_new(copy, len, FMT_LINES_TEXT),
	    THEME_NSLOTS);
	view_pager_on_close(vp, free, copy);
	view_pager_show(vp);
	if (question != NULL)
		view_confirm_open(question, command);
}
