/*
 * Theme files by name: NAME.theme in the user's directory
 * ($XDG_CONFIG_HOME/mqtty/themes) first, then in the installed one. No
 * curses here: the commands find, list and read themes through it, in
 * batch mode too.
 */
#ifndef THEME_DIR_H
#define THEME_DIR_H
#include <stddef.h>

struct theme_dir_entry {
	char	*name;			/* without ".theme" */
	char	*path;
};

/*
 * NAME's file: 0 with *path (heap), 1 when no directory has one, or -1
 * with *err (heap) for a name that cannot be a theme's.
 */
int	theme_dir_find(const char *, char **, char **);
/* "DIR or DIR", the directories searched, for messages (heap). */
char	*theme_dir_where(void);
/*
 * Every theme found, the user's first, each name once (the user's file
 * hides an installed one of the same name), by name within a directory.
 */
size_t	theme_dir_list(struct theme_dir_entry **);
void	theme_dir_free(struct theme_dir_entry *, size_t);
/* A theme file's text (heap), or NULL with *err (heap) naming the file. */
char	*theme_dir_read(const char *, char **);
#endif
