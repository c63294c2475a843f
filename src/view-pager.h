/* A full-screen scrollable text: the help screen and message details. */
#ifndef VIEW_PAGER_H
#define VIEW_PAGER_H

struct view_pager;

struct view_pager *view_pager_new(const char *);
/* Add a line of raw bytes (sanitized when drawn) in a theme slot. */
void	view_pager_add(struct view_pager *, const char *, size_t, int);
void	view_pager_addf(struct view_pager *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * The text after the lines added, made a line at a time as it is drawn,
 * in a theme slot; the pager frees it.
 */
struct fmt_lines;
void	view_pager_body(struct view_pager *, struct fmt_lines *, int);
/* Drop the lines and the body (before they are made again). */
void	view_pager_clear(struct view_pager *);
/* After the text was made again: no line found, the view inside it. */
void	view_pager_refit(struct view_pager *);
/*
 * An owner's mode (its key table), with its actions, which get arg, and
 * the foot that names their keys; free_fn(arg) when the pager goes.
 */
struct key_hint;
struct ui_action;
void	view_pager_on_mode(struct view_pager *, const char *,
	    const struct ui_action *, const struct key_hint *, void *,
	    void (*)(void *));
/* fn(arg) when the pager closes, before it is freed. */
void	view_pager_on_close(struct view_pager *, void (*)(void *), void *);
void	view_pager_show(struct view_pager *);
#endif
