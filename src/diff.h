/*
 * What changed between two payloads, as lines to show. JSON (both sides
 * valid JSON): the leaves that changed, were added or were removed, by
 * path (.a.b[2]), with old -> new values exactly as written. Text: a line
 * diff with a little context. Anything else: the hex rows that differ.
 * Pure: no curses, no store; the texts are raw (sanitize them to draw).
 */
#ifndef DIFF_H
#define DIFF_H
#include <stddef.h>

enum diff_op {
	DIFF_SAME,		/* context */
	DIFF_ADD,		/* "+ " only in the new payload */
	DIFF_DEL,		/* "- " only in the old one */
	DIFF_CHANGE,		/* "~ " a JSON value, old → new */
	DIFF_NOTE,		/* a summary or "…" */
};

struct diff_line {
	enum diff_op	 op;
	char		*text;
};

enum diff_kind { DIFF_JSON, DIFF_TEXT, DIFF_BYTES };

struct diff {
	struct diff_line	*v;
	size_t			 n;
	enum diff_kind		 kind;
	size_t			 changes;	/* lines other than SAME, NOTE */
};

/* Lines of context kept around a change in a text diff. */
#define DIFF_CONTEXT	2
/* Lines of a diff at most (a note says what was left out). */
#define DIFF_MAX_LINES	5000

/* The difference from old (a) to new (b). */
void	diff_make(struct diff *, const char *, size_t, const char *, size_t);
void	diff_free(struct diff *);
#endif
