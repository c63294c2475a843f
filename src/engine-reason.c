/* Readable words for what brokers, sockets and TLS say. */
#include <errno.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "connack.h"
#include "engine-int.h"
#include "xmalloc.h"

/* Readable words for a v3 CONNACK code or a v5 reason code. */
const char *
engine_refusal(int version, int rc)
{
	return connack_reason_words(version, rc);
}

const char *
engine_errno_words(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case EHOSTUNREACH:
		return "host unreachable";
	case ENETUNREACH:
		return "network unreachable";
	case ETIMEDOUT:
		return "connection timed out";
	case ECONNRESET:
		return "connection reset by peer";
	}
	return strerror(err);
}

/* Why mosquitto_connect failed (a TLS failure has words of its own). */
char *
engine_connect_words(int rc, int err, const char *host, int port)
{
	if (rc == MOSQ_ERR_ERRNO)
		return xasprintf("cannot connect to %s:%d: %s", host, port,
		    engine_errno_words(err));
	if (rc == MOSQ_ERR_EAI)
		return xasprintf("cannot resolve host '%s'", host);
	return xasprintf("cannot connect to %s:%d: %s", host, port,
	    mosquitto_strerror(rc));
}

/* libmosquitto's own strings are sentences; we want short words. */
const char *
engine_rc_words(int rc)
{
	switch (rc) {
	case MOSQ_ERR_CONN_LOST:
		return "the broker closed the connection";
	case MOSQ_ERR_PROTOCOL:
	case MOSQ_ERR_MALFORMED_PACKET:
		return "protocol error";
	case MOSQ_ERR_ERRNO:
		return engine_errno_words(errno);
	}
	return mosquitto_strerror(rc);
}

/* The server's certificate was refused: that is why, whatever rc says. */
int
engine_tls_refused(const struct engine_tls_verify *v)
{
	return (v->result != X509_V_OK && !v->accepted) || v->alert[0] != '\0';
}

/*
 * Why a TLS connection failed: the verify callback's words when the
 * certificate was refused, else libmosquitto's last log line.
 */
char *
engine_tls_words(const struct engine_tls_verify *v, const char *log)
{
	const char	*w = engine_tls_verify_words(v);
	char		*a;

	if (w != NULL && !v->accepted)
		return xasprintf("TLS certificate verification failed: %s", w);
	if ((a = engine_tls_alert_words(v)) != NULL)
		return a;
	if (log != NULL)
		return xasprintf("TLS error: %s", log);
	return xstrdup("TLS error");
}
