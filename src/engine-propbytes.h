/* A libmosquitto property list as the bytes of an MQTT 5 property block. */
#ifndef ENGINE_PROPBYTES_H
#define ENGINE_PROPBYTES_H
#include <mosquitto.h>

struct buf;

/* Appends the block (without its length) to out; -1 with *err if not. */
int	engine_propbytes(const mosquitto_property *, struct buf *, char **);
#endif
