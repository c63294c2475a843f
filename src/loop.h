/* The poll() loop: file descriptors, timers, signals, end-of-turn hooks. */
#ifndef LOOP_H
#define LOOP_H
#include <stdint.h>

struct loop_fd;
struct loop_timer;

typedef void (*loop_fd_cb)(int, short, void *);
typedef void (*loop_cb)(void *);

void		 loop_init(void);
void		 loop_free(void);
struct loop_fd	*loop_fd_add(int, short, loop_fd_cb, void *);
void		 loop_fd_set_events(struct loop_fd *, short);
void		 loop_fd_remove(struct loop_fd *);

struct loop_timer *loop_timer_new(loop_cb, void *);
void		 loop_timer_start(struct loop_timer *, int64_t);
void		 loop_timer_stop(struct loop_timer *);
int		 loop_timer_pending(struct loop_timer *);
void		 loop_timer_free(struct loop_timer *);

/* Before each poll (adjust interest sets), after each turn (flush work). */
void		 loop_before_poll(loop_cb, void *);
void		 loop_after_turn(loop_cb, void *);

/* Run fn on the loop thread when sig arrives (through the self-pipe). */
void		 loop_signal(int, void (*)(int));
/* Wake the loop from another thread; cb runs on the loop thread. */
void		 loop_wake(loop_cb, void *);

int		 loop_run(void);
void		 loop_exit(int);
int		 loop_exiting(void);

int64_t		 loop_now(void);	/* monotonic ms */
int64_t		 wall_now(void);	/* ms since the epoch */
#endif
