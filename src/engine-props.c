#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "b64.h"
#include "buf.h"
#include "engine.h"
#include "engine-props.h"
#include "fmt.h"
#include "xmalloc.h"

static int
engine_props_number(const char *name, const char *s, unsigned long max,
    unsigned long *out, char **err)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 || v > max) {
		*err = xasprintf("bad value '%s' for %s: must be 0-%lu", s,
		    name, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
engine_props_build(const struct props *pl, int command,
    mosquitto_property **out, char **err)
{
	mosquitto_property	*list = NULL;
	const struct prop	*p;
	unsigned long		 v;
	int			 i, id, type, rc = MOSQ_ERR_SUCCESS;

	*out = NULL;
	for (i = 0; i < pl->n; i++) {
		p = &pl->v[i];
		if (mosquitto_string_to_property_info(p->name, &id, &type) !=
		    MOSQ_ERR_SUCCESS) {
			*err = xasprintf("unknown property '%s'", p->name);
			goto fail;
		}
		switch (type) {
		case MQTT_PROP_TYPE_BYTE:
			if (engine_props_number(p->name, p->value, 255, &v,
			    err) != 0)
				goto fail;
			rc = mosquitto_property_add_byte(&list, id, v);
			break;
		case MQTT_PROP_TYPE_INT16:
			if (engine_props_number(p->name, p->value, 65535, &v,
			    err) != 0)
				goto fail;
			rc = mosquitto_property_add_int16(&list, id, v);
			break;
		case MQTT_PROP_TYPE_INT32:
			if (engine_props_number(p->name, p->value,
			    UINT32_MAX, &v, err) != 0)
				goto fail;
			rc = mosquitto_property_add_int32(&list, id, v);
			break;
		case MQTT_PROP_TYPE_VARINT:
			if (engine_props_number(p->name, p->value, 268435455,
			    &v, err) != 0)
				goto fail;
			rc = mosquitto_property_add_varint(&list, id, v);
			break;
		case MQTT_PROP_TYPE_BINARY:
			if (strlen(p->value) > 65535) {
				*err = xasprintf("%s longer than 65535 bytes",
				    p->name);
				goto fail;
			}
			rc = mosquitto_property_add_binary(&list, id, p->value,
			    strlen(p->value));
			break;
		case MQTT_PROP_TYPE_STRING:
			rc = mosquitto_property_add_string(&list, id,
			    p->value);
			break;
		case MQTT_PROP_TYPE_STRING_PAIR:
			if (p->key == NULL) {
				*err = xasprintf("%s needs a key and a value",
				    p->name);
				goto fail;
			}
			rc = mosquitto_property_add_string_pair(&list, id,
			    p->key, p->value);
			break;
		default:
			*err = xasprintf("property '%s' cannot be set",
			    p->name);
			goto fail;
		}
		if (rc != MOSQ_ERR_SUCCESS) {
			*err = xasprintf("bad property %s: %s", p->name,
			    mosquitto_strerror(rc));
			goto fail;
		}
	}
	if (list != NULL && mosquitto_property_check_all(command, list) !=
	    MOSQ_ERR_SUCCESS) {
		*err = xstrdup("a property is not allowed on this packet");
		goto fail;
	}
	*out = list;
	return 0;
fail:
	mosquitto_property_free_all(&list);
	return -1;
}

int
engine_props_check(const struct props *pl, const char *what, char **err)
{
	mosquitto_property	*list;
	int			 command;

	if (strcmp(what, "will") == 0)
		command = CMD_WILL;
	else if (strcmp(what, "connect") == 0)
		command = CMD_CONNECT;
	else
		command = CMD_PUBLISH;
	if (engine_props_build(pl, command, &list, err) != 0)
		return -1;
	mosquitto_property_free_all(&list);
	return 0;
}

int
engine_profile_check(const struct profile *p, char **err)
{
	if (p->will_props.n > 0 &&
	    engine_props_check(&p->will_props, "will", err) != 0)
		return -1;
	if (p->connect_props.n > 0 &&
	    engine_props_check(&p->connect_props, "connect", err) != 0)
		return -1;
	return 0;
}

/* Binary or text: a JSON string when it is UTF-8, else base64 in "NAME-base64". */
static void
engine_props_bytes(cJSON *obj, const char *name, const void *p, size_t len)
{
	struct buf	 b;
	char		*key;

	if (fmt_is_utf8(p, len)) {
		char	*s = xstrndup(p, len);

		cJSON_AddStringToObject(obj, name, s);
		free(s);
		return;
	}
	buf_init(&b);
	b64_encode(&b, p, len);
	key = xasprintf("%s-base64", name);
	cJSON_AddStringToObject(obj, key, buf_str(&b));
	free(key);
	buf_free(&b);
}

char *
engine_props_json(const mosquitto_property *list)
{
	const mosquitto_property	*p;
	cJSON				*obj, *pairs = NULL, *pair;
	const char			*name;
	char				*s, *k, *v;
	uint8_t				 u8;
	uint16_t			 u16, len;
	uint32_t			 u32;
	void				*bin;
	int				 id;

	if (list == NULL)
		return NULL;
	obj = cJSON_CreateObject();
	for (p = list; p != NULL; p = mosquitto_property_next(p)) {
		id = mosquitto_property_identifier(p);
		name = mosquitto_property_identifier_to_string(id);
		if (name == NULL)
			continue;
		switch (id) {
		case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
		case MQTT_PROP_REQUEST_PROBLEM_INFORMATION:
		case MQTT_PROP_REQUEST_RESPONSE_INFORMATION:
		case MQTT_PROP_MAXIMUM_QOS:
		case MQTT_PROP_RETAIN_AVAILABLE:
		case MQTT_PROP_WILDCARD_SUB_AVAILABLE:
		case MQTT_PROP_SUBSCRIPTION_ID_AVAILABLE:
		case MQTT_PROP_SHARED_SUB_AVAILABLE:
			mosquitto_property_read_byte(p, id, &u8, false);
			cJSON_AddNumberToObject(obj, name, u8);
			break;
		case MQTT_PROP_SERVER_KEEP_ALIVE:
		case MQTT_PROP_RECEIVE_MAXIMUM:
		case MQTT_PROP_TOPIC_ALIAS_MAXIMUM:
		case MQTT_PROP_TOPIC_ALIAS:
			mosquitto_property_read_int16(p, id, &u16, false);
			cJSON_AddNumberToObject(obj, name, u16);
			break;
		case MQTT_PROP_MESSAGE_EXPIRY_INTERVAL:
		case MQTT_PROP_SESSION_EXPIRY_INTERVAL:
		case MQTT_PROP_WILL_DELAY_INTERVAL:
		case MQTT_PROP_MAXIMUM_PACKET_SIZE:
			mosquitto_property_read_int32(p, id, &u32, false);
			cJSON_AddNumberToObject(obj, name, u32);
			break;
		case MQTT_PROP_SUBSCRIPTION_IDENTIFIER:
			mosquitto_property_read_varint(p, id, &u32, false);
			cJSON_AddNumberToObject(obj, name, u32);
			break;
		case MQTT_PROP_CORRELATION_DATA:
		case MQTT_PROP_AUTHENTICATION_DATA:
			bin = NULL;
			len = 0;
			mosquitto_property_read_binary(p, id, &bin, &len, false);
			engine_props_bytes(obj, name, bin, len);
			free(bin);
			break;
		case MQTT_PROP_USER_PROPERTY:
			k = v = NULL;
			mosquitto_property_read_string_pair(p, id, &k, &v,
			    false);
			if (pairs == NULL) {
				pairs = cJSON_CreateArray();
				cJSON_AddItemToObject(obj, name, pairs);
			}
			pair = cJSON_CreateArray();
			cJSON_AddItemToArray(pair, cJSON_CreateString(k ? k : ""));
			cJSON_AddItemToArray(pair, cJSON_CreateString(v ? v : ""));
			cJSON_AddItemToArray(pairs, pair);
			free(k);
			free(v);
			break;
		default:
			s = NULL;
			mosquitto_property_read_string(p, id, &s, false);
			if (s != NULL)
				cJSON_AddStringToObject(obj, name, s);
			free(s);
			break;
		}
	}
	s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	return s;
}
