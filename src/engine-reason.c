/* Readable words for what brokers, sockets and TLS say. */
#include <errno.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/ssl.h>

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

/* Turn libmosquitto's TLS log line into words a person reads. */
char *
engine_tls_words(struct engine_conn *ec)
{
	SSL		*ssl = mosquitto_ssl_get(ec->mosq);
	long		 vr;
	const char	*l = ec->last_log;

	/*
	 * libmosquitto checks the host name in its verify callback; a refusal
	 * there leaves OpenSSL's "unspecified" error behind.
	 */
	vr = ssl != NULL ? SSL_get_verify_result(ssl) : X509_V_OK;
	if (vr == X509_V_OK)
		vr = ec->tls_verify;	/* kept from the alert */
	if (vr == X509_V_ERR_UNSPECIFIED)
		return xstrdup("TLS certificate verification failed: the "
		    "certificate does not match the host name (--insecure "
		    "skips this check)");
	if (vr != X509_V_OK)
		return xasprintf("TLS certificate verification failed: %s",
		    X509_verify_cert_error_string(vr));
	if (l != NULL && strstr(l, "certificate verify failed") != NULL)
		return xstrdup("TLS certificate verification failed");
	if (l != NULL)
		return xasprintf("TLS error: %s", l);
	return xstrdup("TLS error");
}
