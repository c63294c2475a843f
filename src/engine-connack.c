/* A CONNACK's properties, read out of libmosquitto into plain data. */
#include <stdlib.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "connack.h"
#include "engine-int.h"

void
engine_connack_read(struct connack *ca, int version, int rc, int flags,
    const mosquitto_property *props)
{
	const mosquitto_property	*p;
	uint8_t				 u8;
	uint16_t			 u16;
	uint32_t			 u32;
	char				*s, *k;

	connack_clear(ca);
	connack_init(ca, version);
	ca->reason = rc;
	ca->session_present = (flags & 1) != 0;
	for (p = props; p != NULL; p = mosquitto_property_next(p)) {
		s = k = NULL;
		switch (mosquitto_property_identifier(p)) {
		case MQTT_PROP_SESSION_EXPIRY_INTERVAL:
			mosquitto_property_read_int32(p,
			    MQTT_PROP_SESSION_EXPIRY_INTERVAL, &u32, false);
			ca->session_expiry = u32;
			break;
		case MQTT_PROP_SERVER_KEEP_ALIVE:
			mosquitto_property_read_int16(p,
			    MQTT_PROP_SERVER_KEEP_ALIVE, &u16, false);
			ca->server_keepalive = u16;
			break;
		case MQTT_PROP_RECEIVE_MAXIMUM:
			mosquitto_property_read_int16(p,
			    MQTT_PROP_RECEIVE_MAXIMUM, &u16, false);
			ca->receive_maximum = u16;
			break;
		case MQTT_PROP_TOPIC_ALIAS_MAXIMUM:
			mosquitto_property_read_int16(p,
			    MQTT_PROP_TOPIC_ALIAS_MAXIMUM, &u16, false);
			ca->topic_alias_maximum = u16;
			break;
		case MQTT_PROP_MAXIMUM_QOS:
			mosquitto_property_read_byte(p, MQTT_PROP_MAXIMUM_QOS,
			    &u8, false);
			ca->maximum_qos = u8;
			break;
		case MQTT_PROP_RETAIN_AVAILABLE:
			mosquitto_property_read_byte(p,
			    MQTT_PROP_RETAIN_AVAILABLE, &u8, false);
			ca->retain_available = u8 != 0;
			break;
		case MQTT_PROP_WILDCARD_SUB_AVAILABLE:
			mosquitto_property_read_byte(p,
			    MQTT_PROP_WILDCARD_SUB_AVAILABLE, &u8, false);
			ca->wildcard_available = u8 != 0;
			break;
		case MQTT_PROP_SHARED_SUB_AVAILABLE:
			mosquitto_property_read_byte(p,
			    MQTT_PROP_SHARED_SUB_AVAILABLE, &u8, false);
			ca->shared_available = u8 != 0;
			break;
		case MQTT_PROP_SUBSCRIPTION_ID_AVAILABLE:
			mosquitto_property_read_byte(p,
			    MQTT_PROP_SUBSCRIPTION_ID_AVAILABLE, &u8, false);
			ca->subscription_id_available = u8 != 0;
			break;
		case MQTT_PROP_MAXIMUM_PACKET_SIZE:
			mosquitto_property_read_int32(p,
			    MQTT_PROP_MAXIMUM_PACKET_SIZE, &u32, false);
			ca->maximum_packet_size = u32;
			break;
		case MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER:
			mosquitto_property_read_string(p,
			    MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER, &s, false);
			free(ca->assigned_client_id);
			ca->assigned_client_id = s;
			break;
		case MQTT_PROP_SERVER_REFERENCE:
			mosquitto_property_read_string(p,
			    MQTT_PROP_SERVER_REFERENCE, &s, false);
			free(ca->server_reference);
			ca->server_reference = s;
			break;
		case MQTT_PROP_REASON_STRING:
			mosquitto_property_read_string(p,
			    MQTT_PROP_REASON_STRING, &s, false);
			free(ca->reason_string);
			ca->reason_string = s;
			break;
		case MQTT_PROP_RESPONSE_INFORMATION:
			mosquitto_property_read_string(p,
			    MQTT_PROP_RESPONSE_INFORMATION, &s, false);
			free(ca->response_information);
			ca->response_information = s;
			break;
		case MQTT_PROP_AUTHENTICATION_METHOD:
			mosquitto_property_read_string(p,
			    MQTT_PROP_AUTHENTICATION_METHOD, &s, false);
			free(ca->auth_method);
			ca->auth_method = s;
			break;
		case MQTT_PROP_USER_PROPERTY:
			mosquitto_property_read_string_pair(p,
			    MQTT_PROP_USER_PROPERTY, &k, &s, false);
			props_add(&ca->user_props, "user-property", k, s);
			free(k);
			free(s);
			break;
		}
	}
}
