#include <math.h>
#include <string.h>

#include "spark.h"
#include "unit.h"

#define B1 "\xe2\x96\x81"
#define B4 "\xe2\x96\x84"
#define B5 "\xe2\x96\x85"
#define B8 "\xe2\x96\x88"

static void
test_render(void)
{
	double	v[] = { 0, 7, 3.5, 1, 6 };
	double	c[] = { 5, 5, 5 };
	double	g[] = { 0, NAN, 10 };
	double	all_nan[] = { NAN, NAN };
	char	out[64];

	CHECK_INT(spark_render(v, 0, 10, out, sizeof out), 0);
	CHECK_STR(out, "");
	CHECK_INT(spark_render(v, 5, 0, out, sizeof out), 0);
	CHECK_STR(out, "");
	/* 0..7 map straight onto the 8 levels. */
	CHECK_INT(spark_render(v, 2, 10, out, sizeof out), 2);
	CHECK_STR(out, B1 B8);
	CHECK_INT(spark_render(v, 3, 10, out, sizeof out), 3);
	CHECK_STR(out, B1 B8 B5);	/* 3.5 rounds up to level 4 (B5) */
	/* Width keeps the last values, scaled among themselves. */
	CHECK_INT(spark_render(v, 5, 2, out, sizeof out), 2);
	CHECK_STR(out, B1 B8);
	CHECK_INT(spark_render(c, 3, 10, out, sizeof out), 3);
	CHECK_STR(out, B4 B4 B4);
	CHECK_INT(spark_render(g, 3, 10, out, sizeof out), 3);
	CHECK_STR(out, B1 " " B8);
	CHECK_INT(spark_render(all_nan, 2, 10, out, sizeof out), 2);
	CHECK_STR(out, "  ");
	/* Only whole cells fit: 7 bytes hold two cells and the NUL. */
	CHECK_INT(spark_render(c, 3, 10, out, 7), 2);
	CHECK_STR(out, B4 B4);
	CHECK_INT(spark_render(c, 3, 10, out, 3), 0);
	CHECK_STR(out, "");
	CHECK_INT(spark_render(c, 3, 10, out, 0), 0);
}

int
main(void)
{
	test_render();
	return unit_done();
}
