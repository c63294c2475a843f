#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "msg-out.h"
#include "unit.h"

static struct msg
msg(const char *topic, const void *payload, size_t len)
{
	struct msg	m;

	memset(&m, 0, sizeof m);
	m.id = 7;
	m.conn = "a,b";
	m.topic = topic;
	m.payload = payload;
	m.len = len;
	m.qos = 1;
	m.time_ms = 1796000000123LL;
	return m;
}

static void
test_csv(void)
{
	struct buf	b;
	struct msg	m;

	buf_init(&b);
	msg_out_csv_header(&b);
	CHECK_STR(buf_str(&b), "id,time,connection,dir,topic,qos,retain,"
	    "payload,encoding,properties\r\n");
	buf_reset(&b);

	/* RFC 4180: quote a field with , " CR or LF; double the quotes. */
	m = msg("t/\"x\"", "a,b \"q\"\r\nnext", 13);
	msg_out_csv(&b, &m);
	CHECK_STR(buf_str(&b), "7,2026-11-30T00:53:20.123Z,\"a,b\",in,"
	    "\"t/\"\"x\"\"\",1,0,\"a,b \"\"q\"\"\r\nnext\",utf-8,\r\n");
	buf_reset(&b);

	/* Plain fields as they are; the payload is not NUL-terminated. */
	m = msg("plain", "okXXX", 2);
	m.conn = "c";
	m.dir = MSG_OUT;
	m.retain = 1;
	m.props = "{\"user-property\":[[\"k\",\"v\"]]}";
	msg_out_csv(&b, &m);
	CHECK_STR(buf_str(&b), "7,2026-11-30T00:53:20.123Z,c,out,plain,1,1,"
	    "ok,utf-8,\"{\"\"user-property\"\":[[\"\"k\"\",\"\"v\"\"]]}\"\r\n");
	buf_reset(&b);

	/* Binary (and NUL) as base64; an empty payload as an empty field. */
	m = msg("bin", "\0\xff" "A", 3);
	m.conn = "c";
	msg_out_csv(&b, &m);
	CHECK_STR(buf_str(&b), "7,2026-11-30T00:53:20.123Z,c,in,bin,1,0,"
	    "AP9B,base64,\r\n");
	buf_reset(&b);
	m = msg("e", "", 0);
	m.conn = "c";
	msg_out_csv(&b, &m);
	CHECK_STR(buf_str(&b), "7,2026-11-30T00:53:20.123Z,c,in,e,1,0,,"
	    "utf-8,\r\n");
	buf_free(&b);
}

static void
test_json(void)
{
	struct buf	 b;
	struct msg	 m;
	cJSON		*o;

	buf_init(&b);
	m = msg("t", "\xff\x00", 2);
	msg_out_json(&b, &m, 1);
	CHECK(b.len > 0 && b.p[b.len - 1] == '\n');
	o = cJSON_Parse(buf_str(&b));
	CHECK(o != NULL);
	CHECK(cJSON_GetObjectItem(o, "id")->valuedouble == 7);
	CHECK_STR(cJSON_GetObjectItem(o, "payload_base64")->valuestring,
	    "/wA=");
	CHECK(cJSON_GetObjectItem(o, "payload") == NULL);
	CHECK(cJSON_GetObjectItem(o, "dir") == NULL);	/* received */
	cJSON_Delete(o);
	buf_reset(&b);

	/* MQTTX: a JSON object with its field names; binary as Base64. */
	m.dir = MSG_OUT;
	msg_out_mqttx(&b, &m);
	o = cJSON_Parse(buf_str(&b));
	CHECK(o != NULL);
	CHECK_STR(cJSON_GetObjectItem(o, "mid")->valuestring, "7");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(o, "out")));
	CHECK_STR(cJSON_GetObjectItem(o, "payloadType")->valuestring,
	    "Base64");
	CHECK_STR(cJSON_GetObjectItem(o, "payload")->valuestring, "/wA=");
	CHECK(strlen(cJSON_GetObjectItem(o, "createAt")->valuestring) == 23);
	cJSON_Delete(o);
	buf_free(&b);
}

int
main(void)
{
	test_csv();
	test_json();
	return unit_done();
}
