/*
 * A connection's secrets in the connect thread: the password a
 * --password-command prints, and the passphrase typed for an encrypted
 * client key, handed to the TLS context through engine-tls.c's hook.
 */
#include <stdlib.h>

#include <mosquitto.h>

#include "engine.h"
#include "engine-int.h"
#include "engine-tls.h"
#include "password.h"
#include "secret-cmd.h"
#include "xmalloc.h"

/* That thread's own, so connects made at once never mix them. */
static __thread const char	*engine_secret_pass;

static char *
engine_secret_pass_fn(const struct profile *p)
{
	return engine_secret_pass != NULL ? xstrdup(engine_secret_pass) : NULL;
}

void
engine_secret_init(void)
{
	engine_tls_set_passphrase_fn(engine_secret_pass_fn);
}

void
engine_secret_key_pass(const char *pass)
{
	engine_secret_pass = pass;
}

int
engine_key_needs_passphrase(const struct profile *p)
{
	if (!p->tls || p->cert == NULL || p->key_password_command != NULL)
		return 0;
	return engine_tls_key_encrypted(p->key != NULL ? p->key : p->cert);
}

int
engine_secret_command(struct engine_job *job)
{
	char	*e = NULL;

	if (secret_cmd_line(job->pw_command, &job->password, &e) != 0) {
		job->pw_err = xasprintf("password command %s", e);
		free(e);
		return -1;
	}
	if (mosquitto_username_pw_set(job->ec->mosq, job->username,
	    job->password) != MOSQ_ERR_SUCCESS) {
		job->pw_err = xstrdup("MQTT 3 sends a password only with a "
		    "username (-u)");
		return -1;
	}
	return 0;
}

void
engine_secret_job(struct engine_conn *ec, struct engine_job *job)
{
	struct conn	*c = ec->c;

	if (job->tlsp != NULL && c->key_secret != NULL)
		job->key_pass = xstrdup(c->key_secret);
	/* Once a session has its password, its reconnects reuse it. */
	if (c->secret == NULL && c->p->password_command != NULL) {
		job->pw_command = xstrdup(c->p->password_command);
		if (c->p->username != NULL)
			job->username = xstrdup(c->p->username);
	}
}

void
engine_secret_done(struct engine_conn *ec, struct engine_job *job)
{
	struct conn	*c = ec->c;

	if (job->pw_err != NULL)
		ec->refused = 1;	/* no retry: it would fail again */
	if (job->password == NULL)
		return;
	conn_set_secrets(c, job->password, c->key_secret != NULL ?
	    xstrdup(c->key_secret) : NULL);
	job->password = NULL;
}

void
engine_secret_free(struct engine_job *job)
{
	free(job->pw_command);
	free(job->username);
	password_free(job->password);
	free(job->pw_err);
	password_free(job->key_pass);
}

int
engine_secret_user(struct mosquitto *mosq, struct engine_conn *ec,
    char **err)
{
	/* The session's password, not the profile's: it has a source. */
	if (mosquitto_username_pw_set(mosq, ec->c->p->username,
	    ec->c->secret) != MOSQ_ERR_SUCCESS) {
		*err = xstrdup("MQTT 3 sends a password only with a username "
		    "(-u)");
		return -1;
	}
	return 0;
}
