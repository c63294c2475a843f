/*
 * The payload decoders on known bytes: MessagePack made with msgpack-c's
 * packer, CBOR from RFC 8949's examples, Sparkplug B encoded with
 * protobuf-c, jq programs; and malformed input of each, which must give
 * a one-line error and never crash. Every success is valid JSON.
 */
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "buf.h"
#include "decode.h"
#include "decode-rule.h"
#include "fmt-json.h"
#include "sparkplug_b.pb-c.h"
#include "unit.h"

/* The text a decoder makes, or "ERR: why". Static, for CHECK_STR. */
static const char *
run(enum decode_view v, const char *topic, const void *p, size_t len)
{
	static struct buf	 out;
	struct decode_ctx	 ctx = { v, topic, 0, NULL, NULL, NULL };
	enum decode_out		 k;
	char			*err;

	buf_reset(&out);
	k = decode(&ctx, p, len, &out, &err);
	if (k == DECODE_OUT_ERROR) {
		CHECK(err != NULL && strchr(err, '\n') == NULL);
		buf_addf(&out, "ERR: %s", err);
		free(err);
		return buf_str(&out);
	}
	CHECK(err == NULL);
	if (k == DECODE_OUT_JSON)
		CHECK(fmt_json_valid(out.p, out.len));
	return buf_str(&out);
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_msgpack(void)
{
	msgpack_sbuffer		 sb;
	msgpack_packer		 pk;
	static const char	 bad[] = "\xc1";
	static const char	 cut[] = "\x92\x01";
	static const char	 two[] = "\x01\x02";
	static const char	 huge[] = "\xdd\xff\xff\xff\xff";
	static const char	 nonutf8[] = "\xa2\xff\x41";

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 6);
	msgpack_pack_str_with_body(&pk, "t", 1);
	msgpack_pack_double(&pk, 21.5);
	msgpack_pack_str_with_body(&pk, "big", 3);
	msgpack_pack_uint64(&pk, 12345678901234567890ULL);
	msgpack_pack_str_with_body(&pk, "neg", 3);
	msgpack_pack_int64(&pk, -9007199254740993LL);
	msgpack_pack_str_with_body(&pk, "f", 1);
	msgpack_pack_float(&pk, 0.1f);
	msgpack_pack_str_with_body(&pk, "a", 1);
	msgpack_pack_array(&pk, 4);
	msgpack_pack_true(&pk);
	msgpack_pack_nil(&pk);
	msgpack_pack_str_with_body(&pk, "x\"y", 3);
	msgpack_pack_bin_with_body(&pk, "\x01\xff", 2);
	msgpack_pack_int(&pk, 7);		/* a key that is not a string */
	msgpack_pack_double(&pk, 20.0);
	CHECK_STR(run(DECODE_MSGPACK, "t", sb.data, sb.size),
	    "{\"t\":21.5,\"big\":12345678901234567890,"
	    "\"neg\":-9007199254740993,\"f\":0.1,"
	    "\"a\":[true,null,\"x\\\"y\",\"0x01ff\"],\"7\":20.0}");
	msgpack_sbuffer_destroy(&sb);

	CHECK_STR(run(DECODE_MSGPACK, "t", bad, 1),
	    "ERR: MessagePack: malformed bytes");
	CHECK_STR(run(DECODE_MSGPACK, "t", cut, 2),
	    "ERR: MessagePack: the value is cut short after 2 bytes");
	CHECK_STR(run(DECODE_MSGPACK, "t", two, 2),
	    "ERR: MessagePack: 1 byte after the value (of 1)");
	CHECK_STR(run(DECODE_MSGPACK, "t", "", 0),
	    "ERR: MessagePack: no bytes");
	/* A count of 2^32 elements in 5 bytes: refused before msgpack-c
	 * allocates for them. */
	CHECK_STR(run(DECODE_MSGPACK, "t", huge, 5), "ERR: MessagePack: the "
	    "value is cut short after 5 bytes");
	/* Nested in a map whose other items are there: still caught. */
	CHECK_STR(run(DECODE_MSGPACK, "t", "\x82\x01\xdc\xff\xff\x02\x03",
	    7), "ERR: MessagePack: the value is cut short after 7 bytes");
	/* Maps as keys of maps as keys...: cut, not doubled at each level. */
	{
		char	nest[41];

		/* 20 maps, each the key of the one around it; 21 zeros. */
		memset(nest, 0x81, 20);
		memset(nest + 20, 0x00, 21);
		CHECK(starts(run(DECODE_MSGPACK, "t", nest, sizeof nest),
		    "{\"{\\\"{\\\\\\\"{"));
		CHECK(strlen(run(DECODE_MSGPACK, "t", nest, sizeof nest)) <
		    2000);
	}
	/* Every kind of head the walk skips over, then a valid whole. */
	CHECK_STR(run(DECODE_MSGPACK, "t", "\x94\xc4\x01\xff\xd9\x01x"
	    "\xd4\x05\x07\xcd\x01\x00", 13),
	    "[\"0xff\",\"x\",{\"ext\": 5, \"data\": \"0x07\"},256]");
	/* Text that is not UTF-8 stays valid JSON. */
	CHECK_STR(run(DECODE_MSGPACK, "t", nonutf8, 3), "\"\\\\xffA\"");
}

static void
test_cbor(void)
{
	/* RFC 8949, appendix A. */
	static const char	 map[] = "\xa2\x61\x61\x01\x61\x62\x82\x02\x03";
	static const char	 neg[] = "\x3b\xff\xff\xff\xff\xff\xff\xff\xff";
	static const char	 big[] = "\x1b\xff\xff\xff\xff\xff\xff\xff\xff";
	static const char	 half[] = "\xf9\x3c\x00";
	static const char	 dbl[] = "\xfb\x3f\xf1\x99\x99\x99\x99\x99\x9a";
	static const char	 tag[] = "\xc1\x1a\x51\x4b\x67\xb0";
	static const char	 indef[] = "\x7f\x65strea\x64ming\xff";
	static const char	 bytes[] = "\x44\x01\x02\x03\x04";
	static const char	 ikey[] = "\xa1\x01\xf7";
	static const char	 cut[] = "\x82\x01";
	static const char	 two[] = "\x01\x02";
	static const char	 huge[] = "\x9b\xff\xff\xff\xff\xff\xff\xff\xff";
	static const char	 brk[] = "\xff";
	char			 deep[600];

	CHECK_STR(run(DECODE_CBOR, "t", map, 9), "{\"a\":1,\"b\":[2,3]}");
	CHECK_STR(run(DECODE_CBOR, "t", neg, 9), "-18446744073709551616");
	CHECK_STR(run(DECODE_CBOR, "t", big, 9), "18446744073709551615");
	CHECK_STR(run(DECODE_CBOR, "t", half, 3), "1.0");
	CHECK_STR(run(DECODE_CBOR, "t", dbl, 9), "1.1");
	CHECK_STR(run(DECODE_CBOR, "t", tag, 6),
	    "{\"tag\":1,\"value\":1363896240}");
	CHECK_STR(run(DECODE_CBOR, "t", indef, sizeof indef - 1),
	    "\"streaming\"");
	CHECK_STR(run(DECODE_CBOR, "t", bytes, 5), "\"0x01020304\"");
	CHECK_STR(run(DECODE_CBOR, "t", ikey, 3), "{\"1\":\"undefined\"}");

	CHECK_STR(run(DECODE_CBOR, "t", cut, 2),
	    "ERR: CBOR: the value is cut short after 2 bytes");
	CHECK_STR(run(DECODE_CBOR, "t", two, 2),
	    "ERR: CBOR: 1 byte after the value (of 1)");
	CHECK(starts(run(DECODE_CBOR, "t", brk, 1), "ERR: CBOR: "));
	/* Heads that claim more than the bytes can hold: refused before
	 * libcbor allocates for them. */
	CHECK_STR(run(DECODE_CBOR, "t", huge, 9),
	    "ERR: CBOR: the value is cut short after 9 bytes");
	CHECK_STR(run(DECODE_CBOR, "t", "\xba\xba\xba\xba\xba", 5),
	    "ERR: CBOR: the value is cut short after 5 bytes");
	/* Indefinite and definite containers, tags, strings in chunks. */
	CHECK_STR(run(DECODE_CBOR, "t", "\x9f\xa1\x61" "a\x01\x80\xc1\x01"
	    "\x5f\x41\x01\xff\xff", 13),
	    "[{\"a\":1},[],{\"tag\":1,\"value\":1},\"0x01\"]");
	/* Nesting: 100 deep is shown, 600 deep is refused. */
	memset(deep, 0x81, sizeof deep);
	deep[100] = 0x00;
	CHECK(strlen(run(DECODE_CBOR, "t", deep, 101)) == 201);
	CHECK(strstr(run(DECODE_CBOR, "t", deep, 101), "[[[0]]]") != NULL);
	deep[100] = 0x81;
	deep[sizeof deep - 1] = 0x00;
	CHECK_STR(run(DECODE_CBOR, "t", deep, sizeof deep),
	    "ERR: CBOR: nested deeper than 512");
	CHECK_STR(run(DECODE_CBOR, "t", "", 0), "ERR: CBOR: no bytes");
}

/* Sparkplug: a BIRTH and a DATA message that names metrics by alias. */
static uint8_t	*sp_birth;
static size_t	 sp_birth_len;
static int	 sp_lookups;

static int
sp_find(const char *topic, int64_t before, struct decode_birth *b, void *arg)
{
	sp_lookups++;
	if (strcmp(topic, "spBv1.0/plant/NBIRTH/edge1") != 0 || before <= 1)
		return -1;
	b->id = 1;
	b->payload = sp_birth;
	b->len = sp_birth_len;
	return 0;
}

static uint8_t *
sp_pack(SparkplugB__Payload *p, size_t *len)
{
	uint8_t	*out;

	*len = sparkplug_b__payload__get_packed_size(p);
	out = malloc(*len + 1);
	sparkplug_b__payload__pack(p, out);
	return out;
}

static const char *
sp_run(const char *topic, int64_t id, const uint8_t *p, size_t len)
{
	static struct buf	 out;
	struct decode_ctx	 ctx = { DECODE_SPARKPLUG, topic, id, sp_find,
				     NULL, NULL };
	char			*err;

	buf_reset(&out);
	if (decode(&ctx, p, len, &out, &err) == DECODE_OUT_ERROR) {
		buf_addf(&out, "ERR: %s", err);
		free(err);
	} else
		CHECK(fmt_json_valid(out.p, out.len));
	return buf_str(&out);
}

static void
test_sparkplug(void)
{
	SparkplugB__Payload		 p = SPARKPLUG_B__PAYLOAD__INIT;
	SparkplugB__Payload__Metric	 m[3], *mv[3];
	uint8_t				*data;
	size_t				 len;
	int				 i;
	static const uint8_t		 junk[] = { 0xff, 0xff, 0xff };

	for (i = 0; i < 3; i++) {
		sparkplug_b__payload__metric__init(&m[i]);
		mv[i] = &m[i];
	}
	/* NBIRTH: temp (alias 1, Float), count (alias 2, Int32). */
	m[0].name = "temp";
	m[0].has_alias = 1;
	m[0].alias = 1;
	m[0].has_datatype = 1;
	m[0].datatype = 9;
	m[0].value_case = SPARKPLUG_B__PAYLOAD__METRIC__VALUE_FLOAT_VALUE;
	m[0].float_value = 21.5f;
	m[1].name = "count";
	m[1].has_alias = 1;
	m[1].alias = 2;
	m[1].has_datatype = 1;
	m[1].datatype = 3;
	m[1].value_case = SPARKPLUG_B__PAYLOAD__METRIC__VALUE_INT_VALUE;
	m[1].int_value = (uint32_t)-3;
	p.has_timestamp = 1;
	p.timestamp = 1700000000000ULL;
	p.has_seq = 1;
	p.seq = 0;
	p.n_metrics = 2;
	p.metrics = mv;
	sp_birth = sp_pack(&p, &sp_birth_len);
	CHECK_STR(sp_run("spBv1.0/plant/NBIRTH/edge1", 1, sp_birth,
	    sp_birth_len), "{\"timestamp\":1700000000000,\"seq\":0,"
	    "\"metrics\":[{\"name\":\"temp\",\"alias\":1,\"datatype\":\"Float\","
	    "\"value\":21.5},{\"name\":\"count\",\"alias\":2,"
	    "\"datatype\":\"Int32\",\"value\":-3}]}");

	/* NDATA by alias: the names come from the BIRTH, read once. */
	m[0].name = NULL;
	m[0].has_datatype = 0;
	m[0].float_value = 22.25f;
	m[1].name = NULL;
	m[1].has_datatype = 0;
	m[1].int_value = 4000000000U;	/* no datatype: unsigned */
	m[2].has_alias = 1;
	m[2].alias = 9;			/* no such alias */
	m[2].value_case = SPARKPLUG_B__PAYLOAD__METRIC__VALUE_STRING_VALUE;
	m[2].string_value = "on";
	p.has_timestamp = 0;
	p.seq = 1;
	p.n_metrics = 3;
	data = sp_pack(&p, &len);
	sp_lookups = 0;
	CHECK_STR(sp_run("spBv1.0/plant/NDATA/edge1", 5, data, len),
	    "{\"seq\":1,\"metrics\":[{\"name\":\"temp\",\"alias\":1,"
	    "\"value\":22.25},{\"name\":\"count\",\"alias\":2,"
	    "\"value\":4000000000},{\"alias\":9,\"value\":\"on\"}]}");
	CHECK_INT(sp_lookups, 1);
	/* A device's DDATA: no DBIRTH, so its node's NBIRTH names it. */
	sp_lookups = 0;
	CHECK(strstr(sp_run("spBv1.0/plant/DDATA/edge1/dev", 6, data, len),
	    "\"name\":\"temp\"") != NULL);
	CHECK_INT(sp_lookups, 2);
	/* Before any BIRTH: aliases only. */
	CHECK(strstr(sp_run("spBv1.0/plant/NDATA/edge1", 1, data, len),
	    "\"name\"") == NULL);
	free(data);

	/* A DataSet (Int8 sent as two's complement) and a Template. */
	{
		SparkplugB__Payload__DataSet		 ds =
		    SPARKPLUG_B__PAYLOAD__DATA_SET__INIT;
		SparkplugB__Payload__DataSet__Row	 row =
		    SPARKPLUG_B__PAYLOAD__DATA_SET__ROW__INIT, *rows[1];
		SparkplugB__Payload__DataSet__DataSetValue cell[2], *cells[2];
		SparkplugB__Payload__Template		 tp =
		    SPARKPLUG_B__PAYLOAD__TEMPLATE__INIT;
		SparkplugB__Payload__Metric		 inner;
		ProtobufCBinaryData			 packed;
		char					*cols[2] = { "n", "s" };
		uint32_t				 types[2] = { 1, 12 };

		for (i = 0; i < 2; i++) {
			sparkplug_b__payload__data_set__data_set_value__init(
			    &cell[i]);
			cells[i] = &cell[i];
		}
		cell[0].value_case =
		    SPARKPLUG_B__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_INT_VALUE;
		cell[0].int_value = 0xff;		/* Int8 -1 */
		cell[1].value_case =
		    SPARKPLUG_B__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_STRING_VALUE;
		cell[1].string_value = "a";
		row.n_elements = 2;
		row.elements = cells;
		rows[0] = &row;
		ds.n_columns = 2;
		ds.columns = cols;
		ds.n_types = 2;
		ds.types = types;
		ds.n_rows = 1;
		ds.rows = rows;

		sparkplug_b__payload__metric__init(&inner);
		inner.name = "x";
		inner.value_case = SPARKPLUG_B__PAYLOAD__METRIC__VALUE_BOOLEAN_VALUE;
		inner.boolean_value = 1;
		packed.len = protobuf_c_message_get_packed_size(&inner.base);
		packed.data = malloc(packed.len);
		protobuf_c_message_pack(&inner.base, packed.data);
		tp.template_ref = "T";
		tp.n_metrics = 1;
		tp.metrics = &packed;

		for (i = 0; i < 2; i++)
			sparkplug_b__payload__metric__init(&m[i]);
		m[0].name = "ds";
		m[0].value_case =
		    SPARKPLUG_B__PAYLOAD__METRIC__VALUE_DATASET_VALUE;
		m[0].dataset_value = &ds;
		m[1].name = "tp";
		m[1].value_case =
		    SPARKPLUG_B__PAYLOAD__METRIC__VALUE_TEMPLATE_VALUE;
		m[1].template_value = &tp;
		p.has_seq = 0;
		p.n_metrics = 2;
		data = sp_pack(&p, &len);
		CHECK_STR(sp_run("spBv1.0/plant/DBIRTH/edge1/d", 9, data, len),
		    "{\"metrics\":[{\"name\":\"ds\",\"value\":"
		    "{\"columns\":[\"n\",\"s\"],\"types\":[\"Int8\",\"String\"],"
		    "\"rows\":[[-1,\"a\"]]}},{\"name\":\"tp\",\"value\":"
		    "{\"template_ref\":\"T\",\"metrics\":[{\"name\":\"x\","
		    "\"value\":true}]}}]}");
		free(data);
		free(packed.data);
	}

	/* Malformed bytes, the wrong topic, a STATE message. */
	CHECK(starts(sp_run("spBv1.0/plant/NDATA/edge1", 5, junk, 3),
	    "ERR: Sparkplug B: not a valid protobuf Payload"));
	CHECK_STR(sp_run("plant/edge1", 5, sp_birth, sp_birth_len),
	    "ERR: Sparkplug B: only on spBv1.0/ topics");
	CHECK(starts(sp_run("spBv1.0/STATE/host", 5, (const uint8_t *)"{}", 2),
	    "ERR: Sparkplug B: a STATE"));
	free(sp_birth);
	decode_reset();
}

static const char *
jq_run(const char *prog, const char *payload, int *n)
{
	static struct buf	 out;
	char			*err;

	buf_reset(&out);
	if (decode_jq(prog, payload, strlen(payload), &out, n, &err) != 0) {
		CHECK(err != NULL && strchr(err, '\n') == NULL);
		buf_addf(&out, "ERR: %s", err);
		free(err);
	}
	return buf_str(&out);
}

static void
test_jq(void)
{
	struct decode_ctx	 ctx = { DECODE_JQ, "t", 0, NULL, NULL,
				     ".[]" };
	struct buf		 out;
	char			*err;
	int			 n;

	CHECK_STR(jq_run(".sensors[0].t", "{\"sensors\":[{\"t\":21.5}]}", &n),
	    "21.5");
	CHECK_INT(n, 1);
	CHECK_STR(jq_run(".[] | .a", "[{\"a\":1},{\"a\":\"x\"}]", &n),
	    "1\n\"x\"");
	CHECK_INT(n, 2);
	CHECK_STR(jq_run("{t: .t}", "{\"t\":[1, 2]}", &n), "{\"t\":[1,2]}");
	CHECK_STR(jq_run("empty", "1", &n), "(no output)");
	CHECK_INT(n, 0);
	CHECK(starts(jq_run(".[", "{}", &n), "ERR: jq: syntax error"));
	CHECK(starts(jq_run(".", "not json", &n),
	    "ERR: jq: the payload is not JSON"));
	CHECK(starts(jq_run(".a.b", "[1]", &n), "ERR: jq: Cannot index"));
	CHECK(decode_jq_check(".x", &err) == 0 && err == NULL);
	CHECK(decode_jq_check("}", &err) == -1 && err != NULL);
	free(err);

	/* Several results are text, one is JSON. */
	buf_init(&out);
	CHECK(decode(&ctx, "[1,2]", 5, &out, &err) == DECODE_OUT_TEXT);
	buf_reset(&out);
	ctx.jq = ".[0]";
	CHECK(decode(&ctx, "[1,2]", 5, &out, &err) == DECODE_OUT_JSON);
	CHECK_STR(buf_str(&out), "1");
	buf_free(&out);
	decode_reset();
}

static void
test_names_and_rules(void)
{
	enum decode_view	 v;
	const char		*jq;
	int			 i;

	for (i = 0; i < DECODE_N; i++) {
		CHECK(decode_parse(decode_name(i), &v) == 0);
		CHECK_INT(v, i);
	}
	CHECK(decode_parse("yaml", &v) == -1);

	decode_rule_set("c", "sensors/#", DECODE_MSGPACK, NULL);
	decode_rule_set("c", "sensors/+/cbor", DECODE_CBOR, NULL);
	decode_rule_set("c", "sensors/a/cbor", DECODE_JQ, ".x");
	decode_rule_set("d", "#", DECODE_HEX, NULL);
	CHECK_INT(decode_rule_view("c", "sensors/b/temp", &jq), DECODE_MSGPACK);
	CHECK_INT(decode_rule_view("c", "sensors/b/cbor", &jq), DECODE_CBOR);
	CHECK_INT(decode_rule_view("c", "sensors/a/cbor", &jq), DECODE_JQ);
	CHECK_STR(jq, ".x");
	CHECK_INT(decode_rule_view("c", "other", &jq), DECODE_AUTO);
	CHECK_INT(decode_rule_view("d", "$SYS/x", &jq), DECODE_AUTO);
	CHECK_INT(decode_rule_view("d", "x", &jq), DECODE_HEX);
	decode_rule_set("c", "sensors/#", DECODE_AUTO, NULL);
	CHECK_INT(decode_rule_view("c", "sensors/b/temp", &jq), DECODE_AUTO);
	decode_rule_rename("d", "e");
	CHECK_INT(decode_rule_view("e", "x", &jq), DECODE_HEX);
	CHECK_INT(decode_rule_view("d", "x", &jq), DECODE_AUTO);
	decode_rule_forget("c");
	decode_rule_forget("e");
	CHECK(decode_rule_first() == NULL);
}

int
main(void)
{
	test_msgpack();
	test_cbor();
	test_sparkplug();
	test_jq();
	test_names_and_rules();
	return unit_done();
}
