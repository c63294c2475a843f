/*
 * Reading another client's export: which format a file is, the checks
 * every reader shares, and names that do not clash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "profile-import.h"
#include "xmalloc.h"

static const char *const profile_import_kinds[] = {
	"a string", "a number", "true or false", "an object", "an array"
};

int
profile_import_get(const cJSON *o, const char *key,
    enum profile_import_kind kind, const char *path, const cJSON **out,
    char **err)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);
	int		 ok;

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return 0;
	switch (kind) {
	case PI_STRING:
		ok = cJSON_IsString(it);
		break;
	case PI_NUMBER:
		ok = cJSON_IsNumber(it);
		break;
	case PI_BOOL:
		ok = cJSON_IsBool(it);
		break;
	case PI_OBJECT:
		ok = cJSON_IsObject(it);
		break;
	default:
		ok = cJSON_IsArray(it);
		break;
	}
	if (!ok) {
		*err = xasprintf("%s.%s: must be %s", path, key,
		    profile_import_kinds[kind]);
		return -1;
	}
	*out = it;
	return 0;
}

int
profile_import_int(const cJSON *it, const char *path, long long min,
    long long max, long long *out, char **err)
{
	double	v = it->valuedouble;

	if (v != (double)(long long)v || v < (double)min || v > (double)max) {
		*err = xasprintf("%s: must be a whole number, %lld-%lld", path,
		    min, max);
		return -1;
	}
	*out = (long long)v;
	return 0;
}

void
profile_import_skip(struct profile_import_conn *c, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	c->skipped = xrealloc(c->skipped, (c->nskipped + 1) *
	    sizeof *c->skipped);
	c->skipped[c->nskipped++] = s;
}

void
profile_import_set(struct profile_import_conn *c, const char *field,
    const char *text, const char *key)
{
	const struct profile_field	*f = profile_field_by_name(field);
	char				*err;

	if (f == NULL)
		fatal("no profile field %s", field);
	if (profile_field_parse(c->p, f, text, &err) != 0) {
		profile_import_skip(c, "%s: %s", key, err);
		free(err);
	}
}

struct sub *
profile_import_sub(struct profile_import_conn *c, const char *topic)
{
	struct sub	*s = sub_new(topic);

	c->subs = xrealloc(c->subs, (c->nsubs + 1) * sizeof *c->subs);
	c->subs[c->nsubs++] = s;
	return s;
}

/* The default theme's sub-palette-0..7 as MQTTX's colours. */
static const struct {
	const char	*hex;
	int		 r, g, b;
} profile_import_palette[] = {
	{ "#00CDCD", 0x00, 0xcd, 0xcd },	/* cyan */
	{ "#CD00CD", 0xcd, 0x00, 0xcd },	/* magenta */
	{ "#00CD00", 0x00, 0xcd, 0x00 },	/* green */
	{ "#CDCD00", 0xcd, 0xcd, 0x00 },	/* yellow */
	{ "#0000EE", 0x00, 0x00, 0xee },	/* blue */
	{ "#CD0000", 0xcd, 0x00, 0x00 },	/* red */
	{ "#00FFFF", 0x00, 0xff, 0xff },	/* bright cyan */
	{ "#FF00FF", 0xff, 0x00, 0xff },	/* bright magenta */
};
#define PROFILE_IMPORT_NCOLORS \
	((int)(sizeof profile_import_palette / sizeof profile_import_palette[0]))

int
profile_import_color(const char *s)
{
	unsigned int	r, g, b;
	long		d, best = -1;
	int		i, slot = -1;
	char		end;

	if (s == NULL || sscanf(s, "#%2x%2x%2x%c", &r, &g, &b, &end) != 3 ||
	    strlen(s) != 7)
		return -1;
	for (i = 0; i < PROFILE_IMPORT_NCOLORS; i++) {
		d = ((long)r - profile_import_palette[i].r) *
		    ((long)r - profile_import_palette[i].r) +
		    ((long)g - profile_import_palette[i].g) *
		    ((long)g - profile_import_palette[i].g) +
		    ((long)b - profile_import_palette[i].b) *
		    ((long)b - profile_import_palette[i].b);
		if (best == -1 || d < best) {
			best = d;
			slot = i;
		}
	}
	return slot;
}

const char *
profile_import_hex(int slot)
{
	if (slot < 0 || slot >= PROFILE_IMPORT_NCOLORS)
		return NULL;
	return profile_import_palette[slot].hex;
}

static struct profile_import_conn *
profile_import_add(struct profile_import *set, const char *path)
{
	struct profile_import_conn	*c;

	set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
	c = &set->v[set->n++];
	memset(c, 0, sizeof *c);
	c->p = profile_new();
	c->path = xstrdup(path);
	return c;
}

/* One connection object at path, in whichever format it is. */
static int
profile_import_one(struct profile_import *set, const cJSON *o,
    const char *path, int explorer, char **err)
{
	struct profile_import_conn	*c;

	if (!cJSON_IsObject(o)) {
		*err = xasprintf("%s: must be an object", path);
		return -1;
	}
	c = profile_import_add(set, path);
	if (explorer || profile_explorer_is(o)) {
		if (set->format == NULL)
			set->format = "MQTT Explorer";
		return profile_explorer_read(o, path, c, err);
	}
	if (set->format == NULL)
		set->format = "MQTTX";
	return profile_mqttx_read(o, path, c, err);
}

/* Line and column of a byte offset, for a JSON syntax error. */
static void
profile_import_where(const char *text, size_t off, int *line, int *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* An object whose members are all MQTT Explorer connections. */
static int
profile_import_is_dict(const cJSON *o)
{
	const cJSON	*it;
	int		 n = 0;

	cJSON_ArrayForEach(it, o) {
		if (!cJSON_IsObject(it) || !profile_explorer_is(it))
			return 0;
		n++;
	}
	return n > 0;
}

static int
profile_import_dict(struct profile_import *set, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*it;
	char		*p;
	int		 rc = 0;

	cJSON_ArrayForEach(it, o) {
		p = xasprintf("%s.%s", path, it->string);
		rc = profile_import_one(set, it, p, 1, err);
		free(p);
		if (rc != 0)
			break;
	}
	return rc;
}

int
profile_import_read(struct profile_import *set, const char *text,
    size_t len, char **err)
{
	const cJSON	*it, *d;
	cJSON		*root;
	const char	*where;
	char		 path[32];
	int		 i = 0, line, col, rc = 0;

	memset(set, 0, sizeof *set);
	*err = NULL;
	if ((root = cJSON_ParseWithLength(text, len)) == NULL) {
		where = cJSON_GetErrorPtr();
		if (where != NULL && where >= text && where <= text + len) {
			profile_import_where(text, where - text, &line, &col);
			*err = xasprintf("not JSON: a syntax error at line %d,"
			    " column %d", line, col);
		} else
			*err = xstrdup("not JSON");
		return -1;
	}
	if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(it, root) {
			snprintf(path, sizeof path, "$[%d]", i++);
			if ((rc = profile_import_one(set, it, path, 0,
			    err)) != 0)
				break;
		}
	} else if (!cJSON_IsObject(root)) {
		*err = xstrdup("$: must be an array or an object of "
		    "connections");
		rc = -1;
	} else if ((d = cJSON_GetObjectItemCaseSensitive(root,
	    "ConnectionManager_connections")) != NULL) {
		if (!cJSON_IsObject(d)) {
			*err = xstrdup("$.ConnectionManager_connections: must "
			    "be an object");
			rc = -1;
		} else
			rc = profile_import_dict(set, d,
			    "$.ConnectionManager_connections", err);
	} else if (profile_import_is_dict(root))
		rc = profile_import_dict(set, root, "$", err);
	else
		rc = profile_import_one(set, root, "$", 0, err);
	cJSON_Delete(root);
	if (rc == 0 && set->n == 0) {
		*err = xstrdup("no connections in the file");
		rc = -1;
	}
	if (rc != 0)
		profile_import_free(set);
	return rc;
}

/* At most max characters of s, with no blank at the end. */
static char *
profile_import_cut(const char *s, size_t max)
{
	size_t	i, n = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			break;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return xstrndup(s, i);
}

/* Whether name is taken by the store or by one named before index n. */
static int
profile_import_clash(struct profile_import *set, int n, const char *name,
    int (*taken)(const char *, void *), void *arg)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (strcmp(set->v[i].p->name, name) == 0)
			return 1;
	}
	return taken(name, arg);
}

void
profile_import_names(struct profile_import *set,
    int (*taken)(const char *, void *), void *arg)
{
	struct profile_import_conn	*c;
	const char			*why;
	char				*base, *name, *cut, sfx[16];
	int				 i, k;

	for (i = 0; i < set->n; i++) {
		c = &set->v[i];
		base = xstrdup(c->from != NULL && *c->from != '\0' ? c->from :
		    c->p->host);
		if ((why = profile_name_why(base)) != NULL) {
			if (c->from != NULL && *c->from != '\0')
				profile_import_skip(c, "name: %s", why);
			free(base);
			base = xstrdup(c->p->host);
			if (profile_name_why(base) != NULL) {
				free(base);
				base = xstrdup("Imported");
			}
		}
		name = xstrdup(base);
		for (k = 2; profile_import_clash(set, i, name, taken, arg);
		    k++) {
			free(name);
			snprintf(sfx, sizeof sfx, " (%d)", k);
			cut = profile_import_cut(base,
			    PROFILE_NAME_MAX - strlen(sfx));
			name = xasprintf("%s%s", cut, sfx);
			free(cut);
		}
		free(base);
		profile_set(&c->p->name, name);
		free(name);
	}
}

void
profile_import_free(struct profile_import *set)
{
	struct profile_import_conn	*c;
	int				 i, j;

	for (i = 0; i < set->n; i++) {
		c = &set->v[i];
		profile_free(c->p);
		free(c->from);
		free(c->path);
		for (j = 0; j < c->nsubs; j++)
			sub_free(c->subs[j]);
		free(c->subs);
		for (j = 0; j < c->nskipped; j++)
			free(c->skipped[j]);
		free(c->skipped);
	}
	free(set->v);
	memset(set, 0, sizeof *set);
}

int
profile_import_endpoint(struct profile_import_conn *c, const cJSON *o,
    const char *path, char **err)
{
	const cJSON	*v;
	long long	 n;
	char		*s;
	int		 rc;

	if (profile_import_get(o, "name", PI_STRING, path, &v, err) != 0)
		return -1;
	if (v != NULL)
		c->from = xstrdup(v->valuestring);
	if (profile_import_get(o, "host", PI_STRING, path, &v, err) != 0)
		return -1;
	if (v == NULL || *v->valuestring == '\0') {
		*err = xasprintf("%s.host: missing", path);
		return -1;
	}
	profile_set(&c->p->host, v->valuestring);
	if (profile_import_get(o, "port", PI_NUMBER, path, &v, err) != 0)
		return -1;
	if (v == NULL) {
		*err = xasprintf("%s.port: missing", path);
		return -1;
	}
	s = xasprintf("%s.port", path);
	rc = profile_import_int(v, s, 1, 65535, &n, err);
	free(s);
	if (rc == 0)
		c->p->port = (int)n;
	return rc;
}
