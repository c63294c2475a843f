/* --batch: run commands without a screen and print events as lines. */
#ifndef BATCH_H
#define BATCH_H

struct cmdq;

struct batch_opts {
	int		 json;
	const char	*format;	/* -F, NULL: "%t %p" (or -v's) */
	long		 count;		/* -C, 0: no limit */
	double		 wait;		/* -W seconds, 0: none */
	int		 read_stdin;
	/* mosquitto_sub's output flags. */
	int		 verbose;	/* -v */
	int		 pretty;	/* --pretty */
	int		 no_eol;	/* -N */
	int		 no_retain;	/* -R */
	int		 retained_only;	/* --retained-only */
	int		 remove_retained; /* --remove-retained */
	int		 random_filter;	/* in 10000ths; 10000: all */
	int		 watch;		/* --watch */
	char		**filter_out;	/* -T, NULL-terminated */
};

/* Runs the loop until done; returns the exit status. */
int	batch_run(struct cmdq *, const struct batch_opts *);
/*
 * After the program's teardown (which may still report events): write
 * what is left of the output, for a short while at most; returns the
 * status, made 1 if output was lost.
 */
int	batch_finish(int);
/*
 * Hand the rest of standard input to a command (publish -l): what was
 * read but not run yet is moved to rest. Returns the descriptor, or -1
 * when there is no batch input left to take.
 */
struct buf;
int	batch_stdin_take(struct buf *);
/* Give it back at its end: batch input is then over. */
void	batch_stdin_return(void);
#endif
