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

static void
events_verror(struct conn *c, const char *source, const char *fmt,
    va_list ap)
{
	struct event	 ev = { .type = EV_ERROR, .conn = c, .source = source };
	struct buf	 b;
	size_t		 fit;
	char		*s;

	s = xvasprintf(fmt, ap);
	/* Reasons quote user input: one line, valid UTF-8, no controls. */
	buf_init(&b);
	if (source != NULL) {
		sanitize(&b, source, strlen(source), 0);
		buf_adds(&b, ": ");
	}
	sanitize(&b, s, strlen(s), 0);
	/* A 5000-byte word would make it a screenful: keep it one line. */
	if (sanitize_width(buf_str(&b), b.len) > EVENTS_REASON_MAX) {
		fit = sanitize_fit(b.p, b.len, EVENTS_REASON_MAX - 1, NULL);
		b.len = fit;
		buf_adds(&b, "…");
	}
	ev.reason = b.len > 0 ? buf_str(&b) : "error";
	events_emit(&ev);
	buf_free(&b);
	free(s);
}

void
events_error(struct conn *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	events_verror(c, NULL, fmt, ap);
	va_end(ap);
}

void
events_error_at(const char *source, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	events_verror(NULL, source, fmt, ap);
	va_end(ap);
}
