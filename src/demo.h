/*
 * The guided demo's script: the getting-started tutorial as steps, each
 * a title, one or two lines saying what it shows, and the command lines
 * it runs (ordinary ones, for a person to run again by hand).
 */
#ifndef DEMO_H
#define DEMO_H

struct demo_line {
	char	*line;
	/* Skipped while this connection is live (a second run). */
	char	*unless_live;
	/* Run only while this simulation runs (the end's stops). */
	char	*if_sim;
};

int		 demo_steps(void);
const char	*demo_title(int);
/* What step i shows, for the broker at url (heap). */
char		*demo_text(int, const char *);
/* Step i's lines for the broker at url; *n of them (heap, demo_free). */
struct demo_line *demo_lines(int, const char *, int *);
void		 demo_lines_free(struct demo_line *, int);
/* The lines that end the demo (its sensors stop). */
struct demo_line *demo_end_lines(int *);
#endif
