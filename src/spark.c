#include <math.h>
#include <string.h>

#include "spark.h"

static const char *spark_levels[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};

size_t
spark_render(const double *v, size_t n, int width, char *out, size_t outsz)
{
	double		 lo = INFINITY, hi = -INFINITY;
	size_t		 i, first, cells = 0, o = 0;
	const char	*c;
	int		 level;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (n == 0 || width <= 0)
		return 0;
	first = n > (size_t)width ? n - (size_t)width : 0;
	for (i = first; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	for (i = first; i < n; i++) {
		if (isnan(v[i]))
			c = " ";
		else {
			/* A constant (or infinite) spread draws mid-height. */
			if (!(hi > lo) || !isfinite(hi - lo))
				level = 3;
			else
				level = (int)((v[i] - lo) / (hi - lo) * 7 +
				    0.5);
			if (level < 0)
				level = 0;
			if (level > 7)
				level = 7;
			c = spark_levels[level];
		}
		if (o + strlen(c) + 1 > outsz)
			break;
		memcpy(out + o, c, strlen(c));
		o += strlen(c);
		cells++;
	}
	out[o] = '\0';
	return cells;
}
