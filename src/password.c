/*
 * The password of a connect, from the profile's source. Nothing here
 * blocks: a command is run by the engine's connect thread, and asking is
 * the screen's.
 */
#include <stdlib.h>
#include <string.h>

#include "password.h"
#include "profile.h"
#include "xmalloc.h"

int
password_resolve(const struct profile *p, const char *name, int given,
    int can_ask, char **pw, char **err)
{
	const char	*v;

	*pw = NULL;
	*err = NULL;
	if (given && p->password != NULL) {
		*pw = xstrdup(p->password);
		return PASSWORD_HAVE;
	}
	if (p->password_command != NULL)
		return PASSWORD_COMMAND;
	if (p->password_env != NULL) {
		if ((v = getenv(p->password_env)) == NULL || *v == '\0') {
			*err = xasprintf("'%s' takes its password from $%s, "
			    "which is %s", name, p->password_env,
			    v == NULL ? "not set" : "empty");
			return -1;
		}
		*pw = xstrdup(v);
		return PASSWORD_HAVE;
	}
	if (p->ask_password) {
		if (!can_ask) {
			*err = xasprintf("%s asks for a password: give -P, "
			    "--password-env or --password-command", name);
			return -1;
		}
		return PASSWORD_ASK;
	}
	if (p->password != NULL) {
		*pw = xstrdup(p->password);
		return PASSWORD_HAVE;
	}
	return PASSWORD_NONE;
}

void
password_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}
