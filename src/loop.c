/*
 * The poll() loop. One thread owns everything; other threads and signal
 * handlers only write a byte to the self-pipe. Timers are few (one per
 * connection at most), so a list scanned each turn is enough.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "xmalloc.h"

struct loop_fd {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
	int		 dead;
};

struct loop_timer {
	int64_t		 at;
	int		 active;
	loop_cb		 cb;
	void		*arg;
	struct loop_timer *next;
};

struct loop_hook {
	loop_cb		 cb;
	void		*arg;
};

struct loop_wakeup {
	loop_cb		 cb;
	void		*arg;
	struct loop_wakeup *next;
};

static struct loop_fd	**loop_fds;
static int		  loop_nfds;
static struct loop_timer *loop_timers;
static struct loop_hook	 *loop_before, *loop_after;
static int		  loop_nbefore, loop_nafter;
static int		  loop_pipe[2] = { -1, -1 };
static void		(*loop_sig_fn[NSIG])(int);
static volatile sig_atomic_t loop_sig_seen[NSIG];
static int		  loop_done;
static int		  loop_status;
static pthread_mutex_t	  loop_wake_lock = PTHREAD_MUTEX_INITIALIZER;
static struct loop_wakeup *loop_wake_head, **loop_wake_tail = &loop_wake_head;

int64_t
loop_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
wall_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
loop_poke(void)
{
	char	c = 0;
	int	saved = errno;

	/* A full pipe already guarantees a wake-up: ignore EAGAIN. */
	(void)!write(loop_pipe[1], &c, 1);
	errno = saved;
}

static void
loop_sighandler(int sig)
{
	loop_sig_seen[sig] = 1;
	loop_poke();
}

void
loop_init(void)
{
	int	i;

	if (pipe(loop_pipe) == -1)
		fatal("pipe: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		fcntl(loop_pipe[i], F_SETFL,
		    fcntl(loop_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(loop_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	signal(SIGPIPE, SIG_IGN);
}

void
loop_free(void)
{
	struct loop_timer	*t;
	int			 i;

	for (i = 0; i < loop_nfds; i++)
		free(loop_fds[i]);
	free(loop_fds);
	loop_fds = NULL;
	loop_nfds = 0;
	while ((t = loop_timers) != NULL) {
		loop_timers = t->next;
		free(t);
	}
	free(loop_before);
	free(loop_after);
	loop_before = loop_after = NULL;
	loop_nbefore = loop_nafter = 0;
	for (i = 0; i < 2; i++) {
		if (loop_pipe[i] != -1)
			close(loop_pipe[i]);
		loop_pipe[i] = -1;
	}
}

struct loop_fd *
loop_fd_add(int fd, short events, loop_fd_cb cb, void *arg)
{
	struct loop_fd	*lf = xcalloc(1, sizeof *lf);

	lf->fd = fd;
	lf->events = events;
	lf->cb = cb;
	lf->arg = arg;
	loop_fds = xrealloc(loop_fds, (loop_nfds + 1) * sizeof *loop_fds);
	loop_fds[loop_nfds++] = lf;
	return lf;
}

void
loop_fd_set_events(struct loop_fd *lf, short events)
{
	lf->events = events;
}

void
loop_fd_remove(struct loop_fd *lf)
{
	/* Freed after dispatch: callbacks may remove entries mid-turn. */
	if (lf != NULL)
		lf->dead = 1;
}

static void
loop_fd_reap(void)
{
	int	i, j;

	for (i = j = 0; i < loop_nfds; i++) {
		if (loop_fds[i]->dead)
			free(loop_fds[i]);
		else
			loop_fds[j++] = loop_fds[i];
	}
	loop_nfds = j;
}

struct loop_timer *
loop_timer_new(loop_cb cb, void *arg)
{
	struct loop_timer	*t = xcalloc(1, sizeof *t);

	t->cb = cb;
	t->arg = arg;
	t->next = loop_timers;
	loop_timers = t;
	return t;
}

void
loop_timer_start(struct loop_timer *t, int64_t ms)
{
	t->at = loop_now() + (ms < 0 ? 0 : ms);
	t->active = 1;
}

void
loop_timer_stop(struct loop_timer *t)
{
	t->active = 0;
}

int
loop_timer_pending(struct loop_timer *t)
{
	return t->active;
}

void
loop_timer_free(struct loop_timer *t)
{
	struct loop_timer	**tp;

	if (t == NULL)
		return;
	for (tp = &loop_timers; *tp != NULL; tp = &(*tp)->next) {
		if (*tp == t) {
			*tp = t->next;
			free(t);
			return;
		}
	}
}

static void
loop_hook_add(struct loop_hook **v, int *n, loop_cb cb, void *arg)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].cb = cb;
	(*v)[*n].arg = arg;
	(*n)++;
}

void
loop_before_poll(loop_cb cb, void *arg)
{
	loop_hook_add(&loop_before, &loop_nbefore, cb, arg);
}

void
loop_after_turn(loop_cb cb, void *arg)
{
	loop_hook_add(&loop_after, &loop_nafter, cb, arg);
}

void
loop_signal(int sig, void (*fn)(int))
{
	struct sigaction	sa;

	loop_sig_fn[sig] = fn;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sighandler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void
loop_wake(loop_cb cb, void *arg)
{
	struct loop_wakeup	*w = xcalloc(1, sizeof *w);

	w->cb = cb;
	w->arg = arg;
	pthread_mutex_lock(&loop_wake_lock);
	*loop_wake_tail = w;
	loop_wake_tail = &w->next;
	pthread_mutex_unlock(&loop_wake_lock);
	loop_poke();
}

static void
loop_drain_pipe(void)
{
	struct loop_wakeup	*w, *next;
	char			 buf[256];
	int			 sig;

	while (read(loop_pipe[0], buf, sizeof buf) > 0)
		;
	for (sig = 1; sig < NSIG; sig++) {
		if (loop_sig_seen[sig]) {
			loop_sig_seen[sig] = 0;
			if (loop_sig_fn[sig] != NULL)
				loop_sig_fn[sig](sig);
		}
	}
	pthread_mutex_lock(&loop_wake_lock);
	w = loop_wake_head;
	loop_wake_head = NULL;
	loop_wake_tail = &loop_wake_head;
	pthread_mutex_unlock(&loop_wake_lock);
	for (; w != NULL; w = next) {
		next = w->next;
		w->cb(w->arg);
		free(w);
	}
}

static int
loop_timeout(void)
{
	struct loop_timer	*t;
	int64_t			 now = loop_now(), first = -1;

	for (t = loop_timers; t != NULL; t = t->next) {
		if (t->active && (first == -1 || t->at < first))
			first = t->at;
	}
	if (first == -1)
		return -1;
	return first <= now ? 0 : (int)(first - now);
}

static void
loop_fire_timers(void)
{
	struct loop_timer	*t;
	int64_t			 now = loop_now();
	int			 fired;

	/* A callback may add or free timers: restart the scan after each. */
	do {
		fired = 0;
		for (t = loop_timers; t != NULL; t = t->next) {
			if (t->active && t->at <= now) {
				t->active = 0;
				t->cb(t->arg);
				fired = 1;
				break;
			}
		}
	} while (fired);
}

int
loop_run(void)
{
	struct pollfd	*pfd = NULL;
	struct loop_fd	**snap = NULL;
	int		 i, n, rc;

	while (!loop_done) {
		for (i = 0; i < loop_nbefore; i++)
			loop_before[i].cb(loop_before[i].arg);
		if (loop_done)
			break;

		n = loop_nfds;
		pfd = xrealloc(pfd, (n + 1) * sizeof *pfd);
		snap = xrealloc(snap, (n + 1) * sizeof *snap);
		pfd[0].fd = loop_pipe[0];
		pfd[0].events = POLLIN;
		for (i = 0; i < n; i++) {
			snap[i] = loop_fds[i];
			pfd[i + 1].fd = loop_fds[i]->dead ? -1 : loop_fds[i]->fd;
			pfd[i + 1].events = loop_fds[i]->events;
			pfd[i + 1].revents = 0;
		}
		rc = poll(pfd, n + 1, loop_timeout());
		if (rc == -1 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (rc > 0 && (pfd[0].revents & POLLIN))
			loop_drain_pipe();
		for (i = 0; rc > 0 && i < n; i++) {
			if (pfd[i + 1].revents != 0 && !snap[i]->dead)
				snap[i]->cb(snap[i]->fd, pfd[i + 1].revents,
				    snap[i]->arg);
		}
		loop_fire_timers();
		loop_fd_reap();
		for (i = 0; i < loop_nafter; i++)
			loop_after[i].cb(loop_after[i].arg);
	}
	free(pfd);
	free(snap);
	return loop_status;
}

void
loop_exit(int status)
{
	loop_done = 1;
	if (status > loop_status)
		loop_status = status;
}

int
loop_exiting(void)
{
	return loop_done;
}
