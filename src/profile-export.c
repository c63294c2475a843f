/*
 * Profiles written as MQTTX's connection export (its ConnectionModel, as
 * profile-mqttx.c reads it back). MQTTX imports only entries with an id,
 * so each gets one made from its name: exporting again updates the same
 * MQTTX connection. What MQTTX has no place for goes into "mqtty".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "profile-import.h"
#include "xmalloc.h"

/* A UUID-shaped id from the name (FNV-1a, twice), the same every time. */
static char *
profile_export_id(const char *name)
{
	uint64_t	 a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	const char	*s;

	for (s = name; *s != '\0'; s++) {
		a = (a ^ (unsigned char)*s) * 0x100000001b3ULL;
		b = (b ^ (unsigned char)*s) * 0x100000001b3ULL;
		b ^= b >> 29;
	}
	return xasprintf("%08x-%04x-4%03x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
	    (unsigned long long)(b & 0xffffffffffffULL));
}

static void
profile_export_opt_str(cJSON *o, const char *key, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* -1 ("not sent") as null. */
static void
profile_export_opt_num(cJSON *o, const char *key, long long v)
{
	if (v == -1)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, (double)v);
}

static void
profile_export_opt_bool(cJSON *o, const char *key, int v)
{
	if (v == -1)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddBoolToObject(o, key, v);
}

/*
 * User properties as MQTTX's object (a key twice: an array). 0, or -1
 * when that would change their order, so the list goes whole elsewhere.
 */
static int
profile_export_user(cJSON *o, const struct props *ps)
{
	cJSON	*up = cJSON_CreateObject(), *it, *a;
	int	 i, j, n = 0, order = 0;

	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].name, "user-property") != 0)
			continue;
		it = cJSON_GetObjectItemCaseSensitive(up, ps->v[i].key);
		if (it == NULL) {
			cJSON_AddStringToObject(up, ps->v[i].key,
			    ps->v[i].value);
			n++;
			continue;
		}
		/* Not right after an entry of the same key: reordered. */
		for (j = i - 1; j >= 0 &&
		    strcmp(ps->v[j].name, "user-property") != 0; j--)
			;
		if (j < 0 || strcmp(ps->v[j].key, ps->v[i].key) != 0)
			order = -1;
		if (!cJSON_IsArray(it)) {
			a = cJSON_CreateArray();
			cJSON_AddItemToArray(a, cJSON_CreateString(
			    it->valuestring));
			cJSON_ReplaceItemInObjectCaseSensitive(up,
			    ps->v[i].key, a);
			it = a;
		}
		cJSON_AddItemToArray(it, cJSON_CreateString(ps->v[i].value));
	}
	if (n > 0)
		cJSON_AddItemToObject(o, "userProperties", up);
	else {
		cJSON_Delete(up);
		cJSON_AddNullToObject(o, "userProperties");
	}
	return order;
}

/* Whether every property is one MQTTX has a field for. */
static int
profile_export_fits(const struct props *ps, const char *const *names)
{
	int	i, j;

	for (i = 0; i < ps->n; i++) {
		for (j = 0; names[j] != NULL; j++) {
			if (strcmp(ps->v[i].name, names[j]) == 0)
				break;
		}
		if (names[j] == NULL)
			return 0;
	}
	return 1;
}

static const char *
profile_export_prop(const struct props *ps, const char *name)
{
	int	i;

	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].name, name) == 0)
			return ps->v[i].value;
	}
	return NULL;
}

static int
profile_export_props(cJSON *o, const struct profile *p, int secrets)
{
	static const char *const fits[] = { "user-property", NULL };
	cJSON	*pr = cJSON_AddObjectToObject(o, "properties");
	int	 order;

	/* Not sent means 0, MQTTX's default (null would be "never"). */
	cJSON_AddNumberToObject(pr, "sessionExpiryInterval",
	    p->session_expiry == -1 ? 0 : (double)p->session_expiry);
	profile_export_opt_num(pr, "receiveMaximum", p->receive_maximum);
	profile_export_opt_num(pr, "maximumPacketSize",
	    p->maximum_packet_size);
	profile_export_opt_num(pr, "topicAliasMaximum",
	    p->topic_alias_maximum);
	profile_export_opt_bool(pr, "requestResponseInformation",
	    p->request_response_info);
	profile_export_opt_bool(pr, "requestProblemInformation",
	    p->request_problem_info);
	order = profile_export_user(pr, &p->connect_props);
	profile_export_opt_str(pr, "authenticationMethod", p->auth_method);
	if (secrets && p->auth_data != NULL)
		cJSON_AddStringToObject(pr, "authenticationData", p->auth_data);
	return order == 0 && profile_export_fits(&p->connect_props, fits);
}

static int
profile_export_will(cJSON *o, const struct profile *p)
{
	static const char *const fits[] = { "payload-format-indicator",
	    "message-expiry-interval", "content-type", "response-topic",
	    "correlation-data", "user-property", NULL };
	const struct props	*wp = &p->will_props;
	const char		*s;
	cJSON			*w, *pr;
	int			 order;

	w = cJSON_AddObjectToObject(o, "will");
	cJSON_AddStringToObject(w, "lastWillTopic",
	    p->will_topic != NULL ? p->will_topic : "");
	cJSON_AddStringToObject(w, "lastWillPayload",
	    p->will_payload != NULL ? p->will_payload : "");
	cJSON_AddNumberToObject(w, "lastWillQos", p->will_qos);
	cJSON_AddBoolToObject(w, "lastWillRetain", p->will_retain);
	pr = cJSON_AddObjectToObject(w, "properties");
	profile_export_opt_num(pr, "willDelayInterval", p->will_delay);
	s = profile_export_prop(wp, "payload-format-indicator");
	profile_export_opt_bool(pr, "payloadFormatIndicator",
	    s == NULL ? -1 : strcmp(s, "0") != 0);
	s = profile_export_prop(wp, "message-expiry-interval");
	profile_export_opt_num(pr, "messageExpiryInterval",
	    s == NULL ? -1 : strtoll(s, NULL, 10));
	s = profile_export_prop(wp, "content-type");
	cJSON_AddStringToObject(pr, "contentType", s != NULL ? s : "");
	s = profile_export_prop(wp, "response-topic");
	cJSON_AddStringToObject(pr, "responseTopic", s != NULL ? s : "");
	profile_export_opt_str(pr, "correlationData",
	    profile_export_prop(wp, "correlation-data"));
	order = profile_export_user(pr, wp);
	return order == 0 && profile_export_fits(wp, fits);
}

static void
profile_export_subs(cJSON *o, struct sub *const *subs, int n)
{
	cJSON	*a = cJSON_AddArrayToObject(o, "subscriptions"), *s;
	int	 i;

	for (i = 0; i < n; i++) {
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "topic", subs[i]->topic);
		cJSON_AddNumberToObject(s, "qos", subs[i]->qos);
		cJSON_AddBoolToObject(s, "disabled", !subs[i]->enabled);
		if (subs[i]->alias != NULL)
			cJSON_AddStringToObject(s, "alias", subs[i]->alias);
		if (profile_import_hex(subs[i]->color) != NULL)
			cJSON_AddStringToObject(s, "color",
			    profile_import_hex(subs[i]->color));
		cJSON_AddBoolToObject(s, "nl", subs[i]->no_local);
		cJSON_AddBoolToObject(s, "rap", subs[i]->rap);
		cJSON_AddNumberToObject(s, "rh", subs[i]->rh);
		profile_export_opt_num(s, "subscriptionIdentifier",
		    subs[i]->id > 0 ? subs[i]->id : -1);
		cJSON_AddItemToArray(a, s);
	}
}

/*
 * The fields MQTTX holds, left out of "mqtty" -- unless MQTTX's copy
 * would not bring them back (a will's payload without its topic, ...).
 */
static void
profile_export_extra(cJSON *o, const struct profile *p, int secrets,
    int props_fit, int will_fit)
{
	static const char *const mapped[] = { "name", "host", "port", "tls",
	    "ws", "client_id", "username", "password", "version",
	    "keepalive", "clean", "auto_reconnect", "no_verify", "alpn",
	    "will_topic", "connect_timeout_ms", "reconnect_min_ms",
	    "receive_maximum", "maximum_packet_size", "topic_alias_maximum",
	    "request_response_info", "request_problem_info", "auth_method",
	    "auth_data", NULL };
	static const char *const will[] = { "will_payload", "will_qos",
	    "will_retain", "will_delay", NULL };
	static const char *const files[] = { "cafile", "cert", "key", NULL };
	cJSON	*x;
	char	*s;
	int	 i;

	s = profile_to_json(p, secrets);
	x = cJSON_Parse(s);
	free(s);
	if (x == NULL)
		fatal("out of memory");
	for (i = 0; mapped[i] != NULL; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(x, mapped[i]);
	if (p->will_topic != NULL) {
		for (i = 0; will[i] != NULL; i++)
			cJSON_DeleteItemFromObjectCaseSensitive(x, will[i]);
		if (will_fit)
			cJSON_DeleteItemFromObjectCaseSensitive(x,
			    "will_props");
	}
	if (p->tls) {
		for (i = 0; files[i] != NULL; i++)
			cJSON_DeleteItemFromObjectCaseSensitive(x, files[i]);
	}
	if (props_fit)
		cJSON_DeleteItemFromObjectCaseSensitive(x, "connect_props");
	if (p->session_expiry != 0)
		cJSON_DeleteItemFromObjectCaseSensitive(x, "session_expiry");
	if (p->ws && p->ws_path != NULL && strcmp(p->ws_path, "/mqtt") != 0)
		cJSON_DeleteItemFromObjectCaseSensitive(x, "ws_path");
	if (cJSON_GetArraySize(x) > 0)
		cJSON_AddItemToObject(o, "mqtty", x);
	else
		cJSON_Delete(x);
}

static cJSON *
profile_export_one(const struct profile_export *e, int secrets)
{
	static const char *const versions[] = { "3.1", "3.1.1", "5.0" };
	const struct profile	*p = e->p;
	cJSON			*o = cJSON_CreateObject();
	char			*id;
	int			 props_fit, will_fit;

	id = profile_export_id(p->name != NULL ? p->name : "");
	cJSON_AddStringToObject(o, "id", id);
	free(id);
	cJSON_AddStringToObject(o, "name", p->name != NULL ? p->name : "");
	cJSON_AddStringToObject(o, "clientId",
	    p->client_id != NULL ? p->client_id : "");
	cJSON_AddStringToObject(o, "host", p->host != NULL ? p->host : "");
	cJSON_AddNumberToObject(o, "port", p->port);
	cJSON_AddStringToObject(o, "protocol", p->ws ?
	    (p->tls ? "wss" : "ws") : (p->tls ? "mqtts" : "mqtt"));
	cJSON_AddStringToObject(o, "path", p->ws && p->ws_path != NULL ?
	    p->ws_path : "/mqtt");
	cJSON_AddStringToObject(o, "username",
	    p->username != NULL ? p->username : "");
	if (secrets && p->password != NULL)
		cJSON_AddStringToObject(o, "password", p->password);
	cJSON_AddBoolToObject(o, "clean", p->clean);
	cJSON_AddNumberToObject(o, "keepalive", p->keepalive);
	cJSON_AddNumberToObject(o, "connectTimeout",
	    p->connect_timeout_ms / 1000.0);
	cJSON_AddBoolToObject(o, "reconnect", p->auto_reconnect);
	cJSON_AddNumberToObject(o, "reconnectPeriod", p->reconnect_min_ms);
	cJSON_AddStringToObject(o, "mqttVersion",
	    versions[p->version >= 3 && p->version <= 5 ? p->version - 3 : 1]);
	cJSON_AddBoolToObject(o, "ssl", p->tls);
	cJSON_AddStringToObject(o, "certType", !p->tls ? "" :
	    p->cafile != NULL || p->cert != NULL || p->key != NULL ?
	    "self" : "server");
	cJSON_AddBoolToObject(o, "rejectUnauthorized", !p->no_verify);
	cJSON_AddStringToObject(o, "ALPNProtocols",
	    p->alpn != NULL ? p->alpn : "");
	cJSON_AddStringToObject(o, "ca", p->tls && p->cafile != NULL ?
	    p->cafile : "");
	cJSON_AddStringToObject(o, "cert", p->tls && p->cert != NULL ?
	    p->cert : "");
	cJSON_AddStringToObject(o, "key", p->tls && p->key != NULL ?
	    p->key : "");
	cJSON_AddBoolToObject(o, "clientIdWithTime", 0);
	cJSON_AddNumberToObject(o, "unreadMessageCount", 0);
	props_fit = profile_export_props(o, p, secrets);
	will_fit = profile_export_will(o, p);
	profile_export_subs(o, e->subs, e->nsubs);
	cJSON_AddArrayToObject(o, "messages");
	profile_export_extra(o, p, secrets, props_fit, will_fit);
	return o;
}

char *
profile_export_mqttx(const struct profile_export *v, int n, int secrets)
{
	cJSON	*a = cJSON_CreateArray();
	char	*s, *out;
	int	 i;

	if (a == NULL)
		fatal("out of memory");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, profile_export_one(&v[i], secrets));
	if ((s = cJSON_Print(a)) == NULL)
		fatal("out of memory");
	cJSON_Delete(a);
	out = xasprintf("%s\n", s);
	free(s);
	return out;
}
