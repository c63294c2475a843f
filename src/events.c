/* A tiny fan-out: the store, batch output and the screen listen here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "events.h"
#include "sanitize.h"
#include "xmalloc.h"

struct listener {
	event_fn	 fn;
	void		*arg;
};

static struct listener	*events_v;
static int		 events_n;

void
events_listen(event_fn fn, void *arg)
{
	events_v = xrealloc(events_v, (events_n + 1) * sizeof *events_v);
	events_v[events_n].fn = fn;
	events_v[events_n].arg = arg;
	events_n++;
}

void
events_emit(const struct event *ev)
{
	int	i;

	for (i = 0; i < events_n; i++)
		events_v[i].fn(ev, events_v[i].arg);
}

void
events_error(struct conn *c, const char *fmt, ...)
{
	struct event	 ev = { .type = EV_ERROR, .conn = c };
	struct buf	 b;
	va_list		 ap;
	char		*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	/* Reasons quote user input: one line, valid UTF-8, no controls. */
	buf_init(&b);
	if (s != NULL)
		sanitize(&b, s, strlen(s), 0);
	ev.reason = b.len > 0 ? buf_str(&b) : "error";
	events_emit(&ev);
	buf_free(&b);
	free(s);
}
