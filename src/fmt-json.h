/*
 * JSON pretty-printed straight from its text, a byte at a time: no tree,
 * no copy, numbers and strings exactly as written (never through a
 * double). The position is a small struct that can be saved and resumed,
 * so a view can start printing anywhere it has been before.
 */
#ifndef FMT_JSON_H
#define FMT_JSON_H
#include <stddef.h>

/* Deeper nesting than this is not pretty-printed (cJSON's limit too). */
#define FMT_JSON_DEPTH	1000

/*
 * 1 when s[0..len) is one JSON value (RFC 8259) with only whitespace around
 * it and nested no deeper than FMT_JSON_DEPTH; allocates nothing.
 */
int	fmt_json_valid(const char *, size_t);

struct fmt_json {
	size_t		 off;		/* next byte of the text */
	const char	*lit;		/* literal still to give, or NULL */
	int		 spaces;	/* indentation still to give */
	int		 depth;
	int		 state;
	int		 key;		/* the string being given is a key */
};

/* Start at the beginning of a valid text. */
void	fmt_json_start(struct fmt_json *);
/*
 * The next byte of the pretty text (two spaces a level, "key": value,
 * empty {} and [] on one line, no newline at the end), or -1 at its end.
 * The text must have passed fmt_json_valid.
 */
int	fmt_json_getc(struct fmt_json *, const char *, size_t);
#endif
