/*
 * The key tables and their default bindings. Every key runs a command
 * string through the same command table as the ':' prompt; {conn}, {sub}
 * and {msg} stand for the selected connection, subscription and message.
 * A window's own actions are "mode ACTION" (cmd-keys.c), so they can be
 * bound like anything else; the keys that edit a field's text are not in
 * the tables: the window gets those that its table does not bind.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "key-bindings.h"
#include "keys.h"
#include "sanitize.h"
#include "xmalloc.h"

struct key_table {
	const char		*name;
	const char		*parent;
	const char		*what;
	const char		*editing;
	struct key_binding	*v;
	int			 n;
};

/* A key bound in a table comes before its use in a field. */
#define KEY_BINDINGS_FIRST \
	"\nA key bound above wins over its editing use (bind -T MODE KEY\n" \
	"with no command gives it back)."
#define KEY_BINDINGS_TEXT \
	"characters, Left Right Home End C-a C-e C-b C-f, BSpace C-h DC,\n" \
	"  C-u (to the start) C-k (to the end) C-w (the word before)"

static struct key_table key_bindings_tables[] = {
	{ "main", NULL, "the main screen", NULL, NULL, 0 },
	{ "form", NULL, "the connection form",
	    "Editing keys, for the focused field:\n"
	    "  text: " KEY_BINDINGS_TEXT ";\n"
	    "  the first key typed replaces a selected value\n"
	    "  toggle or choice: Space Right (next), Left (previous), or the\n"
	    "  choice's own character (will QoS 0 1 2, MQTT version 5)\n"
	    "  button: Space presses it\n"
	    "While the form asks 'reconnect now to apply?': y now, n at the\n"
	    "next connect, C-c (or the cancel action) back to the form."
	    KEY_BINDINGS_FIRST,
	    NULL, 0 },
	{ "subscribe", NULL, "the subscribe form",
	    "Editing keys, for the focused field:\n"
	    "  topic, id, alias: " KEY_BINDINGS_TEXT "\n"
	    "  QoS, retain handling, colour: 0-9, Space Right, Left\n"
	    "  no local, retain as published: Space Left Right\n"
	    "  button: Space subscribes" KEY_BINDINGS_FIRST,
	    NULL, 0 },
	{ "composer", NULL, "the composer",
	    "Editing keys, for the focused field:\n"
	    "  topic: " KEY_BINDINGS_TEXT ";\n"
	    "  Up/Down walk the history, Enter goes to the payload\n"
	    "  QoS: 0 1 2, Space Right, Left; Enter/Down next, Up previous\n"
	    "  retain: Space Left Right; Enter/Down next, Up previous\n"
	    "  payload: " KEY_BINDINGS_TEXT ";\n"
	    "  Up/Down move between lines, Enter (or C-j) is a new line"
	    KEY_BINDINGS_FIRST,
	    NULL, 0 },
	{ "prompt", NULL, "the prompt",
	    "Editing keys: " KEY_BINDINGS_TEXT KEY_BINDINGS_FIRST,
	    NULL, 0 },
	{ "confirm", NULL, "the question",
	    "Other keys do nothing: the question waits for an answer.",
	    NULL, 0 },
	{ "find", NULL, "type to find",
	    "Editing keys: " KEY_BINDINGS_TEXT ";\n"
	    "  each change finds (or filters) again" KEY_BINDINGS_FIRST,
	    NULL, 0 },
	{ "pager", NULL, "the pager",
	    "No editing keys: another key says it is not bound.",
	    NULL, 0 },
	{ "results", NULL, "search results",
	    "Moving through the hits shows each one in the message view.",
	    NULL, 0 },
	{ "detail", "pager", "the message detail",
	    "Keys not bound here are looked up in the pager's table.",
	    NULL, 0 },
	{ "plot", NULL, "the plot",
	    "No editing keys: another key says it is not bound.",
	    NULL, 0 },
	{ "demo", "main", "the guided demo",
	    "Keys not bound here are the main screen's.",
	    NULL, 0 },
	{ "tree", NULL, "the topic tree",
	    "No editing keys: another key says it is not bound.",
	    NULL, 0 },
};
#define KEY_BINDINGS_NTABLES \
	(sizeof key_bindings_tables / sizeof key_bindings_tables[0])

static const struct {
	const char	*mode;
	const char	*key;
	const char	*command;
	const char	*note;
} key_bindings_default[] = {
	{ "main", "Tab", "pane next", "next pane" },
	{ "main", "BTab", "pane prev", "previous pane" },
	{ "main", "Left", "pane prev", "previous pane" },
	{ "main", "Right", "pane next", "next pane" },
	{ "main", "h", "pane prev", "previous pane" },
	{ "main", "l", "pane next", "next pane" },
	{ "main", "Up", "cursor up", "move up" },
	{ "main", "k", "cursor up", "move up" },
	{ "main", "Down", "cursor down", "move down" },
	{ "main", "j", "cursor down", "move down" },
	{ "main", "PPage", "cursor page-up", "page up" },
	{ "main", "NPage", "cursor page-down", "page down" },
	{ "main", "Home", "cursor top", "first row / oldest message" },
	{ "main", "g", "cursor top", "first row / oldest message" },
	{ "main", "End", "cursor bottom", "last row / follow new messages" },
	{ "main", "G", "cursor bottom", "last row / follow new messages" },
	{ "main", "Enter", "open", "open: connect / filter / detail" },
	{ "main", "n", "form new", "new connection profile" },
	{ "main", "e", "form edit {conn}",
	    "edit the profile / save a connection" },
	{ "main", "y", "form duplicate {conn}",
	    "duplicate the selected profile" },
	{ "main", "D", "delete --confirm {conn}",
	    "delete the profile (asks first)" },
	{ "main", "c", "toggle {conn}", "connect or disconnect" },
	{ "main", "x", "drop -t {conn}",
	    "drop: lose the link, the will fires" },
	{ "main", "X", "close {conn}", "close a connection without a profile" },
	{ "main", "o", "offline-toggle -t {conn}",
	    "offline (session kept) / back online" },
	{ "main", "s", "sub-form -t {conn}",
	    "subscribe (form: topic, QoS, options)" },
	{ "main", "Space", "sub-toggle -t {conn} {sub}",
	    "enable or disable a subscription" },
	{ "main", "U", "unsubscribe --confirm -t {conn} {sub}",
	    "unsubscribe and forget (asks first)" },
	{ "main", "p", "compose {conn}", "publish (composer)" },
	{ "main", "i", "compose {conn}", "publish (composer)" },
	{ "main", "/", "filter -e", "filter messages by text (Esc clears)" },
	{ "main", "f", "find", "find a row by its text" },
	{ "main", "S", "prompt search 'search -t {conn} %%'",
	    "search the connection's history for text" },
	{ "main", "t", "tree -t {conn}", "topic tree of the connection" },
	{ "main", "I", "info {conn}", "connection detail, CONNACK" },
	{ "main", ":", "prompt", "command prompt" },
	{ "main", "P", "plot -t {conn} -m {msg}",
	    "plot the selected message's topic" },
	{ "main", "?", "keys", "this help" },
	{ "main", "C-l", "redraw", "redraw the screen" },
	{ "main", "q", "quit --confirm",
	    "quit (asks when connections are live)" },
	{ "main", "C-c", "quit --confirm",
	    "quit (asks when connections are live)" },

	/* The first key of an action is the one the window's foot shows. */
	{ "form", "Down", "mode next", "next field" },
	{ "form", "Tab", "mode next", "next field" },
	{ "form", "Up", "mode prev", "previous field" },
	{ "form", "BTab", "mode prev", "previous field" },
	{ "form", "NPage", "mode section-next",
	    "next section, round to the top" },
	{ "form", "PPage", "mode section-prev",
	    "this or the previous section" },
	{ "form", "Enter", "mode activate",
	    "press the button, else next field" },
	{ "form", "C-g", "mode client-id", "make a client id" },
	{ "form", "C-p", "mode show-password", "show or hide the password" },
	{ "form", "C-s", "mode save", "save" },
	{ "form", "C-o", "mode save-connect", "save and connect" },
	{ "form", "Escape", "mode cancel", "cancel; when asked, back" },
	{ "form", "F1", "keys form", "the form's keys" },

	{ "subscribe", "Tab", "mode complete",
	    "complete the topic, else next field" },
	{ "subscribe", "Down", "mode next", "next field" },
	{ "subscribe", "Up", "mode prev", "previous field" },
	{ "subscribe", "BTab", "mode prev", "previous field" },
	{ "subscribe", "Enter", "mode subscribe", "subscribe" },
	{ "subscribe", "C-s", "mode subscribe", "subscribe" },
	{ "subscribe", "Escape", "mode cancel", "cancel" },
	{ "subscribe", "C-c", "mode cancel", "cancel" },
	{ "subscribe", "F1", "keys subscribe", "the subscribe form's keys" },

	{ "composer", "C-s", "mode send", "send; the composer stays open" },
	{ "composer", "M-Enter", "mode send", "send; the composer stays open" },
	{ "composer", "Tab", "mode next-field", "next field" },
	{ "composer", "BTab", "mode prev-field", "previous field" },
	{ "composer", "C-r", "mode retain", "retain on or off" },
	{ "composer", "C-p", "mode history-prev", "an older message sent" },
	{ "composer", "C-n", "mode history-next",
	    "a newer message sent, then the draft" },
	{ "composer", "Escape", "mode close", "close; an unsent draft stays" },
	{ "composer", "F1", "keys composer", "the composer's keys" },

	{ "prompt", "Enter", "mode run", "run the line" },
	{ "prompt", "Tab", "mode complete",
	    "complete a command, name or topic; again: the next" },
	{ "prompt", "Up", "mode history-prev", "the line entered before" },
	{ "prompt", "Down", "mode history-next", "the line entered after" },
	{ "prompt", "Escape", "mode cancel", "cancel" },
	{ "prompt", "C-c", "mode cancel", "cancel" },
	{ "prompt", "F1", "keys prompt", "the prompt's keys" },

	{ "results", "Down", "mode down", "next hit (older)" },
	{ "results", "j", "mode down", "next hit (older)" },
	{ "results", "n", "mode down", "next hit (older)" },
	{ "results", "Up", "mode up", "previous hit (newer)" },
	{ "results", "k", "mode up", "previous hit (newer)" },
	{ "results", "N", "mode up", "previous hit (newer)" },
	{ "results", "PageDown", "mode page-down", "a page down" },
	{ "results", "PageUp", "mode page-up", "a page up" },
	{ "results", "g", "mode top", "the newest hit" },
	{ "results", "G", "mode bottom", "the oldest hit read" },
	{ "results", "Enter", "mode open", "the hit in full" },
	{ "results", "Escape", "mode close", "close" },
	{ "results", "q", "mode close", "close" },
	{ "results", "F1", "keys results", "these keys" },
	{ "confirm", "y", "mode yes", "yes: go ahead" },
	{ "confirm", "Y", "mode yes", "yes: go ahead" },
	{ "confirm", "n", "mode no", "no: cancel" },
	{ "confirm", "N", "mode no", "no: cancel" },
	{ "confirm", "Escape", "mode no", "no: cancel" },
	{ "confirm", "q", "mode no", "no: cancel" },
	{ "confirm", "C-c", "mode no", "no: cancel" },
	{ "confirm", "?", "keys confirm", "the question's keys" },
	{ "confirm", "F1", "keys confirm", "the question's keys" },

	{ "find", "Up", "mode prev", "the match before" },
	{ "find", "C-p", "mode prev", "the match before" },
	{ "find", "Down", "mode next", "the next match" },
	{ "find", "C-n", "mode next", "the next match" },
	{ "find", "Enter", "mode done",
	    "end, keeping what is found or filtered" },
	{ "find", "Escape", "mode cancel", "end; a filter is cleared" },
	{ "find", "C-c", "mode cancel", "end; a filter is cleared" },
	{ "find", "F1", "keys find", "type to find's keys" },

	{ "pager", "Up", "mode up", "scroll up" },
	{ "pager", "k", "mode up", "scroll up" },
	{ "pager", "Down", "mode down", "scroll down" },
	{ "pager", "j", "mode down", "scroll down" },
	{ "pager", "PPage", "mode page-up", "page up" },
	{ "pager", "NPage", "mode page-down", "page down" },
	{ "pager", "Space", "mode page-down", "page down" },
	{ "pager", "Home", "mode top", "the top" },
	{ "pager", "g", "mode top", "the top" },
	{ "pager", "End", "mode bottom", "the end" },
	{ "pager", "G", "mode bottom", "the end" },
	{ "pager", "/", "mode find", "find a line as it is typed" },
	{ "pager", "Escape", "mode close", "close" },
	{ "pager", "q", "mode close", "close" },
	{ "pager", "Enter", "mode close", "close" },
	{ "pager", "?", "keys pager", "the pager's keys" },
	{ "pager", "F1", "keys pager", "the pager's keys" },

	{ "detail", "Tab", "mode format",
	    "the payload as text, JSON, hex, base64, then as decoded" },
	{ "detail", "d", "mode diff",
	    "changes since the message before on the same topic" },
	{ "detail", "y", "mode copy",
	    "copy the payload as shown, with OSC 52" },
	{ "detail", "?", "keys detail", "the message detail's keys" },
	{ "detail", "F1", "keys detail", "the message detail's keys" },

	{ "plot", "1", "mode window-1m", "window: the last minute" },
	{ "plot", "2", "mode window-10m", "window: the last 10 minutes" },
	{ "plot", "3", "mode window-1h", "window: the last hour" },
	{ "plot", "0", "mode window-all", "window: all of the history" },
	{ "plot", "Escape", "mode close", "close" },
	{ "plot", "q", "mode close", "close" },
	{ "plot", "?", "keys plot", "the plot's keys" },
	{ "plot", "F1", "keys plot", "the plot's keys" },
	{ "demo", "Enter", "demo next", "run the next step" },
	{ "demo", "Space", "demo next", "run the next step" },
	{ "demo", "Escape", "demo stop", "end the demo, stop its sensors" },
	{ "demo", "F1", "keys demo", "the demo's keys" },
	{ "tree", "Up", "mode up", "move up" },
	{ "tree", "k", "mode up", "move up" },
	{ "tree", "Down", "mode down", "move down" },
	{ "tree", "j", "mode down", "move down" },
	{ "tree", "PPage", "mode page-up", "page up" },
	{ "tree", "NPage", "mode page-down", "page down" },
	{ "tree", "Home", "mode top", "the first row" },
	{ "tree", "g", "mode top", "the first row" },
	{ "tree", "End", "mode bottom", "the last row" },
	{ "tree", "G", "mode bottom", "the last row" },
	{ "tree", "Right", "mode expand", "expand the node (open: into it)" },
	{ "tree", "l", "mode expand", "expand the node (open: into it)" },
	{ "tree", "Left", "mode collapse", "collapse, or go to the parent" },
	{ "tree", "h", "mode collapse", "collapse, or go to the parent" },
	{ "tree", "Enter", "mode open",
	    "expand or collapse; a leaf: its last message" },
	{ "tree", "*", "mode expand-all", "expand everything under the node" },
	{ "tree", "E", "mode expand-all", "expand everything under the node" },
	{ "tree", "f", "mode find", "find a node as it is typed" },
	{ "tree", "/", "mode find", "find a node as it is typed" },
	{ "tree", "R", "clear-retained -t {conn} {node}",
	    "clear the retained messages under the node (asks first)" },
	{ "tree", ":", "prompt", "command prompt" },
	{ "tree", "Escape", "mode close", "close" },
	{ "tree", "q", "mode close", "close" },
	{ "tree", "?", "keys tree", "the tree's keys" },
	{ "tree", "F1", "keys tree", "the tree's keys" },
};

static char	*key_bindings_names;

static struct key_table *
key_bindings_table(const char *mode)
{
	size_t	i;

	for (i = 0; mode != NULL && i < KEY_BINDINGS_NTABLES; i++) {
		if (strcmp(key_bindings_tables[i].name, mode) == 0)
			return &key_bindings_tables[i];
	}
	return NULL;
}

void
key_bindings_init(void)
{
	size_t	i;

	for (i = 0; i < sizeof key_bindings_default /
	    sizeof key_bindings_default[0]; i++)
		key_bindings_set(key_bindings_default[i].mode,
		    keys_parse(key_bindings_default[i].key),
		    key_bindings_default[i].command,
		    key_bindings_default[i].note);
}

void
key_bindings_free(void)
{
	struct key_table	*t;
	size_t			 i;
	int			 j;

	for (i = 0; i < KEY_BINDINGS_NTABLES; i++) {
		t = &key_bindings_tables[i];
		for (j = 0; j < t->n; j++) {
			free(t->v[j].command);
			free(t->v[j].note);
		}
		free(t->v);
		t->v = NULL;
		t->n = 0;
	}
	free(key_bindings_names);
	key_bindings_names = NULL;
}

int
key_bindings_mode(const char *mode)
{
	return key_bindings_table(mode) != NULL;
}

const char *
key_bindings_modes(void)
{
	struct buf	b;
	size_t		i;

	if (key_bindings_names != NULL)
		return key_bindings_names;
	buf_init(&b);
	for (i = 0; i < KEY_BINDINGS_NTABLES; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, key_bindings_tables[i].name);
	}
	key_bindings_names = xstrdup(buf_str(&b));
	buf_free(&b);
	return key_bindings_names;
}

const char *
key_bindings_what(const char *mode)
{
	struct key_table	*t = key_bindings_table(mode);

	return t != NULL ? t->what : "no window";
}

const char *
key_bindings_parent(const char *mode)
{
	struct key_table	*t = key_bindings_table(mode);

	return t != NULL ? t->parent : NULL;
}

const char *
key_bindings_editing(const char *mode)
{
	struct key_table	*t = key_bindings_table(mode);

	return t != NULL ? t->editing : NULL;
}

static struct key_binding *
key_bindings_slot(struct key_table *t, int key)
{
	int	i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].key == key)
			return &t->v[i];
	}
	return NULL;
}

const char *
key_bindings_find(const char *mode, int key)
{
	struct key_table	*t;
	struct key_binding	*kb;

	for (t = key_bindings_table(mode); t != NULL;
	    t = key_bindings_table(t->parent)) {
		if ((kb = key_bindings_slot(t, key)) != NULL)
			return kb->command;
	}
	return NULL;
}

int
key_bindings_set(const char *mode, int key, const char *command,
    const char *note)
{
	struct key_table	*t = key_bindings_table(mode);
	struct key_binding	*kb;

	if (t == NULL)
		return -1;
	if (key == KEYC_NONE)
		return 0;
	kb = key_bindings_slot(t, key);
	if (command == NULL) {
		if (kb != NULL) {
			free(kb->command);
			free(kb->note);
			/* Shift, not swap: the order is the help's order. */
			memmove(kb, kb + 1, (t->n - (kb - t->v) - 1) *
			    sizeof *kb);
			t->n--;
		}
		return 0;
	}
	if (kb == NULL) {
		t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
		kb = &t->v[t->n++];
		kb->key = key;
	} else {
		free(kb->command);
		free(kb->note);
	}
	kb->command = xstrdup(command);
	kb->note = xstrdup(note != NULL ? note : command);
	return 0;
}

const struct key_binding *
key_bindings_get(const char *mode, int i)
{
	struct key_table	*t = key_bindings_table(mode);

	return t != NULL && i >= 0 && i < t->n ? &t->v[i] : NULL;
}

int
key_bindings_key(const char *mode, const char *command)
{
	struct key_table	*t;
	int			 i;

	for (t = key_bindings_table(mode); t != NULL;
	    t = key_bindings_table(t->parent)) {
		for (i = 0; i < t->n; i++) {
			/* Shadowed by the child's own binding of that key. */
			if (t != key_bindings_table(mode) &&
			    key_bindings_slot(key_bindings_table(mode),
			    t->v[i].key) != NULL)
				continue;
			if (strcmp(t->v[i].command, command) == 0)
				return t->v[i].key;
		}
	}
	return KEYC_NONE;
}

static int
key_bindings_arrow(int key)
{
	return key == KEYC_UP || key == KEYC_DOWN || key == KEYC_LEFT ||
	    key == KEYC_RIGHT;
}

/* A key as a window's foot names it: short, arrows as arrows. */
static void
key_bindings_hint_key(struct buf *b, int key)
{
	char	name[32];

	switch (key) {
	case KEYC_UP:
		buf_adds(b, "↑");
		return;
	case KEYC_DOWN:
		buf_adds(b, "↓");
		return;
	case KEYC_LEFT:
		buf_adds(b, "←");
		return;
	case KEYC_RIGHT:
		buf_adds(b, "→");
		return;
	case KEYC_ESC:
		buf_adds(b, "Esc");
		return;
	case KEYC_PPAGE:
		buf_adds(b, "PgUp");
		return;
	case KEYC_NPAGE:
		buf_adds(b, "PgDn");
		return;
	}
	buf_adds(b, keys_name(key, name));
}

/* One part: "↑↓ PgUp/PgDn scroll"; 0 when none of its keys is bound. */
static int
key_bindings_hint_part(struct buf *b, const char *mode,
    const struct key_hint *h)
{
	const char	*p, *end;
	char		*cmd;
	int		 key, last = KEYC_NONE, any = 0;

	if (h->commands == NULL) {
		buf_adds(b, h->label);
		return 1;
	}
	for (p = h->commands; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = strchr(p, '|');
		if (end == NULL)
			end = p + strlen(p);
		cmd = xstrndup(p, end - p);
		key = key_bindings_key(mode, cmd);
		free(cmd);
		if (key == KEYC_NONE)
			continue;
		/* "↑↓", "↑↓ PgUp", "PgUp/PgDn". */
		if (any && !(key_bindings_arrow(last) &&
		    key_bindings_arrow(key)))
			buf_adds(b, key_bindings_arrow(last) ? " " : "/");
		key_bindings_hint_key(b, key);
		last = key;
		any = 1;
	}
	if (any && *h->label != '\0') {
		buf_addc(b, ' ');
		buf_adds(b, h->label);
	}
	return any;
}

static char *
key_bindings_hint_at(const char *mode, const struct key_hint *h, int level)
{
	struct buf	 b, part;
	char		*s;

	buf_init(&b);
	buf_init(&part);
	for (; h->label != NULL; h++) {
		if (h->level > level)
			continue;
		buf_reset(&part);
		if (!key_bindings_hint_part(&part, mode, h))
			continue;
		if (b.len > 0)
			buf_adds(&b, " · ");
		buf_add(&b, part.p, part.len);
	}
	s = xstrdup(buf_str(&b));
	buf_free(&part);
	buf_free(&b);
	return s;
}

char *
key_bindings_hint(const char *mode, const struct key_hint *h, int width)
{
	const struct key_hint	*p;
	char			*s;
	int			 level = 0;

	for (p = h; p->label != NULL; p++) {
		if (p->level > level)
			level = p->level;
	}
	for (;; level--) {
		s = key_bindings_hint_at(mode, h, level);
		if (level == 0 || sanitize_width(s, strlen(s)) <= width)
			return s;
		free(s);
	}
}
