/*
 * MQTT 5 bytes (OASIS MQTT 5.0, 1.5.5 and 2.2.2): variable byte integers,
 * properties, and the CONNECT whose property block the relay completes.
 */
#include <string.h>

#include "buf.h"
#include "mqtt-wire.h"
#include "xmalloc.h"

#define MQTT_WIRE_CONNECT	0x10	/* CONNECT, flags 0 */
#define MQTT_WIRE_USER_PROP	0x26	/* the one that may repeat */
/* Far above any CONNECT libmosquitto makes (all its fields are 16-bit). */
#define MQTT_WIRE_CONNECT_MAX	(1024 * 1024)

enum mqtt_wire_type
mqtt_wire_prop_type(int id)
{
	switch (id) {
	case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28:
	case 0x29: case 0x2a:
		return MQTT_WIRE_BYTE;
	case 0x13: case 0x21: case 0x22: case 0x23:
		return MQTT_WIRE_INT16;
	case 0x02: case 0x11: case 0x18: case 0x27:
		return MQTT_WIRE_INT32;
	case 0x0b:
		return MQTT_WIRE_VARINT;
	case 0x03: case 0x08: case 0x12: case 0x15: case 0x1a: case 0x1c:
	case 0x1f:
		return MQTT_WIRE_STRING;
	case 0x09: case 0x16:
		return MQTT_WIRE_BINARY;
	case 0x26:
		return MQTT_WIRE_PAIR;
	}
	return MQTT_WIRE_UNKNOWN;
}

void
mqtt_wire_varint_put(struct buf *b, uint32_t v)
{
	unsigned char	c;

	do {
		c = v % 128;
		v /= 128;
		if (v > 0)
			c |= 128;
		buf_add(b, &c, 1);
	} while (v > 0);
}

int
mqtt_wire_varint_get(const unsigned char *p, size_t n, uint32_t *v,
    size_t *used)
{
	uint32_t	x = 0, mul = 1;
	size_t		i;

	for (i = 0; i < 4; i++) {
		if (i >= n)
			return 0;
		x += (uint32_t)(p[i] & 127) * mul;
		mul *= 128;
		if (!(p[i] & 128)) {
			*v = x;
			*used = i + 1;
			return 1;
		}
	}
	return -1;
}

static size_t
mqtt_wire_u16(const unsigned char *p)
{
	return (size_t)p[0] << 8 | p[1];
}

/* Bytes of a 2-byte-length field at p, or 0 if it runs past n. */
static size_t
mqtt_wire_lenfield(const unsigned char *p, size_t n)
{
	if (n < 2 || n - 2 < mqtt_wire_u16(p))
		return 0;
	return 2 + mqtt_wire_u16(p);
}

int
mqtt_wire_prop_size(const unsigned char *p, size_t n, int *id, size_t *size)
{
	uint32_t	v;
	size_t		k, m, l;

	if (mqtt_wire_varint_get(p, n, &v, &k) != 1)
		return -1;
	*id = (int)v;
	switch (mqtt_wire_prop_type(*id)) {
	case MQTT_WIRE_BYTE:
		l = 1;
		break;
	case MQTT_WIRE_INT16:
		l = 2;
		break;
	case MQTT_WIRE_INT32:
		l = 4;
		break;
	case MQTT_WIRE_VARINT:
		if (mqtt_wire_varint_get(p + k, n - k, &v, &l) != 1)
			return -1;
		break;
	case MQTT_WIRE_STRING:
	case MQTT_WIRE_BINARY:
		if ((l = mqtt_wire_lenfield(p + k, n - k)) == 0)
			return -1;
		break;
	case MQTT_WIRE_PAIR:
		if ((l = mqtt_wire_lenfield(p + k, n - k)) == 0 ||
		    (m = mqtt_wire_lenfield(p + k + l, n - k - l)) == 0)
			return -1;
		l += m;
		break;
	default:
		return -1;
	}
	if (n - k < l)
		return -1;
	*size = k + l;
	return 0;
}

/* Whether the (checked) block has a property id. */
static int
mqtt_wire_has(const unsigned char *p, size_t n, int id)
{
	size_t	k, sz;
	int	pid;

	for (k = 0; k < n; k += sz) {
		if (mqtt_wire_prop_size(p + k, n - k, &pid, &sz) != 0)
			return 0;
		if (pid == id)
			return 1;
	}
	return 0;
}

static int
mqtt_wire_bad(char **err, const char *why)
{
	*err = xstrdup(why);
	return -1;
}

int
mqtt_wire_connect_splice(const unsigned char *in, size_t n,
    const unsigned char *props, size_t plen, struct buf *out, size_t *used,
    char **err)
{
	const unsigned char	*body, *old;
	struct buf		 add;
	uint32_t		 rl, ol;
	size_t			 hl, vl, pos, k, sz, name, tail;
	int			 id;

	if (n < 1)
		return 0;
	if (in[0] != MQTT_WIRE_CONNECT) {
		*err = xasprintf("the first packet is not CONNECT (type %d, "
		    "flags %d)", in[0] >> 4, in[0] & 15);
		return -1;
	}
	switch (mqtt_wire_varint_get(in + 1, n - 1, &rl, &hl)) {
	case 0:
		return 0;
	case -1:
		return mqtt_wire_bad(err, "CONNECT's remaining length is "
		    "malformed");
	}
	if (rl > MQTT_WIRE_CONNECT_MAX)
		return mqtt_wire_bad(err, "CONNECT is larger than 1 MiB");
	hl++;
	if (n - hl < rl)
		return 0;
	body = in + hl;
	/* Protocol name, level, flags, keepalive: the fixed part. */
	if ((name = mqtt_wire_lenfield(body, rl)) == 0 || rl - name < 4)
		return mqtt_wire_bad(err, "CONNECT is too short");
	if (name != 6 || memcmp(body + 2, "MQTT", 4) != 0)
		return mqtt_wire_bad(err, "CONNECT's protocol name is not MQTT");
	if (body[name] != 5) {
		*err = xasprintf("CONNECT is protocol level %d, not 5 "
		    "(MQTT 5)", body[name]);
		return -1;
	}
	pos = name + 4;
	if (mqtt_wire_varint_get(body + pos, rl - pos, &ol, &vl) != 1 ||
	    ol > rl - pos - vl)
		return mqtt_wire_bad(err, "CONNECT's property length is "
		    "malformed");
	old = body + pos + vl;
	for (k = 0; k < ol; k += sz) {
		if (mqtt_wire_prop_size(old + k, ol - k, &id, &sz) != 0)
			return mqtt_wire_bad(err, "CONNECT's properties are "
			    "malformed");
	}
	/* What libmosquitto sent stays; ours add what it lacks. */
	buf_init(&add);
	buf_add(&add, old, ol);
	for (k = 0; k < plen; k += sz) {
		if (mqtt_wire_prop_size(props + k, plen - k, &id, &sz) != 0) {
			buf_free(&add);
			return mqtt_wire_bad(err, "the properties to add are "
			    "malformed");
		}
		if (id == MQTT_WIRE_USER_PROP || !mqtt_wire_has(old, ol, id))
			buf_add(&add, props + k, sz);
	}
	tail = rl - pos - vl - ol;	/* the payload */
	if (add.len > MQTT_WIRE_CONNECT_MAX) {
		buf_free(&add);
		return mqtt_wire_bad(err, "the properties to add are larger "
		    "than 1 MiB");
	}
	buf_reset(out);
	buf_addc(out, (char)MQTT_WIRE_CONNECT);
	mqtt_wire_varint_put(out, (uint32_t)(pos + (add.len < 128 ? 1 :
	    add.len < 16384 ? 2 : add.len < 2097152 ? 3 : 4) + add.len +
	    tail));
	buf_add(out, body, pos);
	mqtt_wire_varint_put(out, (uint32_t)add.len);
	buf_add(out, add.p, add.len);
	buf_add(out, old + ol, tail);
	buf_free(&add);
	*used = hl + rl;
	return 1;
}
