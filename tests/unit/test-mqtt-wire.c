/*
 * MQTT 5 bytes: the property encoder (a libmosquitto list to bytes) and
 * the relay's CONNECT whose property block is completed.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "buf.h"
#include "engine-propbytes.h"
#include "mqtt-wire.h"
#include "unit.h"

static void
test_varint(void)
{
	static const uint32_t	 v[] = { 0, 127, 128, 16383, 16384, 2097151,
	    2097152, 268435455 };
	static const size_t	 len[] = { 1, 1, 2, 2, 3, 3, 4, 4 };
	unsigned char		 bad[] = { 0xff, 0xff, 0xff, 0xff, 0x01 };
	struct buf		 b;
	uint32_t		 x;
	size_t			 i, used;

	buf_init(&b);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_reset(&b);
		mqtt_wire_varint_put(&b, v[i]);
		CHECK_INT(b.len, len[i]);
		CHECK_INT(mqtt_wire_varint_get((unsigned char *)b.p, b.len,
		    &x, &used), 1);
		CHECK_INT(x, v[i]);
		CHECK_INT(used, len[i]);
		/* One byte short: more is needed. */
		CHECK_INT(mqtt_wire_varint_get((unsigned char *)b.p,
		    b.len - 1, &x, &used), 0);
	}
	CHECK_MEM(b.p, b.len, "\xff\xff\xff\x7f", 4);
	CHECK_INT(mqtt_wire_varint_get(bad, sizeof bad, &x, &used), -1);
	buf_free(&b);
}

/* Every type, in list order, as the spec writes it. */
static void
test_encode(void)
{
	mosquitto_property	*l = NULL;
	struct buf		 b;
	char			*err = NULL;
	static const char	 want[] =
	    "\x11\x00\x00\x01\x2c"		/* session expiry 300 */
	    "\x21\x00\x05"			/* receive maximum 5 */
	    "\x27\x00\x01\x00\x00"		/* maximum packet size 65536 */
	    "\x22\x00\x0a"			/* topic alias maximum 10 */
	    "\x19\x01"				/* request response info */
	    "\x17\x00"				/* request problem info 0 */
	    "\x26\x00\x02" "k1" "\x00\x03" "v-1"	/* user property */
	    "\x15\x00\x05" "PLAIN"		/* authentication method */
	    "\x16\x00\x03" "a\0b"		/* authentication data */
	    "\x26\x00\x00\x00\x00";		/* empty user property */
	int			 id;
	size_t			 k, sz, n = 0;

	mosquitto_property_add_int32(&l, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
	    300);
	mosquitto_property_add_int16(&l, MQTT_PROP_RECEIVE_MAXIMUM, 5);
	mosquitto_property_add_int32(&l, MQTT_PROP_MAXIMUM_PACKET_SIZE,
	    65536);
	mosquitto_property_add_int16(&l, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, 10);
	mosquitto_property_add_byte(&l,
	    MQTT_PROP_REQUEST_RESPONSE_INFORMATION, 1);
	mosquitto_property_add_byte(&l,
	    MQTT_PROP_REQUEST_PROBLEM_INFORMATION, 0);
	mosquitto_property_add_string_pair(&l, MQTT_PROP_USER_PROPERTY, "k1",
	    "v-1");
	mosquitto_property_add_string(&l, MQTT_PROP_AUTHENTICATION_METHOD,
	    "PLAIN");
	mosquitto_property_add_binary(&l, MQTT_PROP_AUTHENTICATION_DATA,
	    "a\0b", 3);
	mosquitto_property_add_string_pair(&l, MQTT_PROP_USER_PROPERTY, "",
	    "");
	buf_init(&b);
	CHECK_INT(engine_propbytes(l, &b, &err), 0);
	CHECK_MEM(b.p, b.len, want, sizeof want - 1);
	/* The sizes the relay reads back agree, property by property. */
	for (k = 0; k < b.len; k += sz, n++) {
		if (mqtt_wire_prop_size((unsigned char *)b.p + k, b.len - k,
		    &id, &sz) != 0)
			break;
	}
	CHECK_INT(k, b.len);
	CHECK_INT(n, 10);
	mosquitto_property_free_all(&l);

	/* A varint property (subscription identifier), and nothing. */
	buf_reset(&b);
	mosquitto_property_add_varint(&l, MQTT_PROP_SUBSCRIPTION_IDENTIFIER,
	    200);
	CHECK_INT(engine_propbytes(l, &b, &err), 0);
	CHECK_MEM(b.p, b.len, "\x0b\xc8\x01", 3);
	mosquitto_property_free_all(&l);
	buf_reset(&b);
	CHECK_INT(engine_propbytes(NULL, &b, &err), 0);
	CHECK_INT(b.len, 0);
	buf_free(&b);
	free(err);
}

static void
test_prop_size(void)
{
	int	id;
	size_t	sz;

	CHECK_INT(mqtt_wire_prop_size((unsigned char *)"\x21\x00\x14", 3,
	    &id, &sz), 0);
	CHECK_INT(id, 0x21);
	CHECK_INT(sz, 3);
	/* Cut short, an unknown identifier, a string past the end. */
	CHECK_INT(mqtt_wire_prop_size((unsigned char *)"\x21\x00", 2, &id,
	    &sz), -1);
	CHECK_INT(mqtt_wire_prop_size((unsigned char *)"\x7f\x00", 2, &id,
	    &sz), -1);
	CHECK_INT(mqtt_wire_prop_size((unsigned char *)"\x15\x00\x09" "ab",
	    5, &id, &sz), -1);
	CHECK_INT(mqtt_wire_prop_size((unsigned char *)"\x26\x00\x01" "a"
	    "\x00\x02" "b", 7, &id, &sz), -1);
}

/*
 * A CONNECT as libmosquitto sends it through SOCKS5: MQTT 5, clean start,
 * will QoS 1, user name, keepalive 60, only its receive maximum (20).
 */
static void
connect_v5(struct buf *b, size_t idlen)
{
	static const char	var[] = "\x00\x04MQTT\x05\x8e\x00\x3c";
	struct buf		body;
	size_t			i;

	buf_init(&body);
	buf_add(&body, var, sizeof var - 1);
	buf_add(&body, "\x03\x21\x00\x14", 4);
	buf_addc(&body, (char)(idlen >> 8));
	buf_addc(&body, (char)idlen);
	for (i = 0; i < idlen; i++)
		buf_addc(&body, 'c');
	buf_add(&body, "\x00", 1);			/* will properties */
	buf_add(&body, "\x00\x01t\x00\x02wp", 7);	/* will topic, payload */
	buf_add(&body, "\x00\x01u", 3);			/* user name */
	buf_reset(b);
	buf_addc(b, 0x10);
	mqtt_wire_varint_put(b, (uint32_t)body.len);
	buf_add(b, body.p, body.len);
	buf_free(&body);
}

static void
test_splice(void)
{
	static const char	 ours[] =
	    "\x11\x00\x00\x01\x2c"		/* session expiry 300 */
	    "\x21\x00\x05"			/* receive maximum: dropped */
	    "\x26\x00\x01" "k" "\x00\x01" "v";	/* user property */
	static const char	 want[] =
	    "\x10\x2a"
	    "\x00\x04MQTT\x05\x8e\x00\x3c"
	    "\x0f" "\x21\x00\x14" "\x11\x00\x00\x01\x2c"
	    "\x26\x00\x01" "k" "\x00\x01" "v"
	    "\x00\x03" "ccc" "\x00" "\x00\x01t\x00\x02wp" "\x00\x01u";
	struct buf		 in, out;
	size_t			 used, i;
	char			*err = NULL;
	uint32_t		 rl;

	buf_init(&in);
	buf_init(&out);
	connect_v5(&in, 3);
	/* Then a PINGREQ: not ours to touch. */
	buf_add(&in, "\xc0\x00", 2);
	for (i = 0; i < in.len - 2; i++)
		CHECK_INT(mqtt_wire_connect_splice((unsigned char *)in.p, i,
		    (const unsigned char *)ours, sizeof ours - 1, &out, &used,
		    &err), 0);
	CHECK_INT(mqtt_wire_connect_splice((unsigned char *)in.p, in.len,
	    (const unsigned char *)ours, sizeof ours - 1, &out, &used, &err),
	    1);
	CHECK_INT(used, in.len - 2);
	CHECK_MEM(out.p, out.len, want, sizeof want - 1);

	/* Across 127: the remaining length takes a second byte. */
	connect_v5(&in, 100);
	CHECK_INT(in.len, 2 + 127);
	CHECK_INT(mqtt_wire_connect_splice((unsigned char *)in.p, in.len,
	    (const unsigned char *)ours, sizeof ours - 1, &out, &used, &err),
	    1);
	CHECK_INT(mqtt_wire_varint_get((unsigned char *)out.p + 1, 4, &rl,
	    &i), 1);
	CHECK_INT(i, 2);
	CHECK_INT(rl, 127 + 12);
	CHECK_INT(out.len, 1 + 2 + rl);
	CHECK_MEM(out.p + out.len - 20, 20, in.p + in.len - 20, 20);
	buf_free(&out);
	buf_free(&in);
}

static void
test_splice_bad(void)
{
	struct buf	 in, out;
	size_t		 used;
	char		*err = NULL;

	buf_init(&in);
	buf_init(&out);
#define BAD(bytes, re) do {						\
	buf_reset(&in);							\
	buf_add(&in, bytes, sizeof bytes - 1);				\
	CHECK_INT(mqtt_wire_connect_splice((unsigned char *)in.p,	\
	    in.len, (const unsigned char *)"\x11\0\0\0\1", 5, &out,	\
	    &used, &err), -1);						\
	CHECK(err != NULL && strstr(err, re) != NULL);			\
	free(err);							\
	err = NULL;							\
} while (0)
	BAD("\x30\x02\x00\x00", "not CONNECT (type 3");
	BAD("\x10\xff\xff\xff\xff", "remaining length is malformed");
	BAD("\x10\x02\x00\x04", "too short");
	BAD("\x10\x0a\x00\x04MQIsdp\x03\x02", "protocol name is not MQTT");
	BAD("\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c\x00\x00", "level 4, not 5");
	BAD("\x10\x0b\x00\x04MQTT\x05\x02\x00\x3c\x05", "property length");
	BAD("\x10\x0d\x00\x04MQTT\x05\x02\x00\x3c\x02\x7f\x00", "properties "
	    "are malformed");
#undef BAD
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	test_varint();
	test_encode();
	test_prop_size();
	test_splice();
	test_splice_bad();
	return unit_done();
}
