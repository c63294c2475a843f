/*
 * The default bindings. Every key runs a command string through the same
 * command table as the ':' prompt; {conn}, {sub} and {msg} stand for the
 * selected connection, subscription and message.
 */
#include <stdlib.h>
#include <string.h>

#include "key-bindings.h"
#include "keys.h"
#include "xmalloc.h"

static const struct {
	const char	*key;
	const char	*command;
	const char	*note;
} key_bindings_default[] = {
	{ "Tab", "pane next", "next pane" },
	{ "BTab", "pane prev", "previous pane" },
	{ "Left", "pane prev", "previous pane" },
	{ "Right", "pane next", "next pane" },
	{ "h", "pane prev", "previous pane" },
	{ "l", "pane next", "next pane" },
	{ "Up", "cursor up", "move up" },
	{ "k", "cursor up", "move up" },
	{ "Down", "cursor down", "move down" },
	{ "j", "cursor down", "move down" },
	{ "PPage", "cursor page-up", "page up" },
	{ "NPage", "cursor page-down", "page down" },
	{ "Home", "cursor top", "first row / oldest message" },
	{ "g", "cursor top", "first row / oldest message" },
	{ "End", "cursor bottom", "last row / follow new messages" },
	{ "G", "cursor bottom", "last row / follow new messages" },
	{ "Enter", "open", "open: connect / filter / detail" },
	{ "n", "form new", "new connection profile" },
	{ "e", "form edit {conn}", "edit the profile / save a connection" },
	{ "y", "form duplicate {conn}", "duplicate the selected profile" },
	{ "D", "delete --confirm {conn}", "delete the profile (asks first)" },
	{ "c", "toggle {conn}", "connect or disconnect" },
	{ "x", "drop -t {conn}", "drop: lose the link, the will fires" },
	{ "X", "close {conn}", "close a connection without a profile" },
	{ "s", "sub-form -t {conn}", "subscribe (form: topic, QoS, options)" },
	{ "Space", "sub-toggle -t {conn} {sub}",
	    "enable or disable a subscription" },
	{ "U", "confirm \"unsubscribe {sub}?\" \"unsubscribe -t {conn} {sub}\"",
	    "unsubscribe and forget (asks first)" },
	{ "p", "compose {conn}", "publish (composer)" },
	{ "i", "compose {conn}", "publish (composer)" },
	{ "/", "filter -e", "filter messages by text (Esc clears)" },
	{ "f", "find", "find a row by its text" },
	{ ":", "prompt", "command prompt" },
	{ "?", "keys", "this help" },
	{ "C-l", "redraw", "redraw the screen" },
	{ "q", "quit --confirm", "quit (asks when connections are live)" },
	{ "C-c", "quit --confirm", "quit (asks when connections are live)" },
};

static struct key_binding	*key_bindings_v;
static int			 key_bindings_n;

void
key_bindings_init(void)
{
	size_t	i;

	for (i = 0; i < sizeof key_bindings_default /
	    sizeof key_bindings_default[0]; i++)
		key_bindings_set(keys_parse(key_bindings_default[i].key),
		    key_bindings_default[i].command,
		    key_bindings_default[i].note);
}

void
key_bindings_free(void)
{
	int	i;

	for (i = 0; i < key_bindings_n; i++) {
		free(key_bindings_v[i].command);
		free(key_bindings_v[i].note);
	}
	free(key_bindings_v);
	key_bindings_v = NULL;
	key_bindings_n = 0;
}

static struct key_binding *
key_bindings_slot(int key)
{
	int	i;

	for (i = 0; i < key_bindings_n; i++) {
		if (key_bindings_v[i].key == key)
			return &key_bindings_v[i];
	}
	return NULL;
}

const char *
key_bindings_find(int key)
{
	struct key_binding	*kb = key_bindings_slot(key);

	return kb != NULL ? kb->command : NULL;
}

void
key_bindings_set(int key, const char *command, const char *note)
{
	struct key_binding	*kb = key_bindings_slot(key);

	if (key == KEYC_NONE)
		return;
	if (command == NULL) {
		if (kb != NULL) {
			free(kb->command);
			free(kb->note);
			*kb = key_bindings_v[--key_bindings_n];
		}
		return;
	}
	if (kb == NULL) {
		key_bindings_v = xrealloc(key_bindings_v,
		    (key_bindings_n + 1) * sizeof *key_bindings_v);
		kb = &key_bindings_v[key_bindings_n++];
		kb->key = key;
	} else {
		free(kb->command);
		free(kb->note);
	}
	kb->command = xstrdup(command);
	kb->note = xstrdup(note != NULL ? note : command);
}


const struct key_binding *
key_bindings_get(int i)
{
	return i >= 0 && i < key_bindings_n ? &key_bindings_v[i] : NULL;
}
