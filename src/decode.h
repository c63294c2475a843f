/*
 * Payload views: how a message's bytes are shown. The bytes never change;
 * a view only reads them. MessagePack, CBOR, Sparkplug B and jq each go
 * through their library (decode-*.c) and come out as compact JSON text,
 * so the bubbles and the detail view pretty-print and colour them with
 * the JSON printer, numbers exactly as the decoder gave them. Pure: no
 * curses, no store.
 */
#ifndef DECODE_H
#define DECODE_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum decode_view {
	DECODE_AUTO,		/* JSON if it is, text if UTF-8, else hex */
	DECODE_TEXT,
	DECODE_JSON,
	DECODE_HEX,
	DECODE_BASE64,
	DECODE_MSGPACK,
	DECODE_CBOR,
	DECODE_SPARKPLUG,
	DECODE_JQ,		/* a jq program's output */
	DECODE_N
};

/* The name of a view as the view command spells it ("msgpack"). */
const char	*decode_name(enum decode_view);
/* As a title shows it ("MessagePack"). */
const char	*decode_title(enum decode_view);
/* A view by name; 0, or -1 when there is none of that name. */
int		 decode_parse(const char *, enum decode_view *);
/* "text, json, hex, ..., auto": every name, for an error. */
const char	*decode_names(void);

/*
 * A Sparkplug BIRTH certificate: where the names of a node's or device's
 * aliases are. The caller finds the newest BIRTH before a message (in the
 * store); id tells one BIRTH from another, so its aliases are read once.
 */
struct decode_birth {
	int64_t		 id;
	const void	*payload;
	size_t		 len;
};
/* Fill the BIRTH published on topic before message id; 0, or -1 none. */
typedef int	(*decode_birth_fn)(const char *, int64_t, struct decode_birth *,
		    void *);

/*
 * The newest message on topic before id on the connection named by arg,
 * from the store (decode-birth.c, not pure): a decode_birth_fn. Its bytes
 * last until the next call.
 */
int	decode_birth_find(const char *, int64_t, struct decode_birth *, void *);

/* How to decode: the view and what some views need. */
struct decode_ctx {
	enum decode_view	 view;
	const char		*topic;		/* sparkplug */
	int64_t			 id;		/* sparkplug: the message's id */
	decode_birth_fn		 birth;		/* sparkplug aliases, or NULL */
	void			*birth_arg;
	const char		*jq;		/* the jq program */
};

/*
 * What a view makes of a payload, appended to out: DECODE_OUT_JSON when
 * out holds one JSON value, DECODE_OUT_TEXT for text (several jq results,
 * a string), or DECODE_OUT_ERROR with *err a one-line reason (the caller
 * shows it and the bytes in hex). Only MessagePack, CBOR, Sparkplug and
 * jq decode; the other views are the caller's formatters.
 */
enum decode_out { DECODE_OUT_JSON, DECODE_OUT_TEXT, DECODE_OUT_ERROR };
enum decode_out	 decode(const struct decode_ctx *, const void *, size_t,
		     struct buf *, char **);
/* 1 when the view decodes (msgpack, cbor, sparkplug, jq). */
int		 decode_is_decoder(enum decode_view);

/* The decoders; 0 or -1 with *err set. */
int	decode_msgpack(const void *, size_t, struct buf *, char **);
int	decode_cbor(const void *, size_t, struct buf *, char **);
int	decode_sparkplug(const struct decode_ctx *, const void *, size_t,
	    struct buf *, char **);
/* Several results come one a line; *n is how many. */
int	decode_jq(const char *, const void *, size_t, struct buf *, int *,
	    char **);
/* Check a jq program compiles; 0, or -1 with *err. */
int	decode_jq_check(const char *, char **);
/* 1 when the topic is a Sparkplug B one (spBv1.0/...). */
int	decode_sparkplug_topic(const char *);
/* Drop cached state (BIRTH aliases, compiled jq programs). */
void	decode_reset(void);
void	decode_sparkplug_reset(void);
void	decode_jq_reset(void);

/* Helpers for the decoders: JSON text of a string, a double. */
void	decode_json_string(struct buf *, const char *, size_t);
void	decode_json_double(struct buf *, double, int);
/* A key that is not a string: its JSON text as a string, cut short. */
#define DECODE_KEY_MAX	64
void	decode_json_key(struct buf *, const char *, size_t);
#endif
