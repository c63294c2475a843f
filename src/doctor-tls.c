/*
 * The doctor's TLS step: a handshake over the link so far, then what it
 * gave (version, cipher, ALPN), the chain the server sent (subject,
 * issuer, names, validity, SHA-256 fingerprint of each) and the
 * verification's result in words. The handshake goes on past a
 * verification failure so the chain can be shown; the step then fails
 * as a connection would, unless the profile accepts any certificate.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "doctor-int.h"
#include "xmalloc.h"

/* What verification found first: the code and where in the chain. */
struct doctor_verify {
	long	 code;
	int	 depth;
	char	*subject;
};

static int		doctor_tls_index = -1;
static pthread_once_t	doctor_tls_once = PTHREAD_ONCE_INIT;

static void
doctor_tls_init(void)
{
	doctor_tls_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static char *
doctor_tls_name(const X509_NAME *name)
{
	BIO		*bio = BIO_new(BIO_s_mem());
	char		*p, *s;
	long		 n;

	X509_NAME_print_ex(bio, name, 0, (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ &
	    ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT);
	n = BIO_get_mem_data(bio, &p);
	s = xstrndup(p, n);
	BIO_free(bio);
	return s;
}

/* Keep the first complaint, go on: the chain is shown either way. */
static int
doctor_tls_verify_cb(int ok, X509_STORE_CTX *store)
{
	SSL			*ssl;
	struct doctor_verify	*v;
	X509			*cert;

	ssl = X509_STORE_CTX_get_ex_data(store,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	v = ssl != NULL ? SSL_get_ex_data(ssl, doctor_tls_index) : NULL;
	if (!ok && v != NULL && v->code == X509_V_OK) {
		v->code = X509_STORE_CTX_get_error(store);
		v->depth = X509_STORE_CTX_get_error_depth(store);
		if ((cert = X509_STORE_CTX_get_current_cert(store)) != NULL)
			v->subject = doctor_tls_name(
			    X509_get_subject_name(cert));
	}
	return 1;
}

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

static int
doctor_tls_proto(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcasecmp(s, "tlsv1.3") == 0)
		return TLS1_3_VERSION;
	if (strcasecmp(s, "tlsv1.2") == 0)
		return TLS1_2_VERSION;
	if (strcasecmp(s, "tlsv1.1") == 0)
		return TLS1_1_VERSION;
	if (strcasecmp(s, "tlsv1") == 0 || strcasecmp(s, "tlsv1.0") == 0)
		return TLS1_VERSION;
	return -1;
}

/*
 * TO BE REPLACED by the profile's SSL_CTX from engine-tls.c once it lands
 * (one judgement for the doctor and a connection): CA file or directory
 * (else the OS's store), client certificate and key, version bounds,
 * ALPN. NULL with *err naming the file and the reason.
 */
static SSL_CTX *
doctor_tls_ctx(const struct profile *p, char **err)
{
	SSL_CTX		*ctx;
	unsigned char	 alpn[256];
	const char	*s, *e;
	size_t		 n = 0, l;
	int		 v;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		*err = doctor_tls_errors();
		return NULL;
	}
	if (p->cafile != NULL || p->capath != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, p->cafile,
		    p->capath) != 1) {
			*err = xasprintf("cannot use CA %s '%s': %s",
			    p->cafile != NULL ? "file" : "directory",
			    p->cafile != NULL ? p->cafile : p->capath,
			    doctor_tls_errors());
			goto fail;
		}
	} else
		SSL_CTX_set_default_verify_paths(ctx);
	if (p->cert != NULL && SSL_CTX_use_certificate_chain_file(ctx,
	    p->cert) != 1) {
		*err = xasprintf("cannot use certificate '%s': %s", p->cert,
		    doctor_tls_errors());
		goto fail;
	}
	if (p->key != NULL && SSL_CTX_use_PrivateKey_file(ctx, p->key,
	    SSL_FILETYPE_PEM) != 1) {
		*err = xasprintf("cannot use key '%s': %s", p->key,
		    doctor_tls_errors());
		goto fail;
	}
	if ((v = doctor_tls_proto(p->tls_version)) < 0 ||
	    (v > 0 && SSL_CTX_set_min_proto_version(ctx, v) != 1)) {
		*err = xasprintf("bad TLS version '%s'", p->tls_version);
		goto fail;
	}
	if ((v = doctor_tls_proto(p->tls_max_version)) < 0 ||
	    (v > 0 && SSL_CTX_set_max_proto_version(ctx, v) != 1)) {
		*err = xasprintf("bad TLS version '%s'", p->tls_max_version);
		goto fail;
	}
	for (s = p->alpn; s != NULL && *s != '\0'; s = *e ? e + 1 : e) {
		e = s + strcspn(s, ",");
		l = e - s;
		if (l == 0 || l > 255 || n + 1 + l > sizeof alpn) {
			*err = xasprintf("bad ALPN list '%s'", p->alpn);
			goto fail;
		}
		alpn[n++] = (unsigned char)l;
		memcpy(alpn + n, s, l);
		n += l;
	}
	if (n > 0)
		SSL_CTX_set_alpn_protos(ctx, alpn, (unsigned)n);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static char *
doctor_tls_time(const ASN1_TIME *t)
{
	struct tm	tm;
	char		buf[32];

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return xstrdup("?");
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/* The subject alternative names, DNS and IP, as "DNS:x" and "IP:y". */
static cJSON *
doctor_tls_names(X509 *cert, struct buf *flat)
{
	GENERAL_NAMES		*names;
	const GENERAL_NAME	*gn;
	const unsigned char	*ip;
	cJSON			*list = cJSON_CreateArray();
	char			 addr[INET6_ADDRSTRLEN], *s;
	int			 i, len;

	names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		gn = sk_GENERAL_NAME_value(names, i);
		s = NULL;
		if (gn->type == GEN_DNS)
			s = xasprintf("DNS:%.*s",
			    ASN1_STRING_length(gn->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(
			    gn->d.dNSName));
		else if (gn->type == GEN_IPADD) {
			ip = ASN1_STRING_get0_data(gn->d.iPAddress);
			len = ASN1_STRING_length(gn->d.iPAddress);
			if ((len == 4 || len == 16) && inet_ntop(len == 4 ?
			    AF_INET : AF_INET6, ip, addr, sizeof addr) != NULL)
				s = xasprintf("IP:%s", addr);
		}
		if (s == NULL)
			continue;
		cJSON_AddItemToArray(list, cJSON_CreateString(s));
		if (flat != NULL)
			buf_addf(flat, "%s%s", flat->len > 0 ? ", " : "", s);
		free(s);
	}
	GENERAL_NAMES_free(names);
	return list;
}

static cJSON *
doctor_tls_cert(X509 *cert)
{
	cJSON		*o = cJSON_CreateObject();
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned	 mdlen = 0, i;
	struct buf	 fp;
	char		*s;

	s = doctor_tls_name(X509_get_subject_name(cert));
	cJSON_AddStringToObject(o, "subject", s);
	free(s);
	s = doctor_tls_name(X509_get_issuer_name(cert));
	cJSON_AddStringToObject(o, "issuer", s);
	free(s);
	cJSON_AddItemToObject(o, "names", doctor_tls_names(cert, NULL));
	s = doctor_tls_time(X509_get0_notBefore(cert));
	cJSON_AddStringToObject(o, "not_before", s);
	free(s);
	s = doctor_tls_time(X509_get0_notAfter(cert));
	cJSON_AddStringToObject(o, "not_after", s);
	free(s);
	/* As openssl x509 -fingerprint -sha256 writes it. */
	buf_init(&fp);
	X509_digest(cert, EVP_sha256(), md, &mdlen);
	for (i = 0; i < mdlen; i++)
		buf_addf(&fp, "%s%02X", i > 0 ? ":" : "", md[i]);
	cJSON_AddStringToObject(o, "sha256", buf_str(&fp));
	buf_free(&fp);
	return o;
}

/* The verification's result in words, for a person. */
static char *
doctor_tls_judge(struct doctor *d, const struct doctor_verify *v, X509 *leaf)
{
	struct buf	 names;
	const char	*host = d->p->host;
	char		*s;

	if (v->code == X509_V_OK)
		return xstrdup(d->p->insecure || d->p->no_verify ?
		    "ok: the chain is trusted (host name not checked)" :
		    "ok: the chain is trusted and the certificate is for "
		    "the host");
	if (v->code == X509_V_ERR_HOSTNAME_MISMATCH ||
	    v->code == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		buf_init(&names);
		if (leaf != NULL)
			cJSON_Delete(doctor_tls_names(leaf, &names));
		s = xasprintf("the certificate is not for '%s': it holds %s "
		    "(--insecure skips this check)", host, names.len > 0 ?
		    buf_str(&names) : "no DNS or IP names");
		buf_free(&names);
		return s;
	}
	if (v->depth > 0 && v->subject != NULL)
		return xasprintf("%s (certificate %d in the chain: %s)",
		    X509_verify_cert_error_string(v->code), v->depth,
		    v->subject);
	return xstrdup(X509_verify_cert_error_string(v->code));
}

static void
doctor_tls_report(struct doctor *d, const struct doctor_verify *v)
{
	STACK_OF(X509)		*chain;
	const unsigned char	*alpn;
	unsigned		 alen;
	cJSON			*list;
	X509			*leaf;
	char			*words;
	int			 i;

	cJSON_AddStringToObject(d->data, "version", SSL_get_version(d->ssl));
	cJSON_AddStringToObject(d->data, "cipher",
	    SSL_get_cipher_name(d->ssl));
	SSL_get0_alpn_selected(d->ssl, &alpn, &alen);
	if (alen > 0) {
		words = xstrndup((const char *)alpn, alen);
		cJSON_AddStringToObject(d->data, "alpn", words);
		free(words);
	} else
		cJSON_AddStringToObject(d->data, "alpn", d->p->alpn != NULL ?
		    "none chosen by the server" : "none asked");
	list = cJSON_AddArrayToObject(d->data, "chain");
	chain = SSL_get_peer_cert_chain(d->ssl);
	for (i = 0; i < sk_X509_num(chain); i++)
		cJSON_AddItemToArray(list, doctor_tls_cert(sk_X509_value(chain,
		    i)));
	leaf = SSL_get0_peer_certificate(d->ssl);
	words = doctor_tls_judge(d, v, leaf);
	cJSON_AddBoolToObject(d->data, "verified", v->code == X509_V_OK);
	cJSON_AddStringToObject(d->data, "verification", words);
	if (v->code != X509_V_OK && d->p->no_verify)
		cJSON_AddStringToObject(d->data, "note", "--no-verify accepts "
		    "any certificate: this one is taken as it is");
	if (v->code != X509_V_OK && !d->p->no_verify)
		doctor_step_fail(d, "certificate verification failed: %s",
		    words);
	else
		doctor_step_ok(d, "%s, %s", SSL_get_version(d->ssl),
		    SSL_get_cipher_name(d->ssl));
	free(words);
}

void
doctor_tls_step(struct doctor *d)
{
	struct doctor_verify	 v = { X509_V_OK, 0, NULL };
	const char		*host = d->p->host, *sni;
	unsigned char		 ip[16];
	char			*err = NULL;
	int			 r, e, is_ip;

	doctor_step_begin(d, "tls");
	pthread_once(&doctor_tls_once, doctor_tls_init);
	ERR_clear_error();
	if ((d->ctx = doctor_tls_ctx(d->p, &err)) == NULL) {
		doctor_step_fail(d, "%s", err);
		free(err);
		return;
	}
	d->ssl = SSL_new(d->ctx);
	SSL_set_ex_data(d->ssl, doctor_tls_index, &v);
	SSL_set_verify(d->ssl, SSL_VERIFY_PEER, doctor_tls_verify_cb);
	is_ip = inet_pton(AF_INET, host, ip) == 1 ||
	    inet_pton(AF_INET6, host, ip) == 1;
	if (!d->p->insecure && !d->p->no_verify) {
		if (is_ip)
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(d->ssl),
			    host);
		else
			SSL_set1_host(d->ssl, host);
	}
	sni = d->p->sni != NULL ? d->p->sni : is_ip ? NULL : host;
	if (sni != NULL) {
		SSL_set_tlsext_host_name(d->ssl, sni);
		cJSON_AddStringToObject(d->data, "sni", sni);
	}
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
			goto out;
		}
		err = e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 ?
		    xstrdup("the server closed the connection during the "
		    "handshake (not a TLS port?)") : doctor_tls_errors();
		doctor_step_fail(d, "TLS handshake failed: %s", err);
		free(err);
		goto out;
	}
	doctor_tls_report(d, &v);
out:
	SSL_set_ex_data(d->ssl, doctor_tls_index, NULL);
	free(v.subject);
}
