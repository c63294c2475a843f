/*
 * Search criteria over the stored history: the flags `search` (and later
 * `export`) take, and the check of one stored message against them. The
 * store picks the rows to look at (full-text index, topic index, id range
 * of a time range); every criterion is checked here on each candidate.
 */
#ifndef SEARCH_H
#define SEARCH_H
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct search_query {
	char		*conn;		/* -t NAME, NULL: all */
	char		*topic;		/* --topic FILTER */
	char		*text;		/* --text TEXT (payload or topic) */
	char		*regex;		/* --regex RE (payload or topic) */
	char		*jq;		/* --jq PROGRAM (JSON payloads) */
	/* Runs jq (set by whoever links libjq): 1 a truthy result. */
	int		(*jq_match)(const char *, const void *, size_t);
	void		*re;		/* compiled regex */
	void		*md;		/* its match data */
	int64_t		 since_ms;	/* --since, 0: none */
	int64_t		 until_ms;	/* --until, 0: none */
	int		 dir;		/* --dir: -1 any, MSG_IN, MSG_OUT */
	int		 retained;	/* --retained: 1 */
	int		 qos;		/* --qos, -1: any */
	char		*prop_key;	/* --prop KEY=VALUE */
	char		*prop_value;
	long		 limit;		/* -n, 0: no limit */
	int		 limit_set;	/* -n was given */
	int		 asc;		/* oldest first (export) */
	char		*out;		/* export -o FILE */
	int		 format;	/* export --format: SEARCH_FORMAT_* */
};

enum { SEARCH_FORMAT_JSONL, SEARCH_FORMAT_CSV, SEARCH_FORMAT_MQTTX };

/* Default -n of search. */
#define SEARCH_LIMIT	50

void	search_init(struct search_query *);
void	search_free(struct search_query *);
/*
 * Parse the flags in argv[1..] into q (now_ms anchors relative times);
 * for export (last but one argument) also -o FILE and --format, oldest
 * first and no limit by default. 0, or -1 with *err (allocated) naming
 * the problem. Leaves no operands.
 */
int	search_parse(struct search_query *, int, char **, int64_t, int,
	    char **);
/*
 * A time: relative to now ("90s", "10m", "2h", "3d", "1w", back from
 * now), an ISO 8601 local date/time ("2026-11-29T03:00", seconds and a
 * trailing "Z" or "+HH:MM" optional, or a date alone), or ms since the
 * epoch ("@1764385200000"). 0, or -1 with *why (static).
 */
int	search_parse_time(const char *, int64_t, int64_t *, const char **);
/* 1 when the message meets every criterion. */
int	search_match(const struct search_query *, const struct msg *);
/* Case-insensitive (ASCII) substring test over bytes. */
int	search_contains(const void *, size_t, const char *);
#endif
