#include <math.h>
#include <string.h>

#include "plot.h"
#include "unit.h"

static void
test_stats(void)
{
	struct plot_bucket	b[3];
	struct plot_stats	s;

	memset(b, 0, sizeof b);
	plot_bucket_add(&b[0], 10);
	plot_bucket_add(&b[0], 20.5);
	plot_bucket_add(&b[2], 30);
	plot_bucket_add(&b[2], -1);
	CHECK(b[0].min == 10 && b[0].max == 20.5 && b[0].n == 2);
	CHECK(b[2].min == -1 && b[2].max == 30 && b[2].sum == 29);
	plot_stats_init(&s);
	CHECK(isnan(plot_stats_avg(&s)));
	plot_stats_add(&s, &b[0]);
	plot_stats_add(&s, &b[1]);	/* empty: no change */
	plot_stats_add(&s, &b[2]);
	CHECK_INT(s.n, 4);
	CHECK(s.min == -1 && s.max == 30);
	CHECK(plot_stats_avg(&s) == 59.5 / 4);

	CHECK_INT(plot_bucket_index(1000, 1000, 60000, 120), 0);
	CHECK_INT(plot_bucket_index(1499, 1000, 60000, 120), 0);
	CHECK_INT(plot_bucket_index(1500, 1000, 60000, 120), 1);
	CHECK_INT(plot_bucket_index(60999, 1000, 60000, 120), 119);
	CHECK_INT(plot_bucket_index(61000, 1000, 60000, 120), -1);
	CHECK_INT(plot_bucket_index(999, 1000, 60000, 120), -1);
	CHECK_INT(plot_bucket_index(5, 0, 0, 10), -1);

	/* Windows end just after now, on a bucket's edge. */
	{
		int64_t	from, span;

		plot_window(1000123, 60000, 120, &from, &span);
		CHECK_INT(span, 60000);
		CHECK_INT(from, 1000500 - 60000);
		CHECK(from + span > 1000123);
		plot_window(1000400, 60000, 120, &from, &span);
		CHECK_INT(from, 1000500 - 60000);	/* the same buckets */
		plot_window(1000123, 1000, 3, &from, &span);
		CHECK_INT(span, 1002);
		CHECK(from + span > 1000123 && from + span - 334 <= 1000123);
		plot_window(5, 0, 4, &from, &span);
		CHECK_INT(span, 4);
	}
}

static void
test_range(void)
{
	double	lo, hi, step;

	plot_range(10, 30, 4, &lo, &hi, &step);
	CHECK(step == 5 && lo == 10 && hi == 30);
	plot_range(0.13, 0.92, 4, &lo, &hi, &step);
	CHECK(fabs(step - 0.2) < 1e-12);
	CHECK(lo <= 0.13 && hi >= 0.92 && lo == 0 && fabs(hi - 1) < 1e-12);
	plot_range(-7, 3, 5, &lo, &hi, &step);
	CHECK(step == 2 && lo == -8 && hi == 4);
	/* Flat: around the value. */
	plot_range(21.5, 21.5, 4, &lo, &hi, &step);
	CHECK(lo < 21.5 && hi > 21.5);
	plot_range(0, 0, 4, &lo, &hi, &step);
	CHECK(lo < 0 && hi > 0);
	/* Nothing: 0..1. */
	plot_range(INFINITY, -INFINITY, 4, &lo, &hi, &step);
	CHECK(lo == 0 && hi == 1);
}

static void
test_labels(void)
{
	char	s[16];

	plot_num(21.5, s, sizeof s);
	CHECK_STR(s, "21.5");
	plot_num(-0.0, s, sizeof s);
	CHECK_STR(s, "0");
	plot_num(1234567, s, sizeof s);
	CHECK_STR(s, "1.23457e+06");
	plot_num(1234567, s, 8);
	CHECK_STR(s, "1.2e+06");
	plot_num(0.1 + 0.2, s, sizeof s);
	CHECK_STR(s, "0.3");
	plot_ago(0, s, sizeof s);
	CHECK_STR(s, "now");
	plot_ago(45000, s, sizeof s);
	CHECK_STR(s, "45s");
	plot_ago(600000, s, sizeof s);
	CHECK_STR(s, "10m");
	plot_ago(90000, s, sizeof s);
	CHECK_STR(s, "1m+");
	plot_ago(3600000, s, sizeof s);
	CHECK_STR(s, "1h");
	plot_ago(5400000, s, sizeof s);
	CHECK_STR(s, "1h30m");
	plot_ago(2 * 86400000LL + 3 * 3600000LL, s, sizeof s);
	CHECK_STR(s, "2d3h");
}

static void
test_canvas(void)
{
	struct plot_canvas	c;
	struct plot_bucket	b[4];
	char			cell[4];
	int			x, y, dots;

	plot_canvas_init(&c, 2, 1);
	CHECK_INT(plot_canvas_cell(&c, 0, 0, cell), -1);
	CHECK_STR(cell, "");
	plot_canvas_dot(&c, 0, 0, 3);		/* dot 1: U+2801 */
	CHECK_INT(plot_canvas_cell(&c, 0, 0, cell), 3);
	CHECK_STR(cell, "\xe2\xa0\x81");
	plot_canvas_dot(&c, 1, 3, 4);		/* dot 8: U+2881 */
	CHECK_INT(plot_canvas_cell(&c, 0, 0, cell), 4);
	CHECK_STR(cell, "\xe2\xa2\x81");
	plot_canvas_dot(&c, 2, 3, 1);		/* dot 7 of cell 1: U+2840 */
	CHECK_INT(plot_canvas_cell(&c, 1, 0, cell), 1);
	CHECK_STR(cell, "\xe2\xa1\x80");
	plot_canvas_dot(&c, 4, 0, 1);		/* outside: ignored */
	plot_canvas_dot(&c, -1, 0, 1);
	plot_canvas_dot(&c, 0, 4, 1);
	CHECK_INT(plot_canvas_cell(&c, 2, 0, cell), -1);
	plot_canvas_free(&c);

	/* A full line lights every dot column. */
	plot_canvas_init(&c, 3, 2);
	plot_canvas_line(&c, 0, 7, 5, 0, 0);
	for (x = 0; x < 3; x++) {
		dots = 0;
		for (y = 0; y < 2; y++)
			dots += plot_canvas_cell(&c, x, y, cell) == 0;
		CHECK(dots >= 1);
	}
	plot_canvas_free(&c);

	CHECK_INT(plot_scale(0, 0, 10, 8), 7);
	CHECK_INT(plot_scale(10, 0, 10, 8), 0);
	CHECK_INT(plot_scale(5, 0, 10, 9), 4);
	CHECK_INT(plot_scale(50, 0, 10, 8), 0);		/* clamped */
	CHECK_INT(plot_scale(-5, 0, 10, 8), 7);
	CHECK_INT(plot_scale(3, 3, 3, 8), 4);		/* flat: middle */

	/* Buckets: min at the bottom row, max at the top, a gap skipped. */
	memset(b, 0, sizeof b);
	plot_bucket_add(&b[0], 0);
	plot_bucket_add(&b[3], 10);
	plot_canvas_init(&c, 2, 1);
	plot_canvas_series(&c, b, 4, 0, 10, 2);
	CHECK_INT(plot_canvas_cell(&c, 0, 0, cell), 2);
	CHECK(c.dots[0] & 0x40);		/* (0, 3): the bottom left */
	CHECK(c.dots[1] & 0x08);		/* (3, 0): the top right */
	plot_canvas_free(&c);
}

int
main(void)
{
	test_stats();
	test_range();
	test_labels();
	test_canvas();
	return unit_done();
}
