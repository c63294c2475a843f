/*
 * Only the owner may read the database: it holds every message and the
 * passwords stored by choice. New files and directories are made 0600 and
 * 0700 (store.c); an older or copied one with looser modes is tightened
 * on open when it is ours, and the change is said once.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "store-int.h"
#include "xmalloc.h"

/* Group and other bits off path (fd when >= 0); said into b. */
static void
store_perm_one(const char *path, int fd, int dir, struct buf *b)
{
	struct stat	sb;
	mode_t		want;
	int		rc;

	rc = fd >= 0 ? fstat(fd, &sb) : stat(path, &sb);
	if (rc != 0 || sb.st_uid != geteuid() || (sb.st_mode & 077) == 0)
		return;
	if (dir != (S_ISDIR(sb.st_mode) != 0))
		return;
	/* A shared directory (sticky, as /tmp) is not ours to close. */
	if (dir && (sb.st_mode & S_ISVTX))
		return;
	want = sb.st_mode & 07700;
	rc = fd >= 0 ? fchmod(fd, want) : chmod(path, want);
	if (rc != 0)
		return;
	buf_addf(b, "%s%s %04o -> %04o", b->len > 0 ? ", " : "", path,
	    (unsigned)(sb.st_mode & 07777), (unsigned)want);
}

char *
store_perm_tighten(const char *path, int fd)
{
	struct buf	 b;
	const char	*slash, *base;
	char		*dir, *side, *note = NULL;

	buf_init(&b);
	store_perm_one(path, fd, 0, &b);
	side = xasprintf("%s-wal", path);
	store_perm_one(side, -1, 0, &b);
	free(side);
	side = xasprintf("%s-shm", path);
	store_perm_one(side, -1, 0, &b);
	free(side);
	/*
	 * The directory only when it is mqtty's own (the default's
	 * .../mqtty): another is the user's to choose.
	 */
	if ((slash = strrchr(path, '/')) != NULL && slash != path) {
		dir = xstrndup(path, (size_t)(slash - path));
		base = strrchr(dir, '/');
		base = base != NULL ? base + 1 : dir;
		if (strcmp(base, "mqtty") == 0)
			store_perm_one(dir, -1, 1, &b);
		free(dir);
	}
	if (b.len > 0)
		note = xasprintf("only you may read the database now: %s",
		    buf_str(&b));
	buf_free(&b);
	return note;
}
