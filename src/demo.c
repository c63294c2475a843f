/*
 * The guided demo's steps: the tutorial's connections (named as it names
 * them) and a sensor fleet on one broker, then wildcards, retained
 * messages, a persistent session and a will. {url} is the broker.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "demo.h"
#include "xmalloc.h"

#define DEMO_MAX_LINES	20

struct demo_step {
	const char	*title;
	const char	*text;
	/* A line, and the connection whose being live skips it, or NULL. */
	const char	*lines[DEMO_MAX_LINES][2];
};

static const struct demo_step demo_script[] = {
	{ "Set up",
	  "The tutorial's six connections on {url}, and a sensor fleet: "
	  "Sensor 1 and 2 publish JSON temperatures, Sensor 2 also "
	  "humidity.",
	  {
	    { "save 'Simple Demo' {url}", NULL },
	    { "connect 'Simple Demo'", "Simple Demo" },
	    { "save 'Sensor 1' {url}", NULL },
	    { "connect 'Sensor 1'", "Sensor 1" },
	    { "save 'Sensor 2' {url}", NULL },
	    { "connect 'Sensor 2'", "Sensor 2" },
	    { "save 'MQTT V3' {url} -i mqtt-v3 -V 311 -c", NULL },
	    { "connect 'MQTT V3'", "MQTT V3" },
	    { "save MQTT_V3_Publish {url}", NULL },
	    { "connect MQTT_V3_Publish", "MQTT_V3_Publish" },
	    { "save 'Last Will' {url} -i last-will -k 5 --will-topic "
	      "last_will --will-payload offline --will-qos 1 --will-retain",
	      NULL },
	    { "connect 'Last Will'", "Last Will" },
	    { "simulate -t 'Sensor 1' --name sensor1 --kind json --rate 1 "
	      "sensor/1/temperature", NULL },
	    { "simulate -t 'Sensor 2' --name sensor2 --kind json --rate 1 "
	      "sensor/2/temperature", NULL },
	    { "simulate -t 'Sensor 2' --name humidity --devices 2 "
	      "--rate 0.5 'sensor/%d/humidity'", NULL },
	    { "select 'Simple Demo'", NULL },
	  } },
	{ "Wildcard subscription",
	  "Simple Demo subscribes to sensor/+/temperature: + stands for one "
	  "level, so both sensors' temperatures arrive, and no humidity.",
	  {
	    { "select 'Simple Demo'", NULL },
	    { "sub -t 'Simple Demo' sensor/+/temperature", NULL },
	  } },
	{ "Retained message",
	  "Sensor 1 publishes twice with the retain flag; the broker keeps "
	  "the last. Simple Demo subscribes after and gets only that one, "
	  "marked R (the view is filtered to it).",
	  {
	    { "pub -t 'Sensor 1' -q 1 -r retained_message 'first retained'",
	      NULL },
	    { "pub -t 'Sensor 1' -q 1 -r retained_message 'second retained'",
	      NULL },
	    { "sub -t 'Simple Demo' retained_message", NULL },
	    { "select 'Simple Demo'", NULL },
	    { "filter retained_message", NULL },
	  } },
	{ "Clean session false",
	  "MQTT V3 (clean session off, client id mqtt-v3) subscribes at QoS "
	  "1 and goes offline (o), its session kept; MQTT_V3_Publish "
	  "publishes three messages at QoS 1 meanwhile.",
	  {
	    { "select 'MQTT V3'", NULL },
	    { "sub -t 'MQTT V3' -q 1 clean_session_false", NULL },
	    { "offline -t 'MQTT V3'", NULL },
	    { "pub -t MQTT_V3_Publish -q 1 clean_session_false 'away one'",
	      NULL },
	    { "pub -t MQTT_V3_Publish -q 1 clean_session_false 'away two'",
	      NULL },
	    { "pub -t MQTT_V3_Publish -q 1 clean_session_false "
	      "'away three'", NULL },
	  } },
	{ "Session present",
	  "MQTT V3 comes back online (o): the broker kept its session (the "
	  "message view says so) and delivers the three that were waiting.",
	  {
	    { "online -t 'MQTT V3'", NULL },
	  } },
	{ "Last will",
	  "Last Will's will is last_will 'offline' (QoS 1, retained). It is "
	  "dropped without DISCONNECT, so the broker publishes the will to "
	  "Simple Demo.",
	  {
	    { "select 'Simple Demo'", NULL },
	    { "filter last_will", NULL },
	    { "sub -t 'Simple Demo' last_will", NULL },
	    { "drop -t 'Last Will'", NULL },
	  } },
	{ "The end",
	  "Every line the demo ran is in the : prompt's history (: then Up) "
	  "to run by hand. Enter or Esc ends the demo and its sensors.",
	  {
	    { "select 'Simple Demo'", NULL },
	    { "filter", NULL },
	  } },
};
#define DEMO_NSTEPS	((int)(sizeof demo_script / sizeof demo_script[0]))

static const char *const demo_sims[] = { "sensor1", "sensor2", "humidity" };
#define DEMO_NSIMS	((int)(sizeof demo_sims / sizeof demo_sims[0]))

int
demo_steps(void)
{
	return DEMO_NSTEPS;
}

const char *
demo_title(int i)
{
	return i >= 0 && i < DEMO_NSTEPS ? demo_script[i].title : "";
}

/* s with every {url} replaced. */
static char *
demo_expand(const char *s, const char *url)
{
	struct buf	 b;
	const char	*p;
	char		*out;

	buf_init(&b);
	while ((p = strstr(s, "{url}")) != NULL) {
		buf_add(&b, s, p - s);
		buf_adds(&b, url);
		s = p + 5;
	}
	buf_adds(&b, s);
	out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

char *
demo_text(int i, const char *url)
{
	return demo_expand(i >= 0 && i < DEMO_NSTEPS ? demo_script[i].text :
	    "", url);
}

struct demo_line *
demo_lines(int i, const char *url, int *n)
{
	struct demo_line	*v;
	int			 k;

	*n = 0;
	if (i < 0 || i >= DEMO_NSTEPS)
		return NULL;
	while (*n < DEMO_MAX_LINES && demo_script[i].lines[*n][0] != NULL)
		(*n)++;
	v = xcalloc(*n + 1, sizeof *v);
	for (k = 0; k < *n; k++) {
		v[k].line = demo_expand(demo_script[i].lines[k][0], url);
		if (demo_script[i].lines[k][1] != NULL)
			v[k].unless_live = xstrdup(demo_script[i].lines[k][1]);
	}
	return v;
}

struct demo_line *
demo_end_lines(int *n)
{
	struct demo_line	*v = xcalloc(DEMO_NSIMS, sizeof *v);
	int			 k;

	for (k = 0; k < DEMO_NSIMS; k++) {
		v[k].line = xasprintf("simulate --stop %s", demo_sims[k]);
		v[k].if_sim = xstrdup(demo_sims[k]);
	}
	*n = DEMO_NSIMS;
	return v;
}

void
demo_lines_free(struct demo_line *v, int n)
{
	int	k;

	for (k = 0; k < n; k++) {
		free(v[k].line);
		free(v[k].unless_live);
		free(v[k].if_sim);
	}
	free(v);
}
