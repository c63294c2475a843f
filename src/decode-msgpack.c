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
	decode_json_key(b, t.p != NULL ? t.p : "", t.len);
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

/* A big-endian length of k bytes at p[*off], or -1 past the end. */
static int
decode_msgpack_len(const unsigned char *p, size_t len, size_t *off, int k,
    size_t *v)
{
	if (len - *off < (size_t)k)
		return -1;
	for (*v = 0; k > 0; k--)
		*v = *v << 8 | p[(*off)++];
	return 0;
}

/*
 * msgpack-c allocates what an array or map header claims before it reads
 * a single element: "dd ff ff ff ff" asks for 4G elements in 5 bytes. So
 * the headers are walked first (only their sizes, no values made), and a
 * claim of more items than bytes left is refused: every item takes one
 * byte at least. -1 for such a claim; anything else is msgpack-c's to
 * judge.
 */
static int
decode_msgpack_sane(const unsigned char *p, size_t len)
{
	size_t		off = 0, need = 1, n, skip;
	unsigned char	b;
	int		k;

	while (need > 0 && off < len) {
		b = p[off++];
		need--;
		n = skip = 0;
		k = 0;
		if (b >= 0x80 && b <= 0x8f)
			n = 2 * (b & 0x0f);		/* fixmap */
		else if (b >= 0x90 && b <= 0x9f)
			n = b & 0x0f;			/* fixarray */
		else if (b >= 0xa0 && b <= 0xbf)
			skip = b & 0x1f;		/* fixstr */
		else if (b >= 0xc4 && b <= 0xc9) {	/* bin, ext 8/16/32 */
			k = 1 << ((b - 0xc4) % 3);
			if (decode_msgpack_len(p, len, &off, k, &skip) != 0)
				return 0;
			skip += b >= 0xc7;		/* the ext type */
		} else if (b >= 0xca && b <= 0xd3)	/* numbers */
			skip = (size_t[]){ 4, 8, 1, 2, 4, 8, 1, 2, 4, 8 }
			    [b - 0xca];
		else if (b >= 0xd4 && b <= 0xd8)	/* fixext */
			skip = 1 + ((size_t)1 << (b - 0xd4));
		else if (b >= 0xd9 && b <= 0xdb) {	/* str 8/16/32 */
			if (decode_msgpack_len(p, len, &off, 1 << (b - 0xd9),
			    &skip) != 0)
				return 0;
		} else if (b >= 0xdc && b <= 0xdf) {	/* array, map 16/32 */
			if (decode_msgpack_len(p, len, &off, b & 1 ? 4 : 2,
			    &n) != 0)
				return 0;
			if (b >= 0xde)
				n *= 2;
		}
		if (n > len - off || need > len - off - n)
			return -1;
		need += n;
		if (skip > len - off)
			return 0;
		off += skip;
	}
	return 0;
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
	if (decode_msgpack_sane(p, len) != 0) {
		/* Not all of it came: say so, as for any cut value. */
		*err = xasprintf("MessagePack: the value is cut short after "
		    "%zu bytes", len);
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
