/* A growable byte buffer. */
#ifndef BUF_H
#define BUF_H
#include <stddef.h>

struct buf {
	char	*p;		/* always NUL-terminated when len > 0 */
	size_t	 len;
	size_t	 cap;
};

void	buf_init(struct buf *);
void	buf_free(struct buf *);
void	buf_reset(struct buf *);
void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addc(struct buf *, char);
void	buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty). */
const char *buf_str(struct buf *);
#endif
