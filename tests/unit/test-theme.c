#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "theme.h"
#include "unit.h"

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

int
main(void)
{
	test_names();
	test_shipped();
	test_errors();
	test_values();
	test_resolve();
	return unit_done();
}
