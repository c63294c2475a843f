/*
 * The SQLite store: opening, migrations, transactions, profiles and
 * subscriptions (messages are in store-msg.c). One connection for the whole
 * (single-threaded) program; statements are prepared once and reset per call.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

/*
 * Schema migrations: entry i takes user_version i to i + 1. Only ever
 * append; never edit a step that has shipped.
 */
static const char *store_migrations[] = {
	/* 1: profiles, subscriptions, message history. */
	"CREATE TABLE profiles ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE NOT NULL,"
	" host TEXT,"
	" port INTEGER,"
	" tls INTEGER,"
	" client_id TEXT,"
	" username TEXT,"
	" password TEXT,"
	" version INTEGER,"
	" keepalive INTEGER,"
	" clean INTEGER,"
	" session_expiry INTEGER,"
	" auto_reconnect INTEGER,"
	" will_topic TEXT,"
	" will_payload TEXT,"
	" will_qos INTEGER,"
	" will_retain INTEGER,"
	" will_props TEXT,"
	" connect_props TEXT,"
	" cafile TEXT,"
	" capath TEXT,"
	" cert TEXT,"
	" key_file TEXT,"
	" insecure INTEGER,"
	" tls_version TEXT,"
	" created_ms INTEGER,"
	" updated_ms INTEGER);"
	"CREATE TABLE subs ("
	" id INTEGER PRIMARY KEY,"
	" profile_id INTEGER NOT NULL"
	"  REFERENCES profiles(id) ON DELETE CASCADE,"
	" topic TEXT NOT NULL,"
	" qos INTEGER,"
	" no_local INTEGER,"
	" rap INTEGER,"
	" rh INTEGER,"
	" sub_id INTEGER,"
	" alias TEXT,"
	" color INTEGER,"
	" enabled INTEGER,"
	" UNIQUE(profile_id, topic));"
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" conn TEXT NOT NULL,"
	" dir INTEGER NOT NULL,"
	" topic TEXT NOT NULL,"
	" payload BLOB NOT NULL,"
	" qos INTEGER,"
	" retain INTEGER,"
	" props TEXT,"
	" time_ms INTEGER NOT NULL);"
	"CREATE INDEX messages_conn ON messages(conn, id DESC);"
	"CREATE INDEX messages_topic ON messages(topic, id DESC);",
};
#define STORE_SCHEMA \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

#define STORE_PROFILE_COLS \
	"name, host, port, tls, client_id, username, password, version," \
	" keepalive, clean, session_expiry, auto_reconnect, will_topic," \
	" will_payload, will_qos, will_retain, will_props, connect_props," \
	" cafile, capath, cert, key_file, insecure, tls_version"

static const char *store_sql[STMT_COUNT] = {
	/* IMMEDIATE: take the write lock up front, no upgrade deadlocks. */
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",

	[STMT_PROFILE_SAVE] =
	"INSERT INTO profiles (" STORE_PROFILE_COLS ", created_ms, updated_ms)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?25)"
	" ON CONFLICT(name) DO UPDATE SET"
	" host = excluded.host, port = excluded.port, tls = excluded.tls,"
	" client_id = excluded.client_id, username = excluded.username,"
	" password = excluded.password, version = excluded.version,"
	" keepalive = excluded.keepalive, clean = excluded.clean,"
	" session_expiry = excluded.session_expiry,"
	" auto_reconnect = excluded.auto_reconnect,"
	" will_topic = excluded.will_topic,"
	" will_payload = excluded.will_payload,"
	" will_qos = excluded.will_qos, will_retain = excluded.will_retain,"
	" will_props = excluded.will_props,"
	" connect_props = excluded.connect_props,"
	" cafile = excluded.cafile, capath = excluded.capath,"
	" cert = excluded.cert, key_file = excluded.key_file,"
	" insecure = excluded.insecure, tls_version = excluded.tls_version,"
	" updated_ms = excluded.updated_ms",
	[STMT_PROFILE_ID] = "SELECT id FROM profiles WHERE name = ?1",
	[STMT_PROFILE_LOAD] =
	"SELECT id, " STORE_PROFILE_COLS " FROM profiles WHERE name = ?1",
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
};

sqlite3			*store_db;
static char		*store_file;
static sqlite3_stmt	*store_stmts[STMT_COUNT];

static void	store_seterr(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
store_seterr(char **err, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	/* Two passes with vsnprintf: vasprintf needs _GNU_SOURCE. */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("cannot format an error message");
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (err != NULL) {
		free(*err);
		*err = s;
	} else
		free(s);
}

static int64_t
store_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The statement cached in *slot, prepared on first use. */
sqlite3_stmt *
store_prepare(sqlite3_stmt **slot, const char *sql)
{
	sqlite3_stmt	*stmt;

	if (store_db == NULL)
		return NULL;
	if (*slot != NULL)
		return *slot;
	if (sqlite3_prepare_v3(store_db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
		return NULL;
	*slot = stmt;
	return stmt;
}

void
store_finalize(sqlite3_stmt **stmts, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		sqlite3_finalize(stmts[i]);
		stmts[i] = NULL;
	}
}

sqlite3_stmt *
store_stmt(enum store_stmt which)
{
	return store_prepare(&store_stmts[which], store_sql[which]);
}

void
store_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* Run a cached statement that returns no rows. */
int
store_run(enum store_stmt which)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(which)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	store_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

const char *
store_errmsg(void)
{
	if (store_db == NULL)
		return "database not open";
	return sqlite3_errmsg(store_db);
}

void
store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

/* Column text as a new string, NULL for SQL NULL. */
static char *
store_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		return xstrdup("");
	return xstrdup((const char *)s);
}

static void
store_column_set(char **field, sqlite3_stmt *stmt, int i)
{
	free(*field);
	*field = store_column_dup(stmt, i);
}

int
store_in_transaction(void)
{
	return store_db != NULL && !sqlite3_get_autocommit(store_db);
}

/*
 * Commit the pending message batch before any other write, so that write
 * gets its own transaction and a later failure cannot take it down too.
 */
static int
store_begin(char **err, const char *what)
{
	store_flush();
	if (store_in_transaction()) {
		store_seterr(err, "%s: cannot commit pending messages: %s",
		    what, store_errmsg());
		return -1;
	}
	if (store_run(STMT_BEGIN) != 0) {
		store_seterr(err, "%s: %s", what, store_errmsg());
		return -1;
	}
	return 0;
}

static int
store_commit(char **err, const char *what)
{
	if (store_run(STMT_COMMIT) != 0) {
		store_seterr(err, "%s: %s", what, store_errmsg());
		if (store_in_transaction())
			store_run(STMT_ROLLBACK);
		return -1;
	}
	return 0;
}

static int
store_fail(char **err, const char *what)
{
	store_seterr(err, "%s: %s", what, store_errmsg());
	if (store_in_transaction())
		store_run(STMT_ROLLBACK);
	return -1;
}

/* Like mkdir -p for the directory holding path; new directories are 0700. */
static int
store_make_parent(const char *path, char **err)
{
	char	*dir, *slash, *p, c;
	int	 rc = 0;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/' && p[-1] == '/')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			store_seterr(err, "cannot create directory %s: %s",
			    dir, strerror(errno));
			rc = -1;
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

/* Create the file ourselves so it is 0600 whatever the umask. */
static int
store_create_file(const char *path, char **err)
{
	int	fd;

	fd = open(path, O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		store_seterr(err, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) != 0) {
		store_seterr(err, "cannot chmod %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
store_user_version(int *version)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(store_db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
store_migrate(const char *path, char **err)
{
	char	*sql;
	int	 version, i;

	if (store_user_version(&version) != 0) {
		store_seterr(err, "database %s: %s", path, store_errmsg());
		return -1;
	}
	if (version > STORE_SCHEMA)
		goto newer;
	if (version == STORE_SCHEMA)
		return 0;

	if (store_run(STMT_BEGIN) != 0)
		return store_fail(err, "database migration");
	/* Re-read under the write lock: another mqtty may have migrated. */
	if (store_user_version(&version) != 0)
		return store_fail(err, "database migration");
	if (version > STORE_SCHEMA) {
		store_run(STMT_ROLLBACK);
		goto newer;
	}
	for (i = version; i < STORE_SCHEMA; i++) {
		if (sqlite3_exec(store_db, store_migrations[i], NULL, NULL,
		    NULL) != SQLITE_OK) {
			store_seterr(err, "database migration to schema %d: %s",
			    i + 1, store_errmsg());
			store_run(STMT_ROLLBACK);
			return -1;
		}
	}
	sql = xasprintf("PRAGMA user_version = %d", STORE_SCHEMA);
	i = sqlite3_exec(store_db, sql, NULL, NULL, NULL);
	free(sql);
	if (i != SQLITE_OK)
		return store_fail(err, "database migration");
	return store_commit(err, "database migration");

newer:
	store_seterr(err, "database %s is from a newer mqtty (schema %d)",
	    path, version);
	return -1;
}

int
store_open(const char *path, char **err)
{
	int	memory;

	if (store_db != NULL)
		store_close();
	memory = strcmp(path, ":memory:") == 0 || *path == '\0';
	if (!memory) {
		if (store_make_parent(path, err) != 0)
			return -1;
		if (store_create_file(path, err) != 0)
			return -1;
	}

	if (sqlite3_open_v2(path, &store_db,
	    SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		store_seterr(err, "database %s: %s", path, store_errmsg());
		goto fail;
	}
	sqlite3_busy_timeout(store_db, 2000);
	if (!memory && sqlite3_exec(store_db, "PRAGMA journal_mode = WAL",
	    NULL, NULL, NULL) != SQLITE_OK) {
		store_seterr(err, "database %s: %s", path, store_errmsg());
		goto fail;
	}
	/* NORMAL is crash-safe in WAL mode and much cheaper than FULL. */
	if (sqlite3_exec(store_db, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		store_seterr(err, "database %s: %s", path, store_errmsg());
		goto fail;
	}
	store_file = xstrdup(path);
	if (store_migrate(path, err) != 0)
		goto fail;
	return 0;

fail:
	store_close();
	return -1;
}

void
store_close(void)
{
	if (store_db == NULL)
		return;
	store_msg_close();
	store_finalize(store_stmts, STMT_COUNT);
	sqlite3_close(store_db);
	store_db = NULL;
	free(store_file);
	store_file = NULL;
}

const char *
store_path(void)
{
	return store_file;
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

int
store_profile_save(struct profile *p, char **err)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (p->name == NULL || *p->name == '\0') {
		store_seterr(err, "profile has no name");
		return -1;
	}
	if (store_begin(err, "saving profile") != 0)
		return -1;

	if ((stmt = store_stmt(STMT_PROFILE_SAVE)) == NULL)
		return store_fail(err, "saving profile");
	store_bind_text(stmt, 1, p->name);
	store_bind_text(stmt, 2, p->host);
	sqlite3_bind_int(stmt, 3, p->port);
	sqlite3_bind_int(stmt, 4, p->tls);
	store_bind_text(stmt, 5, p->client_id);
	store_bind_text(stmt, 6, p->username);
	store_bind_text(stmt, 7, p->password);
	sqlite3_bind_int(stmt, 8, p->version);
	sqlite3_bind_int(stmt, 9, p->keepalive);
	sqlite3_bind_int(stmt, 10, p->clean);
	sqlite3_bind_int64(stmt, 11, p->session_expiry);
	sqlite3_bind_int(stmt, 12, p->auto_reconnect);
	store_bind_text(stmt, 13, p->will_topic);
	store_bind_text(stmt, 14, p->will_payload);
	sqlite3_bind_int(stmt, 15, p->will_qos);
	sqlite3_bind_int(stmt, 16, p->will_retain);
	store_bind_props(stmt, 17, &p->will_props);
	store_bind_props(stmt, 18, &p->connect_props);
	store_bind_text(stmt, 19, p->cafile);
	store_bind_text(stmt, 20, p->capath);
	store_bind_text(stmt, 21, p->cert);
	store_bind_text(stmt, 22, p->key);
	sqlite3_bind_int(stmt, 23, p->insecure);
	store_bind_text(stmt, 24, p->tls_version);
	sqlite3_bind_int64(stmt, 25, store_now_ms());
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(err, "saving profile");

	/* last_insert_rowid is stale when the upsert took the update path. */
	if ((stmt = store_stmt(STMT_PROFILE_ID)) == NULL)
		return store_fail(err, "saving profile");
	store_bind_text(stmt, 1, p->name);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		p->id = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	if (rc != SQLITE_ROW)
		return store_fail(err, "saving profile");

	return store_commit(err, "saving profile");
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
	sqlite3_stmt	*stmt;
	struct profile	*p;
	int		 rc;

	if ((stmt = store_stmt(STMT_PROFILE_LOAD)) == NULL)
		return NULL;
	store_bind_text(stmt, 1, name);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			log_warn("loading profile %s: %s", name,
			    store_errmsg());
		store_done(stmt);
		return NULL;
	}

	p = profile_new();
	p->id = sqlite3_column_int64(stmt, 0);
	store_column_set(&p->name, stmt, 1);
	store_column_set(&p->host, stmt, 2);
	p->port = sqlite3_column_int(stmt, 3);
	p->tls = sqlite3_column_int(stmt, 4);
	store_column_set(&p->client_id, stmt, 5);
	store_column_set(&p->username, stmt, 6);
	store_column_set(&p->password, stmt, 7);
	p->version = sqlite3_column_int(stmt, 8);
	p->keepalive = sqlite3_column_int(stmt, 9);
	p->clean = sqlite3_column_int(stmt, 10);
	p->session_expiry = sqlite3_column_int64(stmt, 11);
	p->auto_reconnect = sqlite3_column_int(stmt, 12);
	store_column_set(&p->will_topic, stmt, 13);
	store_column_set(&p->will_payload, stmt, 14);
	p->will_qos = sqlite3_column_int(stmt, 15);
	p->will_retain = sqlite3_column_int(stmt, 16);
	store_column_props(&p->will_props, stmt, 17, name);
	store_column_props(&p->connect_props, stmt, 18, name);
	store_column_set(&p->cafile, stmt, 19);
	store_column_set(&p->capath, stmt, 20);
	store_column_set(&p->cert, stmt, 21);
	store_column_set(&p->key, stmt, 22);
	p->insecure = sqlite3_column_int(stmt, 23);
	store_column_set(&p->tls_version, stmt, 24);
	store_done(stmt);
	return p;
}

int
store_profile_delete(const char *name, char **err)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/* One statement: the subs go with it through ON DELETE CASCADE. */
	if (store_begin(err, "deleting profile") != 0)
		return -1;
	if ((stmt = store_stmt(STMT_PROFILE_DELETE)) == NULL)
		return store_fail(err, "deleting profile");
	store_bind_text(stmt, 1, name);
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(err, "deleting profile");
	if (sqlite3_changes(store_db) == 0) {
		store_run(STMT_ROLLBACK);
		store_seterr(err, "no profile named '%s'", name);
		return -1;
	}
	return store_commit(err, "deleting profile");
}

char **
store_profile_names(void)
{
	sqlite3_stmt	*stmt;
	char		**names;
	size_t		 n = 0, size = 8;
	int		 rc;

	names = xcalloc(size, sizeof *names);
	if ((stmt = store_stmt(STMT_PROFILE_NAMES)) == NULL)
		return names;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n + 1 >= size) {
			size *= 2;
			names = xrealloc(names, size * sizeof *names);
		}
		names[n++] = store_column_dup(stmt, 0);
	}
	if (rc != SQLITE_DONE)
		log_warn("listing profiles: %s", store_errmsg());
	store_done(stmt);
	names[n] = NULL;
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

int
store_sub_save(const char *profile, const struct sub *s)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/* Commit pending messages so this write stands on its own. */
	store_flush();
	if ((stmt = store_stmt(STMT_SUB_SAVE)) == NULL)
		goto fail;
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
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	/* No row: there is no such profile. */
	return sqlite3_changes(store_db) == 0 ? -1 : 0;

fail:
	log_warn("saving subscription %s: %s", s->topic, store_errmsg());
	return -1;
}

int
store_sub_delete(const char *profile, const char *topic)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	store_flush();
	if ((stmt = store_stmt(STMT_SUB_DELETE)) == NULL)
		goto fail;
	store_bind_text(stmt, 1, profile);
	store_bind_text(stmt, 2, topic);
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;

fail:
	log_warn("deleting subscription %s: %s", topic, store_errmsg());
	return -1;
}

int
store_sub_foreach(const char *profile,
    void (*fn)(const struct sub *, void *), void *arg)
{
	sqlite3_stmt	 *stmt;
	struct sub	**list = NULL, *s;
	size_t		  n = 0, i;
	int		  rc;

	if ((stmt = store_stmt(STMT_SUB_LIST)) == NULL)
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
	log_warn("loading subscriptions of %s: %s", profile, store_errmsg());
	return -1;
}
