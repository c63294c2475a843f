#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "unit.h"

static void
name(int key, const char *want)
{
	char	buf[32];

	CHECK_STR(keys_name(key, buf), want);
}

static void
parse(const char *s, int want)
{
	CHECK_INT(keys_parse(s), want);
}

static void
test_name(void)
{
	char	buf[32];
	int	i;

	name('q', "q");
	name('Q', "Q");
	name('?', "?");
	name('-', "-");
	name('^', "^");
	name(0xe9, "\xc3\xa9");
	name(0x4e2d, "\xe4\xb8\xad");
	name(0x1f600, "\xf0\x9f\x98\x80");

	name(KEYC_SPACE, "Space");
	name(' ', "Space");
	name(KEYC_TAB, "Tab");
	name('\t', "Tab");
	name(KEYC_BTAB, "BTab");
	name(KEYC_ENTER, "Enter");
	name('\r', "Enter");
	name(KEYC_ESC, "Escape");
	name('\033', "Escape");
	name(KEYC_BSPACE, "BSpace");
	name(0x7f, "BSpace");
	name(KEYC_UP, "Up");
	name(KEYC_DOWN, "Down");
	name(KEYC_LEFT, "Left");
	name(KEYC_RIGHT, "Right");
	name(KEYC_HOME, "Home");
	name(KEYC_END, "End");
	name(KEYC_PPAGE, "PPage");
	name(KEYC_NPAGE, "NPage");
	name(KEYC_IC, "IC");
	name(KEYC_DC, "DC");
	name(KEYC_F1, "F1");
	name(KEYC_F10, "F10");
	name(KEYC_F12, "F12");
	name(KEYC_MOUSE, "Mouse");
	name(KEYC_RESIZE, "Resize");

	name(KEYC_CTRL('a'), "C-a");
	name(KEYC_CTRL('h'), "C-h");
	name(KEYC_CTRL('j'), "C-j");
	name(KEYC_CTRL('z'), "C-z");
	name(0, "C-Space");
	name(28, "C-\\");
	name(31, "C-_");

	name(KEYC_META | 'x', "M-x");
	name(KEYC_META | 'X', "M-X");
	name(KEYC_META | KEYC_ENTER, "M-Enter");
	name(KEYC_META | '\r', "M-Enter");
	name(KEYC_META | KEYC_CTRL('a'), "M-C-a");
	name(KEYC_META | KEYC_UP, "M-Up");
	name(KEYC_META | '-', "M--");

	/* Nothing unprintable ends up in a name. */
	name(0x85, "U+0085");
	name(0x202e, "U+202E");
	name(KEYC_NONE, "None");

	/* The longest names fit the 32-byte buffer. */
	CHECK(strlen(keys_name(KEYC_META | 0x10fffe, buf)) < 32);
	for (i = 0; i < 0x3000; i++) {
		keys_name(i, buf);
		CHECK(buf[0] != '\0');
		if (i >= 0x80 && i <= 0x9f)
			CHECK(buf[0] == 'U');
	}
}

static void
test_parse(void)
{
	parse("q", 'q');
	parse("Q", 'Q');
	parse("?", '?');
	parse("^", '^');
	parse("-", '-');
	parse("\xc3\xa9", 0xe9);
	parse("\xe4\xb8\xad", 0x4e2d);

	/* Named keys ignore case; aliases work. */
	parse("Space", KEYC_SPACE);
	parse(" ", KEYC_SPACE);
	parse("tab", KEYC_TAB);
	parse("TAB", KEYC_TAB);
	parse("btab", KEYC_BTAB);
	parse("Enter", KEYC_ENTER);
	parse("Return", KEYC_ENTER);
	parse("escape", KEYC_ESC);
	parse("Esc", KEYC_ESC);
	parse("BSpace", KEYC_BSPACE);
	parse("up", KEYC_UP);
	parse("DOWN", KEYC_DOWN);
	parse("Left", KEYC_LEFT);
	parse("Right", KEYC_RIGHT);
	parse("Home", KEYC_HOME);
	parse("End", KEYC_END);
	parse("PPage", KEYC_PPAGE);
	parse("PageUp", KEYC_PPAGE);
	parse("pageup", KEYC_PPAGE);
	parse("NPage", KEYC_NPAGE);
	parse("PageDown", KEYC_NPAGE);
	parse("IC", KEYC_IC);
	parse("dc", KEYC_DC);
	parse("F1", KEYC_F1);
	parse("f5", KEYC_F5);
	parse("F12", KEYC_F12);
	parse("Mouse", KEYC_MOUSE);
	parse("Resize", KEYC_RESIZE);

	/* Control: C-x and ^x, either case. */
	parse("C-a", 1);
	parse("C-A", 1);
	parse("c-a", 1);
	parse("^a", 1);
	parse("^A", 1);
	parse("C-z", 26);
	parse("C-h", 8);
	parse("C-i", KEYC_TAB);
	parse("C-m", KEYC_ENTER);
	parse("C-[", KEYC_ESC);
	parse("^[", KEYC_ESC);
	parse("C-?", KEYC_BSPACE);
	parse("C-Space", 0);
	parse("C-@", 0);
	parse("C-\\", 28);
	parse("^_", 31);
	parse("^^", 30);

	/* Meta, alone and with the others, in either order. */
	parse("M-x", KEYC_META | 'x');
	parse("M-X", KEYC_META | 'X');
	parse("m-x", KEYC_META | 'x');
	parse("M-Enter", KEYC_META | KEYC_ENTER);
	parse("M-enter", KEYC_META | KEYC_ENTER);
	parse("M-C-a", KEYC_META | 1);
	parse("C-M-a", KEYC_META | 1);
	parse("M-^a", KEYC_META | 1);
	parse("M-Up", KEYC_META | KEYC_UP);
	parse("M--", KEYC_META | '-');
	parse("M-\xc3\xa9", KEYC_META | 0xe9);

	parse("U+0085", 0x85);
	parse("U+4e2d", 0x4e2d);

	/* Not keys. */
	parse("", KEYC_NONE);
	parse("xy", KEYC_NONE);
	parse("Foo", KEYC_NONE);
	parse("F13", KEYC_NONE);
	parse("F0", KEYC_NONE);
	parse("M-", KEYC_NONE);
	parse("C-", KEYC_NONE);
	parse("C-ab", KEYC_NONE);
	parse("C-1", KEYC_NONE);
	parse("C-Up", KEYC_NONE);
	parse("M-Foo", KEYC_NONE);
	parse("\xc3", KEYC_NONE);
	parse("\xff", KEYC_NONE);
	parse("\xc0\xaf", KEYC_NONE);
	parse("\xc3\xa9x", KEYC_NONE);
	parse("U+", KEYC_NONE);
	parse("U+D800", KEYC_NONE);
	parse("U+110000", KEYC_NONE);
	parse("U+12 ", KEYC_NONE);
}

/* name -> key -> name gives the same name; key -> name -> key the key. */
static void
test_round_trip(void)
{
	static const char *names[] = {
		"q", "?", "\xc3\xa9", "Space", "Tab", "BTab", "Enter",
		"Escape", "BSpace", "Up", "Down", "Left", "Right", "Home",
		"End", "PPage", "NPage", "IC", "DC", "F1", "F6", "F12",
		"C-a", "C-e", "C-z", "C-Space", "C-]", "M-x", "M-Enter",
		"M-C-a", "M-Space", "M-BSpace", "Mouse", "Resize", "U+0085",
		"M-U+202E",
	};
	char	buf[32], again[32];
	size_t	i;
	int	key, bad = 0;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		key = keys_parse(names[i]);
		CHECK(key != KEYC_NONE);
		CHECK_STR(keys_name(key, buf), names[i]);
	}

	/* Every key's name parses back to it (raw bytes to their KEYC_). */
	for (key = 0; key <= KEYC_RESIZE; key++) {
		if (key >= 0xd800 && key <= 0xdfff)
			continue;
		if (key == 0x3000)
			key = 0x10fff0;
		if (key == KEYC_BASE)
			key++;
		keys_name(key, buf);
		if (keys_name(keys_parse(buf), again) == NULL ||
		    strcmp(buf, again) != 0)
			bad++;
		if (keys_parse(buf) != key && key != '\t' && key != '\r' &&
		    key != '\033' && key != 0x7f && key != ' ')
			bad++;
		keys_name(key | KEYC_META, buf);
		if (keys_name(keys_parse(buf), again) == NULL ||
		    strcmp(buf, again) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	parse("Tab", KEYC_TAB);
	CHECK_INT(keys_parse(keys_name('\t', buf)), KEYC_TAB);
	CHECK_INT(keys_parse(keys_name(0x7f, buf)), KEYC_BSPACE);
}

int
main(void)
{
	test_name();
	test_parse();
	test_round_trip();
	return unit_done();
}
