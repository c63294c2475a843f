#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "theme.h"
#include "unit.h"

/* The shipped theme, found through automake's srcdir (tests run elsewhere). */
static char *
read_shipped(void)
{
	const char	*srcdir = getenv("srcdir");
	char		 path[4096], chunk[4096], *s;
	struct buf	 b;
	FILE		*f;
	size_t		 n;

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(path, sizeof path, "%s/themes/default.theme", srcdir);
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

	CHECK((text = read_shipped()) != NULL);
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
	check_entry(&e[THEME_BORDER], -1, -1, 0);
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
	    "topic 9 10", e, &err), 0);
	CHECK(err == NULL);
	check_entry(&e[THEME_META], 0, 255, 0);
	check_entry(&e[THEME_HEX], 17, 15, THEME_A_UNDERLINE|THEME_A_ITALIC|
	    THEME_A_DIM|THEME_A_REVERSE|THEME_A_BOLD);
	check_entry(&e[THEME_ERROR], 8, 9, 0);
	check_entry(&e[THEME_TOPIC], 9, 10, 0);	/* the last line wins */
	CHECK_INT(e[THEME_BORDER].set, 0);
	free(err);
}

int
main(void)
{
	test_names();
	test_shipped();
	test_errors();
	test_values();
	return unit_done();
}
