/*
 * MessagePack to JSON text with libmsgpack (msgpack-c). Integers are
 * written as the 64-bit values they are, floats as the shortest text of
 * their own width; bin and ext, which JSON lacks, become strings of hex.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <msgpack.h>

#include "decode.h"
#include "fmt.h"
#include "fmt-json.h"
#include "xmalloc.h"

static void	decode_msgpack_object(struct buf *, const msgpack_object *,
		    int);

static void
decode_msgpack_hex(struct buf *b, const char *p, size_t len)
{
	buf_adds(b, "\"0x");
	fmt_hex(b, p, len, 0);
	buf_addc(b, '"');
}

/* A map key: JSON keys are strings, so others go as their JSON text. */
static void
decode_msgpack_key(struct buf *b, const msgpack_object *k, int depth)
{
	struct buf	t;

	if (k->type == MSGPACK_OBJECT_STR) {
		decode_json_string(b, k->via.str.ptr, k->via.str.size);
		return;
	}
	buf_init(&t);
	decode_msgpack_object(&t, k, depth);
	decode_json_string(b, t.p, t.len);
	buf_free(&t);
}

static void
decode_msgpack_object(struct buf *b, const msgpack_object *o, int depth)
{
	uint32_t	i;

	if (depth >= FMT_JSON_DEPTH) {
		buf_adds(b, "\"(nested too deep)\"");
		return;
	}
	switch (o->type) {
	case MSGPACK_OBJECT_NIL:
		buf_adds(b, "null");
		break;
	case MSGPACK_OBJECT_BOOLEAN:
		buf_adds(b, o->via.boolean ? "true" : "false");
		break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		buf_addf(b, "%" PRIu64, o->via.u64);
		break;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		buf_addf(b, "%" PRId64, o->via.i64);
		break;
	case MSGPACK_OBJECT_FLOAT32:
		decode_json_double(b, o->via.f64, 1);
		break;
	case MSGPACK_OBJECT_FLOAT64:
		decode_json_double(b, o->via.f64, 0);
		break;
	case MSGPACK_OBJECT_STR:
		decode_json_string(b, o->via.str.ptr, o->via.str.size);
		break;
	case MSGPACK_OBJECT_BIN:
		decode_msgpack_hex(b, o->via.bin.ptr, o->via.bin.size);
		break;
	case MSGPACK_OBJECT_EXT:
		buf_addf(b, "{\"ext\": %d, \"data\": ", (int)o->via.ext.type);
		decode_msgpack_hex(b, o->via.ext.ptr, o->via.ext.size);
		buf_addc(b, '}');
		break;
	case MSGPACK_OBJECT_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < o->via.array.size; i++) {
			if (i > 0)
				buf_addc(b, ',');
			decode_msgpack_object(b, &o->via.array.ptr[i],
			    depth + 1);
		}
		buf_addc(b, ']');
		break;
	case MSGPACK_OBJECT_MAP:
		buf_addc(b, '{');
		for (i = 0; i < o->via.map.size; i++) {
			if (i > 0)
				buf_addc(b, ',');
			decode_msgpack_key(b, &o->via.map.ptr[i].key,
			    depth + 1);
			buf_addc(b, ':');
			decode_msgpack_object(b, &o->via.map.ptr[i].val,
			    depth + 1);
		}
		buf_addc(b, '}');
		break;
	default:
		buf_adds(b, "null");
		break;
	}
}

int
decode_msgpack(const void *p, size_t len, struct buf *out, char **err)
{
	msgpack_unpacked	u;
	msgpack_unpack_return	rc;
	size_t			off = 0;

	if (len == 0) {
		*err = xstrdup("MessagePack: no bytes");
		return -1;
	}
	msgpack_unpacked_init(&u);
	rc = msgpack_unpack_next(&u, p, len, &off);
	switch (rc) {
	case MSGPACK_UNPACK_SUCCESS:
	case MSGPACK_UNPACK_EXTRA_BYTES:
		break;
	case MSGPACK_UNPACK_CONTINUE:
		*err = xasprintf("MessagePack: the value is cut short after "
		    "%zu bytes", len);
		break;
	case MSGPACK_UNPACK_NOMEM_ERROR:
		*err = xstrdup("MessagePack: a length too large for memory");
		break;
	default:
		*err = xstrdup("MessagePack: malformed bytes");
		break;
	}
	if (*err == NULL && off < len)
		*err = xasprintf("MessagePack: %zu byte%s after the value "
		    "(of %zu)", len - off, len - off == 1 ? "" : "s", off);
	if (*err == NULL)
		decode_msgpack_object(out, &u.data, 0);
	msgpack_unpacked_destroy(&u);
	return *err == NULL ? 0 : -1;
}
