/*
 * What a simulated sensor publishes: random walks (temperature, humidity),
 * a counter that only goes up, and a JSON document with nested fields;
 * and the topic a device publishes on, from a pattern with %d.
 */
#ifndef SIM_VALUE_H
#define SIM_VALUE_H
#include <stdint.h>

struct buf;

enum sim_kind {
	SIM_TEMPERATURE,
	SIM_HUMIDITY,
	SIM_COUNTER,
	SIM_JSON,
	SIM_NKINDS
};

/* One device's state. */
struct sim_value {
	uint64_t	rng;
	double		temp;		/* °C */
	double		hum;		/* % */
	double		volt;		/* battery, V */
	uint64_t	count;
};

/* A kind by name, or -1. */
int		 sim_value_kind(const char *);
const char	*sim_value_kind_name(int);
/* "temperature, humidity, counter, json", for errors. */
const char	*sim_value_kinds(void);
/* The kind a topic's last level names (".../humidity"), or -1. */
int		 sim_value_kind_of(const char *);

void		 sim_value_init(struct sim_value *, unsigned, uint64_t);
/* The next reading of the device, as the payload, into the buffer. */
void		 sim_value_next(struct sim_value *, int, struct buf *);

/*
 * A topic pattern: %d is the device number, %% a percent sign. 0, or -1
 * with a reason (static).
 */
int		 sim_value_pattern_check(const char *, const char **);
int		 sim_value_pattern_has_device(const char *);
/* The topic of device n into the buffer (reset first). */
void		 sim_value_topic(struct buf *, const char *, unsigned);
#endif
