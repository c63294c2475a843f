/*
 * Topic aliases on publish (MQTT 5, 3.3.2.3.4). When the broker's CONNACK
 * allows some, the first ENGINE_ALIAS_MAX topics published on a link each
 * get one: the first publish sends the topic and its alias, later ones
 * the alias and an empty topic. Only at QoS 0: libmosquitto sends an
 * unacknowledged QoS 1/2 publish again on the next link as it was queued,
 * and an alias-only publish would name an alias that link never had.
 * Aliases last one link; the table is bounded, whatever is published.
 */
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "engine-int.h"
#include "xmalloc.h"

#define ENGINE_ALIAS_MAX	32

struct engine_alias {
	char	*topic[ENGINE_ALIAS_MAX];
	int	 n;
	int	 max;		/* the broker's maximum, at most ours */
};

void
engine_alias_free(struct engine_conn *ec)
{
	int	i;

	if (ec->alias == NULL)
		return;
	for (i = 0; i < ec->alias->n; i++)
		free(ec->alias->topic[i]);
	free(ec->alias);
	ec->alias = NULL;
}

/* A new link: no aliases yet, and the broker's maximum from CONNACK. */
void
engine_alias_reset(struct engine_conn *ec, const mosquitto_property *props)
{
	uint16_t	max = 0;

	engine_alias_free(ec);
	if (ec->c->p->version != 5 || mosquitto_property_read_int16(props,
	    MQTT_PROP_TOPIC_ALIAS_MAXIMUM, &max, false) == NULL || max == 0)
		return;
	ec->alias = xcalloc(1, sizeof *ec->alias);
	ec->alias->max = max < ENGINE_ALIAS_MAX ? max : ENGINE_ALIAS_MAX;
}

/*
 * The topic to put in a QoS 0 PUBLISH, adding its alias to props: "" when
 * the alias is known to the broker already. props given with a
 * topic-alias of the user's own are left alone.
 */
const char *
engine_alias_use(struct engine_conn *ec, const char *topic, int qos,
    mosquitto_property **props)
{
	struct engine_alias	*a = ec->alias;
	uint16_t		 v;
	int			 i, fresh = 0;

	if (a == NULL || qos != 0 || mosquitto_property_read_int16(*props,
	    MQTT_PROP_TOPIC_ALIAS, &v, false) != NULL)
		return topic;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->topic[i], topic) == 0)
			break;
	}
	if (i == a->n) {
		if (a->n == a->max)
			return topic;	/* all taken: the topic in full */
		a->topic[a->n++] = xstrdup(topic);
		fresh = 1;
	}
	if (mosquitto_property_add_int16(props, MQTT_PROP_TOPIC_ALIAS,
	    (uint16_t)(i + 1)) != MOSQ_ERR_SUCCESS)
		return topic;
	/* The first time sets the alias: topic and alias both go. */
	return fresh ? topic : "";
}
