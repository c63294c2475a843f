/*
 * Numbers out of payloads (value.h) and sparklines (spark.h). The input
 * is a path, a newline, then the payload.
 *
 * - value_get succeeds with a finite number whose text reads back as it,
 *   or fails with one line; a bad path fails as value_path_check says;
 * - the path value_first_path gives is one value_get takes;
 * - spark_render gives as many cells as it says, valid UTF-8, whole
 *   cells within the buffer, for values made of the payload's bytes.
 */
#include <math.h>

#include "spark.h"
#include "value.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
check_get(const char *payload, size_t len, const char *path)
{
	struct value	 v;
	char		*err = NULL, *perr = NULL, *end;
	int		 r, pr;

	r = value_get(payload, len, path, &v, &err);
	FUZZ_CHECK(r == 0 || r == -1);
	pr = value_path_check(path, &perr);
	if (r == 0) {
		FUZZ_CHECK(err == NULL && pr == 0);
		FUZZ_CHECK(isfinite(v.num));
		FUZZ_CHECK(strlen(v.text) > 0 && strlen(v.text) < sizeof v.text);
		if (strcmp(v.text, "true") == 0 || strcmp(v.text, "false") == 0)
			FUZZ_CHECK(v.num == (v.text[0] == 't'));
		else
			FUZZ_CHECK(strtod(v.text, &end) == v.num && *end == '\0');
	} else {
		FUZZ_CHECK(err != NULL && *err != '\0' &&
		    strchr(err, '\n') == NULL);
		if (pr != 0)
			FUZZ_CHECK(strcmp(err, perr) == 0);
	}
	free(err);
	free(perr);
}

static void
check_first(const char *payload, size_t len)
{
	struct value	 v;
	char		*p = value_first_path(payload, len);

	if (p == NULL)
		return;
	FUZZ_CHECK(value_path_check(p, NULL) == 0);
	FUZZ_CHECK(value_get(payload, len, p, &v, NULL) == 0);
	free(p);
}

static void
check_spark(const uint8_t *data, size_t len)
{
	double	 v[64];
	char	 out[64 * SPARK_CELL_BYTES + 1];
	size_t	 n = len < 64 ? len : 64, i, cells, outsz;
	int	 width;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		v[i] = data[i] == 0xff ? NAN : data[i] * 0.5 - 20;
	width = data[0] % 70;
	outsz = 1 + data[n - 1] % sizeof out;
	cells = spark_render(v, n, width, out, outsz);
	FUZZ_CHECK(cells <= n && cells <= (size_t)width);
	FUZZ_CHECK(strlen(out) < outsz);
	if (outsz > (size_t)width * SPARK_CELL_BYTES)
		FUZZ_CHECK(cells == (n < (size_t)width ? n : (size_t)width));
	FUZZ_CHECK(fuzz_utf8_valid((const uint8_t *)out, strlen(out)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const uint8_t	*nl = memchr(data, '\n', len);
	char		*path, *payload;
	size_t		 plen, n;

	n = nl != NULL ? (size_t)(nl - data) : len;
	path = fuzz_str(data, n);
	plen = nl != NULL ? len - n - 1 : 0;
	/* A copy of its own size: reading past the end is caught. */
	payload = malloc(plen > 0 ? plen : 1);
	FUZZ_CHECK(payload != NULL);
	if (plen > 0)
		memcpy(payload, nl + 1, plen);
	check_get(payload, plen, path);
	check_get(payload, plen, "");
	check_first(payload, plen);
	check_spark(data, len);
	free(payload);
	free(path);
	return 0;
}
