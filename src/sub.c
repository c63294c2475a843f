#include <stdlib.h>

#include "sub.h"
#include "xmalloc.h"

struct sub *
sub_new(const char *topic)
{
	struct sub	*s;

	s = xcalloc(1, sizeof *s);
	s->topic = xstrdup(topic);
	s->qos = 0;
	s->enabled = 1;
	s->color = -1;
	s->state = SUB_PENDING;
	return s;
}

void
sub_free(struct sub *s)
{
	if (s == NULL)
		return;
	free(s->topic);
	free(s->alias);
	free(s);
}
