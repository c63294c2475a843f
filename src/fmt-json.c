#include <string.h>

#include "fmt-json.h"

enum {
	FMT_JSON_VALUE,		/* a value (or a key) starts at off */
	FMT_JSON_STRING,	/* inside a string */
	FMT_JSON_ESCAPE,	/* after a backslash in a string */
	FMT_JSON_SCALAR,	/* inside a number or a literal */
	FMT_JSON_AFTER,		/* after a value: ',' or a close or the end */
	FMT_JSON_CLOSE,		/* the bracket at off closes a container */
	FMT_JSON_END,
};

static size_t
fmt_json_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

/* After a string starting at s[i] ('"'), or 0 when it does not end. */
static size_t
fmt_json_string(const char *s, size_t len, size_t i)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 k;

	for (i++; i < len; i++) {
		if (u[i] == '"')
			return i + 1;
		if (u[i] < 0x20)
			return 0;
		if (u[i] != '\\')
			continue;
		if (++i >= len)
			return 0;
		if (u[i] == 'u') {
			for (k = 1; k <= 4; k++) {
				if (i + k >= len || strchr("0123456789abcdefABCDEF",
				    u[i + k]) == NULL || u[i + k] == '\0')
					return 0;
			}
			i += 4;
		} else if (strchr("\"\\/bfnrt", u[i]) == NULL || u[i] == '\0')
			return 0;
	}
	return 0;
}

static size_t
fmt_json_digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* After a number or literal at s[i], or 0 when there is none. */
static size_t
fmt_json_scalar(const char *s, size_t len, size_t i)
{
	static const char	*lits[] = { "true", "false", "null" };
	size_t			 k, n, j;

	for (k = 0; k < 3; k++) {
		n = strlen(lits[k]);
		if (len - i >= n && memcmp(s + i, lits[k], n) == 0)
			return i + n;
	}
	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if (i < len && s[i] >= '1' && s[i] <= '9')
		i = fmt_json_digits(s, len, i);
	else
		return 0;
	if (i < len && s[i] == '.') {
		j = fmt_json_digits(s, len, i + 1);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		j = fmt_json_digits(s, len, i);
		if (j == i)
			return 0;
		i = j;
	}
	return i;
}

int
fmt_json_valid(const char *s, size_t len)
{
	char	stack[FMT_JSON_DEPTH];	/* '}' or ']' for each open level */
	int	depth = 0;
	size_t	i = 0;

	/* Expecting a value; then after it, a ',' or a close or the end. */
value:
	i = fmt_json_ws(s, len, i);
	if (i >= len)
		return 0;
	if (s[i] == '{' || s[i] == '[') {
		if (depth == FMT_JSON_DEPTH)
			return 0;
		stack[depth++] = s[i] == '{' ? '}' : ']';
		i = fmt_json_ws(s, len, i + 1);
		if (i < len && s[i] == stack[depth - 1]) {
			depth--;
			i++;
			goto after;
		}
		if (stack[depth - 1] == '}')
			goto key;
		goto value;
	}
	if (s[i] == '"')
		i = fmt_json_string(s, len, i);
	else
		i = fmt_json_scalar(s, len, i);
	if (i == 0)
		return 0;
after:
	i = fmt_json_ws(s, len, i);
	if (depth == 0)
		return i == len;
	if (i >= len)
		return 0;
	if (s[i] == stack[depth - 1]) {
		depth--;
		i++;
		goto after;
	}
	if (s[i] != ',')
		return 0;
	i++;
	if (stack[depth - 1] == ']')
		goto value;
key:
	i = fmt_json_ws(s, len, i);
	if (i >= len || s[i] != '"' || (i = fmt_json_string(s, len, i)) == 0)
		return 0;
	i = fmt_json_ws(s, len, i);
	if (i >= len || s[i] != ':')
		return 0;
	i++;
	goto value;
}

void
fmt_json_start(struct fmt_json *j)
{
	memset(j, 0, sizeof *j);
	j->state = FMT_JSON_VALUE;
}

/* A newline and the indentation of the current depth come next. */
static void
fmt_json_newline(struct fmt_json *j)
{
	j->lit = "\n";
	j->spaces = 2 * j->depth;
}

int
fmt_json_getc(struct fmt_json *j, const char *s, size_t len)
{
	size_t	e;
	char	c;

	for (;;) {
		if (j->lit != NULL && *j->lit != '\0')
			return (unsigned char)*j->lit++;
		j->lit = NULL;
		if (j->spaces > 0) {
			j->spaces--;
			return ' ';
		}
		/* Valid text does not end here; never read past it. */
		if (j->off >= len && (j->state == FMT_JSON_STRING ||
		    j->state == FMT_JSON_ESCAPE || j->state == FMT_JSON_CLOSE))
			j->state = FMT_JSON_END;
		switch (j->state) {
		case FMT_JSON_VALUE:
			j->off = fmt_json_ws(s, len, j->off);
			if (j->off >= len) {
				j->state = FMT_JSON_END;
				continue;
			}
			c = s[j->off];
			if (c == '{' || c == '[') {
				e = fmt_json_ws(s, len, j->off + 1);
				if (e < len && s[e] == (c == '{' ? '}' : ']')) {
					/* Empty: "{}" on one line. */
					j->lit = c == '{' ? "}" : "]";
					j->off = e + 1;
					j->state = FMT_JSON_AFTER;
				} else {
					j->off++;
					j->depth++;
					fmt_json_newline(j);
				}
				return (unsigned char)c;
			}
			if (c == '"') {
				/* A string followed by ':' is a key. */
				e = fmt_json_string(s, len, j->off);
				e = fmt_json_ws(s, len, e);
				j->key = e < len && s[e] == ':';
				j->state = FMT_JSON_STRING;
				j->off++;
				return '"';
			}
			j->state = FMT_JSON_SCALAR;
			continue;
		case FMT_JSON_STRING:
			c = s[j->off++];
			if (c == '\\')
				j->state = FMT_JSON_ESCAPE;
			else if (c == '"') {
				if (j->key) {
					j->off = fmt_json_ws(s, len, j->off) + 1;
					j->lit = ": ";
					j->state = FMT_JSON_VALUE;
				} else
					j->state = FMT_JSON_AFTER;
			}
			return (unsigned char)c;
		case FMT_JSON_ESCAPE:
			j->state = FMT_JSON_STRING;
			return (unsigned char)s[j->off++];
		case FMT_JSON_SCALAR:
			c = j->off < len ? s[j->off] : ' ';
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r' &&
			    c != ',' && c != ']' && c != '}') {
				j->off++;
				return (unsigned char)c;
			}
			j->state = FMT_JSON_AFTER;
			continue;
		case FMT_JSON_AFTER:
			j->off = fmt_json_ws(s, len, j->off);
			if (j->off >= len || j->depth == 0) {
				j->state = FMT_JSON_END;
				continue;
			}
			if (s[j->off] == ',') {
				j->off++;
				fmt_json_newline(j);
				j->state = FMT_JSON_VALUE;
				return ',';
			}
			j->depth--;
			fmt_json_newline(j);
			j->state = FMT_JSON_CLOSE;
			continue;
		case FMT_JSON_CLOSE:
			j->state = FMT_JSON_AFTER;
			return (unsigned char)s[j->off++];
		default:
			return -1;
		}
	}
}
