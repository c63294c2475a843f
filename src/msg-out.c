/*
 * Messages as records for other programs. A payload that is not UTF-8
 * (or holds a NUL) goes out as base64 under its own name, so JSON and CSV
 * stay valid text and no byte is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "b64.h"
#include "fmt.h"
#include "msg-out.h"
#include "xmalloc.h"

static int
msg_out_is_text(const struct msg *m)
{
	return m->len == 0 || fmt_is_utf8(m->payload, m->len);
}

static void
msg_out_payload(cJSON *obj, const struct msg *m, const char *text_key,
    const char *b64_key)
{
	struct buf	 b;
	char		*s;

	if (msg_out_is_text(m)) {
		s = xstrndup(m->payload, m->len);
		cJSON_AddStringToObject(obj, text_key, s);
		free(s);
		return;
	}
	buf_init(&b);
	b64_encode(&b, m->payload, m->len);
	cJSON_AddStringToObject(obj, b64_key, buf_str(&b));
	buf_free(&b);
}

static void
msg_out_add(struct buf *b, cJSON *obj)
{
	char	*s = cJSON_PrintUnformatted(obj);

	buf_adds(b, s);
	free(s);
	cJSON_Delete(obj);
}

void
msg_out_json(struct buf *b, const struct msg *m, int with_id)
{
	cJSON	*obj = cJSON_CreateObject(), *props = NULL;

	cJSON_AddStringToObject(obj, "event", "message");
	if (with_id)
		cJSON_AddNumberToObject(obj, "id", (double)m->id);
	cJSON_AddStringToObject(obj, "connection", m->conn);
	if (m->dir == MSG_OUT)
		cJSON_AddStringToObject(obj, "dir", "out");
	cJSON_AddStringToObject(obj, "topic", m->topic);
	msg_out_payload(obj, m, "payload", "payload_base64");
	cJSON_AddNumberToObject(obj, "qos", m->qos);
	cJSON_AddBoolToObject(obj, "retain", m->retain);
	if (m->dup & MSG_DUP_FLAG)
		cJSON_AddBoolToObject(obj, "dup", 1);
	if (m->dup & MSG_DUP_REPEAT)
		cJSON_AddBoolToObject(obj, "repeat", 1);
	if (m->props != NULL)
		props = cJSON_Parse(m->props);
	cJSON_AddItemToObject(obj, "properties",
	    props != NULL ? props : cJSON_CreateObject());
	cJSON_AddNumberToObject(obj, "time", (double)m->time_ms);
	msg_out_add(b, obj);
	buf_addc(b, '\n');
}

/* ISO 8601 in UTC with milliseconds: sorts as text, reads anywhere. */
static void
msg_out_iso(struct buf *b, int64_t ms)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;
	char		s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(b, "%s.%03dZ", s, (int)(ms % 1000));
}

/* A CSV field: quoted when it holds a comma, quote, CR or LF. */
static void
msg_out_field(struct buf *b, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			break;
	}
	if (i == len) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

void
msg_out_csv_header(struct buf *b)
{
	buf_adds(b, "id,time,connection,dir,topic,qos,retain,payload,"
	    "encoding,properties\r\n");
}

void
msg_out_csv(struct buf *b, const struct msg *m)
{
	struct buf	p;

	buf_addf(b, "%lld,", (long long)m->id);
	msg_out_iso(b, m->time_ms);
	buf_addc(b, ',');
	msg_out_field(b, m->conn, strlen(m->conn));
	buf_adds(b, m->dir == MSG_OUT ? ",out," : ",in,");
	msg_out_field(b, m->topic, strlen(m->topic));
	buf_addf(b, ",%d,%d,", m->qos, m->retain ? 1 : 0);
	if (msg_out_is_text(m)) {
		msg_out_field(b, m->payload, m->len);
		buf_adds(b, ",utf-8,");
	} else {
		buf_init(&p);
		b64_encode(&p, m->payload, m->len);
		buf_adds(b, buf_str(&p));
		buf_free(&p);
		buf_adds(b, ",base64,");
	}
	if (m->props != NULL)
		msg_out_field(b, m->props, strlen(m->props));
	buf_adds(b, "\r\n");
}

void
msg_out_mqttx(struct buf *b, const struct msg *m)
{
	cJSON		*obj = cJSON_CreateObject(), *props;
	time_t		 t = (time_t)(m->time_ms / 1000);
	struct tm	 tm;
	char		 when[48], mid[24];

	/* MQTTX's createAt: local "YYYY-MM-DD HH:mm:ss:SSS". */
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof when - strlen(when), ":%03d",
	    (int)(m->time_ms % 1000));
	snprintf(mid, sizeof mid, "%lld", (long long)m->id);
	cJSON_AddStringToObject(obj, "mid", mid);
	cJSON_AddStringToObject(obj, "createAt", when);
	cJSON_AddBoolToObject(obj, "out", m->dir == MSG_OUT);
	msg_out_payload(obj, m, "payload", "payload");
	if (!msg_out_is_text(m))
		cJSON_AddStringToObject(obj, "payloadType", "Base64");
	cJSON_AddNumberToObject(obj, "qos", m->qos);
	cJSON_AddBoolToObject(obj, "retain", m->retain);
	cJSON_AddStringToObject(obj, "topic", m->topic);
	if (m->props != NULL && (props = cJSON_Parse(m->props)) != NULL)
		cJSON_AddItemToObject(obj, "properties", props);
	cJSON_AddStringToObject(obj, "connection", m->conn);
	msg_out_add(b, obj);
}
