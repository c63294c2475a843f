/*
 * A property list as MQTT 5 bytes (identifier as a variable byte integer,
 * then the value by its type), read with libmosquitto's public API only.
 * The WebSocket relay puts them into CONNECT, which libmosquitto 2.0.11
 * sends without them through SOCKS5 (see ws-relay-splice.c).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>

#include "buf.h"
#include "engine-propbytes.h"
#include "mqtt-wire.h"
#include "xmalloc.h"

static void
engine_propbytes_u16(struct buf *b, unsigned v)
{
	unsigned char	c[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, c, 2);
}

static void
engine_propbytes_u32(struct buf *b, uint32_t v)
{
	unsigned char	c[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };

	buf_add(b, c, 4);
}

/* A UTF-8 string or binary data: 2-byte length, then the bytes. */
static int
engine_propbytes_field(struct buf *b, const void *p, size_t n)
{
	if (n > 65535)
		return -1;
	engine_propbytes_u16(b, (unsigned)n);
	buf_add(b, p, n);
	return 0;
}

/* One property, the first of the list p. */
static int
engine_propbytes_one(const mosquitto_property *p, int id, struct buf *b)
{
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u32;
	void		*bin = NULL;
	char		*s = NULL, *v = NULL;
	int		 rc = -1;

	mqtt_wire_varint_put(b, (uint32_t)id);
	switch (mqtt_wire_prop_type(id)) {
	case MQTT_WIRE_BYTE:
		if (mosquitto_property_read_byte(p, id, &u8, false) == NULL)
			return -1;
		buf_add(b, &u8, 1);
		return 0;
	case MQTT_WIRE_INT16:
		if (mosquitto_property_read_int16(p, id, &u16, false) == NULL)
			return -1;
		engine_propbytes_u16(b, u16);
		return 0;
	case MQTT_WIRE_INT32:
		if (mosquitto_property_read_int32(p, id, &u32, false) == NULL)
			return -1;
		engine_propbytes_u32(b, u32);
		return 0;
	case MQTT_WIRE_VARINT:
		if (mosquitto_property_read_varint(p, id, &u32, false) ==
		    NULL || u32 > MQTT_WIRE_VARINT_MAX)
			return -1;
		mqtt_wire_varint_put(b, u32);
		return 0;
	case MQTT_WIRE_STRING:
		if (mosquitto_property_read_string(p, id, &s, false) != NULL)
			rc = engine_propbytes_field(b, s, strlen(s));
		free(s);
		return rc;
	case MQTT_WIRE_BINARY:
		if (mosquitto_property_read_binary(p, id, &bin, &u16,
		    false) != NULL)
			rc = engine_propbytes_field(b, bin, u16);
		free(bin);
		return rc;
	case MQTT_WIRE_PAIR:
		if (mosquitto_property_read_string_pair(p, id, &s, &v,
		    false) != NULL &&
		    engine_propbytes_field(b, s, strlen(s)) == 0)
			rc = engine_propbytes_field(b, v, strlen(v));
		free(s);
		free(v);
		return rc;
	default:
		return -1;
	}
}

int
engine_propbytes(const mosquitto_property *list, struct buf *out,
    char **err)
{
	const mosquitto_property	*p;
	size_t				 start = out->len;
	int				 id;

	for (p = list; p != NULL; p = mosquitto_property_next(p)) {
		id = mosquitto_property_identifier(p);
		if (engine_propbytes_one(p, id, out) != 0) {
			*err = xasprintf("cannot encode the property %s",
			    mosquitto_property_identifier_to_string(id) !=
			    NULL ? mosquitto_property_identifier_to_string(id) :
			    "(unknown)");
			return -1;
		}
	}
	if (out->len - start > MQTT_WIRE_VARINT_MAX) {
		*err = xstrdup("the CONNECT properties are too large");
		return -1;
	}
	return 0;
}
