/*
 * The recent numbers of a topic, for the sparkline beside it (message
 * bubbles, the topic tree). One bounded read of the store per refresh
 * (the topic's newest SERIES_READ messages, through history_topic), kept
 * in a small cache: drawing costs a lookup, never a read. An entry is
 * read again only when a newer message of its topic is seen.
 *
 * The value of a message is the payload as a number, else the first
 * numeric field of the newest message's JSON (value_first_path); a
 * message without it is a gap. Only received messages count.
 */
#ifndef SERIES_H
#define SERIES_H
#include <stdint.h>

#define SERIES_READ	16	/* messages read: the sparkline's cells */
#define SERIES_CACHE	64	/* topics kept; the least used goes */

/*
 * Before a frame, for each topic shown: id is the newest message of it
 * the caller knows, with its payload (or the first bytes of it). When id
 * is newer than the cache's, the topic is read again, unless that
 * payload has no number (then it has no sparkline, and nothing is read).
 * Returns 1 when it read the store: a caller may stop after a few.
 */
int		 series_update(const char *, const char *, int64_t,
		     const void *, size_t);
/*
 * A cached topic's sparkline (UTF-8 block characters) and its cells;
 * NULL when it has fewer than 2 numbers or is not cached. Valid until
 * the next series_update.
 */
const char	*series_spark(const char *, const char *, int *);
/* The path its values are read with ("" the payload), NULL as above. */
const char	*series_path(const char *, const char *);
void		 series_free(void);
#endif
