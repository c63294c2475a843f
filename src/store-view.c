/*
 * Payload views kept with a profile: which view a topic filter gets. The
 * rows go with their profile (deleted with it, renamed with it). They are
 * few: statements are prepared when used, not cached.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

struct store_view_arg {
	char	*profile;
	char	*filter;
	char	*view;		/* NULL: delete */
	char	*jq;
};

static void
store_view_free_arg(void *arg)
{
	struct store_view_arg	*a = arg;

	free(a->profile);
	free(a->filter);
	free(a->view);
	free(a->jq);
	free(a);
}

static int
store_view_job(struct store_db *d, void *arg, char **err)
{
	struct store_view_arg	*a = arg;
	sqlite3_stmt		*stmt;
	int			 rc;

	rc = sqlite3_prepare_v2(d->db, a->view == NULL ?
	    "DELETE FROM views WHERE filter = ?2 AND"
	    " profile_id = (SELECT id FROM profiles WHERE name = ?1)" :
	    /* The WHERE keeps ON CONFLICT from parsing as a join. */
	    "INSERT INTO views (profile_id, filter, view, jq)"
	    " SELECT id, ?2, ?3, ?4 FROM profiles WHERE name = ?1"
	    " ON CONFLICT(profile_id, filter) DO UPDATE SET"
	    " view = excluded.view, jq = excluded.jq", -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		*err = store_strerr(d, "saving the view");
		return -1;
	}
	store_bind_text(stmt, 1, a->profile);
	store_bind_text(stmt, 2, a->filter);
	if (a->view != NULL) {
		store_bind_text(stmt, 3, a->view);
		store_bind_text(stmt, 4, a->jq);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*err = store_strerr(d, "saving the view");
		return -1;
	}
	if (a->view != NULL && sqlite3_changes(d->db) == 0) {
		*err = xasprintf("no profile named '%s'", a->profile);
		return -1;
	}
	return 0;
}

void
store_view_save(const char *profile, const char *filter, const char *view,
    const char *jq, store_done_fn done, void *arg)
{
	struct store_view_arg	*a = xcalloc(1, sizeof *a);

	a->profile = xstrdup(profile);
	a->filter = xstrdup(filter);
	a->view = view != NULL ? xstrdup(view) : NULL;
	a->jq = jq != NULL ? xstrdup(jq) : NULL;
	store_writer_job(store_view_job, store_view_free_arg, a, done, arg);
}

int
store_view_foreach(void (*fn)(const char *, const char *, const char *,
    const char *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_rd.db == NULL)
		return -1;
	if (sqlite3_prepare_v2(store_rd.db, "SELECT p.name, v.filter, v.view,"
	    " v.jq FROM views v JOIN profiles p ON p.id = v.profile_id"
	    " ORDER BY v.id", -1, &stmt, NULL) != SQLITE_OK) {
		store_read_failed("loading the views of", "the profiles");
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		fn((const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2),
		    (const char *)sqlite3_column_text(stmt, 3), arg);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_read_failed("loading the views of", "the profiles");
		return -1;
	}
	return 0;
}
