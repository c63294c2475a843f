/* --watch: each topic keeps its own line of the terminal. */
#ifndef WATCH_H
#define WATCH_H

/* The line of topic (from 1), a new one for a topic not seen yet. */
int	watch_line(const char *);
/* The last line given out, 0 when none. */
int	watch_last(void);
void	watch_free(void);
#endif
