/*
 * The connection form: every profile field on its own row, checked field
 * by field, then saved by running the same "save" command a user would
 * type, so the form can never store what the command line cannot.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-parse.h"
#include "edit.h"
#include "engine.h"
#include "keys.h"
#include "profile.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "topic.h"
#include "ui.h"
#include "url.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_FORM_WIDTH		96	/* widest the box gets */
#define VIEW_FORM_LABEL_W	20
#define VIEW_FORM_PAGE		8	/* fields PgUp/PgDn move */

enum view_form_id {
	VIEW_FORM_NAME,
	VIEW_FORM_HOST,
	VIEW_FORM_PORT,
	VIEW_FORM_TLS,
	VIEW_FORM_CLIENT_ID,
	VIEW_FORM_USERNAME,
	VIEW_FORM_PASSWORD,
	VIEW_FORM_VERSION,
	VIEW_FORM_KEEPALIVE,
	VIEW_FORM_CLEAN,
	VIEW_FORM_EXPIRY,
	VIEW_FORM_CONNECT_PROPS,
	VIEW_FORM_RECONNECT,
	VIEW_FORM_CAFILE,
	VIEW_FORM_CAPATH,
	VIEW_FORM_CERT,
	VIEW_FORM_KEY,
	VIEW_FORM_INSECURE,
	VIEW_FORM_TLS_VERSION,
	VIEW_FORM_WILL_TOPIC,
	VIEW_FORM_WILL_PAYLOAD,
	VIEW_FORM_WILL_QOS,
	VIEW_FORM_WILL_RETAIN,
	VIEW_FORM_WILL_PROPS,
	VIEW_FORM_SAVE,
	VIEW_FORM_NFIELDS
};

enum view_form_kind {
	VIEW_FORM_TEXT,
	VIEW_FORM_TOGGLE,
	VIEW_FORM_CHOICE,
	VIEW_FORM_BUTTON,
};

enum view_form_mode {
	VIEW_FORM_NEW,
	VIEW_FORM_EDIT,
	VIEW_FORM_DUPLICATE,
};

static const char *const view_form_protocols[] = { "mqtt", "mqtts", NULL };
static const char *const view_form_versions[] = { "3.1", "3.1.1", "5", NULL };
static const int view_form_version_num[] = { 3, 4, 5 };
static const char *const view_form_qos[] = { "0", "1", "2", NULL };
/* tlsv1.1 last: the parser still takes it, so an old profile keeps it. */
static const char *const view_form_tls_versions[] = {
	"default", "tlsv1.2", "tlsv1.3", "tlsv1.1", NULL
};

static const struct view_form_spec {
	enum view_form_kind	 kind;
	const char		*label;
	const char		*section;	/* heading above the row */
	const char		*hint;		/* dim text while empty */
	const char *const	*choices;
} view_form_specs[VIEW_FORM_NFIELDS] = {
	[VIEW_FORM_NAME] = { VIEW_FORM_TEXT, "Name", "Broker",
	    "letters, digits, punctuation; no spaces", NULL },
	[VIEW_FORM_HOST] = { VIEW_FORM_TEXT, "Host", NULL,
	    "e.g. broker.example.com", NULL },
	[VIEW_FORM_PORT] = { VIEW_FORM_TEXT, "Port", NULL, "1-65535", NULL },
	[VIEW_FORM_TLS] = { VIEW_FORM_CHOICE, "Protocol", NULL, NULL,
	    view_form_protocols },
	[VIEW_FORM_CLIENT_ID] = { VIEW_FORM_TEXT, "Client ID", "Session",
	    "generated at connect (C-g makes one)", NULL },
	[VIEW_FORM_USERNAME] = { VIEW_FORM_TEXT, "Username", NULL, NULL,
	    NULL },
	[VIEW_FORM_PASSWORD] = { VIEW_FORM_TEXT, "Password", NULL,
	    "C-p shows it", NULL },
	[VIEW_FORM_VERSION] = { VIEW_FORM_CHOICE, "MQTT version", NULL, NULL,
	    view_form_versions },
	[VIEW_FORM_KEEPALIVE] = { VIEW_FORM_TEXT, "Keepalive", NULL,
	    "seconds: 0 (off) or 5-65535", NULL },
	[VIEW_FORM_CLEAN] = { VIEW_FORM_TOGGLE, "Clean session", NULL,
	    "off = persistent session, needs a client ID", NULL },
	[VIEW_FORM_EXPIRY] = { VIEW_FORM_TEXT, "Session expiry (v5)", NULL,
	    "not sent; seconds or inf", NULL },
	[VIEW_FORM_CONNECT_PROPS] = { VIEW_FORM_TEXT, "Connect props (v5)",
	    NULL, "e.g. receive-maximum=10; user-property=k=v", NULL },
	[VIEW_FORM_RECONNECT] = { VIEW_FORM_TOGGLE, "Auto-reconnect", NULL,
	    NULL, NULL },
	[VIEW_FORM_CAFILE] = { VIEW_FORM_TEXT, "CA file", "TLS (mqtts)",
	    "system CAs when empty", NULL },
	[VIEW_FORM_CAPATH] = { VIEW_FORM_TEXT, "CA path", NULL, NULL, NULL },
	[VIEW_FORM_CERT] = { VIEW_FORM_TEXT, "Client cert", NULL, NULL, NULL },
	[VIEW_FORM_KEY] = { VIEW_FORM_TEXT, "Client key", NULL, NULL, NULL },
	[VIEW_FORM_INSECURE] = { VIEW_FORM_TOGGLE, "Insecure", NULL,
	    "do not check the server's host name", NULL },
	[VIEW_FORM_TLS_VERSION] = { VIEW_FORM_CHOICE, "TLS version", NULL,
	    NULL, view_form_tls_versions },
	[VIEW_FORM_WILL_TOPIC] = { VIEW_FORM_TEXT, "Will topic", "Will",
	    "no will when empty", NULL },
	[VIEW_FORM_WILL_PAYLOAD] = { VIEW_FORM_TEXT, "Will payload", NULL,
	    NULL, NULL },
	[VIEW_FORM_WILL_QOS] = { VIEW_FORM_CHOICE, "Will QoS", NULL, NULL,
	    view_form_qos },
	[VIEW_FORM_WILL_RETAIN] = { VIEW_FORM_TOGGLE, "Will retain", NULL,
	    NULL, NULL },
	[VIEW_FORM_WILL_PROPS] = { VIEW_FORM_TEXT, "Will props (v5)", NULL,
	    "e.g. content-type=text/plain; user-property=k=v", NULL },
	[VIEW_FORM_SAVE] = { VIEW_FORM_BUTTON, "", NULL, NULL, NULL },
};

struct view_form_field {
	struct edit	 e;		/* text fields */
	int		 hs;		/* first column shown */
	int		 value;		/* toggle 0/1 or choice index */
	char		*error;
};

struct view_form {
	enum view_form_mode	 mode;
	char			*title;
	struct view_form_field	 f[VIEW_FORM_NFIELDS];
	int			 focus;
	int			 top;		/* first body line shown */
	int			 show_pw;
	char			*error;		/* from the final check */
};

/* What the body is made of, rebuilt each frame. */
enum view_form_line_type {
	VIEW_FORM_LINE_HEADING,
	VIEW_FORM_LINE_FIELD,
	VIEW_FORM_LINE_ERROR,
	VIEW_FORM_LINE_BLANK,
};

struct view_form_line {
	enum view_form_line_type	 type;
	int				 field;
};
#define VIEW_FORM_MAXLINES	(VIEW_FORM_NFIELDS * 3)

static void	view_form_error(struct view_form *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static const char *
view_form_text(struct view_form *vf, int i)
{
	return edit_text(&vf->f[i].e);
}

static int
view_form_readonly(struct view_form *vf, int i)
{
	return i == VIEW_FORM_NAME && vf->mode == VIEW_FORM_EDIT;
}

static int
view_form_version(struct view_form *vf)
{
	return view_form_version_num[vf->f[VIEW_FORM_VERSION].value];
}

static const char *
view_form_label(struct view_form *vf, int i)
{
	/* MQTT 5 renamed the flag along with its meaning. */
	if (i == VIEW_FORM_CLEAN && view_form_version(vf) == 5)
		return "Clean start";
	return view_form_specs[i].label;
}

/* The first error set on a field wins: it is the one to fix first. */
static void
view_form_error(struct view_form *vf, int i, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	if (vf->f[i].error != NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = xstrdup("invalid");
	va_end(ap);
	vf->f[i].error = s;
}

static void
view_form_clear_errors(struct view_form *vf)
{
	int	i;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		free(vf->f[i].error);
		vf->f[i].error = NULL;
	}
	free(vf->error);
	vf->error = NULL;
}

/* The field's text without surrounding blanks, as a new string. */
static char *
view_form_trimmed(struct view_form *vf, int i)
{
	const char	*s = view_form_text(vf, i), *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, e - s);
}

/* NULL for an empty field: profiles keep "not set" as NULL. */
static char *
view_form_value(struct view_form *vf, int i)
{
	const char	*s = view_form_text(vf, i);

	return *s != '\0' ? xstrdup(s) : NULL;
}

/* Plain digits only, in [min, max]. */
static int
view_form_number(const char *s, long long min, long long max,
    long long *out)
{
	long long	v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

/* The rules the save command applies to NAME. */
static const char *
view_form_name_why(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;

	if (*s == '\0')
		return "give the profile a name";
	if (url_is_url(name))
		return "a name, not a URL";
	for (; *s != '\0'; s++) {
		if (*s == ' ')
			return "no spaces in a name";
		if (*s < 0x20 || *s == 0x7f)
			return "no control characters in a name";
	}
	return NULL;
}

/*
 * Properties as one line of text: "NAME=VALUE; user-property=K=V". A
 * backslash makes the next character plain, for ';' or '=' in values.
 */
static void
view_form_props_escape(struct buf *b, const char *s, const char *special)
{
	const char	*start = s;

	for (; *s != '\0'; s++) {
		/* Blanks at either end would be trimmed away otherwise. */
		if (*s == '\\' || strchr(special, *s) != NULL ||
		    ((*s == ' ' || *s == '\t') && (s == start || s[1] == '\0')))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static char *
view_form_props_text(const struct props *ps)
{
	struct buf	 b;
	char		*s;
	int		 i;

	buf_init(&b);
	for (i = 0; i < ps->n; i++) {
		if (i > 0)
			buf_adds(&b, "; ");
		view_form_props_escape(&b, ps->v[i].name, ";=");
		buf_addc(&b, '=');
		if (ps->v[i].key != NULL) {
			view_form_props_escape(&b, ps->v[i].key, ";=");
			buf_addc(&b, '=');
		}
		view_form_props_escape(&b, ps->v[i].value, ";");
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * Unescape s up to the first plain stop character (or the end) into b,
 * trimming blanks; returns where it stopped.
 */
static const char *
view_form_props_token(const char *s, const char *stop, struct buf *b)
{
	size_t	keep = 0;

	buf_reset(b);
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && strchr(stop, *s) == NULL; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == ' ' || *s == '\t') {
			buf_addc(b, *s);
			continue;
		}
		buf_addc(b, *s);
		keep = b->len;
	}
	b->len = keep;
	if (b->p != NULL)
		b->p[keep] = '\0';
	return s;
}

static int
view_form_props_parse(const char *s, struct props *ps, char **err)
{
	struct buf	 name, key, value;
	int		 rc = -1;

	buf_init(&name);
	buf_init(&key);
	buf_init(&value);
	props_clear(ps);
	while (*s != '\0') {
		s = view_form_props_token(s, ";=", &name);
		if (*s != '=') {
			if (name.len == 0 && (*s == ';' || *s == '\0')) {
				if (*s == ';')
					s++;
				continue;	/* "a=1;;b=2", a trailing ';' */
			}
			*err = xasprintf("'%s' needs =VALUE", buf_str(&name));
			goto out;
		}
		if (name.len == 0) {
			*err = xstrdup("a property name is missing before '='");
			goto out;
		}
		s++;
		if (strcmp(buf_str(&name), "user-property") == 0) {
			s = view_form_props_token(s, ";=", &key);
			if (*s != '=' || key.len == 0) {
				*err = xstrdup("user-property needs KEY=VALUE");
				goto out;
			}
			s++;
		}
		/* A value may hold '=': only ';' ends it. */
		s = view_form_props_token(s, ";", &value);
		props_add(ps, buf_str(&name), key.len > 0 ? buf_str(&key) :
		    NULL, buf_str(&value));
		buf_reset(&key);
		if (*s == ';')
			s++;
	}
	rc = 0;
out:
	if (rc != 0)
		props_clear(ps);
	buf_free(&name);
	buf_free(&key);
	buf_free(&value);
	return rc;
}

/* "mqtty-" and 8 hex digits; random() is seeded at startup. */
static char *
view_form_client_id(void)
{
	unsigned long	v;

	v = ((unsigned long)random() << 16 ^ (unsigned long)random()) &
	    0xffffffffUL;
	return xasprintf("mqtty-%08lx", v);
}

static void
view_form_word(struct buf *b, const char *w)
{
	char	*q = cmd_quote(w);

	if (b->len > 0)
		buf_addc(b, ' ');
	buf_adds(b, q);
	free(q);
}

static void
view_form_flag(struct buf *b, const char *flag, const char *value)
{
	view_form_word(b, flag);
	view_form_word(b, value);
}

static void
view_form_props_flags(struct buf *b, const struct props *ps,
    const char *packet)
{
	int	i;

	for (i = 0; i < ps->n; i++) {
		view_form_flag(b, "-D", packet);
		view_form_word(b, ps->v[i].name);
		if (ps->v[i].key != NULL)
			view_form_word(b, ps->v[i].key);
		view_form_word(b, ps->v[i].value);
	}
}

/*
 * The "save" line that recreates p. Flags are left out where p has the
 * default, judged against profile_init so the two cannot drift. The
 * password goes in -P, never in the URL (it would show in messages).
 */
int
view_form_build(const struct profile *p, char **line, char **err)
{
	struct profile	 d;
	struct buf	 b;
	const char	*h;
	char		*url, num[32];
	int		 v6;

	*line = NULL;
	*err = NULL;
	if (p->name == NULL || *p->name == '\0') {
		*err = xstrdup("the profile has no name");
		return -1;
	}
	if ((h = p->host) == NULL || *h == '\0') {
		*err = xstrdup("the profile has no host");
		return -1;
	}
	if (strpbrk(h, "@/[] \t\r\n") != NULL) {
		*err = xasprintf("bad host '%s'", h);
		return -1;
	}
	if (p->port < 1 || p->port > 65535) {
		*err = xasprintf("bad port %d: must be 1-65535", p->port);
		return -1;
	}
	profile_init(&d);
	v6 = strchr(h, ':') != NULL;
	url = xasprintf("%s://%s%s%s:%d", p->tls ? "mqtts" : "mqtt",
	    v6 ? "[" : "", h, v6 ? "]" : "", p->port);

	buf_init(&b);
	view_form_word(&b, "save");
	view_form_word(&b, p->name);
	view_form_word(&b, url);
	free(url);
	if (p->client_id != NULL && *p->client_id != '\0')
		view_form_flag(&b, "-i", p->client_id);
	if (p->username != NULL && *p->username != '\0')
		view_form_flag(&b, "-u", p->username);
	if (p->password != NULL)
		view_form_flag(&b, "-P", p->password);
	if (p->keepalive != d.keepalive) {
		snprintf(num, sizeof num, "%d", p->keepalive);
		view_form_flag(&b, "-k", num);
	}
	if (p->version != d.version) {
		view_form_flag(&b, "-V", p->version == 3 ? "31" :
		    p->version == 4 ? "311" : "5");
	}
	if (!p->clean)
		view_form_word(&b, "-c");
	if (p->session_expiry != d.session_expiry &&
	    p->session_expiry >= 0) {
		snprintf(num, sizeof num, "%lld",
		    (long long)p->session_expiry);
		view_form_flag(&b, "-x", num);
	}
	if (!p->auto_reconnect)
		view_form_word(&b, "--no-reconnect");
	view_form_props_flags(&b, &p->connect_props, "connect");

	if (p->will_topic != NULL && *p->will_topic != '\0') {
		view_form_flag(&b, "--will-topic", p->will_topic);
		if (p->will_payload != NULL && *p->will_payload != '\0')
			view_form_flag(&b, "--will-payload", p->will_payload);
		if (p->will_qos != d.will_qos) {
			snprintf(num, sizeof num, "%d", p->will_qos);
			view_form_flag(&b, "--will-qos", num);
		}
		if (p->will_retain)
			view_form_word(&b, "--will-retain");
		view_form_props_flags(&b, &p->will_props, "will");
	}

	if (p->cafile != NULL && *p->cafile != '\0')
		view_form_flag(&b, "--cafile", p->cafile);
	if (p->capath != NULL && *p->capath != '\0')
		view_form_flag(&b, "--capath", p->capath);
	if (p->cert != NULL && *p->cert != '\0')
		view_form_flag(&b, "--cert", p->cert);
	if (p->key != NULL && *p->key != '\0')
		view_form_flag(&b, "--key", p->key);
	if (p->insecure)
		view_form_word(&b, "--insecure");
	if (p->tls_version != NULL && *p->tls_version != '\0')
		view_form_flag(&b, "--tls-version", p->tls_version);

	*line = xstrdup(buf_str(&b));
	buf_free(&b);
	return 0;
}

/* Check every field and fill p from them; the number of bad fields. */
static int
view_form_collect(struct view_form *vf, struct profile *p)
{
	struct view_form_field	*f = vf->f;
	struct profile		*old;
	const char		*why, *s;
	char			*t, *err;
	long long		 n;
	int			 i, version, bad = 0;

	version = view_form_version(vf);

	t = xstrdup(view_form_text(vf, VIEW_FORM_NAME));
	if ((why = view_form_name_why(t)) != NULL)
		view_form_error(vf, VIEW_FORM_NAME, "%s", why);
	else if (vf->mode != VIEW_FORM_EDIT &&
	    (old = store_profile_load(t)) != NULL) {
		profile_free(old);
		view_form_error(vf, VIEW_FORM_NAME, "a profile named '%s' "
		    "exists already", t);
	}
	profile_set(&p->name, t);
	free(t);

	t = view_form_trimmed(vf, VIEW_FORM_HOST);
	/* "[::1]" as in a URL is fine: the brackets come back on saving. */
	if (t[0] == '[' && t[strlen(t) - 1] == ']') {
		memmove(t, t + 1, strlen(t));
		t[strlen(t) - 1] = '\0';
	}
	if (*t == '\0')
		view_form_error(vf, VIEW_FORM_HOST, "give a host name or "
		    "address");
	else if (url_is_url(t))
		view_form_error(vf, VIEW_FORM_HOST, "the host only, without "
		    "a scheme (set Protocol below)");
	else if (strpbrk(t, "@/[] \t") != NULL)
		view_form_error(vf, VIEW_FORM_HOST, "a host name or address "
		    "has no spaces, '@', '/' or brackets");
	profile_set(&p->host, t);
	free(t);

	t = view_form_trimmed(vf, VIEW_FORM_PORT);
	if (view_form_number(t, 1, 65535, &n) != 0)
		view_form_error(vf, VIEW_FORM_PORT, "must be a number 1-65535");
	else
		p->port = (int)n;
	free(t);
	p->tls = f[VIEW_FORM_TLS].value;

	p->client_id = view_form_value(vf, VIEW_FORM_CLIENT_ID);
	p->username = view_form_value(vf, VIEW_FORM_USERNAME);
	p->password = view_form_value(vf, VIEW_FORM_PASSWORD);
	p->version = version;
	p->clean = f[VIEW_FORM_CLEAN].value;
	p->auto_reconnect = f[VIEW_FORM_RECONNECT].value;
	if (!p->clean && p->client_id == NULL) {
		view_form_error(vf, VIEW_FORM_CLIENT_ID, "a persistent "
		    "session (clean %s off) needs one: C-g",
		    version == 5 ? "start" : "session");
	}
	if (p->password != NULL && p->username == NULL && version != 5) {
		view_form_error(vf, VIEW_FORM_PASSWORD, "MQTT 3 sends a "
		    "password only with a username");
	}

	t = view_form_trimmed(vf, VIEW_FORM_KEEPALIVE);
	if (view_form_number(t, 0, 65535, &n) != 0 || (n > 0 && n < 5))
		view_form_error(vf, VIEW_FORM_KEEPALIVE, "must be 0 (off) or "
		    "5-65535 seconds");
	else
		p->keepalive = (int)n;
	free(t);

	t = view_form_trimmed(vf, VIEW_FORM_EXPIRY);
	if (*t != '\0') {
		if (strcmp(t, "inf") == 0)
			p->session_expiry = 4294967295LL;
		else if (view_form_number(t, 0, 4294967295LL, &n) != 0)
			view_form_error(vf, VIEW_FORM_EXPIRY, "must be "
			    "0-4294967295 seconds or inf");
		else
			p->session_expiry = n;
		if (version != 5)
			view_form_error(vf, VIEW_FORM_EXPIRY, "needs MQTT "
			    "version 5 (or clear it)");
	}
	free(t);

	err = NULL;
	s = view_form_text(vf, VIEW_FORM_CONNECT_PROPS);
	if (view_form_props_parse(s, &p->connect_props, &err) != 0)
		view_form_error(vf, VIEW_FORM_CONNECT_PROPS, "%s", err);
	else if (p->connect_props.n > 0 && version != 5)
		view_form_error(vf, VIEW_FORM_CONNECT_PROPS, "needs MQTT "
		    "version 5 (or clear it)");
	else if (p->connect_props.n > 0 &&
	    engine_props_check(&p->connect_props, "connect", &err) != 0)
		view_form_error(vf, VIEW_FORM_CONNECT_PROPS, "%s", err);
	free(err);

	p->cafile = view_form_value(vf, VIEW_FORM_CAFILE);
	p->capath = view_form_value(vf, VIEW_FORM_CAPATH);
	p->cert = view_form_value(vf, VIEW_FORM_CERT);
	p->key = view_form_value(vf, VIEW_FORM_KEY);
	p->insecure = f[VIEW_FORM_INSECURE].value;
	if (f[VIEW_FORM_TLS_VERSION].value > 0) {
		p->tls_version = xstrdup(
		    view_form_tls_versions[f[VIEW_FORM_TLS_VERSION].value]);
	}
	/* The engine sets TLS up only for mqtts: say so, don't drop them. */
	if (!p->tls) {
		for (i = VIEW_FORM_CAFILE; i <= VIEW_FORM_TLS_VERSION; i++) {
			if ((view_form_specs[i].kind == VIEW_FORM_TEXT &&
			    *view_form_text(vf, i) != '\0') ||
			    (view_form_specs[i].kind != VIEW_FORM_TEXT &&
			    f[i].value != 0))
				view_form_error(vf, i, "TLS settings need "
				    "Protocol mqtts");
		}
	}
	if (p->cert != NULL && p->key == NULL)
		view_form_error(vf, VIEW_FORM_KEY, "a client cert needs its "
		    "key");
	if (p->key != NULL && p->cert == NULL)
		view_form_error(vf, VIEW_FORM_CERT, "a client key needs its "
		    "cert");

	p->will_topic = view_form_value(vf, VIEW_FORM_WILL_TOPIC);
	p->will_payload = view_form_value(vf, VIEW_FORM_WILL_PAYLOAD);
	p->will_qos = f[VIEW_FORM_WILL_QOS].value;
	p->will_retain = f[VIEW_FORM_WILL_RETAIN].value;
	err = NULL;
	s = view_form_text(vf, VIEW_FORM_WILL_PROPS);
	if (view_form_props_parse(s, &p->will_props, &err) != 0)
		view_form_error(vf, VIEW_FORM_WILL_PROPS, "%s", err);
	else if (p->will_props.n > 0 && version != 5)
		view_form_error(vf, VIEW_FORM_WILL_PROPS, "needs MQTT "
		    "version 5 (or clear it)");
	else if (p->will_props.n > 0 &&
	    engine_props_check(&p->will_props, "will", &err) != 0)
		view_form_error(vf, VIEW_FORM_WILL_PROPS, "%s", err);
	free(err);
	if (p->will_topic != NULL) {
		if (topic_check_name(p->will_topic, strlen(p->will_topic),
		    &why) != 0)
			view_form_error(vf, VIEW_FORM_WILL_TOPIC, "%s", why);
	} else if (p->will_payload != NULL || p->will_qos != 0 ||
	    p->will_retain || p->will_props.n > 0)
		view_form_error(vf, VIEW_FORM_WILL_TOPIC, "give a will topic, "
		    "or clear the other will fields");

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (f[i].error != NULL)
			bad++;
	}
	return bad;
}

/* Parse the line as the save command will, so its errors show here. */
static int
view_form_recheck(const char *line, char **err)
{
	struct cmd_lines	 cl;
	struct profile		*p = NULL;
	const char		*url;
	char			**argv;
	int			 argc, rc = -1;

	if (cmd_parse(line, &cl, err) != 0)
		return -1;
	if (cl.n != 1 || cl.v[0].argc < 3 ||
	    strcmp(cl.v[0].argv[0], "save") != 0) {
		*err = xstrdup("internal error: bad save command");
		goto out;
	}
	argc = cl.v[0].argc;
	argv = cl.v[0].argv;
	p = profile_new();
	if (profile_parse_flags(p, argc - 1, argv + 1, &url, err) != 0)
		goto out;
	if (url == NULL) {
		*err = xstrdup("internal error: no URL");
		goto out;
	}
	if (url_parse(url, p, err) != 0)
		goto out;
	if (profile_parse_flags(p, argc - 1, argv + 1, &url, err) != 0)
		goto out;
	if (p->will_props.n > 0 &&
	    engine_props_check(&p->will_props, "will", err) != 0)
		goto out;
	if (p->connect_props.n > 0 &&
	    engine_props_check(&p->connect_props, "connect", err) != 0)
		goto out;
	rc = 0;
out:
	profile_free(p);
	cmd_lines_free(&cl);
	return rc;
}

/* Validate; when all is well run "save" and return 1 (close). */
static int
view_form_save(struct view_form *vf)
{
	struct profile	 p;
	char		*line = NULL, *err = NULL;
	int		 i;

	view_form_clear_errors(vf);
	profile_init(&p);
	if (view_form_collect(vf, &p) != 0) {
		for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
			if (vf->f[i].error != NULL) {
				vf->focus = i;
				break;
			}
		}
		profile_clear(&p);
		return 0;
	}
	if (view_form_build(&p, &line, &err) != 0 ||
	    view_form_recheck(line, &err) != 0) {
		vf->error = err != NULL ? err : xstrdup("cannot save");
		free(line);
		profile_clear(&p);
		return 0;
	}
	profile_clear(&p);
	ui_run(line);
	free(line);
	return 1;
}

static void
view_form_move(struct view_form *vf, int delta)
{
	int	i = vf->focus;

	for (;;) {
		i += delta > 0 ? 1 : -1;
		if (i < 0 || i >= VIEW_FORM_NFIELDS)
			return;		/* stay on the last one reachable */
		if (view_form_readonly(vf, i))
			continue;
		vf->focus = i;
		if (delta > 0 ? --delta == 0 : ++delta == 0)
			return;
	}
}

/* A toggle or choice moved by delta, with what follows from it. */
static void
view_form_change(struct view_form *vf, int delta)
{
	const struct view_form_spec	*sp = &view_form_specs[vf->focus];
	struct view_form_field		*fl = &vf->f[vf->focus];
	const char			*port;
	int				 n;

	if (sp->kind == VIEW_FORM_TOGGLE)
		fl->value = !fl->value;
	else if (sp->kind == VIEW_FORM_CHOICE) {
		for (n = 0; sp->choices[n] != NULL; n++)
			/* nothing */;
		fl->value = (fl->value + delta + n) % n;
	} else
		return;
	free(fl->error);
	fl->error = NULL;

	/* Follow the protocol with the port while it is a default one. */
	if (vf->focus == VIEW_FORM_TLS) {
		port = view_form_text(vf, VIEW_FORM_PORT);
		if (fl->value && strcmp(port, "1883") == 0)
			edit_set(&vf->f[VIEW_FORM_PORT].e, "8883");
		else if (!fl->value && strcmp(port, "8883") == 0)
			edit_set(&vf->f[VIEW_FORM_PORT].e, "1883");
	}
}

static int
view_form_key(void *data, int key)
{
	struct view_form	*vf = data;
	struct view_form_field	*fl = &vf->f[vf->focus];
	enum view_form_kind	 kind = view_form_specs[vf->focus].kind;
	char			*id;

	switch (key) {
	case KEYC_ESC:
		return 1;
	case KEYC_CTRL('s'):
		return view_form_save(vf);
	case KEYC_ENTER:
	case '\r':
		if (kind == VIEW_FORM_BUTTON)
			return view_form_save(vf);
		view_form_move(vf, 1);
		return 0;
	case KEYC_TAB:
	case '\t':
	case KEYC_DOWN:
		view_form_move(vf, 1);
		return 0;
	case KEYC_BTAB:
	case KEYC_UP:
		view_form_move(vf, -1);
		return 0;
	case KEYC_NPAGE:
		view_form_move(vf, VIEW_FORM_PAGE);
		return 0;
	case KEYC_PPAGE:
		view_form_move(vf, -VIEW_FORM_PAGE);
		return 0;
	case KEYC_CTRL('g'):
		id = view_form_client_id();
		edit_set(&vf->f[VIEW_FORM_CLIENT_ID].e, id);
		free(id);
		free(vf->f[VIEW_FORM_CLIENT_ID].error);
		vf->f[VIEW_FORM_CLIENT_ID].error = NULL;
		return 0;
	case KEYC_CTRL('p'):
		vf->show_pw = !vf->show_pw;
		return 0;
	}

	switch (kind) {
	case VIEW_FORM_TOGGLE:
	case VIEW_FORM_CHOICE:
		if (key == ' ' || key == KEYC_SPACE || key == KEYC_RIGHT)
			view_form_change(vf, 1);
		else if (key == KEYC_LEFT)
			view_form_change(vf, -1);
		break;
	case VIEW_FORM_TEXT:
		if (view_form_readonly(vf, vf->focus))
			break;
		if (edit_key(&fl->e, key) == EDIT_CHANGED) {
			free(fl->error);
			fl->error = NULL;
		}
		break;
	case VIEW_FORM_BUTTON:
		if (key == ' ' || key == KEYC_SPACE)
			return view_form_save(vf);
		break;
	}
	return 0;
}

/* Keep column col inside a window w wide starting at *hs. */
static void
view_form_scroll(int col, int w, int *hs)
{
	/* From the start whenever the cursor fits: no needless shift. */
	if (col < *hs || col < w)
		*hs = col < w ? 0 : col;
	if (w > 0 && col >= *hs + w)
		*hs = col - w + 1;
	if (*hs < 0)
		*hs = 0;
}

/* Safe text from column hs onwards, in a window w wide. */
static void
view_form_window(int y, int x, int w, const char *s, int hs, attr_t attr)
{
	size_t	len = strlen(s), skip, n;
	int	used, x0 = x;

	draw_fill((struct rect){ y, x, 1, w }, attr);
	skip = sanitize_fit(s, len, hs, &used);
	if (used < hs && skip < len) {
		/* A wide character straddles the left edge: leave a gap. */
		n = sanitize_charlen(s + skip, len - skip);
		x0 += used + sanitize_width(s + skip, n) - hs;
		skip += n;
	}
	draw_text(y, x0, w - (x0 - x), s + skip, attr);
}

/* A text field's value; sets the cursor when focused. */
static void
view_form_draw_text(struct view_form *vf, int i, int y, int x, int w)
{
	struct view_form_field	*fl = &vf->f[i];
	const char		*text = edit_text(&fl->e), *hint;
	struct buf		 b;
	size_t			 k;
	int			 focused = i == vf->focus, line, col = 0, hs = 0;

	buf_init(&b);
	if (i == VIEW_FORM_PASSWORD && !vf->show_pw) {
		/* One star a character, whatever its width. */
		for (k = 0; k < fl->e.text.len;
		    k += sanitize_charlen(text + k, fl->e.text.len - k)) {
			buf_addc(&b, '*');
			if (k < fl->e.cur)
				col++;
		}
	} else {
		sanitize(&b, text, fl->e.text.len, 0);
		edit_cursor(&fl->e, &line, &col);
	}
	if (focused) {
		view_form_scroll(col, w, &fl->hs);
		hs = fl->hs;
	}
	view_form_window(y, x, w, buf_str(&b), hs, A_NORMAL);
	hint = view_form_specs[i].hint;
	if (*text == '\0' && hint != NULL)
		draw_text(y, x, w, hint, theme_attr(THEME_META));
	if (focused)
		ui_modal_cursor(y, x + col - hs);
	buf_free(&b);
}

static void
view_form_draw_field(struct view_form *vf, int i, int y, struct rect in)
{
	const struct view_form_spec	*sp = &view_form_specs[i];
	struct view_form_field		*fl = &vf->f[i];
	attr_t				 sel, lattr;
	int				 focused = i == vf->focus, lx, vx, vw;
	int				 used;

	sel = theme_attr(THEME_SELECTION);
	lx = in.x + 1;
	vx = lx + VIEW_FORM_LABEL_W + 1;
	vw = in.x + in.w - 1 - vx;
	if (vw < 4)
		return;
	if (sp->kind == VIEW_FORM_BUTTON) {
		draw_text(y, vx, vw, "[ Save ]", focused ? sel : A_NORMAL);
		return;
	}
	lattr = focused ? sel : theme_attr(THEME_PROMPT);
	draw_fill((struct rect){ y, lx, 1, VIEW_FORM_LABEL_W }, lattr);
	draw_text(y, lx, VIEW_FORM_LABEL_W, view_form_label(vf, i), lattr);

	switch (sp->kind) {
	case VIEW_FORM_TEXT:
		if (view_form_readonly(vf, i)) {
			used = draw_bytes(y, vx, vw, edit_text(&fl->e),
			    fl->e.text.len, A_NORMAL);
			draw_text(y, vx + used + 1, vw - used - 1, "(fixed: "
			    "duplicate to rename)", theme_attr(THEME_META));
		} else
			view_form_draw_text(vf, i, y, vx, vw);
		break;
	case VIEW_FORM_TOGGLE:
		used = draw_text(y, vx, vw, fl->value ? "[x]" : "[ ]",
		    focused ? sel : A_NORMAL);
		if (sp->hint != NULL)
			draw_text(y, vx + used + 1, vw - used - 1, sp->hint,
			    theme_attr(THEME_META));
		break;
	case VIEW_FORM_CHOICE:
		used = draw_printf(y, vx, vw, focused ? sel : A_NORMAL,
		    "< %s >", sp->choices[fl->value]);
		if (focused)
			draw_text(y, vx + used + 1, vw - used - 1,
			    "Space or Left/Right", theme_attr(THEME_META));
		break;
	case VIEW_FORM_BUTTON:
		break;
	}
}

/* Under the value, or from the label column when that is too narrow. */
static void
view_form_draw_error(const char *error, int y, struct rect in)
{
	struct buf	 b;
	int		 x, w;

	buf_init(&b);
	buf_adds(&b, "^ ");
	sanitize(&b, error, strlen(error), 0);
	x = in.x + 1 + VIEW_FORM_LABEL_W + 1;
	w = in.x + in.w - 1 - x;
	if (sanitize_width(buf_str(&b), b.len) > w) {
		x = in.x + 3;
		w = in.x + in.w - 1 - x;
	}
	draw_text(y, x, w, buf_str(&b), theme_attr(THEME_ERROR));
	buf_free(&b);
}

static int
view_form_lines(struct view_form *vf, struct view_form_line *v)
{
	int	i, n = 0;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (view_form_specs[i].section != NULL) {
			if (n > 0)
				v[n++] = (struct view_form_line){
				    VIEW_FORM_LINE_BLANK, i };
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_HEADING, i };
		}
		if (view_form_specs[i].kind == VIEW_FORM_BUTTON)
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_BLANK, i };
		v[n++] = (struct view_form_line){ VIEW_FORM_LINE_FIELD, i };
		if (vf->f[i].error != NULL)
			v[n++] = (struct view_form_line){
			    VIEW_FORM_LINE_ERROR, i };
	}
	return n;
}

static void
view_form_draw(void *data, int rows, int cols)
{
	struct view_form	*vf = data;
	struct view_form_line	 lines[VIEW_FORM_MAXLINES], *l;
	struct rect		 box, in;
	const char		*help;
	attr_t			 meta, err;
	int			 n, i, w, h, y, by, bh, first, last;

	meta = theme_attr(THEME_META);
	err = theme_attr(THEME_ERROR);
	n = view_form_lines(vf, lines);

	w = cols < VIEW_FORM_WIDTH ? cols : VIEW_FORM_WIDTH;
	h = n + 3 + (vf->error != NULL);
	if (h > rows)
		h = rows;
	if (w < 40 || h < 6) {
		draw_fill((struct rect){ 0, 0, rows, cols }, A_NORMAL);
		draw_text(0, 0, cols, "Screen too small for the form "
		    "(Esc closes)", err);
		return;
	}
	box = (struct rect){ (rows - h) / 2, (cols - w) / 2, h, w };
	in = (struct rect){ box.y + 1, box.x + 1, box.h - 2, box.w - 2 };
	draw_fill(box, A_NORMAL);
	draw_box(box, vf->title, 1);

	y = in.y;
	if (vf->error != NULL) {
		draw_fill((struct rect){ y, in.x, 1, in.w }, err);
		draw_printf(y, in.x + 1, in.w - 2, err, "Cannot save: %s",
		    vf->error);
		y++;
	}
	help = "Tab/↑↓ move · Space toggle · C-g new client id · "
	    "C-p show password · C-s save · Esc cancel";
	if (sanitize_width(help, strlen(help)) > in.w - 2)
		help = "Tab/↑↓ move · Space toggle · C-g new client id · "
		    "C-s save · Esc cancel";
	draw_text(in.y + in.h - 1, in.x + 1, in.w - 2, help, meta);

	/* Scroll so the focused row, its heading and its error show. */
	by = y;
	bh = in.y + in.h - 1 - by;
	if (bh < 1)
		return;
	first = last = 0;
	for (i = 0; i < n; i++) {
		if (lines[i].type == VIEW_FORM_LINE_FIELD &&
		    lines[i].field == vf->focus) {
			first = last = i;
			if (i > 0 && lines[i - 1].type ==
			    VIEW_FORM_LINE_HEADING)
				first = i - 1;
			if (i + 1 < n && lines[i + 1].type ==
			    VIEW_FORM_LINE_ERROR)
				last = i + 1;
			break;
		}
	}
	if (vf->focus == 0)
		first = 0;
	if (last >= vf->top + bh)
		vf->top = last - bh + 1;
	if (first < vf->top)
		vf->top = first;
	if (vf->top > n - bh)
		vf->top = n - bh;
	if (vf->top < 0)
		vf->top = 0;

	for (i = 0; i < bh && vf->top + i < n; i++) {
		l = &lines[vf->top + i];
		switch (l->type) {
		case VIEW_FORM_LINE_HEADING:
			draw_text(by + i, in.x + 1, in.w - 2,
			    view_form_specs[l->field].section,
			    theme_attr(THEME_TITLE));
			break;
		case VIEW_FORM_LINE_FIELD:
			view_form_draw_field(vf, l->field, by + i, in);
			break;
		case VIEW_FORM_LINE_ERROR:
			view_form_draw_error(vf->f[l->field].error, by + i, in);
			break;
		case VIEW_FORM_LINE_BLANK:
			break;
		}
	}
	if (vf->top > 0)
		draw_text(by, in.x + in.w - 2, 1, "↑", meta);
	if (vf->top + bh < n)
		draw_text(by + bh - 1, in.x + in.w - 2, 1, "↓", meta);
}

static void
view_form_free(void *data)
{
	struct view_form	*vf = data;
	int			 i;

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		edit_free(&vf->f[i].e);
		free(vf->f[i].error);
	}
	free(vf->error);
	free(vf->title);
	free(vf);
}

static void
view_form_choose(struct view_form *vf, int i, const char *value)
{
	const char *const	*c = view_form_specs[i].choices;
	int			 n;

	for (n = 0; c[n] != NULL; n++) {
		if (value != NULL && strcmp(c[n], value) == 0) {
			vf->f[i].value = n;
			return;
		}
	}
	vf->f[i].value = 0;
}

static void
view_form_fill(struct view_form *vf, const struct profile *p)
{
	struct view_form_field	*f = vf->f;
	char			*s;

	if (p->name != NULL) {
		if (vf->mode == VIEW_FORM_DUPLICATE) {
			s = xasprintf("%s-copy", p->name);
			edit_set(&f[VIEW_FORM_NAME].e, s);
			free(s);
		} else
			edit_set(&f[VIEW_FORM_NAME].e, p->name);
	}
	if (p->host != NULL)
		edit_set(&f[VIEW_FORM_HOST].e, p->host);
	s = xasprintf("%d", p->port);
	edit_set(&f[VIEW_FORM_PORT].e, s);
	free(s);
	f[VIEW_FORM_TLS].value = p->tls != 0;
	if (p->client_id != NULL)
		edit_set(&f[VIEW_FORM_CLIENT_ID].e, p->client_id);
	if (p->username != NULL)
		edit_set(&f[VIEW_FORM_USERNAME].e, p->username);
	if (p->password != NULL)
		edit_set(&f[VIEW_FORM_PASSWORD].e, p->password);
	f[VIEW_FORM_VERSION].value = p->version == 3 ? 0 :
	    p->version == 5 ? 2 : 1;
	s = xasprintf("%d", p->keepalive);
	edit_set(&f[VIEW_FORM_KEEPALIVE].e, s);
	free(s);
	f[VIEW_FORM_CLEAN].value = p->clean != 0;
	if (p->session_expiry >= 0) {
		s = p->session_expiry == 4294967295LL ? xstrdup("inf") :
		    xasprintf("%lld", (long long)p->session_expiry);
		edit_set(&f[VIEW_FORM_EXPIRY].e, s);
		free(s);
	}
	s = view_form_props_text(&p->connect_props);
	edit_set(&f[VIEW_FORM_CONNECT_PROPS].e, s);
	free(s);
	f[VIEW_FORM_RECONNECT].value = p->auto_reconnect != 0;

	if (p->cafile != NULL)
		edit_set(&f[VIEW_FORM_CAFILE].e, p->cafile);
	if (p->capath != NULL)
		edit_set(&f[VIEW_FORM_CAPATH].e, p->capath);
	if (p->cert != NULL)
		edit_set(&f[VIEW_FORM_CERT].e, p->cert);
	if (p->key != NULL)
		edit_set(&f[VIEW_FORM_KEY].e, p->key);
	f[VIEW_FORM_INSECURE].value = p->insecure != 0;
	view_form_choose(vf, VIEW_FORM_TLS_VERSION, p->tls_version);

	if (p->will_topic != NULL)
		edit_set(&f[VIEW_FORM_WILL_TOPIC].e, p->will_topic);
	if (p->will_payload != NULL)
		edit_set(&f[VIEW_FORM_WILL_PAYLOAD].e, p->will_payload);
	f[VIEW_FORM_WILL_QOS].value = p->will_qos >= 0 && p->will_qos <= 2 ?
	    p->will_qos : 0;
	f[VIEW_FORM_WILL_RETAIN].value = p->will_retain != 0;
	s = view_form_props_text(&p->will_props);
	edit_set(&f[VIEW_FORM_WILL_PROPS].e, s);
	free(s);
}

void
view_form_open(const char *mode, const char *name)
{
	struct view_form	*vf;
	struct ui_modal		*m;
	struct profile		*p, defaults;
	struct buf		 b;
	enum view_form_mode	 fm;
	int			 i;

	if (mode == NULL || strcmp(mode, "new") == 0)
		fm = VIEW_FORM_NEW;
	else if (strcmp(mode, "edit") == 0)
		fm = VIEW_FORM_EDIT;
	else if (strcmp(mode, "duplicate") == 0)
		fm = VIEW_FORM_DUPLICATE;
	else {
		ui_status(1, "form: unknown mode '%s': use new, edit or "
		    "duplicate", mode);
		return;
	}
	p = NULL;
	if (fm != VIEW_FORM_NEW) {
		if (name == NULL || *name == '\0') {
			ui_status(1, "form: %s needs a profile name", mode);
			return;
		}
		if ((p = store_profile_load(name)) == NULL) {
			ui_status(1, "no profile named '%s'", name);
			return;
		}
	}

	vf = xcalloc(1, sizeof *vf);
	vf->mode = fm;
	for (i = 0; i < VIEW_FORM_NFIELDS; i++)
		edit_init(&vf->f[i].e, 0);
	profile_init(&defaults);
	view_form_fill(vf, p != NULL ? p : &defaults);

	buf_init(&b);
	if (fm == VIEW_FORM_NEW)
		buf_adds(&b, "New connection");
	else {
		buf_adds(&b, fm == VIEW_FORM_EDIT ? "Edit " : "Duplicate ");
		sanitize(&b, name, strlen(name), 0);
	}
	vf->title = xstrdup(buf_str(&b));
	buf_free(&b);
	profile_free(p);
	vf->focus = fm == VIEW_FORM_EDIT ? VIEW_FORM_HOST : VIEW_FORM_NAME;

	m = xcalloc(1, sizeof *m);
	m->name = "form";
	m->draw = view_form_draw;
	m->key = view_form_key;
	m->free = view_form_free;
	m->data = vf;
	m->cy = m->cx = -1;
	ui_modal_push(m);
}
