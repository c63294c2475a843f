/* A connection profile: everything needed to (re)connect to a broker. */
#ifndef PROFILE_H
#define PROFILE_H
#include <stddef.h>
#include <stdint.h>

#include "profile-fields.h"

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

#define PF_C_STR	char *
#define PF_C_INT	int
#define PF_C_I64	int64_t
#define PF_C_BOOL	int
#define PF_C_MS		int
#define PF_C_PROPS	struct props

#define PROFILE_MEMBER(m, t, ...)	PF_C_##t m;
struct profile {
	int64_t		 id;		/* store row id, 0 when never saved */
	PROFILE_FIELDS(PROFILE_MEMBER)
};
#undef PROFILE_MEMBER

enum profile_type {
	PF_STR, PF_INT, PF_I64, PF_BOOL, PF_MS, PF_PROPS
};

#define PROFILE_ID(m, ...)	PF_ID_##m,
enum profile_field_id {
	PROFILE_FIELDS(PROFILE_ID)
	PF_NFIELDS
};
#undef PROFILE_ID

/* One row of the field table, for code that walks every field. */
struct profile_field {
	enum profile_field_id	 id;
	const char		*name;		/* member, JSON key */
	enum profile_type	 type;
	size_t			 off;
	int			 shortopt;
	const char		*flag;		/* long flag */
	const char		*column;
	const char		*label;		/* form row, NULL: none */
	const char		*section;	/* form heading above */
	const char		*hint;
	long long		 def, min, max;
	int			 versions;	/* PF_V3 | PF_V4 | PF_V5 */
	int			 attrs;		/* PF_URL, PF_SECRET, ... */
};
extern const struct profile_field profile_fields[PF_NFIELDS];


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
/* Properties as one line: "NAME=VALUE; user-property=K=V" (\ escapes). */
char		*profile_props_text(const struct props *);
int		 profile_props_parse(const char *, struct props *, char **);
int		 props_from_json(struct props *, const char *);

/* profile-field.c: generic work over the table. */
const struct profile_field *profile_field_by_flag(const char *);
const struct profile_field *profile_field_by_name(const char *);
/* Choices a field takes (form), NULL when free. */
const char *const *profile_field_choices(const struct profile_field *);
/* Set one field from text as its flag reads it; 0, or -1 with *err. */
int		 profile_field_parse(struct profile *,
		     const struct profile_field *, const char *, char **);
/* The field's value as its flag would take it; NULL when unset or -1. */
char		*profile_field_format(const struct profile *,
		     const struct profile_field *);
int		 profile_field_is_default(const struct profile *,
		     const struct profile_field *);
/* Whether the field applies to p: its MQTT version, TLS, will. */
int		 profile_field_applies(const struct profile *,
		     const struct profile_field *);
/* p as a JSON object of its non-default fields (secrets if asked). */
char		*profile_to_json(const struct profile *, int);
/* Fields from a JSON object onto p; 0, or -1 with *err naming the key. */
int		 profile_from_json(struct profile *, const char *, char **);
/* The URL of p's broker: mqtt(s)/ws(s)://host:port[/path]. */
char		*profile_url(const struct profile *);
/*
 * Where the password comes from at connect: "command", "env", "ask" or
 * "stored" (in that order when more are set), NULL: none.
 */
const char	*profile_password_source(const struct profile *);
/* TLS checking: "verified", "insecure", "no-verify"; NULL without TLS. */
const char	*profile_tls_mark(const struct profile *);
/* "save NAME URL flags..." that makes p again (secrets if asked). */
char		*profile_save_line(const struct profile *, int);

/*
 * Parse connection flags (mosquitto_sub spelling) from argv into p.
 * Returns 0, or -1 with *err set to a one-line message. Sets *url to the
 * first non-option word when url is not NULL (else extra words are errors).
 */
int		 profile_parse_flags(struct profile *, int, char **,
		     const char **, char **);
#endif
