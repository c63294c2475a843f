/*
 * The arithmetic of the plot view, without curses: a series as time
 * buckets (min, max, sum, count each), its summary, a nice value range,
 * and a canvas of braille cells (2 x 4 dots a cell, U+2800..U+28FF) that
 * the series are drawn on. view-plot.c puts the cells on the screen.
 */
#ifndef PLOT_H
#define PLOT_H
#include <stddef.h>
#include <stdint.h>

/* Series a plot shows at most. */
#define PLOT_MAX_SERIES	6

/* The values of one time bucket; n == 0: none fell in it. */
struct plot_bucket {
	double	min, max, sum;
	long	n;
};

/* A summary over buckets: count, min, max, sum. */
struct plot_stats {
	long	n;
	double	min, max, sum;
};

void	plot_stats_init(struct plot_stats *);
/* Fold a bucket into the summary. */
void	plot_stats_add(struct plot_stats *, const struct plot_bucket *);
/* The mean, NaN when there are no values. */
double	plot_stats_avg(const struct plot_stats *);

/* Add one value to a bucket. */
void	plot_bucket_add(struct plot_bucket *, double);
/*
 * Which of nb buckets over [from, from + span) time t falls in; -1 when
 * outside. The store's SQL groups rows the same way.
 */
int	plot_bucket_index(int64_t, int64_t, int64_t, int);

/*
 * A window of about span ms cut into nb buckets of whole milliseconds
 * that stay put as now moves on (a line does not shimmer between reads):
 * *from and *span (span >= the one asked for); its last bucket holds now.
 */
void	plot_window(int64_t, int64_t, int, int64_t *, int64_t *);

/*
 * A value axis from lo to hi holding [min, max], its ends and ticks on
 * multiples of step (1, 2 or 5 times a power of ten) for about n ticks.
 * A flat series (min == max) gets a range around its value.
 */
void	plot_range(double, double, int, double *, double *, double *);

/* A short label for a value: "%.*g", at most size - 1 bytes. */
void	plot_num(double, char *, size_t);
/* A duration as a label: "now", "45s", "10m", "1h30m", "2d3h". */
void	plot_ago(int64_t, char *, size_t);

/* Braille cells, w x h; dot (x, y) has x < 2w, y < 4h, y 0 at the top. */
struct plot_canvas {
	int		 w, h;
	unsigned char	*dots;		/* a cell's 8 dot bits */
	signed char	*owner;		/* series that last drew in it; -1 */
};

void	plot_canvas_init(struct plot_canvas *, int, int);
void	plot_canvas_free(struct plot_canvas *);
void	plot_canvas_dot(struct plot_canvas *, int, int, int);
void	plot_canvas_line(struct plot_canvas *, int, int, int, int, int);
/*
 * Draw nb buckets (one a dot column from the left; nb may be 2w) scaled
 * from lo (bottom) to hi (top): each bucket's min..max as a bar, its
 * mean joined to the last bucket that had values.
 */
void	plot_canvas_series(struct plot_canvas *, const struct plot_bucket *,
	    int, double, double, int);
/*
 * Cell (cx, cy) as UTF-8 in out (4 bytes with the NUL); returns the
 * series that drew in it, or -1 for an empty cell (out is then "").
 */
int	plot_canvas_cell(const struct plot_canvas *, int, int, char *);
/* The dot row (0 top) of value v on a canvas of rows dots, lo..hi. */
int	plot_scale(double, double, double, int);
#endif
