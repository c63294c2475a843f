/* Shared by the doctor*.c files and engine-doctor.c only. */
#ifndef DOCTOR_INT_H
#define DOCTOR_INT_H
#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/ssl.h>

#include "doctor.h"
#include "engine-tls.h"
#include "profile.h"

struct doctor {
	struct profile		*p;
	char			*client_id;
	char			*id_note;	/* why not the profile's */
	const struct doctor_cbs	*cbs;
	void			*arg;
	int			 timeout_ms;	/* each step */
	double			 start;
	cJSON			*steps;		/* the summary last */
	int			 failed;
	char			*why;		/* "tls: ..." */

	/* The step under way: its findings, its start. */
	const char		*step;
	cJSON			*data;
	double			 step_start;

	/* The link being built, step by step. */
	char			*tcp_host;	/* the broker, or the proxy */
	int			 tcp_port;
	struct addrinfo		*ai;
	int			 fd;
	SSL_CTX			*ctx;
	SSL			*ssl;
	struct engine_tls_verify tlsv;		/* what the handshake saw */
};

/* doctor.c */
double	doctor_now(void);
void	doctor_step_begin(struct doctor *, const char *);
void	doctor_step_ok(struct doctor *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	doctor_step_fail(struct doctor *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* A step that cannot be done here, with why; not a failure. */
void	doctor_step_skip(struct doctor *, const char *, const char *);
/* Wait for fd (POLLIN/POLLOUT) until the step's time is up: 1, 0, -1. */
int	doctor_wait(struct doctor *, int, short);
/* Bytes over the link (TLS once it is up), each bounded by the step's time. */
int	doctor_write(struct doctor *, const void *, size_t, char **);
int	doctor_read(struct doctor *, void *, size_t, size_t *, char **);

/* doctor-proxy.c */
struct doctor_proxy {
	int	 socks;		/* 5; 0: HTTP CONNECT */
	int	 remote_dns;	/* socks5h: the proxy resolves the broker */
	char	*host;
	int	 port;
	char	*user;
	char	*pass;
};
int	doctor_proxy_parse(const char *, struct doctor_proxy *, char **);
void	doctor_proxy_clear(struct doctor_proxy *);
void	doctor_proxy_step(struct doctor *, const struct doctor_proxy *);

/* doctor-tls.c */
void	doctor_tls_step(struct doctor *);

/* doctor-ws.c */
void	doctor_ws_step(struct doctor *);

/* engine-doctor.c: the real MQTT connect through libmosquitto. */
void	engine_doctor_step(struct doctor *);
#endif
