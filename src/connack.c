/*
 * A CONNACK as plain data: what the broker granted or refused, in words,
 * for the doctor, the connection detail and batch JSON.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "connack.h"
#include "xmalloc.h"

void
connack_init(struct connack *ca, int version)
{
	memset(ca, 0, sizeof *ca);
	ca->version = version;
	ca->session_expiry = -1;
	ca->server_keepalive = -1;
	ca->receive_maximum = -1;
	ca->maximum_qos = -1;
	ca->retain_available = -1;
	ca->wildcard_available = -1;
	ca->shared_available = -1;
	ca->subscription_id_available = -1;
	ca->maximum_packet_size = -1;
	ca->topic_alias_maximum = -1;
}

void
connack_clear(struct connack *ca)
{
	free(ca->assigned_client_id);
	free(ca->server_reference);
	free(ca->reason_string);
	free(ca->response_information);
	free(ca->auth_method);
	props_clear(&ca->user_props);
	connack_init(ca, ca->version);
}

static char *
connack_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct connack *
connack_dup(const struct connack *ca)
{
	struct connack	*n = xmalloc(sizeof *n);

	*n = *ca;
	n->assigned_client_id = connack_strdup(ca->assigned_client_id);
	n->server_reference = connack_strdup(ca->server_reference);
	n->reason_string = connack_strdup(ca->reason_string);
	n->response_information = connack_strdup(ca->response_information);
	n->auth_method = connack_strdup(ca->auth_method);
	memset(&n->user_props, 0, sizeof n->user_props);
	props_copy(&n->user_props, &ca->user_props);
	return n;
}

void
connack_free(struct connack *ca)
{
	if (ca == NULL)
		return;
	connack_clear(ca);
	free(ca);
}

/* MQTT 3.1/3.1.1 return codes, and MQTT 5 reason codes (spec 3.2.2.2). */
const char *
connack_reason_words(int version, int rc)
{
	if (rc == 0)
		return "accepted";
	if (version != 5) {
		switch (rc) {
		case 1:
			return "unacceptable protocol version";
		case 2:
			return "client identifier rejected";
		case 3:
			return "server unavailable";
		case 4:
			return "bad user name or password";
		case 5:
			return "not authorised";
		}
		return "refused";
	}
	switch (rc) {
	case 0x80:
		return "unspecified error";
	case 0x81:
		return "malformed packet";
	case 0x82:
		return "protocol error";
	case 0x83:
		return "implementation specific error";
	case 0x84:
		return "unsupported protocol version";
	case 0x85:
		return "client identifier not valid";
	case 0x86:
		return "bad user name or password";
	case 0x87:
		return "not authorised";
	case 0x88:
		return "server unavailable";
	case 0x89:
		return "server busy";
	case 0x8a:
		return "banned";
	case 0x8c:
		return "bad authentication method";
	case 0x90:
		return "topic name invalid";
	case 0x95:
		return "packet too large";
	case 0x97:
		return "quota exceeded";
	case 0x99:
		return "payload format invalid";
	case 0x9a:
		return "retain not supported";
	case 0x9b:
		return "QoS not supported";
	case 0x9c:
		return "use another server";
	case 0x9d:
		return "server moved";
	case 0x9f:
		return "connection rate exceeded";
	}
	return "refused";
}

/*
 * One table for JSON and text: name, label, where the value is. Kinds:
 * a number, a yes/no flag, a string.
 */
enum connack_kind { CK_INT, CK_INT64, CK_FLAG, CK_STR };

static const struct connack_field {
	const char		*json;
	const char		*label;
	enum connack_kind	 kind;
	size_t			 off;
} connack_fields[] = {
#define F(j, l, k, m) { j, l, k, offsetof(struct connack, m) }
	F("assigned_client_id", "assigned client id", CK_STR,
	    assigned_client_id),
	F("session_expiry_interval", "session expiry interval", CK_INT64,
	    session_expiry),
	F("server_keepalive", "server keepalive", CK_INT, server_keepalive),
	F("receive_maximum", "receive maximum", CK_INT, receive_maximum),
	F("maximum_qos", "maximum QoS", CK_INT, maximum_qos),
	F("retain_available", "retain available", CK_FLAG, retain_available),
	F("wildcard_subscription_available", "wildcard subscriptions",
	    CK_FLAG, wildcard_available),
	F("shared_subscription_available", "shared subscriptions", CK_FLAG,
	    shared_available),
	F("subscription_id_available", "subscription identifiers", CK_FLAG,
	    subscription_id_available),
	F("maximum_packet_size", "maximum packet size", CK_INT64,
	    maximum_packet_size),
	F("topic_alias_maximum", "topic alias maximum", CK_INT,
	    topic_alias_maximum),
	F("server_reference", "server reference", CK_STR, server_reference),
	F("reason_string", "reason string", CK_STR, reason_string),
	F("response_information", "response information", CK_STR,
	    response_information),
	F("authentication_method", "authentication method", CK_STR,
	    auth_method),
#undef F
};
#define CONNACK_NFIELDS	(sizeof connack_fields / sizeof connack_fields[0])

/* The field's value; 0 when it was not sent. */
static int
connack_field(const struct connack *ca, const struct connack_field *f,
    int64_t *n, const char **s)
{
	const char	*base = (const char *)ca + f->off;

	*s = NULL;
	*n = -1;
	switch (f->kind) {
	case CK_INT:
	case CK_FLAG:
		*n = *(const int *)base;
		break;
	case CK_INT64:
		*n = *(const int64_t *)base;
		break;
	case CK_STR:
		*s = *(char *const *)base;
		return *s != NULL;
	}
	return *n >= 0;
}

struct cJSON *
connack_props_json(const struct connack *ca)
{
	cJSON		*obj = cJSON_CreateObject(), *pairs, *pair;
	const char	*s;
	int64_t		 n;
	size_t		 i;
	int		 k;

	for (i = 0; i < CONNACK_NFIELDS; i++) {
		if (!connack_field(ca, &connack_fields[i], &n, &s))
			continue;
		if (s != NULL)
			cJSON_AddStringToObject(obj, connack_fields[i].json, s);
		else if (connack_fields[i].kind == CK_FLAG)
			cJSON_AddBoolToObject(obj, connack_fields[i].json, n);
		else
			cJSON_AddNumberToObject(obj, connack_fields[i].json,
			    (double)n);
	}
	if (ca->user_props.n > 0) {
		pairs = cJSON_AddArrayToObject(obj, "user_properties");
		for (k = 0; k < ca->user_props.n; k++) {
			pair = cJSON_CreateArray();
			cJSON_AddItemToArray(pair, cJSON_CreateString(
			    ca->user_props.v[k].key ? ca->user_props.v[k].key :
			    ""));
			cJSON_AddItemToArray(pair, cJSON_CreateString(
			    ca->user_props.v[k].value));
			cJSON_AddItemToArray(pairs, pair);
		}
	}
	return obj;
}

void
connack_props_lines(const struct connack *ca, struct buf *b,
    const char *indent)
{
	const char	*s;
	int64_t		 n;
	size_t		 i;
	int		 k, any = 0;

	for (i = 0; i < CONNACK_NFIELDS; i++) {
		if (!connack_field(ca, &connack_fields[i], &n, &s))
			continue;
		any = 1;
		buf_addf(b, "%s%s: ", indent, connack_fields[i].label);
		if (s != NULL)
			buf_adds(b, s);
		else if (connack_fields[i].kind == CK_FLAG)
			buf_adds(b, n ? "yes" : "no");
		else
			buf_addf(b, "%lld", (long long)n);
		buf_addc(b, '\n');
	}
	for (k = 0; k < ca->user_props.n; k++) {
		any = 1;
		buf_addf(b, "%suser property: %s = %s\n", indent,
		    ca->user_props.v[k].key ? ca->user_props.v[k].key : "",
		    ca->user_props.v[k].value);
	}
	if (!any)
		buf_addf(b, "%s(no properties%s)\n", indent, ca->version == 5 ?
		    "" : ": MQTT 5 only");
}
