/*
 * The connection list: every saved profile, then live connections that
 * have no profile. Two lines each: name with unread count and marks, then
 * the state in words (with the reason when there is one).
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "conn.h"
#include "draw.h"
#include "loop.h"
#include "panel.h"
#include "store.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

static char	**view_conns_names;
static int	 *view_conns_insecure_v;	/* TLS without verification */
static int	  view_conns_n;
static int	  view_conns_fresh;
static struct panel view_conns_p;

/* The list is read once a frame (or a key): ui.c marks it stale. */
void
view_conns_stale(void)
{
	view_conns_fresh = 0;
}

static int
view_conns_insecure(const char *name)
{
	struct conn	*c;
	struct profile	*p;
	int		 insecure;

	if ((c = conn_find(name)) != NULL)
		return c->p->tls && (c->p->insecure || c->p->no_verify);
	if ((p = store_profile_load(name)) == NULL)
		return 0;
	insecure = p->tls && (p->insecure || p->no_verify);
	profile_free(p);
	return insecure;
}

static void
view_conns_load(void)
{
	struct conn	*c;
	char		**names;
	int		 i, n = 0;

	if (view_conns_fresh)
		return;
	view_conns_fresh = 1;
	for (i = 0; i < view_conns_n; i++)
		free(view_conns_names[i]);
	free(view_conns_names);
	free(view_conns_insecure_v);
	names = store_profile_names();
	for (i = 0; names != NULL && names[i] != NULL; i++)
		n++;
	TAILQ_FOREACH(c, &conn_list, entry)
		n++;
	view_conns_names = xcalloc(n + 1, sizeof *view_conns_names);
	view_conns_n = 0;
	for (i = 0; names != NULL && names[i] != NULL; i++)
		view_conns_names[view_conns_n++] = xstrdup(names[i]);
	store_free_names(names);
	TAILQ_FOREACH(c, &conn_list, entry) {
		for (i = 0; i < view_conns_n; i++) {
			if (strcmp(view_conns_names[i], c->name) == 0)
				break;
		}
		if (i == view_conns_n)
			view_conns_names[view_conns_n++] = xstrdup(c->name);
	}
	view_conns_insecure_v = xcalloc(n + 1, sizeof *view_conns_insecure_v);
	for (i = 0; i < view_conns_n; i++)
		view_conns_insecure_v[i] = view_conns_insecure(
		    view_conns_names[i]);
}

int
view_conns_count(void)
{
	view_conns_load();
	return view_conns_n;
}

const char *
view_conns_name(int i)
{
	view_conns_load();
	return i >= 0 && i < view_conns_n ? view_conns_names[i] : NULL;
}

static void
view_conns_state(struct conn *c, char *buf, size_t len, enum theme_slot *slot)
{
	int64_t	left;

	if (c == NULL) {
		snprintf(buf, len, "offline");
		*slot = THEME_CONN_OFFLINE;
		return;
	}
	switch (c->state) {
	case CONN_CONNECTED:
		snprintf(buf, len, "connected");
		*slot = THEME_CONN_CONNECTED;
		break;
	case CONN_CONNECTING:
	case CONN_DISCONNECTING:
		snprintf(buf, len, "%s", conn_state_name(c->state));
		*slot = THEME_CONN_CONNECTING;
		break;
	case CONN_RECONNECT_WAIT:
		left = (c->reconnect_at - loop_now() + 999) / 1000;
		snprintf(buf, len, "reconnecting in %lld s%s%s",
		    (long long)(left > 0 ? left : 0), c->reason ? ": " : "",
		    c->reason ? c->reason : "");
		*slot = THEME_CONN_CONNECTING;
		break;
	case CONN_ERROR:
		snprintf(buf, len, "error: %s", c->reason ? c->reason : "?");
		*slot = THEME_CONN_ERROR;
		break;
	default:
		/* Taken offline: the broker keeps its session meanwhile. */
		snprintf(buf, len, c->offline ? "session kept" : "offline");
		*slot = THEME_CONN_OFFLINE;
		break;
	}
}

static int
view_conns_height(struct panel *p, int row)
{
	return 2;
}

static int
view_conns_has(struct panel *p, int row, const char *text)
{
	return panel_has(view_conns_names[row], text);
}

/* Name, marks and unread count; then the state, under it. */
static void
view_conns_row(struct panel *p, const struct panel_row *r)
{
	struct conn	*c;
	char		 state[256], unread[32];
	enum theme_slot	 slot;
	attr_t		 a;
	int		 i = r->row, y = r->y, x, uw, insecure;
	const char	*name = view_conns_names[i];

	c = conn_find(name);
	/* Selected: the selection's own colours alone, never mixed in. */
	a = i == p->sel ? theme_attr(p->focused ? THEME_SELECTION :
	    THEME_SELECTION_INACTIVE) : 0;
	view_conns_state(c, state, sizeof state, &slot);
	draw_fill((struct rect){ y, p->x, 1, p->w }, a);
	x = p->x;
	x += draw_text(y, x, 2, c != NULL && c->state == CONN_CONNECTED ?
	    "● " : "○ ", a != 0 ? a : theme_attr(slot));
	unread[0] = '\0';
	if (c != NULL && c->unread > 0)
		snprintf(unread, sizeof unread, " %llu",
		    (unsigned long long)c->unread);
	uw = (int)strlen(unread);
	insecure = view_conns_insecure_v[i];
	if (insecure)
		uw += 2;
	x += draw_bytes(y, x, p->x + p->w - x - uw, name, strlen(name),
	    a | A_BOLD);
	if (insecure)
		x += draw_text(y, x, 2, " !", a != 0 ? a :
		    theme_attr(THEME_ERROR));
	if (unread[0] != '\0')
		draw_text(y, p->x + p->w - (int)strlen(unread),
		    (int)strlen(unread), unread, a != 0 ? a :
		    theme_attr(THEME_TITLE));
	if (r->lines < 2)
		return;
	draw_fill((struct rect){ y + 1, p->x, 1, p->w }, A_NORMAL);
	draw_bytes(y + 1, p->x + 2, p->w - 2, state, strlen(state),
	    theme_attr(slot));
}

struct panel *
view_conns_panel(void)
{
	struct panel	*p = &view_conns_p;

	if (p->draw == NULL) {
		panel_init(p, 0, NULL);
		p->height = view_conns_height;
		p->draw = view_conns_row;
		p->match = view_conns_has;
	}
	view_conns_load();
	if (p->n != view_conns_n)
		panel_set_count(p, view_conns_n);
	return p;
}

void
view_conns_draw(struct rect r)
{
	struct panel	*p = view_conns_panel();

	draw_fill(r, A_NORMAL);
	draw_box(r, "Connections", p->focused);
	draw_panel(p);
	if (view_conns_n == 0)
		draw_text(r.y + 1, r.x + 2, r.w - 3, "n: new profile",
		    theme_attr(THEME_META));
}
