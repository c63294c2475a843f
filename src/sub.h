/* A subscription on one connection. */
#ifndef SUB_H
#define SUB_H
#include <stdint.h>
#include <sys/queue.h>

enum sub_state {
	SUB_PENDING,		/* SUBSCRIBE sent, no SUBACK yet */
	SUB_ACTIVE,
	SUB_FAILED,
	SUB_DISABLED,		/* unsubscribed by the user, row kept */
};

struct sub {
	char		*topic;
	int		 qos;
	int		 no_local;
	int		 rap;		/* retain as published */
	int		 rh;		/* retain handling 0-2 */
	int		 id;		/* v5 subscription identifier, 0 none */
	char		*alias;
	int		 color;		/* palette slot, -1 automatic */
	int		 enabled;
	int		 quiet;		/* a request's: no events */
	enum sub_state	 state;
	uint64_t	 count;		/* messages matched this run */
	TAILQ_ENTRY(sub) entry;
};
TAILQ_HEAD(subs, sub);

struct sub	*sub_new(const char *);
void		 sub_free(struct sub *);
#endif
