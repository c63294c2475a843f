/*
 * The subscriptions of the selected connection: the live ones when it is
 * connected, else those saved with its profile. Row 0 shows everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "conn.h"
#include "draw.h"
#include "panel.h"
#include "store.h"
#include "theme.h"
#include "topic.h"
#include "view.h"
#include "xmalloc.h"

struct view_sub {
	char		*topic;
	char		*alias;
	int		 qos;
	int		 colour;
	int		 enabled;
	int		 rap;		/* retain as published */
	int		 live;		/* 0 saved, 1 down, 2 up */
	enum sub_state	 state;
	uint64_t	 count;
};

static struct view_sub	*view_subs_v;
static int		 view_subs_n;
static char		*view_subs_name;	/* whose list is held */
static int		 view_subs_fresh;
static struct panel	 view_subs_p;

static void
view_subs_clear(void)
{
	int	i;

	for (i = 0; i < view_subs_n; i++) {
		free(view_subs_v[i].topic);
		free(view_subs_v[i].alias);
	}
	free(view_subs_v);
	view_subs_v = NULL;
	view_subs_n = 0;
}

static void
view_subs_add(const struct sub *s, void *arg)
{
	struct view_sub	*v;
	struct conn	*c;

	view_subs_v = xrealloc(view_subs_v, (view_subs_n + 1) *
	    sizeof *view_subs_v);
	v = &view_subs_v[view_subs_n];
	v->topic = xstrdup(s->topic);
	v->alias = s->alias != NULL ? xstrdup(s->alias) : NULL;
	v->qos = s->qos;
	/* Colours go round the palette in order unless one was chosen. */
	v->colour = s->color >= 0 ? s->color : view_subs_n;
	v->enabled = s->enabled;
	v->rap = s->rap;
	c = arg;
	v->live = c == NULL ? 0 : c->state == CONN_CONNECTED ? 2 : 1;
	v->state = arg != NULL ? s->state : (s->enabled ? SUB_PENDING :
	    SUB_DISABLED);
	v->count = s->count;
	view_subs_n++;
}

/* Read once a frame (or a key), not once a bubble: ui.c marks it stale. */
void
view_subs_stale(void)
{
	view_subs_fresh = 0;
}

static void
view_subs_load(const char *name)
{
	struct conn	*c;
	struct sub	*s;

	if (view_subs_fresh && (name == NULL ? view_subs_name == NULL :
	    view_subs_name != NULL && strcmp(name, view_subs_name) == 0))
		return;
	view_subs_clear();
	free(view_subs_name);
	view_subs_name = name != NULL ? xstrdup(name) : NULL;
	view_subs_fresh = 1;
	if (name == NULL)
		return;
	if ((c = conn_find(name)) != NULL && (c->state != CONN_OFFLINE ||
	    !TAILQ_EMPTY(&c->subs))) {
		TAILQ_FOREACH(s, &c->subs, entry)
			view_subs_add(s, c);
	} else
		store_sub_foreach(name, view_subs_add, NULL);
}

int
view_subs_count(const char *name)
{
	view_subs_load(name);
	return view_subs_n + 1;
}

const char *
view_subs_topic(const char *name, int row)
{
	view_subs_load(name);
	if (row < 1 || row > view_subs_n)
		return NULL;
	return view_subs_v[row - 1].topic;
}

const char *
view_subs_match(const char *name, const char *topic)
{
	int	i;

	view_subs_load(name);
	for (i = 0; i < view_subs_n; i++) {
		if (topic_match(view_subs_v[i].topic, topic))
			return view_subs_v[i].topic;
	}
	return NULL;
}

const char *
view_subs_rap(const char *name, const char *topic)
{
	int	i;

	view_subs_load(name);
	for (i = 0; i < view_subs_n; i++) {
		if (view_subs_v[i].rap &&
		    topic_match(view_subs_v[i].topic, topic))
			return view_subs_v[i].topic;
	}
	return NULL;
}

int
view_subs_colour(const char *name, const char *topic)
{
	int	i;

	view_subs_load(name);
	for (i = 0; i < view_subs_n; i++) {
		if (topic_match(view_subs_v[i].topic, topic))
			return view_subs_v[i].colour;
	}
	return -1;
}

static int
view_subs_has(struct panel *p, int row, const char *text)
{
	struct view_sub	*v;

	if (row == 0)
		return panel_has("* all messages", text);
	v = &view_subs_v[row - 1];
	return panel_has(v->topic, text) || (v->alias != NULL &&
	    panel_has(v->alias, text));
}

/* Swatch, alias or filter (cut in the middle), QoS and count. */
static void
view_subs_row(struct panel *p, const struct panel_row *r)
{
	struct view_sub	*v;
	char		 right[64];
	attr_t		 a;
	int		 y = r->y, x, rw, room;
	const char	*label;

	/* Selected: the selection's own colours alone, never mixed in. */
	a = r->row == p->sel ? theme_attr(p->focused ? THEME_SELECTION :
	    THEME_SELECTION_INACTIVE) : 0;
	draw_fill((struct rect){ y, p->x, 1, p->w }, a);
	if (r->row == 0) {
		draw_text(y, p->x, p->w, "* all messages", a);
		return;
	}
	v = &view_subs_v[r->row - 1];
	x = p->x;
	x += draw_text(y, x, 2, "■ ", a != 0 ? a :
	    theme_sub_attr(v->colour));
	if (!v->enabled)
		snprintf(right, sizeof right, " off");
	else if (v->live == 0)
		snprintf(right, sizeof right, " q%d", v->qos);
	else if (v->live == 2 && v->state == SUB_PENDING)
		snprintf(right, sizeof right, " pending");
	else
		snprintf(right, sizeof right, " q%d %s%llu", v->qos,
		    v->live == 2 && v->state == SUB_FAILED ? "failed " : "",
		    (unsigned long long)v->count);
	rw = (int)strlen(right);
	room = p->x + p->w - x - rw;
	/* A narrow column: the filter matters more than the word. */
	if (v->live == 2 && v->state == SUB_PENDING && room < 8) {
		snprintf(right, sizeof right, " …");
		rw = 2;
		room = p->x + p->w - x - rw;
	}
	label = v->alias != NULL ? v->alias : v->topic;
	draw_middle(y, x, room, label, strlen(label), a | (v->enabled ? 0 :
	    A_DIM));
	draw_text(y, p->x + p->w - rw, rw, right, a != 0 ? a :
	    theme_attr(THEME_META));
}

struct panel *
view_subs_panel(const char *name)
{
	struct panel	*p = &view_subs_p;

	if (p->draw == NULL) {
		panel_init(p, 0, NULL);
		p->draw = view_subs_row;
		p->match = view_subs_has;
	}
	view_subs_load(name);
	if (p->n != view_subs_n + 1)
		panel_set_count(p, view_subs_n + 1);
	return p;
}

void
view_subs_draw(struct rect r, const char *name)
{
	struct panel	*p = view_subs_panel(name);

	draw_fill(r, A_NORMAL);
	draw_box(r, "Subscriptions", p->focused);
	draw_panel(p);
}
