/*
 * The config file (mqttyrc): one command line a line, queued like any
 * other, each labelled "FILE:LINE" so its errors say where they are.
 */
#ifndef RCFILE_H
#define RCFILE_H

struct cmdq;

/*
 * Queue the commands of the file at path. A missing file is not an error
 * unless must is set. 0, or -1 with *err (heap) when the file cannot be
 * read at all; a bad line is not such an error, it is queued as one.
 */
int	rcfile_load(struct cmdq *, const char *, int, char **);
#endif
