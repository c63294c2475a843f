/*
 * The payload decoders and the diff on any bytes: MessagePack, CBOR,
 * Sparkplug B (with the same bytes as the BIRTH that names its aliases)
 * and a jq program either give JSON that is valid (fmt_json_valid) or one
 * line of error; never a crash. The diff of the input's two halves has
 * a summary line and no more lines than its bound.
 */
#include "buf.h"
#include "decode.h"
#include "diff.h"
#include "fmt-json.h"
#include "fuzz.h"

static const uint8_t	*fuzz_birth;
static size_t		 fuzz_birth_len;

/*
 * libjq's stack points one past its end, which the leak checker does not
 * count as a reference: free the compiled programs before it looks.
 */
static void
fuzz_done(void)
{
	decode_reset();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	atexit(fuzz_done);
	return 0;
}

static int
fuzz_find(const char *topic, int64_t before, struct decode_birth *b,
    void *arg)
{
	b->id = (int64_t)fuzz_birth_len + 1;	/* a new BIRTH each input */
	b->payload = fuzz_birth;
	b->len = fuzz_birth_len;
	return 0;
}

static void
fuzz_decode(enum decode_view v, const char *topic, const char *jq,
    const uint8_t *data, size_t len)
{
	struct decode_ctx	 ctx = { v, topic, 7, fuzz_find, NULL, jq };
	struct buf		 out;
	enum decode_out		 k;
	char			*err;

	buf_init(&out);
	k = decode(&ctx, data, len, &out, &err);
	if (k == DECODE_OUT_ERROR) {
		FUZZ_CHECK(err != NULL && *err != '\0');
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		free(err);
	} else {
		FUZZ_CHECK(err == NULL);
		if (k == DECODE_OUT_JSON)
			FUZZ_CHECK(fmt_json_valid(buf_str(&out), out.len));
	}
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct diff	d;
	size_t		half = len / 2;

	fuzz_birth = data;
	fuzz_birth_len = len;
	fuzz_decode(DECODE_MSGPACK, "t", NULL, data, len);
	fuzz_decode(DECODE_CBOR, "t", NULL, data, len);
	fuzz_decode(DECODE_SPARKPLUG, "spBv1.0/g/DDATA/e/d", NULL, data, len);
	fuzz_decode(DECODE_JQ, "t", ".[]?", data, len);

	diff_make(&d, (const char *)data, half, (const char *)data + half,
	    len - half);
	FUZZ_CHECK(d.n >= 1 && d.n <= DIFF_MAX_LINES + 1);
	FUZZ_CHECK(d.v[0].op == DIFF_NOTE || d.kind == DIFF_BYTES);
	diff_free(&d);
	return 0;
}
