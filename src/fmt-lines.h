/*
 * A payload as numbered lines, each made only when it is asked for, so a
 * 16 MB payload costs its one copy and little more. Hex rows and base64
 * lines come by arithmetic; text and pretty-printed JSON are wrapped to a
 * width through a sparse index of line starts (one every
 * FMT_LINES_EVERY lines), laid out only as far as has been asked.
 */
#ifndef FMT_LINES_H
#define FMT_LINES_H
#include <stddef.h>

#include "buf.h"

#define FMT_LINES_EVERY	256

/* Columns of a hex row: offset, 16 bytes in two groups of 8, ASCII. */
#define FMT_LINES_HEXROW	76

enum fmt_lines_kind {
	FMT_LINES_TEXT,		/* wrapped, at spaces where there are any */
	FMT_LINES_JSON,		/* pretty-printed (fmt_json_valid first) */
	FMT_LINES_HEX,		/* like hexdump -C, without the bars */
	FMT_LINES_BASE64,	/* 76 characters a line */
};

struct fmt_lines;

/* Lines of s[0..len), which must outlive them. */
struct fmt_lines *fmt_lines_new(const char *, size_t, enum fmt_lines_kind);
void	fmt_lines_free(struct fmt_lines *);
/*
 * Append line i, at most cols columns wide once sanitize(..., 0) has made
 * it safe (text and JSON; hex and base64 do not depend on cols) to the
 * buffer. 0, or -1 when there is no line i.
 */
int	fmt_lines_get(struct fmt_lines *, long, int, struct buf *);
/* How many lines at cols columns; lays out the whole text once a width. */
long	fmt_lines_count(struct fmt_lines *, int);
#endif
