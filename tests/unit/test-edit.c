#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "keys.h"
#include "unit.h"

/* Apply keys until KEYC_NONE; the result of the last one. */
static enum edit_result
keys(struct edit *e, ...)
{
	enum edit_result	 r = EDIT_IGNORED;
	va_list			 ap;
	int			 key;

	va_start(ap, e);
	while ((key = va_arg(ap, int)) != KEYC_NONE)
		r = edit_key(e, key);
	va_end(ap);
	return r;
}

static void
cursor(struct edit *e, int wantline, int wantcol)
{
	int	line = -1, col = -1;

	edit_cursor(e, &line, &col);
	CHECK_INT(line, wantline);
	CHECK_INT(col, wantcol);
}

static void
test_single(void)
{
	struct edit	e;

	edit_init(&e, 0);
	CHECK_STR(edit_text(&e), "");
	CHECK_INT(e.cur, 0);
	cursor(&e, 0, 0);

	CHECK_INT(edit_key(&e, 'a'), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, 'b'), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, KEYC_SPACE), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, ' '), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, 'c'), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "ab  c");
	CHECK_INT(e.cur, 5);
	cursor(&e, 0, 5);

	CHECK_INT(edit_key(&e, KEYC_LEFT), EDIT_MOVED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('b')), EDIT_MOVED);
	CHECK_INT(e.cur, 3);
	CHECK_INT(edit_key(&e, 'X'), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "ab X c");
	CHECK_INT(e.cur, 4);
	CHECK_INT(edit_key(&e, KEYC_CTRL('f')), EDIT_MOVED);
	CHECK_INT(e.cur, 5);
	CHECK_INT(edit_key(&e, KEYC_HOME), EDIT_MOVED);
	CHECK_INT(e.cur, 0);
	CHECK_INT(edit_key(&e, KEYC_LEFT), EDIT_MOVED);	/* stays */
	CHECK_INT(e.cur, 0);
	CHECK_INT(edit_key(&e, KEYC_END), EDIT_MOVED);
	CHECK_INT(e.cur, 6);
	CHECK_INT(edit_key(&e, KEYC_RIGHT), EDIT_MOVED);
	CHECK_INT(e.cur, 6);
	CHECK_INT(edit_key(&e, KEYC_CTRL('a')), EDIT_MOVED);
	CHECK_INT(e.cur, 0);
	CHECK_INT(edit_key(&e, KEYC_CTRL('e')), EDIT_MOVED);
	CHECK_INT(e.cur, 6);
	CHECK_STR(edit_text(&e), "ab X c");

	/* Backspace, all its spellings, and Delete. */
	CHECK_INT(edit_key(&e, KEYC_BSPACE), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "ab X ");
	CHECK_INT(edit_key(&e, 0x7f), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "ab X");
	CHECK_INT(edit_key(&e, KEYC_CTRL('h')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "ab ");
	CHECK_INT(edit_key(&e, KEYC_DC), EDIT_MOVED);	/* nothing after */
	CHECK_STR(edit_text(&e), "ab ");
	keys(&e, KEYC_HOME, KEYC_DC, KEYC_NONE);
	CHECK_STR(edit_text(&e), "b ");
	CHECK_INT(e.cur, 0);
	CHECK_INT(edit_key(&e, KEYC_BSPACE), EDIT_MOVED);	/* at start */
	CHECK_STR(edit_text(&e), "b ");

	/* Not editing keys. */
	CHECK_INT(edit_key(&e, KEYC_ENTER), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, '\r'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, '\n'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_TAB), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, '\t'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_BTAB), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_ESC), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, '\033'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_F1), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_F12), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('r')), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('s')), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('c')), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_PPAGE), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_RESIZE), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_MOUSE), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_META | 'x'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_META | KEYC_ENTER), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, 0x9b), EDIT_IGNORED);	/* C1 CSI */
	CHECK_INT(edit_key(&e, 0xd800), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_NONE), EDIT_IGNORED);
	/* Up and Down belong to the caller on one line (history). */
	CHECK_INT(edit_key(&e, KEYC_UP), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_IGNORED);
	CHECK_STR(edit_text(&e), "b ");
	CHECK_INT(e.cur, 0);

	/* set: cursor at the end, old text gone. */
	edit_set(&e, "sub a/b/#");
	CHECK_STR(edit_text(&e), "sub a/b/#");
	CHECK_INT(e.cur, 9);
	cursor(&e, 0, 9);
	edit_set(&e, edit_text(&e));	/* its own text */
	CHECK_STR(edit_text(&e), "sub a/b/#");
	edit_set(&e, "");
	CHECK_STR(edit_text(&e), "");
	CHECK_INT(e.cur, 0);
	edit_free(&e);
}

static void
test_kill(void)
{
	struct edit	e;

	edit_init(&e, 0);
	edit_set(&e, "pub topic hello world");
	CHECK_INT(edit_key(&e, KEYC_CTRL('w')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "pub topic hello ");
	CHECK_INT(edit_key(&e, KEYC_CTRL('w')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "pub topic ");
	CHECK_INT(e.cur, 10);

	/* C-w from the middle keeps what is after the cursor. */
	edit_set(&e, "one two  three");
	keys(&e, KEYC_LEFT, KEYC_LEFT, KEYC_LEFT, KEYC_LEFT, KEYC_LEFT,
	    KEYC_NONE);
	CHECK_INT(e.cur, 9);
	CHECK_INT(edit_key(&e, KEYC_CTRL('w')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "one three");
	CHECK_INT(e.cur, 4);
	edit_set(&e, "   ");
	CHECK_INT(edit_key(&e, KEYC_CTRL('w')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "");
	CHECK_INT(edit_key(&e, KEYC_CTRL('w')), EDIT_MOVED);

	/* C-u and C-k split at the cursor. */
	edit_set(&e, "abcdef");
	keys(&e, KEYC_LEFT, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(edit_key(&e, KEYC_CTRL('k')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "abcd");
	CHECK_INT(e.cur, 4);
	CHECK_INT(edit_key(&e, KEYC_CTRL('k')), EDIT_MOVED);
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(edit_key(&e, KEYC_CTRL('u')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "d");
	CHECK_INT(e.cur, 0);
	CHECK_INT(edit_key(&e, KEYC_CTRL('u')), EDIT_MOVED);
	CHECK_STR(edit_text(&e), "d");

	/* edit_insert at the cursor, a paste with several bytes. */
	edit_insert(&e, "abc");
	CHECK_STR(edit_text(&e), "abcd");
	CHECK_INT(e.cur, 3);
	edit_insert(&e, "");
	CHECK_STR(edit_text(&e), "abcd");
	edit_free(&e);
}

static void
test_utf8(void)
{
	struct edit	e;
	size_t		i;

	edit_init(&e, 0);
	/* e-acute (2 bytes), CJK (3 bytes, 2 columns), emoji (4, 2). */
	CHECK_INT(edit_key(&e, 0xe9), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, 0x4e2d), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, 0x1f600), EDIT_CHANGED);
	CHECK_INT(edit_key(&e, 'x'), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80x");
	CHECK_INT(e.cur, 10);
	cursor(&e, 0, 6);

	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 9);
	cursor(&e, 0, 5);
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 5);
	cursor(&e, 0, 3);
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 2);
	cursor(&e, 0, 1);
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 0);
	keys(&e, KEYC_RIGHT, KEYC_RIGHT, KEYC_NONE);
	CHECK_INT(e.cur, 5);

	/* Backspace and Delete take whole characters. */
	CHECK_INT(edit_key(&e, KEYC_BSPACE), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "\xc3\xa9\xf0\x9f\x98\x80x");
	CHECK_INT(e.cur, 2);
	CHECK_INT(edit_key(&e, KEYC_DC), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "\xc3\xa9x");
	CHECK_INT(e.cur, 2);

	/* Walking either way never stops inside a character. */
	edit_set(&e, "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80" "b");
	for (i = 0; i < 8; i++) {
		edit_key(&e, KEYC_LEFT);
		CHECK(((unsigned char)edit_text(&e)[e.cur] & 0xc0) != 0x80);
	}
	CHECK_INT(e.cur, 0);
	for (i = 0; i < 8; i++) {
		edit_key(&e, KEYC_RIGHT);
		CHECK(e.cur == strlen(edit_text(&e)) ||
		    ((unsigned char)edit_text(&e)[e.cur] & 0xc0) != 0x80);
	}
	CHECK_INT(e.cur, strlen(edit_text(&e)));

	/* Invalid bytes are characters of their own, shown as \xNN. */
	edit_set(&e, "a\xff\xe4\xb8" "b");
	cursor(&e, 0, 1 + 4 + 4 + 4 + 1);
	keys(&e, KEYC_LEFT, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 3);
	cursor(&e, 0, 1 + 4 + 4);
	CHECK_INT(edit_key(&e, KEYC_BSPACE), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "a\xff\xb8" "b");
	/* C3 A9 A9: a character, then a stray continuation byte. */
	edit_set(&e, "\xc3\xa9\xa9");
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 2);
	keys(&e, KEYC_LEFT, KEYC_NONE);
	CHECK_INT(e.cur, 0);

	/* Controls show escaped: the column counts the escape. */
	edit_set(&e, "a\tb\x1b");
	cursor(&e, 0, 6);
	/* On one line a newline is just \n on screen. */
	edit_set(&e, "a\nb");
	cursor(&e, 0, 4);
	CHECK_INT(edit_key(&e, KEYC_HOME), EDIT_MOVED);
	CHECK_INT(e.cur, 0);
	edit_free(&e);
}

static void
test_multi(void)
{
	struct edit	e;

	edit_init(&e, 1);
	edit_set(&e, "{\n  \"a\": 1,\n  \"bb\": 22\n}");
	CHECK_INT(e.cur, strlen(edit_text(&e)));
	cursor(&e, 3, 1);

	/* Enter is the caller's; a newline goes in through edit_insert. */
	CHECK_INT(edit_key(&e, KEYC_ENTER), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, '\r'), EDIT_IGNORED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('j')), EDIT_IGNORED);

	/* Up keeps the column where the line is long enough. */
	CHECK_INT(edit_key(&e, KEYC_UP), EDIT_MOVED);
	cursor(&e, 2, 1);
	CHECK_INT(edit_key(&e, KEYC_END), EDIT_MOVED);
	cursor(&e, 2, 10);
	CHECK_INT(edit_key(&e, KEYC_UP), EDIT_MOVED);
	cursor(&e, 1, 9);	/* shorter line: its end */
	CHECK_INT(edit_key(&e, KEYC_UP), EDIT_MOVED);
	cursor(&e, 0, 1);
	/* Back down: the column remembered from before, 10. */
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	cursor(&e, 1, 9);
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	cursor(&e, 2, 10);
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	cursor(&e, 3, 1);
	/* Down on the last line goes to its end, Up on the first to 0. */
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	CHECK_INT(e.cur, strlen(edit_text(&e)));
	keys(&e, KEYC_UP, KEYC_UP, KEYC_UP, KEYC_UP, KEYC_NONE);
	CHECK_INT(e.cur, 0);
	cursor(&e, 0, 0);

	/* Home and End, C-a and C-e are per line. */
	keys(&e, KEYC_HOME, KEYC_DOWN, KEYC_RIGHT, KEYC_RIGHT, KEYC_NONE);
	cursor(&e, 1, 2);
	CHECK_INT(edit_key(&e, KEYC_CTRL('e')), EDIT_MOVED);
	cursor(&e, 1, 9);
	CHECK_INT(e.cur, 11);
	CHECK_INT(edit_key(&e, KEYC_CTRL('a')), EDIT_MOVED);
	cursor(&e, 1, 0);
	CHECK_INT(e.cur, 2);
	CHECK_INT(edit_key(&e, KEYC_HOME), EDIT_MOVED);
	CHECK_INT(e.cur, 2);
	/* Left from a line start goes to the end of the line before. */
	CHECK_INT(edit_key(&e, KEYC_LEFT), EDIT_MOVED);
	cursor(&e, 0, 1);
	CHECK_INT(edit_key(&e, KEYC_RIGHT), EDIT_MOVED);
	cursor(&e, 1, 0);

	/* C-k and C-u stop at the line's ends. */
	keys(&e, KEYC_RIGHT, KEYC_RIGHT, KEYC_NONE);
	CHECK_INT(edit_key(&e, KEYC_CTRL('k')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "{\n  \n  \"bb\": 22\n}");
	CHECK_INT(edit_key(&e, KEYC_CTRL('k')), EDIT_MOVED);
	CHECK_INT(edit_key(&e, KEYC_CTRL('u')), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "{\n\n  \"bb\": 22\n}");
	cursor(&e, 1, 0);
	CHECK_INT(edit_key(&e, KEYC_CTRL('u')), EDIT_MOVED);
	/* Backspace at a line start joins the lines. */
	CHECK_INT(edit_key(&e, KEYC_BSPACE), EDIT_CHANGED);
	CHECK_STR(edit_text(&e), "{\n  \"bb\": 22\n}");
	cursor(&e, 0, 1);
	edit_insert(&e, "\n");
	CHECK_STR(edit_text(&e), "{\n\n  \"bb\": 22\n}");
	cursor(&e, 1, 0);
	edit_insert(&e, "x\ny");
	cursor(&e, 2, 1);
	CHECK_STR(edit_text(&e), "{\nx\ny\n  \"bb\": 22\n}");
	edit_free(&e);

	/* Up and Down by display columns, over wide characters. */
	edit_init(&e, 1);
	edit_set(&e, "abcdef\n\xe4\xb8\xad\xe6\x96\x87z\nxy");
	keys(&e, KEYC_UP, KEYC_HOME, KEYC_NONE);
	cursor(&e, 1, 0);
	keys(&e, KEYC_UP, KEYC_RIGHT, KEYC_RIGHT, KEYC_RIGHT, KEYC_NONE);
	cursor(&e, 0, 3);
	/* Column 3 is inside the second wide character: stop before it. */
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	cursor(&e, 1, 2);
	CHECK_INT(e.cur, 10);
	CHECK_INT(edit_key(&e, KEYC_DOWN), EDIT_MOVED);
	cursor(&e, 2, 2);
	keys(&e, KEYC_UP, KEYC_UP, KEYC_NONE);
	cursor(&e, 0, 3);	/* the goal survived */
	keys(&e, KEYC_RIGHT, KEYC_RIGHT, KEYC_DOWN, KEYC_NONE);
	cursor(&e, 1, 5);	/* typing or moving sets a new goal */
	edit_free(&e);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("no UTF-8 locale\n");
		return 77;
	}
	test_single();
	test_kill();
	test_utf8();
	test_multi();
	return unit_done();
}
