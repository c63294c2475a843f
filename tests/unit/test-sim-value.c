/* Simulated readings: kinds, topic patterns, walks that stay plausible. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "sim-value.h"
#include "unit.h"

static void
test_kinds(void)
{
	CHECK_INT(sim_value_kind("temperature"), SIM_TEMPERATURE);
	CHECK_INT(sim_value_kind("json"), SIM_JSON);
	CHECK_INT(sim_value_kind("pressure"), -1);
	CHECK_INT(sim_value_kind(""), -1);
	CHECK_STR(sim_value_kind_name(SIM_COUNTER), "counter");
	CHECK_INT(sim_value_kind_of("sensor/1/humidity"), SIM_HUMIDITY);
	CHECK_INT(sim_value_kind_of("counter"), SIM_COUNTER);
	CHECK_INT(sim_value_kind_of("sensor/1/state"), -1);
}

static void
test_pattern(void)
{
	struct buf	 b;
	const char	*why = NULL;

	buf_init(&b);
	CHECK_INT(sim_value_pattern_check("sensor/%d/t", &why), 0);
	CHECK_INT(sim_value_pattern_check("a/100%%", &why), 0);
	CHECK_INT(sim_value_pattern_check("a/%s", &why), -1);
	CHECK_INT(sim_value_pattern_check("a/%", &why), -1);
	CHECK_INT(sim_value_pattern_check("a/+/b", &why), -1);
	CHECK_INT(sim_value_pattern_check("a/#", &why), -1);
	CHECK_INT(sim_value_pattern_check("", &why), -1);
	CHECK_INT(sim_value_pattern_has_device("a/%d"), 1);
	CHECK_INT(sim_value_pattern_has_device("a/%%d"), 0);
	CHECK_INT(sim_value_pattern_has_device("a/b"), 0);
	sim_value_topic(&b, "s/%d/t/%d", 12);
	CHECK_STR(buf_str(&b), "s/12/t/12");
	sim_value_topic(&b, "100%%/%d", 3);
	CHECK_STR(buf_str(&b), "100%/3");
	buf_free(&b);
}

static void
test_walks(void)
{
	struct sim_value	 v, w;
	struct buf		 b;
	cJSON			*j, *t, *h, *bv;
	unsigned long long	 last = 0, now;
	double			 x;
	int			 i, bad = 0, same = 0;
	char			*end;

	buf_init(&b);
	sim_value_init(&v, 1, 42);
	sim_value_init(&w, 2, 42);
	for (i = 0; i < 5000; i++) {
		sim_value_next(&v, SIM_JSON, &b);
		j = cJSON_Parse(buf_str(&b));
		t = cJSON_GetObjectItem(j, "temp");
		h = cJSON_GetObjectItem(j, "hum");
		bv = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "battery"),
		    "v");
		if (!cJSON_IsNumber(t) || !cJSON_IsNumber(h) ||
		    !cJSON_IsNumber(bv) || t->valuedouble < -20 ||
		    t->valuedouble > 45 || h->valuedouble < 0 ||
		    h->valuedouble > 100 || bv->valuedouble < 3 ||
		    bv->valuedouble > 4.2)
			bad++;
		cJSON_Delete(j);

		sim_value_next(&v, SIM_COUNTER, &b);
		now = strtoull(buf_str(&b), &end, 10);
		if (*end != '\0' || now <= last)
			bad++;
		last = now;

		sim_value_next(&v, SIM_TEMPERATURE, &b);
		x = strtod(buf_str(&b), &end);
		if (*end != '\0' || strchr(buf_str(&b), '.') == NULL ||
		    x < -20 || x > 45)
			bad++;

		sim_value_next(&w, SIM_TEMPERATURE, &b);
		if (strcmp(buf_str(&b), "") == 0)
			bad++;
		same += v.temp == w.temp;
	}
	CHECK_INT(bad, 0);
	/* Two devices of one seed do not walk in step. */
	CHECK(same < 100);
	buf_free(&b);
}

int
main(void)
{
	test_kinds();
	test_pattern();
	test_walks();
	return unit_done();
}
