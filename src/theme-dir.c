/*
 * Where theme files are, by name. The user's directory comes first so a
 * file there can replace an installed theme of the same name.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"
#include "theme-dir.h"
#include "xmalloc.h"

/* A theme file is small; anything bigger is not one. */
#define THEME_DIR_MAX_SIZE	(1024 * 1024)
#define THEME_DIR_MAX_NAME	64

/* The directories in search order; the caller frees both. */
static void
theme_dir_dirs(char *dirs[2])
{
	dirs[0] = paths_themes();
	dirs[1] = xstrdup(MQTTY_DATADIR "/themes");
}

/*
 * Names go into a path and into messages: keep them to what a file name
 * needs, and no leading dot (no "..", no hidden files).
 */
static int
theme_dir_valid(const char *name, size_t len)
{
	static const char	ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
	size_t			i;

	if (len == 0 || len > THEME_DIR_MAX_NAME || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (name[i] == '\0' || strchr(ok, name[i]) == NULL)
			return 0;
	}
	return 1;
}

int
theme_dir_find(const char *name, char **path, char **err)
{
	struct stat	 sb;
	char		*dirs[2];
	int		 i, rc = 1;

	*path = NULL;
	if (!theme_dir_valid(name, strlen(name))) {
		*err = xasprintf("bad theme name '%.*s': only letters, "
		    "digits, '-', '_' and '.', not first", THEME_DIR_MAX_NAME,
		    name);
		return -1;
	}
	theme_dir_dirs(dirs);
	for (i = 0; i < 2 && rc == 1; i++) {
		*path = xasprintf("%s/%s.theme", dirs[i], name);
		/* Found if it is there at all: reading says what is wrong. */
		if (stat(*path, &sb) == 0)
			rc = 0;
		else {
			free(*path);
			*path = NULL;
		}
	}
	free(dirs[0]);
	free(dirs[1]);
	return rc;
}

char *
theme_dir_where(void)
{
	char	*dirs[2], *s;

	theme_dir_dirs(dirs);
	s = xasprintf("%s or %s", dirs[0], dirs[1]);
	free(dirs[0]);
	free(dirs[1]);
	return s;
}

static int
theme_dir_cmp(const void *a, const void *b)
{
	const struct theme_dir_entry	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Append dir's themes not already listed; returns the new count. */
static size_t
theme_dir_scan(const char *dir, struct theme_dir_entry **list, size_t n)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 first = n, i, len;
	const size_t	 ext = strlen(".theme");
	int		 seen;

	if ((d = opendir(dir)) == NULL)
		return n;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= ext || strcmp(de->d_name + len - ext, ".theme") != 0)
			continue;
		len -= ext;
		if (!theme_dir_valid(de->d_name, len))
			continue;
		for (seen = 0, i = 0; i < first && !seen; i++) {
			seen = strlen((*list)[i].name) == len &&
			    strncmp((*list)[i].name, de->d_name, len) == 0;
		}
		if (seen)
			continue;
		*list = xrealloc(*list, (n + 1) * sizeof **list);
		(*list)[n].name = xstrndup(de->d_name, len);
		(*list)[n].path = xasprintf("%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n > first)
		qsort(*list + first, n - first, sizeof **list, theme_dir_cmp);
	return n;
}

size_t
theme_dir_list(struct theme_dir_entry **list)
{
	char	*dirs[2];
	size_t	 n = 0;

	*list = NULL;
	theme_dir_dirs(dirs);
	n = theme_dir_scan(dirs[0], list, n);
	n = theme_dir_scan(dirs[1], list, n);
	free(dirs[0]);
	free(dirs[1]);
	return n;
}

void
theme_dir_free(struct theme_dir_entry *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].path);
	}
	free(list);
}

char *
theme_dir_read(const char *path, char **err)
{
	FILE		*f;
	struct buf	 b;
	char		 chunk[4096], *nul, *s, *p;
	size_t		 n;
	long		 line;

	if ((f = fopen(path, "r")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > THEME_DIR_MAX_SIZE)
			break;
	}
	if (ferror(f) || b.len > THEME_DIR_MAX_SIZE) {
		if (ferror(f))
			*err = xasprintf("%s: %s", path, strerror(errno));
		else
			*err = xasprintf("%s: too large for a theme (over "
			    "%d KiB)", path, THEME_DIR_MAX_SIZE / 1024);
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	/* The parser sees a C string: a NUL would hide the rest silently. */
	if (b.len > 0 && (nul = memchr(b.p, '\0', b.len)) != NULL) {
		for (line = 1, p = b.p; p < nul; p++)
			line += *p == '\n';
		*err = xasprintf("%s: line %ld: contains a NUL byte", path,
		    line);
		buf_free(&b);
		return NULL;
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}
