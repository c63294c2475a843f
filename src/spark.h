/*
 * Sparklines: a row of block characters (U+2581..U+2588), one a value.
 */
#ifndef SPARK_H
#define SPARK_H
#include <stddef.h>

/* Bytes of one cell in UTF-8 (every block character is 3 bytes). */
#define SPARK_CELL_BYTES	3

/*
 * Render the last min(n, width) values of v[0..n) as that many cells,
 * scaled from their min (▁) to their max (█). A constant series draws
 * mid-height (▄); a NaN draws a space (a gap). Writes a NUL-terminated
 * UTF-8 string into out (whole cells only, as many as fit in outsz) and
 * returns the number of cells written; 0 (and "") when n or width is 0.
 */
size_t	spark_render(const double *, size_t, int, char *, size_t);
#endif
