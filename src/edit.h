/* A text being edited: one line (prompt, fields) or several (payload). */
#ifndef EDIT_H
#define EDIT_H
#include <stddef.h>

#include "buf.h"

struct edit {
	struct buf	 text;		/* UTF-8 */
	size_t		 cur;		/* byte offset of the cursor */
	int		 multiline;
	int		 goal;		/* column Up/Down aim for, -1 if none */
};

enum edit_result {
	EDIT_IGNORED,		/* not an editing key: the caller may use it */
	EDIT_CHANGED,
	EDIT_MOVED,
};

void		 edit_init(struct edit *, int);
void		 edit_free(struct edit *);
void		 edit_set(struct edit *, const char *);
const char	*edit_text(struct edit *);
/*
 * Apply a key (keys.h): printable code points insert; Left/Right/Home/End,
 * C-a C-e C-b C-f, Backspace, Delete, C-u (to start), C-k (to end), C-w
 * (word back); in multiline mode Up/Down move between lines and Enter is
 * NOT handled (the caller decides: C-j or M-Enter inserts "\n" through
 * edit_insert).
 */
enum edit_result edit_key(struct edit *, int);
void		 edit_insert(struct edit *, const char *);
/* Line and column (in display columns) of the cursor, for drawing. */
void		 edit_cursor(struct edit *, int *, int *);
#endif
