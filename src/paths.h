/* Where files live: XDG data and config directories. */
#ifndef PATHS_H
#define PATHS_H

/* Heap strings. */
char	*paths_db(void);
char	*paths_config(void);
/* The user's theme files. */
char	*paths_themes(void);
#endif
