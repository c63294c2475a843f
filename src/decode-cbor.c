/*
 * CBOR (RFC 8949) to JSON text with libcbor. Integers are written whole
 * (down to -2^64), floats as the shortest text of their width; byte
 * strings as hex strings, tags as {"tag": N, "value": ...}, undefined and
 * other simple values as strings, since JSON has none of them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cbor.h>

#include "decode.h"
#include "fmt.h"
#include "fmt-json.h"
#include "xmalloc.h"

static void	decode_cbor_item(struct buf *, cbor_item_t *, int);

/* A string, definite or in chunks, as one JSON string or hex string. */
static void
decode_cbor_bytes(struct buf *b, cbor_item_t *it, int text)
{
	struct buf	 all;
	cbor_item_t	**chunks;
	size_t		 i, n;

	buf_init(&all);
	if (text ? cbor_string_is_definite(it) :
	    cbor_bytestring_is_definite(it)) {
		buf_add(&all, text ? cbor_string_handle(it) :
		    cbor_bytestring_handle(it), text ? cbor_string_length(it) :
		    cbor_bytestring_length(it));
	} else {
		chunks = text ? cbor_string_chunks_handle(it) :
		    cbor_bytestring_chunks_handle(it);
		n = text ? cbor_string_chunk_count(it) :
		    cbor_bytestring_chunk_count(it);
		for (i = 0; i < n; i++) {
			buf_add(&all, text ? cbor_string_handle(chunks[i]) :
			    cbor_bytestring_handle(chunks[i]), text ?
			    cbor_string_length(chunks[i]) :
			    cbor_bytestring_length(chunks[i]));
		}
	}
	if (text)
		decode_json_string(b, all.p, all.len);
	else {
		buf_adds(b, "\"0x");
		fmt_hex(b, all.p, all.len, 0);
		buf_addc(b, '"');
	}
	buf_free(&all);
}

/* -1 - n for the n a negative integer holds; -2^64 does not fit a u64. */
static void
decode_cbor_negint(struct buf *b, uint64_t n)
{
	if (n == UINT64_MAX)
		buf_adds(b, "-18446744073709551616");
	else
		buf_addf(b, "-%" PRIu64, n + 1);
}

static void
decode_cbor_ctrl(struct buf *b, cbor_item_t *it)
{
	if (!cbor_float_ctrl_is_ctrl(it)) {
		decode_json_double(b, cbor_float_get_float(it),
		    cbor_float_get_width(it) != CBOR_FLOAT_64);
		return;
	}
	switch (cbor_ctrl_value(it)) {
	case CBOR_CTRL_FALSE:
		buf_adds(b, "false");
		break;
	case CBOR_CTRL_TRUE:
		buf_adds(b, "true");
		break;
	case CBOR_CTRL_NULL:
		buf_adds(b, "null");
		break;
	case CBOR_CTRL_UNDEF:
		buf_adds(b, "\"undefined\"");
		break;
	default:
		buf_addf(b, "\"simple(%u)\"", cbor_ctrl_value(it));
		break;
	}
}

/* A map key: JSON keys are strings, so others go as their JSON text. */
static void
decode_cbor_key(struct buf *b, cbor_item_t *k, int depth)
{
	struct buf	t;

	if (cbor_isa_string(k)) {
		decode_cbor_bytes(b, k, 1);
		return;
	}
	buf_init(&t);
	decode_cbor_item(&t, k, depth);
	decode_json_key(b, t.p != NULL ? t.p : "", t.len);
	buf_free(&t);
}

static void
decode_cbor_item(struct buf *b, cbor_item_t *it, int depth)
{
	cbor_item_t		**items, *tagged;
	struct cbor_pair	*pairs;
	size_t			 i, n;

	if (depth >= FMT_JSON_DEPTH) {
		buf_adds(b, "\"(nested too deep)\"");
		return;
	}
	switch (cbor_typeof(it)) {
	case CBOR_TYPE_UINT:
		buf_addf(b, "%" PRIu64, cbor_get_int(it));
		break;
	case CBOR_TYPE_NEGINT:
		decode_cbor_negint(b, cbor_get_int(it));
		break;
	case CBOR_TYPE_BYTESTRING:
		decode_cbor_bytes(b, it, 0);
		break;
	case CBOR_TYPE_STRING:
		decode_cbor_bytes(b, it, 1);
		break;
	case CBOR_TYPE_ARRAY:
		items = cbor_array_handle(it);
		n = cbor_array_size(it);
		buf_addc(b, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			decode_cbor_item(b, items[i], depth + 1);
		}
		buf_addc(b, ']');
		break;
	case CBOR_TYPE_MAP:
		pairs = cbor_map_handle(it);
		n = cbor_map_size(it);
		buf_addc(b, '{');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			decode_cbor_key(b, pairs[i].key, depth + 1);
			buf_addc(b, ':');
			decode_cbor_item(b, pairs[i].value, depth + 1);
		}
		buf_addc(b, '}');
		break;
	case CBOR_TYPE_TAG:
		buf_addf(b, "{\"tag\":%" PRIu64 ",\"value\":",
		    cbor_tag_value(it));
		tagged = cbor_tag_item(it);	/* a reference of ours */
		decode_cbor_item(b, tagged, depth + 1);
		cbor_decref(&tagged);
		buf_addc(b, '}');
		break;
	case CBOR_TYPE_FLOAT_CTRL:
		decode_cbor_ctrl(b, it);
		break;
	default:
		buf_adds(b, "null");
		break;
	}
}

/*
 * libcbor allocates what an array or map head claims before it reads an
 * element ("9b ff..ff" asks for 2^64), and frees nested items
 * recursively. So the heads are read first with its streaming decoder,
 * which builds nothing: a claim of more items than bytes left, or nesting
 * deeper than DECODE_CBOR_DEPTH, is refused before cbor_load.
 */
#define DECODE_CBOR_DEPTH	512

struct decode_cbor_scan {
	size_t	 left;			/* bytes from the head on */
	int64_t	 open[DECODE_CBOR_DEPTH + 1];	/* items left; -1 to a break */
	int	 depth;
	int	 bad;			/* 1 too many items, 2 too deep */
};

/*
 * One item read whole: the container it is in has one less to come, and
 * a container whose last item this was is whole itself, and so on up.
 */
static void
decode_cbor_done(struct decode_cbor_scan *sc)
{
	while (sc->depth > 0) {
		if (sc->open[sc->depth] < 0)
			return;		/* indefinite: until its break */
		if (--sc->open[sc->depth] > 0)
			return;
		sc->depth--;
	}
}

/* A container (or tag) of n items, -1 up to a break. */
static void
decode_cbor_open(struct decode_cbor_scan *sc, int64_t n)
{
	if (n == 0) {
		decode_cbor_done(sc);
		return;
	}
	if (sc->depth >= DECODE_CBOR_DEPTH) {
		sc->bad = 2;
		return;
	}
	sc->open[++sc->depth] = n;
}

static void
decode_cbor_scan_item(void *arg)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_u8(void *arg, uint8_t v)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_u16(void *arg, uint16_t v)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_u32(void *arg, uint32_t v)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_u64(void *arg, uint64_t v)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_str(void *arg, cbor_data d, size_t n)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_float(void *arg, float f)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_double(void *arg, double f)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_bool(void *arg, bool b)
{
	decode_cbor_done(arg);
}
static void
decode_cbor_scan_indef(void *arg)
{
	decode_cbor_open(arg, -1);
}
static void
decode_cbor_scan_break(void *arg)
{
	struct decode_cbor_scan	*sc = arg;

	if (sc->depth > 0 && sc->open[sc->depth] < 0) {
		sc->depth--;
		decode_cbor_done(sc);
	}
}
static void
decode_cbor_scan_array(void *arg, size_t n)
{
	struct decode_cbor_scan	*sc = arg;

	if (n > sc->left)
		sc->bad = 1;
	else
		decode_cbor_open(sc, (int64_t)n);
}
static void
decode_cbor_scan_map(void *arg, size_t n)
{
	struct decode_cbor_scan	*sc = arg;

	if (n > sc->left / 2)
		sc->bad = 1;
	else
		decode_cbor_open(sc, (int64_t)n * 2);
}
static void
decode_cbor_scan_tag(void *arg, uint64_t v)
{
	decode_cbor_open(arg, 1);
}

static const struct cbor_callbacks decode_cbor_scan_cb = {
	.uint8 = decode_cbor_scan_u8,
	.uint16 = decode_cbor_scan_u16,
	.uint32 = decode_cbor_scan_u32,
	.uint64 = decode_cbor_scan_u64,
	.negint64 = decode_cbor_scan_u64,
	.negint32 = decode_cbor_scan_u32,
	.negint16 = decode_cbor_scan_u16,
	.negint8 = decode_cbor_scan_u8,
	.byte_string_start = decode_cbor_scan_indef,
	.byte_string = decode_cbor_scan_str,
	.string = decode_cbor_scan_str,
	.string_start = decode_cbor_scan_indef,
	.indef_array_start = decode_cbor_scan_indef,
	.array_start = decode_cbor_scan_array,
	.indef_map_start = decode_cbor_scan_indef,
	.map_start = decode_cbor_scan_map,
	.tag = decode_cbor_scan_tag,
	.float2 = decode_cbor_scan_float,
	.float4 = decode_cbor_scan_float,
	.float8 = decode_cbor_scan_double,
	.undefined = decode_cbor_scan_item,
	.null = decode_cbor_scan_item,
	.boolean = decode_cbor_scan_bool,
	.indef_break = decode_cbor_scan_break,
};

/* 0, or -1 with *err for a head that claims too much or nests too deep. */
static int
decode_cbor_sane(const unsigned char *p, size_t len, char **err)
{
	struct decode_cbor_scan		*sc = xcalloc(1, sizeof *sc);
	struct cbor_decoder_result	 r;
	size_t				 off = 0;

	while (off < len && sc->bad == 0) {
		sc->left = len - off;
		r = cbor_stream_decode(p + off, len - off, &decode_cbor_scan_cb,
		    sc);
		if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
			break;		/* cbor_load says what is wrong */
		off += r.read;
		if (sc->depth == 0)
			break;		/* one whole item */
	}
	if (sc->bad == 1)
		/* Not all of it came: say so, as for any cut value. */
		*err = xasprintf("CBOR: the value is cut short after %zu "
		    "bytes", len);
	else if (sc->bad == 2)
		*err = xasprintf("CBOR: nested deeper than %d",
		    DECODE_CBOR_DEPTH);
	free(sc);
	return *err != NULL ? -1 : 0;
}

int
decode_cbor(const void *p, size_t len, struct buf *out, char **err)
{
	struct cbor_load_result	 r;
	cbor_item_t		*it;

	if (len == 0) {
		*err = xstrdup("CBOR: no bytes");
		return -1;
	}
	if (decode_cbor_sane(p, len, err) != 0)
		return -1;
	memset(&r, 0, sizeof r);
	it = cbor_load(p, len, &r);
	if (it == NULL) {
		switch (r.error.code) {
		case CBOR_ERR_NOTENOUGHDATA:
			*err = xasprintf("CBOR: the value is cut short after "
			    "%zu bytes", len);
			break;
		case CBOR_ERR_MEMERROR:
			*err = xstrdup("CBOR: a length too large for memory");
			break;
		default:
			*err = xasprintf("CBOR: malformed at byte %zu",
			    r.error.position);
			break;
		}
		return -1;
	}
	if (r.read < len) {
		*err = xasprintf("CBOR: %zu byte%s after the value (of %zu)",
		    len - r.read, len - r.read == 1 ? "" : "s", r.read);
		cbor_decref(&it);
		return -1;
	}
	decode_cbor_item(out, it, 0);
	cbor_decref(&it);
	return 0;
}
