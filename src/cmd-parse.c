#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd-parse.h"
#include "fmt.h"
#include "sanitize.h"
#include "xmalloc.h"

struct cmd_parse_state {
	struct cmd_lines	*lines;
	struct cmd_words	 cur;
	struct buf		 word;
	int			 inword;	/* "" is a word too */
};

static void
cmd_words_free(struct cmd_words *cw)
{
	int	i;

	for (i = 0; i < cw->argc; i++)
		free(cw->argv[i]);
	free(cw->argv);
	cw->argv = NULL;
	cw->argc = 0;
}

static void
cmd_parse_end_word(struct cmd_parse_state *ps)
{
	struct cmd_words	*cw = &ps->cur;

	if (!ps->inword)
		return;
	cw->argv = xrealloc(cw->argv, (cw->argc + 2) * sizeof *cw->argv);
	cw->argv[cw->argc++] = xstrdup(buf_str(&ps->word));
	cw->argv[cw->argc] = NULL;
	buf_reset(&ps->word);
	ps->inword = 0;
}

static void
cmd_parse_end_command(struct cmd_parse_state *ps)
{
	struct cmd_lines	*ls = ps->lines;

	cmd_parse_end_word(ps);
	if (ps->cur.argc == 0)
		return;		/* "a;;b" and a trailing ';' */
	ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof *ls->v);
	ls->v[ls->n++] = ps->cur;
	ps->cur.argc = 0;
	ps->cur.argv = NULL;
}

/*
 * One escape inside double quotes; s points after the backslash. Returns
 * the characters used, or 0 on error with *why set.
 */
static size_t
cmd_parse_escape(const char *s, struct buf *b, const char **why)
{
	int	hi, lo;

	switch (*s) {
	case '\0':
		*why = "unterminated quote";
		return 0;
	case '\\':
	case '"':
		buf_addc(b, *s);
		return 1;
	case 'n':
		buf_addc(b, '\n');
		return 1;
	case 'r':
		buf_addc(b, '\r');
		return 1;
	case 't':
		buf_addc(b, '\t');
		return 1;
	case 'e':
		buf_addc(b, '\033');
		return 1;
	case 'x':
		if ((hi = fmt_hexdigit(s[1])) == -1) {
			*why = "\\x needs hex digits";
			return 0;
		}
		if ((lo = fmt_hexdigit(s[2])) == -1) {
			lo = hi;
			hi = 0;
		}
		if (hi == 0 && lo == 0) {
			*why = "a NUL byte (\\x00) cannot be part of a word or topic";
			return 0;
		}
		buf_addc(b, (char)(hi << 4 | lo));
		return fmt_hexdigit(s[2]) == -1 ? 2 : 3;
	default:
		/* Unknown escapes stay as they are, like the shell. */
		buf_addc(b, '\\');
		buf_addc(b, *s);
		return 1;
	}
}

int
cmd_parse(const char *line, struct cmd_lines *lines, char **err)
{
	struct cmd_parse_state	 ps;
	const char		*s = line, *q, *why = NULL;
	size_t			 n;

	lines->n = 0;
	lines->v = NULL;
	*err = NULL;
	memset(&ps, 0, sizeof ps);
	ps.lines = lines;
	buf_init(&ps.word);

	while (*s != '\0') {
		switch (*s) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			cmd_parse_end_word(&ps);
			s++;
			break;
		case ';':
			cmd_parse_end_command(&ps);
			s++;
			break;
		case '\\':
			if (s[1] == '\0') {
				why = "trailing backslash";
				goto fail;
			}
			buf_addc(&ps.word, s[1]);
			ps.inword = 1;
			s += 2;
			break;
		case '\'':
			q = strchr(s + 1, '\'');
			if (q == NULL) {
				why = "unterminated quote";
				goto fail;
			}
			buf_add(&ps.word, s + 1, q - (s + 1));
			ps.inword = 1;
			s = q + 1;
			break;
		case '"':
			ps.inword = 1;
			for (s++; *s != '"'; s++) {
				if (*s == '\0') {
					why = "unterminated quote";
					goto fail;
				}
				if (*s != '\\') {
					buf_addc(&ps.word, *s);
					continue;
				}
				n = cmd_parse_escape(s + 1, &ps.word, &why);
				if (n == 0)
					goto fail;
				s += n;
			}
			s++;
			break;
		default:
			buf_addc(&ps.word, *s);
			ps.inword = 1;
			s++;
			break;
		}
	}
	cmd_parse_end_command(&ps);
	buf_free(&ps.word);
	return 0;

fail:
	*err = xstrdup(why);
	cmd_words_free(&ps.cur);
	buf_free(&ps.word);
	cmd_lines_free(lines);
	return -1;
}

void
cmd_lines_free(struct cmd_lines *lines)
{
	int	i;

	for (i = 0; i < lines->n; i++)
		cmd_words_free(&lines->v[i]);
	free(lines->v);
	lines->v = NULL;
	lines->n = 0;
}

char *
cmd_quote(const char *w)
{
	const unsigned char	*s;
	struct buf		 b;
	int			 plain = 1, single = 1;
	char			*out;

	if (*w == '\0')
		return xstrdup("''");
	for (s = (const unsigned char *)w; *s != '\0'; s++) {
		if (*s < 0x20 || *s == 0x7f) {
			plain = single = 0;
			break;
		}
		if (strchr(" '\";\\", *s) != NULL)
			plain = 0;
		if (*s == '\'')
			single = 0;
	}
	if (plain)
		return xstrdup(w);
	if (single)
		return xasprintf("'%s'", w);

	buf_init(&b);
	buf_addc(&b, '"');
	for (s = (const unsigned char *)w; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			buf_adds(&b, "\\\\");
			break;
		case '"':
			buf_adds(&b, "\\\"");
			break;
		case '\n':
			buf_adds(&b, "\\n");
			break;
		case '\r':
			buf_adds(&b, "\\r");
			break;
		case '\t':
			buf_adds(&b, "\\t");
			break;
		case '\033':
			buf_adds(&b, "\\e");
			break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				buf_addf(&b, "\\x%02x", *s);
			else
				buf_addc(&b, (char)*s);
			break;
		}
	}
	buf_addc(&b, '"');
	out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

void
cmd_quote_append(struct buf *b, const char *w)
{
	char	*q = cmd_quote(w);

	if (b->len > 0)
		buf_addc(b, ' ');
	buf_adds(b, q);
	free(q);
}

char *
cmd_shorten(const char *s, size_t max)
{
	size_t	len = strlen(s), i = 0, n;

	for (n = 0; n < max && i < len; n++)
		i += sanitize_charlen(s + i, len - i);
	if (i == len)
		return xstrdup(s);
	return xasprintf("%.*s…", (int)i, s);
}
