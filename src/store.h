/*
 * The SQLite store: profiles, subscriptions and message history.
 *
 * Reads run on the caller's (the loop's) connection and see committed
 * history. Writes go, in order, to a writer thread with its own connection:
 * the caller never waits on a lock, an fsync or a checkpoint. A busy or
 * locked database delays writes, never drops them.
 */
#ifndef STORE_H
#define STORE_H
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "profile.h"
#include "sub.h"

/* A write's result, on the thread that calls store_poll. */
typedef void	(*store_done_fn)(void *, int, const char *);

/*
 * Check and open (creating, mode 0600, WAL) and migrate. A file that is
 * not an mqtty database, is newer, or can't be written is refused before
 * anything in it changes. Starts the writer thread.
 */
int		 store_open(const char *, char **);
/* What opening changed that the user should hear of (modes), or NULL. */
const char	*store_open_note(void);
/*
 * Stop the writer: what is queued is written first, for at most ms
 * milliseconds (-1: no limit). Returns the rows that could not be saved.
 */
size_t		 store_close(int);
const char	*store_path(void);

/*
 * Called on the writer thread when store_poll has something to deliver;
 * it must only wake the loop (once per call to store_poll is enough).
 */
void		 store_set_wake(void (*)(void));
/* Deliver results, commits and state changes on the caller's thread. */
void		 store_poll(void);
/* Block until every write queued so far is done, then store_poll. */
void		 store_sync(void);
/* The same for at most ms milliseconds; returns the rows still queued. */
size_t		 store_drain(int);

/*
 * The writer's state as store_poll reports it: committed is the sequence
 * number of the newest row or job written; reason is NULL while writes go
 * through, else why they are held back; waiting is the rows queued.
 */
struct store_state {
	uint64_t	 committed;
	const char	*reason;
	size_t		 waiting;
};
void		 store_on_state(void (*)(const struct store_state *, void *),
		     void *);

/* Profiles. */
void		 store_profile_save(const struct profile *, store_done_fn,
		     void *);
void		 store_profile_delete(const char *, store_done_fn, void *);
/*
 * Rename a profile in one transaction: its subscriptions go with it, and
 * so does its history (the conns row; merged into NEW's when history
 * under NEW exists already). Fails when NEW is a profile already.
 */
void		 store_profile_rename(const char *, const char *, store_done_fn,
		     void *);
struct profile	*store_profile_load(const char *);
/*
 * New profiles with their subscriptions, all in one transaction: none is
 * saved when one fails (a name taken meanwhile is a failure).
 */
struct store_import {
	const struct profile	 *p;
	struct sub		**subs;
	int			  nsubs;
};
void		 store_profile_import(const struct store_import *, int,
		     store_done_fn, void *);
/* Names of all profiles, NULL-terminated, caller frees with store_free_names. */
char		**store_profile_names(void);
void		 store_free_names(char **);
/*
 * Topics seen on a connection (in its history) that start with a prefix,
 * in order, at most max; NULL-terminated, free with store_free_names.
 */
char		**store_topic_names(const char *, const char *, int);

/* Subscriptions saved with a profile (upsert by topic). */
void		 store_sub_save(const char *, const struct sub *,
		     store_done_fn, void *);
void		 store_sub_delete(const char *, const char *, store_done_fn,
		     void *);
/* Calls fn for each saved subscription of a profile, in creation order. */
int		 store_sub_foreach(const char *,
		     void (*)(const struct sub *, void *), void *);

/*
 * Messages. store_msg_add queues a copy for the writer and returns its
 * sequence number (rows are committed in that order). It never drops a
 * row: store_msg_room says when the caller should stop taking more.
 * Rows are gathered and handed over by store_msg_flush, or a few hundred
 * at a time.
 */
uint64_t	 store_msg_add(const struct msg *);
/* Hand what store_msg_add gathered to the writer (once a loop turn). */
void		 store_msg_flush(void);
int		 store_msg_room(void);
/* Sequence number of the newest row queued so far. */
uint64_t	 store_msg_last(void);
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
/*
 * Payload views kept with a profile: filter -> view name (and a jq
 * program); a NULL view deletes the filter's row.
 */
void		 store_view_save(const char *, const char *, const char *,
		     const char *, store_done_fn, void *);
/* fn(profile, filter, view, jq or NULL, arg) for each; 0 or -1. */
int		 store_view_foreach(void (*)(const char *, const char *,
		     const char *, const char *, void *), void *);

/* The id of the first message of conn after an id (filter optional), 0. */
int64_t		 store_msg_newer(const char *, const char *, int64_t);

/*
 * Numbers of one topic of a connection, for plots (store-value.c): the
 * values value_get takes with a path from the received messages whose
 * time is in [from, from + span) ms, grouped in SQL into nb buckets
 * (plot_bucket_index's grouping) over the history_topic index. b is
 * zeroed first. Returns the messages that had a value, or -1.
 */
struct plot_bucket;
long		 store_value_buckets(const char *, const char *, const char *,
		     int64_t, int64_t, int, struct plot_bucket *);
/* The time of the oldest received message of the topic; 0 none. */
int64_t		 store_value_first(const char *, const char *);
/*
 * Search history (criteria in search.h) in slices on the loop thread:
 * store_search_step runs for about budget ms, calling fn for each hit,
 * newest first; 1 while there is more, 0 when done, -1 on error.
 */
struct search_query;
struct store_search;
struct store_search *store_search_new(const struct search_query *, char **);
int		 store_search_step(struct store_search *, int,
		     void (*)(const struct msg *, void *), void *);
/*
 * Page by page: stop after n more hits (step returns 0 then, done says
 * whether all were found) until asked again.
 */
void		 store_search_more(struct store_search *, long);
int		 store_search_done(const struct store_search *);
/* Why a search looked at less than all history, or NULL. */
const char	*store_search_note(const struct store_search *);
/* Rows looked at so far (the indexes' work, for tests and timings). */
long		 store_search_examined(const struct store_search *);
void		 store_search_free(struct store_search *);
/*
 * Retention of history, per connection (conn "" : all of it together):
 * the newest max_messages, max_bytes of payload, and max_age_ms; 0 is no
 * bound, all 0 removes the rule. The writer applies it in batches.
 */
struct store_retention {
	int64_t		 max_messages;
	int64_t		 max_bytes;
	int64_t		 max_age_ms;
};
void		 store_retention_set(const char *,
		     const struct store_retention *, store_done_fn, void *);
int		 store_retention_foreach(void (*)(const char *,
		     const struct store_retention *, void *), void *);
/* The database's size on disk (with its WAL), bytes; -1 unknown. */
int64_t		 store_size(void);
/* VACUUM on the writer (saving waits while it runs); done says how. */
void		 store_vacuum(store_done_fn, void *);
/* Rows the full-text index covers, and all rows (for progress). */
int		 store_fts_progress(int64_t *, int64_t *);

/*
 * The topic tree (store-tree.c). A connection's topics whose newest row
 * is after an id (-1: all), with their stats, oldest change first; the
 * number of rows, or -1.
 */
struct tree_topic;
int		 store_tree_topics(const char *, int64_t,
		     void (*)(const struct tree_topic *, void *), void *);
/*
 * The first size bytes of a history row's payload into buf: 1 found
 * (*len bytes copied of *total), 0 not found, -1 error.
 */
int		 store_tree_preview(int64_t, void *, size_t, size_t *,
		     size_t *);
#endif
