#include <string.h>

#include "fmt.h"
#include "topic.h"

#define TOPIC_MAX	65535

/* Checks shared by names and filters. */
static int
topic_check_common(const char *s, size_t len, const char **why)
{
	if (len == 0) {
		*why = "empty topic";
		return -1;
	}
	if (memchr(s, '\0', len) != NULL) {
		*why = "topic contains a NUL byte";
		return -1;
	}
	if (len > TOPIC_MAX) {
		*why = "topic longer than 65535 bytes";
		return -1;
	}
	if (!fmt_is_utf8(s, len)) {
		*why = "topic is not valid UTF-8";
		return -1;
	}
	return 0;
}

int
topic_check_name(const char *s, size_t len, const char **why)
{
	if (topic_check_common(s, len, why) != 0)
		return -1;
	if (memchr(s, '+', len) != NULL || memchr(s, '#', len) != NULL) {
		*why = "topic must not contain wildcards";
		return -1;
	}
	return 0;
}

const char *
topic_unshare(const char *filter)
{
	const char	*g, *e;

	if (strncmp(filter, "$share/", 7) != 0)
		return filter;
	g = filter + 7;
	if ((e = strchr(g, '/')) == NULL || e == g)
		return filter;
	return e + 1;
}

int
topic_check_filter(const char *s, size_t len, const char **why)
{
	const char	*g, *e;
	size_t		 i;

	if (topic_check_common(s, len, why) != 0)
		return -1;
	/* $share/GROUP/FILTER (MQTT 5, 4.8.2): GROUP is one plain level. */
	if (len >= 7 && memcmp(s, "$share/", 7) == 0) {
		g = s + 7;
		e = memchr(g, '/', len - 7);
		if (e == NULL || e == g || e + 1 == s + len) {
			*why = "a shared subscription is $share/GROUP/FILTER";
			return -1;
		}
		if (memchr(g, '+', e - g) != NULL ||
		    memchr(g, '#', e - g) != NULL) {
			*why = "a share group must not contain wildcards";
			return -1;
		}
		len -= (size_t)(e + 1 - s);
		s = e + 1;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '#') {
			if ((i > 0 && s[i - 1] != '/') || i != len - 1) {
				*why = "'#' must be the last level on its own";
				return -1;
			}
		} else if (s[i] == '+') {
			if ((i > 0 && s[i - 1] != '/') ||
			    (i + 1 < len && s[i + 1] != '/')) {
				*why = "'+' must be alone in its level";
				return -1;
			}
		}
	}
	return 0;
}

int
topic_match(const char *filter, const char *topic)
{
	const char	*f, *t = topic, *fe, *te;
	size_t		 fl, tl;

	f = filter = topic_unshare(filter);
	/* Wildcards at the first level never match $SYS and friends. */
	if (topic[0] == '$' && (filter[0] == '+' || filter[0] == '#'))
		return 0;
	for (;;) {
		fe = strchr(f, '/');
		if (fe == NULL)
			fe = f + strlen(f);
		te = strchr(t, '/');
		if (te == NULL)
			te = t + strlen(t);
		fl = fe - f;
		tl = te - t;

		if (fl == 1 && *f == '#')
			return 1;
		if (!(fl == 1 && *f == '+')) {
			if (fl != tl || memcmp(f, t, fl) != 0)
				return 0;
		}

		if (*fe == '\0' && *te == '\0')
			return 1;
		if (*fe == '\0')
			return 0;	/* the topic has more levels */
		if (*te == '\0')	/* "a/#" also matches its parent "a" */
			return strcmp(fe, "/#") == 0;
		f = fe + 1;
		t = te + 1;
	}
}
