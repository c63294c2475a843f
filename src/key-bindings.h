/*
 * Keys bound to command strings, each with a note for the help screen, in
 * one table per mode (tmux's -T): "main" for the panes, and one for each
 * kind of window (form, composer, pager, ...). A key the window's table
 * does not bind goes to the window itself, as an editing key.
 */
#ifndef KEY_BINDINGS_H
#define KEY_BINDINGS_H

struct key_binding {
	int	 key;
	char	*command;
	char	*note;
};

/* A part of a window's foot: the keys of commands, then a label. */
struct key_hint {
	/* "mode up|mode down": each one's first key; NULL: label alone. */
	const char	*commands;
	const char	*label;
	/* 0 always shown; the highest go first when the line is narrow. */
	int		 level;
};

void	key_bindings_init(void);
void	key_bindings_free(void);
/* Is this the name of a mode? */
int	key_bindings_mode(const char *);
/* The mode names, "main, form, ...", for errors. */
const char *key_bindings_modes(void);
/* What the mode's window is ("the composer"), for messages. */
const char *key_bindings_what(const char *);
/* A mode whose table is looked up after this one's, or NULL. */
const char *key_bindings_parent(const char *);
/* What keys do that the mode's table does not bind (lines), or NULL. */
const char *key_bindings_editing(const char *);
/* The command bound to a key in a mode (or its parent), or NULL. */
const char *key_bindings_find(const char *, int);
/*
 * Bind (or, with a NULL command, unbind) a key in a mode; -1 if there is
 * no such mode.
 */
int	key_bindings_set(const char *, int, const char *, const char *);
/* The i-th binding of a mode's own table, or NULL past the end. */
const struct key_binding *key_bindings_get(const char *, int);
/* The first key bound to exactly this command in a mode, or KEYC_NONE. */
int	key_bindings_key(const char *, const char *);
/*
 * A window's foot from its table: "C-s send · Esc close", as many parts
 * as fit in width columns (the level-0 ones whatever). Heap.
 */
char	*key_bindings_hint(const char *, const struct key_hint *, int);
#endif
