/*
 * The sandbox broker: mosquitto from PATH with its own config and data in
 * a temporary directory, persistence on so offline demos work. It runs in
 * its own process group and is stopped (and its files removed) on exit.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "xmalloc.h"

static pid_t	 sandbox_pid = -1;
static char	*sandbox_dir;

static char *
sandbox_find(void)
{
	const char	*path = getenv("PATH"), *forced;
	char		*copy, *dir, *save = NULL, *cand;

	/* MQTTY_MOSQUITTO names the broker to run, for tests and odd installs. */
	if ((forced = getenv("MQTTY_MOSQUITTO")) != NULL && *forced != '\0')
		return access(forced, X_OK) == 0 ? xstrdup(forced) : NULL;

	/* Debian puts mosquitto in /usr/sbin, often not in a user's PATH. */
	copy = xasprintf("%s:/usr/sbin:/usr/local/sbin", path ? path : "");
	for (dir = strtok_r(copy, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		cand = xasprintf("%s/mosquitto", *dir ? dir : ".");
		if (access(cand, X_OK) == 0) {
			free(copy);
			return cand;
		}
		free(cand);
	}
	free(copy);
	return NULL;
}

static int
sandbox_free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, port = -1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
sandbox_accepts(int port)
{
	struct sockaddr_in	sin;
	int			fd, ok;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0;
	close(fd);
	return ok;
}

static int
sandbox_write_conf(const char *conf, int port)
{
	FILE	*f;

	if ((f = fopen(conf, "w")) == NULL)
		return -1;
	fprintf(f, "# mqtty sandbox broker\n"
	    "listener %d 127.0.0.1\n"
	    "allow_anonymous true\n"
	    "persistence true\n"
	    "persistence_location %s/\n"
	    "autosave_interval 60\n"
	    "log_dest stderr\n", port, sandbox_dir);
	return fclose(f);
}

static void
sandbox_spawn(const char *bin, const char *conf, const char *log)
{
	int	fd;

	setpgid(0, 0);
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600)) != -1) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	if ((fd = open("/dev/null", O_RDONLY)) != -1) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	execl(bin, "mosquitto", "-c", conf, (char *)NULL);
	_exit(127);
}

int
sandbox_start(char **err)
{
	const char	*tmp = getenv("TMPDIR");
	char		*bin, *conf = NULL, *log = NULL, *tmpl;
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	int		 port, i, t, status;

	if ((bin = sandbox_find()) == NULL) {
		*err = xstrdup("--sandbox needs the mosquitto broker, which "
		    "was not found in PATH or /usr/sbin: apt-get install "
		    "mosquitto");
		return -1;
	}
	tmpl = xasprintf("%s/mqtty-sandbox-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((sandbox_dir = mkdtemp(tmpl)) == NULL) {
		*err = xasprintf("cannot make a sandbox directory: %s",
		    strerror(errno));
		free(tmpl);
		free(bin);
		return -1;
	}
	conf = xasprintf("%s/mosquitto.conf", sandbox_dir);
	log = xasprintf("%s/mosquitto.log", sandbox_dir);
	/* Another process may take the port between probe and bind: retry. */
	for (i = 0; i < 3; i++) {
		if ((port = sandbox_free_port()) == -1 ||
		    sandbox_write_conf(conf, port) != 0)
			continue;
		if ((sandbox_pid = fork()) == -1)
			break;
		if (sandbox_pid == 0)
			sandbox_spawn(bin, conf, log);
		for (t = 0; t < 100; t++) {	/* 5 s at most */
			if (sandbox_accepts(port))
				goto ok;
			if (waitpid(sandbox_pid, &status, WNOHANG) ==
			    sandbox_pid) {
				sandbox_pid = -1;
				break;
			}
			nanosleep(&ts, NULL);
		}
		if (sandbox_pid != -1) {
			kill(sandbox_pid, SIGKILL);
			waitpid(sandbox_pid, NULL, 0);
			sandbox_pid = -1;
		}
	}
	*err = xasprintf("the sandbox broker did not start (see %s)", log);
	free(bin);
	free(conf);
	free(log);
	return -1;
ok:
	free(bin);
	free(conf);
	free(log);
	return port;
}

void
sandbox_stop(void)
{
	const char	*files[] = { "mosquitto.conf", "mosquitto.log",
	    "mosquitto.db", "mosquitto.db.new", NULL };
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	char		*f;
	int		 i;

	if (sandbox_pid > 0) {
		kill(sandbox_pid, SIGTERM);
		for (i = 0; i < 100; i++) {
			if (waitpid(sandbox_pid, NULL, WNOHANG) == sandbox_pid)
				break;
			nanosleep(&ts, NULL);
		}
		if (i == 100) {
			kill(sandbox_pid, SIGKILL);
			waitpid(sandbox_pid, NULL, 0);
		}
		sandbox_pid = -1;
	}
	if (sandbox_dir != NULL) {
		for (i = 0; files[i] != NULL; i++) {
			f = xasprintf("%s/%s", sandbox_dir, files[i]);
			unlink(f);
			free(f);
		}
		rmdir(sandbox_dir);
		free(sandbox_dir);
		sandbox_dir = NULL;
	}
}
