/*
 * The config file. Lines are queued, not run: the queue runs them in order
 * once the loop starts, so a line waiting on a broker holds the next ones,
 * and each error is reported in its turn with the line it came from.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "rcfile.h"
#include "xmalloc.h"

/* One command a line; '#' starts a comment only at the start of a line. */
static void
rcfile_line(struct cmdq *q, const char *path, long lineno, char *line,
    size_t n)
{
	char	*s, *source;

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	source = xasprintf("%s:%ld", path, lineno);
	if (memchr(line, '\0', n) != NULL) {
		/* The parser sees a C string: the rest would vanish unseen. */
		cmdq_append_error(q, source, "contains a NUL byte");
		free(source);
		return;
	}
	for (s = line; *s == ' ' || *s == '\t'; s++)
		;
	if (*s != '\0' && *s != '#')
		cmdq_append_from(q, s, source);
	free(source);
}

int
rcfile_load(struct cmdq *q, const char *path, int must, char **err)
{
	struct stat	 st;
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	long		 lineno = 0;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT && !must)
			return 0;
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	/* open(2) takes a directory and read(2) fails later: say it now. */
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		*err = xasprintf("%s: is a directory", path);
		return -1;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1)
		rcfile_line(q, path, ++lineno, line, (size_t)n);
	saved = errno;
	free(line);
	if (ferror(f)) {
		*err = xasprintf("%s: %s", path, strerror(saved));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}
