/*
 * Bytes to text that is safe to show: nothing that reaches the terminal can
 * be a control sequence, and nothing can hide or reorder text. Printable
 * UTF-8 is kept; C0 controls and DEL become visible escapes like \e \a
 * \x7f; C1 controls and the characters that draw nothing or change the
 * direction of text become <U+XXXX> (<U+009B>, <U+200B>, <U+202E>);
 * invalid UTF-8 bytes become \xNN. No curses here.
 */
#ifndef SANITIZE_H
#define SANITIZE_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define SANITIZE_NEWLINES	0x1	/* keep \n as a line break */
#define SANITIZE_TABS		0x2	/* \t as spaces to the next 8 */

void	sanitize(struct buf *, const void *, size_t, int);
/*
 * The character at the start of raw s[0..len) as sanitize(..., 0) shows
 * it: its columns, and its length in bytes in *n (0 when len is 0).
 */
int	sanitize_cell(const char *, size_t, size_t *);
/* Display columns of sanitized UTF-8 text (wide characters count 2). */
int	sanitize_width(const char *, size_t);
/*
 * Bytes of the longest prefix of s[0..len) that fits in cols columns,
 * never splitting a character; *used gets its width (may be NULL).
 */
size_t	sanitize_fit(const char *, size_t, int, int *);
/*
 * Bytes in the character at the start of s[0..len): a whole valid UTF-8
 * sequence, or 1 for a byte that is not part of one (sanitize shows such
 * bytes alone as \xNN); 0 when len is 0.
 */
size_t	sanitize_charlen(const char *, size_t);
/* A code point above ASCII shown as an escape: C1, hidden, bidi. */
int	sanitize_hidden_cp(uint32_t);
#endif
