/*
 * The connection form's fields: the table of rows, filling them from a
 * profile, checking them one by one, and view_form_build, which turns a
 * profile into the "save" line the form runs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cmd-parse.h"
#include "conn.h"
#include "edit.h"
#include "engine.h"
#include "profile.h"
#include "store.h"
#include "topic.h"
#include "url.h"
#include "view.h"
#include "view-form-int.h"
#include "xmalloc.h"

static const char *const view_form_protocols[] = { "mqtt", "mqtts", NULL };
static const char *const view_form_versions[] = { "3.1", "3.1.1", "5", NULL };
static const int view_form_version_num[] = { 3, 4, 5 };
static const char *const view_form_qos[] = { "0", "1", "2", NULL };
/* tlsv1.1 last: the parser still takes it, so an old profile keeps it. */
static const char *const view_form_tls_versions[] = {
	"default", "tlsv1.2", "tlsv1.3", "tlsv1.1", NULL
};

const struct view_form_spec view_form_fields_specs[VIEW_FORM_NFIELDS] = {
	[VIEW_FORM_NAME] = { VIEW_FORM_TEXT, "Name", "Broker",
	    "any text, e.g. Sensor 1", NULL },
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
	[VIEW_FORM_SAVE] = { VIEW_FORM_BUTTON, "[ Save ]", NULL, NULL, NULL },
	[VIEW_FORM_CONNECT] = { VIEW_FORM_BUTTON, "[ Save and connect ]", NULL,
	    NULL, NULL },
};

static void	view_form_fields_error(struct view_form *, int, const char *,
		    ...) __attribute__((format(printf, 3, 4)));

const char *
view_form_fields_text(struct view_form *vf, int i)
{
	return edit_text(&vf->f[i].e);
}

static int
view_form_fields_version(struct view_form *vf)
{
	return view_form_version_num[vf->f[VIEW_FORM_VERSION].value];
}

const char *
view_form_fields_label(struct view_form *vf, int i)
{
	/* MQTT 5 renamed the flag along with its meaning. */
	if (i == VIEW_FORM_CLEAN && view_form_fields_version(vf) == 5)
		return "Clean start";
	return view_form_fields_specs[i].label;
}

/* The first error set on a field wins: it is the one to fix first. */
static void
view_form_fields_error(struct view_form *vf, int i, const char *fmt, ...)
{
	va_list	 ap;

	if (vf->f[i].error != NULL)
		return;
	va_start(ap, fmt);
	vf->f[i].error = xvasprintf(fmt, ap);
	va_end(ap);
}

void
view_form_fields_clear_errors(struct view_form *vf)
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
view_form_fields_trimmed(struct view_form *vf, int i)
{
	const char	*s = view_form_fields_text(vf, i), *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, e - s);
}

/* NULL for an empty field: profiles keep "not set" as NULL. */
static char *
view_form_fields_value(struct view_form *vf, int i)
{
	const char	*s = view_form_fields_text(vf, i);

	return *s != '\0' ? xstrdup(s) : NULL;
}

/* Plain digits only, in [min, max]. */
static int
view_form_fields_number(const char *s, long long min, long long max,
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

/*
 * The name, checked as save and rename will check it: a new name follows
 * the rules and is free; renaming waits until the connection is closed.
 */
static void
view_form_fields_name(struct view_form *vf, const char *name)
{
	struct profile	*old;
	struct conn	*c;
	const char	*why;

	if (vf->orig != NULL && strcmp(name, vf->orig) == 0)
		return;
	if ((why = profile_name_why(name)) != NULL) {
		view_form_fields_error(vf, VIEW_FORM_NAME, "%s", why);
		return;
	}
	if ((old = store_profile_load(name)) != NULL) {
		profile_free(old);
		view_form_fields_error(vf, VIEW_FORM_NAME, "a profile named "
		    "'%s' exists already", name);
		return;
	}
	if (vf->orig == NULL)
		return;
	if ((c = conn_find(vf->orig)) != NULL && c->state != CONN_OFFLINE &&
	    c->state != CONN_ERROR)
		view_form_fields_error(vf, VIEW_FORM_NAME, "'%s' is %s: "
		    "disconnect it to rename it", vf->orig,
		    conn_state_name(c->state));
	else if (conn_find(name) != NULL)
		view_form_fields_error(vf, VIEW_FORM_NAME, "a connection "
		    "named '%s' is open: close it first", name);
}

/*
 * Properties as one line of text: "NAME=VALUE; user-property=K=V". A
 * backslash makes the next character plain, for ';' or '=' in values.
 */
static void
view_form_fields_props_escape(struct buf *b, const char *s, const char *special)
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
view_form_fields_props_text(const struct props *ps)
{
	struct buf	 b;
	char		*s;
	int		 i;

	buf_init(&b);
	for (i = 0; i < ps->n; i++) {
		if (i > 0)
			buf_adds(&b, "; ");
		view_form_fields_props_escape(&b, ps->v[i].name, ";=");
		buf_addc(&b, '=');
		if (ps->v[i].key != NULL) {
			view_form_fields_props_escape(&b, ps->v[i].key, ";=");
			buf_addc(&b, '=');
		}
		view_form_fields_props_escape(&b, ps->v[i].value, ";");
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
view_form_fields_props_token(const char *s, const char *stop, struct buf *b)
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
view_form_fields_props_parse(const char *s, struct props *ps, char **err)
{
	struct buf	 name, key, value;
	int		 rc = -1;

	buf_init(&name);
	buf_init(&key);
	buf_init(&value);
	props_clear(ps);
	while (*s != '\0') {
		s = view_form_fields_props_token(s, ";=", &name);
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
			s = view_form_fields_props_token(s, ";=", &key);
			if (*s != '=' || key.len == 0) {
				*err = xstrdup("user-property needs KEY=VALUE");
				goto out;
			}
			s++;
		}
		/* A value may hold '=': only ';' ends it. */
		s = view_form_fields_props_token(s, ";", &value);
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

static void
view_form_fields_flag(struct buf *b, const char *flag, const char *value)
{
	cmd_quote_append(b, flag);
	cmd_quote_append(b, value);
}

static void
view_form_fields_props_flags(struct buf *b, const struct props *ps,
    const char *packet)
{
	int	i;

	for (i = 0; i < ps->n; i++) {
		view_form_fields_flag(b, "-D", packet);
		cmd_quote_append(b, ps->v[i].name);
		if (ps->v[i].key != NULL)
			cmd_quote_append(b, ps->v[i].key);
		cmd_quote_append(b, ps->v[i].value);
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
	cmd_quote_append(&b, "save");
	cmd_quote_append(&b, p->name);
	cmd_quote_append(&b, url);
	free(url);
	if (p->client_id != NULL && *p->client_id != '\0')
		view_form_fields_flag(&b, "-i", p->client_id);
	if (p->username != NULL && *p->username != '\0')
		view_form_fields_flag(&b, "-u", p->username);
	if (p->password != NULL)
		view_form_fields_flag(&b, "-P", p->password);
	if (p->keepalive != d.keepalive) {
		snprintf(num, sizeof num, "%d", p->keepalive);
		view_form_fields_flag(&b, "-k", num);
	}
	if (p->version != d.version) {
		view_form_fields_flag(&b, "-V", p->version == 3 ? "31" :
		    p->version == 4 ? "311" : "5");
	}
	if (!p->clean)
		cmd_quote_append(&b, "-c");
	if (p->session_expiry != d.session_expiry &&
	    p->session_expiry >= 0) {
		snprintf(num, sizeof num, "%lld",
		    (long long)p->session_expiry);
		view_form_fields_flag(&b, "-x", num);
	}
	if (!p->auto_reconnect)
		cmd_quote_append(&b, "--no-reconnect");
	view_form_fields_props_flags(&b, &p->connect_props, "connect");

	if (p->will_topic != NULL && *p->will_topic != '\0') {
		view_form_fields_flag(&b, "--will-topic", p->will_topic);
		if (p->will_payload != NULL && *p->will_payload != '\0')
			view_form_fields_flag(&b, "--will-payload",
			    p->will_payload);
		if (p->will_qos != d.will_qos) {
			snprintf(num, sizeof num, "%d", p->will_qos);
			view_form_fields_flag(&b, "--will-qos", num);
		}
		if (p->will_retain)
			cmd_quote_append(&b, "--will-retain");
		view_form_fields_props_flags(&b, &p->will_props, "will");
	}

	if (p->cafile != NULL && *p->cafile != '\0')
		view_form_fields_flag(&b, "--cafile", p->cafile);
	if (p->capath != NULL && *p->capath != '\0')
		view_form_fields_flag(&b, "--capath", p->capath);
	if (p->cert != NULL && *p->cert != '\0')
		view_form_fields_flag(&b, "--cert", p->cert);
	if (p->key != NULL && *p->key != '\0')
		view_form_fields_flag(&b, "--key", p->key);
	if (p->insecure)
		cmd_quote_append(&b, "--insecure");
	if (p->tls_version != NULL && *p->tls_version != '\0')
		view_form_fields_flag(&b, "--tls-version", p->tls_version);

	*line = xstrdup(buf_str(&b));
	buf_free(&b);
	return 0;
}

/* Check every field and fill p from them; the number of bad fields. */
int
view_form_fields_collect(struct view_form *vf, struct profile *p)
{
	struct view_form_field	*f = vf->f;
	const char		*why, *s;
	char			*t, *err;
	long long		 n;
	int			 i, version, bad = 0;

	version = view_form_fields_version(vf);

	t = xstrdup(view_form_fields_text(vf, VIEW_FORM_NAME));
	view_form_fields_name(vf, t);
	profile_set(&p->name, t);
	free(t);

	t = view_form_fields_trimmed(vf, VIEW_FORM_HOST);
	/* "[::1]" as in a URL is fine: the brackets come back on saving. */
	if (t[0] == '[' && t[strlen(t) - 1] == ']') {
		memmove(t, t + 1, strlen(t));
		t[strlen(t) - 1] = '\0';
	}
	if (*t == '\0')
		view_form_fields_error(vf, VIEW_FORM_HOST, "give a host name "
		    "or address");
	else if (url_is_url(t))
		view_form_fields_error(vf, VIEW_FORM_HOST, "the host only, "
		    "without a scheme (set Protocol below)");
	else if (strpbrk(t, "@/[] \t") != NULL)
		view_form_fields_error(vf, VIEW_FORM_HOST, "a host name or "
		    "address has no spaces, '@', '/' or brackets");
	profile_set(&p->host, t);
	free(t);

	t = view_form_fields_trimmed(vf, VIEW_FORM_PORT);
	if (view_form_fields_number(t, 1, 65535, &n) != 0)
		view_form_fields_error(vf, VIEW_FORM_PORT, "must be a number "
		    "1-65535");
	else
		p->port = (int)n;
	free(t);
	p->tls = f[VIEW_FORM_TLS].value;

	p->client_id = view_form_fields_value(vf, VIEW_FORM_CLIENT_ID);
	p->username = view_form_fields_value(vf, VIEW_FORM_USERNAME);
	p->password = view_form_fields_value(vf, VIEW_FORM_PASSWORD);
	p->version = version;
	p->clean = f[VIEW_FORM_CLEAN].value;
	p->auto_reconnect = f[VIEW_FORM_RECONNECT].value;
	if (!p->clean && p->client_id == NULL) {
		view_form_fields_error(vf, VIEW_FORM_CLIENT_ID, "a persistent "
		    "session (clean %s off) needs one: C-g",
		    version == 5 ? "start" : "session");
	}
	if (p->password != NULL && p->username == NULL && version != 5) {
		view_form_fields_error(vf, VIEW_FORM_PASSWORD, "MQTT 3 sends a "
		    "password only with a username");
	}

	t = view_form_fields_trimmed(vf, VIEW_FORM_KEEPALIVE);
	if (view_form_fields_number(t, 0, 65535, &n) != 0 || (n > 0 && n < 5))
		view_form_fields_error(vf, VIEW_FORM_KEEPALIVE, "must be 0 "
		    "(off) or 5-65535 seconds");
	else
		p->keepalive = (int)n;
	free(t);

	t = view_form_fields_trimmed(vf, VIEW_FORM_EXPIRY);
	if (*t != '\0') {
		if (strcmp(t, "inf") == 0)
			p->session_expiry = 4294967295LL;
		else if (view_form_fields_number(t, 0, 4294967295LL, &n) != 0)
			view_form_fields_error(vf, VIEW_FORM_EXPIRY, "must be "
			    "0-4294967295 seconds or inf");
		else
			p->session_expiry = n;
		if (version != 5)
			view_form_fields_error(vf, VIEW_FORM_EXPIRY, "needs "
			    "MQTT version 5 (or clear it)");
	}
	free(t);

	err = NULL;
	s = view_form_fields_text(vf, VIEW_FORM_CONNECT_PROPS);
	if (view_form_fields_props_parse(s, &p->connect_props, &err) != 0)
		view_form_fields_error(vf, VIEW_FORM_CONNECT_PROPS, "%s", err);
	else if (p->connect_props.n > 0 && version != 5)
		view_form_fields_error(vf, VIEW_FORM_CONNECT_PROPS, "needs "
		    "MQTT version 5 (or clear it)");
	else if (p->connect_props.n > 0 &&
	    engine_props_check(&p->connect_props, "connect", &err) != 0)
		view_form_fields_error(vf, VIEW_FORM_CONNECT_PROPS, "%s", err);
	free(err);

	p->cafile = view_form_fields_value(vf, VIEW_FORM_CAFILE);
	p->capath = view_form_fields_value(vf, VIEW_FORM_CAPATH);
	p->cert = view_form_fields_value(vf, VIEW_FORM_CERT);
	p->key = view_form_fields_value(vf, VIEW_FORM_KEY);
	p->insecure = f[VIEW_FORM_INSECURE].value;
	if (f[VIEW_FORM_TLS_VERSION].value > 0) {
		p->tls_version = xstrdup(
		    view_form_tls_versions[f[VIEW_FORM_TLS_VERSION].value]);
	}
	/* The engine sets TLS up only for mqtts: say so, don't drop them. */
	if (!p->tls) {
		for (i = VIEW_FORM_CAFILE; i <= VIEW_FORM_TLS_VERSION; i++) {
			if ((view_form_fields_specs[i].kind == VIEW_FORM_TEXT &&
			    *view_form_fields_text(vf, i) != '\0') ||
			    (view_form_fields_specs[i].kind != VIEW_FORM_TEXT &&
			    f[i].value != 0))
				view_form_fields_error(vf, i, "TLS settings "
				    "need Protocol mqtts");
		}
	}
	if (p->cert != NULL && p->key == NULL)
		view_form_fields_error(vf, VIEW_FORM_KEY, "a client cert needs "
		    "its key");
	if (p->key != NULL && p->cert == NULL)
		view_form_fields_error(vf, VIEW_FORM_CERT, "a client key needs "
		    "its cert");

	p->will_topic = view_form_fields_value(vf, VIEW_FORM_WILL_TOPIC);
	p->will_payload = view_form_fields_value(vf, VIEW_FORM_WILL_PAYLOAD);
	p->will_qos = f[VIEW_FORM_WILL_QOS].value;
	p->will_retain = f[VIEW_FORM_WILL_RETAIN].value;
	err = NULL;
	s = view_form_fields_text(vf, VIEW_FORM_WILL_PROPS);
	if (view_form_fields_props_parse(s, &p->will_props, &err) != 0)
		view_form_fields_error(vf, VIEW_FORM_WILL_PROPS, "%s", err);
	else if (p->will_props.n > 0 && version != 5)
		view_form_fields_error(vf, VIEW_FORM_WILL_PROPS, "needs MQTT "
		    "version 5 (or clear it)");
	else if (p->will_props.n > 0 &&
	    engine_props_check(&p->will_props, "will", &err) != 0)
		view_form_fields_error(vf, VIEW_FORM_WILL_PROPS, "%s", err);
	free(err);
	if (p->will_topic != NULL) {
		if (topic_check_name(p->will_topic, strlen(p->will_topic),
		    &why) != 0)
			view_form_fields_error(vf, VIEW_FORM_WILL_TOPIC, "%s",
			    why);
	} else if (p->will_payload != NULL || p->will_qos != 0 ||
	    p->will_retain || p->will_props.n > 0)
		view_form_fields_error(vf, VIEW_FORM_WILL_TOPIC, "give a will "
		    "topic, or clear the other will fields");

	for (i = 0; i < VIEW_FORM_NFIELDS; i++) {
		if (f[i].error != NULL)
			bad++;
	}
	return bad;
}

/* Parse the line as the save command will, so its errors show here. */
int
view_form_fields_recheck(const char *line, char **err)
{
	struct cmd_lines	 cl;
	struct profile		*p = NULL;
	int			 rc = -1;

	if (cmd_parse(line, &cl, err) != 0)
		return -1;
	if (cl.n != 1 || cl.v[0].argc < 3 ||
	    strcmp(cl.v[0].argv[0], "save") != 0) {
		*err = xstrdup("internal error: bad save command");
		goto out;
	}
	p = profile_new();
	if (cmd_save_parse(cl.v[0].argc, cl.v[0].argv, p, err) != 0)
		goto out;
	rc = 0;
out:
	profile_free(p);
	cmd_lines_free(&cl);
	return rc;
}

static void
view_form_fields_choose(struct view_form *vf, int i, const char *value)
{
	const char *const	*c = view_form_fields_specs[i].choices;
	int			 n;

	for (n = 0; c[n] != NULL; n++) {
		if (value != NULL && strcmp(c[n], value) == 0) {
			vf->f[i].value = n;
			return;
		}
	}
	vf->f[i].value = 0;
}

void
view_form_fields_fill(struct view_form *vf, const struct profile *p)
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
	s = view_form_fields_props_text(&p->connect_props);
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
	view_form_fields_choose(vf, VIEW_FORM_TLS_VERSION, p->tls_version);

	if (p->will_topic != NULL)
		edit_set(&f[VIEW_FORM_WILL_TOPIC].e, p->will_topic);
	if (p->will_payload != NULL)
		edit_set(&f[VIEW_FORM_WILL_PAYLOAD].e, p->will_payload);
	f[VIEW_FORM_WILL_QOS].value = p->will_qos >= 0 && p->will_qos <= 2 ?
	    p->will_qos : 0;
	f[VIEW_FORM_WILL_RETAIN].value = p->will_retain != 0;
	s = view_form_fields_props_text(&p->will_props);
	edit_set(&f[VIEW_FORM_WILL_PROPS].e, s);
	free(s);
}
