/*
 * Themes: the slot lines of a theme file, how a slot looks at the
 * terminal's colour depth, and the colour pairs of the theme in use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "theme.h"
#include "theme-dir.h"
#include "theme-use.h"
#include "xmalloc.h"

static const char *theme_names[] = {
#define X(id, name) name,
	THEME_SLOTS
#undef X
};

static const char *theme_colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	int		 flag;
} theme_attr_names[] = {
	{ "bold", THEME_A_BOLD },
	{ "dim", THEME_A_DIM },
	{ "underline", THEME_A_UNDERLINE },
	{ "reverse", THEME_A_REVERSE },
	{ "italic", THEME_A_ITALIC },
};

/*
 * The built-in theme: the slot lines of themes/default.theme, so the
 * program looks right with nothing installed. test-theme checks that the
 * two agree.
 */
static const char theme_builtin[] =
	"text			default		default\n"
	"border			default		default\n"
	"border-focus		cyan		default		bold\n"
	"title			default		default		bold\n"
	"selection		black		cyan\n"
	"selection-inactive	default		default		reverse\n"
	"status			black		white\n"
	"status-error		bright-white	red		bold\n"
	"conn-connected		green		default		bold\n"
	"conn-connecting		yellow		default\n"
	"conn-offline		bright-black	default\n"
	"conn-error		red		default		bold\n"
	"bubble-in		default		default\n"
	"bubble-out		cyan		default\n"
	"topic			blue		default		bold\n"
	"meta			bright-black	default\n"
	"retained-badge		black		yellow\n"
	"json-key		blue		default\n"
	"json-string		green		default\n"
	"json-number		magenta		default\n"
	"json-literal		yellow		default\n"
	"hex			bright-black	default\n"
	"error			red		default		bold\n"
	"prompt			default		default		bold\n"
	"sub-palette-0		cyan		default\n"
	"sub-palette-1		magenta		default\n"
	"sub-palette-2		green		default\n"
	"sub-palette-3		yellow		default\n"
	"sub-palette-4		blue		default\n"
	"sub-palette-5		red		default\n"
	"sub-palette-6		bright-cyan	default\n"
	"sub-palette-7		bright-magenta	default\n";

/* The xterm palette, for folding 256 colours to the nearest of 16. */
static const unsigned char theme_rgb16[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0xcd, 0x00, 0x00 }, { 0x00, 0xcd, 0x00 },
	{ 0xcd, 0xcd, 0x00 }, { 0x00, 0x00, 0xee }, { 0xcd, 0x00, 0xcd },
	{ 0x00, 0xcd, 0xcd }, { 0xe5, 0xe5, 0xe5 }, { 0x7f, 0x7f, 0x7f },
	{ 0xff, 0x00, 0x00 }, { 0x00, 0xff, 0x00 }, { 0xff, 0xff, 0x00 },
	{ 0x5c, 0x5c, 0xff }, { 0xff, 0x00, 0xff }, { 0x00, 0xff, 0xff },
	{ 0xff, 0xff, 0xff }
};
static const unsigned char theme_cube[6] = {
	0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff
};

static struct theme_entry	 theme_entries[THEME_NSLOTS];
static char			*theme_name;
static attr_t			 theme_attrs[THEME_NSLOTS];
/* 256, 16, 8 or 0 once theme_init has run; -1 before (no curses yet). */
static int			 theme_depth = -1;
static int			 theme_dfg = -1, theme_dbg = -1;

const char *
theme_slot_name(enum theme_slot slot)
{
	if ((int)slot < 0 || slot >= THEME_NSLOTS)
		return "unknown";
	return theme_names[slot];
}

static int
theme_find_slot(const char *s)
{
	int	i;

	for (i = 0; i < THEME_NSLOTS; i++) {
		if (strcasecmp(s, theme_names[i]) == 0)
			return i;
	}
	return -1;
}

/* A colour name or number: -1 for default, 0-255, or -2 if bad. */
static int
theme_colour(const char *s)
{
	const char	*p;
	int		 i, n;

	if (strcasecmp(s, "default") == 0)
		return -1;
	for (i = 0; i < 8; i++) {
		if (strcasecmp(s, theme_colour_names[i]) == 0)
			return i;
	}
	if (strncasecmp(s, "bright-", 7) == 0) {
		for (i = 0; i < 8; i++) {
			if (strcasecmp(s + 7, theme_colour_names[i]) == 0)
				return i + 8;
		}
		return -2;
	}
	/* At most three digits keeps the number from overflowing. */
	if (*s == '\0' || strlen(s) > 3)
		return -2;
	n = 0;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -2;
		n = n * 10 + (*p - '0');
	}
	return n > 255 ? -2 : n;
}

static int
theme_attr_flag(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof theme_attr_names / sizeof theme_attr_names[0];
	    i++) {
		if (strcasecmp(s, theme_attr_names[i].name) == 0)
			return theme_attr_names[i].flag;
	}
	return 0;
}

/* Split a line in place on blanks; returns the word count (at most max). */
static int
theme_split(char *line, char **words, int max)
{
	char	*s = line;
	int	 n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0')
			break;
		if (n == max)
			return max + 1;
		words[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

/*
 * COLOUR or COLOUR/FALLBACK: the fallback, for terminals of fewer than
 * 256 colours, must be one of those they have. 0, or -1 with *err.
 */
static int
theme_colour_spec(char *s, int *c, int *fallback, long lineno, char **err)
{
	char	*slash;

	*fallback = THEME_NONE;
	if ((slash = strchr(s, '/')) != NULL) {
		*slash++ = '\0';
		*fallback = theme_colour(slash);
		if (*fallback == -2 || *fallback > 15) {
			*err = xasprintf("line %ld: bad fallback '%s' in "
			    "'%s/%s': default or one of the 16 basic colours",
			    lineno, slash, s, slash);
			return -1;
		}
	}
	if ((*c = theme_colour(s)) == -2) {
		*err = xasprintf("line %ld: bad colour '%s'", lineno, s);
		return -1;
	}
	return 0;
}

static int
theme_parse_line(char *line, long lineno, struct theme_entry *entries,
    char **err)
{
	char			*w[16];
	int			 n, i, slot, flag, attrs = 0;
	int			 fg, bg, fgf, bgf;
	struct theme_entry	*e;

	n = theme_split(line, w, (int)(sizeof w / sizeof w[0]));
	if (n == 0 || w[0][0] == '#')
		return 0;
	if ((slot = theme_find_slot(w[0])) == -1) {
		*err = xasprintf("line %ld: unknown slot '%s'", lineno, w[0]);
		return -1;
	}
	if (n < 3) {
		*err = xasprintf("line %ld: needs SLOT FG BG", lineno);
		return -1;
	}
	if (n > (int)(sizeof w / sizeof w[0])) {
		*err = xasprintf("line %ld: too many attributes", lineno);
		return -1;
	}
	if (theme_colour_spec(w[1], &fg, &fgf, lineno, err) != 0 ||
	    theme_colour_spec(w[2], &bg, &bgf, lineno, err) != 0)
		return -1;
	/* The text colours are the screen's background: colours only. */
	if (slot == THEME_TEXT && n > 3) {
		*err = xasprintf("line %ld: text takes no attributes (it is "
		    "the colour of plain text)", lineno);
		return -1;
	}
	for (i = 3; i < n; i++) {
		if ((flag = theme_attr_flag(w[i])) == 0) {
			*err = xasprintf("line %ld: unknown attribute '%s'",
			    lineno, w[i]);
			return -1;
		}
		attrs |= flag;
	}
	e = &entries[slot];
	e->fg = fg;
	e->bg = bg;
	e->fg_fallback = fgf;
	e->bg_fallback = bgf;
	e->attrs = attrs;
	e->set = 1;
	return 0;
}

int
theme_parse(const char *text, struct theme_entry *entries, char **err)
{
	struct theme_entry	 copy[THEME_NSLOTS];
	char			*dup, *line, *next;
	long			 lineno = 0;
	int			 rc = 0;

	*err = NULL;
	memcpy(copy, entries, sizeof copy);
	dup = xstrdup(text);
	for (line = dup; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (theme_parse_line(line, lineno, copy, err) != 0) {
			rc = -1;
			break;
		}
	}
	free(dup);
	if (rc == 0)
		memcpy(entries, copy, sizeof copy);
	return rc;
}

void
theme_defaults(struct theme_entry *entries)
{
	char	*err = NULL;

	memset(entries, 0, THEME_NSLOTS * sizeof *entries);
	if (theme_parse(theme_builtin, entries, &err) != 0)
		abort();	/* our own text: a bug, not a user error */
}

/* Without colours: enough attributes that selections and states show. */
static int
theme_mono(enum theme_slot slot)
{
	switch (slot) {
	case THEME_SELECTION:
	case THEME_STATUS:
	case THEME_RETAINED_BADGE:
		return THEME_A_REVERSE;
	case THEME_STATUS_ERROR:
		return THEME_A_REVERSE|THEME_A_BOLD;
	case THEME_SELECTION_INACTIVE:
		return THEME_A_UNDERLINE;
	case THEME_ERROR:
	case THEME_CONN_ERROR:
		return THEME_A_BOLD|THEME_A_UNDERLINE;
	case THEME_BORDER_FOCUS:
	case THEME_TITLE:
	case THEME_TOPIC:
	case THEME_CONN_CONNECTED:
	case THEME_PROMPT:
		return THEME_A_BOLD;
	case THEME_META:
	case THEME_CONN_OFFLINE:
		return THEME_A_DIM;
	default:
		return 0;
	}
}

void
theme_rgb(int c, int rgb[3])
{
	int	i;

	if (c < 0 || c > 255)
		c = 0;
	if (c < 16) {
		for (i = 0; i < 3; i++)
			rgb[i] = theme_rgb16[c][i];
	} else if (c >= 232)
		rgb[0] = rgb[1] = rgb[2] = 8 + (c - 232) * 10;
	else {
		c -= 16;
		rgb[0] = theme_cube[c / 36];
		rgb[1] = theme_cube[(c / 6) % 6];
		rgb[2] = theme_cube[c % 6];
	}
}

/* Nearest of the 16 basic colours to a 256-colour index. */
static int
theme_nearest16(int c)
{
	int	rgb[3], i, j, d, best = 0, bestd = -1;

	if (c < 16)
		return c;
	theme_rgb(c, rgb);
	for (i = 0; i < 16; i++) {
		d = 0;
		for (j = 0; j < 3; j++)
			d += (rgb[j] - theme_rgb16[i][j]) *
			    (rgb[j] - theme_rgb16[i][j]);
		if (bestd == -1 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* A colour at 256 or 16 colours: as given, its fallback, or the nearest. */
static int
theme_fold(int c, int fallback, int depth)
{
	if (c < 0 || depth >= 256)
		return c;
	if (fallback != THEME_NONE)
		return fallback;
	return theme_nearest16(c);
}

/* One slot: "default" is the text slot's colour, tl the text's look. */
static void
theme_resolve_slot(const struct theme_entry *e,
    const struct theme_entry *text, const struct theme_look *tl, int depth,
    int is_text, struct theme_look *l)
{
	int	fg = e->fg, fgf = e->fg_fallback;
	int	bg = e->bg, bgf = e->bg_fallback;

	if (fg == -1 && !is_text) {
		fg = text->fg;
		fgf = text->fg_fallback;
	}
	if (bg == -1 && !is_text) {
		bg = text->bg;
		bgf = text->bg_fallback;
	}
	l->fg = theme_fold(fg, fgf, depth);
	l->bg = theme_fold(bg, bgf, depth);
	l->attrs = e->attrs;
	if (depth != 8)
		return;
	/*
	 * Eight colours: a bright foreground is its colour in bold, as
	 * terminals have long shown it. Bold black, though, vanishes on
	 * the many dark terminals that no longer brighten bold, so grey
	 * text is drawn dim in the text colour instead.
	 */
	if (l->fg == 8 && !is_text) {
		l->fg = tl->fg;
		l->attrs |= THEME_A_DIM;
	} else if (l->fg >= 8) {
		l->fg -= 8;
		if (!is_text)
			l->attrs |= THEME_A_BOLD;
	}
	if (l->bg >= 8)
		l->bg -= 8;
}

void
theme_resolve(const struct theme_entry *entries, int depth,
    struct theme_look *looks)
{
	const struct theme_entry	*text = &entries[THEME_TEXT];
	int				 i;

	if (depth <= 0) {
		for (i = 0; i < THEME_NSLOTS; i++) {
			looks[i].fg = looks[i].bg = -1;
			looks[i].attrs = entries[i].attrs | theme_mono(i);
		}
		return;
	}
	if (depth > 256)
		depth = 256;
	theme_resolve_slot(text, text, NULL, depth, 1, &looks[THEME_TEXT]);
	for (i = 0; i < THEME_NSLOTS; i++) {
		if (i != THEME_TEXT)
			theme_resolve_slot(&entries[i], text,
			    &looks[THEME_TEXT], depth, 0, &looks[i]);
	}
}

static attr_t
theme_curses_attrs(int attrs)
{
	attr_t	a = A_NORMAL;

	if (attrs & THEME_A_BOLD)
		a |= A_BOLD;
	if (attrs & THEME_A_DIM)
		a |= A_DIM;
	if (attrs & THEME_A_UNDERLINE)
		a |= A_UNDERLINE;
	if (attrs & THEME_A_REVERSE)
		a |= A_REVERSE;
#ifdef A_ITALIC
	if (attrs & THEME_A_ITALIC)
		a |= A_ITALIC;
#endif
	return a;
}

/*
 * The theme in use made into pairs 1..N. Plain text (A_NORMAL, pair 0)
 * takes the text slot's colours from the background, as do the blanks
 * that erase() leaves.
 */
static void
theme_apply(void)
{
	struct theme_look	looks[THEME_NSLOTS];
	int			i, fg, bg;

	theme_resolve(theme_entries, theme_depth, looks);
	for (i = 0; i < THEME_NSLOTS; i++) {
		theme_attrs[i] = theme_curses_attrs(looks[i].attrs);
		if (theme_depth == 0)
			continue;
		fg = looks[i].fg == -1 ? theme_dfg : looks[i].fg;
		bg = looks[i].bg == -1 ? theme_dbg : looks[i].bg;
		init_pair(i + 1, fg, bg);
		theme_attrs[i] |= COLOR_PAIR(i + 1);
	}
	bkgd(' ' | (theme_attrs[THEME_TEXT] & A_COLOR));
}

int
theme_use(const char *name, char **err)
{
	struct theme_entry	 e[THEME_NSLOTS];
	char			*path, *text, *perr, *where;
	int			 rc;

	*err = NULL;
	theme_defaults(e);
	if ((rc = theme_dir_find(name, &path, err)) == -1)
		return -1;
	if (rc == 1 && strcmp(name, "default") != 0) {
		where = theme_dir_where();
		*err = xasprintf("no theme '%s' (no %s.theme in %s)", name,
		    name, where);
		free(where);
		return -1;
	}
	/* Over the built-in slots, so a file may leave some out. */
	if (rc == 0) {
		if ((text = theme_dir_read(path, err)) == NULL) {
			free(path);
			return -1;
		}
		rc = theme_parse(text, e, &perr);
		free(text);
		if (rc != 0) {
			*err = xasprintf("%s: %s", path, perr);
			free(perr);
			free(path);
			return -1;
		}
		free(path);
	}
	memcpy(theme_entries, e, sizeof theme_entries);
	free(theme_name);
	theme_name = xstrdup(name);
	if (theme_depth != -1)
		theme_apply();
	return 0;
}

const char *
theme_in_use(void)
{
	return theme_name != NULL ? theme_name : "default";
}

void
theme_init(char **err)
{
	const char	*nc = getenv("NO_COLOR");

	*err = NULL;
	if (theme_name == NULL && theme_use("default", err) != 0) {
		theme_defaults(theme_entries);
		theme_name = xstrdup("default");
	}
	/* Pairs are numbered 1..N; too few of them is as good as none. */
	if ((nc != NULL && *nc != '\0') || !has_colors() ||
	    start_color() == ERR || COLOR_PAIRS <= THEME_NSLOTS || COLORS < 8)
		theme_depth = 0;
	else {
		if (use_default_colors() == ERR) {
			/* No "the terminal's own": guess white on black. */
			theme_dfg = COLOR_WHITE;
			theme_dbg = COLOR_BLACK;
		}
		theme_depth = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : 8;
	}
	theme_apply();
}

attr_t
theme_attr(enum theme_slot slot)
{
	if ((int)slot < 0 || slot >= THEME_NSLOTS)
		return A_NORMAL;
	return theme_attrs[slot];
}

attr_t
theme_sub_attr(int n)
{
	n %= THEME_SUB_COLOURS;
	if (n < 0)
		n += THEME_SUB_COLOURS;
	return theme_attr(THEME_SUB0 + n);
}
