/* Bubble lines: JSON as written, folds that count the payload's bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt-fold.h"
#include "unit.h"

/* The number in "… N more bytes", or -1. */
static long
more_bytes(const struct fmt_fold *f)
{
	long	n;

	if (f->n == 0 || f->v[f->n - 1].kind != FMT_FOLD_NOTE ||
	    sscanf(f->v[f->n - 1].text, "… %ld more", &n) != 1)
		return -1;
	return n;
}

static void
test_json(void)
{
	struct fmt_fold	f;
	const char	*j = "{\"big\":12345678901234567890, \"f\":20.0,"
	    "\"e\":1.5e+300,\"s\":\"a\\tb\",\"k\":[],\"o\":{\"x\":null}}";

	fmt_fold(&f, j, strlen(j), strlen(j), 40, 20);
	CHECK_INT(f.n, 10);
	CHECK_STR(f.v[0].text, "{");
	CHECK_STR(f.v[1].text, "  \"big\": 12345678901234567890,");
	CHECK_STR(f.v[2].text, "  \"f\": 20.0,");
	CHECK_STR(f.v[3].text, "  \"e\": 1.5e+300,");
	CHECK_STR(f.v[4].text, "  \"s\": \"a\\tb\",");
	CHECK_STR(f.v[5].text, "  \"k\": [],");
	CHECK_STR(f.v[6].text, "  \"o\": {");
	CHECK_STR(f.v[7].text, "    \"x\": null");
	CHECK_STR(f.v[8].text, "  }");
	CHECK_STR(f.v[9].text, "}");
	CHECK_INT(f.v[0].kind, FMT_FOLD_JSON);
	CHECK_INT(more_bytes(&f), -1);
	fmt_fold_free(&f);

	/* Blanks after the value are not "more". */
	fmt_fold(&f, "[1]\n  ", 6, 6, 40, 5);
	CHECK_INT(f.n, 3);
	CHECK_INT(more_bytes(&f), -1);
	fmt_fold_free(&f);

	/* Not valid: text, as it is. */
	fmt_fold(&f, "{\"a\":1", 6, 6, 40, 5);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.v[0].kind, FMT_FOLD_TEXT);
	CHECK_STR(f.v[0].text, "{\"a\":1");
	fmt_fold_free(&f);
}

static void
test_json_fold(void)
{
	struct fmt_fold	 f;
	char		*j;
	size_t		 len = 0;
	int		 i;

	/* [1000000,1000001,...]: "[" is 1 byte, each "1000xxx," 8. */
	j = malloc(8 * 613 + 2);
	j[len++] = '[';
	for (i = 0; i < 613; i++)
		len += sprintf(j + len, "%d,", 1000000 + i);
	j[len - 1] = ']';
	CHECK_INT(len, 4905);
	fmt_fold(&f, j, len, len, 40, 6);
	CHECK_INT(f.n, 6);
	CHECK_STR(f.v[4].text, "  1000003,");
	/* Shown: "[" and 4 numbers with their commas. */
	CHECK_INT(more_bytes(&f), 4905 - 1 - 4 * 8);
	fmt_fold_free(&f);
	free(j);
}

static void
test_text(void)
{
	struct fmt_fold	 f;
	char		*t;
	size_t		 shown;
	int		 i;

	/* 4,904 bytes with no blank: cut at 30 columns. */
	t = malloc(4904);
	for (i = 0; i < 4904; i++)
		t[i] = "0123456789"[i % 10];
	fmt_fold(&f, t, 4904, 4904, 30, 5);
	CHECK_INT(f.n, 5);
	CHECK_INT(strlen(f.v[0].text), 30);
	CHECK_INT(more_bytes(&f), 4904 - 4 * 30);
	fmt_fold_free(&f);

	/* Words: broken after a blank; the blank counts as shown. */
	memcpy(t, "aaaa bbbb cccc dddd eeee ffff gggg", 34);
	fmt_fold(&f, t, 34, 34, 10, 3);
	CHECK_INT(f.n, 3);
	CHECK_STR(f.v[0].text, "aaaa bbbb ");
	CHECK_STR(f.v[1].text, "cccc dddd ");
	CHECK_INT(more_bytes(&f), 14);
	fmt_fold_free(&f);

	/* Escapes and tabs take columns, the fold counts bytes. */
	memcpy(t, "\x1b\x1b\x1b\x1b\x1b\x1b\tx\ny\nz\n", 13);
	fmt_fold(&f, t, 13, 13, 8, 3);
	CHECK_STR(f.v[0].text, "\\e\\e\\e\\e");
	CHECK_STR(f.v[1].text, "\\e\\e    ");
	shown = 4 + 3;		/* four ESC, then two ESC and the tab */
	CHECK_INT(more_bytes(&f), 13 - shown);
	fmt_fold_free(&f);

	/* It all fits: no note. */
	fmt_fold(&f, "hi\nthere", 8, 8, 10, 3);
	CHECK_INT(f.n, 2);
	CHECK_STR(f.v[1].text, "there");
	fmt_fold_free(&f);

	/* A preview of a longer payload, cut inside "é": whole chars only. */
	fmt_fold(&f, "caf\xc3\xa9", 4, 100, 10, 3);
	CHECK_INT(f.n, 2);
	CHECK_STR(f.v[0].text, "caf");
	CHECK_INT(more_bytes(&f), 97);
	fmt_fold_free(&f);
	free(t);
}

static void
test_other(void)
{
	struct fmt_fold	f;

	fmt_fold(&f, "", 0, 0, 10, 3);
	CHECK_INT(f.n, 1);
	CHECK_STR(f.v[0].text, "(empty)");
	fmt_fold_free(&f);

	/* Binary: 2 columns a byte; 40 bytes at 9 columns is 4 a line. */
	fmt_fold(&f, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"
	    "0123456789012345678901234567890", 40, 40, 9, 4);
	CHECK_INT(f.n, 4);
	CHECK_INT(f.v[0].kind, FMT_FOLD_HEX);
	CHECK_STR(f.v[0].text, "00010203");
	CHECK_INT(more_bytes(&f), 40 - 12);
	fmt_fold_free(&f);
}

int
main(void)
{
	test_json();
	test_json_fold();
	test_text();
	test_other();
	return unit_done();
}
