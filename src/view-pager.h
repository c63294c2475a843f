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
/* Drop the lines and the body (before Tab rebuilds them). */
void	view_pager_clear(struct view_pager *);
/* Tab calls fn(pager, arg) to rebuild the text (a different format). */
void	view_pager_on_tab(struct view_pager *, void (*)(struct view_pager *,
	    void *), void *, void (*)(void *));
/*
 * Keys the pager does not use go to fn(arg, key) (1 closes the pager);
 * hint, if not NULL, replaces the keys shown at the foot.
 */
void	view_pager_on_key(struct view_pager *, int (*)(void *, int), void *,
	    const char *);
/* fn(arg) when the pager closes, before it is freed. */
void	view_pager_on_close(struct view_pager *, void (*)(void *), void *);
void	view_pager_show(struct view_pager *);
#endif
