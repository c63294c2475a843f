/*
 * The doctor's TLS step: a handshake over the link so far, on the very
 * context a connection gets (engine_tls_ctx_new: CA, host-name check,
 * key, ALPN, versions, its verify callback), so the doctor judges as a
 * connection would. Then what it gave (version, cipher, ALPN), the chain
 * the server sent (subject, issuer, names, validity and SHA-256
 * fingerprint of each; kept by the verify callback, so it is shown when
 * verification fails too) and the verification's result in words.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "buf.h"
#include "doctor-int.h"
#include "engine.h"
#include "xmalloc.h"

static char *
doctor_tls_errors(void)
{
	unsigned long	 e;
	struct buf	 b;
	char		 one[256], *s;

	buf_init(&b);
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, one, sizeof one);
		buf_addf(&b, "%s%s", b.len > 0 ? "; " : "", one);
	}
	s = xstrdup(b.len > 0 ? buf_str(&b) : "unknown error");
	buf_free(&b);
	return s;
}

static void
doctor_tls_add(cJSON *o, const char *key, char *s)
{
	cJSON_AddStringToObject(o, key, s);
	free(s);
}

static cJSON *
doctor_tls_cert(X509 *cert)
{
	cJSON		*o = cJSON_CreateObject();
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned	 mdlen = 0, i;
	struct buf	 fp;

	doctor_tls_add(o, "subject", engine_tls_name(
	    X509_get_subject_name(cert)));
	doctor_tls_add(o, "issuer", engine_tls_name(
	    X509_get_issuer_name(cert)));
	doctor_tls_add(o, "names", engine_tls_cert_names(cert));
	doctor_tls_add(o, "not_before", engine_tls_time(
	    X509_get0_notBefore(cert)));
	doctor_tls_add(o, "not_after", engine_tls_time(
	    X509_get0_notAfter(cert)));
	/* As openssl x509 -fingerprint -sha256 writes it. */
	buf_init(&fp);
	X509_digest(cert, EVP_sha256(), md, &mdlen);
	for (i = 0; i < mdlen; i++)
		buf_addf(&fp, "%s%02X", i > 0 ? ":" : "", md[i]);
	cJSON_AddStringToObject(o, "sha256", buf_str(&fp));
	buf_free(&fp);
	return o;
}

/* The chain the server sent, leaf first. */
static void
doctor_tls_chain(struct doctor *d)
{
	STACK_OF(X509)	*chain = d->tlsv.chain;
	cJSON		*list;
	int		 i;

	if (chain == NULL && d->ssl != NULL)
		chain = SSL_get_peer_cert_chain(d->ssl);
	if (chain == NULL)
		return;
	list = cJSON_AddArrayToObject(d->data, "chain");
	for (i = 0; i < sk_X509_num(chain); i++)
		cJSON_AddItemToArray(list, doctor_tls_cert(sk_X509_value(chain,
		    i)));
}

/* Verification in words; 0 when it passed (or --no-verify let it). */
static int
doctor_tls_verdict(struct doctor *d)
{
	const char	*w = engine_tls_verify_words(&d->tlsv);
	const char	*mode = engine_tls_mode(d->p);

	cJSON_AddBoolToObject(d->data, "verified", w == NULL);
	if (w == NULL)
		cJSON_AddStringToObject(d->data, "verification",
		    mode != NULL ? "ok: the chain is trusted (the host name "
		    "is not checked)" : "ok: the chain is trusted and the "
		    "certificate is for the host");
	else
		cJSON_AddStringToObject(d->data, "verification", w);
	if (mode != NULL)
		cJSON_AddStringToObject(d->data, "mode", mode);
	if (w != NULL && d->tlsv.accepted)
		cJSON_AddStringToObject(d->data, "note", "--no-verify accepts "
		    "any certificate: this one is taken as it is");
	return w != NULL && !d->tlsv.accepted;
}

static void
doctor_tls_done(struct doctor *d)
{
	const unsigned char	*alpn;
	unsigned		 alen;

	cJSON_AddStringToObject(d->data, "version", SSL_get_version(d->ssl));
	cJSON_AddStringToObject(d->data, "cipher",
	    SSL_get_cipher_name(d->ssl));
	SSL_get0_alpn_selected(d->ssl, &alpn, &alen);
	if (alen > 0)
		doctor_tls_add(d->data, "alpn", xstrndup((const char *)alpn,
		    alen));
	else
		cJSON_AddStringToObject(d->data, "alpn", d->p->alpn != NULL ?
		    "none chosen by the server" : "none asked");
	doctor_tls_chain(d);
	if (doctor_tls_verdict(d))
		doctor_step_fail(d, "TLS certificate verification failed: %s",
		    engine_tls_verify_words(&d->tlsv));
	else
		doctor_step_ok(d, "%s, %s", SSL_get_version(d->ssl),
		    SSL_get_cipher_name(d->ssl));
}

/* The handshake failed: the verify callback's words, the alert, OpenSSL. */
static void
doctor_tls_failed(struct doctor *d, int e)
{
	char	*why;

	if (d->tlsv.checked)
		doctor_tls_chain(d);
	if (d->tlsv.checked && doctor_tls_verdict(d)) {
		ERR_clear_error();
		doctor_step_fail(d, "TLS certificate verification failed: %s",
		    engine_tls_verify_words(&d->tlsv));
		return;
	}
	if ((why = engine_tls_alert_words(&d->tlsv)) != NULL)
		ERR_clear_error();
	else if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
		why = xstrdup("the server closed the connection during the "
		    "handshake (not a TLS port?)");
	else {
		char	*ossl = doctor_tls_errors();

		why = xasprintf("TLS handshake failed: %s", ossl);
		free(ossl);
	}
	doctor_step_fail(d, "%s", why);
	free(why);
}

void
doctor_tls_step(struct doctor *d)
{
	const char	*name = d->p->sni != NULL ? d->p->sni : d->p->host;
	unsigned char	 ip[16];
	char		*err = NULL;
	int		 r, e;

	doctor_step_begin(d, "tls");
	ERR_clear_error();
	if ((d->ctx = engine_tls_ctx_new(d->p, &d->tlsv, &err)) == NULL) {
		doctor_step_fail(d, "%s", err);
		free(err);
		return;
	}
	d->ssl = SSL_new(d->ctx);
	/* The context sends SNI (not for an IP) as for a connection. */
	if (inet_pton(AF_INET, name, ip) != 1 &&
	    inet_pton(AF_INET6, name, ip) != 1)
		cJSON_AddStringToObject(d->data, "sni", name);
	SSL_set_fd(d->ssl, d->fd);
	for (;;) {
		if ((r = SSL_connect(d->ssl)) == 1)
			break;
		e = SSL_get_error(d->ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (doctor_wait(d, d->fd, e == SSL_ERROR_WANT_READ ?
			    POLLIN : POLLOUT) > 0)
				continue;
			doctor_step_fail(d, "no TLS handshake within %d ms",
			    d->timeout_ms);
			return;
		}
		doctor_tls_failed(d, e);
		return;
	}
	doctor_tls_done(d);
}
