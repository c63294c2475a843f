/*
 * Our own TLS context for each connection. libmosquitto, handed a context
 * with MOSQ_OPT_SSL_CTX and MOSQ_OPT_SSL_CTX_WITH_DEFAULTS off, only makes
 * the SSL, sets SNI to the host it dials and drives the handshake: the CA,
 * the host-name check, the key, ALPN and the verify callback are all here.
 * The callback keeps OpenSSL's reason, since libmosquitto frees the SSL
 * before anyone can ask it.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "engine.h"
#include "engine-tls.h"
#include "profile.h"
#include "secret-cmd.h"
#include "xmalloc.h"

/* Hung on the context: what its callbacks need. */
struct engine_tls_state {
	struct engine_tls_verify	*v;
	char				*host;	/* checked against, or NULL */
	char				*sni;	/* sent, NULL: none (an IP) */
	char				*src;	/* where trusted CAs come from */
	int				 no_verify;
	char				*keylog;
};

static pthread_once_t	 engine_tls_once = PTHREAD_ONCE_INIT;
static int		 engine_tls_idx = -1;
static char		*(*engine_tls_pass_fn)(const struct profile *);

static void
engine_tls_state_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
    long argl, void *argp)
{
	struct engine_tls_state	*st = ptr;

	if (st == NULL)
		return;
	free(st->host);
	free(st->sni);
	free(st->src);
	free(st->keylog);
	free(st);
}

static void
engine_tls_init(void)
{
	engine_tls_idx = SSL_CTX_get_ex_new_index(0, "mqtty", NULL, NULL,
	    engine_tls_state_free);
}

static struct engine_tls_state *
engine_tls_state(const SSL *ssl)
{
	return SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), engine_tls_idx);
}

void
engine_tls_set_passphrase_fn(char *(*fn)(const struct profile *))
{
	engine_tls_pass_fn = fn;
}

void
engine_tls_verify_reset(struct engine_tls_verify *v)
{
	free(v->reason);
	if (v->chain != NULL)
		sk_X509_pop_free(v->chain, X509_free);
	memset(v, 0, sizeof *v);
	v->result = X509_V_OK;
}

const char *
engine_tls_mode(const struct profile *p)
{
	if (!p->tls)
		return NULL;
	if (p->no_verify)
		return "no-verify";
	if (p->insecure)
		return "insecure";
	return NULL;
}

static int
engine_tls_is_ip(const char *host)
{
	unsigned char	a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

char *
engine_tls_name(const X509_NAME *n)
{
	BIO	*b = BIO_new(BIO_s_mem());
	char	*data, *s;
	long	 len;

	X509_NAME_print_ex(b, n, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB &
	    ~XN_FLAG_SPC_EQ);
	len = BIO_get_mem_data(b, &data);
	s = xstrndup(data, len > 0 ? (size_t)len : 0);
	BIO_free(b);
	return s;
}

char *
engine_tls_time(const ASN1_TIME *t)
{
	struct tm	tm;
	char		s[64];

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return xstrdup("an unreadable date");
	strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return xstrdup(s);
}

char *
engine_tls_cert_names(X509 *cert)
{
	GENERAL_NAMES	*gens;
	GENERAL_NAME	*g;
	struct buf	 b;
	char		 ip[INET6_ADDRSTRLEN], cn[256], *s;
	int		 i, n;

	buf_init(&b);
	gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	n = gens != NULL ? sk_GENERAL_NAME_num(gens) : 0;
	for (i = 0; i < n; i++) {
		g = sk_GENERAL_NAME_value(gens, i);
		if (g->type == GEN_DNS) {
			buf_addf(&b, "%sDNS:%.*s", b.len ? ", " : "",
			    ASN1_STRING_length(g->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
		} else if (g->type == GEN_IPADD) {
			const unsigned char *a =
			    ASN1_STRING_get0_data(g->d.iPAddress);
			int	len = ASN1_STRING_length(g->d.iPAddress);

			if ((len == 4 && inet_ntop(AF_INET, a, ip, sizeof ip)) ||
			    (len == 16 && inet_ntop(AF_INET6, a, ip, sizeof ip)))
				buf_addf(&b, "%sIP:%s", b.len ? ", " : "", ip);
		}
	}
	GENERAL_NAMES_free(gens);
	if (b.len == 0 && X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
	    NID_commonName, cn, sizeof cn) > 0)
		buf_addf(&b, "CN=%s", cn);
	if (b.len == 0)
		buf_adds(&b, "no names");
	s = xstrndup(b.p, b.len);
	buf_free(&b);
	return s;
}

/* OpenSSL's verdict on cert in words a person acts on. */
static char *
engine_tls_reason(long e, X509 *cert, const struct engine_tls_state *st)
{
	char	*subj, *names, *when, *iss, *r;

	if (cert == NULL)
		return xstrdup(X509_verify_cert_error_string(e));
	subj = engine_tls_name(X509_get_subject_name(cert));
	switch (e) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		when = engine_tls_time(X509_get0_notAfter(cert));
		r = xasprintf("certificate has expired: %s expired on %s",
		    subj, when);
		free(when);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		when = engine_tls_time(X509_get0_notBefore(cert));
		r = xasprintf("certificate is not yet valid: %s is valid from "
		    "%s", subj, when);
		free(when);
		break;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		r = xasprintf("self-signed certificate: %s signed itself and "
		    "is not in %s (--no-verify accepts it)", subj, st->src);
		break;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		r = xasprintf("self-signed certificate in the chain: the "
		    "chain ends in %s, which is not in %s", subj, st->src);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		iss = engine_tls_name(X509_get_issuer_name(cert));
		r = xasprintf("unknown issuer: %s (issuer of %s) is not in %s",
		    iss, subj, st->src);
		free(iss);
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		names = engine_tls_cert_names(cert);
		r = xasprintf("host name mismatch: the certificate is for %s, "
		    "not %s (--insecure skips this check)", names,
		    st->host != NULL ? st->host : "this host");
		free(names);
		break;
	default:
		r = xasprintf("%s (%s)", X509_verify_cert_error_string(e),
		    subj);
	}
	free(subj);
	return r;
}

static int
engine_tls_verify_cb(int ok, X509_STORE_CTX *x)
{
	SSL				*ssl;
	struct engine_tls_state		*st;
	struct engine_tls_verify	*v;
	STACK_OF(X509)			*sent;
	long				 e;

	ssl = X509_STORE_CTX_get_ex_data(x,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	if (ssl == NULL || (st = engine_tls_state(ssl)) == NULL)
		return ok;
	v = st->v;
	v->checked = 1;
	if (v->chain == NULL && (sent = X509_STORE_CTX_get0_untrusted(x)) !=
	    NULL)
		v->chain = X509_chain_up_ref(sent);
	if (ok)
		return 1;
	e = X509_STORE_CTX_get_error(x);
	if (v->result == X509_V_OK) {
		v->result = e;
		v->depth = X509_STORE_CTX_get_error_depth(x);
		v->reason = engine_tls_reason(e,
		    X509_STORE_CTX_get_current_cert(x), st);
	}
	if (st->no_verify) {
		v->accepted = 1;
		return 1;
	}
	return 0;
}

const char *
engine_tls_verify_words(const struct engine_tls_verify *v)
{
	if (v->result == X509_V_OK)
		return NULL;
	if (v->reason != NULL)
		return v->reason;
	return X509_verify_cert_error_string(v->result);
}

char *
engine_tls_alert_words(const struct engine_tls_verify *v)
{
	const char	*hint = "";

	if (v->alert[0] == '\0')
		return NULL;
	if (strcmp(v->alert, "certificate required") == 0 ||
	    strcmp(v->alert, "handshake failure") == 0)
		hint = " (does it want a client certificate? --cert, --key)";
	else if (strcmp(v->alert, "unknown CA") == 0 ||
	    strcmp(v->alert, "bad certificate") == 0 ||
	    strcmp(v->alert, "certificate expired") == 0 ||
	    strcmp(v->alert, "certificate revoked") == 0)
		hint = " (the broker refused our client certificate)";
	else if (strcmp(v->alert, "no application protocol") == 0)
		hint = " (check --alpn)";
	else if (strcmp(v->alert, "protocol version") == 0)
		hint = " (check --tls-version, --tls-max-version)";
	return xasprintf("the broker ended the TLS handshake: %s%s",
	    v->alert, hint);
}

/* OpenSSL 3.0 has no words for TLS 1.3's new alerts. */
static const char *
engine_tls_alert_name(int desc)
{
	switch (desc) {
	case 109:
		return "missing extension";
	case 116:
		return "certificate required";
	case 120:
		return "no application protocol";
	}
	return SSL_alert_desc_string_long(desc);
}

/*
 * libmosquitto sets SNI to the host it dials: ours goes in just before.
 * A fatal alert from the server is kept: the SSL is gone when we ask.
 */
static void
engine_tls_info_cb(const SSL *cssl, int where, int ret)
{
	SSL			*ssl = (SSL *)cssl;
	struct engine_tls_state	*st;

	if (SSL_is_server(ssl) || (st = engine_tls_state(ssl)) == NULL)
		return;
	if (where & SSL_CB_HANDSHAKE_START)
		SSL_set_tlsext_host_name(ssl, st->sni);
	if ((where & SSL_CB_READ_ALERT) && (ret >> 8) == SSL3_AL_FATAL &&
	    st->v->alert[0] == '\0')
		snprintf(st->v->alert, sizeof st->v->alert, "%s",
		    engine_tls_alert_name(ret & 0xff));
}

/* NSS's key log format, for Wireshark: one line a secret, appended. */
static void
engine_tls_keylog_cb(const SSL *ssl, const char *line)
{
	struct engine_tls_state	*st = engine_tls_state(ssl);
	char			*l;
	int			 fd;

	if (st == NULL || st->keylog == NULL)
		return;
	if ((fd = open(st->keylog, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		return;
	l = xasprintf("%s\n", line);
	if (write(fd, l, strlen(l)) < 0) {
		/* Nothing to do: a key log is a debugging aid. */
	}
	close(fd);
	free(l);
}

/* "tlsv1.2" (mosquitto's spelling), "TLSv1.2" or "1.2". */
static int
engine_tls_version(const char *s)
{
	static const struct {
		const char	*name;
		int		 v;
	} t[] = {
		{ "1", TLS1_VERSION }, { "1.0", TLS1_VERSION },
		{ "1.1", TLS1_1_VERSION }, { "1.2", TLS1_2_VERSION },
		{ "1.3", TLS1_3_VERSION },
	};
	size_t	i;

	if (strncasecmp(s, "tlsv", 4) == 0)
		s += 4;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strcmp(s, t[i].name) == 0)
			return t[i].v;
	}
	return -1;
}

/* ALPN's wire form: length-prefixed names. -1 on a bad list. */
static int
engine_tls_alpn(const char *list, unsigned char *out, size_t size,
    size_t *len)
{
	const char	*s = list, *e;
	size_t		 n;

	*len = 0;
	for (;;) {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0 || n > 255 || *len + 1 + n > size)
			return -1;
		out[(*len)++] = (unsigned char)n;
		memcpy(out + *len, s, n);
		*len += n;
		if (e == NULL)
			return 0;
		s = e + 1;
	}
}

/* A file is there and readable: the flag, the name and errno's words. */
static int
engine_tls_file(const char *flag, const char *path, int dir, char **err)
{
	struct stat	sb;
	DIR		*d;
	int		 fd;

	if (path == NULL)
		return 0;
	if (stat(path, &sb) == -1)
		goto bad;
	if (dir) {
		if (!S_ISDIR(sb.st_mode)) {
			*err = xasprintf("%s %s: not a directory", flag, path);
			return -1;
		}
		if ((d = opendir(path)) == NULL)
			goto bad;
		closedir(d);
		return 0;
	}
	if (S_ISDIR(sb.st_mode)) {
		*err = xasprintf("%s %s: is a directory", flag, path);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto bad;
	close(fd);
	return 0;
bad:
	*err = xasprintf("%s %s: %s", flag, path, strerror(errno));
	return -1;
}

int
engine_tls_check(const struct profile *p, char **err)
{
	unsigned char	wire[1024];
	size_t		len;
	int		lo = TLS1_2_VERSION, hi = 0;

	if (!p->tls)
		return 0;
	if (engine_tls_file("--cafile", p->cafile, 0, err) != 0 ||
	    engine_tls_file("--capath", p->capath, 1, err) != 0 ||
	    engine_tls_file("--cert", p->cert, 0, err) != 0 ||
	    engine_tls_file("--key", p->key, 0, err) != 0)
		return -1;
	if (p->key != NULL && p->cert == NULL) {
		*err = xstrdup("--key needs --cert (the client certificate)");
		return -1;
	}
	if (p->tls_version != NULL &&
	    (lo = engine_tls_version(p->tls_version)) == -1) {
		*err = xasprintf("bad TLS version '%s' (tlsv1, tlsv1.1, "
		    "tlsv1.2 or tlsv1.3)", p->tls_version);
		return -1;
	}
	if (p->tls_max_version != NULL &&
	    (hi = engine_tls_version(p->tls_max_version)) == -1) {
		*err = xasprintf("bad TLS version '%s' (tlsv1, tlsv1.1, "
		    "tlsv1.2 or tlsv1.3)", p->tls_max_version);
		return -1;
	}
	if (hi != 0 && hi < lo) {
		*err = xasprintf("--tls-max-version %s is below the lowest "
		    "version %s", p->tls_max_version,
		    p->tls_version != NULL ? p->tls_version : "tlsv1.2");
		return -1;
	}
	if (p->alpn != NULL && engine_tls_alpn(p->alpn, wire, sizeof wire,
	    &len) != 0) {
		*err = xasprintf("bad ALPN list '%s' (names of 1 to 255 "
		    "bytes, separated by commas)", p->alpn);
		return -1;
	}
	if (p->sni != NULL && (*p->sni == '\0' || engine_tls_is_ip(p->sni))) {
		*err = xasprintf("bad --sni '%s': a host name, not an address",
		    p->sni);
		return -1;
	}
	return 0;
}

/* OpenSSL's last reason, for a line that already names the file. */
static const char *
engine_tls_ossl(void)
{
	unsigned long	e = ERR_peek_last_error();
	const char	*r = e != 0 ? ERR_reason_error_string(e) : NULL;

	return r != NULL ? r : "unknown error";
}

struct engine_tls_pw {
	const struct profile	*p;
	char			*pw;
	char			*err;
	int			 asked;
};

static int
engine_tls_pw_cb(char *buf, int size, int rwflag, void *arg)
{
	struct engine_tls_pw	*pw = arg;
	char			*e;
	size_t			 n;

	if (!pw->asked) {
		pw->asked = 1;
		if (pw->p->key_password_command != NULL) {
			if (secret_cmd_line(pw->p->key_password_command,
			    &pw->pw, &e) != 0) {
				pw->err = xasprintf("--key-password-command: "
				    "%s", e);
				free(e);
			}
		} else if (engine_tls_pass_fn != NULL)
			pw->pw = engine_tls_pass_fn(pw->p);
	}
	if (pw->pw == NULL || size <= 0)
		return -1;
	if ((n = strlen(pw->pw)) > (size_t)size)
		n = (size_t)size;
	memcpy(buf, pw->pw, n);
	return (int)n;
}

int
engine_tls_key_encrypted(const char *path)
{
	char	line[256];
	FILE	*f;
	int	 enc = 0;

	if (path == NULL || (f = fopen(path, "re")) == NULL)
		return 0;
	while (!enc && fgets(line, sizeof line, f) != NULL) {
		enc = strstr(line, "BEGIN ENCRYPTED PRIVATE KEY") != NULL ||
		    strstr(line, "Proc-Type: 4,ENCRYPTED") != NULL;
	}
	fclose(f);
	return enc;
}

/* The client's key, decrypted with the passphrase the profile names. */
static int
engine_tls_key(SSL_CTX *ctx, const struct profile *p, char **err)
{
	const char		*path = p->key != NULL ? p->key : p->cert;
	struct engine_tls_pw	 pw = { .p = p };
	EVP_PKEY		*pk;
	BIO			*b;
	int			 rc = -1;

	if ((b = BIO_new_file(path, "r")) == NULL) {
		*err = xasprintf("--key %s: %s", path, strerror(errno));
		return -1;
	}
	ERR_clear_error();
	pk = PEM_read_bio_PrivateKey(b, NULL, engine_tls_pw_cb, &pw);
	BIO_free(b);
	if (pk == NULL) {
		if (pw.err != NULL)
			*err = xstrdup(pw.err);
		else if (pw.asked && pw.pw == NULL)
			*err = xasprintf("the key %s is encrypted: give its "
			    "passphrase (--key-password-command)", path);
		else if (pw.asked)
			*err = xasprintf("wrong passphrase for the key %s",
			    path);
		else
			*err = xasprintf("cannot read the key %s: %s", path,
			    p->key == NULL ? "no private key in the "
			    "certificate file (give --key)" :
			    "not a PEM private key");
		goto out;
	}
	if (SSL_CTX_use_PrivateKey(ctx, pk) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1)
		*err = xasprintf("the key %s does not match the certificate "
		    "%s", path, p->cert);
	else
		rc = 0;
	EVP_PKEY_free(pk);
out:
	if (pw.pw != NULL) {
		explicit_bzero(pw.pw, strlen(pw.pw));
		free(pw.pw);
	}
	free(pw.err);
	return rc;
}

/* Trusted CAs: the profile's file or directory, else the OS's store. */
static int
engine_tls_ca(SSL_CTX *ctx, const struct profile *p,
    struct engine_tls_state *st, char **err)
{
	ERR_clear_error();
	if (p->cafile == NULL && p->capath == NULL) {
		st->src = xstrdup("the OS's CA store (give --cafile)");
		if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
			*err = xasprintf("cannot load the OS's CA store: %s",
			    engine_tls_ossl());
			return -1;
		}
		return 0;
	}
	if (p->cafile != NULL && SSL_CTX_load_verify_file(ctx,
	    p->cafile) != 1) {
		*err = xasprintf("--cafile %s: %s", p->cafile,
		    ERR_peek_last_error() != 0 ? engine_tls_ossl() :
		    "no certificate in it");
		return -1;
	}
	if (p->capath != NULL && SSL_CTX_load_verify_dir(ctx,
	    p->capath) != 1) {
		*err = xasprintf("--capath %s: %s", p->capath,
		    engine_tls_ossl());
		return -1;
	}
	st->src = p->cafile != NULL ? xasprintf("--cafile %s", p->cafile) :
	    xasprintf("--capath %s", p->capath);
	return 0;
}

SSL_CTX *
engine_tls_ctx_new(const struct profile *p, struct engine_tls_verify *v,
    char **err)
{
	struct engine_tls_state	*st;
	X509_VERIFY_PARAM	*param;
	SSL_CTX			*ctx;
	unsigned char		 wire[1024];
	const char		*kl, *name;
	size_t			 len;

	if (engine_tls_check(p, err) != 0)
		return NULL;
	pthread_once(&engine_tls_once, engine_tls_init);
	engine_tls_verify_reset(v);
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		*err = xasprintf("cannot make a TLS context: %s",
		    engine_tls_ossl());
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->v = v;
	st->no_verify = p->no_verify;
	SSL_CTX_set_ex_data(ctx, engine_tls_idx, st);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_min_proto_version(ctx, p->tls_version != NULL ?
	    engine_tls_version(p->tls_version) : TLS1_2_VERSION);
	if (p->tls_max_version != NULL)
		SSL_CTX_set_max_proto_version(ctx,
		    engine_tls_version(p->tls_max_version));
	if (engine_tls_ca(ctx, p, st, err) != 0)
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, engine_tls_verify_cb);

	/* The name asked for (SNI) is the name checked, as Node does. */
	name = p->sni != NULL ? p->sni : p->host;
	if (name != NULL && !engine_tls_is_ip(name))
		st->sni = xstrdup(name);
	if (name != NULL && !p->insecure && !p->no_verify) {
		st->host = xstrdup(name);
		param = SSL_CTX_get0_param(ctx);
		X509_VERIFY_PARAM_set_hostflags(param,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (engine_tls_is_ip(name) ?
		    X509_VERIFY_PARAM_set1_ip_asc(param, name) != 1 :
		    X509_VERIFY_PARAM_set1_host(param, name, 0) != 1) {
			*err = xasprintf("cannot check the host name '%s'",
			    name);
			goto fail;
		}
	}
	SSL_CTX_set_info_callback(ctx, engine_tls_info_cb);

	if (p->cert != NULL) {
		ERR_clear_error();
		if (SSL_CTX_use_certificate_chain_file(ctx, p->cert) != 1) {
			*err = xasprintf("--cert %s: %s", p->cert,
			    engine_tls_ossl());
			goto fail;
		}
		if (engine_tls_key(ctx, p, err) != 0)
			goto fail;
	}
	if (p->alpn != NULL) {
		engine_tls_alpn(p->alpn, wire, sizeof wire, &len);
		if (SSL_CTX_set_alpn_protos(ctx, wire, (unsigned)len) != 0) {
			*err = xasprintf("cannot set ALPN '%s'", p->alpn);
			goto fail;
		}
	}
	if ((kl = getenv("SSLKEYLOGFILE")) != NULL && *kl != '\0') {
		st->keylog = xstrdup(kl);
		SSL_CTX_set_keylog_callback(ctx, engine_tls_keylog_cb);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/*
 * Give mosq our context. libmosquitto takes a reference and, with the
 * defaults off, leaves it as it is.
 */
int
engine_tls_apply(struct mosquitto *mosq, const struct profile *p,
    struct engine_tls_verify *v, char **err)
{
	SSL_CTX	*ctx;
	int	 rc;

	if ((ctx = engine_tls_ctx_new(p, v, err)) == NULL)
		return -1;
	rc = mosquitto_int_option(mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 0);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_void_option(mosq, MOSQ_OPT_SSL_CTX, ctx);
	SSL_CTX_free(ctx);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("TLS setup: %s", mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}
