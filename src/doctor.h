/*
 * The connection doctor: the steps of a connection one at a time (name
 * resolution, TCP connect, proxy, TLS handshake, WebSocket upgrade,
 * CONNACK), each timed, in a worker thread so the loop never waits.
 * Each step is a JSON object: {"step", "result" ok|failed|skipped, "ms",
 * "summary" or "error" or "reason", and what the step found}.
 */
#ifndef DOCTOR_H
#define DOCTOR_H

struct buf;
struct cJSON;
struct profile;

struct doctor;

struct doctor_cbs {
	/* A step is over (on the loop thread; the step is the callee's). */
	void	(*step)(void *, struct cJSON *);
	/* All over: the summary object is the callee's, as is d. */
	void	(*done)(void *, struct doctor *, struct cJSON *);
};

/*
 * Start on a copy of the profile; client_id is the id the CONNACK step
 * connects with, note (or NULL) says why it is not the profile's. 0, or
 * -1 with *err.
 */
int		 doctor_start(const struct profile *, const char *, const char *,
		     const struct doctor_cbs *, void *, char **);
void		 doctor_free(struct doctor *);
/* Whether every step passed; the first failure in words otherwise. */
int		 doctor_ok(const struct doctor *);
const char	*doctor_why(const struct doctor *);
/* Every step and the summary, as text lines for a person. */
void		 doctor_text(const struct doctor *, struct buf *);

/* doctor-text.c: one step object as lines. */
void		 doctor_text_step(const struct cJSON *, struct buf *);
#endif
