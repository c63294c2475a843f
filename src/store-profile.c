/*
 * Profiles and their subscriptions. Reads run on the loop's connection;
 * saves and deletes are jobs on the writer thread, answered through
 * store_poll.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "log.h"
#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

#define PF_AT(p, f, type)	((type *)(void *)((char *)(p) + (f)->off))

/*
 * The profile's save and load statements, made once from the field
 * table: every field with a column, in table order.
 */
static char	*store_profile_save_sql;
static char	*store_profile_load_sql;
static int	 store_profile_ncols;

static void
store_profile_make_sql(void)
{
	const struct profile_field	*f;
	struct buf			 cols, vals, set;
	int				 i, n = 0;

	if (store_profile_save_sql != NULL)
		return;
	buf_init(&cols);
	buf_init(&vals);
	buf_init(&set);
	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->column == NULL)
			continue;
		n++;
		buf_addf(&cols, "%s%s", n > 1 ? ", " : "", f->column);
		buf_addf(&vals, "%s?%d", n > 1 ? ", " : "", n);
		if (f->id != PF_ID_name)
			buf_addf(&set, "%s = excluded.%s, ", f->column,
			    f->column);
	}
	store_profile_ncols = n;
	/* ?N+1: the time, as created_ms and updated_ms. */
	store_profile_save_sql = xasprintf("INSERT INTO profiles (%s,"
	    " created_ms, updated_ms) VALUES (%s, ?%d, ?%d)"
	    " ON CONFLICT(name) DO UPDATE SET %supdated_ms ="
	    " excluded.updated_ms", buf_str(&cols), buf_str(&vals), n + 1,
	    n + 1, buf_str(&set));
	store_profile_load_sql = xasprintf("SELECT id, %s FROM profiles"
	    " WHERE name = ?1", buf_str(&cols));
	buf_free(&cols);
	buf_free(&vals);
	buf_free(&set);
}

static const char *store_profile_sql[STMT_PROFILE_N] = {
	/* STMT_PROFILE_SAVE and _LOAD: store_profile_make_sql. */
	[STMT_PROFILE_ID] = "SELECT id FROM profiles WHERE name = ?1",
	[STMT_PROFILE_DELETE] = "DELETE FROM profiles WHERE name = ?1",
	[STMT_PROFILE_NAMES] = "SELECT name FROM profiles ORDER BY name",

	/* The WHERE keeps ON CONFLICT from parsing as a join constraint. */
	[STMT_SUB_SAVE] =
	"INSERT INTO subs (profile_id, topic, qos, no_local, rap, rh, sub_id,"
	" alias, color, enabled)"
	" SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM profiles"
	" WHERE name = ?1"
	" ON CONFLICT(profile_id, topic) DO UPDATE SET"
	" qos = excluded.qos, no_local = excluded.no_local,"
	" rap = excluded.rap, rh = excluded.rh, sub_id = excluded.sub_id,"
	" alias = excluded.alias, color = excluded.color,"
	" enabled = excluded.enabled",
	[STMT_SUB_DELETE] =
	"DELETE FROM subs WHERE topic = ?2 AND"
	" profile_id = (SELECT id FROM profiles WHERE name = ?1)",
	[STMT_SUB_LIST] =
	"SELECT topic, qos, no_local, rap, rh, sub_id, alias, color, enabled"
	" FROM subs WHERE"
	" profile_id = (SELECT id FROM profiles WHERE name = ?1)"
	" ORDER BY id",

	[STMT_PROFILE_RENAME] =
	"UPDATE profiles SET name = ?2, updated_ms = ?3 WHERE name = ?1",
	[STMT_CONN_ID] = "SELECT id FROM conns WHERE name = ?1",
	[STMT_CONN_RENAME] = "UPDATE conns SET name = ?2 WHERE id = ?1",
	/* substr and length both count characters. */
	[STMT_TOPIC_NAMES] =
	"SELECT t.topic FROM topics t JOIN conns c ON c.id = t.conn_id"
	" WHERE c.name = ?1 AND substr(t.topic, 1, length(?2)) = ?2"
	" AND t.topic <> ''"	/* the connection events' */
	" ORDER BY t.topic LIMIT ?3",
};

static sqlite3_stmt *
store_profile_stmt(struct store_db *d, enum store_profile_stmt which)
{
	store_profile_make_sql();
	if (which == STMT_PROFILE_SAVE)
		return store_prepare(d, &d->profile[which],
		    store_profile_save_sql);
	if (which == STMT_PROFILE_LOAD)
		return store_prepare(d, &d->profile[which],
		    store_profile_load_sql);
	return store_prepare(d, &d->profile[which], store_profile_sql[which]);
}

/*
 * Columns the table has and the file lacks are added: a new field is
 * one line in profile-fields.h, not a migration by hand.
 */
int
store_profile_columns(struct store_db *d, const char *path, char **err)
{
	const struct profile_field	*f;
	sqlite3_stmt			*stmt;
	char				*sql;
	int				 i, have, rc;

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->column == NULL)
			continue;
		if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM"
		    " pragma_table_info('profiles') WHERE name = ?1", -1,
		    &stmt, NULL) != SQLITE_OK)
			goto fail;
		store_bind_text(stmt, 1, f->column);
		rc = sqlite3_step(stmt);
		have = rc == SQLITE_ROW;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto fail;
		if (have)
			continue;
		sql = xasprintf("ALTER TABLE profiles ADD COLUMN %s %s",
		    f->column, f->type == PF_STR || f->type == PF_PROPS ?
		    "TEXT" : "INTEGER");
		rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			goto fail;
	}
	return 0;
fail:
	*err = xasprintf("database %s: adding profile columns: %s", path,
	    sqlite3_errmsg(d->db));
	return -1;
}

static int64_t
store_profile_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run a prepared write; 0, or -1 with *err. */
static int
store_profile_step(struct store_db *d, sqlite3_stmt *stmt, const char *what,
    char **err)
{
	int	rc = sqlite3_step(stmt);

	store_done(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	*err = store_strerr(d, what);
	return -1;
}

static void
store_bind_props(sqlite3_stmt *stmt, int i, const struct props *props)
{
	char	*json;

	/* No properties are stored as NULL, not as an empty list. */
	if (props->n == 0 || (json = props_to_json(props)) == NULL) {
		sqlite3_bind_null(stmt, i);
		return;
	}
	sqlite3_bind_text(stmt, i, json, -1, free);
}

static void
store_profile_bind(sqlite3_stmt *stmt, struct profile *p)
{
	const struct profile_field	*f;
	int				 i, n = 0;

	for (i = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->column == NULL)
			continue;
		n++;
		switch (f->type) {
		case PF_STR:
			store_bind_text(stmt, n, *PF_AT(p, f, char *));
			break;
		case PF_PROPS:
			store_bind_props(stmt, n, PF_AT(p, f, struct props));
			break;
		case PF_I64:
			sqlite3_bind_int64(stmt, n, *PF_AT(p, f, int64_t));
			break;
		default:
			sqlite3_bind_int(stmt, n, *PF_AT(p, f, int));
			break;
		}
	}
	sqlite3_bind_int64(stmt, n + 1, store_profile_now_ms());
}

int
store_profile_write(struct store_db *d, struct profile *p, char **err)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_profile_stmt(d, STMT_PROFILE_SAVE)) == NULL) {
		*err = store_strerr(d, "saving profile");
		return -1;
	}
	store_profile_bind(stmt, p);
	return store_profile_step(d, stmt, "saving profile", err);
}

static int
store_profile_save_job(struct store_db *d, void *arg, char **err)
{
	return store_profile_write(d, arg, err);
}

static void
store_profile_free_arg(void *arg)
{
	profile_free(arg);
}

void
store_profile_save(const struct profile *p, store_done_fn done, void *arg)
{
	if (p->name == NULL || *p->name == '\0') {
		if (done != NULL)
			done(arg, 0, "profile has no name");
		return;
	}
	store_writer_job(store_profile_save_job, store_profile_free_arg,
	    profile_dup(p), done, arg);
}

static int
store_profile_delete_job(struct store_db *d, void *arg, char **err)
{
	sqlite3_stmt	*stmt;

	/* One statement: the subs go with it through ON DELETE CASCADE. */
	if ((stmt = store_profile_stmt(d, STMT_PROFILE_DELETE)) == NULL) {
		*err = store_strerr(d, "deleting profile");
		return -1;
	}
	store_bind_text(stmt, 1, arg);
	if (store_profile_step(d, stmt, "deleting profile", err) != 0)
		return -1;
	if (sqlite3_changes(d->db) == 0) {
		*err = xasprintf("no profile named '%s'", (char *)arg);
		return -1;
	}
	return 0;
}

void
store_profile_delete(const char *name, store_done_fn done, void *arg)
{
	store_writer_job(store_profile_delete_job, free, xstrdup(name), done,
	    arg);
}

struct store_rename_arg {
	char	*from;
	char	*to;
};

static void
store_rename_free_arg(void *arg)
{
	struct store_rename_arg	*a = arg;

	free(a->from);
	free(a->to);
	free(a);
}

/* The conns row of a name: its id, 0 when there is none, -1 on error. */
static int64_t
store_rename_conn_id(struct store_db *d, const char *name)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 rc;

	if ((stmt = store_profile_stmt(d, STMT_CONN_ID)) == NULL)
		return -1;
	store_bind_text(stmt, 1, name);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/*
 * History under the new name exists already (an earlier connection of
 * that name): the old rows join it, topic by topic, so the name shows all
 * of them. Ids are integers, so they can be written into the SQL.
 */
static int
store_rename_merge(struct store_db *d, int64_t from, int64_t to, char **err)
{
	char	*sql;
	int	 rc;

	sql = xasprintf(
	    "UPDATE history SET topic_id = (SELECT n.id FROM topics o"
	    " JOIN topics n ON n.conn_id = %1$lld AND n.topic = o.topic"
	    " WHERE o.id = history.topic_id)"
	    " WHERE conn_id = %2$lld AND topic_id IN (SELECT o.id FROM topics o"
	    " JOIN topics n ON n.conn_id = %1$lld AND n.topic = o.topic"
	    " WHERE o.conn_id = %2$lld);"
	    /* A topic both have: its stats summed, the newest row wins. */
	    "UPDATE topics AS n SET msgs = n.msgs + o.msgs,"
	    " last_id = max(n.last_id, o.last_id),"
	    " last_ms = iif(o.last_id > n.last_id, o.last_ms, n.last_ms),"
	    " last_retain = iif(o.last_id > n.last_id, o.last_retain,"
	    "  n.last_retain),"
	    " retained = iif(o.last_id > n.last_id, o.retained, n.retained),"
	    " minute = iif(o.last_id > n.last_id, o.minute, n.minute),"
	    " in_minute = iif(o.last_id > n.last_id, o.in_minute, n.in_minute),"
	    " in_prev = iif(o.last_id > n.last_id, o.in_prev, n.in_prev)"
	    " FROM topics o WHERE n.conn_id = %1$lld AND o.conn_id = %2$lld"
	    " AND o.topic = n.topic;"
	    "DELETE FROM topics WHERE conn_id = %2$lld AND topic IN"
	    " (SELECT topic FROM topics WHERE conn_id = %1$lld);"
	    "UPDATE topics SET conn_id = %1$lld WHERE conn_id = %2$lld;"
	    "UPDATE history SET conn_id = %1$lld WHERE conn_id = %2$lld;"
	    "DELETE FROM conns WHERE id = %2$lld;",
	    (long long)to, (long long)from);
	rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		*err = store_strerr(d, "moving history");
		return -1;
	}
	return 0;
}

static int
store_profile_rename_job(struct store_db *d, void *arg, char **err)
{
	struct store_rename_arg	*a = arg;
	sqlite3_stmt		*stmt;
	int64_t			 from, to;
	int			 rc;

	if ((stmt = store_profile_stmt(d, STMT_PROFILE_RENAME)) == NULL) {
		*err = store_strerr(d, "renaming profile");
		return -1;
	}
	store_bind_text(stmt, 1, a->from);
	store_bind_text(stmt, 2, a->to);
	sqlite3_bind_int64(stmt, 3, store_profile_now_ms());
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		*err = xasprintf("a profile named '%s' exists already", a->to);
		return -1;
	}
	if (rc != SQLITE_DONE) {
		*err = store_strerr(d, "renaming profile");
		return -1;
	}
	if (sqlite3_changes(d->db) == 0) {
		*err = xasprintf("no profile named '%s'", a->from);
		return -1;
	}

	/* The history follows: it names its connection through conns. */
	if ((from = store_rename_conn_id(d, a->from)) == -1 ||
	    (to = store_rename_conn_id(d, a->to)) == -1) {
		*err = store_strerr(d, "renaming history");
		return -1;
	}
	if (from != 0 && to != 0) {
		if (store_rename_merge(d, from, to, err) != 0)
			return -1;
	} else if (from != 0) {
		if ((stmt = store_profile_stmt(d, STMT_CONN_RENAME)) == NULL) {
			*err = store_strerr(d, "renaming history");
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, from);
		store_bind_text(stmt, 2, a->to);
		if (store_profile_step(d, stmt, "renaming history", err) != 0)
			return -1;
	}
	/* The writer's cache of name -> id knows the old name. */
	store_topic_forget();
	return 0;
}

void
store_profile_rename(const char *from, const char *to, store_done_fn done,
    void *arg)
{
	struct store_rename_arg	*a = xcalloc(1, sizeof *a);

	a->from = xstrdup(from);
	a->to = xstrdup(to);
	store_writer_job(store_profile_rename_job, store_rename_free_arg, a,
	    done, arg);
}

static void
store_column_set(char **field, sqlite3_stmt *stmt, int i)
{
	free(*field);
	*field = store_column_dup(stmt, i);
}

static void
store_column_props(struct props *props, sqlite3_stmt *stmt, int i,
    const char *name)
{
	const char	*json;

	props_clear(props);
	if ((json = (const char *)sqlite3_column_text(stmt, i)) == NULL)
		return;
	if (props_from_json(props, json) != 0) {
		log_warn("profile %s: ignoring bad stored properties", name);
		props_clear(props);
	}
}

struct profile *
store_profile_load(const char *name)
{
	const struct profile_field	*f;
	sqlite3_stmt			*stmt;
	struct profile			*p;
	int				 rc, i, n;

	if ((stmt = store_profile_stmt(&store_rd, STMT_PROFILE_LOAD)) == NULL)
		return NULL;
	store_bind_text(stmt, 1, name);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			store_read_failed("loading profile", name);
		store_done(stmt);
		return NULL;
	}

	p = profile_new();
	p->id = sqlite3_column_int64(stmt, 0);
	for (i = 0, n = 0; i < PF_NFIELDS; i++) {
		f = &profile_fields[i];
		if (f->column == NULL)
			continue;
		n++;
		/* A column added later is NULL in old rows: the default. */
		if (sqlite3_column_type(stmt, n) == SQLITE_NULL &&
		    f->type != PF_STR && f->type != PF_PROPS)
			continue;
		switch (f->type) {
		case PF_STR:
			store_column_set(PF_AT(p, f, char *), stmt, n);
			break;
		case PF_PROPS:
			store_column_props(PF_AT(p, f, struct props), stmt, n,
			    name);
			break;
		case PF_I64:
			*PF_AT(p, f, int64_t) = sqlite3_column_int64(stmt, n);
			break;
		default:
			*PF_AT(p, f, int) = sqlite3_column_int(stmt, n);
			break;
		}
	}
	store_done(stmt);
	return p;
}

char **
store_profile_names(void)
{
	sqlite3_stmt	*stmt;
	char		**names;
	size_t		 n = 0, size = 8;
	int		 rc;

	names = xcalloc(size, sizeof *names);
	if ((stmt = store_profile_stmt(&store_rd, STMT_PROFILE_NAMES)) == NULL)
		return names;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n + 1 >= size) {
			size *= 2;
			names = xrealloc(names, size * sizeof *names);
		}
		names[n++] = store_column_dup(stmt, 0);
	}
	if (rc != SQLITE_DONE)
		store_read_failed("listing profiles", NULL);
	store_done(stmt);
	names[n] = NULL;
	return names;
}

char **
store_topic_names(const char *conn, const char *prefix, int max)
{
	sqlite3_stmt	*stmt;
	char		**names;
	int		 n = 0, rc = SQLITE_DONE;

	names = xcalloc(max + 1, sizeof *names);
	if ((stmt = store_profile_stmt(&store_rd, STMT_TOPIC_NAMES)) == NULL)
		return names;
	store_bind_text(stmt, 1, conn);
	store_bind_text(stmt, 2, prefix);
	sqlite3_bind_int(stmt, 3, max);
	while (n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		names[n++] = store_column_dup(stmt, 0);
	if (n < max && rc != SQLITE_DONE)
		store_read_failed("listing topics of", conn);
	store_done(stmt);
	return names;
}

void
store_free_names(char **names)
{
	char	**np;

	if (names == NULL)
		return;
	for (np = names; *np != NULL; np++)
		free(*np);
	free(names);
}

struct store_sub_arg {
	char		*profile;
	struct sub	*sub;
	char		*topic;
};

static void
store_sub_free_arg(void *arg)
{
	struct store_sub_arg	*a = arg;

	free(a->profile);
	free(a->topic);
	if (a->sub != NULL)
		sub_free(a->sub);
	free(a);
}

int
store_sub_write(struct store_db *d, const char *profile, const struct sub *s,
    char **err)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_profile_stmt(d, STMT_SUB_SAVE)) == NULL) {
		*err = store_strerr(d, "saving subscription");
		return -1;
	}
	store_bind_text(stmt, 1, profile);
	store_bind_text(stmt, 2, s->topic);
	sqlite3_bind_int(stmt, 3, s->qos);
	sqlite3_bind_int(stmt, 4, s->no_local);
	sqlite3_bind_int(stmt, 5, s->rap);
	sqlite3_bind_int(stmt, 6, s->rh);
	sqlite3_bind_int(stmt, 7, s->id);
	store_bind_text(stmt, 8, s->alias);
	sqlite3_bind_int(stmt, 9, s->color);
	sqlite3_bind_int(stmt, 10, s->enabled);
	if (store_profile_step(d, stmt, "saving subscription", err) != 0)
		return -1;
	if (sqlite3_changes(d->db) == 0) {
		*err = xasprintf("no profile named '%s'", profile);
		return -1;
	}
	return 0;
}

static int
store_sub_save_job(struct store_db *d, void *arg, char **err)
{
	struct store_sub_arg	*a = arg;

	return store_sub_write(d, a->profile, a->sub, err);
}

struct sub *
store_sub_copy(const struct sub *s)
{
	struct sub	*c = sub_new(s->topic);

	c->qos = s->qos;
	c->no_local = s->no_local;
	c->rap = s->rap;
	c->rh = s->rh;
	c->id = s->id;
	c->alias = s->alias != NULL ? xstrdup(s->alias) : NULL;
	c->color = s->color;
	c->enabled = s->enabled;
	return c;
}

void
store_sub_save(const char *profile, const struct sub *s, store_done_fn done,
    void *arg)
{
	struct store_sub_arg	*a = xcalloc(1, sizeof *a);

	a->profile = xstrdup(profile);
	a->sub = store_sub_copy(s);
	store_writer_job(store_sub_save_job, store_sub_free_arg, a, done, arg);
}

static int
store_sub_delete_job(struct store_db *d, void *arg, char **err)
{
	struct store_sub_arg	*a = arg;
	sqlite3_stmt		*stmt;

	if ((stmt = store_profile_stmt(d, STMT_SUB_DELETE)) == NULL) {
		*err = store_strerr(d, "deleting subscription");
		return -1;
	}
	store_bind_text(stmt, 1, a->profile);
	store_bind_text(stmt, 2, a->topic);
	return store_profile_step(d, stmt, "deleting subscription", err);
}

void
store_sub_delete(const char *profile, const char *topic, store_done_fn done,
    void *arg)
{
	struct store_sub_arg	*a = xcalloc(1, sizeof *a);

	a->profile = xstrdup(profile);
	a->topic = xstrdup(topic);
	store_writer_job(store_sub_delete_job, store_sub_free_arg, a, done,
	    arg);
}

int
store_sub_foreach(const char *profile,
    void (*fn)(const struct sub *, void *), void *arg)
{
	sqlite3_stmt	 *stmt;
	struct sub	**list = NULL, *s;
	size_t		  n = 0, i;
	int		  rc;

	if ((stmt = store_profile_stmt(&store_rd, STMT_SUB_LIST)) == NULL)
		goto fail;
	/* Collect first so fn may call back into the store. */
	store_bind_text(stmt, 1, profile);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s = sub_new((const char *)sqlite3_column_text(stmt, 0));
		s->qos = sqlite3_column_int(stmt, 1);
		s->no_local = sqlite3_column_int(stmt, 2);
		s->rap = sqlite3_column_int(stmt, 3);
		s->rh = sqlite3_column_int(stmt, 4);
		s->id = sqlite3_column_int(stmt, 5);
		store_column_set(&s->alias, stmt, 6);
		s->color = sqlite3_column_int(stmt, 7);
		s->enabled = sqlite3_column_int(stmt, 8);
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n++] = s;
	}
	store_done(stmt);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < n; i++)
			sub_free(list[i]);
		free(list);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		fn(list[i], arg);
		sub_free(list[i]);
	}
	free(list);
	return 0;

fail:
	store_read_failed("loading subscriptions of", profile);
	return -1;
}
