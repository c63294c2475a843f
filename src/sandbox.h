/* --sandbox: a private mosquitto on a free loopback port. */
#ifndef SANDBOX_H
#define SANDBOX_H

/* Returns the port, or -1 with *err. */
int	sandbox_start(char **);
void	sandbox_stop(void);
#endif
