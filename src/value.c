#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fmt-json.h"
#include "value.h"
#include "xmalloc.h"

/* One step of a path: a member name, or an array index. */
struct value_step {
	int	 index;			/* 1: idx, 0: name */
	long	 idx;
	char	 name[VALUE_PATH_MAX + 1];
};

static void
value_err(char **err, char *msg)
{
	if (err != NULL)
		*err = msg;
	else
		free(msg);
}

int
value_is_number(const char *s, size_t len)
{
	size_t	i = 0, digits = 0;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	while (len > i && isspace((unsigned char)s[len - 1]))
		len--;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len && isdigit((unsigned char)s[i]); i++)
		digits++;
	if (i < len && s[i] == '.')
		for (i++; i < len && isdigit((unsigned char)s[i]); i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || !isdigit((unsigned char)s[i]))
			return 0;
		while (i < len && isdigit((unsigned char)s[i]))
			i++;
	}
	return i == len;
}

/* Number text (already checked) into v; -1 when too long or too big. */
static int
value_from_text(const char *s, size_t len, struct value *v, char **err)
{
	char	*end;

	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= sizeof v->text) {
		value_err(err, xasprintf("number too long (%zu characters)",
		    len));
		return -1;
	}
	memcpy(v->text, s, len);
	v->text[len] = '\0';
	errno = 0;
	v->num = strtod(v->text, &end);
	if (*end != '\0' || !isfinite(v->num)) {
		value_err(err, xasprintf("number out of range: %s", v->text));
		return -1;
	}
	return 0;
}

/* Parse the next step at *p: 1 with a step, 0 at the end, -1 on error. */
static int
value_step_next(const char **p, struct value_step *st, char **err)
{
	const char	*s = *p, *start;
	size_t		 n = 0;
	char		*end;

	if (*s == '\0')
		return 0;
	if (*s == '.') {
		start = ++s;
		if (*s == '[')		/* .["x"] and .[0] read as ["x"], [0] */
			goto bracket;
		while (*s != '\0' && strchr(".[]\" \t", *s) == NULL)
			s++;
		if (s == start) {
			value_err(err, xasprintf("bad path: empty name after "
			    "'.' at '%.20s'", *p));
			return -1;
		}
		st->index = 0;
		memcpy(st->name, start, s - start);
		st->name[s - start] = '\0';
		*p = s;
		return 1;
	}
	if (*s != '[') {
		value_err(err, xasprintf("bad path: expected '.' or '[' at "
		    "'%.20s'", s));
		return -1;
	}
bracket:
	s++;
	if (*s == '"') {
		for (s++; *s != '"'; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			if (*s == '\0') {
				value_err(err, xstrdup("bad path: unterminated "
				    "\" in [\"...\"]"));
				return -1;
			}
			st->name[n++] = *s;
		}
		st->name[n] = '\0';
		if (s[1] != ']') {
			value_err(err, xstrdup("bad path: expected ] after "
			    "[\"...\""));
			return -1;
		}
		st->index = 0;
		*p = s + 2;
		return 1;
	}
	if (!isdigit((unsigned char)*s)) {
		value_err(err, xasprintf("bad path: expected an index or "
		    "\"name\" after '[' at '%.20s'", s));
		return -1;
	}
	errno = 0;
	st->idx = strtol(s, &end, 10);
	if (*end != ']' || errno != 0 || st->idx > 1000000000L) {
		value_err(err, xasprintf("bad path: bad index at '%.20s'", s));
		return -1;
	}
	st->index = 1;
	*p = end + 1;
	return 1;
}

int
value_path_check(const char *path, char **err)
{
	struct value_step	st;
	const char		*p = path;
	int			 r;

	if (strlen(path) > VALUE_PATH_MAX) {
		value_err(err, xasprintf("path too long (over %d characters)",
		    VALUE_PATH_MAX));
		return -1;
	}
	if (strcmp(path, ".") == 0)
		return 0;
	while ((r = value_step_next(&p, &st, err)) == 1)
		;
	return r;
}

/*
 * The walk over the text itself (it passed fmt_json_valid), so that a
 * number comes out exactly as written; cJSON decodes the odd string.
 */
static const char *
value_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Past the string that starts at p (its opening quote). */
static const char *
value_skip_string(const char *p, const char *e)
{
	for (p++; p < e && *p != '"'; p++) {
		if (*p == '\\')
			p++;
	}
	return p < e ? p + 1 : e;
}

/* Past the value that starts at p. */
static const char *
value_skip(const char *p, const char *e)
{
	int	depth = 0;

	if (*p == '"')
		return value_skip_string(p, e);
	if (*p != '{' && *p != '[') {
		while (p < e && strchr(",]} \t\n\r", *p) == NULL)
			p++;
		return p;
	}
	while (p < e) {
		if (*p == '"') {
			p = value_skip_string(p, e);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return e;
}

/* A JSON string token, decoded (heap), or NULL. */
static char *
value_string(const char *p, const char *end)
{
	cJSON	*it = cJSON_ParseWithLength(p, (size_t)(end - p));
	char	*s = NULL;

	if (cJSON_IsString(it) && it->valuestring != NULL)
		s = xstrdup(it->valuestring);
	cJSON_Delete(it);
	return s;
}

/* The key token k..end names name. */
static int
value_key_is(const char *k, const char *end, const char *name)
{
	char	*s;
	int	 same;

	if (memchr(k, '\\', end - k) == NULL)
		return (size_t)(end - k - 2) == strlen(name) &&
		    memcmp(k + 1, name, end - k - 2) == 0;
	s = value_string(k, end);
	same = s != NULL && strcmp(s, name) == 0;
	free(s);
	return same;
}

/* The start of the value the step chooses in the one at p, or NULL. */
static const char *
value_step_in(const char *p, const char *e, const struct value_step *st)
{
	const char	*k;
	long		 i = 0;

	if (*p != (st->index ? '[' : '{'))
		return NULL;
	p = value_ws(p + 1, e);
	while (p < e && *p != ']' && *p != '}') {
		if (!st->index) {
			k = p;
			p = value_skip_string(p, e);
			if (value_key_is(k, p, st->name))
				return value_ws(value_ws(p, e) + 1, e);
			p = value_ws(value_ws(p, e) + 1, e);	/* the ':' */
		} else if (i++ == st->idx)
			return p;
		p = value_ws(value_skip(p, e), e);
		if (p < e && *p == ',')
			p = value_ws(p + 1, e);
	}
	return NULL;
}

/* The value at p: a number as written, a numeric string, true/false. */
static int
value_at(const char *p, const char *e, const char *what, struct value *v,
    char **err)
{
	const char	*end = value_skip(p, e);
	char		*s;
	int		 r;

	if (*p == '-' || (*p >= '0' && *p <= '9'))
		return value_from_text(p, (size_t)(end - p), v, err);
	if (*p == 't' || *p == 'f') {
		v->num = *p == 't';
		snprintf(v->text, sizeof v->text, "%s", *p == 't' ? "true" :
		    "false");
		return 0;
	}
	if (*p == '"' && (s = value_string(p, end)) != NULL) {
		r = value_is_number(s, strlen(s)) ?
		    value_from_text(s, strlen(s), v, err) : 1;
		free(s);
		if (r <= 0)
			return r;
	}
	value_err(err, xasprintf("%s is not a number", what));
	return -1;
}

int
value_get(const void *payload, size_t len, const char *path,
    struct value *v, char **err)
{
	struct value_step	 st;
	const char		*p = payload, *e = p + len, *at;
	char			*what;
	int			 r;

	if (value_path_check(path, err) != 0)
		return -1;
	if (strcmp(path, ".") == 0)
		path = "";
	if (*path == '\0' && value_is_number(payload, len))
		return value_from_text(payload, len, v, err);
	/* Strict first: what follows may trust the text's shape. */
	if (!fmt_json_valid(payload, len)) {
		value_err(err, xstrdup(*path == '\0' ?
		    "payload is not a number" : "payload is not JSON"));
		return -1;
	}
	p = value_ws(p, e);
	at = path;
	while ((r = value_step_next(&at, &st, NULL)) == 1) {
		if ((p = value_step_in(p, e, &st)) == NULL) {
			value_err(err, xasprintf("no field %.*s in the "
			    "payload", (int)(at - path), path));
			return -1;
		}
	}
	what = *path == '\0' ? xstrdup("payload") :
	    xasprintf("field %s", path);
	r = value_at(p, e, what, v, err);
	free(what);
	return r;
}

/* Append the step for a member name, quoted when it needs to be. */
static void
value_path_name(struct buf *b, const char *name)
{
	const char	*s;

	if (*name != '\0' && strpbrk(name, ".[]\" \t") == NULL) {
		buf_addf(b, ".%s", name);
		return;
	}
	buf_add(b, "[\"", 2);
	for (s = name; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"]", 2);
}

/* Depth first: 1 when a numeric leaf was found under it (path in b). */
static int
value_find(const cJSON *it, struct buf *b, int depth)
{
	const cJSON	*c;
	size_t		 mark = b->len;
	int		 i = 0;

	if (depth > 64)
		return 0;
	if (!cJSON_IsObject(it) && !cJSON_IsArray(it))
		return (cJSON_IsNumber(it) && isfinite(it->valuedouble)) ||
		    cJSON_IsBool(it) || (cJSON_IsString(it) &&
		    it->valuestring != NULL &&
		    value_is_number(it->valuestring, strlen(it->valuestring)));
	cJSON_ArrayForEach(c, it) {
		/* A name given twice means its first: value_get's reading. */
		if (cJSON_IsObject(it) && (c->string == NULL ||
		    cJSON_GetObjectItemCaseSensitive(it, c->string) != c))
			continue;
		if (cJSON_IsObject(it))
			value_path_name(b, c->string);
		else
			buf_addf(b, "[%d]", i);
		i++;
		if (value_find(c, b, depth + 1))
			return 1;
		b->len = mark;
	}
	return 0;
}

char *
value_first_path(const void *payload, size_t len)
{
	struct buf	 b;
	struct value	 v;
	cJSON		*root;
	char		*out = NULL;

	if (value_is_number(payload, len))
		out = xstrdup("");
	else if (fmt_json_valid(payload, len) &&
	    (root = cJSON_ParseWithLength(payload, len)) != NULL) {
		buf_init(&b);
		if (value_find(root, &b, 0) && b.len <= VALUE_PATH_MAX)
			out = xstrndup(b.p != NULL ? b.p : "", b.len);
		buf_free(&b);
		cJSON_Delete(root);
	}
	/* A number too long to keep or too big for a double is none. */
	if (out != NULL && value_get(payload, len, out, &v, NULL) != 0) {
		free(out);
		out = NULL;
	}
	return out;
}
