/*
 * The chat-style message view. History lives in the store: each draw reads
 * one window of it (newest first, at most a screenful) and lays bubbles out
 * from the bottom up. Received messages sit on the left, published ones on
 * the right. Scrolling moves an anchor id, so nothing grows with history.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curses.h>

#include "buf.h"
#include "draw.h"
#include "fmt.h"
#include "msg.h"
#include "sanitize.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define VIEW_MSGS_PREVIEW	16384	/* payload bytes read per message */
#define VIEW_MSGS_MAX		128	/* messages read per draw at most */

struct view_msg {
	int64_t		 id;
	int		 dir;
	char		*topic;
	char		*payload;	/* the first VIEW_MSGS_PREVIEW bytes */
	size_t		 len;		/* bytes held */
	size_t		 total;		/* bytes in the message */
	int		 qos;
	int		 retain;
	int64_t		 time_ms;
};

enum view_line_kind { LINE_TEXT, LINE_JSON, LINE_HEX, LINE_FOLD };

struct view_line {
	char			*text;	/* safe UTF-8 */
	enum view_line_kind	 kind;
};

static struct {
	char		*conn;
	char		*filter;	/* subscription filter */
	char		*text;		/* text filter */
	int64_t		 bottom;	/* id at the bottom, 0: the newest */
	int		 sel;		/* selected, counted from the bottom */
	int		 nvisible;
	int64_t		 ids[VIEW_MSGS_MAX];
	int		 nids;
	long		 fresh;		/* arrived while scrolled up */
} vm;

static struct view_msg	*vm_win;
static int		 vm_nwin;

static void
view_msgs_clear_window(void)
{
	int	i;

	for (i = 0; i < vm_nwin; i++) {
		free(vm_win[i].topic);
		free(vm_win[i].payload);
	}
	free(vm_win);
	vm_win = NULL;
	vm_nwin = 0;
}

static int
view_msgs_wanted(const struct msg *m)
{
	size_t	n;

	if (vm.text == NULL)
		return 1;
	n = strlen(vm.text);
	if (strstr(m->topic, vm.text) != NULL)
		return 1;
	return m->len >= n && memmem(m->payload, m->len, vm.text, n) != NULL;
}

struct view_fetch {
	int	limit;
	int64_t	last;
};

static void
view_msgs_add(const struct msg *m, void *arg)
{
	struct view_fetch	*f = arg;
	struct view_msg		*v;

	f->last = m->id;
	if (vm_nwin >= f->limit || !view_msgs_wanted(m))
		return;
	vm_win = xrealloc(vm_win, (vm_nwin + 1) * sizeof *vm_win);
	v = &vm_win[vm_nwin++];
	v->id = m->id;
	v->dir = m->dir;
	v->topic = xstrdup(m->topic);
	v->len = m->len < VIEW_MSGS_PREVIEW ? m->len : VIEW_MSGS_PREVIEW;
	v->payload = xmemdup(m->payload, v->len + 1);
	v->payload[v->len] = '\0';
	v->total = m->len;
	v->qos = m->qos;
	v->retain = m->retain;
	v->time_ms = m->time_ms;
}

/* One window of history, newest first, ending at the anchor. */
static void
view_msgs_fetch(int limit)
{
	struct view_fetch	f = { limit, 0 };
	int64_t			before = vm.bottom > 0 ? vm.bottom + 1 : 0;
	int			i, n;

	view_msgs_clear_window();
	if (vm.conn == NULL)
		return;
	/* A text filter may skip rows: read a few windows at most. */
	for (i = 0; i < 8 && vm_nwin < limit; i++) {
		f.last = 0;
		n = store_msg_window(vm.conn, vm.filter, before, limit, 
		    view_msgs_add, &f);
		if (n <= 0 || f.last == 0)
			break;
		before = f.last;
		if (vm.text == NULL)
			break;
	}
}

static void
view_msgs_line(struct view_line **v, int *n, const char *text, size_t len,
    enum view_line_kind kind)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].text = xstrndup(text, len);
	(*v)[*n].kind = kind;
	(*n)++;
}

/* Wrap safe text (with real newlines) to width columns, at spaces. */
static void
view_msgs_wrap(struct view_line **v, int *n, const char *s, int width,
    enum view_line_kind kind)
{
	const char	*nl;
	size_t		 len, fit, cut;
	int		 used;

	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		do {
			fit = sanitize_fit(s, len, width, &used);
			if (fit == 0 && len > 0)
				fit = sanitize_charlen(s, len);	/* too wide */
			/* Break after the last space rather than in a word. */
			cut = fit;
			if (fit < len && s[fit] != ' ') {
				while (cut > 0 && s[cut - 1] != ' ')
					cut--;
				if (cut == 0)
					cut = fit;
			}
			view_msgs_line(v, n, s, cut > 1 && s[cut - 1] == ' ' &&
			    cut < len ? cut - 1 : cut, kind);
			s += cut;
			len -= cut;
			/* The space a line broke at does not start the next. */
			if (cut == fit && len > 0 && *s == ' ') {
				s++;
				len--;
			}
		} while (len > 0);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

static int
view_msgs_is_json(const struct view_msg *m, char **pretty)
{
	cJSON	*j;
	char	*p, *q;
	const char *s = m->payload;

	*pretty = NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if ((*s != '{' && *s != '[') || m->len != m->total)
		return 0;
	if ((j = cJSON_ParseWithLength(m->payload, m->len)) == NULL)
		return 0;
	p = cJSON_Print(j);
	cJSON_Delete(j);
	if (p == NULL)
		return 0;
	/* Tabs to two spaces (one after a colon): bubbles are narrow. */
	*pretty = xmalloc(strlen(p) * 2 + 1);
	for (q = *pretty, s = p; *s != '\0'; s++) {
		if (*s == '\t' && s > p && s[-1] == ':')
			*q++ = ' ';
		else if (*s == '\t') {
			*q++ = ' ';
			*q++ = ' ';
		} else
			*q++ = *s;
	}
	*q = '\0';
	free(p);
	return 1;
}

/* The body of a bubble, folded to maxlines with "… N more bytes". */
static int
view_msgs_body(const struct view_msg *m, int width, int maxlines,
    struct view_line **out)
{
	struct view_line	*v = NULL;
	struct buf		 b;
	char			*pretty, fold[64];
	size_t			 shown = 0, total, i, per;
	int			 n = 0, k;

	buf_init(&b);
	if (m->total == 0)
		view_msgs_line(&v, &n, "(empty)", 7, LINE_FOLD);
	else if (view_msgs_is_json(m, &pretty)) {
		sanitize(&b, pretty, strlen(pretty), SANITIZE_NEWLINES);
		free(pretty);
		view_msgs_wrap(&v, &n, buf_str(&b), width, LINE_JSON);
	} else if (fmt_is_utf8(m->payload, m->len)) {
		sanitize(&b, m->payload, m->len, SANITIZE_NEWLINES |
		    SANITIZE_TABS);
		view_msgs_wrap(&v, &n, buf_str(&b), width, LINE_TEXT);
	} else {
		per = (width + 1) / 3;
		if (per < 1)
			per = 1;
		for (i = 0; i < m->len && (int)(i / per) < maxlines; i += per) {
			buf_reset(&b);
			fmt_hex(&b, m->payload + i, m->len - i < per ?
			    m->len - i : per, 0);
			view_msgs_line(&v, &n, buf_str(&b), b.len, LINE_HEX);
		}
	}
	if (n > maxlines) {
		/* Bytes shown: count what the kept lines cover. */
		total = b.len > 0 ? b.len : m->total;
		for (k = 0; k < maxlines - 1; k++)
			shown += strlen(v[k].text) + 1;
		if (v[0].kind == LINE_HEX)
			shown = (maxlines - 1) * ((width + 1) / 3);
		for (k = maxlines - 1; k < n; k++)
			free(v[k].text);
		n = maxlines - 1;
		snprintf(fold, sizeof fold, "… %zu more bytes", total > shown ?
		    total - shown + (m->total - m->len) : m->total - m->len);
		view_msgs_line(&v, &n, fold, strlen(fold), LINE_FOLD);
	} else if (m->total > m->len || (v[0].kind == LINE_HEX &&
	    (size_t)n * ((width + 1) / 3) < m->total)) {
		per = v[0].kind == LINE_HEX ? (size_t)n * ((width + 1) / 3) :
		    m->len;
		snprintf(fold, sizeof fold, "… %zu more bytes",
		    m->total > per ? m->total - per : 0);
		view_msgs_line(&v, &n, fold, strlen(fold), LINE_FOLD);
	}
	buf_free(&b);
	*out = v;
	return n;
}

/* JSON text coloured token by token; the text is already safe. */
static void
view_msgs_json_line(int y, int x, int w, const char *s, attr_t base)
{
	const char	*p = s, *start;
	enum theme_slot	 slot;
	char		*tok;
	int		 used = 0, n;

	while (*p != '\0' && used < w) {
		start = p;
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
			}
			if (*p == '"')
				p++;
			n = 0;
			while (p[n] == ' ')
				n++;
			slot = p[n] == ':' ? THEME_JSON_KEY : THEME_JSON_STRING;
		} else if ((*p >= '0' && *p <= '9') || *p == '-') {
			while ((*p >= '0' && *p <= '9') || *p == '-' ||
			    *p == '.' || *p == 'e' || *p == 'E' || *p == '+')
				p++;
			slot = THEME_JSON_NUMBER;
		} else if (strncmp(p, "true", 4) == 0 ||
		    strncmp(p, "null", 4) == 0) {
			p += 4;
			slot = THEME_JSON_LITERAL;
		} else if (strncmp(p, "false", 5) == 0) {
			p += 5;
			slot = THEME_JSON_LITERAL;
		} else {
			p++;
			while (*p != '\0' && strchr("\"-0123456789tfn", *p) ==
			    NULL)
				p++;
			slot = THEME_NSLOTS;
		}
		tok = xstrndup(start, p - start);
		used += draw_text(y, x + used, w - used, tok,
		    slot == THEME_NSLOTS ? base : theme_attr(slot));
		free(tok);
	}
}

static void
view_msgs_free_lines(struct view_line *v, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* Topic, QoS, retained badge and time; returns the columns it needs. */
static int
view_msgs_header(int y, int x, int w, const struct view_msg *m, attr_t sel,
    int draw)
{
	struct buf	 topic;
	char		 meta[64], when[16];
	time_t		 t = m->time_ms / 1000;
	struct tm	 tm;
	int		 colour, tw, used = 0;

	buf_init(&topic);
	sanitize(&topic, m->topic, strlen(m->topic), 0);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	snprintf(meta, sizeof meta, " q%d ", m->qos);
	tw = sanitize_width(buf_str(&topic), topic.len);
	if (!draw) {
		buf_free(&topic);
		return tw + (int)strlen(meta) + (m->retain ? 4 : 0) +
		    (int)strlen(when);
	}
	colour = view_subs_colour(vm.conn, m->topic);
	used += draw_text(y, x, w - ((int)strlen(meta) + (m->retain ? 4 : 0) +
	    (int)strlen(when)), buf_str(&topic),
	    sel | A_BOLD | (colour >= 0 ? theme_sub_attr(colour) :
	    theme_attr(THEME_TOPIC)));
	used += draw_text(y, x + used, w - used, meta, sel |
	    theme_attr(THEME_META));
	if (m->retain)
		used += draw_text(y, x + used, w - used, " R ", sel |
		    theme_attr(THEME_RETAINED_BADGE));
	if (m->retain)
		used += draw_text(y, x + used, w - used, " ", sel);
	used += draw_text(y, x + used, w - used, when, sel |
	    theme_attr(THEME_META));
	buf_free(&topic);
	return used;
}

void
view_msgs_draw(struct rect r, int focused)
{
	struct view_line	*lines;
	struct view_msg		*m;
	char			*title, note[64];
	attr_t			 body, sel;
	int			 i, k, n, inner = r.w - 2, bw, maxw, width;
	int			 maxlines, y, top = r.y + 1, bottom;
	int			 x, h, lw, colour;

	draw_fill(r, A_NORMAL);
	title = xasprintf("%s%s%s%s%s", vm.conn ? vm.conn : "Messages",
	    vm.filter ? " · " : "", vm.filter ? vm.filter : "",
	    vm.text ? " / " : "", vm.text ? vm.text : "");
	draw_box(r, title, focused);
	free(title);
	if (vm.conn == NULL || inner < 10 || r.h < 4)
		return;
	maxw = inner * 4 / 5;
	if (maxw < 16)
		maxw = inner - 2;
	maxlines = (r.h - 2) / 3;
	if (maxlines < 3)
		maxlines = 3;
	view_msgs_fetch(r.h - 2 < VIEW_MSGS_MAX ? r.h - 2 : VIEW_MSGS_MAX);
	if (vm.sel >= vm_nwin)
		vm.sel = vm_nwin > 0 ? vm_nwin - 1 : 0;
	vm.nids = 0;
	for (i = 0; i < vm_nwin && i < VIEW_MSGS_MAX; i++)
		vm.ids[vm.nids++] = vm_win[i].id;

	bottom = r.y + r.h - 2;
	vm.nvisible = 0;
	for (i = 0; i < vm_nwin && bottom >= top; i++) {
		m = &vm_win[i];
		width = maxw - 4;
		n = view_msgs_body(m, width, maxlines, &lines);
		bw = view_msgs_header(0, 0, 0, m, 0, 0);
		for (k = 0; k < n; k++) {
			lw = sanitize_width(lines[k].text,
			    strlen(lines[k].text));
			if (lw > bw)
				bw = lw;
		}
		bw += 2;
		if (bw > maxw)
			bw = maxw;
		h = n + 1;
		y = bottom - h + 1;
		x = m->dir == MSG_OUT ? r.x + 1 + inner - bw - 1 : r.x + 2;
		sel = i == vm.sel ? theme_attr(focused ? THEME_SELECTION :
		    THEME_SELECTION_INACTIVE) : 0;
		body = theme_attr(m->dir == MSG_OUT ? THEME_BUBBLE_OUT :
		    THEME_BUBBLE_IN);
		colour = view_subs_colour(vm.conn, m->topic);
		if (y >= top)
			view_msgs_header(y, x, bw, m, sel, 1);
		for (k = 0; k < n; k++) {
			if (y + 1 + k < top)
				continue;
			/* A bar in the subscription's colour marks the side. */
			draw_text(y + 1 + k, m->dir == MSG_OUT ? x + bw - 1 :
			    x - 1, 1, "│", colour >= 0 ?
			    theme_sub_attr(colour) : theme_attr(THEME_META));
			if (lines[k].kind == LINE_JSON)
				view_msgs_json_line(y + 1 + k, x, bw - 1,
				    lines[k].text, body);
			else
				draw_text(y + 1 + k, x, bw - 1, lines[k].text,
				    lines[k].kind == LINE_TEXT ? body :
				    lines[k].kind == LINE_HEX ?
				    theme_attr(THEME_HEX) :
				    theme_attr(THEME_META));
		}
		view_msgs_free_lines(lines, n);
		if (y >= top)
			vm.nvisible++;
		bottom = y - 2;
	}
	if (vm.nvisible == 0 && vm_nwin > 0)
		vm.nvisible = 1;
	if (vm_nwin == 0)
		draw_text(r.y + 1, r.x + 2, inner - 1, vm.text || vm.filter ?
		    "no messages match" : "no messages yet",
		    theme_attr(THEME_META));
	if (vm.fresh > 0) {
		snprintf(note, sizeof note, " %ld new ↓ ", vm.fresh);
		draw_text(r.y + r.h - 1, r.x + r.w - 2 -
		    sanitize_width(note, strlen(note)), r.w - 2, note,
		    theme_attr(THEME_RETAINED_BADGE));
	}
	view_msgs_clear_window();
}

void
view_msgs_set(const char *conn, const char *filter)
{
	free(vm.conn);
	free(vm.filter);
	vm.conn = conn != NULL ? xstrdup(conn) : NULL;
	vm.filter = filter != NULL ? xstrdup(filter) : NULL;
	view_msgs_bottom();
}

void
view_msgs_text_filter(const char *text)
{
	free(vm.text);
	vm.text = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	view_msgs_bottom();
}

void
view_msgs_bottom(void)
{
	vm.bottom = 0;
	vm.sel = 0;
	vm.fresh = 0;
}

/* Positive: towards older messages; negative: towards the newest. */
void
view_msgs_scroll(int n)
{
	int64_t	next;

	if (n == INT_MAX) {
		vm.sel = vm.nvisible > 0 ? vm.nvisible - 1 : 0;
		return;
	}
	for (; n > 0; n--) {
		if (vm.sel + 1 < vm.nvisible)
			vm.sel++;
		else if (vm.nids > 1) {
			/* Move the window up one message. */
			vm.bottom = vm.ids[1];
			memmove(vm.ids, vm.ids + 1, (vm.nids - 1) *
			    sizeof *vm.ids);
			vm.nids--;
		}
	}
	for (; n < 0; n++) {
		if (vm.sel > 0)
			vm.sel--;
		else if (vm.bottom != 0) {
			next = store_msg_newer(vm.conn, vm.filter, vm.bottom);
			vm.bottom = next;
			if (next == 0)
				vm.fresh = 0;
		}
	}
}

void
view_msgs_page(int dir)
{
	int	step = vm.nvisible > 1 ? vm.nvisible - 1 : 1;

	view_msgs_scroll(dir > 0 ? step : -step);
}

void
view_msgs_arrived(const char *conn, int dir)
{
	/* Hold the selection still while the user reads older messages. */
	if (vm.bottom == 0 && vm.sel > 0 && vm.nids > 0)
		vm.bottom = vm.ids[0];
	if (vm.bottom != 0 && dir == MSG_IN)
		vm.fresh++;
	ui_dirty(UI_DIRTY_MSGS);
}

int
view_msgs_following(void)
{
	return vm.bottom == 0 && vm.sel == 0;
}

int64_t
view_msgs_selected(void)
{
	return vm.sel < vm.nids ? vm.ids[vm.sel] : 0;
}
