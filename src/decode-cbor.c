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
	decode_json_string(b, t.p, t.len);
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

int
decode_cbor(const void *p, size_t len, struct buf *out, char **err)
{
	struct cbor_load_result	 r;
	cbor_item_t		*it;

	if (len == 0) {
		*err = xstrdup("CBOR: no bytes");
		return -1;
	}
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
