/* Where a connect's password comes from: the profile's password source. */
#ifndef PASSWORD_H
#define PASSWORD_H

struct profile;

enum password_how {
	PASSWORD_NONE,		/* no password is sent */
	PASSWORD_HAVE,		/* *pw: given, from the environment, stored */
	PASSWORD_COMMAND,	/* p->password_command, run off the loop */
	PASSWORD_ASK,		/* typed on the screen before connecting */
};

/*
 * The password of a connect to NAME with profile p. given: one was given
 * for this connect (-P or the URL), in p->password; it wins. Else the
 * source: command, environment variable, ask, stored. can_ask: there is
 * a screen to ask on. Returns the how (*pw set for PASSWORD_HAVE, caller
 * frees), or -1 with *err: the variable is not set, or nobody to ask.
 */
int	password_resolve(const struct profile *, const char *, int, int,
	    char **, char **);
/* Wipe and free a secret. */
void	password_free(char *);
#endif
