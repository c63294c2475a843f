/* The SQLite store: profiles, subscriptions and message history. */
#ifndef STORE_H
#define STORE_H
#include <stdint.h>

#include "msg.h"
#include "profile.h"
#include "sub.h"

/* Open (creating, mode 0600, WAL) and migrate. ":memory:" works. */
int		 store_open(const char *, char **);
void		 store_close(void);
const char	*store_path(void);

/* Profiles. save creates or updates by name; returns 0 or -1 + *err. */
int		 store_profile_save(struct profile *, char **);
struct profile	*store_profile_load(const char *);
int		 store_profile_delete(const char *, char **);
/* Names of all profiles, NULL-terminated, caller frees with store_free_names. */
char		**store_profile_names(void);
void		 store_free_names(char **);

/* Subscriptions saved with a profile (upsert by topic). */
int		 store_sub_save(const char *, const struct sub *);
int		 store_sub_delete(const char *, const char *);
/* Calls fn for each saved subscription of a profile, in creation order. */
int		 store_sub_foreach(const char *,
		     void (*)(const struct sub *, void *), void *);

/*
 * Messages. store_msg_add appends inside a batch transaction opened on the
 * first add; store_flush commits it (called once per loop turn, and by
 * store_msg_add itself every few thousand rows). Returns the new id.
 */
int64_t		 store_msg_add(const struct msg *);
void		 store_flush(void);
/*
 * A window of history for one connection (NULL: all), newest first, with
 * id < before (0: from the newest); topic filter optional (MQTT wildcard).
 * fn gets each row; the msg pointers are valid only during the call.
 */
int		 store_msg_window(const char *, const char *, int64_t, int,
		     void (*)(const struct msg *, void *), void *);
/*
 * What was published on one connection (dir MSG_OUT), newest first, with
 * id < before (0: from the newest); at most limit rows.
 */
int		 store_msg_sent(const char *, int64_t, int,
		     void (*)(const struct msg *, void *), void *);
int64_t		 store_msg_count(const char *);
/* One message by id: 1 found (fn called), 0 not found, -1 error. */
int		 store_msg_get(int64_t, void (*)(const struct msg *, void *),
		     void *);
/* The id of the first message of conn after an id (filter optional), 0. */
int64_t		 store_msg_newer(const char *, const char *, int64_t);
#endif
