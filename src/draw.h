/* Drawing helpers over curses: clipped, sanitized, wide-character aware. */
#ifndef DRAW_H
#define DRAW_H
#include <stddef.h>

#include <curses.h>

struct panel;

struct rect {
	int	y, x, h, w;
};

/* Fill a rectangle with spaces in attr. */
void	draw_fill(struct rect, attr_t);
/*
 * Draw already-safe UTF-8 text at y,x clipped to w columns; returns the
 * columns used. Text must come from sanitize() (or be our own literals).
 */
int	draw_text(int, int, int, const char *, attr_t);
/* Sanitize bytes and draw them on one line; returns columns used. */
int	draw_bytes(int, int, int, const void *, size_t, attr_t);
/* A pane frame with a title; focused panes use border-focus. */
void	draw_box(struct rect, const char *, int);
/* Keep column col inside a window w wide whose first column is *hs. */
void	draw_scroll(int, int, int *);
/* Safe text drawn from display column hs on, in a field w wide. */
void	draw_window(int, int, int, const char *, int, attr_t);
/*
 * Bytes sanitized into w columns; when too wide, cut in the middle with
 * "…" so the end shows: the last '/' level whole when it fits.
 */
int	draw_middle(int, int, int, const char *, size_t, attr_t);
/* The rows of a panel on the screen, through its draw callback. */
void	draw_panel(struct panel *);
/* printf into a line, sanitized, clipped. */
int	draw_printf(int, int, int, attr_t, const char *, ...)
	    __attribute__((format(printf, 5, 6)));
#endif
