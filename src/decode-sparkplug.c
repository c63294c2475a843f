/*
 * Sparkplug B payloads (protobuf, decoded by protobuf-c from
 * sparkplug_b.proto) to JSON text, on spBv1.0/ topics only. DATA and CMD
 * messages may name a metric by its alias alone; the name is the one the
 * node's or device's last BIRTH gave that alias. The caller finds that
 * BIRTH (in the store); the aliases of the few BIRTHs read last are kept
 * here, in a small table, so a screen of messages parses each BIRTH once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fmt.h"
#include "fmt-json.h"
#include "sparkplug_b.pb-c.h"
#include "xmalloc.h"

#define DECODE_SPARKPLUG_PREFIX	"spBv1.0/"
#define DECODE_SPARKPLUG_BIRTHS	16	/* BIRTHs whose aliases are kept */
#define DECODE_SPARKPLUG_ALIASES 65536	/* aliases kept of one BIRTH */
#define DECODE_SPARKPLUG_DEPTH	64	/* templates in templates */

typedef SparkplugB__Payload			 sp_payload;
typedef SparkplugB__Payload__Metric		 sp_metric;
typedef SparkplugB__Payload__DataSet		 sp_dataset;
typedef SparkplugB__Payload__DataSet__DataSetValue sp_dsvalue;
typedef SparkplugB__Payload__Template		 sp_template;
typedef SparkplugB__Payload__Template__Parameter sp_param;

/* The names a BIRTH gave its aliases, sorted by alias. */
struct decode_sparkplug_alias {
	uint64_t	 alias;
	char		*name;
};
struct decode_sparkplug_birth {
	int64_t				 id;	/* 0: unused */
	struct decode_sparkplug_alias	*v;
	size_t				 n;
};

static struct decode_sparkplug_birth	decode_sparkplug_births[
					    DECODE_SPARKPLUG_BIRTHS];
static int				decode_sparkplug_next;

/* Sparkplug B data types (specification 3.0, 6.4.16). */
static const char *decode_sparkplug_types[] = {
	"Unknown", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16",
	"UInt32", "UInt64", "Float", "Double", "Boolean", "String",
	"DateTime", "Text", "UUID", "DataSet", "Bytes", "File", "Template",
	"PropertySet", "PropertySetList", "Int8Array", "Int16Array",
	"Int32Array", "Int64Array", "UInt8Array", "UInt16Array",
	"UInt32Array", "UInt64Array", "FloatArray", "DoubleArray",
	"BooleanArray", "StringArray", "DateTimeArray"
};
#define DECODE_SPARKPLUG_NTYPES \
	(sizeof decode_sparkplug_types / sizeof decode_sparkplug_types[0])

enum { SP_INT8 = 1, SP_INT16, SP_INT32, SP_INT64 };

static void	decode_sparkplug_metric(struct buf *, const sp_metric *,
		    const struct decode_sparkplug_birth *, int);

int
decode_sparkplug_topic(const char *topic)
{
	return topic != NULL && strncmp(topic, DECODE_SPARKPLUG_PREFIX,
	    strlen(DECODE_SPARKPLUG_PREFIX)) == 0;
}

static void
decode_sparkplug_birth_free(struct decode_sparkplug_birth *b)
{
	size_t	i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].name);
	free(b->v);
	memset(b, 0, sizeof *b);
}

void
decode_sparkplug_reset(void)
{
	int	i;

	for (i = 0; i < DECODE_SPARKPLUG_BIRTHS; i++)
		decode_sparkplug_birth_free(&decode_sparkplug_births[i]);
}

static int
decode_sparkplug_alias_cmp(const void *a, const void *b)
{
	const struct decode_sparkplug_alias	*x = a, *y = b;

	return x->alias < y->alias ? -1 : x->alias > y->alias;
}

/* The aliases of a BIRTH, read now or kept from before; NULL none. */
static const struct decode_sparkplug_birth *
decode_sparkplug_birth(const struct decode_birth *raw)
{
	struct decode_sparkplug_birth	*b;
	sp_payload			*p;
	size_t				 i;
	int				 k;

	for (k = 0; k < DECODE_SPARKPLUG_BIRTHS; k++) {
		if (decode_sparkplug_births[k].id == raw->id)
			return &decode_sparkplug_births[k];
	}
	p = sparkplug_b__payload__unpack(NULL, raw->len, raw->payload);
	if (p == NULL)
		return NULL;
	b = &decode_sparkplug_births[decode_sparkplug_next];
	decode_sparkplug_next = (decode_sparkplug_next + 1) %
	    DECODE_SPARKPLUG_BIRTHS;
	decode_sparkplug_birth_free(b);
	b->id = raw->id;
	b->v = xcalloc(p->n_metrics > 0 ? p->n_metrics : 1, sizeof *b->v);
	for (i = 0; i < p->n_metrics && b->n < DECODE_SPARKPLUG_ALIASES; i++) {
		if (!p->metrics[i]->has_alias || p->metrics[i]->name == NULL)
			continue;
		b->v[b->n].alias = p->metrics[i]->alias;
		b->v[b->n].name = xstrdup(p->metrics[i]->name);
		b->n++;
	}
	qsort(b->v, b->n, sizeof *b->v, decode_sparkplug_alias_cmp);
	sparkplug_b__payload__free_unpacked(p, NULL);
	return b;
}

static const char *
decode_sparkplug_name(const struct decode_sparkplug_birth *b, uint64_t alias)
{
	struct decode_sparkplug_alias	 key = { alias, NULL }, *hit;

	if (b == NULL || b->n == 0)
		return NULL;
	hit = bsearch(&key, b->v, b->n, sizeof *b->v,
	    decode_sparkplug_alias_cmp);
	return hit != NULL ? hit->name : NULL;
}

/*
 * The BIRTH that names this message's aliases: a device's DBIRTH, else
 * its node's NBIRTH (aliases are unique in a node). NULL when there is
 * none, or the message is a BIRTH itself.
 */
static const struct decode_sparkplug_birth *
decode_sparkplug_find_birth(const struct decode_ctx *ctx)
{
	const struct decode_sparkplug_birth	*b = NULL;
	struct decode_birth			 raw;
	char					*f[5], *copy, *s, *t;
	int					 n = 0;

	if (ctx->birth == NULL)
		return NULL;
	copy = xstrdup(ctx->topic);
	for (s = copy; n < 5 && (t = strsep(&s, "/")) != NULL; )
		f[n++] = t;
	/* spBv1.0 / group / type / edge [/ device] */
	if (n < 4 || s != NULL || strstr(f[2], "BIRTH") != NULL ||
	    strstr(f[2], "DEATH") != NULL) {
		free(copy);
		return NULL;
	}
	if (n == 5) {
		t = xasprintf("%s/%s/DBIRTH/%s/%s", f[0], f[1], f[3], f[4]);
		if (ctx->birth(t, ctx->id, &raw, ctx->birth_arg) == 0)
			b = decode_sparkplug_birth(&raw);
		free(t);
	}
	if (b == NULL) {
		t = xasprintf("%s/%s/NBIRTH/%s", f[0], f[1], f[3]);
		if (ctx->birth(t, ctx->id, &raw, ctx->birth_arg) == 0)
			b = decode_sparkplug_birth(&raw);
		free(t);
	}
	free(copy);
	return b;
}

static void
decode_sparkplug_hex(struct buf *b, const uint8_t *p, size_t len)
{
	buf_adds(b, "\"0x");
	fmt_hex(b, p, len, 0);
	buf_addc(b, '"');
}

/* A 32-bit value: Int8/16/32 are sent as their two's complement. */
static void
decode_sparkplug_int(struct buf *b, uint32_t v, uint32_t type)
{
	if (type == SP_INT8)
		buf_addf(b, "%d", (int)(int8_t)v);
	else if (type == SP_INT16)
		buf_addf(b, "%d", (int)(int16_t)v);
	else if (type == SP_INT32)
		buf_addf(b, "%" PRId32, (int32_t)v);
	else
		buf_addf(b, "%" PRIu32, v);
}

static void
decode_sparkplug_long(struct buf *b, uint64_t v, uint32_t type)
{
	if (type == SP_INT64)
		buf_addf(b, "%" PRId64, (int64_t)v);
	else
		buf_addf(b, "%" PRIu64, v);
}

static void
decode_sparkplug_type(struct buf *b, uint32_t type)
{
	if (type < DECODE_SPARKPLUG_NTYPES)
		decode_json_string(b, decode_sparkplug_types[type],
		    strlen(decode_sparkplug_types[type]));
	else
		buf_addf(b, "%" PRIu32, type);
}

/* A value of a DataSet's cell. */
#define SP_DS(x)	SPARKPLUG_B__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_##x
static void
decode_sparkplug_dsvalue(struct buf *b, const sp_dsvalue *v, uint32_t type)
{
	switch (v->value_case) {
	case SP_DS(INT_VALUE):
		decode_sparkplug_int(b, v->int_value, type);
		break;
	case SP_DS(LONG_VALUE):
		decode_sparkplug_long(b, v->long_value, type);
		break;
	case SP_DS(FLOAT_VALUE):
		decode_json_double(b, v->float_value, 1);
		break;
	case SP_DS(DOUBLE_VALUE):
		decode_json_double(b, v->double_value, 0);
		break;
	case SP_DS(BOOLEAN_VALUE):
		buf_adds(b, v->boolean_value ? "true" : "false");
		break;
	case SP_DS(STRING_VALUE):
		decode_json_string(b, v->string_value,
		    strlen(v->string_value));
		break;
	default:
		buf_adds(b, "null");
		break;
	}
}

static void
decode_sparkplug_dataset(struct buf *b, const sp_dataset *ds)
{
	const sp_dsvalue	*v;
	uint32_t		 type;
	size_t			 i, k;

	buf_adds(b, "{\"columns\":[");
	for (i = 0; i < ds->n_columns; i++) {
		if (i > 0)
			buf_addc(b, ',');
		decode_json_string(b, ds->columns[i], strlen(ds->columns[i]));
	}
	buf_adds(b, "],\"types\":[");
	for (i = 0; i < ds->n_types; i++) {
		if (i > 0)
			buf_addc(b, ',');
		decode_sparkplug_type(b, ds->types[i]);
	}
	buf_adds(b, "],\"rows\":[");
	for (i = 0; i < ds->n_rows; i++) {
		buf_adds(b, i > 0 ? ",[" : "[");
		for (k = 0; k < ds->rows[i]->n_elements; k++) {
			v = ds->rows[i]->elements[k];
			type = k < ds->n_types ? ds->types[k] : 0;
			if (k > 0)
				buf_addc(b, ',');
			decode_sparkplug_dsvalue(b, v, type);
		}
		buf_addc(b, ']');
	}
	buf_adds(b, "]}");
}

static void
decode_sparkplug_param(struct buf *b, const sp_param *p)
{
	buf_adds(b, "{\"name\":");
	if (p->name != NULL)
		decode_json_string(b, p->name, strlen(p->name));
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"type\":");
	decode_sparkplug_type(b, p->type);
	buf_adds(b, ",\"value\":");
	switch (p->value_case) {
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_INT_VALUE:
		decode_sparkplug_int(b, p->int_value, p->type);
		break;
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_LONG_VALUE:
		decode_sparkplug_long(b, p->long_value, p->type);
		break;
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_FLOAT_VALUE:
		decode_json_double(b, p->float_value, 1);
		break;
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_DOUBLE_VALUE:
		decode_json_double(b, p->double_value, 0);
		break;
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_BOOLEAN_VALUE:
		buf_adds(b, p->boolean_value ? "true" : "false");
		break;
	case SPARKPLUG_B__PAYLOAD__TEMPLATE__PARAMETER__VALUE_STRING_VALUE:
		decode_json_string(b, p->string_value,
		    strlen(p->string_value));
		break;
	default:
		buf_adds(b, "null");
		break;
	}
	buf_addc(b, '}');
}

static void
decode_sparkplug_template(struct buf *b, const sp_template *t, int depth)
{
	sp_metric	*m;
	size_t		 i;

	buf_addc(b, '{');
	if (t->version != NULL) {
		buf_adds(b, "\"version\":");
		decode_json_string(b, t->version, strlen(t->version));
		buf_addc(b, ',');
	}
	if (t->template_ref != NULL) {
		buf_adds(b, "\"template_ref\":");
		decode_json_string(b, t->template_ref,
		    strlen(t->template_ref));
		buf_addc(b, ',');
	}
	if (t->has_is_definition)
		buf_addf(b, "\"is_definition\":%s,", t->is_definition ?
		    "true" : "false");
	if (t->n_parameters > 0) {
		buf_adds(b, "\"parameters\":[");
		for (i = 0; i < t->n_parameters; i++) {
			if (i > 0)
				buf_addc(b, ',');
			decode_sparkplug_param(b, t->parameters[i]);
		}
		buf_adds(b, "],");
	}
	buf_adds(b, "\"metrics\":[");
	for (i = 0; i < t->n_metrics; i++) {
		if (i > 0)
			buf_addc(b, ',');
		if (depth >= DECODE_SPARKPLUG_DEPTH) {
			buf_adds(b, "\"(nested too deep)\"");
			continue;
		}
		/* Nested messages have no unpack of their own. */
		m = (sp_metric *)protobuf_c_message_unpack(
		    &sparkplug_b__payload__metric__descriptor, NULL,
		    t->metrics[i].len, t->metrics[i].data);
		if (m == NULL) {
			buf_adds(b, "\"(not a valid metric)\"");
			continue;
		}
		decode_sparkplug_metric(b, m, NULL, depth + 1);
		protobuf_c_message_free_unpacked(&m->base, NULL);
	}
	buf_adds(b, "]}");
}

static void
decode_sparkplug_value(struct buf *b, const sp_metric *m, int depth)
{
	uint32_t	type = m->has_datatype ? m->datatype : 0;

	if (m->has_is_null && m->is_null) {
		buf_adds(b, "null");
		return;
	}
	switch (m->value_case) {
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_INT_VALUE:
		decode_sparkplug_int(b, m->int_value, type);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_LONG_VALUE:
		decode_sparkplug_long(b, m->long_value, type);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_FLOAT_VALUE:
		decode_json_double(b, m->float_value, 1);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_DOUBLE_VALUE:
		decode_json_double(b, m->double_value, 0);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_BOOLEAN_VALUE:
		buf_adds(b, m->boolean_value ? "true" : "false");
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_STRING_VALUE:
		decode_json_string(b, m->string_value,
		    strlen(m->string_value));
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_BYTES_VALUE:
		decode_sparkplug_hex(b, m->bytes_value.data,
		    m->bytes_value.len);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_DATASET_VALUE:
		decode_sparkplug_dataset(b, m->dataset_value);
		break;
	case SPARKPLUG_B__PAYLOAD__METRIC__VALUE_TEMPLATE_VALUE:
		decode_sparkplug_template(b, m->template_value, depth);
		break;
	default:
		buf_adds(b, "null");
		break;
	}
}

static void
decode_sparkplug_metric(struct buf *b, const sp_metric *m,
    const struct decode_sparkplug_birth *birth, int depth)
{
	const char	*name;

	buf_addc(b, '{');
	name = m->name;
	if (name == NULL && m->has_alias)
		name = decode_sparkplug_name(birth, m->alias);
	if (name != NULL) {
		buf_adds(b, "\"name\":");
		decode_json_string(b, name, strlen(name));
		buf_addc(b, ',');
	}
	if (m->has_alias)
		buf_addf(b, "\"alias\":%" PRIu64 ",", m->alias);
	if (m->has_timestamp)
		buf_addf(b, "\"timestamp\":%" PRIu64 ",", m->timestamp);
	if (m->has_datatype) {
		buf_adds(b, "\"datatype\":");
		decode_sparkplug_type(b, m->datatype);
		buf_addc(b, ',');
	}
	if (m->has_is_historical && m->is_historical)
		buf_adds(b, "\"is_historical\":true,");
	if (m->has_is_transient && m->is_transient)
		buf_adds(b, "\"is_transient\":true,");
	buf_adds(b, "\"value\":");
	decode_sparkplug_value(b, m, depth);
	buf_addc(b, '}');
}

int
decode_sparkplug(const struct decode_ctx *ctx, const void *data, size_t len,
    struct buf *out, char **err)
{
	const struct decode_sparkplug_birth	*birth;
	sp_payload				*p;
	size_t					 i;

	if (!decode_sparkplug_topic(ctx->topic)) {
		*err = xstrdup("Sparkplug B: only on spBv1.0/ topics");
		return -1;
	}
	if (strncmp(ctx->topic, "spBv1.0/STATE/", 14) == 0) {
		*err = xstrdup("Sparkplug B: a STATE message is not protobuf");
		return -1;
	}
	if ((p = sparkplug_b__payload__unpack(NULL, len, data)) == NULL) {
		*err = xasprintf("Sparkplug B: not a valid protobuf Payload "
		    "(%zu bytes)", len);
		return -1;
	}
	birth = decode_sparkplug_find_birth(ctx);
	buf_addc(out, '{');
	if (p->has_timestamp)
		buf_addf(out, "\"timestamp\":%" PRIu64 ",", p->timestamp);
	if (p->has_seq)
		buf_addf(out, "\"seq\":%" PRIu64 ",", p->seq);
	if (p->uuid != NULL) {
		buf_adds(out, "\"uuid\":");
		decode_json_string(out, p->uuid, strlen(p->uuid));
		buf_addc(out, ',');
	}
	buf_adds(out, "\"metrics\":[");
	for (i = 0; i < p->n_metrics; i++) {
		if (i > 0)
			buf_addc(out, ',');
		decode_sparkplug_metric(out, p->metrics[i], birth, 0);
	}
	buf_addc(out, ']');
	if (p->has_body) {
		buf_adds(out, ",\"body\":");
		decode_sparkplug_hex(out, p->body.data, p->body.len);
	}
	buf_addc(out, '}');
	sparkplug_b__payload__free_unpacked(p, NULL);
	return 0;
}
