/*
 * MQTTX's connection export, read into a profile. The shape is MQTTX's
 * ConnectionModel as its JSON export writes it: connectTimeout in
 * seconds, reconnectPeriod in ms, ca/cert/key file names (used only with
 * certType "self"), rejectUnauthorized false for "accept any certificate".
 * Fields MQTTX has no place for ride along in an "mqtty" object, so a
 * profile comes back from its own export whole.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fmt.h"
#include "profile-import.h"
#include "xmalloc.h"

#define MQTTX_GET(o, key, kind, path, out) do {				\
	if (profile_import_get((o), (key), (kind), (path), (out), err)	\
	    != 0)							\
		return -1;						\
} while (0)

/* A number member as the text a flag takes ("%.15g"), into field. */
static void
profile_mqttx_num(struct profile_import_conn *c, const cJSON *v,
    const char *field, const char *key)
{
	char	*s;

	if (v == NULL)
		return;
	s = xasprintf("%.15g", v->valuedouble);
	profile_import_set(c, field, s, key);
	free(s);
}

static void
profile_mqttx_str(struct profile_import_conn *c, const cJSON *v,
    const char *field, const char *key)
{
	if (v != NULL && *v->valuestring != '\0')
		profile_import_set(c, field, v->valuestring, key);
}

/*
 * Text or a Node Buffer ({"type":"Buffer","data":[...]}) as a string:
 * 1, 0 when absent, -1 on a wrong type; NULL *out when the bytes are not
 * text mqtty can keep.
 */
static int
profile_mqttx_bytes(const cJSON *o, const char *key, const char *path,
    char **out, char **err)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key), *d, *b;
	struct buf	 s;

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return 0;
	if (cJSON_IsString(it)) {
		*out = xstrdup(it->valuestring);
		return 1;
	}
	d = cJSON_GetObjectItemCaseSensitive(it, "data");
	if (!cJSON_IsObject(it) || !cJSON_IsArray(d)) {
		*err = xasprintf("%s.%s: must be a string or a Buffer", path,
		    key);
		return -1;
	}
	buf_init(&s);
	cJSON_ArrayForEach(b, d) {
		if (!cJSON_IsNumber(b) || b->valuedouble < 0 ||
		    b->valuedouble > 255) {
			buf_free(&s);
			*err = xasprintf("%s.%s.data: must hold bytes", path,
			    key);
			return -1;
		}
		buf_addc(&s, (char)b->valueint);
	}
	if (memchr(s.p, '\0', s.len) == NULL && fmt_is_utf8(s.p, s.len))
		*out = xstrdup(buf_str(&s));
	buf_free(&s);
	return 1;
}

/* userProperties: { "key": "value" | ["value", ...] } onto props. */
static int
profile_mqttx_user(const cJSON *o, const char *path, struct props *ps,
    char **err)
{
	const cJSON	*up, *it, *v;

	MQTTX_GET(o, "userProperties", PI_OBJECT, path, &up);
	if (up == NULL)
		return 0;
	cJSON_ArrayForEach(it, up) {
		if (cJSON_IsString(it)) {
			props_add(ps, "user-property", it->string,
			    it->valuestring);
			continue;
		}
		if (!cJSON_IsArray(it))
			goto bad;
		cJSON_ArrayForEach(v, it) {
			if (!cJSON_IsString(v))
				goto bad;
			props_add(ps, "user-property", it->string,
			    v->valuestring);
		}
	}
	return 0;
bad:
	*err = xasprintf("%s.userProperties.%s: must be a string or an array "
	    "of strings", path, it->string);
	return -1;
}

/* properties: the MQTT 5 CONNECT properties. */
static int
profile_mqttx_props(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	struct profile	*p = c->p;
	const cJSON	*v;
	char		*s;
	int		 rc;

	MQTTX_GET(o, "sessionExpiryInterval", PI_NUMBER, path, &v);
	/* 0 is MQTTX's default, and what not sending it means. */
	if (v != NULL && v->valuedouble != 0)
		profile_mqttx_num(c, v, "session_expiry",
		    "properties.sessionExpiryInterval");
	else if (v == NULL && !p->clean && p->version == 5)
		p->session_expiry = 4294967295LL;	/* as MQTTX sends */
	MQTTX_GET(o, "receiveMaximum", PI_NUMBER, path, &v);
	profile_mqttx_num(c, v, "receive_maximum",
	    "properties.receiveMaximum");
	MQTTX_GET(o, "maximumPacketSize", PI_NUMBER, path, &v);
	profile_mqttx_num(c, v, "maximum_packet_size",
	    "properties.maximumPacketSize");
	MQTTX_GET(o, "topicAliasMaximum", PI_NUMBER, path, &v);
	profile_mqttx_num(c, v, "topic_alias_maximum",
	    "properties.topicAliasMaximum");
	MQTTX_GET(o, "requestResponseInformation", PI_BOOL, path, &v);
	if (v != NULL)
		p->request_response_info = cJSON_IsTrue(v);
	MQTTX_GET(o, "requestProblemInformation", PI_BOOL, path, &v);
	if (v != NULL)
		p->request_problem_info = cJSON_IsTrue(v);
	if (profile_mqttx_user(o, path, &p->connect_props, err) != 0)
		return -1;
	MQTTX_GET(o, "authenticationMethod", PI_STRING, path, &v);
	profile_mqttx_str(c, v, "auth_method",
	    "properties.authenticationMethod");
	if ((rc = profile_mqttx_bytes(o, "authenticationData", path, &s,
	    err)) == -1)
		return -1;
	if (rc == 1 && s == NULL)
		profile_import_skip(c, "properties.authenticationData: binary"
		    " data, mqtty keeps text only");
	else if (s != NULL && *s != '\0')
		profile_set(&p->auth_data, s);
	free(s);
	return 0;
}

/* will.properties into will_delay and will_props. */
static int
profile_mqttx_will_props(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	struct props	*wp = &c->p->will_props;
	const cJSON	*v;
	char		*s;
	int		 rc;

	MQTTX_GET(o, "willDelayInterval", PI_NUMBER, path, &v);
	profile_mqttx_num(c, v, "will_delay",
	    "will.properties.willDelayInterval");
	MQTTX_GET(o, "payloadFormatIndicator", PI_BOOL, path, &v);
	if (v != NULL)
		props_add(wp, "payload-format-indicator", NULL,
		    cJSON_IsTrue(v) ? "1" : "0");
	MQTTX_GET(o, "messageExpiryInterval", PI_NUMBER, path, &v);
	if (v != NULL) {
		if (v->valuedouble < 0 || v->valuedouble > 4294967295.0 ||
		    v->valuedouble != floor(v->valuedouble))
			profile_import_skip(c, "will.properties."
			    "messageExpiryInterval: must be 0-4294967295");
		else {
			s = xasprintf("%.0f", v->valuedouble);
			props_add(wp, "message-expiry-interval", NULL, s);
			free(s);
		}
	}
	MQTTX_GET(o, "contentType", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		props_add(wp, "content-type", NULL, v->valuestring);
	MQTTX_GET(o, "responseTopic", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		props_add(wp, "response-topic", NULL, v->valuestring);
	if ((rc = profile_mqttx_bytes(o, "correlationData", path, &s,
	    err)) == -1)
		return -1;
	if (rc == 1 && s == NULL)
		profile_import_skip(c, "will.properties.correlationData: "
		    "binary data, mqtty keeps text only");
	else if (s != NULL && *s != '\0')
		props_add(wp, "correlation-data", NULL, s);
	free(s);
	return profile_mqttx_user(o, path, wp, err);
}

static int
profile_mqttx_will(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	struct profile	*p = c->p;
	const cJSON	*topic, *payload, *qos, *retain, *props;
	char		*sub;
	int		 rc, skipped;

	MQTTX_GET(o, "lastWillTopic", PI_STRING, path, &topic);
	MQTTX_GET(o, "lastWillPayload", PI_STRING, path, &payload);
	MQTTX_GET(o, "lastWillQos", PI_NUMBER, path, &qos);
	MQTTX_GET(o, "lastWillRetain", PI_BOOL, path, &retain);
	MQTTX_GET(o, "properties", PI_OBJECT, path, &props);
	skipped = c->nskipped;
	if (props != NULL) {
		sub = xasprintf("%s.properties", path);
		rc = profile_mqttx_will_props(c, props, sub, err);
		free(sub);
		if (rc != 0)
			return -1;
	}
	/* MQTTX keeps an empty will with every connection: unused. */
	if (topic == NULL || *topic->valuestring == '\0') {
		props_clear(&p->will_props);
		p->will_delay = -1;
		while (c->nskipped > skipped)
			free(c->skipped[--c->nskipped]);
		return 0;
	}
	profile_set(&p->will_topic, topic->valuestring);
	if (payload != NULL && *payload->valuestring != '\0')
		profile_set(&p->will_payload, payload->valuestring);
	profile_mqttx_num(c, qos, "will_qos", "will.lastWillQos");
	if (retain != NULL)
		p->will_retain = cJSON_IsTrue(retain);
	return 0;
}

static int
profile_mqttx_sub(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*topic, *v;
	struct sub	*s;
	long long	 n;
	char		*at;

	if (!cJSON_IsObject(o)) {
		*err = xasprintf("%s: must be an object", path);
		return -1;
	}
	MQTTX_GET(o, "topic", PI_STRING, path, &topic);
	if (topic == NULL || *topic->valuestring == '\0') {
		*err = xasprintf("%s.topic: missing", path);
		return -1;
	}
	s = profile_import_sub(c, topic->valuestring);
	MQTTX_GET(o, "qos", PI_NUMBER, path, &v);
	at = xasprintf("%s.qos", path);
	if (v != NULL && profile_import_int(v, at, 0, 2, &n, err) != 0) {
		free(at);
		return -1;
	}
	free(at);
	s->qos = v != NULL ? (int)n : 0;
	MQTTX_GET(o, "disabled", PI_BOOL, path, &v);
	s->enabled = v == NULL || !cJSON_IsTrue(v);
	MQTTX_GET(o, "alias", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		s->alias = xstrdup(v->valuestring);
	MQTTX_GET(o, "color", PI_STRING, path, &v);
	if (v != NULL)
		s->color = profile_import_color(v->valuestring);
	MQTTX_GET(o, "nl", PI_BOOL, path, &v);
	s->no_local = v != NULL && cJSON_IsTrue(v);
	MQTTX_GET(o, "rap", PI_BOOL, path, &v);
	s->rap = v != NULL && cJSON_IsTrue(v);
	MQTTX_GET(o, "rh", PI_NUMBER, path, &v);
	at = xasprintf("%s.rh", path);
	if (v != NULL && profile_import_int(v, at, 0, 2, &n, err) != 0) {
		free(at);
		return -1;
	}
	free(at);
	s->rh = v != NULL ? (int)n : 0;
	MQTTX_GET(o, "subscriptionIdentifier", PI_NUMBER, path, &v);
	at = xasprintf("%s.subscriptionIdentifier", path);
	if (v != NULL && profile_import_int(v, at, 0, 268435455, &n, err) !=
	    0) {
		free(at);
		return -1;
	}
	free(at);
	s->id = v != NULL ? (int)n : 0;
	return 0;
}

/* The "mqtty" object: fields MQTTX has no place for, by their own names. */
static int
profile_mqttx_extra(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*it;
	cJSON		*one;
	char		*text, *why;
	int		 rc;

	cJSON_ArrayForEach(it, o) {
		if ((one = cJSON_CreateObject()) == NULL)
			return -1;
		cJSON_AddItemToObject(one, it->string,
		    cJSON_Duplicate(it, 1));
		text = cJSON_PrintUnformatted(one);
		cJSON_Delete(one);
		rc = profile_from_json(c->p, text, &why);
		free(text);
		if (rc == 0)
			continue;
		/* A newer mqtty's field: said, not fatal. */
		if (profile_field_by_name(it->string) == NULL)
			profile_import_skip(c, "mqtty.%s: unknown field",
			    it->string);
		else {
			*err = xasprintf("%s.mqtty%s", path, why + 1);
			free(why);
			return -1;
		}
		free(why);
	}
	return 0;
}

/* ca, cert, key: file names MQTTX reads with certType "self". */
static void
profile_mqttx_file(struct profile_import_conn *c, const cJSON *v,
    const char *field, const char *key, const char *cert_type)
{
	if (v == NULL || *v->valuestring == '\0')
		return;
	if (!c->p->tls)
		profile_import_skip(c, "%s: not used without TLS", key);
	else if (strcmp(cert_type, "self") != 0)
		profile_import_skip(c, "%s: not used with certType '%s' (the "
		    "system's CAs are)", key, cert_type);
	else if (strncmp(v->valuestring, "-----BEGIN", 10) == 0)
		profile_import_skip(c, "%s: PEM text, not a file name: save "
		    "it to a file and give its name", key);
	else
		profile_import_set(c, field, v->valuestring, key);
}

static int
profile_mqttx_proto(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*proto, *ssl, *v;
	const char	*s;
	char		*alpn, *q;

	MQTTX_GET(o, "protocol", PI_STRING, path, &proto);
	MQTTX_GET(o, "ssl", PI_BOOL, path, &ssl);
	if (proto == NULL)
		c->p->tls = ssl != NULL && cJSON_IsTrue(ssl);
	else {
		s = proto->valuestring;
		if (strcmp(s, "mqtt") != 0 && strcmp(s, "mqtts") != 0 &&
		    strcmp(s, "ws") != 0 && strcmp(s, "wss") != 0) {
			*err = xasprintf("%s.protocol: must be mqtt, mqtts, "
			    "ws or wss", path);
			return -1;
		}
		c->p->tls = strcmp(s, "mqtts") == 0 || strcmp(s, "wss") == 0;
		c->p->ws = s[0] == 'w';
	}
	MQTTX_GET(o, "path", PI_STRING, path, &v);
	if (c->p->ws && v != NULL && *v->valuestring != '\0' &&
	    strcmp(v->valuestring, "/mqtt") != 0) {
		q = xasprintf("%s%s", *v->valuestring == '/' ? "" : "/",
		    v->valuestring);
		profile_import_set(c, "ws_path", q, "path");
		free(q);
	}
	MQTTX_GET(o, "rejectUnauthorized", PI_BOOL, path, &v);
	if (v != NULL && !cJSON_IsTrue(v))
		c->p->no_verify = 1;
	/* "a, b" or "[a, b]", as MQTTX splits it. */
	MQTTX_GET(o, "ALPNProtocols", PI_STRING, path, &v);
	if (v != NULL) {
		alpn = xstrdup(v->valuestring);
		for (s = v->valuestring, q = alpn; *s != '\0'; s++) {
			if (strchr("[] ", *s) == NULL)
				*q++ = *s;
		}
		*q = '\0';
		if (*alpn != '\0')
			profile_import_set(c, "alpn", alpn, "ALPNProtocols");
		free(alpn);
	}
	return 0;
}

static int
profile_mqttx_version(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*v;
	const char	*s;

	MQTTX_GET(o, "mqttVersion", PI_STRING, path, &v);
	if (v == NULL)
		return 0;
	s = v->valuestring;
	if (strcmp(s, "3.1") == 0)
		c->p->version = 3;
	else if (strcmp(s, "3.1.1") == 0)
		c->p->version = 4;
	else if (strcmp(s, "5.0") == 0 || strcmp(s, "5") == 0)
		c->p->version = 5;
	else {
		*err = xasprintf("%s.mqttVersion: must be 3.1, 3.1.1 or 5.0",
		    path);
		return -1;
	}
	return 0;
}

/* host, port, the session and the reconnect policy. */
static int
profile_mqttx_base(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	struct profile	*p = c->p;
	const cJSON	*v;
	char		*s;

	if (profile_import_endpoint(c, o, path, err) != 0)
		return -1;
	MQTTX_GET(o, "clientId", PI_STRING, path, &v);
	profile_mqttx_str(c, v, "client_id", "clientId");
	MQTTX_GET(o, "username", PI_STRING, path, &v);
	profile_mqttx_str(c, v, "username", "username");
	MQTTX_GET(o, "password", PI_STRING, path, &v);
	profile_mqttx_str(c, v, "password", "password");
	MQTTX_GET(o, "clean", PI_BOOL, path, &v);
	if (v != NULL)
		p->clean = cJSON_IsTrue(v);
	MQTTX_GET(o, "keepalive", PI_NUMBER, path, &v);
	profile_mqttx_num(c, v, "keepalive", "keepalive");
	MQTTX_GET(o, "connectTimeout", PI_NUMBER, path, &v);
	if (v != NULL && v->valuedouble <= 0)
		profile_import_skip(c, "connectTimeout: must be more than 0");
	else if (v != NULL) {
		s = xasprintf("%lldms", (long long)llround(v->valuedouble *
		    1000));
		profile_import_set(c, "connect_timeout_ms", s,
		    "connectTimeout");
		free(s);
	}
	MQTTX_GET(o, "reconnect", PI_BOOL, path, &v);
	if (v != NULL)
		p->auto_reconnect = cJSON_IsTrue(v);
	/* A period of 0 turns MQTT.js's reconnecting off. */
	MQTTX_GET(o, "reconnectPeriod", PI_NUMBER, path, &v);
	if (v != NULL && v->valuedouble == 0)
		p->auto_reconnect = 0;
	else if (v != NULL && v->valuedouble < 0)
		profile_import_skip(c, "reconnectPeriod: must not be "
		    "negative");
	else if (v != NULL) {
		s = xasprintf("%lldms", (long long)llround(v->valuedouble));
		profile_import_set(c, "reconnect_min_ms", s,
		    "reconnectPeriod");
		free(s);
		if (p->reconnect_max_ms < p->reconnect_min_ms)
			p->reconnect_max_ms = p->reconnect_min_ms;
	}
	MQTTX_GET(o, "clientIdWithTime", PI_BOOL, path, &v);
	if (v != NULL && cJSON_IsTrue(v))
		profile_import_skip(c, "clientIdWithTime: a time suffix on "
		    "the client ID is not supported");
	return profile_mqttx_version(c, o, path, err);
}

int
profile_mqttx_read(const cJSON *o, const char *path,
    struct profile_import_conn *c, char **err)
{
	const cJSON	*v, *ca, *cert, *key;
	const char	*type;
	char		*sub;
	int		 i, rc = 0;

	if (profile_mqttx_base(c, o, path, err) != 0 ||
	    profile_mqttx_proto(c, o, path, err) != 0)
		return -1;
	MQTTX_GET(o, "certType", PI_STRING, path, &v);
	type = v != NULL ? v->valuestring : "";
	MQTTX_GET(o, "ca", PI_STRING, path, &ca);
	MQTTX_GET(o, "cert", PI_STRING, path, &cert);
	MQTTX_GET(o, "key", PI_STRING, path, &key);
	profile_mqttx_file(c, ca, "cafile", "ca", type);
	profile_mqttx_file(c, cert, "cert", "cert", type);
	profile_mqttx_file(c, key, "key", "key", type);

	MQTTX_GET(o, "properties", PI_OBJECT, path, &v);
	sub = xasprintf("%s.properties", path);
	rc = v != NULL ? profile_mqttx_props(c, v, sub, err) : 0;
	free(sub);
	if (rc != 0)
		return -1;
	MQTTX_GET(o, "will", PI_OBJECT, path, &v);
	sub = xasprintf("%s.will", path);
	rc = v != NULL ? profile_mqttx_will(c, v, sub, err) : 0;
	free(sub);
	if (rc != 0)
		return -1;
	MQTTX_GET(o, "subscriptions", PI_ARRAY, path, &v);
	for (i = 0; v != NULL && i < cJSON_GetArraySize(v) && rc == 0; i++) {
		sub = xasprintf("%s.subscriptions[%d]", path, i);
		rc = profile_mqttx_sub(c, cJSON_GetArrayItem(v, i), sub, err);
		free(sub);
	}
	if (rc != 0)
		return -1;
	MQTTX_GET(o, "messages", PI_ARRAY, path, &v);
	if (v != NULL && cJSON_GetArraySize(v) > 0)
		profile_import_skip(c, "messages: %d not imported (import "
		    "takes connections, not history)", cJSON_GetArraySize(v));
	MQTTX_GET(o, "mqtty", PI_OBJECT, path, &v);
	return v != NULL ? profile_mqttx_extra(c, v, path, err) : 0;
}
