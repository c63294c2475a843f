/*
 * The topic tree model (see tree.h). Each topic row updates the nodes on
 * its path by what changed since the tree last saw it, so a refresh costs
 * the rows that changed times their depth, not the size of the tree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "xmalloc.h"

#define TREE_HASH_MIN	1024	/* power of two */

void
tree_init(struct tree *t)
{
	memset(t, 0, sizeof *t);
	t->root.name = (char *)"";
	t->root.depth = -1;
	t->root.expanded = 1;
	t->dirty = 1;
}

void
tree_free(struct tree *t)
{
	size_t	i;

	for (i = 0; i < t->hcap; i++) {
		if (t->hash[i] != NULL) {
			free(t->hash[i]->kids);
			free(t->hash[i]);
		}
	}
	free(t->hash);
	free(t->root.kids);
	free(t->rows);
	tree_init(t);
}

static size_t
tree_hash_of(const struct tree_node *parent, const char *name, size_t len)
{
	uint64_t	h = 14695981039346656037ull ^ (uintptr_t)parent;
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

/* The slot of (parent, name), or the empty slot where it would go. */
static size_t
tree_slot(struct tree *t, const struct tree_node *parent, const char *name,
    size_t len)
{
	struct tree_node	*n;
	size_t			 i;

	for (i = tree_hash_of(parent, name, len) & (t->hcap - 1);
	    (n = t->hash[i]) != NULL; i = (i + 1) & (t->hcap - 1)) {
		if (n->parent == parent && strncmp(n->name, name, len) == 0 &&
		    n->name[len] == '\0')
			break;
	}
	return i;
}

static void
tree_grow(struct tree *t)
{
	struct tree_node	**old = t->hash, *n;
	size_t			  oldcap = t->hcap, i;

	t->hcap = oldcap == 0 ? TREE_HASH_MIN : oldcap * 2;
	t->hash = xcalloc(t->hcap, sizeof *t->hash);
	for (i = 0; i < oldcap; i++) {
		if ((n = old[i]) != NULL)
			t->hash[tree_slot(t, n->parent, n->name,
			    strlen(n->name))] = n;
	}
	free(old);
}

/* The child of parent named by len bytes of name, made if need be. */
static struct tree_node *
tree_child(struct tree *t, struct tree_node *parent, const char *name,
    size_t len)
{
	struct tree_node	*n;
	size_t			 i;

	if ((t->nnodes + 1) * 2 > t->hcap)
		tree_grow(t);
	i = tree_slot(t, parent, name, len);
	if (t->hash[i] != NULL)
		return t->hash[i];
	n = xcalloc(1, sizeof *n + len + 1);
	n->name = (char *)(n + 1);
	memcpy(n->name, name, len);
	n->parent = parent;
	n->depth = parent->depth + 1;
	t->hash[i] = n;
	t->nnodes++;
	if (parent->nkids == parent->capkids) {
		parent->capkids = parent->capkids == 0 ? 4 :
		    parent->capkids * 2;
		parent->kids = xrealloc(parent->kids,
		    (size_t)parent->capkids * sizeof *parent->kids);
	}
	parent->kids[parent->nkids++] = n;
	parent->sorted = parent->nkids < 2;
	if (parent->expanded)
		t->dirty = 1;
	return n;
}

/* A topic's rows in the tree's minute, and in the minute before. */
static void
tree_contrib(int64_t tminute, int64_t minute, int64_t in_minute,
    int64_t in_prev, int64_t *cur, int64_t *prev)
{
	*cur = *prev = 0;
	if (minute == tminute) {
		*cur = in_minute;
		*prev = in_prev;
	} else if (minute == tminute - 1)
		*prev = in_minute;
}

void
tree_update(struct tree *t, const struct tree_topic *r)
{
	struct tree_node	*n = &t->root, *p;
	const char		*s = r->topic, *slash;
	int64_t			 dmsgs, dret, dtopics, oc, op, nc, np;

	if (r->last_id > t->since)
		t->since = r->last_id;
	if (s == NULL || *s == '\0')
		return;
	for (;;) {
		slash = strchr(s, '/');
		n = tree_child(t, n, s, slash != NULL ? (size_t)(slash - s) :
		    strlen(s));
		if (slash == NULL)
			break;
		s = slash + 1;
	}
	dtopics = n->topic_id == 0;
	dmsgs = r->msgs - n->msgs;
	dret = (r->retained != 0) - (n->retained != 0);
	tree_contrib(t->minute, n->minute, n->in_minute, n->in_prev, &oc, &op);
	tree_contrib(t->minute, r->minute, r->in_minute, r->in_prev, &nc, &np);
	if (dtopics)
		t->ntopics++;
	n->topic_id = r->id;
	n->msgs = r->msgs;
	n->last_id = r->last_id;
	n->last_ms = r->last_ms;
	n->last_retain = r->last_retain;
	n->retained = r->retained != 0;
	n->minute = r->minute;
	n->in_minute = r->in_minute;
	n->in_prev = r->in_prev;
	for (p = n; p != NULL; p = p->parent) {
		p->sum_msgs += dmsgs;
		p->sum_retained += dret;
		p->sum_topics += dtopics;
		p->sum_cur += nc - oc;
		p->sum_prev += np - op;
		if (r->last_id > p->sum_last_id)
			p->sum_last_id = r->last_id;
		if (r->last_ms > p->sum_last_ms)
			p->sum_last_ms = r->last_ms;
	}
}

/* Every node under (and with) top, parents before children. Heap. */
static struct tree_node **
tree_preorder(struct tree *t, struct tree_node *top, size_t *np)
{
	struct tree_node	**v, *n;
	size_t			  cap = t->nnodes + 1, nv = 0, i;
	int			  k;

	v = xrealloc(NULL, (size_t)cap * sizeof *v);
	v[nv++] = top;
	/* Breadth first is a valid order too: each parent before its kids. */
	for (i = 0; i < nv; i++) {
		n = v[i];
		for (k = 0; k < n->nkids && nv < cap; k++)
			v[nv++] = n->kids[k];
	}
	*np = nv;
	return v;
}

void
tree_tick(struct tree *t, int64_t now_ms)
{
	struct tree_node	**v, *n;
	int64_t			  minute = now_ms / 60000;
	size_t			  nv, i;

	if (minute == t->minute)
		return;
	t->minute = minute;
	v = tree_preorder(t, &t->root, &nv);
	for (i = 0; i < nv; i++) {
		n = v[i];
		if (n->topic_id != 0)
			tree_contrib(minute, n->minute, n->in_minute,
			    n->in_prev, &n->sum_cur, &n->sum_prev);
		else
			n->sum_cur = n->sum_prev = 0;
	}
	for (i = nv; i-- > 1;) {
		n = v[i];
		n->parent->sum_cur += n->sum_cur;
		n->parent->sum_prev += n->sum_prev;
	}
	free(v);
}

/* The minute before slides out as this one goes by. */
double
tree_rate(const struct tree *t, const struct tree_node *n, int64_t now_ms)
{
	int64_t	minute = now_ms / 60000;
	double	frac = (double)(now_ms % 60000) / 60000.0;

	if (minute == t->minute)
		return (double)n->sum_prev * (1.0 - frac) + (double)n->sum_cur;
	if (minute == t->minute + 1)
		return (double)n->sum_cur * (1.0 - frac);
	return 0.0;
}

static int
tree_cmp(const void *a, const void *b)
{
	const struct tree_node	*x = *(struct tree_node *const *)a;
	const struct tree_node	*y = *(struct tree_node *const *)b;

	return strcmp(x->name, y->name);
}

static void
tree_sort(struct tree_node *n)
{
	if (!n->sorted) {
		qsort(n->kids, n->nkids, sizeof *n->kids, tree_cmp);
		n->sorted = 1;
	}
}

static void
tree_row_add(struct tree *t, struct tree_node *n)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows == 0 ? 256 : t->caprows * 2;
		t->rows = xrealloc(t->rows,
		    (size_t)t->caprows * sizeof *t->rows);
	}
	t->rows[t->nrows++] = n;
}

/* Lay the expanded nodes out as rows, depth first, without recursion. */
static void
tree_layout(struct tree *t)
{
	struct {
		struct tree_node	*n;
		int			 k;
	}			*st = NULL;
	struct tree_node	*n;
	int			 depth = 0, cap = 0;

	if (!t->dirty)
		return;
	t->dirty = 0;
	t->nrows = 0;
	tree_sort(&t->root);
	cap = 16;
	st = xrealloc(NULL, (size_t)cap * sizeof *st);
	st[0].n = &t->root;
	st[0].k = 0;
	depth = 1;
	while (depth > 0) {
		if (st[depth - 1].k == st[depth - 1].n->nkids) {
			depth--;
			continue;
		}
		n = st[depth - 1].n->kids[st[depth - 1].k++];
		tree_row_add(t, n);
		if (!n->expanded || n->nkids == 0)
			continue;
		tree_sort(n);
		if (depth == cap) {
			cap *= 2;
			st = xrealloc(st, (size_t)cap * sizeof *st);
		}
		st[depth].n = n;
		st[depth].k = 0;
		depth++;
	}
	free(st);
}

int
tree_nrows(struct tree *t)
{
	tree_layout(t);
	return t->nrows;
}

struct tree_node *
tree_row(struct tree *t, int i)
{
	tree_layout(t);
	return i >= 0 && i < t->nrows ? t->rows[i] : NULL;
}

int
tree_row_of(struct tree *t, const struct tree_node *n)
{
	int	i;

	tree_layout(t);
	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i] == n)
			return i;
	}
	return -1;
}

void
tree_expand(struct tree *t, struct tree_node *n, int on)
{
	if (n->expanded != on) {
		n->expanded = on;
		t->dirty = 1;
	}
}

void
tree_expand_all(struct tree *t, struct tree_node *top)
{
	struct tree_node	**v;
	size_t			  nv, i;

	v = tree_preorder(t, top, &nv);
	for (i = 0; i < nv; i++) {
		if (v[i]->nkids > 0)
			v[i]->expanded = 1;
	}
	free(v);
	t->dirty = 1;
}

struct tree_node *
tree_find(struct tree *t, const char *topic)
{
	struct tree_node	*n = &t->root;
	const char		*slash;
	size_t			 len, i;

	if (t->hcap == 0 || *topic == '\0')
		return NULL;
	for (;;) {
		slash = strchr(topic, '/');
		len = slash != NULL ? (size_t)(slash - topic) : strlen(topic);
		i = tree_slot(t, n, topic, len);
		if ((n = t->hash[i]) == NULL)
			return NULL;
		if (slash == NULL)
			return n;
		topic = slash + 1;
	}
}

void
tree_reveal(struct tree *t, struct tree_node *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		tree_expand(t, n, 1);
}

/* The node's place among its parent's (sorted) children. */
static int
tree_index(struct tree_node *n)
{
	struct tree_node	*p = n->parent;
	int			 lo = 0, hi, mid, c;

	tree_sort(p);
	hi = p->nkids - 1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(p->kids[mid]->name, n->name)) == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The node after n in row order with everything open; the first: NULL. */
static struct tree_node *
tree_next(struct tree *t, struct tree_node *n)
{
	int	i;

	if (n == NULL || n->nkids > 0) {
		n = n == NULL ? &t->root : n;
		tree_sort(n);
		return n->nkids > 0 ? n->kids[0] : NULL;
	}
	for (; n->parent != NULL; n = n->parent) {
		i = tree_index(n);
		if (i + 1 < n->parent->nkids)
			return n->parent->kids[i + 1];
	}
	return NULL;
}

/* The node before n in that order; the last: NULL. */
static struct tree_node *
tree_prev(struct tree *t, struct tree_node *n)
{
	int	i;

	if (n != NULL) {
		i = tree_index(n);
		if (i == 0)
			return n->parent != &t->root ? n->parent : NULL;
		n = n->parent->kids[i - 1];
	} else
		n = &t->root;
	while (n->nkids > 0) {
		tree_sort(n);
		n = n->kids[n->nkids - 1];
	}
	return n != &t->root ? n : NULL;
}

struct tree_node *
tree_search(struct tree *t, struct tree_node *n, int dir,
    int (*match)(const struct tree_node *, const void *), const void *arg)
{
	struct tree_node	*start;
	size_t			 k;

	if (t->nnodes == 0)
		return NULL;
	if (n == NULL)
		n = tree_next(t, NULL);
	else if (dir != 0)
		n = dir > 0 ? tree_next(t, n) : tree_prev(t, n);
	if (n == NULL)
		n = dir < 0 ? tree_prev(t, NULL) : tree_next(t, NULL);
	start = n;
	for (k = 0; k < t->nnodes; k++) {
		if (match(n, arg))
			return n;
		n = dir < 0 ? tree_prev(t, n) : tree_next(t, n);
		if (n == NULL)
			n = dir < 0 ? tree_prev(t, NULL) : tree_next(t, NULL);
		if (n == start)
			break;
	}
	return NULL;
}

char *
tree_path(const struct tree_node *n)
{
	const struct tree_node	*p;
	size_t			 len = 0, l;
	char			*s, *end;

	for (p = n; p != NULL && p->depth >= 0; p = p->parent)
		len += strlen(p->name) + 1;
	s = xmalloc(len + 1);
	end = s + (len > 0 ? len - 1 : 0);
	*end = '\0';
	for (p = n; p != NULL && p->depth >= 0; p = p->parent) {
		l = strlen(p->name);
		end -= l;
		memcpy(end, p->name, l);
		if (end > s)
			*--end = '/';
	}
	return s;
}

char *
tree_filter(const struct tree_node *n)
{
	char	*path = tree_path(n), *s;

	if (n->nkids == 0)
		return path;
	s = xasprintf("%s/#", path);
	free(path);
	return s;
}
