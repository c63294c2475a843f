/* A secret from a command's output (--key-password-command and kin). */
#ifndef SECRET_CMD_H
#define SECRET_CMD_H

/* Seconds a command may take before it is killed. */
#define SECRET_CMD_TIMEOUT	30

/*
 * Run cmd with /bin/sh -c, stdin from /dev/null, and return the first
 * line of its standard output (without the newline) in *out. Returns 0,
 * or -1 with *err: it could not start, exited non-zero (with the first
 * line it wrote to standard error), was killed, took too long or printed
 * nothing. Blocks: call it off the loop's thread. Caller frees both.
 */
int	secret_cmd_line(const char *, char **, char **);
#endif
