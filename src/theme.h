/*
 * Colour slots, mapped by a theme file to curses attributes. The slot list
 * is one X-macro so the enum and the names cannot drift apart. This header
 * is for the files that draw; the commands use theme-use.h.
 */
#ifndef THEME_H
#define THEME_H
#include <curses.h>

#define THEME_SLOTS \
	X(TEXT, "text") \
	X(BORDER, "border") \
	X(BORDER_FOCUS, "border-focus") \
	X(TITLE, "title") \
	X(SELECTION, "selection") \
	X(SELECTION_INACTIVE, "selection-inactive") \
	X(STATUS, "status") \
	X(STATUS_ERROR, "status-error") \
	X(CONN_CONNECTED, "conn-connected") \
	X(CONN_CONNECTING, "conn-connecting") \
	X(CONN_OFFLINE, "conn-offline") \
	X(CONN_ERROR, "conn-error") \
	X(BUBBLE_IN, "bubble-in") \
	X(BUBBLE_OUT, "bubble-out") \
	X(TOPIC, "topic") \
	X(META, "meta") \
	X(RETAINED_BADGE, "retained-badge") \
	X(JSON_KEY, "json-key") \
	X(JSON_STRING, "json-string") \
	X(JSON_NUMBER, "json-number") \
	X(JSON_LITERAL, "json-literal") \
	X(HEX, "hex") \
	X(ERROR, "error") \
	X(PROMPT, "prompt") \
	X(SUB0, "sub-palette-0") \
	X(SUB1, "sub-palette-1") \
	X(SUB2, "sub-palette-2") \
	X(SUB3, "sub-palette-3") \
	X(SUB4, "sub-palette-4") \
	X(SUB5, "sub-palette-5") \
	X(SUB6, "sub-palette-6") \
	X(SUB7, "sub-palette-7")

enum theme_slot {
#define X(id, name) THEME_##id,
	THEME_SLOTS
#undef X
	THEME_NSLOTS
};
#define THEME_SUB_COLOURS	8

/*
 * One slot as the file gave it: colours -1 (default) or 0-255, each with
 * the fallback for terminals of fewer than 256 colours (-1 or 0-15, or
 * THEME_NONE: the nearest basic colour).
 */
struct theme_entry {
	int	fg;
	int	bg;
	int	fg_fallback;
	int	bg_fallback;
	int	attrs;		/* THEME_A_* */
	int	set;
};
#define THEME_NONE		-2
#define THEME_A_BOLD		0x1
#define THEME_A_DIM		0x2
#define THEME_A_UNDERLINE	0x4
#define THEME_A_REVERSE		0x8
#define THEME_A_ITALIC		0x10

/*
 * A slot as drawn at a colour depth: colours -1 (the terminal's own) or
 * below the depth, and THEME_A_* attributes.
 */
struct theme_look {
	int	fg;
	int	bg;
	int	attrs;
};

const char	*theme_slot_name(enum theme_slot);
/*
 * Parse theme text into entries (pure: no curses calls). 0, or -1 with
 * *err naming the line and the problem; entries are left untouched then.
 */
int		 theme_parse(const char *, struct theme_entry *, char **);
/* Fill entries with the built-in theme (themes/default.theme's slots). */
void		 theme_defaults(struct theme_entry *);
/*
 * How each slot looks with 256, 16 or 8 colours, or 0 for none (pure):
 * "default" takes the text slot's colour, a 256-colour value its
 * fallback or the nearest basic colour, and with no colours every slot
 * gets the attributes that keep it apart.
 */
void		 theme_resolve(const struct theme_entry *, int,
		     struct theme_look *);
/* The red, green and blue of colour 0-255 in xterm's palette. */
void		 theme_rgb(int, int [3]);
/*
 * After initscr: the colour depth from the terminal (NO_COLOR or too few
 * colours: none) and the theme in use (the default one if none was
 * chosen yet) made into colour pairs. A bad default.theme: *err set and
 * the built-in defaults used.
 */
void		 theme_init(char **);
attr_t		 theme_attr(enum theme_slot);
/* Attribute of subscription palette colour n (wraps). */
attr_t		 theme_sub_attr(int);
#endif
