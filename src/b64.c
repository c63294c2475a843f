#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "b64.h"
#include "xmalloc.h"

/* EVP_EncodeBlock and EVP_DecodeBlock take int lengths: work in chunks. */
#define B64_CHUNK	(3 * 4 * 1024 * 1024)	/* multiple of 3 and of 4 */

void
b64_encode(struct buf *b, const void *data, size_t len)
{
	const unsigned char	*in = data;
	unsigned char		*out;
	size_t			 chunk;
	int			 n;

	if (len == 0)
		return;
	/* Sized for what is encoded: a line of 57 bytes needs 77, not 16 MB. */
	chunk = len > B64_CHUNK ? B64_CHUNK : len;
	out = xmalloc(4 * ((chunk + 2) / 3) + 1);
	while (len > 0) {
		chunk = len > B64_CHUNK ? B64_CHUNK : len;
		n = EVP_EncodeBlock(out, in, (int)chunk);
		buf_add(b, out, n);
		in += chunk;
		len -= chunk;
	}
	free(out);
}

static int
b64_is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int
b64_decode(struct buf *b, const char *text, size_t len)
{
	unsigned char	*tmp, *out;
	size_t		 body, pad, i, off, chunk;
	int		 n;

	/*
	 * EVP_DecodeBlock reads '=' as zero bits anywhere, skips blanks and
	 * counts padding as output bytes, so check the text here first and
	 * drop the padding bytes from the result ourselves.
	 */
	body = len;
	while (body > 0 && text[body - 1] == '=')
		body--;
	pad = len - body;
	if (pad > 2 || body % 4 == 1)
		return -1;
	if (pad > 0 && len % 4 != 0)
		return -1;		/* partial padding, "Zg=" */
	for (i = 0; i < body; i++) {
		if (!b64_is_alpha(text[i]))
			return -1;
	}
	if (body == 0)
		return 0;

	/* Unpadded input is accepted: pad it to whole quads. */
	pad = (4 - body % 4) % 4;
	tmp = xmalloc(body + pad);
	memcpy(tmp, text, body);
	memset(tmp + body, '=', pad);

	out = xmalloc(B64_CHUNK / 4 * 3);
	for (off = 0; off < body + pad; off += chunk) {
		chunk = body + pad - off;
		if (chunk > B64_CHUNK)
			chunk = B64_CHUNK;
		n = EVP_DecodeBlock(out, tmp + off, (int)chunk);
		if (n < 0) {
			free(out);
			free(tmp);
			return -1;
		}
		if (off + chunk == body + pad)
			n -= (int)pad;
		buf_add(b, out, n);
	}
	free(out);
	free(tmp);
	return 0;
}
