/* The list widget's arithmetic: selection, view, row heights, hits, find. */
#include <limits.h>
#include <stdio.h>

#include "panel.h"
#include "unit.h"

static int	heights[64];
static const char *names[] = { "alpha", "Bravo", "charlie", "delta",
    "echo", "foxtrot", "golf", "hotel", "india", "juliett" };

static int
test_height(struct panel *p, int row)
{
	return heights[row];
}

static int
test_match(struct panel *p, int row, const char *text)
{
	return panel_has(names[row % 10], text);
}

/* A window of rows over a longer history: more moves it by 4 rows. */
static int	test_base;	/* history row of panel row 0 */
static int	test_total;	/* rows of history */

static int
test_more(struct panel *p, int dir)
{
	int	shift;

	if (dir == INT_MAX || dir == INT_MIN) {
		test_base = dir == INT_MAX ? test_total - p->n : 0;
		return 1;
	}
	if (dir < 0)
		shift = test_base >= 4 ? -4 : -test_base;
	else
		shift = test_base + p->n + 4 <= test_total ? 4 :
		    test_total - test_base - p->n;
	if (shift == 0)
		return 0;
	test_base += shift;
	p->sel -= shift;
	p->top -= shift;
	p->bottom -= shift;
	return 1;
}

static int	test_lines = -1;	/* lines the pager has */
static int	test_counted;

static int
test_count(struct panel *p)
{
	test_counted++;
	return test_lines;
}

static int
test_has(struct panel *p, int row)
{
	return row < test_lines;
}

static void
test_list(void)
{
	struct panel		p;
	struct panel_row	r = { .row = -1 };
	int			i, rows = 0;

	panel_init(&p, 0, NULL);
	panel_layout(&p, 1, 1, 4, 20);
	panel_set_count(&p, 10);
	CHECK_INT(p.sel, 0);
	CHECK_INT(p.top, 0);
	panel_move(&p, 1);
	CHECK_INT(p.sel, 1);
	CHECK_INT(p.top, 0);
	panel_move(&p, 3);
	CHECK_INT(p.sel, 4);
	CHECK_INT(p.top, 1);		/* rows 1-4 on the 4 lines */
	panel_move(&p, -100);
	CHECK_INT(p.sel, 0);
	CHECK_INT(p.top, 0);
	panel_move(&p, INT_MAX);
	CHECK_INT(p.sel, 9);
	CHECK_INT(p.top, 6);
	panel_page(&p, -1);
	CHECK_INT(p.sel, 5);
	CHECK_INT(p.top, 5);
	panel_move(&p, INT_MIN);
	CHECK_INT(p.sel, 0);
	panel_page(&p, 1);
	CHECK_INT(p.sel, 4);

	/* Rows shrink under the selection: it and the view stay inside. */
	panel_move(&p, INT_MAX);
	panel_set_count(&p, 3);
	CHECK_INT(p.sel, 2);
	CHECK_INT(p.top, 0);
	panel_set_count(&p, 0);
	CHECK_INT(p.sel, 0);
	CHECK(!panel_next(&p, &r));
	CHECK_INT(panel_hit(&p, 1), -1);

	/* Two lines a row (the connection list) on 5 lines: 2 rows. */
	for (i = 0; i < 10; i++)
		heights[i] = 2;
	p.height = test_height;
	panel_set_count(&p, 10);
	panel_layout(&p, 1, 1, 5, 20);
	r.row = -1;
	while (panel_next(&p, &r))
		rows++;
	CHECK_INT(rows, 2);
	CHECK_INT(panel_hit(&p, 1), 0);
	CHECK_INT(panel_hit(&p, 2), 0);
	CHECK_INT(panel_hit(&p, 3), 1);
	CHECK_INT(panel_hit(&p, 5), -1);	/* the half row left blank */
	CHECK_INT(panel_hit(&p, 0), -1);	/* the frame */
	panel_move(&p, 2);
	CHECK_INT(p.top, 1);
	CHECK_INT(panel_hit(&p, 1), 1);
	CHECK_INT(panel_hit(&p, 4), 2);
	panel_page(&p, 1);
	CHECK_INT(p.sel, 4);

	/* The ends, as the pager's top and bottom move. */
	panel_set_count(&p, 10);
	panel_move(&p, INT_MIN);
	CHECK_INT(p.sel, 0);
	panel_move(&p, 1);
	CHECK_INT(p.sel, 1);
	panel_move(&p, INT_MAX);
	CHECK_INT(p.sel, 9);
}

static void
test_find(void)
{
	struct panel	p;

	CHECK(panel_has("Bravo", "bra"));
	CHECK(panel_has("Bravo", "AVO"));
	CHECK(!panel_has("Bravo", "brave"));
	CHECK(panel_has("x", ""));

	panel_init(&p, 0, NULL);
	p.match = test_match;
	panel_layout(&p, 0, 0, 3, 20);
	panel_set_count(&p, 10);
	CHECK(panel_find(&p, "o", 0));		/* from the selection on */
	CHECK_INT(p.sel, 1);			/* Bravo */
	CHECK(panel_find(&p, "o", 0));
	CHECK_INT(p.sel, 1);			/* it still matches: stays */
	CHECK(panel_find(&p, "o", 1));
	CHECK_INT(p.sel, 4);			/* echo */
	CHECK_INT(p.top, 2);			/* and it is on the screen */
	CHECK(panel_find(&p, "o", -1));
	CHECK_INT(p.sel, 1);
	CHECK(panel_find(&p, "HOT", 1));
	CHECK_INT(p.sel, 7);
	CHECK(panel_find(&p, "alp", 1));	/* round the end */
	CHECK_INT(p.sel, 0);
	CHECK(!panel_find(&p, "zulu", 0));
	CHECK_INT(p.sel, 0);
	CHECK(!panel_find(&p, "", 0));
}

static void
test_chat(void)
{
	struct panel		p;
	struct panel_row	r = { .row = -1 };
	int			i, n = 0, ys[8], skips[8];

	/* Bubbles of 3, 5, 2, 4 lines on 8 lines, newest at the bottom. */
	heights[0] = 3;
	heights[1] = 5;
	heights[2] = 2;
	heights[3] = 4;
	panel_init(&p, PANEL_BOTTOM, NULL);
	p.height = test_height;
	panel_layout(&p, 1, 2, 8, 40);
	panel_set_count(&p, 4);
	panel_move(&p, INT_MAX);
	CHECK_INT(p.sel, 3);
	CHECK_INT(p.bottom, 3);
	while (panel_next(&p, &r) && n < 8) {
		ys[n] = r.y;
		skips[n] = r.skip;
		n++;
	}
	/* Row 3 on lines 5-8, row 2 on 3-4, row 1 cut to its last 2. */
	CHECK_INT(n, 3);
	CHECK_INT(ys[0], 1);
	CHECK_INT(skips[0], 3);
	CHECK_INT(ys[1], 3);
	CHECK_INT(ys[2], 5);
	CHECK_INT(panel_hit(&p, 2), 1);
	CHECK_INT(panel_hit(&p, 8), 3);
	CHECK_INT(panel_hit(&p, 9), -1);

	/* Up to row 1: it shows whole, row 3 goes below. */
	panel_move(&p, -2);
	CHECK_INT(p.sel, 1);
	CHECK_INT(p.bottom, 2);
	r.row = -1;
	CHECK(panel_next(&p, &r));
	CHECK_INT(r.row, 0);
	CHECK_INT(r.skip, 2);
	CHECK(panel_next(&p, &r));
	CHECK_INT(r.row, 1);
	CHECK_INT(r.skip, 0);
	CHECK_INT(r.lines, 5);

	/* Few rows: they sit at the bottom, blank above. */
	panel_set_count(&p, 1);
	r.row = -1;
	CHECK(panel_next(&p, &r));
	CHECK_INT(r.row, 0);
	CHECK_INT(r.y, 6);
	CHECK(!panel_next(&p, &r));

	/* A window over 30 rows of history: more slides it. */
	for (i = 0; i < 64; i++)
		heights[i] = 2;
	test_total = 30;
	test_base = 22;
	p.more = test_more;
	panel_set_count(&p, 8);
	panel_move(&p, INT_MAX);
	CHECK_INT(p.sel, 7);
	panel_move(&p, -10);
	CHECK_INT(test_base + p.sel, 19);
	CHECK(p.sel >= 0 && p.sel < 8);
	panel_move(&p, -100);
	CHECK_INT(test_base + p.sel, 0);
	panel_move(&p, 25);
	CHECK_INT(test_base + p.sel, 25);
	panel_move(&p, INT_MAX);
	CHECK_INT(test_base + p.sel, 29);
	panel_move(&p, INT_MIN);
	CHECK_INT(test_base + p.sel, 0);
}

static void
test_scroll(void)
{
	struct panel		p;
	struct panel_row	r = { .row = -1 };
	int			rows = 0;

	panel_init(&p, PANEL_SCROLL, NULL);
	p.count = test_count;
	p.has = test_has;
	p.match = test_match;
	p.n = -1;
	test_lines = 25;
	panel_layout(&p, 1, 2, 10, 40);
	CHECK_INT(p.sel, -1);
	panel_move(&p, 1);
	CHECK_INT(p.top, 1);
	panel_page(&p, 1);
	CHECK_INT(p.top, 10);
	CHECK_INT(test_counted, 0);		/* not counted yet */
	panel_page(&p, 1);
	CHECK_INT(p.top, 15);			/* past the end: counted */
	CHECK_INT(test_counted, 1);
	while (panel_next(&p, &r))
		rows++;
	CHECK_INT(rows, 10);
	panel_move(&p, INT_MIN);
	CHECK_INT(p.top, 0);
	panel_move(&p, INT_MAX);
	CHECK_INT(p.top, 15);
	CHECK(panel_find(&p, "hotel", 0));	/* rows 7 and 17 */
	CHECK_INT(p.sel, 17);
	CHECK_INT(p.top, 15);
	CHECK(panel_find(&p, "hotel", 1));
	CHECK_INT(p.sel, 7);
	CHECK_INT(p.top, 7);
}

int
main(void)
{
	test_list();
	test_find();
	test_chat();
	test_scroll();
	return unit_done();
}
