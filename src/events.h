/* Events from the engine and the commands, fanned out to listeners. */
#ifndef EVENTS_H
#define EVENTS_H
#include <stddef.h>

struct conn;
struct msg;

enum event_type {
	EV_MESSAGE,		/* received or published (msg->dir) */
	EV_CONNECTED,
	EV_DISCONNECTED,
	EV_SUBSCRIBED,
	EV_UNSUBSCRIBED,
	EV_PUBLISHED,		/* acknowledged (or sent, at QoS 0) */
	EV_ERROR,
	EV_STATE,		/* a connection changed state */
	EV_INFO,		/* a command's result for the status line */
	EV_STORED,		/* history rows were committed */
	EV_HISTORY,		/* writes held back (reason), or through again */
	EV_RETAINED,		/* a retained message found (topic, count bytes) */
	EV_RETAINED_DONE,	/* clear-retained's result (topic: the filter) */
	EV_WAITING,		/* messages the kept session held (count) */
	EV_HIT,			/* a search hit: a stored message (msg) */
	EV_SEARCHED,		/* a search ended: count hits, examined */
	EV_IMPORTED,		/* import saved a profile: name, as, skipped */
	EV_RESPONSE,		/* a request's response (msg, data, elapsed_ms) */
	EV_DOCTOR,		/* a doctor step: reason is its JSON object */
};

/* How a connection went down (EV_DISCONNECTED). */
enum event_how {
	EV_HOW_LOST,		/* not asked for: reason says why */
	EV_HOW_DISCONNECT,	/* disconnect: DISCONNECT sent */
	EV_HOW_OFFLINE,		/* offline: DISCONNECT, session kept */
	EV_HOW_DROP,		/* drop: no DISCONNECT, the will fires */
};

struct event {
	enum event_type	 type;
	struct conn	*conn;		/* may be NULL */
	const struct msg *msg;		/* EV_MESSAGE */
	const char	*topic;		/* EV_SUBSCRIBED, EV_PUBLISHED, ... */
	int		 qos;
	int		 mid;
	int		 session_present;	/* EV_CONNECTED */
	const char	*reason;	/* EV_DISCONNECTED, EV_ERROR, EV_INFO */
	size_t		 count;		/* EV_HISTORY: rows; EV_WAITING */
	enum event_how	 how;		/* EV_DISCONNECTED */
	const char	*source;	/* EV_ERROR: "FILE:LINE" of its command */
	size_t		 done;		/* EV_RETAINED_DONE: cleared */
	const char	*name;		/* EV_RETAINED*: profile, when no conn */
	int		 dry_run;	/* EV_RETAINED_DONE: -n */
	long		 examined;	/* EV_SEARCHED: rows looked at */
	long		 elapsed_ms;	/* EV_SEARCHED, EV_RESPONSE */
	const char	*as;		/* EV_IMPORTED: the name saved under */
	char *const	*skipped;	/* EV_IMPORTED: "field: why", count */
	const char	*data;		/* EV_RESPONSE: correlation data */
};

typedef void (*event_fn)(const struct event *, void *);

void	events_listen(event_fn, void *);
void	events_emit(const struct event *);
/* An error; its reason is cut to EVENTS_REASON_MAX columns. */
#define EVENTS_REASON_MAX	240
void	events_error(struct conn *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* An error from a command read at source ("FILE:LINE"), which leads it. */
void	events_error_at(const char *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
#endif
