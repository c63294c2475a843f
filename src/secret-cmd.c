/*
 * Run a command that prints a secret. posix_spawn, not fork: it is called
 * from connect threads, and only exec is safe in a threaded child.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "secret-cmd.h"
#include "xmalloc.h"

extern char	**environ;

#define SECRET_CMD_MAX	4096	/* bytes of each stream kept */

static long long
secret_cmd_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first line of buf (len bytes), NUL-terminated, CR dropped. */
static char *
secret_cmd_first(const char *buf, size_t len)
{
	size_t	n = 0;

	while (n < len && buf[n] != '\n' && buf[n] != '\0')
		n++;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return xstrndup(buf, n);
}

/* Read both pipes to EOF (or the deadline); 0, or -1 when too slow. */
static int
secret_cmd_drain(int fds[2], char *bufs[2], size_t lens[2])
{
	struct pollfd	pfd[2];
	long long	end = secret_cmd_now_ms() + SECRET_CMD_TIMEOUT * 1000;
	char		tmp[512];
	ssize_t		r;
	int		i, open = 2, left;

	while (open > 0) {
		for (i = 0; i < 2; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if ((left = (int)(end - secret_cmd_now_ms())) <= 0)
			return -1;
		if (poll(pfd, 2, left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (fds[i] == -1 || pfd[i].revents == 0)
				continue;
			r = read(fds[i], tmp, sizeof tmp);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(fds[i]);
				fds[i] = -1;
				open--;
				continue;
			}
			if (lens[i] + (size_t)r > SECRET_CMD_MAX)
				r = (ssize_t)(SECRET_CMD_MAX - lens[i]);
			memcpy(bufs[i] + lens[i], tmp, (size_t)r);
			lens[i] += (size_t)r;
		}
	}
	return 0;
}

int
secret_cmd_line(const char *cmd, char **out, char **err)
{
	posix_spawn_file_actions_t	 fa;
	char				*argv[] = { "sh", "-c", NULL, NULL };
	char				*bufs[2], *why;
	size_t				 lens[2] = { 0, 0 };
	int				 po[2], pe[2], fds[2], st, rc, slow, i;
	pid_t				 pid;

	*out = NULL;
	if (pipe2(po, O_CLOEXEC) == -1)
		goto syserr;
	if (pipe2(pe, O_CLOEXEC) == -1) {
		close(po[0]);
		close(po[1]);
		goto syserr;
	}
	argv[2] = (char *)cmd;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		*err = xasprintf("cannot run /bin/sh: %s", strerror(rc));
		return -1;
	}
	fds[0] = po[0];
	fds[1] = pe[0];
	bufs[0] = xmalloc(SECRET_CMD_MAX);
	bufs[1] = xmalloc(SECRET_CMD_MAX);
	slow = secret_cmd_drain(fds, bufs, lens) != 0;
	for (i = 0; i < 2; i++) {
		if (fds[i] != -1)
			close(fds[i]);
	}
	if (slow)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	why = NULL;
	if (slow)
		why = xasprintf("took over %d s (it must not wait for input)",
		    SECRET_CMD_TIMEOUT);
	else if (WIFSIGNALED(st))
		why = xasprintf("killed by signal %d", WTERMSIG(st));
	else if (WEXITSTATUS(st) != 0) {
		char	*line = secret_cmd_first(bufs[1], lens[1]);

		why = *line != '\0' ? xasprintf("exit status %d: %s",
		    WEXITSTATUS(st), line) :
		    xasprintf("exit status %d", WEXITSTATUS(st));
		free(line);
	} else if (lens[0] == 0 || bufs[0][0] == '\n')
		why = xstrdup("it printed nothing");
	if (why == NULL)
		*out = secret_cmd_first(bufs[0], lens[0]);
	explicit_bzero(bufs[0], SECRET_CMD_MAX);
	free(bufs[0]);
	free(bufs[1]);
	if (why != NULL) {
		*err = xasprintf("'%s' failed: %s", cmd, why);
		free(why);
		return -1;
	}
	return 0;
syserr:
	*err = xasprintf("cannot run '%s': %s", cmd, strerror(errno));
	return -1;
}
