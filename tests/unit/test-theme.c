#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "theme.h"
#include "unit.h"

/* The themes every install has; any other file in themes/ is checked too. */
static const char *required[] = {
	"default", "light", "solarized-dark", "high-contrast", "mono"
};
static const int depths[] = { 256, 16, 8, 0 };
#define NDEPTHS	((int)(sizeof depths / sizeof depths[0]))

/* Below this, text is hard to read (WCAG asks 4.5 of body text). */
#define MIN_CONTRAST	3.0

/* The shipped themes, found through automake's srcdir (tests run elsewhere). */
static const char *
themes_dir(void)
{
	static char	 path[4096];
	const char	*srcdir = getenv("srcdir");

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(path, sizeof path, "%s/themes", srcdir);
	return path;
}

static char *
read_shipped(const char *name)
{
	char		 path[8192], chunk[4096], *s;
	struct buf	 b;
	FILE		*f;
	size_t		 n;

	snprintf(path, sizeof path, "%s/%.256s.theme", themes_dir(), name);
	if ((f = fopen(path, "r")) == NULL) {
		printf("cannot open %s\n", path);
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static void
check_entry(struct theme_entry *e, int fg, int bg, int attrs)
{
	CHECK_INT(e->fg, fg);
	CHECK_INT(e->bg, bg);
	CHECK_INT(e->attrs, attrs);
	CHECK_INT(e->set, 1);
}

static void
check_fallback(struct theme_entry *e, int fg, int bg)
{
	CHECK_INT(e->fg_fallback, fg);
	CHECK_INT(e->bg_fallback, bg);
}

static void
test_names(void)
{
	CHECK_STR(theme_slot_name(THEME_BORDER), "border");
	CHECK_STR(theme_slot_name(THEME_SELECTION_INACTIVE),
	    "selection-inactive");
	CHECK_STR(theme_slot_name(THEME_SUB7), "sub-palette-7");
	CHECK_INT(THEME_SUB7 - THEME_SUB0 + 1, THEME_SUB_COLOURS);
}

static void
test_shipped(void)
{
	struct theme_entry	 e[THEME_NSLOTS], d[THEME_NSLOTS];
	char			*text, *err = NULL;
	int			 i;

	CHECK((text = read_shipped("default")) != NULL);
	if (text == NULL)
		return;
	memset(e, 0, sizeof e);
	CHECK_INT(theme_parse(text, e, &err), 0);
	CHECK(err == NULL);
	free(err);
	free(text);
	for (i = 0; i < THEME_NSLOTS; i++) {
		if (!e[i].set)
			printf("slot %s not set\n", theme_slot_name(i));
		CHECK(e[i].set);
	}
	check_entry(&e[THEME_TEXT], -1, -1, 0);
	check_entry(&e[THEME_BORDER], -1, -1, 0);
	check_fallback(&e[THEME_BORDER], THEME_NONE, THEME_NONE);
	check_entry(&e[THEME_BORDER_FOCUS], 6, -1, THEME_A_BOLD);
	check_entry(&e[THEME_SELECTION], 0, 6, 0);
	check_entry(&e[THEME_SELECTION_INACTIVE], -1, -1, THEME_A_REVERSE);
	check_entry(&e[THEME_STATUS_ERROR], 15, 1, THEME_A_BOLD);
	check_entry(&e[THEME_CONN_OFFLINE], 8, -1, 0);
	check_entry(&e[THEME_RETAINED_BADGE], 0, 3, 0);
	check_entry(&e[THEME_SUB7], 13, -1, 0);

	/* The built-in copy must match the shipped file. */
	theme_defaults(d);
	CHECK(memcmp(d, e, sizeof d) == 0);
}

static void
bad(const char *text, const char *want)
{
	struct theme_entry	 e[THEME_NSLOTS], before[THEME_NSLOTS];
	char			*err = NULL;

	theme_defaults(e);
	memcpy(before, e, sizeof before);
	CHECK_INT(theme_parse(text, e, &err), -1);
	CHECK_STR(err, want);
	CHECK(memcmp(before, e, sizeof before) == 0);	/* untouched */
	free(err);
}

static void
test_errors(void)
{
	bad("bordr red default\n", "line 1: unknown slot 'bordr'");
	bad("# comment\n\n  title red pink\n",
	    "line 3: bad colour 'pink'");
	bad("title 256 default\n", "line 1: bad colour '256'");
	bad("title red -1\n", "line 1: bad colour '-1'");
	bad("title bright-pink default\n",
	    "line 1: bad colour 'bright-pink'");
	bad("title red default bold blink\n",
	    "line 1: unknown attribute 'blink'");
	bad("title red\n", "line 1: needs SLOT FG BG");
	bad("title 33/ default\n", "line 1: bad fallback '' in '33/': "
	    "default or one of the 16 basic colours");
	bad("title 33/33 default\n", "line 1: bad fallback '33' in '33/33': "
	    "default or one of the 16 basic colours");
	bad("title 33/blue/red default\n", "line 1: bad fallback 'blue/red' "
	    "in '33/blue/red': default or one of the 16 basic colours");
	bad("title pink/red default\n", "line 1: bad colour 'pink'");
	bad("title /red default\n", "line 1: bad colour ''");
	bad("text red default bold\n", "line 1: text takes no attributes "
	    "(it is the colour of plain text)");
	/* Earlier good lines are not applied either. */
	bad("title red blue\nmeta green\n", "line 2: needs SLOT FG BG");
}

static void
test_values(void)
{
	struct theme_entry	 e[THEME_NSLOTS];
	char			*err = NULL;

	memset(e, 0, sizeof e);
	CHECK_INT(theme_parse("\t# indented comment\n"
	    "meta 0 255\n"
	    "hex 17 bright-white underline italic dim reverse bold\r\n"
	    "error bright-black BRIGHT-RED\n"
	    "topic white default\n"
	    "topic 9 10\n"
	    "json-key 33/blue 234/default\n"
	    "json-string 196/15 default/black", e, &err), 0);
	CHECK(err == NULL);
	check_entry(&e[THEME_META], 0, 255, 0);
	check_entry(&e[THEME_HEX], 17, 15, THEME_A_UNDERLINE|THEME_A_ITALIC|
	    THEME_A_DIM|THEME_A_REVERSE|THEME_A_BOLD);
	check_entry(&e[THEME_ERROR], 8, 9, 0);
	check_entry(&e[THEME_TOPIC], 9, 10, 0);	/* the last line wins */
	check_fallback(&e[THEME_TOPIC], THEME_NONE, THEME_NONE);
	check_entry(&e[THEME_JSON_KEY], 33, 234, 0);
	check_fallback(&e[THEME_JSON_KEY], 4, -1);
	check_entry(&e[THEME_JSON_STRING], 196, -1, 0);
	check_fallback(&e[THEME_JSON_STRING], 15, 0);
	CHECK_INT(e[THEME_BORDER].set, 0);
	free(err);
}

static void
check_look(const struct theme_look *l, int fg, int bg, int attrs)
{
	CHECK_INT(l->fg, fg);
	CHECK_INT(l->bg, bg);
	CHECK_INT(l->attrs, attrs);
}

/* 256 colours as given, then fallbacks, nearest colours and bold. */
static void
test_resolve(void)
{
	struct theme_entry	 e[THEME_NSLOTS];
	struct theme_look	 l[THEME_NSLOTS];
	char			*err = NULL;

	theme_defaults(e);
	CHECK_INT(theme_parse("text 252/white 234\n"
	    "border default default\n"
	    "title 33/bright-blue default bold\n"
	    "topic 196 226/bright-yellow\n"
	    "meta 244 default\n"
	    "hex bright-black default\n"
	    "error 160/default 9\n", e, &err), 0);
	CHECK(err == NULL);

	theme_resolve(e, 256, l);
	check_look(&l[THEME_TEXT], 252, 234, 0);
	check_look(&l[THEME_BORDER], 252, 234, 0);	/* default: text's */
	check_look(&l[THEME_TITLE], 33, 234, THEME_A_BOLD);
	check_look(&l[THEME_TOPIC], 196, 226, 0);
	check_look(&l[THEME_ERROR], 160, 9, 0);

	/* 16: the fallbacks, else the nearest basic colour (234 is black). */
	theme_resolve(e, 16, l);
	check_look(&l[THEME_TEXT], 7, 0, 0);
	check_look(&l[THEME_BORDER], 7, 0, 0);
	check_look(&l[THEME_TITLE], 12, 0, THEME_A_BOLD);
	check_look(&l[THEME_TOPIC], 9, 11, 0);
	check_look(&l[THEME_META], 8, 0, 0);
	check_look(&l[THEME_ERROR], -1, 9, 0);

	/* 8: bright is bold in the foreground, plain in the background. */
	theme_resolve(e, 8, l);
	check_look(&l[THEME_TEXT], 7, 0, 0);
	check_look(&l[THEME_TITLE], 4, 0, THEME_A_BOLD);
	check_look(&l[THEME_TOPIC], 1, 3, THEME_A_BOLD);
	/* Grey is dim text, not bold black (invisible on dark terminals). */
	check_look(&l[THEME_META], 7, 0, THEME_A_DIM);
	check_look(&l[THEME_HEX], 7, 0, THEME_A_DIM);
	check_look(&l[THEME_ERROR], -1, 1, 0);

	/* None: attributes only, the theme's and those that set slots apart. */
	theme_resolve(e, 0, l);
	check_look(&l[THEME_TEXT], -1, -1, 0);
	check_look(&l[THEME_TITLE], -1, -1, THEME_A_BOLD);
	check_look(&l[THEME_SELECTION], -1, -1, THEME_A_REVERSE);
	check_look(&l[THEME_ERROR], -1, -1, THEME_A_BOLD|THEME_A_UNDERLINE);
	check_look(&l[THEME_META], -1, -1, THEME_A_DIM);

	/* A bright text colour on 8 is the plain one: text has no bold. */
	theme_defaults(e);
	CHECK_INT(theme_parse("text bright-white default\n", e, &err), 0);
	theme_resolve(e, 8, l);
	check_look(&l[THEME_TEXT], 7, -1, 0);
	check_look(&l[THEME_BORDER], 7, -1, THEME_A_BOLD);
	free(err);
}

static int
same_look(const struct theme_look *a, const struct theme_look *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->attrs == b->attrs;
}

static double
luminance(int c)
{
	int	rgb[3], i;
	double	v[3];

	theme_rgb(c, rgb);
	for (i = 0; i < 3; i++) {
		v[i] = rgb[i] / 255.0;
		v[i] = v[i] <= 0.03928 ? v[i] / 12.92 :
		    pow((v[i] + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* WCAG contrast of two colours in xterm's palette, 1 to 21. */
static double
contrast(int a, int b)
{
	double	la = luminance(a), lb = luminance(b), t;

	if (la < lb) {
		t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* Slot a must not look like slot b at this depth. */
static void
apart(const char *name, int depth, const struct theme_look *l,
    enum theme_slot a, enum theme_slot b)
{
	CHECK(!same_look(&l[a], &l[b]));
	if (same_look(&l[a], &l[b]))
		printf("%s at %d colours: %s looks like %s\n", name, depth,
		    theme_slot_name(a), theme_slot_name(b));
}

/*
 * Every shipped theme at every depth: selection, focus, errors and the
 * retained mark stand out from plain text, and text that has both its colours is readable in
 * xterm's palette.
 */
static void
check_theme(const char *name)
{
	struct theme_entry	 e[THEME_NSLOTS];
	struct theme_look	 l[THEME_NSLOTS];
	char			*text, *err = NULL;
	double			 c;
	int			 d, i, fg, bg;

	CHECK((text = read_shipped(name)) != NULL);
	if (text == NULL)
		return;
	memset(e, 0, sizeof e);
	CHECK_INT(theme_parse(text, e, &err), 0);
	if (err != NULL)
		printf("%s.theme: %s\n", name, err);
	free(err);
	free(text);
	for (i = 0; i < THEME_NSLOTS; i++) {
		if (!e[i].set)
			printf("%s: slot %s not set\n", name,
			    theme_slot_name(i));
		CHECK(e[i].set);
	}
	for (d = 0; d < NDEPTHS; d++) {
		theme_resolve(e, depths[d], l);
		apart(name, depths[d], l, THEME_SELECTION, THEME_TEXT);
		apart(name, depths[d], l, THEME_BORDER_FOCUS, THEME_TEXT);
		apart(name, depths[d], l, THEME_ERROR, THEME_TEXT);
		/* And what else a user must tell apart. */
		apart(name, depths[d], l, THEME_BORDER_FOCUS, THEME_BORDER);
		apart(name, depths[d], l, THEME_SELECTION_INACTIVE, THEME_TEXT);
		apart(name, depths[d], l, THEME_SELECTION,
		    THEME_SELECTION_INACTIVE);
		apart(name, depths[d], l, THEME_STATUS, THEME_TEXT);
		apart(name, depths[d], l, THEME_STATUS_ERROR, THEME_STATUS);
		/* The retained mark, in bubbles and the tree. */
		apart(name, depths[d], l, THEME_RETAINED_BADGE, THEME_TEXT);
		apart(name, depths[d], l, THEME_RETAINED_BADGE, THEME_META);
		apart(name, depths[d], l, THEME_RETAINED_BADGE,
		    THEME_BUBBLE_IN);
		apart(name, depths[d], l, THEME_RETAINED_BADGE,
		    THEME_BUBBLE_OUT);
		for (i = 0; i < THEME_NSLOTS; i++) {
			fg = l[i].fg;
			bg = l[i].bg;
			CHECK(fg < (depths[d] > 0 ? depths[d] : 0));
			CHECK(bg < (depths[d] > 0 ? depths[d] : 0));
			if (fg < 0 || bg < 0)
				continue;
			c = contrast(fg, bg);
			CHECK(c >= MIN_CONTRAST);
			if (c < MIN_CONTRAST)
				printf("%s at %d colours: %s is %d on %d, "
				    "contrast %.2f\n", name, depths[d],
				    theme_slot_name(i), fg, bg, c);
		}
	}
}

static void
test_themes(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 name[256];
	size_t		 i, len, n = 0, found = 0;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		snprintf(name, sizeof name, "%s", required[i]);
		check_theme(name);
	}
	CHECK((d = opendir(themes_dir())) != NULL);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 6 || strcmp(de->d_name + len - 6, ".theme") != 0 ||
		    len - 6 >= sizeof name)
			continue;
		n++;
		snprintf(name, sizeof name, "%.*s", (int)(len - 6),
		    de->d_name);
		for (i = 0; i < sizeof required / sizeof required[0]; i++) {
			if (strcmp(name, required[i]) == 0)
				break;
		}
		if (i < sizeof required / sizeof required[0])
			found++;
		else
			check_theme(name);	/* not checked yet */
	}
	closedir(d);
	CHECK_INT(found, sizeof required / sizeof required[0]);
	CHECK(n >= found);
}

/* mono has no colours even where the terminal has them. */
static void
test_mono(void)
{
	struct theme_entry	 e[THEME_NSLOTS];
	struct theme_look	 l[THEME_NSLOTS];
	char			*text, *err = NULL;
	int			 d, i;

	CHECK((text = read_shipped("mono")) != NULL);
	if (text == NULL)
		return;
	theme_defaults(e);
	CHECK_INT(theme_parse(text, e, &err), 0);
	free(text);
	free(err);
	for (d = 0; d < NDEPTHS; d++) {
		theme_resolve(e, depths[d], l);
		for (i = 0; i < THEME_NSLOTS; i++) {
			CHECK_INT(l[i].fg, -1);
			CHECK_INT(l[i].bg, -1);
		}
	}
}

int
main(void)
{
	test_names();
	test_shipped();
	test_errors();
	test_values();
	test_resolve();
	test_themes();
	test_mono();
	return unit_done();
}
