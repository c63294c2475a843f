/*
 * A message written out: the JSON object of `--batch --json` (shared by
 * batch output, search hits and JSONL export), a CSV row (RFC 4180), and
 * MQTTX's message shape.
 */
#ifndef MSG_OUT_H
#define MSG_OUT_H
#include "buf.h"
#include "msg.h"

/* The JSON line of a message, newline ended; with_id adds "id". */
void	msg_out_json(struct buf *, const struct msg *, int);
/* CSV: the header line, and one row (both end in CRLF, as RFC 4180). */
void	msg_out_csv_header(struct buf *);
void	msg_out_csv(struct buf *, const struct msg *);
/* One element of MQTTX's messages array (no separator, no newline). */
void	msg_out_mqttx(struct buf *, const struct msg *);
#endif
