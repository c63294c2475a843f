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
#include "store.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

static char	**view_conns_names;
static int	 *view_conns_insecure_v;	/* TLS without verification */
static int	  view_conns_n;
static int	  view_conns_fresh;

int
view_list_top(int sel, int count, int visible)
{
	int	top;

	if (visible <= 0 || count <= visible)
		return 0;
	top = sel - visible + 1;
	if (top < 0)
		top = 0;
	if (top > count - visible)
		top = count - visible;
	return top;
}

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
		return c->p->tls && c->p->insecure;
	if ((p = store_profile_load(name)) == NULL)
		return 0;
	insecure = p->tls && p->insecure;
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
		snprintf(buf, len, "offline");
		*slot = THEME_CONN_OFFLINE;
		break;
	}
}

void
view_conns_draw(struct rect r, int focused, int sel)
{
	struct conn	*c;
	char		 state[256], unread[32];
	enum theme_slot	 slot;
	attr_t		 a;
	int		 i, y, top, visible, x, uw, insecure;
	const char	*name;

	view_conns_load();
	draw_fill(r, A_NORMAL);
	draw_box(r, "Connections", focused);
	visible = (r.h - 2) / 2;
	top = view_list_top(sel, view_conns_n, visible);
	for (i = top; i < view_conns_n && i - top < visible; i++) {
		name = view_conns_names[i];
		c = conn_find(name);
		y = r.y + 1 + (i - top) * 2;
		a = i == sel ? theme_attr(focused ? THEME_SELECTION :
		    THEME_SELECTION_INACTIVE) : A_NORMAL;
		view_conns_state(c, state, sizeof state, &slot);
		draw_fill((struct rect){ y, r.x + 1, 1, r.w - 2 }, a);
		x = r.x + 1;
		x += draw_text(y, x, 2, c != NULL && c->state ==
		    CONN_CONNECTED ? "● " : "○ ", a | (i == sel ? 0 :
		    theme_attr(slot)));
		unread[0] = '\0';
		if (c != NULL && c->unread > 0)
			snprintf(unread, sizeof unread, " %llu",
			    (unsigned long long)c->unread);
		uw = (int)strlen(unread);
		insecure = view_conns_insecure_v[i];
		if (insecure)
			uw += 2;
		x += draw_bytes(y, x, r.x + r.w - 1 - x - uw, name,
		    strlen(name), a | A_BOLD);
		if (insecure)
			x += draw_text(y, x, 2, " !", a |
			    theme_attr(THEME_ERROR));
		if (unread[0] != '\0')
			draw_text(y, r.x + r.w - 1 - (int)strlen(unread),
			    (int)strlen(unread), unread, a |
			    theme_attr(THEME_TITLE));
		draw_fill((struct rect){ y + 1, r.x + 1, 1, r.w - 2 }, A_NORMAL);
		draw_bytes(y + 1, r.x + 3, r.w - 4, state, strlen(state),
		    theme_attr(slot));
	}
	if (view_conns_n == 0)
		draw_text(r.y + 1, r.x + 2, r.w - 3, "n: new profile",
		    theme_attr(THEME_META));
}
