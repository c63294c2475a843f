/*
 * Connection events in history: connected, back online, disconnected,
 * offline, dropped, and how many messages a kept session held. They are
 * rows of dir MSG_EVENT (see msg.h) that the message view shows inline.
 */
#ifndef CONNLOG_H
#define CONNLOG_H
#include <stddef.h>

#include "buf.h"

/* Write connection events to the store from now on. */
void	connlog_init(void);
/* The words for an event row's payload (JSON), appended to a buffer. */
void	connlog_text(struct buf *, const void *, size_t);
/* The same as a string the caller frees. */
char	*connlog_words(const void *, size_t);
#endif
