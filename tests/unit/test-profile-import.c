/* MQTTX and MQTT Explorer exports read into profiles, and written back. */
#include <stdlib.h>
#include <string.h>

#include "profile-import.h"
#include "xmalloc.h"
#include "unit.h"

static int
read_text(struct profile_import *set, const char *text, char **err)
{
	return profile_import_read(set, text, strlen(text), err);
}

/* The error for text, which must be refused. */
static char *
read_err(const char *text)
{
	struct profile_import	 set;
	char			*err = NULL;

	CHECK(read_text(&set, text, &err) == -1);
	CHECK(set.n == 0);
	return err != NULL ? err : xstrdup("(none)");
}

static void
test_mqttx_full(void)
{
	struct profile_import	 set;
	struct profile		*p;
	char			*err = NULL;

	CHECK(read_text(&set,
	    "{\"name\":\"Cloud\",\"clientId\":\"c1\",\"host\":\"b.example\","
	    "\"port\":443,\"protocol\":\"wss\",\"path\":\"ws\","
	    "\"username\":\"u\",\"password\":\"pw\",\"clean\":false,"
	    "\"keepalive\":45,\"connectTimeout\":2.5,\"reconnect\":true,"
	    "\"reconnectPeriod\":40000,\"mqttVersion\":\"5.0\",\"ssl\":true,"
	    "\"certType\":\"self\",\"rejectUnauthorized\":false,"
	    "\"ALPNProtocols\":\"[a, b]\",\"ca\":\"/c/ca.pem\",\"cert\":\"\","
	    "\"key\":\"-----BEGIN KEY-----\","
	    "\"properties\":{\"sessionExpiryInterval\":null,"
	    "\"receiveMaximum\":7,\"maximumPacketSize\":900,"
	    "\"topicAliasMaximum\":0,\"requestResponseInformation\":true,"
	    "\"requestProblemInformation\":false,"
	    "\"userProperties\":{\"a\":\"1\",\"b\":[\"2\",\"3\"]},"
	    "\"authenticationMethod\":\"M\",\"authenticationData\":"
	    "{\"type\":\"Buffer\",\"data\":[104,105]}},"
	    "\"will\":{\"lastWillTopic\":\"w\",\"lastWillPayload\":\"bye\","
	    "\"lastWillQos\":2,\"lastWillRetain\":true,\"properties\":"
	    "{\"willDelayInterval\":9,\"payloadFormatIndicator\":true,"
	    "\"messageExpiryInterval\":60,\"contentType\":\"text/plain\","
	    "\"responseTopic\":\"\",\"correlationData\":\"cd\","
	    "\"userProperties\":{\"k\":\"v\"}}},"
	    "\"subscriptions\":[{\"topic\":\"a/#\",\"qos\":1,\"disabled\":true,"
	    "\"alias\":\"A\",\"color\":\"#00CC00\",\"nl\":true,\"rap\":true,"
	    "\"rh\":2,\"subscriptionIdentifier\":5},{\"topic\":\"b\"}],"
	    "\"messages\":[{\"topic\":\"x\"}],\"clientIdWithTime\":true}",
	    &err) == 0);
	CHECK_STR(err, NULL);
	CHECK_INT(set.n, 1);
	CHECK_STR(set.format, "MQTTX");
	p = set.v[0].p;
	CHECK_STR(set.v[0].from, "Cloud");
	CHECK_STR(p->host, "b.example");
	CHECK_INT(p->port, 443);
	CHECK_INT(p->tls, 1);
	CHECK_INT(p->ws, 1);
	CHECK_STR(p->ws_path, "/ws");
	CHECK_STR(p->client_id, "c1");
	CHECK_STR(p->username, "u");
	CHECK_STR(p->password, "pw");
	CHECK_INT(p->clean, 0);
	CHECK_INT(p->keepalive, 45);
	CHECK_INT(p->connect_timeout_ms, 2500);
	CHECK_INT(p->reconnect_min_ms, 40000);
	CHECK_INT(p->reconnect_max_ms, 40000);	/* raised to the period */
	CHECK_INT(p->version, 5);
	CHECK_INT(p->no_verify, 1);
	CHECK_INT(p->insecure, 0);
	CHECK_STR(p->alpn, "a,b");
	CHECK_STR(p->cafile, "/c/ca.pem");
	CHECK_STR(p->key, NULL);
	/* null and a kept session: MQTTX sends "never expires". */
	CHECK_INT(p->session_expiry, 4294967295LL);
	CHECK_INT(p->receive_maximum, 7);
	CHECK_INT(p->maximum_packet_size, 900);
	CHECK_INT(p->topic_alias_maximum, 0);
	CHECK_INT(p->request_response_info, 1);
	CHECK_INT(p->request_problem_info, 0);
	CHECK_STR(p->auth_method, "M");
	CHECK_STR(p->auth_data, "hi");
	CHECK_INT(p->connect_props.n, 3);
	CHECK_STR(p->connect_props.v[2].key, "b");
	CHECK_STR(p->connect_props.v[2].value, "3");
	CHECK_STR(p->will_topic, "w");
	CHECK_STR(p->will_payload, "bye");
	CHECK_INT(p->will_qos, 2);
	CHECK_INT(p->will_retain, 1);
	CHECK_INT(p->will_delay, 9);
	CHECK_INT(p->will_props.n, 5);
	CHECK_STR(p->will_props.v[0].name, "payload-format-indicator");
	CHECK_STR(p->will_props.v[1].value, "60");
	CHECK_STR(p->will_props.v[3].name, "correlation-data");
	CHECK_STR(p->will_props.v[4].key, "k");
	CHECK_INT(set.v[0].nsubs, 2);
	CHECK_STR(set.v[0].subs[0]->topic, "a/#");
	CHECK_INT(set.v[0].subs[0]->qos, 1);
	CHECK_INT(set.v[0].subs[0]->enabled, 0);
	CHECK_STR(set.v[0].subs[0]->alias, "A");
	CHECK_INT(set.v[0].subs[0]->color, 2);	/* green */
	CHECK_INT(set.v[0].subs[0]->no_local, 1);
	CHECK_INT(set.v[0].subs[0]->rap, 1);
	CHECK_INT(set.v[0].subs[0]->rh, 2);
	CHECK_INT(set.v[0].subs[0]->id, 5);
	CHECK_INT(set.v[0].subs[1]->enabled, 1);
	CHECK_INT(set.v[0].subs[1]->color, -1);
	/* Said, not silently dropped: the key's PEM, history, the suffix. */
	CHECK_INT(set.v[0].nskipped, 3);
	CHECK(strncmp(set.v[0].skipped[0], "clientIdWithTime:", 17) == 0);
	CHECK(strncmp(set.v[0].skipped[1], "key: PEM text", 13) == 0);
	CHECK(strncmp(set.v[0].skipped[2], "messages: 1 ", 12) == 0);
	profile_import_free(&set);
}

static void
test_mqttx_plain(void)
{
	struct profile_import	 set;
	struct profile		*p;
	char			*err = NULL;

	/* An array; ws is not wss; "/mqtt" is the default path. */
	CHECK(read_text(&set, "[{\"name\":\"a\",\"host\":\"h\",\"port\":80,"
	    "\"protocol\":\"ws\",\"path\":\"/mqtt\",\"mqttVersion\":\"3.1\","
	    "\"reconnect\":true,\"reconnectPeriod\":0,\"ssl\":false,"
	    "\"ca\":\"/x\",\"properties\":{\"sessionExpiryInterval\":0},"
	    "\"will\":{\"lastWillTopic\":\"\",\"lastWillPayload\":\"p\"},"
	    "\"keepalive\":3},{\"host\":\"h2\",\"port\":1,\"ssl\":true,"
	    "\"certType\":\"server\",\"ca\":\"/y\"}]", &err) == 0);
	CHECK_INT(set.n, 2);
	p = set.v[0].p;
	CHECK_INT(p->ws, 1);
	CHECK_INT(p->tls, 0);
	CHECK_STR(p->ws_path, NULL);
	CHECK_INT(p->version, 3);
	CHECK_INT(p->auto_reconnect, 0);	/* a period of 0 */
	CHECK_INT(p->session_expiry, -1);	/* 0: not sent */
	CHECK_STR(p->will_topic, NULL);
	CHECK_STR(p->will_payload, NULL);
	CHECK_INT(p->keepalive, 60);
	CHECK_INT(set.v[0].nskipped, 2);
	CHECK(strncmp(set.v[0].skipped[0], "keepalive: ", 11) == 0);
	CHECK(strncmp(set.v[0].skipped[1], "ca: not used without TLS", 24) ==
	    0);
	/* No protocol: ssl says; certType server means the system's CAs. */
	p = set.v[1].p;
	CHECK_INT(p->tls, 1);
	CHECK_STR(p->cafile, NULL);
	CHECK_INT(set.v[1].nskipped, 1);
	CHECK_STR(set.v[1].from, NULL);
	profile_import_free(&set);
}

static void
test_errors(void)
{
	char	*e;

	e = read_err("[{\"host\":\"h\",\n \"port\":}]");
	CHECK_STR(e, "not JSON: a syntax error at line 2, column 9");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1},{\"host\":\"h\","
	    "\"port\":1},{\"host\":\"h\",\"port\":\"1883\"}]");
	CHECK_STR(e, "$[2].port: must be a number");
	free(e);
	e = read_err("[{\"name\":\"x\",\"port\":1883}]");
	CHECK_STR(e, "$[0].host: missing");
	free(e);
	e = read_err("{\"host\":\"h\",\"port\":70000}");
	CHECK_STR(e, "$.port: must be a whole number, 1-65535");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"clean\":\"yes\"}]");
	CHECK_STR(e, "$[0].clean: must be true or false");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"mqttVersion\":\"4\"}]");
	CHECK_STR(e, "$[0].mqttVersion: must be 3.1, 3.1.1 or 5.0");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"subscriptions\":"
	    "[{\"topic\":\"a\"},{\"topic\":\"b\",\"qos\":3}]}]");
	CHECK_STR(e, "$[0].subscriptions[1].qos: must be a whole number, "
	    "0-2");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"properties\":"
	    "{\"userProperties\":{\"k\":1}}}]");
	CHECK_STR(e, "$[0].properties.userProperties.k: must be a string or "
	    "an array of strings");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"will\":{\"properties\":"
	    "{\"contentType\":5}}}]");
	CHECK_STR(e, "$[0].will.properties.contentType: must be a string");
	free(e);
	e = read_err("[]");
	CHECK_STR(e, "no connections in the file");
	free(e);
	e = read_err("[1]");
	CHECK_STR(e, "$[0]: must be an object");
	free(e);
	e = read_err("\"x\"");
	CHECK_STR(e, "$: must be an array or an object of connections");
	free(e);
	e = read_err("[{\"host\":\"h\",\"port\":1,\"mqtty\":{\"keepalive\":2}}]");
	CHECK(strncmp(e, "$[0].mqtty.keepalive: ", 22) == 0);
	free(e);
}

static void
test_explorer(void)
{
	struct profile_import	 set;
	struct profile		*p;
	char			*err = NULL;

	CHECK(read_text(&set, "{\"Settings\":{},"
	    "\"ConnectionManager_connections\":{"
	    "\"one\":{\"configVersion\":1,\"type\":\"mqtt\",\"id\":\"one\","
	    "\"name\":\"Explorer\",\"host\":\"e.example\",\"port\":8883,"
	    "\"protocol\":\"mqtt\",\"encryption\":true,"
	    "\"certValidation\":false,\"username\":\"eu\","
	    "\"password\":\"ep\",\"clientId\":\"ec\","
	    "\"selfSignedCertificate\":{\"name\":\"ca.crt\",\"data\":\"QQ==\"},"
	    "\"subscriptions\":[{\"topic\":\"#\",\"qos\":0},"
	    "{\"topic\":\"$SYS/#\",\"qos\":1}]},"
	    "\"two\":{\"encryption\":false,\"certValidation\":true,"
	    "\"host\":\"w.example\",\"port\":9001,\"protocol\":\"ws\","
	    "\"basePath\":\"mqtt\",\"subscriptions\":[\"old/#\"]}}}",
	    &err) == 0);
	CHECK_STR(err, NULL);
	CHECK_STR(set.format, "MQTT Explorer");
	CHECK_INT(set.n, 2);
	p = set.v[0].p;
	CHECK_STR(p->host, "e.example");
	CHECK_INT(p->tls, 1);
	CHECK_INT(p->no_verify, 1);
	CHECK_STR(p->username, "eu");
	CHECK_STR(p->password, "ep");
	CHECK_STR(p->client_id, "ec");
	CHECK_INT(set.v[0].nsubs, 2);
	CHECK_INT(set.v[0].subs[1]->qos, 1);
	CHECK_INT(set.v[0].nskipped, 1);
	CHECK(strstr(set.v[0].skipped[0], "(ca.crt)") != NULL);
	CHECK_STR(set.v[0].path, "$.ConnectionManager_connections.one");
	p = set.v[1].p;
	CHECK_INT(p->ws, 1);
	CHECK_STR(p->ws_path, "/mqtt");
	CHECK_STR(set.v[1].subs[0]->topic, "old/#");
	profile_import_free(&set);

	/* One connection, and a bad one. */
	CHECK(read_text(&set, "{\"encryption\":false,\"host\":\"h\",\"port\":1}",
	    &err) == 0);
	CHECK_STR(set.format, "MQTT Explorer");
	profile_import_free(&set);
	err = read_err("{\"a\":{\"encryption\":1,\"host\":\"h\",\"port\":1}}");
	CHECK_STR(err, "$.a.encryption: must be true or false");
	free(err);
}

static int
taken(const char *name, void *arg)
{
	(void)arg;
	return strcmp(name, "Home") == 0 || strcmp(name, "Home (2)") == 0;
}

static void
test_names(void)
{
	struct profile_import	 set;
	char			*err = NULL;

	CHECK(read_text(&set, "[{\"name\":\"Home\",\"host\":\"a\",\"port\":1},"
	    "{\"name\":\"Home\",\"host\":\"b\",\"port\":1},"
	    "{\"name\":\"Work\",\"host\":\"c\",\"port\":1},"
	    "{\"name\":\"Work\",\"host\":\"d\",\"port\":1},"
	    "{\"name\":\"-bad\",\"host\":\"e.example\",\"port\":1},"
	    "{\"name\":\"\",\"host\":\"f.example\",\"port\":1}]", &err) == 0);
	profile_import_names(&set, taken, NULL);
	CHECK_STR(set.v[0].p->name, "Home (3)");
	CHECK_STR(set.v[1].p->name, "Home (4)");
	CHECK_STR(set.v[2].p->name, "Work");
	CHECK_STR(set.v[3].p->name, "Work (2)");
	CHECK_STR(set.v[4].p->name, "e.example");
	CHECK_INT(set.v[4].nskipped, 1);
	CHECK(strncmp(set.v[4].skipped[0], "name: ", 6) == 0);
	CHECK_STR(set.v[5].p->name, "f.example");
	profile_import_free(&set);

	/* A long name keeps 64 characters with its suffix. */
	CHECK(read_text(&set, "[{\"name\":\"Home\",\"host\":\"a\",\"port\":1},"
	    "{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaa\",\"host\":\"b\",\"port\":1},{\"name\":\"aaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"host\":\"c\","
	    "\"port\":1}]", &err) == 0);
	profile_import_names(&set, taken, NULL);
	CHECK_INT(strlen(set.v[1].p->name), 64);
	CHECK_INT(strlen(set.v[2].p->name), 64);
	CHECK(strcmp(set.v[2].p->name + 60, " (2)") == 0);
	CHECK(profile_name_why(set.v[2].p->name) == NULL);
	profile_import_free(&set);
}

static int
none_taken(const char *name, void *arg)
{
	(void)name;
	(void)arg;
	return 0;
}

/* A profile out through MQTTX's format and back is the same profile. */
static void
test_round_trip(void)
{
	struct profile_import	 set;
	struct profile_export	 e = { 0 };
	struct profile		*p = profile_new();
	char			*text, *a, *b, *err = NULL;
	struct sub		*s = sub_new("t/#");

	profile_set(&p->name, "R");
	profile_set(&p->host, "r.example");
	p->port = 8884;
	p->tls = 1;
	p->version = 5;
	p->clean = 0;
	profile_set(&p->password, "pw");
	profile_set(&p->capath, "/etc/ssl/certs");
	profile_set(&p->cafile, "/c/ca.pem");
	p->insecure = 1;
	p->connect_timeout_ms = 1234;
	p->reconnect_min_ms = 700;
	p->reconnect_max_ms = 9000;
	p->request_problem_info = 0;
	profile_set(&p->auth_data, "secret");
	props_add(&p->connect_props, "user-property", "a", "1");
	props_add(&p->connect_props, "user-property", "a", "2");
	profile_set(&p->will_topic, "w");
	props_add(&p->will_props, "message-expiry-interval", NULL, "5");
	p->will_delay = 4294967295LL;
	s->color = 4;
	s->alias = xstrdup("al");
	s->id = 3;
	e.p = p;
	e.subs = &s;
	e.nsubs = 1;

	text = profile_export_mqttx(&e, 1, 1);
	CHECK(read_text(&set, text, &err) == 0);
	CHECK_STR(err, NULL);
	free(text);
	CHECK_INT(set.n, 1);
	profile_import_names(&set, none_taken, NULL);
	a = profile_to_json(p, 1);
	b = profile_to_json(set.v[0].p, 1);
	CHECK_STR(a, b);
	free(a);
	free(b);
	CHECK_INT(set.v[0].nskipped, 0);
	CHECK_INT(set.v[0].subs[0]->color, 4);
	CHECK_STR(set.v[0].subs[0]->alias, "al");
	CHECK_INT(set.v[0].subs[0]->id, 3);
	profile_import_free(&set);

	/* Without secrets: no password, no authentication data. */
	text = profile_export_mqttx(&e, 1, 0);
	CHECK(strstr(text, "pw") == NULL && strstr(text, "secret") == NULL);
	free(text);
	sub_free(s);
	profile_free(p);
}

int
main(void)
{
	test_mqttx_full();
	test_mqttx_plain();
	test_errors();
	test_explorer();
	test_names();
	test_round_trip();
	CHECK_INT(profile_import_color("#00cdcd"), 0);
	CHECK_INT(profile_import_color("#FF10F0"), 7);
	CHECK_INT(profile_import_color("red"), -1);
	CHECK_STR(profile_import_hex(3), "#CDCD00");
	CHECK_STR(profile_import_hex(-1), NULL);
	return unit_done();
}
