/*
 * The topic tree of one connection: every topic seen, as a hierarchy of
 * its '/' levels, with per-node stats summed over the subtree. Fed with
 * rows of the store's topics table (the writer keeps their stats), first
 * all of them, then those changed since the newest row id seen: nothing
 * here reads history. Only the expanded nodes are laid out as rows, and
 * a node's children are sorted when it is first shown. No curses, no
 * SQLite.
 */
#ifndef TREE_H
#define TREE_H
#include <stddef.h>
#include <stdint.h>

/* A row of the topics table (store_tree_topics). */
struct tree_topic {
	int64_t		 id;
	const char	*topic;
	int64_t		 msgs;
	int64_t		 last_id;
	int64_t		 last_ms;
	int		 last_retain;
	int		 retained;
	int64_t		 minute;	/* minute of the newest rows */
	int64_t		 in_minute;	/* rows in that minute */
	int64_t		 in_prev;	/* rows in the minute before */
};

struct tree_node {
	char			*name;		/* its level */
	struct tree_node	*parent;
	struct tree_node	**kids;
	int			 nkids, capkids;
	int			 sorted;	/* kids in name order */
	int			 expanded;
	int			 depth;		/* 0: a top level */

	/* The topic ending here, if one does (topic_id != 0). */
	int64_t			 topic_id;
	int64_t			 msgs, last_id, last_ms;
	int			 last_retain, retained;
	int64_t			 minute, in_minute, in_prev;

	/* Over the subtree, its own topic included. */
	int64_t			 sum_msgs;
	int64_t			 sum_last_id, sum_last_ms;
	/* Topics with a retained message kept. */
	int64_t			 sum_retained;
	int64_t			 sum_topics;
	/* Rows in the tree's minute and the one before. */
	int64_t			 sum_cur, sum_prev;
};

/* Not to be copied: its nodes point at its root. */
struct tree {
	struct tree_node	 root;
	int64_t			 since;		/* newest last_id */
	int64_t			 minute;	/* the sums' minute */
	int64_t			 ntopics;
	size_t			 nnodes;

	/* Children by (parent, name): a node with 10,000 is no slower. */
	struct tree_node	**hash;
	size_t			 hcap;

	/* The expanded tree laid out as rows, remade when dirty. */
	struct tree_node	**rows;
	int			 nrows, caprows;
	int			 dirty;
};

void	tree_init(struct tree *);
void	tree_free(struct tree *);
/* A row of the topics table, new or changed; topic "" is skipped. */
void	tree_update(struct tree *, const struct tree_topic *);
/*
 * Bring the rate sums to the minute of now_ms (ms since the epoch): a
 * walk of the whole tree, once a minute at most.
 */
void	tree_tick(struct tree *, int64_t);
/* Messages a minute over the last minute, at now_ms. */
double	tree_rate(const struct tree *, const struct tree_node *, int64_t);

/* The rows: expanded nodes' children, depth first, in name order. */
int	tree_nrows(struct tree *);
struct tree_node *tree_row(struct tree *, int);
/* The row of a node, or -1 when it is not laid out (a parent collapsed). */
int	tree_row_of(struct tree *, const struct tree_node *);

void	tree_expand(struct tree *, struct tree_node *, int);
/* Expand a node and everything under it. */
void	tree_expand_all(struct tree *, struct tree_node *);
/* The node of a topic, or NULL. */
struct tree_node *tree_find(struct tree *, const char *);
/* Expand the node's parents so it has a row. */
void	tree_reveal(struct tree *, struct tree_node *);
/*
 * The first node in row order, open or not, from n on (dir 0), after it
 * (1) or before it (-1), round the end, that match(node, arg) takes;
 * NULL when none does. n NULL: from the top.
 */
struct tree_node *tree_search(struct tree *, struct tree_node *, int,
	    int (*)(const struct tree_node *, const void *), const void *);

/* The node's topic, its levels joined by '/' (heap). */
char	*tree_path(const struct tree_node *);
/*
 * The message filter the node stands for: its topic when nothing is
 * under it, else "topic/#" (heap).
 */
char	*tree_filter(const struct tree_node *);
#endif
