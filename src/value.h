/*
 * Numeric values out of payloads, for sparklines and plots.
 *
 * A path chooses the number:
 *   ""  or "."         the payload itself: a number written as text
 *                      ("21.5", " -3 ", "1e3"), or a JSON number, string
 *                      holding a number, or true/false
 *   .name              member "name" of an object (name: any bytes but
 *                      . [ ] " and space; use ["..."] for the others)
 *   ["na.me"]          member with any name (\" and \\ escape)
 *   [N]                element N (from 0) of an array
 * Steps chain: .sensors[0].t, .a.b, ["x y"][2]. A field that is a JSON
 * number, a string holding a number, or true/false (1/0) is a value.
 */
#ifndef VALUE_H
#define VALUE_H
#include <stddef.h>

/* Longest path accepted, and the text kept for display. */
#define VALUE_PATH_MAX	256
#define VALUE_TEXT_MAX	64

struct value {
	double	num;			/* for plotting and scaling */
	char	text[VALUE_TEXT_MAX];	/* as written (or shortest exact) */
};

/* 0 when the path is well formed, else -1 with *err (one line). */
int	value_path_check(const char *, char **);
/*
 * The value the path chooses in payload[0..len): 0, or -1 with *err
 * saying why (not JSON, no such field, not a number). err may be NULL.
 */
int	value_get(const void *, size_t, const char *, struct value *, char **);
/*
 * The path of the first numeric field of a JSON payload (depth first, in
 * document order), "" for a payload that is a number itself, or NULL
 * when there is none. Allocated.
 */
char	*value_first_path(const void *, size_t);
/* 1 when s[0..len) is a number as text (strict, whitespace around). */
int	value_is_number(const char *, size_t);
#endif
