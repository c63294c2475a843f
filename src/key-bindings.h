/* Keys bound to command strings, each with a note for the help screen. */
#ifndef KEY_BINDINGS_H
#define KEY_BINDINGS_H

struct key_binding {
	int	 key;
	char	*command;
	char	*note;
};

void	key_bindings_init(void);
void	key_bindings_free(void);
/* The command bound to a key, or NULL. */
const char *key_bindings_find(int);
/* Bind (or, with a NULL command, unbind) a key. */
void	key_bindings_set(int, const char *, const char *);
const struct key_binding *key_bindings_get(int);
#endif
