/*
 * One scrolling list for every pane and pager (htop's Panel): how many
 * rows, which one is selected, which are on the screen, how tall each row
 * is, which row is at a screen line, and finding a row by its text. No
 * curses here: draw_panel() in draw.c draws the rows through the draw
 * callback, so the arithmetic is tested on its own.
 */
#ifndef PANEL_H
#define PANEL_H

#define PANEL_BOTTOM	0x1	/* rows settle at the bottom: a chat */
#define PANEL_SCROLL	0x2	/* no selection: keys move the view */

#define PANEL_FIND_MAX	100000	/* rows a find looks through */
#define PANEL_MORE_MAX	64	/* times one move asks for more rows */

struct panel;

/* A row as it lies on the screen. */
struct panel_row {
	int	row;
	int	y;		/* screen line of its first line shown */
	int	lines;		/* lines shown */
	int	skip;		/* its lines cut off above the panel */
};

struct panel {
	int	 flags;
	int	 n;		/* rows; -1 until count is asked */
	int	 sel;		/* selected; PANEL_SCROLL: found or -1 */
	int	 top;		/* first row shown */
	int	 bottom;	/* PANEL_BOTTOM: last row shown */
	int	 y, x, h, w;	/* where the rows go, inside any frame */
	int	 focused;

	/* Lines row i takes (NULL: one each). */
	int	(*height)(struct panel *, int);
	/* Draw one row (draw.c calls it). */
	void	(*draw)(struct panel *, const struct panel_row *);
	/* 1 when row i has the text (for find). */
	int	(*match)(struct panel *, int, const char *);
	/*
	 * Or a find of its own, as panel_find, over more than the rows (a
	 * tree's closed nodes): it selects what it finds.
	 */
	int	(*find)(struct panel *, const char *, int);
	/*
	 * Past the first (dir -1) or last (+1) row: bring in more rows,
	 * keeping sel, top and bottom on the same rows; 1 when a row came
	 * in that direction. INT_MIN and INT_MAX ask for the very ends.
	 */
	int	(*more)(struct panel *, int);
	/* With n -1: count the rows, or say whether row i exists. */
	int	(*count)(struct panel *);
	int	(*has)(struct panel *, int);
	void	*arg;
};

void	panel_init(struct panel *, int, void *);
/* The rows, counted (n may be -1 until now). */
int	panel_count(struct panel *);
/* A new number of rows: the selection and the view stay inside. */
void	panel_set_count(struct panel *, int);
/* Where the rows go; the view follows the selection. */
void	panel_layout(struct panel *, int, int, int, int);
/* Move the view so that the selection is on the screen. */
void	panel_fit(struct panel *);
void	panel_select(struct panel *, int);
/* Move by delta rows (PANEL_SCROLL: lines); INT_MIN, INT_MAX: the ends. */
void	panel_move(struct panel *, int);
/* A page up (-1) or down (+1). */
void	panel_page(struct panel *, int);
/* The rows on the screen, top down: start with row -1. */
int	panel_next(struct panel *, struct panel_row *);
/* The row at screen line y, or -1. */
int	panel_hit(struct panel *, int);
/*
 * Select the first row that has the text: from the selection on (dir 0),
 * after it (1) or before it (-1), round the end. 1 found, 0 not.
 */
int	panel_find(struct panel *, const char *, int);
/* 1 when text has needle, ASCII letters in any case. */
int	panel_has(const char *, const char *);
#endif
