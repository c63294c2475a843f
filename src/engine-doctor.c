/*
 * The doctor's last step: a real MQTT connect through libmosquitto with
 * the profile's settings (engine_mosq_new: protocol, user; the TLS
 * context a connection gets; the CONNECT properties as a connection
 * sends them), to read the CONNACK.
 * It runs in the doctor's worker thread with a client of its own, so
 * blocking calls are fine here and the loop is not touched.
 *
 * The session is always clean and never kept (no session expiry), and a
 * client id the profile would share with a live connection or a kept
 * session is not used (cmd-doctor.c picks the id): the doctor must not
 * take a connection's place or its queued messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/ssl.h>

#include "connack.h"
#include "doctor-int.h"
#include "engine-int.h"
#include "password.h"
#include "secret-cmd.h"
#include "ws-relay.h"
#include "xmalloc.h"

struct engine_doctor {
	struct connack		 ca;
	int			 got;
	char			*log;	/* libmosquitto's last error line */
	struct engine_tls_verify tlsv;
};

static void
engine_doctor_on_connect(struct mosquitto *mosq, void *obj, int rc,
    int flags, const mosquitto_property *props)
{
	struct engine_doctor	*ed = obj;

	engine_connack_read(&ed->ca, ed->ca.version, rc, flags, props);
	ed->got = 1;
}

static void
engine_doctor_on_log(struct mosquitto *mosq, void *obj, int level,
    const char *s)
{
	struct engine_doctor	*ed = obj;

	if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) {
		free(ed->log);
		ed->log = xstrdup(s);
	}
}

static char *
engine_doctor_words(struct engine_doctor *ed, int rc, int err,
    const struct profile *p)
{
	if (rc == MOSQ_ERR_TLS)
		return engine_tls_words(&ed->tlsv, ed->log);
	if (rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NO_CONN)
		return xasprintf("the broker closed the connection before "
		    "CONNACK%s", p->tls ? "" : " (a TLS port? mqtts://)");
	if (rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_EAI)
		return engine_connect_words(rc, err, p->host, p->port);
	return xstrdup(engine_rc_words(rc));
}

static void
engine_doctor_report(struct doctor *d, struct engine_doctor *ed)
{
	const struct connack	*ca = &ed->ca;

	cJSON_AddNumberToObject(d->data, "reason_code", ca->reason);
	cJSON_AddStringToObject(d->data, "reason",
	    connack_reason_words(ca->version, ca->reason));
	cJSON_AddBoolToObject(d->data, "session_present",
	    ca->session_present);
	cJSON_AddItemToObject(d->data, "properties", connack_props_json(ca));
	if (ca->reason != 0)
		doctor_step_fail(d, "connection refused: %s%s%s",
		    connack_reason_words(ca->version, ca->reason),
		    ca->reason_string != NULL ? ": " : "",
		    ca->reason_string != NULL ? ca->reason_string : "");
	else
		doctor_step_ok(d, "accepted (MQTT %s), session present: %s",
		    ca->version == 5 ? "5" : ca->version == 3 ? "3.1" :
		    "3.1.1", ca->session_present ? "yes" : "no");
}

/* Through the profile's SOCKS5 proxy, with libmosquitto's own client. */
static int
engine_doctor_proxy(struct mosquitto *mosq, const struct profile *p,
    char **err)
{
	struct doctor_proxy	px;
	int			rc;

	if (p->proxy == NULL || *p->proxy == '\0')
		return 0;
	if (doctor_proxy_parse(p->proxy, &px, err) != 0)
		return -1;
	if (!px.socks) {
		doctor_proxy_clear(&px);
		*err = xstrdup("MQTT through an HTTP proxy is not tried by "
		    "the doctor (libmosquitto speaks SOCKS5)");
		return -1;
	}
	rc = mosquitto_socks5_set(mosq, px.host, px.port, px.user, px.pass);
	doctor_proxy_clear(&px);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("proxy: %s", mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

static int
engine_doctor_password(struct profile *p, char **err)
{
	char	*pw = NULL, *e = NULL;

	if (secret_cmd_line(p->password_command, &pw, &e) != 0) {
		*err = xasprintf("password command %s", e);
		free(e);
		return -1;
	}
	profile_set(&p->password, pw);
	password_free(pw);
	return 0;
}

void
engine_doctor_step(struct doctor *d)
{
	struct engine_doctor	 ed;
	struct ws_relay		*relay = NULL;
	SSL_CTX			*ssl = NULL;	/* wss: the relay's */
	struct profile		*p;
	struct mosquitto	*mosq = NULL;
	mosquitto_property	*props = NULL;
	char			*err = NULL;
	double			 left;
	int			 rc, e;

	doctor_step_begin(d, "connack");
	memset(&ed, 0, sizeof ed);
	engine_tls_verify_reset(&ed.tlsv);
	connack_init(&ed.ca, d->p->version);
	cJSON_AddStringToObject(d->data, "client_id", d->client_id);
	if (d->id_note != NULL)
		cJSON_AddStringToObject(d->data, "client_id_note", d->id_note);
	/* A clean session that is not kept: nothing stays on the broker. */
	p = profile_dup(d->p);
	p->clean = 1;
	p->session_expiry = -1;
	/* --password-command: here, off the loop, as a connect runs it. */
	if (p->password_command != NULL &&
	    engine_doctor_password(p, &err) != 0) {
		doctor_step_fail(d, "%s", err);
		free(err);
		goto out;
	}
	/* Over WebSocket a relay of its own carries it, TLS included. */
	if ((mosq = engine_mosq_new(d->client_id, 1, &ed, p, &err)) == NULL ||
	    (p->ws && engine_ws_attach(mosq, &relay, p, 1, &err) != 0) ||
	    (p->ws && engine_ws_tls(relay, &ssl, p, &err) != 0) ||
	    (p->tls && !p->ws &&
	    engine_tls_apply(mosq, p, &ed.tlsv, &err) != 0) ||
	    (!p->ws && engine_doctor_proxy(mosq, p, &err) != 0) ||
	    engine_connect_props(p, &props, &err) != 0) {
		doctor_step_fail(d, "%s", err);
		free(err);
		goto out;
	}
	mosquitto_threaded_set(mosq, false);
	mosquitto_connect_v5_callback_set(mosq, engine_doctor_on_connect);
	mosquitto_log_callback_set(mosq, engine_doctor_on_log);
	errno = 0;
	rc = mosquitto_connect_bind_v5(mosq, p->host, p->port,
	    p->keepalive, NULL, props);
	e = errno;
	while (rc == MOSQ_ERR_SUCCESS && !ed.got) {
		left = d->step_start + d->timeout_ms - doctor_now();
		if (left <= 0)
			break;
		errno = 0;
		rc = mosquitto_loop(mosq, left > 100 ? 100 : (int)left + 1, 1);
		e = errno;
	}
	if (ed.got) {
		engine_doctor_report(d, &ed);
		/* A polite goodbye, as far as the socket takes it now. */
		if (ed.ca.reason == 0) {
			mosquitto_disconnect(mosq);
			mosquitto_loop(mosq, 100, 1);
		}
	} else if (rc != MOSQ_ERR_SUCCESS) {
		err = engine_doctor_words(&ed, rc, e, p);
		doctor_step_fail(d, "%s", err);
		free(err);
	} else
		doctor_step_fail(d, "no CONNACK within %d ms", d->timeout_ms);
out:
	mosquitto_property_free_all(&props);
	mosquitto_destroy(mosq);
	ws_relay_free(relay);
	SSL_CTX_free(ssl);
	profile_free(p);
	connack_clear(&ed.ca);
	engine_tls_verify_reset(&ed.tlsv);
	free(ed.log);
}
