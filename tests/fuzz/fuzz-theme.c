/*
 * The theme file parser (theme_parse; pure, no curses calls). The input
 * is the text of a theme file.
 *
 * - a refused file says "line N: ..." with N a line of the file, and
 *   leaves the entries exactly as they were;
 * - an accepted one gives colours -1..255, fallbacks -1..15 or none and
 *   known attributes only, and at each colour depth every slot resolves
 *   to colours the depth has (none at all without colours);
 *   parsing it over the built-in theme changes exactly the slots that
 *   parsing it over nothing sets, to the same values;
 * - the result written back as a theme file (numbers, "default",
 *   "/fallback") parses
 *   to the same entries.
 */
#include "buf.h"
#include "theme.h"
#include "fuzz.h"

#define ATTRS	(THEME_A_BOLD | THEME_A_DIM | THEME_A_UNDERLINE | \
		 THEME_A_REVERSE | THEME_A_ITALIC)

static const char *attr_names[] = {
	"bold", "dim", "underline", "reverse", "italic"
};

static void
write_colour(struct buf *b, int c, int fallback)
{
	if (c == -1)
		buf_adds(b, "default");
	else
		buf_addf(b, "%d", c);
	if (fallback == -1)
		buf_adds(b, "/default");
	else if (fallback != THEME_NONE)
		buf_addf(b, "/%d", fallback);
}

static void
write_back(struct buf *b, const struct theme_entry *e)
{
	int	i, k;

	for (i = 0; i < THEME_NSLOTS; i++) {
		if (!e[i].set)
			continue;
		buf_adds(b, theme_slot_name(i));
		buf_addc(b, '\t');
		write_colour(b, e[i].fg, e[i].fg_fallback);
		buf_addc(b, ' ');
		write_colour(b, e[i].bg, e[i].bg_fallback);
		for (k = 0; k < 5; k++) {
			if (e[i].attrs & (1 << k))
				buf_addf(b, " %s", attr_names[k]);
		}
		buf_addc(b, '\n');
	}
}

static int
same(const struct theme_entry *a, const struct theme_entry *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->attrs == b->attrs &&
	    a->fg_fallback == b->fg_fallback &&
	    a->bg_fallback == b->bg_fallback && a->set == b->set;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct theme_entry	 e[THEME_NSLOTS], before[THEME_NSLOTS];
	struct theme_entry	 bare[THEME_NSLOTS], back[THEME_NSLOTS];
	struct theme_look	 looks[THEME_NSLOTS];
	static const int	 depths[] = { 256, 16, 8, 0 };
	struct buf		 b;
	char			*text, *err = (char *)1, *end;
	long			 line, lines;
	size_t			 i;
	int			 s, d;

	FUZZ_CHECK(theme_slot_name(len > 0 ? (int)(int8_t)data[0] :
	    THEME_NSLOTS) != NULL);

	text = fuzz_str(data, len);
	theme_defaults(e);
	memcpy(before, e, sizeof e);
	if (theme_parse(text, e, &err) != 0) {
		FUZZ_CHECK(err != NULL && strncmp(err, "line ", 5) == 0);
		line = strtol(err + 5, &end, 10);
		FUZZ_CHECK(end != err + 5 && *end == ':');
		for (lines = 1, i = 0; text[i] != '\0'; i++)
			lines += text[i] == '\n';
		FUZZ_CHECK(line >= 1 && line <= lines);
		FUZZ_CHECK(memcmp(e, before, sizeof e) == 0);
		free(err);
		free(text);
		return 0;
	}
	FUZZ_CHECK(err == NULL);

	memset(bare, 0, sizeof bare);
	FUZZ_CHECK(theme_parse(text, bare, &err) == 0 && err == NULL);
	for (s = 0; s < THEME_NSLOTS; s++) {
		FUZZ_CHECK(e[s].set == 1);	/* the defaults set them all */
		FUZZ_CHECK(e[s].fg >= -1 && e[s].fg <= 255);
		FUZZ_CHECK(e[s].bg >= -1 && e[s].bg <= 255);
		FUZZ_CHECK(e[s].fg_fallback >= THEME_NONE &&
		    e[s].fg_fallback <= 15);
		FUZZ_CHECK(e[s].bg_fallback >= THEME_NONE &&
		    e[s].bg_fallback <= 15);
		FUZZ_CHECK((e[s].attrs & ~ATTRS) == 0);
		FUZZ_CHECK(bare[s].set == 0 || bare[s].set == 1);
		if (bare[s].set)
			FUZZ_CHECK(same(&e[s], &bare[s]));
		else
			FUZZ_CHECK(same(&e[s], &before[s]));
	}

	for (d = 0; d < 4; d++) {
		theme_resolve(e, depths[d], looks);
		for (s = 0; s < THEME_NSLOTS; s++) {
			FUZZ_CHECK(looks[s].fg >= -1 && looks[s].bg >= -1);
			FUZZ_CHECK(looks[s].fg < depths[d] ||
			    (depths[d] == 0 && looks[s].fg == -1));
			FUZZ_CHECK(looks[s].bg < depths[d] ||
			    (depths[d] == 0 && looks[s].bg == -1));
			FUZZ_CHECK((looks[s].attrs & ~ATTRS) == 0);
		}
	}

	buf_init(&b);
	write_back(&b, bare);
	memset(back, 0, sizeof back);
	if (theme_parse(buf_str(&b), back, &err) != 0) {
		fprintf(stderr, "written back, does not parse: %s\n%s", err,
		    buf_str(&b));
		abort();
	}
	FUZZ_CHECK(memcmp(back, bare, sizeof back) == 0);
	buf_free(&b);
	free(text);
	return 0;
}
