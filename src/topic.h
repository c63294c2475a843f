/* MQTT topic names and filters. */
#ifndef TOPIC_H
#define TOPIC_H
#include <stddef.h>

/* 0 when valid, else -1 and *why names the problem (static string). */
int	topic_check_name(const char *, size_t, const char **);
int	topic_check_filter(const char *, size_t, const char **);
/*
 * 1 when topic matches filter (MQTT rules, $-topics not by wildcards). A
 * shared subscription's filter, $share/GROUP/FILTER, matches as FILTER.
 */
int	topic_match(const char *, const char *);
/* The filter a shared subscription's messages match: past $share/GROUP/. */
const char *topic_unshare(const char *);
#endif
