/*
 * Connections read from another client's export (MQTTX, MQTT Explorer)
 * and written back in MQTTX's format. Pure code: no store, no screen.
 */
#ifndef PROFILE_IMPORT_H
#define PROFILE_IMPORT_H
#include <stddef.h>

#include "profile.h"
#include "sub.h"

/* One connection of the file, as it will be saved. */
struct profile_import_conn {
	struct profile	 *p;		/* p->name: the name it is saved as */
	char		 *from;		/* its name in the file */
	char		 *path;		/* "$[2]": where it is in the file */
	struct sub	**subs;
	int		  nsubs;
	char		**skipped;	/* "field: why", what was not taken */
	int		  nskipped;
};

struct profile_import {
	const char			*format;	/* "MQTTX", ... */
	struct profile_import_conn	*v;
	int				 n;
};

/*
 * Read an export: MQTTX's connections (an array or one object), or MQTT
 * Explorer's settings file, its connections object or one connection.
 * Every connection is checked before any is kept: 0, or -1 with *err
 * naming the JSON path ("$[2].port: must be a number").
 */
int		 profile_import_read(struct profile_import *, const char *,
		     size_t, char **);
/*
 * Give each connection a name no other has: taken() says whether one is
 * in use already; a clash becomes "Name (2)". A name mqtty cannot use
 * falls back to the host, with a note in skipped.
 */
void		 profile_import_names(struct profile_import *,
		     int (*)(const char *, void *), void *);
void		 profile_import_free(struct profile_import *);

/* MQTTX's connection array for these profiles and their subscriptions. */
struct profile_export {
	struct profile		 *p;
	struct sub		**subs;
	int			  nsubs;
};
char		*profile_export_mqttx(const struct profile_export *, int, int);

/* For the readers of each format (profile-mqttx.c, profile-explorer.c). */
struct cJSON;
enum profile_import_kind {
	PI_STRING, PI_NUMBER, PI_BOOL, PI_OBJECT, PI_ARRAY
};
/*
 * Member key of o when it has that kind: *out, or NULL when absent or
 * null. -1 with *err "PATH.key: must be ..." when it is something else.
 */
int		 profile_import_get(const struct cJSON *, const char *,
		     enum profile_import_kind, const char *,
		     const struct cJSON **, char **);
/* A whole number in [min, max], else -1 with *err. */
int		 profile_import_int(const struct cJSON *, const char *,
		     long long, long long, long long *, char **);
void		 profile_import_skip(struct profile_import_conn *,
		     const char *, ...) __attribute__((format(printf, 2, 3)));
/* Set field (by member name) from text; a value it refuses is skipped. */
void		 profile_import_set(struct profile_import_conn *,
		     const char *, const char *, const char *);
/* name (kept as from), host and port, which every format has: 0 or -1. */
int		 profile_import_endpoint(struct profile_import_conn *,
		     const struct cJSON *, const char *, char **);
struct sub	*profile_import_sub(struct profile_import_conn *,
		     const char *);
/* The palette slot (0-7) nearest to "#rrggbb", -1 when it is not one. */
int		 profile_import_color(const char *);
const char	*profile_import_hex(int);

int		 profile_mqttx_read(const struct cJSON *, const char *,
		     struct profile_import_conn *, char **);
int		 profile_explorer_read(const struct cJSON *, const char *,
		     struct profile_import_conn *, char **);
/* Whether an object looks like an MQTT Explorer connection. */
int		 profile_explorer_is(const struct cJSON *);
#endif
