#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curses.h>

#include "buf.h"
#include "theme.h"
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

static attr_t	theme_attrs[THEME_NSLOTS];

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

static int
theme_parse_line(char *line, long lineno, struct theme_entry *entries,
    char **err)
{
	char			*w[16];
	int			 n, i, slot, flag, fg, bg, attrs = 0;
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
	if ((fg = theme_colour(w[1])) == -2) {
		*err = xasprintf("line %ld: bad colour '%s'", lineno, w[1]);
		return -1;
	}
	if ((bg = theme_colour(w[2])) == -2) {
		*err = xasprintf("line %ld: bad colour '%s'", lineno, w[2]);
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

/* Read a whole file; 0, 1 if it does not exist, or -1 with *err set. */
static int
theme_read(const char *path, struct buf *b, char **err)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static char *
theme_user_path(void)
{
	const char	*v = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct passwd	*pw;

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/mqtty/themes/default.theme", v);
	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL)
		return NULL;
	return xasprintf("%s/.config/mqtty/themes/default.theme", home);
}

/*
 * Load the first theme file found over the built-in entries, so a file
 * that leaves out slots still gets defaults for them.
 */
static void
theme_load(struct theme_entry *entries, char **err)
{
	char		*paths[2], *perr;
	struct buf	 b;
	int		 i, rc;

	theme_defaults(entries);
	paths[0] = theme_user_path();
	paths[1] = xstrdup(MQTTY_DATADIR "/themes/default.theme");
	buf_init(&b);
	for (i = 0; i < 2; i++) {
		if (paths[i] == NULL)
			continue;
		buf_reset(&b);
		if ((rc = theme_read(paths[i], &b, err)) == 1)
			continue;
		if (rc == 0 && theme_parse(buf_str(&b), entries, &perr) != 0) {
			*err = xasprintf("%s: %s", paths[i], perr);
			free(perr);
		}
		break;
	}
	buf_free(&b);
	free(paths[0]);
	free(paths[1]);
}

/* Monochrome: enough attributes that selections and states still show. */
static attr_t
theme_mono(enum theme_slot slot)
{
	switch (slot) {
	case THEME_SELECTION:
	case THEME_STATUS:
	case THEME_RETAINED_BADGE:
		return A_REVERSE;
	case THEME_STATUS_ERROR:
		return A_REVERSE|A_BOLD;
	case THEME_SELECTION_INACTIVE:
		return A_UNDERLINE;
	case THEME_BORDER_FOCUS:
	case THEME_TITLE:
	case THEME_TOPIC:
	case THEME_ERROR:
	case THEME_CONN_CONNECTED:
	case THEME_CONN_ERROR:
	case THEME_PROMPT:
		return A_BOLD;
	case THEME_META:
	case THEME_CONN_OFFLINE:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* Nearest of the 16 basic colours to a 256-colour index. */
static int
theme_fold16(int c)
{
	int	rgb[3], i, j, d, best = 0, bestd = -1;

	if (c < 16)
		return c;
	if (c >= 232) {
		rgb[0] = rgb[1] = rgb[2] = 8 + (c - 232) * 10;
	} else {
		c -= 16;
		rgb[0] = theme_cube[c / 36];
		rgb[1] = theme_cube[(c / 6) % 6];
		rgb[2] = theme_cube[c % 6];
	}
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

/* Fit a colour to the terminal; bright foregrounds on 8 colours go bold. */
static int
theme_fold(int c, int dflt, attr_t *bold)
{
	if (c < 0)
		return dflt;
	if (COLORS < 256)
		c = theme_fold16(c);
	if (COLORS < 16 && c >= 8) {
		c -= 8;
		if (bold != NULL)
			*bold = A_BOLD;
	}
	if (c >= COLORS)
		return dflt;
	return c;
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

void
theme_init(char **err)
{
	struct theme_entry	 entries[THEME_NSLOTS];
	const char		*nc = getenv("NO_COLOR");
	int			 i, fg, bg, dfg = -1, dbg = -1;
	attr_t			 bold;

	*err = NULL;
	theme_load(entries, err);

	/* Pairs are numbered 1..N; too few of them is as good as none. */
	if ((nc != NULL && *nc != '\0') || !has_colors() ||
	    start_color() == ERR || COLOR_PAIRS <= THEME_NSLOTS) {
		for (i = 0; i < THEME_NSLOTS; i++)
			theme_attrs[i] = theme_mono(i);
		return;
	}
	if (use_default_colors() == ERR) {
		/* No way to say "the terminal's own": guess white on black. */
		dfg = COLOR_WHITE;
		dbg = COLOR_BLACK;
	}
	for (i = 0; i < THEME_NSLOTS; i++) {
		bold = A_NORMAL;
		fg = theme_fold(entries[i].fg, dfg, &bold);
		bg = theme_fold(entries[i].bg, dbg, NULL);
		init_pair(i + 1, fg, bg);
		theme_attrs[i] = COLOR_PAIR(i + 1) | bold |
		    theme_curses_attrs(entries[i].attrs);
	}
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
