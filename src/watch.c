/*
 * --watch's topic lines: a hash table of the topics seen, each with the
 * terminal line it was given. It grows with the topics, never with the
 * messages.
 */
#include <stdlib.h>
#include <string.h>

#include "watch.h"
#include "xmalloc.h"

struct watch_entry {
	char	*topic;
	int	 line;
};

static struct {
	struct watch_entry	*v;
	size_t			 size;	/* a power of two */
	size_t			 n;
} watch;

static size_t
watch_hash(const char *s)
{
	size_t	h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static struct watch_entry *
watch_slot(struct watch_entry *v, size_t size, const char *topic)
{
	size_t	i = watch_hash(topic) & (size - 1);

	while (v[i].topic != NULL && strcmp(v[i].topic, topic) != 0)
		i = (i + 1) & (size - 1);
	return &v[i];
}

static void
watch_grow(void)
{
	struct watch_entry	*old = watch.v, *e;
	size_t			 i, oldsize = watch.size;

	watch.size = oldsize == 0 ? 64 : oldsize * 2;
	watch.v = xcalloc(watch.size, sizeof *watch.v);
	for (i = 0; i < oldsize; i++) {
		if (old[i].topic != NULL) {
			e = watch_slot(watch.v, watch.size, old[i].topic);
			*e = old[i];
		}
	}
	free(old);
}

int
watch_line(const char *topic)
{
	struct watch_entry	*e;

	if ((watch.n + 1) * 2 > watch.size)
		watch_grow();
	e = watch_slot(watch.v, watch.size, topic);
	if (e->topic == NULL) {
		e->topic = xstrdup(topic);
		e->line = (int)++watch.n;
	}
	return e->line;
}

int
watch_last(void)
{
	return (int)watch.n;
}

void
watch_free(void)
{
	size_t	i;

	for (i = 0; i < watch.size; i++)
		free(watch.v[i].topic);
	free(watch.v);
	memset(&watch, 0, sizeof watch);
}
