/*
 * What a WebSocket relay takes from the profile: its custom headers, an
 * HTTP proxy, and the TLS context (CA, client certificate, versions) with
 * the words for a certificate the relay refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libwebsockets.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "profile.h"
#include "ws-relay-int.h"
#include "xmalloc.h"

/* A header name is an HTTP token (RFC 9110). */
static int
ws_relay_token(const char *s, size_t n)
{
	size_t	i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (strchr("!#$%&'*+-.^_`|~", s[i]) == NULL &&
		    !(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	}
	return 1;
}

/* Each line "Name: value"; a bad one is named. */
int
ws_relay_headers_check(struct ws_relay *r, const char *hs, char **err)
{
	const char	*line, *end, *colon, *c;
	size_t		 n;

	if (hs == NULL)
		return 0;
	for (line = hs; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		n = (size_t)(end - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		colon = memchr(line, ':', n);
		if (colon == NULL || !ws_relay_token(line, colon - line)) {
			*err = xasprintf("bad WebSocket header '%.*s': use "
			    "'Name: value'", (int)n, line);
			return -1;
		}
		for (c = colon + 1; c < line + n; c++) {
			if ((unsigned char)*c < 0x20 && *c != '\t') {
				*err = xasprintf("bad WebSocket header "
				    "'%.*s': control character in the value",
				    (int)(colon - line), line);
				return -1;
			}
		}
	}
	r->headers = xstrdup(hs);
	return 0;
}

/* Into the upgrade request, as lws asks: at *in, at most len bytes. */
int
ws_relay_headers_add(struct ws_relay *r, struct lws *wsi, void *in,
    size_t len)
{
	unsigned char	**p = in, *end = *p + len;
	const char	 *line, *eol, *colon, *v;
	char		 *name, *value;
	size_t		  n;
	int		  rc = 0;

	if (r->headers == NULL)
		return 0;
	for (line = r->headers; *line != '\0' && rc == 0;
	    line = *eol != '\0' ? eol + 1 : eol) {
		eol = line + strcspn(line, "\n");
		n = (size_t)(eol - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || (colon = memchr(line, ':', n)) == NULL)
			continue;
		for (v = colon + 1; v < line + n && (*v == ' ' || *v == '\t');
		    v++)
			;
		name = xasprintf("%.*s:", (int)(colon - line), line);
		value = xstrndup(v, (size_t)(line + n - v));
		if (lws_add_http_header_by_name(wsi, (unsigned char *)name,
		    (unsigned char *)value, (int)strlen(value), p, end) != 0) {
			ws_relay_fail(r, "WebSocket headers too long");
			rc = -1;
		}
		free(name);
		free(value);
	}
	return rc;
}

int
ws_relay_proxy_check(struct ws_relay *r, const char *proxy, char **err)
{
	if (proxy == NULL || *proxy == '\0')
		return 0;
	if (strncasecmp(proxy, "http://", 7) == 0 && proxy[7] != '\0') {
		r->proxy = xstrdup(proxy);
		return 0;
	}
	if (strncasecmp(proxy, "socks", 5) == 0) {
		*err = xstrdup("a SOCKS5 proxy cannot carry ws:// or wss:// "
		    "(libwebsockets is built without SOCKS5 here): use an "
		    "http:// proxy");
		return -1;
	}
	*err = xasprintf("bad proxy '%s' for ws:// or wss://: use "
	    "http://[user:pass@]host:port", proxy);
	return -1;
}

static int
ws_relay_tls_version(const char *s, int *v)
{
	if (s == NULL) {
		*v = 0;
		return 0;
	}
	if (strcasecmp(s, "tlsv1.3") == 0)
		*v = TLS1_3_VERSION;
	else if (strcasecmp(s, "tlsv1.2") == 0)
		*v = TLS1_2_VERSION;
	else if (strcasecmp(s, "tlsv1.1") == 0)
		*v = TLS1_1_VERSION;
	else if (strcasecmp(s, "tlsv1") == 0)
		*v = TLS1_VERSION;
	else
		return -1;
	return 0;
}

/* OpenSSL's last reason, in its words. */
static const char *
ws_relay_ssl_why(void)
{
	unsigned long	 e = ERR_peek_last_error();
	const char	*s = e != 0 ? ERR_reason_error_string(e) : NULL;

	return s != NULL ? s : "not a PEM file OpenSSL can read";
}

static int
ws_relay_readable(const char *flag, const char *path, char **err)
{
	if (path != NULL && access(path, R_OK) != 0) {
		*err = xasprintf("cannot read %s %s: %s", flag, path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* No passphrase prompt on the terminal: an encrypted key is an error. */
static int
ws_relay_no_passphrase(char *buf, int size, int rw, void *arg)
{
	return -1;
}

SSL_CTX *
ws_relay_tls_ctx(const struct profile *p, char **err)
{
	SSL_CTX	*ctx;
	int	 lo, hi;

	if (ws_relay_tls_version(p->tls_version, &lo) != 0) {
		*err = xasprintf("bad TLS version '%s'", p->tls_version);
		return NULL;
	}
	if (ws_relay_tls_version(p->tls_max_version, &hi) != 0) {
		*err = xasprintf("bad TLS version '%s'", p->tls_max_version);
		return NULL;
	}
	if ((p->cert == NULL) != (p->key == NULL)) {
		*err = xstrdup(p->cert != NULL ? "--cert needs --key" :
		    "--key needs --cert");
		return NULL;
	}
	if (ws_relay_readable("--cafile", p->cafile, err) != 0 ||
	    ws_relay_readable("--capath", p->capath, err) != 0 ||
	    ws_relay_readable("--cert", p->cert, err) != 0 ||
	    ws_relay_readable("--key", p->key, err) != 0)
		return NULL;
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		*err = xasprintf("TLS setup: %s", ws_relay_ssl_why());
		return NULL;
	}
	ERR_clear_error();
	SSL_CTX_set_default_passwd_cb(ctx, ws_relay_no_passphrase);
	if (p->cafile != NULL || p->capath != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, p->cafile,
		    p->capath) != 1) {
			*err = xasprintf("bad %s %s: %s", p->cafile != NULL ?
			    "--cafile" : "--capath", p->cafile != NULL ?
			    p->cafile : p->capath, ws_relay_ssl_why());
			goto fail;
		}
	} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		/* As browsers do: the system's CAs (SSL_CERT_FILE too). */
		*err = xasprintf("cannot load the system's CA certificates: "
		    "%s", ws_relay_ssl_why());
		goto fail;
	}
	if (p->cert != NULL &&
	    SSL_CTX_use_certificate_chain_file(ctx, p->cert) != 1) {
		*err = xasprintf("bad --cert %s: %s", p->cert,
		    ws_relay_ssl_why());
		goto fail;
	}
	if (p->key != NULL &&
	    SSL_CTX_use_PrivateKey_file(ctx, p->key, SSL_FILETYPE_PEM) != 1) {
		*err = xasprintf("bad --key %s: %s", p->key,
		    ws_relay_ssl_why());
		goto fail;
	}
	if (p->key != NULL && SSL_CTX_check_private_key(ctx) != 1) {
		*err = xasprintf("--key %s does not belong to --cert %s",
		    p->key, p->cert);
		goto fail;
	}
	if ((lo != 0 && SSL_CTX_set_min_proto_version(ctx, lo) != 1) ||
	    (hi != 0 && SSL_CTX_set_max_proto_version(ctx, hi) != 1)) {
		*err = xstrdup("bad TLS version bounds");
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* The names a certificate is for, "DNS:a, IP:1.2.3.4". */
static char *
ws_relay_cert_names(X509 *cert)
{
	GENERAL_NAMES		*names;
	const GENERAL_NAME	*gn;
	char			*out = NULL, *t, ip[INET6_ADDRSTRLEN];
	const unsigned char	*d;
	int			 i, n;

	names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; names != NULL && i < sk_GENERAL_NAME_num(names); i++) {
		gn = sk_GENERAL_NAME_value(names, i);
		t = NULL;
		if (gn->type == GEN_DNS) {
			d = ASN1_STRING_get0_data(gn->d.dNSName);
			n = ASN1_STRING_length(gn->d.dNSName);
			t = xasprintf("DNS:%.*s", n, (const char *)d);
		} else if (gn->type == GEN_IPADD) {
			d = ASN1_STRING_get0_data(gn->d.iPAddress);
			n = ASN1_STRING_length(gn->d.iPAddress);
			if ((n == 4 || n == 16) && inet_ntop(n == 4 ? AF_INET :
			    AF_INET6, d, ip, sizeof ip) != NULL)
				t = xasprintf("IP:%s", ip);
		}
		if (t == NULL)
			continue;
		if (out == NULL)
			out = t;
		else {
			char *j = xasprintf("%s, %s", out, t);

			free(out);
			free(t);
			out = j;
		}
	}
	GENERAL_NAMES_free(names);
	return out;
}

/*
 * lws asks about each certificate OpenSSL refused: with no_verify accept
 * it, else keep OpenSSL's reason in words, with the names it holds when
 * the host name is what did not match.
 */
int
ws_relay_tls_verify(struct ws_relay *r, void *arg, int ok)
{
	X509_STORE_CTX	*xs = arg;
	X509		*cert;
	char		*names, subj[256];
	int		 e;

	if (ok)
		return 0;
	if (r->no_verify) {
		X509_STORE_CTX_set_error(xs, X509_V_OK);
		return 0;
	}
	e = X509_STORE_CTX_get_error(xs);
	cert = X509_STORE_CTX_get_current_cert(xs);
	if (e == X509_V_ERR_HOSTNAME_MISMATCH ||
	    e == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		names = cert != NULL ? ws_relay_cert_names(cert) : NULL;
		ws_relay_fail(r, "TLS certificate verification failed: the "
		    "certificate does not match the host name %s (it is for "
		    "%s; --insecure skips this check)", r->host,
		    names != NULL ? names : "no names");
		free(names);
		return 0;
	}
	subj[0] = '\0';
	if (cert != NULL)
		X509_NAME_oneline(X509_get_subject_name(cert), subj,
		    sizeof subj);
	ws_relay_fail(r, "TLS certificate verification failed: %s%s%s%s",
	    X509_verify_cert_error_string(e), subj[0] != '\0' ? " (" : "",
	    subj, subj[0] != '\0' ? ")" : "");
	return 0;
}

/* A TLS failure that was not the certificate: OpenSSL's reason. */
void
ws_relay_tls_error(struct ws_relay *r)
{
	unsigned long	 e;
	const char	*s;

	if (!r->tls || (e = ERR_peek_last_error()) == 0)
		return;
	if ((s = ERR_reason_error_string(e)) != NULL)
		ws_relay_fail(r, "TLS error: %s", s);
	ERR_clear_error();
}
