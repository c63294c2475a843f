/* A connection profile: everything needed to (re)connect to a broker. */
#ifndef PROFILE_H
#define PROFILE_H
#include <stdint.h>

/* One v5 property given as text, e.g. -D user-property KEY VALUE. */
struct prop {
	char	*name;		/* mosquitto's spelling: "content-type", ... */
	char	*key;		/* user-property only, else NULL */
	char	*value;
};

struct props {
	struct prop	*v;
	int		 n;
};

struct profile {
	int64_t		 id;		/* store row id, 0 when never saved */
	char		*name;
	char		*host;
	int		 port;
	int		 tls;		/* mqtts:// */
	char		*client_id;	/* NULL: generated at connect */
	char		*username;
	char		*password;
	int		 version;	/* 3 (3.1), 4 (3.1.1) or 5 */
	int		 keepalive;
	int		 clean;		/* clean session (v3) / clean start (v5) */
	int64_t		 session_expiry;	/* -1: not sent */
	int		 auto_reconnect;

	char		*will_topic;
	char		*will_payload;
	int		 will_qos;
	int		 will_retain;
	struct props	 will_props;
	struct props	 connect_props;

	char		*cafile;
	char		*capath;
	char		*cert;
	char		*key;
	int		 insecure;	/* no host-name check */
	char		*tls_version;	/* lowest TLS version */

	/* Transport. */
	int		 ws;		/* WebSocket: ws:// (wss:// with tls) */
	char		*ws_path;	/* NULL: /mqtt */
	char		*ws_headers;	/* "Name: value" lines */
	char		*proxy;		/* socks5h://user:pass@host:port */
	int		 connect_timeout_ms;
	int		 reconnect_min_ms;
	int		 reconnect_max_ms;

	/* TLS beyond mosquitto_sub's flags. */
	int		 no_verify;	/* accept any certificate */
	char		*alpn;		/* comma-separated protocols */
	char		*sni;		/* server name sent, NULL: host */
	char		*key_password_command;
	char		*tls_max_version;

	/* Where the password comes from when not stored. */
	int		 ask_password;
	char		*password_command;
	char		*password_env;

	/* MQTT 5 CONNECT properties; -1: not sent. */
	int		 receive_maximum;
	int64_t		 maximum_packet_size;
	int		 topic_alias_maximum;
	int		 request_response_info;
	int		 request_problem_info;
	char		*auth_method;
	char		*auth_data;
	int64_t		 will_delay;
};

void		 profile_init(struct profile *);
struct profile	*profile_new(void);
struct profile	*profile_dup(const struct profile *);
void		 profile_clear(struct profile *);
void		 profile_free(struct profile *);
void		 profile_set(char **, const char *);

/* Characters a profile name may have at most. */
#define PROFILE_NAME_MAX	64
/*
 * Why name cannot name a new profile, or NULL when it can: free text
 * (spaces, CJK, punctuation) that shows as typed and reads as one name.
 */
const char	*profile_name_why(const char *);

void		 props_add(struct props *, const char *, const char *,
		     const char *);
void		 props_copy(struct props *, const struct props *);
void		 props_clear(struct props *);
char		*props_to_json(const struct props *);
int		 props_from_json(struct props *, const char *);

/*
 * Parse connection flags (mosquitto_sub spelling) from argv into p.
 * Returns 0, or -1 with *err set to a one-line message. Sets *url to the
 * first non-option word when url is not NULL (else extra words are errors).
 */
int		 profile_parse_flags(struct profile *, int, char **,
		     const char **, char **);
#endif
