/*
 * Choosing the theme in use, for the commands: no curses types here
 * (theme.h is for the files that draw). theme.c has these.
 */
#ifndef THEME_USE_H
#define THEME_USE_H

/*
 * Load theme NAME (theme-dir.h finds its file) and use it; on the screen
 * its colours apply at once. "default" needs no file: it is built in. 0,
 * or -1 with *err (heap) naming the file and line; the theme in use
 * stays then.
 */
int		 theme_use(const char *, char **);
/* The name of the theme in use. */
const char	*theme_in_use(void);
#endif
