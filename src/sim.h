/*
 * Simulations: sensor fleets publishing on a connection at a rate, driven
 * by loop timers, each message through the engine's publish like any
 * other (so it is recorded). Several run at once, each by name.
 */
#ifndef SIM_H
#define SIM_H
#include <stdint.h>

struct buf;

struct sim_spec {
	const char	*name;		/* NULL: sim1, sim2, ... */
	const char	*conn;
	const char	*pattern;	/* topic, %d = device number */
	int		 kind;		/* enum sim_kind */
	int		 qos;
	int		 retain;
	double		 rate;		/* messages a second, each device */
	unsigned	 devices;
	uint64_t	 count;		/* each device; 0: until stopped */
};

/* Start one; 0, or -1 with *err (heap). Its name in *name (static). */
int		 sim_start(const struct sim_spec *, const char **, char **);
/* Stop one by name (NULL: all); how many stopped. */
int		 sim_stop(const char *);
int		 sim_count(void);
int		 sim_exists(const char *);
/* A line describing the i-th, into the buffer; -1 past the end. */
int		 sim_describe(int, struct buf *);
void		 sim_free_all(void);
#endif
