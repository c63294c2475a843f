/*
 * A plotted series read from history: one topic of one connection, the
 * number a path chooses (value.h), a window of time buckets and their
 * summary, and the last value. The plot view and the batch summary both
 * read through here; no curses.
 */
#ifndef PLOT_DATA_H
#define PLOT_DATA_H
#include <stdint.h>

#include "plot.h"
#include "value.h"

struct plot_data {
	char			*conn;
	char			*topic;
	char			*path;		/* NULL: not known yet */
	int			 auto_path;	/* from the newest message */
	struct plot_bucket	*b;
	int			 nb;
	struct plot_stats	 st;		/* over the window */
	int			 has_last;	/* last is in the window */
	struct value		 last;
	int64_t			 last_ms;
};

/* path NULL: the payload's number or its first numeric field. */
void	plot_data_init(struct plot_data *, const char *, const char *,
	    const char *);
void	plot_data_clear(struct plot_data *);
/* Read the window [from, from + span) as nb buckets: 0, or -1. */
int	plot_data_read(struct plot_data *, int64_t, int64_t, int);
/*
 * The window of the last ms of history, up to now, aligned to nb > 1
 * buckets (plot_window); ms 0: from the oldest value of the n series.
 */
void	plot_data_window(const struct plot_data *, int, int64_t, int64_t,
	    int, int64_t *, int64_t *);
/* The summary as one line of JSON (heap); window names the window. */
char	*plot_data_json(const struct plot_data *, const char *);
#endif
