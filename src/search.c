/*
 * Search criteria: parsing the flags, and checking one message. The store
 * narrows the rows by index; this file is the one judge of a hit, so an
 * index that over-selects (trigrams, ids of a time range) costs time only.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <getopt.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "search.h"
#include "topic.h"
#include "xmalloc.h"

static const struct option search_options[] = {
	{ "topic", required_argument, NULL, 'T' },
	{ "text", required_argument, NULL, 'x' },
	{ "regex", required_argument, NULL, 'e' },
	{ "jq", required_argument, NULL, 'j' },
	{ "since", required_argument, NULL, 's' },
	{ "until", required_argument, NULL, 'u' },
	{ "dir", required_argument, NULL, 'd' },
	{ "retained", no_argument, NULL, 'r' },
	{ "qos", required_argument, NULL, 'q' },
	{ "prop", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 }
};

void
search_init(struct search_query *q)
{
	memset(q, 0, sizeof *q);
	q->dir = -1;
	q->qos = -1;
	q->limit = SEARCH_LIMIT;
}

void
search_free(struct search_query *q)
{
	free(q->conn);
	free(q->topic);
	free(q->text);
	free(q->regex);
	free(q->jq);
	free(q->prop_key);
	free(q->prop_value);
	free(q->out);
	if (q->md != NULL)
		pcre2_match_data_free(q->md);
	if (q->re != NULL)
		pcre2_code_free(q->re);
	search_init(q);
}

static int
search_relative(const char *s, int64_t now_ms, int64_t *out)
{
	char	*end;
	double	 v, unit;

	v = strtod(s, &end);
	if (end == s || !(v >= 0) || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (*end) {
	case 's':
		unit = 1e3;
		break;
	case 'm':
		unit = 60e3;
		break;
	case 'h':
		unit = 3600e3;
		break;
	case 'd':
		unit = 86400e3;
		break;
	case 'w':
		unit = 7 * 86400e3;
		break;
	default:
		return -1;
	}
	if (v * unit > (double)now_ms)
		return -1;
	*out = now_ms - (int64_t)(v * unit);
	return 0;
}

/* "2026-11-29", "2026-11-29T03:00", "…:07", "…Z", "…+01:00" */
static int
search_iso(const char *s, int64_t *out)
{
	struct tm	 tm;
	const char	*p;
	time_t		 t;
	int		 n = 0, off = 0, utc = 0, oh, om;
	char		 sign;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &n) != 3 || n != 10)
		return -1;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		n = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min,
		    &n) != 2 || n != 5)
			return -1;
		p += 1 + n;
		if (*p == ':') {
			n = 0;
			if (sscanf(p + 1, "%2d%n", &tm.tm_sec, &n) != 1 ||
			    n != 2)
				return -1;
			p += 1 + n;
		}
	}
	if (*p == 'Z') {
		utc = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p;
		n = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5)
			return -1;
		utc = 1;
		off = (oh * 60 + om) * 60 * (sign == '-' ? -1 : 1);
		p += 1 + n;
	}
	if (*p != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_isdst = -1;
	t = utc ? timegm(&tm) - off : mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (int64_t)t * 1000;
	return 0;
}

int
search_parse_time(const char *s, int64_t now_ms, int64_t *out,
    const char **why)
{
	char	*end;
	long long v;

	*why = "a time like 10m, 2h, 3d, 2026-11-29T03:00 or @MS";
	if (*s == '@') {
		v = strtoll(s + 1, &end, 10);
		if (s[1] == '\0' || *end != '\0' || v < 0)
			return -1;
		*out = v;
		return 0;
	}
	if (search_relative(s, now_ms, out) == 0 || search_iso(s, out) == 0)
		return 0;
	return -1;
}

static int
search_compile(struct search_query *q, char **err)
{
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	int		 code;

	q->re = pcre2_compile((PCRE2_SPTR)q->regex, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	if (q->re == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		*err = xasprintf("bad regex '%s' at offset %zu: %s",
		    q->regex, (size_t)off, (char *)msg);
		return -1;
	}
	q->md = pcre2_match_data_create_from_pattern(q->re, NULL);
	return 0;
}

static int
search_set(char **slot, const char *flag, const char *v, char **err)
{
	if (*v == '\0') {
		*err = xasprintf("%s needs a value", flag);
		return -1;
	}
	free(*slot);
	*slot = xstrdup(v);
	return 0;
}

static int
search_flag(struct search_query *q, int c, const char *arg, int64_t now_ms,
    char **err)
{
	const char	*why, *eq;
	char		*end;
	long		 v;

	switch (c) {
	case 't':
		return search_set(&q->conn, "-t", arg, err);
	case 'T':
		if (topic_check_filter(arg, strlen(arg), &why) != 0) {
			*err = xasprintf("bad topic filter '%s': %s", arg,
			    why);
			return -1;
		}
		return search_set(&q->topic, "--topic", arg, err);
	case 'x':
		return search_set(&q->text, "--text", arg, err);
	case 'e':
		if (search_set(&q->regex, "--regex", arg, err) != 0)
			return -1;
		return search_compile(q, err);
	case 'j':
		return search_set(&q->jq, "--jq", arg, err);
	case 's':
	case 'u':
		if (search_parse_time(arg, now_ms, c == 's' ? &q->since_ms :
		    &q->until_ms, &why) != 0) {
			*err = xasprintf("bad time '%s' for %s: %s", arg,
			    c == 's' ? "--since" : "--until", why);
			return -1;
		}
		return 0;
	case 'd':
		if (strcmp(arg, "in") == 0)
			q->dir = MSG_IN;
		else if (strcmp(arg, "out") == 0)
			q->dir = MSG_OUT;
		else {
			*err = xasprintf("bad direction '%s': in or out", arg);
			return -1;
		}
		return 0;
	case 'r':
		q->retained = 1;
		return 0;
	case 'q':
		if (strlen(arg) != 1 || arg[0] < '0' || arg[0] > '2') {
			*err = xasprintf("bad QoS '%s': 0, 1 or 2", arg);
			return -1;
		}
		q->qos = arg[0] - '0';
		return 0;
	case 'p':
		if ((eq = strchr(arg, '=')) == NULL || eq == arg) {
			*err = xasprintf("bad property '%s': KEY=VALUE", arg);
			return -1;
		}
		free(q->prop_key);
		free(q->prop_value);
		q->prop_key = xstrndup(arg, (size_t)(eq - arg));
		q->prop_value = xstrdup(eq + 1);
		return 0;
	case 'o':
		return search_set(&q->out, "-o", arg, err);
	case 'f':
		if (strcmp(arg, "jsonl") == 0)
			q->format = SEARCH_FORMAT_JSONL;
		else if (strcmp(arg, "csv") == 0)
			q->format = SEARCH_FORMAT_CSV;
		else if (strcmp(arg, "mqttx") == 0)
			q->format = SEARCH_FORMAT_MQTTX;
		else {
			*err = xasprintf("bad format '%s': jsonl, csv or "
			    "mqttx", arg);
			return -1;
		}
		return 0;
	case 'n':
		v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || v < 0 || v > 100000000) {
			*err = xasprintf("bad count '%s' for -n: a whole "
			    "number (0: no limit)", arg);
			return -1;
		}
		q->limit = v;
		q->limit_set = 1;
		return 0;
	}
	return -1;
}

int
search_parse(struct search_query *q, int argc, char **argv, int64_t now_ms,
    int export, char **err)
{
	char	*s;
	int	 c;

	*err = NULL;
	if (export) {
		q->limit = 0;
		q->asc = 1;
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, export ? ":t:n:o:" : ":t:n:",
	    search_options, NULL)) != -1) {
		if (c == 'f' && !export) {
			*err = xstrdup("--format is a flag of export");
			return -1;
		}
		if (c == ':') {
			*err = xasprintf("%s needs a value", argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			if (optopt != 0)
				*err = xasprintf("unknown flag '-%c'", optopt);
			else
				*err = xasprintf("unknown flag '%s'",
				    argv[optind - 1]);
			return -1;
		}
		if (search_flag(q, c, optarg, now_ms, err) != 0)
			return -1;
	}
	/* Words after the flags are text to find, as typed at a prompt. */
	if (optind < argc && q->text != NULL) {
		*err = xasprintf("text given twice: --text '%s' and '%s'",
		    q->text, argv[optind]);
		return -1;
	}
	for (; optind < argc; optind++) {
		if (*argv[optind] == '\0')
			continue;
		if (q->text == NULL)
			q->text = xstrdup(argv[optind]);
		else {
			s = xasprintf("%s %s", q->text, argv[optind]);
			free(q->text);
			q->text = s;
		}
	}
	if (export && q->out == NULL) {
		*err = xstrdup("no output file: give -o FILE");
		return -1;
	}
	if (q->since_ms != 0 && q->until_ms != 0 &&
	    q->since_ms > q->until_ms) {
		*err = xstrdup("--since is after --until");
		return -1;
	}
	return 0;
}

int
search_contains(const void *hay, size_t len, const char *needle)
{
	const unsigned char	*h = hay;
	size_t			 n = strlen(needle), i, j;

	if (n == 0)
		return 1;
	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++) {
			if (tolower(h[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

static int
search_re(const struct search_query *q, const void *s, size_t len)
{
	return pcre2_match(q->re, (PCRE2_SPTR)s, len, 0, 0, q->md, NULL) >= 0;
}

/* A v5 user property KEY with VALUE, in the stored properties JSON. */
static int
search_prop(const struct search_query *q, const char *props)
{
	cJSON		*obj, *up, *it, *k, *v;
	int		 hit = 0;

	if (props == NULL || strstr(props, q->prop_key) == NULL)
		return 0;
	if ((obj = cJSON_Parse(props)) == NULL)
		return 0;
	up = cJSON_GetObjectItemCaseSensitive(obj, "user-property");
	cJSON_ArrayForEach(it, up) {
		k = cJSON_GetArrayItem(it, 0);
		v = cJSON_GetArrayItem(it, 1);
		if (cJSON_IsString(k) && cJSON_IsString(v) &&
		    strcmp(k->valuestring, q->prop_key) == 0 &&
		    strcmp(v->valuestring, q->prop_value) == 0) {
			hit = 1;
			break;
		}
	}
	cJSON_Delete(obj);
	return hit;
}

int
search_match(const struct search_query *q, const struct msg *m)
{
	if (m->dir != MSG_IN && m->dir != MSG_OUT)
		return 0;
	if (q->conn != NULL && strcmp(q->conn, m->conn) != 0)
		return 0;
	if (q->dir != -1 && (int)m->dir != q->dir)
		return 0;
	if (q->qos != -1 && m->qos != q->qos)
		return 0;
	if (q->retained && !m->retain)
		return 0;
	if (q->since_ms != 0 && m->time_ms < q->since_ms)
		return 0;
	if (q->until_ms != 0 && m->time_ms > q->until_ms)
		return 0;
	if (q->topic != NULL && !topic_match(q->topic, m->topic))
		return 0;
	if (q->text != NULL && !search_contains(m->payload, m->len, q->text) &&
	    !search_contains(m->topic, strlen(m->topic), q->text))
		return 0;
	if (q->re != NULL && !search_re(q, m->payload, m->len) &&
	    !search_re(q, m->topic, strlen(m->topic)))
		return 0;
	if (q->prop_key != NULL && !search_prop(q, m->props))
		return 0;
	/* Last: the dearest test runs on what passed all the others. */
	if (q->jq != NULL && (q->jq_match == NULL ||
	    !q->jq_match(q->jq, m->payload, m->len)))
		return 0;
	return 1;
}
