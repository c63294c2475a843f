/*
 * Readings of simulated sensors. Each device walks on its own from a
 * start of its own, so a fleet does not move in step; the walks stay in
 * a plausible range.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sim-value.h"

static const char *sim_value_names[SIM_NKINDS] = {
	"temperature", "humidity", "counter", "json"
};

int
sim_value_kind(const char *name)
{
	int	i;

	for (i = 0; i < SIM_NKINDS; i++) {
		if (strcmp(sim_value_names[i], name) == 0)
			return i;
	}
	return -1;
}

const char *
sim_value_kind_name(int kind)
{
	return kind >= 0 && kind < SIM_NKINDS ? sim_value_names[kind] : "?";
}

const char *
sim_value_kinds(void)
{
	return "temperature, humidity, counter, json";
}

int
sim_value_kind_of(const char *topic)
{
	const char	*last = strrchr(topic, '/');

	return sim_value_kind(last != NULL ? last + 1 : topic);
}

/* xorshift64*: cheap, and the same seed gives the same readings. */
static uint64_t
sim_value_rand(struct sim_value *v)
{
	v->rng ^= v->rng >> 12;
	v->rng ^= v->rng << 25;
	v->rng ^= v->rng >> 27;
	return v->rng * 2685821657736338717ULL;
}

/* Uniform in [-1, 1). */
static double
sim_value_step(struct sim_value *v)
{
	return (double)(sim_value_rand(v) >> 11) / (double)(1ULL << 52) - 1.0;
}

static double
sim_value_walk(struct sim_value *v, double x, double step, double lo,
    double hi)
{
	x += step * sim_value_step(v);
	if (x < lo)
		x = lo + (lo - x);
	if (x > hi)
		x = hi - (x - hi);
	return x;
}

/* splitmix64: seeds that differ in a bit start far apart. */
static uint64_t
sim_value_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void
sim_value_init(struct sim_value *v, unsigned device, uint64_t seed)
{
	memset(v, 0, sizeof *v);
	v->rng = sim_value_mix(seed ^ sim_value_mix(device)) | 1;
	v->temp = 18.0 + 6.0 * (sim_value_step(v) + 1.0) / 2.0;
	v->hum = 35.0 + 20.0 * (sim_value_step(v) + 1.0) / 2.0;
	v->volt = 3.6 + 0.1 * (sim_value_step(v) + 1.0) / 2.0;
	v->count = sim_value_rand(v) % 1000;
}

void
sim_value_next(struct sim_value *v, int kind, struct buf *b)
{
	v->temp = sim_value_walk(v, v->temp, 0.3, -20.0, 45.0);
	v->hum = sim_value_walk(v, v->hum, 1.5, 5.0, 95.0);
	/* A battery runs down, a little noise on the way. */
	v->volt = sim_value_walk(v, v->volt - 0.001, 0.005, 3.0, 4.2);
	v->count += 1 + sim_value_rand(v) % 5;
	buf_reset(b);
	switch (kind) {
	case SIM_TEMPERATURE:
		buf_addf(b, "%.1f", v->temp);
		break;
	case SIM_HUMIDITY:
		buf_addf(b, "%.0f", v->hum);
		break;
	case SIM_COUNTER:
		buf_addf(b, "%llu", (unsigned long long)v->count);
		break;
	default:
		buf_addf(b, "{\"temp\":%.1f,\"hum\":%.0f,\"battery\":"
		    "{\"v\":%.2f}}", v->temp, v->hum, v->volt);
		break;
	}
}

int
sim_value_pattern_check(const char *pat, const char **why)
{
	const char	*p;

	if (*pat == '\0') {
		*why = "empty topic";
		return -1;
	}
	for (p = pat; *p != '\0'; p++) {
		if (*p == '+' || *p == '#') {
			*why = "topic must not contain wildcards";
			return -1;
		}
		if (*p != '%')
			continue;
		if (p[1] != 'd' && p[1] != '%') {
			*why = "only %d (the device) and %% are known";
			return -1;
		}
		p++;
	}
	return 0;
}

int
sim_value_pattern_has_device(const char *pat)
{
	const char	*p;

	for (p = pat; *p != '\0'; p++) {
		if (*p == '%' && p[1] == 'd')
			return 1;
		if (*p == '%' && p[1] != '\0')
			p++;
	}
	return 0;
}

void
sim_value_topic(struct buf *b, const char *pat, unsigned device)
{
	const char	*p;

	buf_reset(b);
	for (p = pat; *p != '\0'; p++) {
		if (*p == '%' && p[1] == 'd') {
			buf_addf(b, "%u", device);
			p++;
		} else if (*p == '%' && p[1] == '%') {
			buf_addc(b, '%');
			p++;
		} else
			buf_addc(b, *p);
	}
}
