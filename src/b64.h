/* base64 through OpenSSL's libcrypto. */
#ifndef B64_H
#define B64_H
#include <stddef.h>

#include "buf.h"

void	b64_encode(struct buf *, const void *, size_t);
/* -1 when the text is not valid base64. */
int	b64_decode(struct buf *, const char *, size_t);
#endif
