/* A CONNACK as plain data: words, JSON, lines; and a doctor step's text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "connack.h"
#include "doctor.h"
#include "unit.h"

static void
test_words(void)
{
	CHECK_STR(connack_reason_words(5, 0), "accepted");
	CHECK_STR(connack_reason_words(4, 0), "accepted");
	CHECK_STR(connack_reason_words(4, 5), "not authorised");
	CHECK_STR(connack_reason_words(5, 0x87), "not authorised");
	CHECK_STR(connack_reason_words(5, 0x86), "bad user name or password");
	CHECK_STR(connack_reason_words(5, 0x9c), "use another server");
	CHECK_STR(connack_reason_words(3, 9), "refused");
}

static void
test_props(void)
{
	struct connack	 ca, *dup;
	struct buf	 b;
	cJSON		*j;
	char		*s;

	connack_init(&ca, 5);
	/* Nothing sent: an empty object, and a line that says so. */
	j = connack_props_json(&ca);
	s = cJSON_PrintUnformatted(j);
	CHECK_STR(s, "{}");
	free(s);
	cJSON_Delete(j);
	buf_init(&b);
	connack_props_lines(&ca, &b, "  ");
	CHECK_STR(buf_str(&b), "  (no properties)\n");
	buf_reset(&b);

	ca.maximum_qos = 1;
	ca.retain_available = 0;
	ca.topic_alias_maximum = 10;
	ca.maximum_packet_size = 5000;
	ca.assigned_client_id = strdup("auto-1");
	props_add(&ca.user_props, "user-property", "k", "v");
	j = connack_props_json(&ca);
	s = cJSON_PrintUnformatted(j);
	CHECK_STR(s, "{\"assigned_client_id\":\"auto-1\",\"maximum_qos\":1,"
	    "\"retain_available\":false,\"maximum_packet_size\":5000,"
	    "\"topic_alias_maximum\":10,\"user_properties\":[[\"k\",\"v\"]]}");
	free(s);
	cJSON_Delete(j);
	connack_props_lines(&ca, &b, "");
	CHECK_STR(buf_str(&b), "assigned client id: auto-1\n"
	    "maximum QoS: 1\nretain available: no\n"
	    "maximum packet size: 5000\ntopic alias maximum: 10\n"
	    "user property: k = v\n");

	/* A copy owns its strings. */
	dup = connack_dup(&ca);
	connack_clear(&ca);
	CHECK_STR(dup->assigned_client_id, "auto-1");
	CHECK_INT(dup->user_props.n, 1);
	CHECK_INT(dup->maximum_qos, 1);
	CHECK_INT(ca.maximum_qos, -1);
	connack_free(dup);
	buf_free(&b);
}

static void
test_step_text(void)
{
	struct buf	 b;
	cJSON		*step;

	step = cJSON_Parse("{\"step\":\"tls\",\"result\":\"ok\",\"ms\":12.25,"
	    "\"summary\":\"TLSv1.3, X\",\"not_after\":\"2030\","
	    "\"chain\":[{\"subject\":\"CN=a\"}],\"verified\":true,"
	    "\"addresses\":[\"1.2.3.4\",\"::1\"],\"properties\":{}}");
	buf_init(&b);
	doctor_text_step(step, &b);
	CHECK_STR(buf_str(&b),
	    "tls       ok          12.2 ms  TLSv1.3, X\n"
	    "          not after: 2030\n"
	    "          chain:\n"
	    "            0:\n"
	    "              subject: CN=a\n"
	    "          verified: yes\n"
	    "          addresses: 1.2.3.4, ::1\n"
	    "          properties: none\n");
	cJSON_Delete(step);
	/* A skipped step has no time. */
	buf_reset(&b);
	step = cJSON_Parse("{\"step\":\"connack\",\"result\":\"skipped\","
	    "\"reason\":\"the tcp step failed\"}");
	doctor_text_step(step, &b);
	CHECK_STR(buf_str(&b),
	    "connack   skipped              the tcp step failed\n");
	cJSON_Delete(step);
	buf_free(&b);
}

int
main(void)
{
	test_words();
	test_props();
	test_step_text();
	return unit_done();
}
