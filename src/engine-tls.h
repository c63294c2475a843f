/*
 * The TLS context of a connection, made by us and handed to libmosquitto
 * (MOSQ_OPT_SSL_CTX), so every check and every failure is ours to word.
 * The doctor makes the same context for a handshake of its own.
 */
#ifndef ENGINE_TLS_H
#define ENGINE_TLS_H
#include <openssl/ssl.h>
#include <openssl/x509.h>

struct profile;

/*
 * What the verify callback saw. The caller owns it; it must outlive every
 * handshake on a context made with it. Written during the handshake (the
 * thread that drives it), read after.
 */
struct engine_tls_verify {
	int		 checked;	/* the server's certificate was seen */
	long		 result;	/* X509_V_OK, or the first failure */
	int		 depth;		/* where in the chain it failed */
	char		*reason;	/* that failure in words, else NULL */
	int		 accepted;	/* a failure let through: --no-verify */
	STACK_OF(X509)	*chain;		/* what the server sent, leaf first */
	char		 alert[64];	/* a fatal alert the server sent */
};

/* Forget what was seen (before each handshake); frees what it holds. */
void		 engine_tls_verify_reset(struct engine_tls_verify *);

/*
 * Check what can be checked before connecting: the files of --cafile,
 * --capath, --cert and --key are there and readable, the versions and
 * ALPN list are well formed. Cheap; 0, or -1 with *err naming the file
 * and the reason.
 */
int		 engine_tls_check(const struct profile *, char **);

/*
 * A client context for the profile: CA file/dir or the OS's store
 * (SSL_CERT_FILE / SSL_CERT_DIR honoured), client certificate and key
 * (its passphrase from --key-password-command or the passphrase hook),
 * ALPN, SNI (--sni, else the host name), the host-name check (not with
 * --insecure), version bounds, SSLKEYLOGFILE, and a verify callback that
 * fills v (not NULL). --no-verify accepts any certificate but still
 * records why it would have failed. May block (a command, file reads):
 * call it off the loop's thread. NULL with *err on failure.
 */
SSL_CTX		*engine_tls_ctx_new(const struct profile *,
		     struct engine_tls_verify *, char **);

/*
 * The passphrase hook: when the key is encrypted and the profile has no
 * --key-password-command, fn is asked (from a connect thread) for the
 * passphrase of the profile's key; it returns a copy (freed with free)
 * or NULL (then the connect fails: the key needs a passphrase). The
 * screen asks before connecting (engine_tls_key_encrypted) and hands the
 * answer over through fn.
 */
void		 engine_tls_set_passphrase_fn(char *(*)(const struct profile *));
/* 1 if the PEM key file is encrypted, 0 if not (or unreadable). */
int		 engine_tls_key_encrypted(const char *);

/* The names a certificate holds: "DNS:a, IP:1.2.3.4", else "CN=x". */
char		*engine_tls_cert_names(X509 *);
/* Its subject or issuer on one line, "CN=x, O=y". */
char		*engine_tls_name(const X509_NAME *);
/* An ASN1 time as "2025-01-31 12:00:00 UTC". */
char		*engine_tls_time(const ASN1_TIME *);

/*
 * The words after "TLS certificate verification failed: " for what v
 * holds, or NULL when nothing failed.
 */
const char	*engine_tls_verify_words(const struct engine_tls_verify *);
/* Why the server ended the handshake (its alert), or NULL. */
char		*engine_tls_alert_words(const struct engine_tls_verify *);
#endif
