#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "sanitize.h"

struct keys_entry {
	const char	*name;
	int		 key;
};

/* Canonical names first: keys_name uses the first entry for a key. */
static const struct keys_entry keys_table[] = {
	{ "Space", KEYC_SPACE },
	{ "Tab", KEYC_TAB },
	{ "BTab", KEYC_BTAB },
	{ "Enter", KEYC_ENTER },
	{ "Escape", KEYC_ESC },
	{ "BSpace", KEYC_BSPACE },
	{ "Up", KEYC_UP },
	{ "Down", KEYC_DOWN },
	{ "Left", KEYC_LEFT },
	{ "Right", KEYC_RIGHT },
	{ "Home", KEYC_HOME },
	{ "End", KEYC_END },
	{ "PPage", KEYC_PPAGE },
	{ "NPage", KEYC_NPAGE },
	{ "IC", KEYC_IC },
	{ "DC", KEYC_DC },
	{ "F1", KEYC_F1 },
	{ "F2", KEYC_F2 },
	{ "F3", KEYC_F3 },
	{ "F4", KEYC_F4 },
	{ "F5", KEYC_F5 },
	{ "F6", KEYC_F6 },
	{ "F7", KEYC_F7 },
	{ "F8", KEYC_F8 },
	{ "F9", KEYC_F9 },
	{ "F10", KEYC_F10 },
	{ "F11", KEYC_F11 },
	{ "F12", KEYC_F12 },
	{ "Mouse", KEYC_MOUSE },
	{ "Resize", KEYC_RESIZE },

	/* Aliases, for parsing only. */
	{ "PageUp", KEYC_PPAGE },
	{ "PgUp", KEYC_PPAGE },
	{ "PageDown", KEYC_NPAGE },
	{ "PgDn", KEYC_NPAGE },
	{ "Esc", KEYC_ESC },
	{ "Return", KEYC_ENTER },
	{ "Backspace", KEYC_BSPACE },
	{ "Insert", KEYC_IC },
	{ "Delete", KEYC_DC },
};

/* The raw bytes ui.c may pass for keys that have their own KEYC_ value. */
static int
keys_normalize(int key)
{
	switch (key) {
	case '\t':
		return KEYC_TAB;
	case '\r':
		return KEYC_ENTER;
	case '\033':
		return KEYC_ESC;
	case 0x7f:
		return KEYC_BSPACE;
	case ' ':
		return KEYC_SPACE;
	}
	return key;
}

/*
 * A code point that is shown as itself in a name: not a control, not
 * something sanitize would escape, not a surrogate.
 */
static int
keys_printable(int cp)
{
	if (cp <= 0x20 || cp == 0x7f || cp >= KEYC_BASE)
		return 0;
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if ((cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return 1;
}

/* UTF-8 for a code point known to be valid; returns the bytes written. */
static int
keys_utf8(int cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

char *
keys_name(int key, char *buf)
{
	const char	*prefix = "";
	size_t		 i;
	int		 n;

	if (key < 0) {
		snprintf(buf, 32, "None");
		return buf;
	}
	if (key & KEYC_META) {
		prefix = "M-";
		key &= ~KEYC_META;
	}
	key = keys_normalize(key);

	for (i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++) {
		if (keys_table[i].key == key) {
			snprintf(buf, 32, "%s%s", prefix, keys_table[i].name);
			return buf;
		}
	}
	if (key == 0)
		snprintf(buf, 32, "%sC-Space", prefix);
	else if (key >= 1 && key <= 26)
		snprintf(buf, 32, "%sC-%c", prefix, 'a' + key - 1);
	else if (key >= 28 && key <= 31)
		snprintf(buf, 32, "%sC-%c", prefix, "\\]^_"[key - 28]);
	else if (keys_printable(key)) {
		n = snprintf(buf, 32, "%s", prefix);
		n += keys_utf8(key, buf + n);
		buf[n] = '\0';
	} else if (key < KEYC_BASE)
		snprintf(buf, 32, "%sU+%04X", prefix, (unsigned int)key);
	else
		snprintf(buf, 32, "%sUnknown", prefix);
	return buf;
}

/* C- applied to a single character, or KEYC_NONE. */
static int
keys_ctrl(int c)
{
	if (c >= 'a' && c <= 'z')
		return keys_normalize(c - 'a' + 1);
	if (c >= 'A' && c <= 'Z')
		return keys_normalize(c - 'A' + 1);
	switch (c) {
	case '@':
	case ' ':
		return 0;
	case '[':
		return KEYC_ESC;
	case '\\':
		return 28;
	case ']':
		return 29;
	case '^':
		return 30;
	case '_':
		return 31;
	case '?':
		return KEYC_BSPACE;
	}
	return KEYC_NONE;
}

/* The code point of s if it is exactly one valid UTF-8 character. */
static int
keys_char(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 len = strlen(s), n, k;
	int			 cp;

	n = sanitize_charlen(s, len);
	if (n == 0 || n != len)
		return KEYC_NONE;
	if (n == 1)
		return u[0] < 0x80 ? u[0] : KEYC_NONE;
	cp = u[0] & (0xff >> (n + 1));
	for (k = 1; k < n; k++)
		cp = (cp << 6) | (u[k] & 0x3f);
	return cp;
}

int
keys_parse(const char *name)
{
	const char	*s = name;
	char		*end;
	size_t		 i;
	unsigned long	 v;
	int		 meta = 0, ctrl = 0, key;

	/* Modifiers, in any order, as long as something follows them. */
	for (;;) {
		if ((s[0] == 'M' || s[0] == 'm') && s[1] == '-' &&
		    s[2] != '\0') {
			meta = 1;
			s += 2;
		} else if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' &&
		    s[2] != '\0') {
			ctrl = 1;
			s += 2;
		} else if (s[0] == '^' && s[1] != '\0') {
			ctrl = 1;
			s++;
		} else
			break;
	}

	if (ctrl) {
		if (strcasecmp(s, "Space") == 0)
			key = 0;
		else if (s[0] != '\0' && s[1] == '\0')
			key = keys_ctrl((unsigned char)s[0]);
		else
			key = KEYC_NONE;
	} else {
		key = KEYC_NONE;
		for (i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++) {
			if (strcasecmp(keys_table[i].name, s) == 0) {
				key = keys_table[i].key;
				break;
			}
		}
		if (key == KEYC_NONE && (s[0] == 'U' || s[0] == 'u') &&
		    s[1] == '+' && isxdigit((unsigned char)s[2])) {
			v = strtoul(s + 2, &end, 16);
			if (*end == '\0' && v < KEYC_BASE &&
			    !(v >= 0xd800 && v <= 0xdfff))
				key = keys_normalize((int)v);
		}
		if (key == KEYC_NONE) {
			key = keys_char(s);
			if (key != KEYC_NONE)
				key = keys_normalize(key);
		}
	}
	if (key == KEYC_NONE)
		return KEYC_NONE;
	return meta ? (key | KEYC_META) : key;
}
