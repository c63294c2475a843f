#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "xmalloc.h"

void
plot_stats_init(struct plot_stats *s)
{
	s->n = 0;
	s->min = INFINITY;
	s->max = -INFINITY;
	s->sum = 0;
}

void
plot_stats_add(struct plot_stats *s, const struct plot_bucket *b)
{
	if (b->n <= 0)
		return;
	s->n += b->n;
	s->sum += b->sum;
	if (b->min < s->min)
		s->min = b->min;
	if (b->max > s->max)
		s->max = b->max;
}

double
plot_stats_avg(const struct plot_stats *s)
{
	return s->n > 0 ? s->sum / (double)s->n : NAN;
}

void
plot_bucket_add(struct plot_bucket *b, double v)
{
	if (b->n == 0 || v < b->min)
		b->min = v;
	if (b->n == 0 || v > b->max)
		b->max = v;
	b->sum += v;
	b->n++;
}

int
plot_bucket_index(int64_t t, int64_t from, int64_t span, int nb)
{
	if (nb <= 0 || span <= 0 || t < from || t - from >= span)
		return -1;
	return (int)((t - from) * nb / span);
}

void
plot_window(int64_t now, int64_t span, int nb, int64_t *from,
    int64_t *out)
{
	int64_t	bw;

	if (nb < 1)
		nb = 1;
	if (span < nb)
		span = nb;
	bw = (span + nb - 1) / nb;
	*out = bw * nb;
	*from = (now / bw + 1) * bw - *out;
}

/* The nice step (1, 2 or 5 times a power of ten) nearest above raw. */
static double
plot_step(double raw)
{
	double	p = pow(10, floor(log10(raw))), m = raw / p;

	if (m <= 1)
		return p;
	if (m <= 2)
		return 2 * p;
	if (m <= 5)
		return 5 * p;
	return 10 * p;
}

void
plot_range(double min, double max, int n, double *lo, double *hi,
    double *step)
{
	double	pad;

	if (!isfinite(min) || !isfinite(max) || min > max) {
		min = 0;
		max = 1;
	}
	if (n < 1)
		n = 1;
	if (max == min) {
		pad = fabs(min) > 0 ? fabs(min) * 0.1 : 1;
		min -= pad;
		max += pad;
	}
	*step = plot_step((max - min) / n);
	*lo = floor(min / *step) * *step;
	*hi = ceil(max / *step) * *step;
	if (*hi <= *lo)
		*hi = *lo + *step;
}

void
plot_num(double v, char *out, size_t size)
{
	int	prec;

	if (v == 0)
		v = 0;		/* no "-0" */
	for (prec = 6; prec > 1; prec--) {
		if ((size_t)snprintf(out, size, "%.*g", prec, v) < size)
			return;
	}
	snprintf(out, size, "%.1g", v);
}

void
plot_ago(int64_t ms, char *out, size_t size)
{
	int64_t	s = ms / 1000;

	if (s <= 0)
		snprintf(out, size, "now");
	else if (s < 60)
		snprintf(out, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(out, size, "%lldm%s", (long long)(s / 60),
		    s % 60 != 0 && s < 600 ? "+" : "");
	else if (s < 86400)
		snprintf(out, size, s % 3600 / 60 ? "%lldh%lldm" : "%lldh",
		    (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(out, size, s % 86400 / 3600 ? "%lldd%lldh" : "%lldd",
		    (long long)(s / 86400), (long long)(s % 86400 / 3600));
}

void
plot_canvas_init(struct plot_canvas *c, int w, int h)
{
	c->w = w > 0 ? w : 0;
	c->h = h > 0 ? h : 0;
	c->dots = xcalloc((size_t)c->w * c->h + 1, 1);
	c->owner = xmalloc((size_t)c->w * c->h + 1);
	memset(c->owner, -1, (size_t)c->w * c->h + 1);
}

void
plot_canvas_free(struct plot_canvas *c)
{
	free(c->dots);
	free(c->owner);
	c->dots = NULL;
	c->owner = NULL;
	c->w = c->h = 0;
}

void
plot_canvas_dot(struct plot_canvas *c, int x, int y, int series)
{
	/* Braille dots 1-3 and 7 down the left, 4-6 and 8 the right. */
	static const unsigned char bit[2][4] = {
		{ 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 }
	};
	size_t	i;

	if (x < 0 || y < 0 || x >= 2 * c->w || y >= 4 * c->h)
		return;
	i = (size_t)(y / 4) * c->w + x / 2;
	c->dots[i] |= bit[x % 2][y % 4];
	c->owner[i] = (signed char)series;
}

void
plot_canvas_line(struct plot_canvas *c, int x0, int y0, int x1, int y1,
    int series)
{
	int	dx = abs(x1 - x0), dy = -abs(y1 - y0), err = dx + dy, e2;
	int	sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;

	for (;;) {
		plot_canvas_dot(c, x0, y0, series);
		if (x0 == x1 && y0 == y1)
			break;
		e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

int
plot_scale(double v, double lo, double hi, int rows)
{
	double	f;
	int	y;

	if (rows <= 1 || !(hi > lo))
		return rows / 2;
	f = (v - lo) / (hi - lo);
	y = (rows - 1) - (int)floor(f * (rows - 1) + 0.5);
	if (y < 0)
		y = 0;
	if (y > rows - 1)
		y = rows - 1;
	return y;
}

void
plot_canvas_series(struct plot_canvas *c, const struct plot_bucket *b,
    int nb, double lo, double hi, int series)
{
	int	i, rows = 4 * c->h, px = -1, py = 0, y;

	for (i = 0; i < nb; i++) {
		if (b[i].n <= 0)
			continue;
		y = plot_scale(b[i].sum / (double)b[i].n, lo, hi, rows);
		plot_canvas_line(c, i, plot_scale(b[i].min, lo, hi, rows), i,
		    plot_scale(b[i].max, lo, hi, rows), series);
		if (px >= 0)
			plot_canvas_line(c, px, py, i, y, series);
		else
			plot_canvas_dot(c, i, y, series);
		px = i;
		py = y;
	}
}

int
plot_canvas_cell(const struct plot_canvas *c, int cx, int cy, char *out)
{
	unsigned char	d;
	size_t		i;

	out[0] = '\0';
	if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h)
		return -1;
	i = (size_t)cy * c->w + cx;
	if ((d = c->dots[i]) == 0)
		return -1;
	out[0] = (char)0xe2;
	out[1] = (char)(0xa0 | d >> 6);
	out[2] = (char)(0x80 | (d & 0x3f));
	out[3] = '\0';
	return c->owner[i];
}
