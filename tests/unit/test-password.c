/* password_resolve: which source a connect's password comes from. */
#include <stdlib.h>
#include <string.h>

#include "password.h"
#include "profile.h"
#include "unit.h"

static void
resolve(const struct profile *p, int given, int can_ask, int want,
    const char *want_pw, const char *want_err)
{
	char	*pw = NULL, *err = NULL;

	CHECK_INT(password_resolve(p, "home", given, can_ask, &pw, &err),
	    want);
	CHECK_STR(pw, want_pw);
	CHECK_STR(err, want_err);
	password_free(pw);
	free(err);
}

int
main(void)
{
	struct profile	p;

	profile_init(&p);
	resolve(&p, 0, 1, PASSWORD_NONE, NULL, NULL);

	/* An old profile's stored password keeps working. */
	profile_set(&p.password, "stored");
	resolve(&p, 0, 0, PASSWORD_HAVE, "stored", NULL);

	/* Ask: on the screen; in batch, an error unless one is given. */
	p.ask_password = 1;
	resolve(&p, 0, 1, PASSWORD_ASK, NULL, NULL);
	profile_set(&p.password, NULL);
	resolve(&p, 0, 0, -1, NULL, "home asks for a password: give -P, "
	    "--password-env or --password-command");
	profile_set(&p.password, "given");
	resolve(&p, 1, 0, PASSWORD_HAVE, "given", NULL);

	/* The environment wins over asking; unset or empty is an error. */
	profile_set(&p.password_env, "MQTTY_TEST_PW");
	unsetenv("MQTTY_TEST_PW");
	resolve(&p, 0, 1, -1, NULL, "'home' takes its password from "
	    "$MQTTY_TEST_PW, which is not set");
	setenv("MQTTY_TEST_PW", "", 1);
	resolve(&p, 0, 1, -1, NULL, "'home' takes its password from "
	    "$MQTTY_TEST_PW, which is empty");
	setenv("MQTTY_TEST_PW", "from env", 1);
	resolve(&p, 0, 1, PASSWORD_HAVE, "from env", NULL);

	/* The command wins over the rest; a given one over the command. */
	profile_set(&p.password_command, "pass show mqtt/home");
	resolve(&p, 0, 1, PASSWORD_COMMAND, NULL, NULL);
	resolve(&p, 1, 0, PASSWORD_HAVE, "given", NULL);

	profile_clear(&p);
	return unit_done();
}
