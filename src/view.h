/* The panes and modal views. Only ui.c calls these; they draw on stdscr. */
#ifndef VIEW_H
#define VIEW_H
#include <stdint.h>

#include "draw.h"
#include "view-open.h"

struct conn;
struct profile;

/* Lists read from the model and the store are kept for one frame or key. */
void	view_conns_stale(void);
void	view_subs_stale(void);

/*
 * Each pane is a panel (panel.h): ui.c moves its selection and lays it
 * out before a frame; the draw functions only read.
 */
struct panel;

/* Connection list: two lines a saved profile or live connection. */
struct panel *view_conns_panel(void);
void	view_conns_draw(struct rect);
int	view_conns_count(void);
/* The name at row i (a profile or an ad-hoc connection); NULL past end. */
const char *view_conns_name(int);

/* Subscriptions of a connection; row 0 is "all messages". */
struct panel *view_subs_panel(const char *);
void	view_subs_draw(struct rect, const char *);
/* Palette index of the subscription a topic falls under, -1 none. */
int	view_subs_colour(const char *, const char *);
/* Its filter (NULL none); valid until the next call. */
const char *view_subs_match(const char *, const char *);
/* The first with retain as published that it falls under (NULL none). */
const char *view_subs_rap(const char *, const char *);
int	view_subs_count(const char *);
const char *view_subs_topic(const char *, int);	/* NULL for row 0 */

/* Chat-style history of one connection, read from the store in windows. */
struct panel *view_msgs_panel(void);
/* Before a frame: bubbles laid out for the panel; reread the window. */
void	view_msgs_update(int);
void	view_msgs_draw(struct rect);
void	view_msgs_set(const char *, const char *);	/* conn, filter */
/* The shown connection's text filter (NULL or "": none); NULL none. */
void	view_msgs_text_filter(const char *);
const char *view_msgs_text(void);
void	view_msgs_bottom(void);
void	view_msgs_goto(int64_t);	/* that message selected, in context */
void	view_msgs_arrived(const char *, int);	/* conn, dir */
int	view_msgs_following(void);	/* at the newest, it selected */
int64_t	view_msgs_selected(void);	/* store id, 0 none */

/*
 * The topic tree window (view-tree.c): before a frame its new topics are
 * read and its selection filters the message view. The selected node as
 * "node/#" for {node}, or NULL when the tree is not open.
 */
void	view_tree_update(void);
const char *view_tree_node(void);

/*
 * Type to find in a panel: cmd "find" finds in the focused pane as the
 * find command does, "filter" runs filter TEXT at each key, NULL finds
 * in the panel itself (a pager). Starts from the initial text.
 */
void	view_find_open(struct panel *, const char *, const char *);

#endif
