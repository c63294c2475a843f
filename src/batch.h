/* --batch: run commands without a screen and print events as lines. */
#ifndef BATCH_H
#define BATCH_H

struct cmdq;

struct batch_opts {
	int		 json;
	const char	*format;	/* -F, default "%t %p" */
	long		 count;		/* -C, 0: no limit */
	double		 wait;		/* -W seconds, 0: none */
	int		 read_stdin;
};

/* Runs the loop until done; returns the exit status. */
int	batch_run(struct cmdq *, const struct batch_opts *);
/*
 * After the program's teardown (which may still report events): write
 * what is left of the output, for a short while at most; returns the
 * status, made 1 if output was lost.
 */
int	batch_finish(int);
#endif
