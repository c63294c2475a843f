#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "edit.h"
#include "keys.h"
#include "sanitize.h"

void
edit_init(struct edit *e, int multiline)
{
	buf_init(&e->text);
	e->cur = 0;
	e->multiline = multiline;
	e->goal = -1;
}

/* Text may be a password (the form's, a prompt's): no copy left behind. */
static void
edit_wipe(struct edit *e)
{
	if (e->text.p != NULL)
		explicit_bzero(e->text.p, e->text.cap);
}

void
edit_free(struct edit *e)
{
	edit_wipe(e);
	buf_free(&e->text);
	e->cur = 0;
	e->goal = -1;
}

/*
 * Replace del bytes at at with n bytes of ins. A fresh buffer, so ins may
 * point into the text itself.
 */
static void
edit_splice(struct edit *e, size_t at, size_t del, const char *ins, size_t n)
{
	struct buf	 nb;
	const char	*old = buf_str(&e->text);

	buf_init(&nb);
	buf_add(&nb, old, at);
	buf_add(&nb, ins, n);
	buf_add(&nb, old + at + del, e->text.len - at - del);
	edit_wipe(e);
	buf_free(&e->text);
	e->text = nb;
}

void
edit_set(struct edit *e, const char *s)
{
	if (s == NULL)
		s = "";
	edit_splice(e, 0, e->text.len, s, strlen(s));
	e->cur = e->text.len;
	e->goal = -1;
}

const char *
edit_text(struct edit *e)
{
	return buf_str(&e->text);
}

void
edit_insert(struct edit *e, const char *s)
{
	size_t	n = strlen(s);

	edit_splice(e, e->cur, 0, s, n);
	e->cur += n;
	e->goal = -1;
}

/* The character boundary after pos (pos < len). */
static size_t
edit_next(struct edit *e, size_t pos)
{
	return pos + sanitize_charlen(e->text.p + pos, e->text.len - pos);
}

/*
 * The character boundary before pos (pos > 0): the start of a valid
 * sequence ending exactly at pos, else the single byte before it, which is
 * how sanitize splits the text going forward.
 */
static size_t
edit_prev(struct edit *e, size_t pos)
{
	const unsigned char	*s = (const unsigned char *)e->text.p;
	size_t			 k;

	for (k = 1; k <= 4 && k <= pos; k++) {
		if ((s[pos - k] & 0xc0) == 0x80)
			continue;
		if (sanitize_charlen(e->text.p + pos - k, k) == k)
			return pos - k;
		break;
	}
	return pos - 1;
}

static size_t
edit_line_start(struct edit *e, size_t pos)
{
	if (!e->multiline)
		return 0;
	while (pos > 0 && e->text.p[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t
edit_line_end(struct edit *e, size_t pos)
{
	const char	*p = buf_str(&e->text), *nl;

	if (!e->multiline)
		return e->text.len;
	nl = memchr(p + pos, '\n', e->text.len - pos);
	return nl == NULL ? e->text.len : (size_t)(nl - p);
}

/*
 * Columns of text[a..b) as sanitize(..., 0) shows it. Without flags every
 * character's width is independent of where it sits, so widths add up.
 */
static int
edit_width(struct edit *e, size_t a, size_t b, struct buf *tmp)
{
	buf_reset(tmp);
	sanitize(tmp, buf_str(&e->text) + a, b - a, 0);
	return sanitize_width(buf_str(tmp), tmp->len);
}

/* The last boundary in [a, b) whose column from a is at most col. */
static size_t
edit_at_column(struct edit *e, size_t a, size_t b, int col)
{
	struct buf	tmp;
	size_t		pos = a, next;
	int		w = 0, cw;

	buf_init(&tmp);
	while (pos < b) {
		next = edit_next(e, pos);
		cw = edit_width(e, pos, next, &tmp);
		if (w + cw > col)
			break;
		w += cw;
		pos = next;
	}
	buf_free(&tmp);
	return pos;
}

static int
edit_column(struct edit *e)
{
	struct buf	tmp;
	int		col;

	buf_init(&tmp);
	col = edit_width(e, edit_line_start(e, e->cur), e->cur, &tmp);
	buf_free(&tmp);
	return col;
}

void
edit_cursor(struct edit *e, int *line, int *col)
{
	size_t	i;
	int	n = 0;

	if (e->multiline) {
		for (i = 0; i < e->cur; i++) {
			if (e->text.p[i] == '\n')
				n++;
		}
	}
	*line = n;
	*col = edit_column(e);
}

static enum edit_result
edit_move(struct edit *e, size_t pos)
{
	e->cur = pos;
	return EDIT_MOVED;
}

/* Delete text[a..b) and leave the cursor at a; nothing to delete is a no-op. */
static enum edit_result
edit_delete(struct edit *e, size_t a, size_t b)
{
	if (a == b)
		return EDIT_MOVED;
	edit_splice(e, a, b - a, NULL, 0);
	e->cur = a;
	return EDIT_CHANGED;
}

static int
edit_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Back over spaces, then over the word before them (unix-word-rubout). */
static enum edit_result
edit_delete_word(struct edit *e)
{
	size_t	pos = e->cur;

	while (pos > 0 && edit_space(e->text.p[pos - 1]))
		pos--;
	while (pos > 0 && !edit_space(e->text.p[pos - 1]))
		pos--;
	return edit_delete(e, pos, e->cur);
}

/* Up (-1) or Down (+1) a line, aiming for the remembered column. */
static enum edit_result
edit_vertical(struct edit *e, int dir)
{
	size_t	start, end;
	int	goal;

	goal = e->goal >= 0 ? e->goal : edit_column(e);
	if (dir < 0) {
		start = edit_line_start(e, e->cur);
		if (start == 0)
			e->cur = 0;
		else {
			end = start - 1;
			start = edit_line_start(e, end);
			e->cur = edit_at_column(e, start, end, goal);
		}
	} else {
		end = edit_line_end(e, e->cur);
		if (end == e->text.len)
			e->cur = end;
		else {
			start = end + 1;
			end = edit_line_end(e, start);
			e->cur = edit_at_column(e, start, end, goal);
		}
	}
	e->goal = goal;
	return EDIT_MOVED;
}

/* Code points that may go into the text from a key press. */
static int
edit_insertable(int key)
{
	if (key < 0x20 || key == 0x7f || key >= KEYC_BASE)
		return 0;
	if (key >= 0x80 && key <= 0x9f)
		return 0;
	if (key >= 0xd800 && key <= 0xdfff)
		return 0;
	return 1;
}

static enum edit_result
edit_insert_char(struct edit *e, int cp)
{
	char	s[5];

	if (cp < 0x80) {
		s[0] = (char)cp;
		s[1] = '\0';
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		s[2] = '\0';
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		s[3] = '\0';
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		s[4] = '\0';
	}
	edit_insert(e, s);
	return EDIT_CHANGED;
}

enum edit_result
edit_key(struct edit *e, int key)
{
	if (key == KEYC_UP || key == KEYC_DOWN) {
		if (!e->multiline)
			return EDIT_IGNORED;
		return edit_vertical(e, key == KEYC_UP ? -1 : 1);
	}
	e->goal = -1;

	switch (key) {
	case KEYC_LEFT:
	case KEYC_CTRL('b'):
		if (e->cur == 0)
			return EDIT_MOVED;
		return edit_move(e, edit_prev(e, e->cur));
	case KEYC_RIGHT:
	case KEYC_CTRL('f'):
		if (e->cur == e->text.len)
			return EDIT_MOVED;
		return edit_move(e, edit_next(e, e->cur));
	case KEYC_HOME:
	case KEYC_CTRL('a'):
		return edit_move(e, edit_line_start(e, e->cur));
	case KEYC_END:
	case KEYC_CTRL('e'):
		return edit_move(e, edit_line_end(e, e->cur));
	case KEYC_BSPACE:
	case 0x7f:
	case KEYC_CTRL('h'):
		if (e->cur == 0)
			return EDIT_MOVED;
		return edit_delete(e, edit_prev(e, e->cur), e->cur);
	case KEYC_DC:
		if (e->cur == e->text.len)
			return EDIT_MOVED;
		return edit_delete(e, e->cur, edit_next(e, e->cur));
	case KEYC_CTRL('u'):
		return edit_delete(e, edit_line_start(e, e->cur), e->cur);
	case KEYC_CTRL('k'):
		return edit_delete(e, e->cur, edit_line_end(e, e->cur));
	case KEYC_CTRL('w'):
		return edit_delete_word(e);
	case KEYC_SPACE:
		return edit_insert_char(e, ' ');
	}
	if (edit_insertable(key))
		return edit_insert_char(e, key);
	return EDIT_IGNORED;
}
