#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fmt-json.h"
#include "msg.h"
#include "plot-data.h"
#include "store.h"
#include "xmalloc.h"

/* Messages looked at for the last value (and an unknown path). */
#define PLOT_DATA_LAST	32

void
plot_data_init(struct plot_data *d, const char *conn, const char *topic,
    const char *path)
{
	memset(d, 0, sizeof *d);
	d->conn = xstrdup(conn);
	d->topic = xstrdup(topic);
	d->path = path != NULL ? xstrdup(path) : NULL;
	d->auto_path = path == NULL;
	plot_stats_init(&d->st);
}

void
plot_data_clear(struct plot_data *d)
{
	free(d->conn);
	free(d->topic);
	free(d->path);
	free(d->b);
	memset(d, 0, sizeof *d);
}

static void
plot_data_last(const struct msg *m, void *arg)
{
	struct plot_data	*d = arg;

	if (d->has_last || m->dir != MSG_IN)
		return;
	if (d->path == NULL)
		d->path = value_first_path(m->payload, m->len);
	if (d->path != NULL &&
	    value_get(m->payload, m->len, d->path, &d->last, NULL) == 0) {
		d->has_last = 1;
		d->last_ms = m->time_ms;
	}
}

int
plot_data_read(struct plot_data *d, int64_t from, int64_t span, int nb)
{
	int	i;

	if (nb < 1)
		nb = 1;
	if (nb != d->nb) {
		free(d->b);
		d->b = xcalloc(nb, sizeof *d->b);
		d->nb = nb;
	}
	d->has_last = 0;
	plot_stats_init(&d->st);
	if (store_msg_window(d->conn, d->topic, 0, PLOT_DATA_LAST,
	    plot_data_last, d) < 0)
		return -1;
	if (d->has_last && (d->last_ms < from || d->last_ms >= from + span))
		d->has_last = 0;
	if (d->path == NULL) {
		memset(d->b, 0, nb * sizeof *d->b);
		return 0;
	}
	if (store_value_buckets(d->conn, d->topic, d->path, from, span, nb,
	    d->b) < 0)
		return -1;
	for (i = 0; i < nb; i++)
		plot_stats_add(&d->st, &d->b[i]);
	return 0;
}

void
plot_data_window(const struct plot_data *d, int n, int64_t ms, int64_t now,
    int nb, int64_t *from, int64_t *span)
{
	int64_t	first = 0, t;
	int	i;

	if (ms <= 0) {
		/* All: from the oldest value on, whatever the buckets. */
		for (i = 0; i < n; i++) {
			t = store_value_first(d[i].conn, d[i].topic);
			if (t > 0 && (first == 0 || t < first))
				first = t;
		}
		if (first <= 0 || first > now)
			first = now - 60000;
		*from = first;
		*span = now - first + 1;
		return;
	}
	if (nb > 1)
		plot_window(now, ms, nb, from, span);
	else {
		*from = now - ms + 1;
		*span = ms;
	}
}

static void
plot_data_number(cJSON *obj, const char *name, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(obj, name, v);
	else
		cJSON_AddNullToObject(obj, name);
}

char *
plot_data_json(const struct plot_data *d, const char *window)
{
	cJSON	*obj = cJSON_CreateObject();
	char	*s;

	cJSON_AddStringToObject(obj, "connection", d->conn);
	cJSON_AddStringToObject(obj, "topic", d->topic);
	if (d->path != NULL)
		cJSON_AddStringToObject(obj, "path", d->path);
	else
		cJSON_AddNullToObject(obj, "path");
	cJSON_AddStringToObject(obj, "window", window);
	cJSON_AddNumberToObject(obj, "count", (double)d->st.n);
	plot_data_number(obj, "min", d->st.n > 0 ? d->st.min : NAN);
	plot_data_number(obj, "max", d->st.n > 0 ? d->st.max : NAN);
	plot_data_number(obj, "avg", plot_stats_avg(&d->st));
	/* The last value as it was written, when that is a JSON number. */
	if (!d->has_last)
		cJSON_AddNullToObject(obj, "last");
	else if (fmt_json_valid(d->last.text, strlen(d->last.text)) &&
	    strcmp(d->last.text, "true") != 0 &&
	    strcmp(d->last.text, "false") != 0)
		cJSON_AddRawToObject(obj, "last", d->last.text);
	else
		cJSON_AddNumberToObject(obj, "last", d->last.num);
	if (d->has_last)
		cJSON_AddNumberToObject(obj, "last_time", (double)d->last_ms);
	s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	return s;
}
