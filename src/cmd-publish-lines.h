/* publish -l: a message a line, from a file or batch input. */
#ifndef CMD_PUBLISH_LINES_H
#define CMD_PUBLISH_LINES_H

#include "cmd.h"

struct conn;
struct pub;

/*
 * Start reading lines from file (NULL or "-": the rest of batch input)
 * and publishing them on c with pb's QoS, retain and properties; to
 * topic, or each line's own (TOPIC<TAB>PAYLOAD) when topic is NULL.
 */
enum cmd_retval	cmd_publish_lines_start(struct cmdq_item *, struct conn *,
		    const char *, const struct pub *, const char *);
#endif
