/*
 * Imported profiles: every one, with its subscriptions, in one writer
 * job, so a failure leaves none of them behind.
 */
#include <stdlib.h>

#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

struct store_import_one {
	struct profile	 *p;
	struct sub	**subs;
	int		  nsubs;
};

struct store_import_arg {
	struct store_import_one	*v;
	int			 n;
};

static void
store_import_free_arg(void *arg)
{
	struct store_import_arg	*a = arg;
	int			 i, j;

	for (i = 0; i < a->n; i++) {
		profile_free(a->v[i].p);
		for (j = 0; j < a->v[i].nsubs; j++)
			sub_free(a->v[i].subs[j]);
		free(a->v[i].subs);
	}
	free(a->v);
	free(a);
}

/* 1 when a profile has the name, 0 when none, -1 on error. */
static int
store_import_exists(struct store_db *d, const char *name)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM profiles WHERE name = ?1",
	    -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	store_bind_text(stmt, 1, name);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
store_import_job(struct store_db *d, void *arg, char **err)
{
	struct store_import_arg	*a = arg;
	struct store_import_one	*it;
	int			 i, j, rc;

	for (i = 0; i < a->n; i++) {
		it = &a->v[i];
		if ((rc = store_import_exists(d, it->p->name)) != 0) {
			*err = rc == 1 ? xasprintf("a profile named '%s' was "
			    "saved meanwhile", it->p->name) :
			    store_strerr(d, "importing profiles");
			return -1;
		}
		if (store_profile_write(d, it->p, err) != 0)
			return -1;
		for (j = 0; j < it->nsubs; j++) {
			if (store_sub_write(d, it->p->name, it->subs[j],
			    err) != 0)
				return -1;
		}
	}
	return 0;
}

void
store_profile_import(const struct store_import *v, int n, store_done_fn done,
    void *arg)
{
	struct store_import_arg	*a = xcalloc(1, sizeof *a);
	int			 i, j;

	a->v = xcalloc(n > 0 ? n : 1, sizeof *a->v);
	a->n = n;
	for (i = 0; i < n; i++) {
		a->v[i].p = profile_dup(v[i].p);
		a->v[i].nsubs = v[i].nsubs;
		a->v[i].subs = xcalloc(v[i].nsubs + 1, sizeof *a->v[i].subs);
		for (j = 0; j < v[i].nsubs; j++)
			a->v[i].subs[j] = store_sub_copy(v[i].subs[j]);
	}
	store_writer_job(store_import_job, store_import_free_arg, a, done,
	    arg);
}
