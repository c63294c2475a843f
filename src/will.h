/*
 * Wills of our own connections that were dropped lately: a message that
 * comes with the topic and payload of one, within its window (1.5 times
 * the dropped connection's keepalive), is marked as that will.
 */
#ifndef WILL_H
#define WILL_H
#include <stddef.h>
#include <stdint.h>

#define WILL_RING	8	/* recent wills kept: the oldest goes first */

/* A connection dropped at now (ms): its will may come within window ms. */
void		 will_note(const char *, const char *, const void *, size_t,
		     int64_t, int64_t);
/* The name of the connection whose will this is, or NULL. */
const char	*will_match(const char *, const void *, size_t, int64_t);
void		 will_clear(void);
#endif
