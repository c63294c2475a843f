#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "unit.h"

#define NARGS(a)	((int)(sizeof (a) / sizeof (a)[0]) - 1)

static void
test_defaults(void)
{
	struct profile	*p, *d;

	p = profile_new();
	CHECK_INT(p->port, 1883);
	CHECK_INT(p->version, 4);
	CHECK_INT(p->keepalive, 60);
	CHECK_INT(p->clean, 1);
	CHECK_INT(p->session_expiry, -1);
	CHECK_INT(p->auto_reconnect, 1);
	CHECK_INT(p->will_qos, 0);
	CHECK_INT(p->tls, 0);
	CHECK(p->host == NULL && p->client_id == NULL && p->name == NULL);

	profile_set(&p->host, "h");
	profile_set(&p->host, p->host);		/* self-assignment is safe */
	CHECK_STR(p->host, "h");
	profile_set(&p->username, "u");
	profile_set(&p->username, NULL);
	CHECK(p->username == NULL);
	profile_set(&p->will_topic, "w");
	props_add(&p->will_props, "content-type", NULL, "text/plain");
	props_add(&p->connect_props, "user-property", "k", "v");

	/* A copy is deep: changing it leaves the original alone. */
	d = profile_dup(p);
	CHECK_STR(d->host, "h");
	CHECK(d->host != p->host);
	CHECK_STR(d->will_topic, "w");
	CHECK_INT(d->will_props.n, 1);
	CHECK(d->will_props.v != p->will_props.v);
	CHECK_STR(d->connect_props.v[0].key, "k");
	profile_set(&d->host, "other");
	CHECK_STR(p->host, "h");
	profile_free(d);

	profile_clear(p);
	CHECK(p->host == NULL);
	CHECK_INT(p->will_props.n, 0);
	CHECK_INT(p->port, 1883);
	profile_free(p);
	profile_free(NULL);
}

static void
test_props(void)
{
	struct props	 a = { NULL, 0 }, b = { NULL, 0 };
	char		*j, *j2;

	CHECK(props_to_json(&a) == NULL);
	props_add(&a, "user-property", "k", "v");
	props_add(&a, "content-type", NULL, "x");
	CHECK_INT(a.n, 2);
	j = props_to_json(&a);
	CHECK_STR(j, "[{\"name\":\"user-property\",\"key\":\"k\",\"value\":\"v\"},"
	    "{\"name\":\"content-type\",\"value\":\"x\"}]");

	CHECK_INT(props_from_json(&b, j), 0);
	CHECK_INT(b.n, 2);
	CHECK_STR(b.v[0].name, "user-property");
	CHECK_STR(b.v[0].key, "k");
	CHECK_STR(b.v[0].value, "v");
	CHECK_STR(b.v[1].name, "content-type");
	CHECK(b.v[1].key == NULL);
	CHECK_STR(b.v[1].value, "x");
	j2 = props_to_json(&b);
	CHECK_STR(j2, j);
	free(j);
	free(j2);

	/* Awkward text survives the round trip. */
	props_clear(&a);
	props_add(&a, "user-property", "k \"q\"", "caf\xc3\xa9\n\\");
	props_add(&a, "response-topic", NULL, "");
	j = props_to_json(&a);
	CHECK_INT(props_from_json(&b, j), 0);	/* replaces b's contents */
	CHECK_INT(b.n, 2);
	CHECK_STR(b.v[0].key, "k \"q\"");
	CHECK_STR(b.v[0].value, "caf\xc3\xa9\n\\");
	CHECK_STR(b.v[1].value, "");
	free(j);

	/* props_copy replaces. */
	props_copy(&b, &a);
	CHECK_INT(b.n, 2);
	props_copy(&b, &b);
	CHECK_INT(b.n, 2);

	CHECK_INT(props_from_json(&b, NULL), 0);
	CHECK_INT(b.n, 0);
	CHECK_INT(props_from_json(&b, "[]"), 0);
	CHECK_INT(b.n, 0);
	CHECK_INT(props_from_json(&b, "{"), -1);
	CHECK_INT(props_from_json(&b, "{}"), -1);
	CHECK_INT(props_from_json(&b, "[1]"), -1);
	CHECK_INT(props_from_json(&b, "[{\"value\":\"x\"}]"), -1);
	CHECK_INT(props_from_json(&b, "[{\"name\":\"a\"}]"), -1);
	CHECK_INT(props_from_json(&b, "[{\"name\":\"a\",\"value\":1}]"), -1);
	CHECK_INT(props_from_json(&b,
	    "[{\"name\":\"user-property\",\"value\":\"v\"}]"), -1);
	CHECK_INT(props_from_json(&b,
	    "[{\"name\":\"a\",\"value\":\"v\"},{\"name\":1}]"), -1);
	CHECK_INT(b.n, 0);			/* nothing half-filled */
	props_clear(&a);
	props_clear(&b);
}

/* Parse flags into a fresh profile; returns 0/-1, err in *errp. */
static int
parse(struct profile *p, int argc, char **argv, const char **url,
    char **errp)
{
	profile_init(p);
	*errp = NULL;
	return profile_parse_flags(p, argc, argv, url, errp);
}

static void
test_flags(void)
{
	struct profile	 p;
	const char	*url;
	char		*err;

	char *a1[] = { "save", "mqtt://h", "-i", "me", "-u", "user", "-P", "pw",
	    "-k", "30", "-V", "5", "-c", "-x", "120", "--will-topic", "wt",
	    "--will-payload", "bye", "--will-qos", "2", "--will-retain",
	    "--cafile", "ca.pem", "--capath", "/etc/ssl", "--cert", "c.pem",
	    "--key", "k.pem", "--insecure", "--tls-version", "tlsv1.3",
	    "--no-reconnect", NULL };
	CHECK_INT(parse(&p, NARGS(a1), a1, &url, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(url, "mqtt://h");
	CHECK_STR(p.client_id, "me");
	CHECK_STR(p.username, "user");
	CHECK_STR(p.password, "pw");
	CHECK_INT(p.keepalive, 30);
	CHECK_INT(p.version, 5);
	CHECK_INT(p.clean, 0);
	CHECK_INT(p.session_expiry, 120);
	CHECK_STR(p.will_topic, "wt");
	CHECK_STR(p.will_payload, "bye");
	CHECK_INT(p.will_qos, 2);
	CHECK_INT(p.will_retain, 1);
	CHECK_STR(p.cafile, "ca.pem");
	CHECK_STR(p.capath, "/etc/ssl");
	CHECK_STR(p.cert, "c.pem");
	CHECK_STR(p.key, "k.pem");
	CHECK_INT(p.insecure, 1);
	CHECK_STR(p.tls_version, "tlsv1.3");
	CHECK_INT(p.auto_reconnect, 0);
	profile_clear(&p);

	/* The URL may come after the flags, and -D takes extra words. */
	char *a2[] = { "connect", "-D", "connect", "user-property", "k", "v v",
	    "-D", "will", "content-type", "text/plain", "mqtts://x", "-V",
	    "mqttv311", "-D", "connect", "session-expiry-interval", "5", NULL };
	CHECK_INT(parse(&p, NARGS(a2), a2, &url, &err), 0);
	CHECK_STR(url, "mqtts://x");
	CHECK_INT(p.version, 4);
	/* A property that is a field of its own goes there. */
	CHECK_INT(p.connect_props.n, 1);
	CHECK_STR(p.connect_props.v[0].name, "user-property");
	CHECK_STR(p.connect_props.v[0].key, "k");
	CHECK_STR(p.connect_props.v[0].value, "v v");
	CHECK_INT(p.session_expiry, 5);
	CHECK_INT(p.will_props.n, 1);
	CHECK_STR(p.will_props.v[0].name, "content-type");
	CHECK_STR(p.will_props.v[0].value, "text/plain");
	profile_clear(&p);

	/* Values that look like flags are still values. */
	char *a3[] = { "c", "-x", "-1", "-P", "-secret", "-V31", "-k0", NULL };
	CHECK_INT(parse(&p, NARGS(a3), a3, &url, &err), 0);
	CHECK(url == NULL);
	CHECK_INT(p.session_expiry, 4294967295LL);
	CHECK_STR(p.password, "-secret");
	CHECK_INT(p.version, 3);
	CHECK_INT(p.keepalive, 0);
	profile_clear(&p);

	char *a4[] = { "c", "-x", "inf", "-V", "mqttv5", "--will-qos=1",
	    "--", "mqtt://after", NULL };
	CHECK_INT(parse(&p, NARGS(a4), a4, &url, &err), 0);
	CHECK_INT(p.session_expiry, 4294967295LL);
	CHECK_INT(p.version, 5);
	CHECK_INT(p.will_qos, 1);
	CHECK_STR(url, "mqtt://after");
	profile_clear(&p);

	char *a5[] = { "c", "-x", "0", "-k", "65535", "-V", "mqttv31", NULL };
	CHECK_INT(parse(&p, NARGS(a5), a5, NULL, &err), 0);
	CHECK_INT(p.session_expiry, 0);
	CHECK_INT(p.keepalive, 65535);
	CHECK_INT(p.version, 3);
	profile_clear(&p);

	/* Nothing but argv[0]. */
	char *a6[] = { "c", NULL };
	CHECK_INT(parse(&p, NARGS(a6), a6, &url, &err), 0);
	CHECK(url == NULL);
	CHECK_INT(p.keepalive, 60);
	profile_clear(&p);

	/* Parsing twice in a row starts afresh each time. */
	char *a7[] = { "c", "-c", "-V", "311", NULL };
	CHECK_INT(parse(&p, NARGS(a7), a7, NULL, &err), 0);
	CHECK_INT(p.clean, 0);
	CHECK_INT(p.version, 4);
	CHECK_INT(parse(&p, NARGS(a7), a7, NULL, &err), 0);
	CHECK_INT(p.clean, 0);
	profile_clear(&p);

	/*
	 * -D replaces the list for its packet: the same words parsed twice
	 * (once before the URL is applied, once after) give one copy.
	 */
	char *a8[] = { "c", "-D", "connect", "user-property", "a", "1",
	    "-D", "connect", "user-property", "a", "2", NULL };
	profile_init(&p);
	props_add(&p.connect_props, "user-property", "old", "x");
	props_add(&p.will_props, "content-type", NULL, "kept");
	err = NULL;
	CHECK_INT(profile_parse_flags(&p, NARGS(a8), a8, NULL, &err), 0);
	CHECK_INT(profile_parse_flags(&p, NARGS(a8), a8, NULL, &err), 0);
	CHECK_INT(p.connect_props.n, 2);
	CHECK_STR(p.connect_props.v[0].value, "1");
	CHECK_STR(p.connect_props.v[1].value, "2");
	CHECK_INT(p.will_props.n, 1);
	CHECK_STR(p.will_props.v[0].value, "kept");
	/* No -D at all leaves both lists alone. */
	CHECK_INT(profile_parse_flags(&p, NARGS(a7), a7, NULL, &err), 0);
	CHECK_INT(p.connect_props.n, 2);
	CHECK_INT(p.will_props.n, 1);
	profile_clear(&p);
}

static void
flag_err(char **argv, int argc, int want_url, const char *want)
{
	struct profile	 p;
	const char	*url = "unset";
	char		*err;

	profile_init(&p);
	profile_set(&p.client_id, "keep");
	err = NULL;
	CHECK_INT(profile_parse_flags(&p, argc, argv, want_url ? &url : NULL,
	    &err), -1);
	CHECK_STR(err, want);
	/* A failed parse leaves the profile as it was. */
	CHECK_STR(p.client_id, "keep");
	CHECK_INT(p.keepalive, 60);
	CHECK_INT(p.will_qos, 0);
	CHECK_INT(p.connect_props.n, 0);
	if (want_url)
		CHECK(url == NULL);
	free(err);
	profile_clear(&p);
}

#define BAD(want_url, want, ...) do {					\
	char *argv_[] = { "cmd", __VA_ARGS__, NULL };			\
	flag_err(argv_, NARGS(argv_), want_url, want);			\
} while (0)

static void
test_flag_errors(void)
{
	BAD(1, "bad QoS '3': must be 0, 1 or 2", "--will-qos", "3");
	BAD(1, "bad QoS '-1': must be 0, 1 or 2", "--will-qos", "-1");
	BAD(1, "bad QoS 'x': must be 0, 1 or 2", "--will-qos", "x");
	BAD(1, "bad QoS '': must be 0, 1 or 2", "--will-qos", "");
	BAD(1, "unknown flag '--foo'", "--foo");
	BAD(1, "unknown flag '--foo'", "--foo=1");
	BAD(1, "unknown flag '--name'", "--name", "x");
	BAD(1, "unknown flag '-z'", "-z");
	BAD(1, "unknown flag '-z'", "-cz");
	BAD(1, "unknown flag '-z'", "--insecure", "-zc");
	BAD(1, "flag '--insecure' takes no value", "--insecure=yes");
	BAD(1, "-k needs a value", "-k");
	BAD(1, "-i needs a value", "-c", "-i");
	BAD(1, "--will-topic needs a value", "--will-topic");
	BAD(1, "--keepalive needs a value", "--keepalive");
	BAD(1, "bad keepalive 'x'", "-k", "x");
	BAD(1, "bad keepalive '10s'", "-k", "10s");
	BAD(1, "bad keepalive '65536'", "-k", "65536");
	BAD(1, "bad keepalive '-5'", "-k", "-5");
	BAD(1, "bad keepalive '3': must be 0 or 5-65535", "-k", "3");
	BAD(1, "bad protocol version '4': must be 31, 311 or 5", "-V", "4");
	BAD(1, "bad session expiry 'x': must be 0-4294967295 or inf", "-x",
	    "x");
	BAD(1, "bad session expiry '-2': must be 0-4294967295 or inf", "-x",
	    "-2");
	BAD(1, "bad session expiry '4294967296': must be 0-4294967295 or inf",
	    "-x", "4294967296");
	BAD(1, "bad TLS version 'ssl3': must be tlsv1.2 or tlsv1.3",
	    "--tls-version", "ssl3");
	BAD(1, "bad -D 'publish': must be will or connect", "-D", "publish",
	    "content-type", "x");
	BAD(1, "-D connect needs PROPERTY VALUE", "-D", "connect");
	BAD(1, "-D will content-type needs a value", "-D", "will",
	    "content-type");
	BAD(1, "-D connect user-property needs KEY VALUE", "-D", "connect",
	    "user-property", "k");
	BAD(1, "-D needs a value", "-D");
	BAD(1, "unexpected argument 'two'", "mqtt://one", "two");
	BAD(0, "unexpected argument 'mqtt://h'", "-c", "mqtt://h");
	BAD(0, "unexpected argument 'x'", "--", "x");
	/* The first bad flag is reported, later good ones do not apply. */
	BAD(1, "bad QoS '9': must be 0, 1 or 2", "-i", "new", "--will-qos",
	    "9", "-k", "10");
	BAD(1, "bad keepalive 'z'", "-D", "connect", "user-property", "a", "b",
	    "-k", "z");
}

static void
test_names(void)
{
	char	long_name[4 * 65 + 1];
	int	i;

	/* The tutorial's names, CJK and punctuation are names. */
	CHECK(profile_name_why("Simple Demo") == NULL);
	CHECK(profile_name_why("Sensor 1") == NULL);
	CHECK(profile_name_why("MQTT_V3_Publish") == NULL);
	CHECK(profile_name_why("温度 传感器") == NULL);
	CHECK(profile_name_why("O'Brien \"lab\"; #1 (test)") == NULL);
	CHECK(profile_name_why("host:1883") == NULL);
	CHECK(profile_name_why("a - b") == NULL);

	/* 64 characters, however many bytes, and no more. */
	long_name[0] = '\0';
	for (i = 0; i < 64; i++)
		strcat(long_name, "温");
	CHECK(profile_name_why(long_name) == NULL);
	strcat(long_name, "x");
	CHECK_STR(profile_name_why(long_name),
	    "a name has at most 64 characters");
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	CHECK(profile_name_why(long_name) != NULL);
	long_name[64] = '\0';
	CHECK(profile_name_why(long_name) == NULL);

	CHECK_STR(profile_name_why(""), "a name cannot be empty");
	CHECK_STR(profile_name_why("a\tb"),
	    "a name cannot hold control characters");
	CHECK_STR(profile_name_why("a\033[2Jb"),
	    "a name cannot hold control characters");
	CHECK_STR(profile_name_why("a\x7f"),
	    "a name cannot hold control characters");
	CHECK_STR(profile_name_why("a\xc2\x9b"),
	    "a name cannot hold control characters");
	CHECK_STR(profile_name_why("a\xe2\x80\x8b" "b"),
	    "a name cannot hold invisible or direction-changing characters");
	CHECK_STR(profile_name_why("\xe2\x80\xae" "evil"),
	    "a name cannot hold invisible or direction-changing characters");
	CHECK_STR(profile_name_why("a\xff"), "a name must be UTF-8 text");
	CHECK_STR(profile_name_why(" lead"),
	    "a name cannot start or end with a blank");
	CHECK_STR(profile_name_why("trail "),
	    "a name cannot start or end with a blank");
	CHECK_STR(profile_name_why("trail\xe3\x80\x80"),
	    "a name cannot start or end with a blank");
	CHECK_STR(profile_name_why("mqtt://host"), "a name cannot be a URL");
	CHECK_STR(profile_name_why("-k"), "a name cannot start with '-'");
}

/* Every field equal, through the table. */
static int
same(const struct profile *a, const struct profile *b)
{
	const struct profile_field	*f;
	char				*x, *y;
	int				 i, eq = 1;

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		x = profile_field_format(a, f);
		y = profile_field_format(b, f);
		if ((x == NULL) != (y == NULL) ||
		    (x != NULL && strcmp(x, y) != 0)) {
			fprintf(stderr, "field %s: '%s' != '%s'\n", f->name,
			    x ? x : "(null)", y ? y : "(null)");
			eq = 0;
		}
		free(x);
		free(y);
	}
	return eq;
}

static void
test_table(void)
{
	struct profile	 p, q;
	const char	*url;
	char		*err, *line, *json;
	int		 i;

	char *a[] = { "save", "--ws-path", "/ws", "--ws-header", "X-A: 1",
	    "--ws-header", "X-B: two words", "--proxy", "socks5h://u:p@h:1080",
	    "--connect-timeout", "2.5", "--reconnect-period", "500ms",
	    "--reconnect-max", "60", "--no-verify", "--alpn", "x-amzn-mqtt-ca",
	    "--sni", "iot.example", "--key-password-command", "echo pw",
	    "--tls-max-version", "tlsv1.2", "--password-command",
	    "pass show x", "--password-env", "MQTT_PW", "--ask-password",
	    "-V", "5", "--receive-maximum", "10", "--maximum-packet-size",
	    "1000", "--topic-alias-maximum", "5", "--request-response-info",
	    "1", "--request-problem-information", "0", "--auth-method", "M",
	    "--auth-data", "D", "--will-topic", "w", "--will-delay-interval",
	    "inf", "-D", "connect", "receive-maximum", "11", "wss://h", NULL };
	profile_init(&p);
	CHECK_INT(parse(&p, NARGS(a), a, &url, &err), 0);
	CHECK_STR(url, "wss://h");
	CHECK_STR(p.ws_path, "/ws");
	CHECK_STR(p.ws_headers, "X-A: 1\nX-B: two words");
	CHECK_STR(p.proxy, "socks5h://u:p@h:1080");
	CHECK_INT(p.connect_timeout_ms, 2500);
	CHECK_INT(p.reconnect_min_ms, 500);
	CHECK_INT(p.reconnect_max_ms, 60000);
	CHECK_INT(p.no_verify, 1);
	CHECK_STR(p.alpn, "x-amzn-mqtt-ca");
	CHECK_STR(p.sni, "iot.example");
	CHECK_STR(p.tls_max_version, "tlsv1.2");
	CHECK_INT(p.ask_password, 1);
	CHECK_STR(p.password_env, "MQTT_PW");
	CHECK_INT(p.receive_maximum, 11);	/* -D after the flag wins */
	CHECK(p.maximum_packet_size == 1000);
	CHECK_INT(p.topic_alias_maximum, 5);
	CHECK_INT(p.request_response_info, 1);
	CHECK_INT(p.request_problem_info, 0);
	CHECK(p.will_delay == 4294967295LL);
	CHECK_STR(p.auth_data, "D");

	/* The save line makes the same profile again; secrets on request. */
	p.tls = p.ws = 1;
	profile_set(&p.host, "h");
	p.port = 8084;
	profile_set(&p.name, "n");
	profile_set(&p.password, "sec");
	line = profile_save_line(&p, 0);
	CHECK(strstr(line, "sec") == NULL);
	CHECK(strstr(line, "--auth-data") == NULL);
	CHECK(strstr(line, "wss://h:8084/ws") != NULL);
	free(line);
	line = profile_save_line(&p, 1);
	CHECK(strstr(line, "-P sec") != NULL);
	free(line);

	/* JSON both ways keeps every field. */
	json = profile_to_json(&p, 1);
	profile_init(&q);
	CHECK_INT(profile_from_json(&q, json, &err), 0);
	CHECK(same(&p, &q));
	free(json);
	profile_clear(&q);
	json = profile_to_json(&p, 0);
	CHECK(strstr(json, "sec") == NULL);
	free(json);

	/* Bad JSON names the key. */
	profile_init(&q);
	CHECK_INT(profile_from_json(&q, "{\"port\": \"x\"}", &err), -1);
	CHECK_STR(err, "$.port: must be a whole number");
	free(err);
	CHECK_INT(profile_from_json(&q, "{\"colour\": 1}", &err), -1);
	CHECK_STR(err, "$.colour: unknown field");
	free(err);
	CHECK_INT(profile_from_json(&q, "{\"keepalive\": 3}", &err), -1);
	CHECK_STR(err, "$.keepalive: bad keepalive '3': must be 0 or 5-65535");
	free(err);
	profile_clear(&q);
	profile_clear(&p);

	/* Bad values of the new flags. */
	char *b1[] = { "c", "--ws-header", "nocolon", NULL };
	char *b2[] = { "c", "--connect-timeout", "soon", NULL };
	char *b3[] = { "c", "--ws-path", "mqtt", NULL };
	char *b4[] = { "c", "--receive-maximum", "0", NULL };
	char *b5[] = { "c", "--password-env", "A-B", NULL };
	char **bad[] = { b1, b2, b3, b4, b5 };
	const char *why[] = {
		"bad WebSocket header 'nocolon': must be 'Name: value'",
		"bad connect-timeout 'soon': must be seconds, 0.1-3600",
		"bad WebSocket path 'mqtt': must start with /",
		"bad receive-maximum '0': must be 1-65535",
		"bad environment variable name 'A-B'",
	};
	for (i = 0; i < 5; i++) {
		profile_init(&p);
		CHECK_INT(parse(&p, 3, bad[i], NULL, &err), -1);
		CHECK_STR(err, why[i]);
		free(err);
		profile_clear(&p);
	}
}

int
main(void)
{
	test_defaults();
	test_props();
	test_flags();
	test_flag_errors();
	test_names();
	test_table();
	return unit_done();
}
