/*
 * A payload as the few lines of a message bubble: text wrapped at spaces,
 * JSON pretty-printed from its bytes (numbers and strings as written),
 * anything else in hex; cut at a number of lines with "… N more bytes",
 * N counted in the payload's own bytes. Lines are safe to draw.
 */
#ifndef FMT_FOLD_H
#define FMT_FOLD_H
#include <stddef.h>

enum fmt_fold_kind {
	FMT_FOLD_TEXT,
	FMT_FOLD_JSON,
	FMT_FOLD_HEX,
	FMT_FOLD_NOTE,		/* "(empty)", "… N more bytes" */
	FMT_FOLD_ERROR,		/* why a view could not decode it */
};

struct fmt_fold_line {
	char			*text;
	enum fmt_fold_kind	 kind;
};

struct fmt_fold {
	struct fmt_fold_line	*v;
	int			 n;
	int			 width;		/* widest line, columns */
};

/*
 * The first len bytes of a payload of total bytes, in lines at most cols
 * columns wide, at most maxlines of them (the note included).
 */
void	fmt_fold(struct fmt_fold *, const char *, size_t, size_t, int, int);
/* The same in a kind asked for: text (even if not UTF-8) or hex. */
enum fmt_fold_as { FMT_FOLD_AS_AUTO, FMT_FOLD_AS_TEXT, FMT_FOLD_AS_HEX };
void	fmt_fold_as(struct fmt_fold *, enum fmt_fold_as, const char *, size_t,
	    size_t, int, int);
/* A line before the others (an error, a note), cut to cols columns. */
void	fmt_fold_prepend(struct fmt_fold *, const char *, enum fmt_fold_kind,
	    int);
void	fmt_fold_free(struct fmt_fold *);
#endif
