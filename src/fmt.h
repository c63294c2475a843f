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
/*
 * mosquitto_sub's -F template: %t %p %x %X %j %J %l %m %q %r %I %U %C %D %E
 * %F %P %R %S %%, plus %c for the connection name; @ strftime fields; \
 * escapes. Appends to the buffer (no trailing newline).
 */
void	fmt_template(struct buf *, const char *, const struct msg *, int);
#endif
