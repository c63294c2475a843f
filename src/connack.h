/*
 * What a broker said in its CONNACK, as plain data (the engine fills it,
 * the doctor and the connection detail show it). -1: not sent.
 */
#ifndef CONNACK_H
#define CONNACK_H
#include <stdint.h>

#include "profile.h"

struct buf;
struct cJSON;

struct connack {
	int		 version;	/* 3, 4 or 5: how to read reason */
	int		 reason;	/* 0: accepted */
	int		 session_present;
	char		*assigned_client_id;
	int64_t		 session_expiry;
	int		 server_keepalive;
	int		 receive_maximum;
	int		 maximum_qos;
	int		 retain_available;
	int		 wildcard_available;
	int		 shared_available;
	int		 subscription_id_available;
	int64_t		 maximum_packet_size;
	int		 topic_alias_maximum;
	char		*server_reference;
	char		*reason_string;
	char		*response_information;
	char		*auth_method;
	struct props	 user_props;	/* name "user-property", key, value */
};

void		 connack_init(struct connack *, int);
void		 connack_clear(struct connack *);
struct connack	*connack_dup(const struct connack *);
void		 connack_free(struct connack *);
/* The reason code in words ("accepted", "not authorised", ...). */
const char	*connack_reason_words(int, int);
/* The properties sent, as a JSON object (our names; none: empty). */
struct cJSON	*connack_props_json(const struct connack *);
/* The properties sent, a line each ("maximum QoS: 1"), indented. */
void		 connack_props_lines(const struct connack *, struct buf *,
		     const char *);
#endif
