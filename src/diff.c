/*
 * Payload diffs. JSON is walked as text (it has passed fmt_json_valid),
 * so each leaf keeps its own token: 20.0 and 20 differ, as they do on the
 * wire. Text lines are matched by a longest common subsequence between
 * the common head and tail, when that middle is small enough; past that
 * the middle is shown as removed then added.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "fmt.h"
#include "fmt-json.h"
#include "fmt-lines.h"
#include "xmalloc.h"

/* Cells of the LCS table at most (ints): a few MB. */
#define DIFF_LCS_CELLS	(1L << 20)

static void
diff_add(struct diff *d, enum diff_op op, const char *text, size_t len)
{
	struct diff_line	*l;

	if (d->n == DIFF_MAX_LINES) {
		op = DIFF_NOTE;
		text = "… (more changes not shown)";
		len = strlen(text);
	} else if (d->n > DIFF_MAX_LINES)
		return;
	d->v = xrealloc(d->v, (d->n + 1) * sizeof *d->v);
	l = &d->v[d->n++];
	l->op = op;
	l->text = xmemdup(text, len + 1);
	l->text[len] = '\0';
	if (op != DIFF_SAME && op != DIFF_NOTE)
		d->changes++;
}

static void
diff_addf(struct diff *d, enum diff_op op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
diff_addf(struct diff *d, enum diff_op op, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	diff_add(d, op, s, strlen(s));
	free(s);
}

void
diff_free(struct diff *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* JSON: leaves by path. */

struct diff_leaf {
	char		*path;
	const char	*val;
	size_t		 len;
	size_t		 seq;		/* order in its document */
	int		 seen;
};

struct diff_doc {
	const char		*s;
	size_t			 len;
	size_t			 off;
	struct diff_leaf	*v;
	size_t			 n;
};

static void
diff_ws(struct diff_doc *doc)
{
	while (doc->off < doc->len && strchr(" \t\r\n", doc->s[doc->off]) !=
	    NULL && doc->s[doc->off] != '\0')
		doc->off++;
}

/* The end of the string that starts at off (after its closing quote). */
static size_t
diff_string_end(const struct diff_doc *doc, size_t off)
{
	for (off++; off < doc->len && doc->s[off] != '"'; off++) {
		if (doc->s[off] == '\\')
			off++;
	}
	return off + 1;
}

static void
diff_leaf(struct diff_doc *doc, const struct buf *path, size_t start)
{
	struct diff_leaf	*l;

	doc->v = xrealloc(doc->v, (doc->n + 1) * sizeof *doc->v);
	l = &doc->v[doc->n];
	l->path = xstrdup(path->len > 0 ? path->p : ".");
	l->val = doc->s + start;
	l->len = doc->off - start;
	l->seq = doc->n++;
	l->seen = 0;
}

/* A key as a path step: .name when it is a plain word, else ["key"]. */
static void
diff_step_key(struct buf *path, const char *key, size_t len)
{
	size_t	i;
	int	plain = len > 2;

	for (i = 1; plain && i < len - 1; i++) {
		if (!((key[i] >= 'a' && key[i] <= 'z') ||
		    (key[i] >= 'A' && key[i] <= 'Z') || key[i] == '_' ||
		    (i > 1 && key[i] >= '0' && key[i] <= '9')))
			plain = 0;
	}
	if (plain) {
		buf_addc(path, '.');
		buf_add(path, key + 1, len - 2);
	} else {
		if (path->len == 0)
			buf_addc(path, '.');
		buf_addc(path, '[');
		buf_add(path, key, len);
		buf_addc(path, ']');
	}
}

static void
diff_value(struct diff_doc *doc, struct buf *path)
{
	size_t	start, keep, k, idx = 0;
	char	open, close;

	diff_ws(doc);
	start = doc->off;
	if (doc->off >= doc->len)
		return;
	open = doc->s[doc->off];
	if (open == '"') {
		doc->off = diff_string_end(doc, doc->off);
		diff_leaf(doc, path, start);
		return;
	}
	if (open != '{' && open != '[') {
		while (doc->off < doc->len && strchr(",]} \t\r\n",
		    doc->s[doc->off]) == NULL)
			doc->off++;
		diff_leaf(doc, path, start);
		return;
	}
	close = open == '{' ? '}' : ']';
	doc->off++;
	diff_ws(doc);
	if (doc->off < doc->len && doc->s[doc->off] == close) {
		doc->off++;
		diff_leaf(doc, path, start);	/* {} or [] */
		return;
	}
	keep = path->len;
	for (;;) {
		path->len = keep;
		if (open == '{') {
			diff_ws(doc);
			k = doc->off;
			doc->off = diff_string_end(doc, k);
			diff_step_key(path, doc->s + k, doc->off - k);
			diff_ws(doc);
			doc->off++;		/* ':' */
		} else
			buf_addf(path, "%s[%zu]", path->len == 0 ? "." : "",
			    idx++);
		buf_addc(path, '\0');
		path->len--;
		diff_value(doc, path);
		diff_ws(doc);
		if (doc->off >= doc->len || doc->s[doc->off++] != ',')
			break;
	}
	path->len = keep;
	if (path->len > 0)
		path->p[path->len] = '\0';
}

static void
diff_doc_read(struct diff_doc *doc, const char *s, size_t len)
{
	struct buf	path;

	memset(doc, 0, sizeof *doc);
	doc->s = s;
	doc->len = len;
	buf_init(&path);
	diff_value(doc, &path);
	buf_free(&path);
}

static void
diff_doc_free(struct diff_doc *doc)
{
	size_t	i;

	for (i = 0; i < doc->n; i++)
		free(doc->v[i].path);
	free(doc->v);
}

static int
diff_leaf_cmp(const void *a, const void *b)
{
	const struct diff_leaf	*x = a, *y = b;
	int			 c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The first unseen leaf of old at path; NULL none. */
static struct diff_leaf *
diff_find(struct diff_doc *old, const char *path)
{
	size_t	lo = 0, hi = old->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(old->v[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < old->n && strcmp(old->v[lo].path, path) == 0; lo++) {
		if (!old->v[lo].seen)
			return &old->v[lo];
	}
	return NULL;
}

static int
diff_seq_cmp(const void *a, const void *b)
{
	const struct diff_leaf	*x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
diff_json(struct diff *d, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct diff_doc		 old, new;
	struct diff_leaf	*o, *n;
	size_t			 i, added = 0, removed = 0, changed = 0, first;

	d->kind = DIFF_JSON;
	diff_doc_read(&old, a, alen);
	diff_doc_read(&new, b, blen);
	qsort(old.v, old.n, sizeof *old.v, diff_leaf_cmp);
	first = d->n;
	diff_add(d, DIFF_NOTE, "", 0);		/* the summary, below */
	for (i = 0; i < new.n; i++) {
		n = &new.v[i];
		if ((o = diff_find(&old, n->path)) == NULL) {
			diff_addf(d, DIFF_ADD, "+ %s: %.*s", n->path,
			    (int)n->len, n->val);
			added++;
			continue;
		}
		o->seen = 1;
		if (o->len != n->len || memcmp(o->val, n->val, n->len) != 0) {
			diff_addf(d, DIFF_CHANGE, "~ %s: %.*s → %.*s", n->path,
			    (int)o->len, o->val, (int)n->len, n->val);
			changed++;
		}
	}
	qsort(old.v, old.n, sizeof *old.v, diff_seq_cmp);
	for (i = 0; i < old.n; i++) {
		if (!old.v[i].seen) {
			diff_addf(d, DIFF_DEL, "- %s: %.*s", old.v[i].path,
			    (int)old.v[i].len, old.v[i].val);
			removed++;
		}
	}
	free(d->v[first].text);
	d->v[first].text = xasprintf("JSON: %zu changed, %zu added, %zu "
	    "removed", changed, added, removed);
	diff_doc_free(&old);
	diff_doc_free(&new);
}

/* Text: lines. */

struct diff_lines {
	const char	**p;
	size_t		 *len;
	size_t		  n;
};

static void
diff_split(struct diff_lines *l, const char *s, size_t len)
{
	const char	*nl, *end = s + len;

	memset(l, 0, sizeof *l);
	while (s < end || (l->n == 0 && len == 0)) {
		nl = memchr(s, '\n', end - s);
		l->p = xrealloc(l->p, (l->n + 1) * sizeof *l->p);
		l->len = xrealloc(l->len, (l->n + 1) * sizeof *l->len);
		l->p[l->n] = s;
		l->len[l->n] = (nl != NULL ? nl : end) - s;
		l->n++;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

static int
diff_line_eq(const struct diff_lines *a, size_t i, const struct diff_lines *b,
    size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->p[i], b->p[j],
	    a->len[i]) == 0;
}

/* One op a line of the edit script. */
struct diff_edit {
	enum diff_op	 op;
	const char	*p;
	size_t		 len;
};

static void
diff_edit_add(struct diff_edit **v, size_t *n, enum diff_op op, const char *p,
    size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].op = op;
	(*v)[*n].p = p;
	(*v)[*n].len = len;
	(*n)++;
}

/* The middle a[lo..ahi) against b[lo..bhi): LCS when small enough. */
static void
diff_middle(struct diff_edit **v, size_t *n, const struct diff_lines *a,
    size_t alo, size_t ahi, const struct diff_lines *b, size_t blo,
    size_t bhi)
{
	size_t	 na = ahi - alo, nb = bhi - blo, i, j, w = nb + 1;
	int	*t;

	if (na == 0 || nb == 0 || (double)(na + 1) * (nb + 1) >
	    DIFF_LCS_CELLS) {
		for (i = alo; i < ahi; i++)
			diff_edit_add(v, n, DIFF_DEL, a->p[i], a->len[i]);
		for (j = blo; j < bhi; j++)
			diff_edit_add(v, n, DIFF_ADD, b->p[j], b->len[j]);
		return;
	}
	/* t[i][j]: LCS of the suffixes a[alo+i..] and b[blo+j..]. */
	t = xcalloc((na + 1) * w, sizeof *t);
	for (i = na; i-- > 0; ) {
		for (j = nb; j-- > 0; ) {
			if (diff_line_eq(a, alo + i, b, blo + j))
				t[i * w + j] = t[(i + 1) * w + j + 1] + 1;
			else
				t[i * w + j] = t[(i + 1) * w + j] >
				    t[i * w + j + 1] ? t[(i + 1) * w + j] :
				    t[i * w + j + 1];
		}
	}
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && diff_line_eq(a, alo + i, b, blo + j)) {
			diff_edit_add(v, n, DIFF_SAME, a->p[alo + i],
			    a->len[alo + i]);
			i++;
			j++;
		} else if (i < na && (j == nb ||
		    t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			diff_edit_add(v, n, DIFF_DEL, a->p[alo + i],
			    a->len[alo + i]);
			i++;
		} else {
			diff_edit_add(v, n, DIFF_ADD, b->p[blo + j],
			    b->len[blo + j]);
			j++;
		}
	}
	free(t);
}

static void
diff_text(struct diff *d, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct diff_lines	 la, lb;
	struct diff_edit	*e = NULL;
	size_t			 ne = 0, head = 0, tail = 0, i, k, near;
	size_t			 added = 0, removed = 0, first;
	int			 skipping = 0;
	static const char	 mark[] = { ' ', '+', '-' };

	d->kind = DIFF_TEXT;
	diff_split(&la, a, alen);
	diff_split(&lb, b, blen);
	while (head < la.n && head < lb.n && diff_line_eq(&la, head, &lb,
	    head))
		head++;
	while (tail < la.n - head && tail < lb.n - head &&
	    diff_line_eq(&la, la.n - 1 - tail, &lb, lb.n - 1 - tail))
		tail++;
	for (i = 0; i < head; i++)
		diff_edit_add(&e, &ne, DIFF_SAME, la.p[i], la.len[i]);
	diff_middle(&e, &ne, &la, head, la.n - tail, &lb, head, lb.n - tail);
	for (i = la.n - tail; i < la.n; i++)
		diff_edit_add(&e, &ne, DIFF_SAME, la.p[i], la.len[i]);

	first = d->n;
	diff_add(d, DIFF_NOTE, "", 0);
	for (i = 0; i < ne; i++) {
		if (e[i].op == DIFF_ADD)
			added++;
		else if (e[i].op == DIFF_DEL)
			removed++;
		if (e[i].op == DIFF_SAME) {
			/* Context: near a change before or after. */
			near = 0;
			for (k = i > DIFF_CONTEXT ? i - DIFF_CONTEXT : 0;
			    k <= i + DIFF_CONTEXT && k < ne; k++) {
				if (e[k].op != DIFF_SAME)
					near = 1;
			}
			if (!near) {
				/* One "…" for each run left out. */
				if (!skipping)
					diff_add(d, DIFF_NOTE, "…", 3);
				skipping = 1;
				continue;
			}
		}
		skipping = 0;
		diff_addf(d, e[i].op, "%c %.*s", mark[e[i].op], (int)e[i].len,
		    e[i].p);
	}
	free(d->v[first].text);
	d->v[first].text = xasprintf("lines: %zu added, %zu removed", added,
	    removed);
	free(e);
	free(la.p);
	free(la.len);
	free(lb.p);
	free(lb.len);
}

/* Bytes: the hex rows that differ, old then new. */
static void
diff_bytes(struct diff *d, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct fmt_lines	*fa, *fb;
	struct buf		 ra, rb;
	size_t			 rows, i, at;
	int			 ha, hb;

	d->kind = DIFF_BYTES;
	for (at = 0; at < alen && at < blen && a[at] == b[at]; at++)
		;
	diff_addf(d, DIFF_NOTE, "bytes: %zu → %zu, first difference at "
	    "offset %zu (0x%zx)", alen, blen, at, at);
	fa = fmt_lines_new(a, alen, FMT_LINES_HEX);
	fb = fmt_lines_new(b, blen, FMT_LINES_HEX);
	buf_init(&ra);
	buf_init(&rb);
	rows = ((alen > blen ? alen : blen) + 15) / 16;
	for (i = at / 16; i < rows && d->n <= DIFF_MAX_LINES; i++) {
		buf_reset(&ra);
		buf_reset(&rb);
		ha = i * 16 < alen && fmt_lines_get(fa, i, 80, &ra) == 0;
		hb = i * 16 < blen && fmt_lines_get(fb, i, 80, &rb) == 0;
		if (ha && hb && ra.len == rb.len && memcmp(ra.p, rb.p,
		    ra.len) == 0)
			continue;
		if (ha)
			diff_addf(d, DIFF_DEL, "- %s", buf_str(&ra));
		if (hb)
			diff_addf(d, DIFF_ADD, "+ %s", buf_str(&rb));
	}
	buf_free(&ra);
	buf_free(&rb);
	fmt_lines_free(fa);
	fmt_lines_free(fb);
}

static int
diff_is_json(const char *s, size_t len)
{
	return len > 0 && fmt_json_valid(s, len);
}

void
diff_make(struct diff *d, const char *a, size_t alen, const char *b,
    size_t blen)
{
	memset(d, 0, sizeof *d);
	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0)) {
		d->kind = DIFF_BYTES;
		diff_addf(d, DIFF_NOTE, "the same %zu bytes", alen);
		return;
	}
	if (diff_is_json(a, alen) && diff_is_json(b, blen))
		diff_json(d, a, alen, b, blen);
	else if (fmt_is_utf8(a, alen) && fmt_is_utf8(b, blen))
		diff_text(d, a, alen, b, blen);
	else
		diff_bytes(d, a, alen, b, blen);
}
