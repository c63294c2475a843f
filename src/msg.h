/* A message in flight between the engine, the store and the views. */
#ifndef MSG_H
#define MSG_H
#include <stddef.h>
#include <stdint.h>

/*
 * MSG_EVENT rows are connection events (connected, offline, dropped, ...)
 * kept in history to be shown inline: topic "" (no MQTT topic is empty),
 * payload a small JSON object (see connlog.c). Nothing counts them.
 */
enum msg_dir { MSG_IN = 0, MSG_OUT = 1, MSG_EVENT = 2 };

struct msg {
	int64_t		 id;		/* store id, 0 until stored */
	const char	*conn;		/* connection name */
	enum msg_dir	 dir;
	const char	*topic;
	const void	*payload;
	size_t		 len;
	int		 qos;
	int		 retain;
	const char	*props;		/* v5 properties as JSON, or NULL */
	int64_t		 time_ms;	/* wall clock, ms since the epoch */
	int		 mid;		/* packet id, 0 when not known */
	int		 dup;		/* MSG_DUP_* */
	const char	*will_of;	/* the will of this connection, or NULL */
};

/* A received message the broker sent more than once. */
#define MSG_DUP_FLAG	0x1	/* the broker set DUP: a redelivery */
#define MSG_DUP_REPEAT	0x2	/* same id, topic, payload as on the last link */
#endif
