/* Payload and message formatters; they write into buffers, never stdout. */
#ifndef FMT_H
#define FMT_H
#include <stddef.h>

#include "buf.h"

struct msg;

/* The value of a hex digit, -1 when c is not one. */
int	fmt_hexdigit(int);
/* 1 when the bytes are valid UTF-8 with no NUL. */
int	fmt_is_utf8(const void *, size_t);
/* Bytes of the valid UTF-8 sequence (not NUL) at the start, or 0. */
size_t	fmt_utf8_seq(const void *, size_t);
void	fmt_hex(struct buf *, const void *, size_t, int);

/* fmt_template's flags. */
#define FMT_ESCAPES	0x1	/* \n \t \e ... in the template */
#define FMT_PRETTY	0x2	/* %j and %J indented (--pretty) */
/*
 * mosquitto_sub's -F template (the grammar of 2.0 and 2.1), plus %c for
 * the connection name. Appends to the buffer (no trailing newline); a
 * field that cannot be printed (%J of a payload that is not JSON, %f of
 * one that is not 4 bytes) prints nothing and, when err is not NULL,
 * appends one line saying why to err.
 */
void	fmt_template(struct buf *, const char *, const struct msg *, int,
	    struct buf *);
/* 0 when the template is valid, else -1 and *err (caller frees). */
int	fmt_template_check(const char *, int, char **);
#endif
