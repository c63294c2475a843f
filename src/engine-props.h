/* MQTT v5 properties: text flags to libmosquitto lists, lists to JSON. */
#ifndef ENGINE_PROPS_H
#define ENGINE_PROPS_H
#include <mosquitto.h>

#include "profile.h"

/* command is CMD_PUBLISH, CMD_WILL, CMD_CONNECT, ... (mqtt_protocol.h). */
int	 engine_props_build(const struct props *, int, mosquitto_property **,
	     char **);
/* A JSON object text (mosquitto's property names), or NULL when none. */
char	*engine_props_json(const mosquitto_property *);
#endif
