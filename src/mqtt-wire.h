/*
 * MQTT 5 on the wire, as far as the WebSocket relay needs it: variable
 * byte integers, property types and lengths, and a CONNECT whose property
 * block is completed (libmosquitto 2.0.11 sends none through SOCKS5).
 */
#ifndef MQTT_WIRE_H
#define MQTT_WIRE_H
#include <stddef.h>
#include <stdint.h>

struct buf;

#define MQTT_WIRE_VARINT_MAX	268435455U

enum mqtt_wire_type {
	MQTT_WIRE_UNKNOWN,
	MQTT_WIRE_BYTE,
	MQTT_WIRE_INT16,
	MQTT_WIRE_INT32,
	MQTT_WIRE_VARINT,
	MQTT_WIRE_STRING,
	MQTT_WIRE_BINARY,
	MQTT_WIRE_PAIR
};

enum mqtt_wire_type mqtt_wire_prop_type(int);
/* Appends v (at most MQTT_WIRE_VARINT_MAX) in 1 to 4 bytes. */
void	 mqtt_wire_varint_put(struct buf *, uint32_t);
/* 1 read (*used bytes), 0 more bytes needed, -1 malformed. */
int	 mqtt_wire_varint_get(const unsigned char *, size_t, uint32_t *,
	     size_t *);
/* One property at p: its identifier and size in bytes; -1 if malformed. */
int	 mqtt_wire_prop_size(const unsigned char *, size_t, int *, size_t *);
/*
 * The CONNECT at the start of in, with its properties completed by the
 * property block props (without its length): what the CONNECT has stays
 * (libmosquitto's receive maximum: it counts by it), props adds the rest.
 * 1: done, *out (caller frees) and *used (bytes of in taken); 0: more
 * bytes needed; -1: not an MQTT 5 CONNECT, *err says why.
 */
int	 mqtt_wire_connect_splice(const unsigned char *, size_t,
	     const unsigned char *, size_t, struct buf *, size_t *, char **);
#endif
