/*
 * The SQLite store: checking and opening the file, migrations, and the
 * helpers the other store files share. Profiles are in store-profile.c,
 * history in store-msg.c, the writer thread in store-writer.c.
 *
 * Opening checks the file before anything in it changes: it must be empty
 * or an mqtty database of a schema this program knows, and writable along
 * with its directory (WAL needs its -wal and -shm files there). A flock on
 * the file serialises this among mqtty processes starting at once.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "store.h"
#include "store-int.h"
#include "xmalloc.h"

/* "mqty": PRAGMA application_id of every mqtty database since schema 2. */
#define STORE_APP_ID	0x6d717479

/* Modes tightened on open, for main to say. */
static char	*store_note;

/* How long opening waits for another mqtty that is creating the file. */
#define STORE_INIT_WAIT_MS	10000

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

	/*
	 * 2: history rows carry integer ids of their connection and topic
	 * (cheap indexes; a topic table for the tree and search), the packet
	 * id and whether the broker sent it more than once. The view
	 * "messages" keeps the readable columns for SQL by hand.
	 */
	"CREATE TABLE conns ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE NOT NULL);"
	"CREATE TABLE topics ("
	" id INTEGER PRIMARY KEY,"
	" conn_id INTEGER NOT NULL REFERENCES conns(id),"
	" topic TEXT NOT NULL,"
	" UNIQUE(conn_id, topic));"
	"CREATE INDEX topics_topic ON topics(topic);"
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" conn_id INTEGER NOT NULL,"
	" topic_id INTEGER NOT NULL,"
	" dir INTEGER NOT NULL,"
	" payload BLOB NOT NULL,"
	" qos INTEGER,"
	" retain INTEGER,"
	" props TEXT,"
	" time_ms INTEGER NOT NULL,"
	" mid INTEGER,"
	" dup INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO conns (name) SELECT DISTINCT conn FROM messages;"
	"INSERT INTO topics (conn_id, topic) SELECT DISTINCT c.id, m.topic"
	" FROM messages m JOIN conns c ON c.name = m.conn;"
	"INSERT INTO history (id, conn_id, topic_id, dir, payload, qos, retain,"
	" props, time_ms)"
	" SELECT m.id, c.id, t.id, m.dir, m.payload, m.qos, m.retain, m.props,"
	" m.time_ms FROM messages m JOIN conns c ON c.name = m.conn"
	" JOIN topics t ON t.conn_id = c.id AND t.topic = m.topic;"
	/* Ids keep growing past any ever handed out. */
	"DELETE FROM sqlite_sequence WHERE name = 'history';"
	"UPDATE sqlite_sequence SET name = 'history' WHERE name = 'messages';"
	"DROP TABLE messages;"
	"CREATE INDEX history_conn ON history(conn_id, id DESC);"
	"CREATE INDEX history_topic ON history(topic_id, id DESC);"
	"CREATE VIEW messages AS SELECT h.id AS id, c.name AS conn, h.dir AS dir,"
	" t.topic AS topic, h.payload AS payload, h.qos AS qos,"
	" h.retain AS retain, h.props AS props, h.time_ms AS time_ms,"
	" h.mid AS mid, h.dup AS dup"
	" FROM history h JOIN conns c ON c.id = h.conn_id"
	" JOIN topics t ON t.id = h.topic_id;",

	/*
	 * 3: a received message that was the will of one of our dropped
	 * connections names it. Connection events are rows of dir 2: the
	 * view "messages" leaves them out, "events" shows them.
	 */
	"ALTER TABLE history ADD COLUMN will_of TEXT;"
	"DROP VIEW messages;"
	"CREATE VIEW messages AS SELECT h.id AS id, c.name AS conn, h.dir AS dir,"
	" t.topic AS topic, h.payload AS payload, h.qos AS qos,"
	" h.retain AS retain, h.props AS props, h.time_ms AS time_ms,"
	" h.mid AS mid, h.dup AS dup, h.will_of AS will_of"
	" FROM history h JOIN conns c ON c.id = h.conn_id"
	" JOIN topics t ON t.id = h.topic_id WHERE h.dir <> 2;"
	"CREATE VIEW events AS SELECT h.id AS id, c.name AS conn,"
	" CAST(h.payload AS TEXT) AS event, h.time_ms AS time_ms"
	" FROM history h JOIN conns c ON c.id = h.conn_id WHERE h.dir = 2;",

	/*
	 * 4: a full-text index of payloads (trigrams: any substring of 3+
	 * characters), filled by the writer when idle, up to fts_state.done.
	 */
	"CREATE VIRTUAL TABLE history_fts USING fts5(body, content='',"
	" tokenize='trigram');"
	"CREATE TABLE fts_state (done INTEGER NOT NULL);"
	"INSERT INTO fts_state VALUES (0);"
	/* Retention rules: per connection name, "" for all history. */
	"CREATE TABLE retention ("
	" conn TEXT PRIMARY KEY,"
	" max_messages INTEGER NOT NULL DEFAULT 0,"
	" max_bytes INTEGER NOT NULL DEFAULT 0,"
	" max_age_ms INTEGER NOT NULL DEFAULT 0);",
	/* 5: the payload view of a topic filter, kept with its profile. */
	"CREATE TABLE views ("
	" id INTEGER PRIMARY KEY,"
	" profile_id INTEGER NOT NULL"
	"  REFERENCES profiles(id) ON DELETE CASCADE,"
	" filter TEXT NOT NULL,"
	" view TEXT NOT NULL,"
	" jq TEXT,"
	" UNIQUE(profile_id, filter));",

	/*
	 * 6: each topic's stats, kept by the writer as it commits rows, so
	 * the topic tree never reads history to draw: messages, the newest
	 * row (id, time, retain flag), whether a retained message is known
	 * there, and messages in the newest minute and the one before (the
	 * rate over the last minute). The index finds what changed since a
	 * row id. Filled here from the history there is.
	 */
	"ALTER TABLE topics ADD COLUMN msgs INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN last_id INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN last_ms INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN last_retain INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN retained INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN minute INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN in_minute INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE topics ADD COLUMN in_prev INTEGER NOT NULL DEFAULT 0;"
	"UPDATE topics SET"
	" msgs = (SELECT count(*) FROM history h WHERE h.topic_id = topics.id),"
	" last_id = coalesce((SELECT max(h.id) FROM history h"
	"  WHERE h.topic_id = topics.id), 0);"
	"UPDATE topics SET"
	" last_ms = coalesce((SELECT h.time_ms FROM history h"
	"  WHERE h.id = topics.last_id), 0),"
	" last_retain = coalesce((SELECT h.retain FROM history h"
	"  WHERE h.id = topics.last_id), 0),"
	" retained = coalesce((SELECT h.retain = 1 AND length(h.payload) > 0"
	"  FROM history h WHERE h.topic_id = topics.id AND"
	"  (h.retain = 1 OR (h.dir = 0 AND length(h.payload) = 0))"
	"  ORDER BY h.id DESC LIMIT 1), 0);"
	"UPDATE topics SET minute = last_ms / 60000;"
	/* Only topics heard from in the last two minutes have a rate. */
	"UPDATE topics SET"
	" in_minute = (SELECT count(*) FROM history h"
	"  WHERE h.topic_id = topics.id AND h.time_ms / 60000 = topics.minute),"
	" in_prev = (SELECT count(*) FROM history h"
	"  WHERE h.topic_id = topics.id AND h.time_ms / 60000 = topics.minute - 1)"
	" WHERE last_ms >= (CAST(strftime('%s', 'now') AS INTEGER) - 120) * 1000;"
	"CREATE INDEX topics_changed ON topics(conn_id, last_id);",
};
#define STORE_SCHEMA \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

struct store_db		 store_rd;
static struct store_db	 store_wr;
static char		*store_file;
static int		 store_lock_fd = -1;

sqlite3_stmt *
store_prepare(struct store_db *d, sqlite3_stmt **slot, const char *sql)
{
	sqlite3_stmt	*stmt;

	if (d->db == NULL)
		return NULL;
	if (*slot != NULL)
		return *slot;
	if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK)
		return NULL;
	*slot = stmt;
	return stmt;
}

void
store_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

const char *
store_errmsg(struct store_db *d)
{
	if (d->db == NULL)
		return "database not open";
	return sqlite3_errmsg(d->db);
}

/*
 * A read on the loop's connection failed. A busy database (another
 * process recovering the WAL) is not worth a word: the view reads again
 * on its next frame.
 */
void
store_read_failed(const char *what, const char *name)
{
	int	rc = store_rd.db != NULL ? sqlite3_errcode(store_rd.db) & 0xff :
		    SQLITE_ERROR;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return;
	if (name != NULL)
		log_warn("%s %s: %s", what, name, store_errmsg(&store_rd));
	else
		log_warn("%s: %s", what, store_errmsg(&store_rd));
}

/* "what: SQLite's reason" as a new string. */
char *
store_strerr(struct store_db *d, const char *what)
{
	return xasprintf("%s: %s", what, store_errmsg(d));
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
char *
store_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		return xstrdup("");
	return xstrdup((const char *)s);
}

static int
store_step_once(struct store_db *d, sqlite3_stmt **slot, const char *sql)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_prepare(d, slot, sql)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* IMMEDIATE: take the write lock up front, no upgrade deadlocks. */
int
store_begin(struct store_db *d)
{
	return store_step_once(d, &d->begin, "BEGIN IMMEDIATE");
}

int
store_commit(struct store_db *d)
{
	return store_step_once(d, &d->commit, "COMMIT");
}

void
store_rollback(struct store_db *d)
{
	if (d->db != NULL && !sqlite3_get_autocommit(d->db))
		store_step_once(d, &d->rollback, "ROLLBACK");
}

void
store_db_close(struct store_db *d)
{
	int	i;

	if (d->db == NULL)
		return;
	for (i = 0; i < STMT_PROFILE_N; i++)
		sqlite3_finalize(d->profile[i]);
	for (i = 0; i < STMT_MSG_N; i++)
		sqlite3_finalize(d->msg[i]);
	for (i = 0; i < STMT_VALUE_N; i++)
		sqlite3_finalize(d->value[i]);
	for (i = 0; i < STMT_TREE_N; i++)
		sqlite3_finalize(d->tree[i]);
	sqlite3_finalize(d->begin);
	sqlite3_finalize(d->commit);
	sqlite3_finalize(d->rollback);
	sqlite3_finalize(d->many[0]);
	sqlite3_finalize(d->many[1]);
	sqlite3_close(d->db);
	memset(d, 0, sizeof *d);
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
			*err = xasprintf("cannot create directory %s: %s",
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

static char *
store_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

/*
 * Writable for this process, and meant to be: root may write anything, so
 * a file or directory with no owner write bit counts as read-only too.
 */
static int
store_writable(const char *path, const struct stat *sb)
{
	struct statvfs	sv;

	if (access(path, W_OK) != 0 || (sb->st_mode & S_IWUSR) == 0)
		return 0;
	if (statvfs(path, &sv) == 0 && (sv.f_flag & ST_RDONLY))
		return 0;
	return 1;
}

/* The file and its directory can be written, or *err says which not. */
static int
store_check_access(const char *path, const struct stat *sb, char **err)
{
	struct stat	 dsb;
	char		*dir = store_dirname(path);
	int		 rc = -1;

	if (!store_writable(path, sb))
		*err = xasprintf("database %s is read-only", path);
	else if (stat(dir, &dsb) != 0)
		*err = xasprintf("database %s: %s: %s", path, dir,
		    strerror(errno));
	else if (!store_writable(dir, &dsb))
		*err = xasprintf("database %s is in a read-only directory "
		    "(%s): its -wal and -shm files can't be made there", path,
		    dir);
	else
		rc = 0;
	free(dir);
	return rc;
}

/* One integer from a query on a read-only connection. */
static int
store_ro_int(sqlite3 *db, const char *sql, int64_t *v)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * A URI that opens path read-only without locks or side files, when no
 * WAL is beside it: a WAL-mode file opened read-only would otherwise get
 * -wal and -shm files it could not remove.
 */
static char *
store_ro_uri(const char *path)
{
	struct buf	 b;
	struct stat	 sb;
	char		*wal = xasprintf("%s-wal", path), *uri;
	const char	*p;
	int		 immutable = stat(wal, &sb) != 0;

	free(wal);
	buf_init(&b);
	buf_adds(&b, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	}
	buf_adds(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	uri = xstrdup(buf_str(&b));
	buf_free(&b);
	return uri;
}

/*
 * Is the (non-empty) file an SQLite database mqtty may use? Read through
 * a read-only connection, so nothing in it changes.
 */
static int
store_check_content(const char *path, char **err)
{
	static const char	 magic[16] = "SQLite format 3";
	char			 head[16], *uri;
	sqlite3			*db = NULL;
	int64_t			 app = 0, version = 0, tables = 0, ours = 0;
	ssize_t			 n;
	int			 fd, rc = -1;

	if ((fd = open(path, O_RDONLY|O_CLOEXEC)) == -1) {
		*err = xasprintf("database %s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return 0;	/* empty: a new database */
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic)) {
		*err = xasprintf("%s is not an SQLite database", path);
		return -1;
	}
	uri = store_ro_uri(path);
	n = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY|SQLITE_OPEN_URI,
	    NULL);
	free(uri);
	if (n != SQLITE_OK)
		goto sqlerr;
	sqlite3_busy_timeout(db, STORE_INIT_WAIT_MS);
	if (store_ro_int(db, "PRAGMA application_id", &app) != 0 ||
	    store_ro_int(db, "PRAGMA user_version", &version) != 0 ||
	    store_ro_int(db, "SELECT count(*) FROM sqlite_master", &tables) ||
	    store_ro_int(db, "SELECT count(*) FROM sqlite_master WHERE"
	    " type IN ('table', 'view') AND"
	    " name IN ('profiles', 'subs', 'messages')", &ours) != 0)
		goto sqlerr;

	if (app == STORE_APP_ID || (app == 0 && version == 1 && ours == 3)) {
		if (version > STORE_SCHEMA)
			*err = xasprintf("database %s is from a newer mqtty "
			    "(schema %lld; this one knows %d)", path,
			    (long long)version, STORE_SCHEMA);
		else
			rc = 0;
	} else if (app == 0 && version == 0 && tables == 0)
		rc = 0;		/* an empty SQLite file */
	else
		*err = xasprintf("%s is not an mqtty database (it is another "
		    "program's SQLite file)", path);
	sqlite3_close(db);
	return rc;

sqlerr:
	*err = xasprintf("database %s: %s", path,
	    db != NULL ? sqlite3_errmsg(db) : "cannot open");
	sqlite3_close(db);
	return -1;
}

/* Take the init lock, waiting for another mqtty that holds it. */
static int
store_lock(int fd, const char *path, char **err)
{
	int	i;

	for (i = 0; i < STORE_INIT_WAIT_MS / 10; i++) {
		if (flock(fd, LOCK_EX|LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		usleep(10000);
	}
	*err = xasprintf("database %s: another program keeps it locked (%s)",
	    path, errno == EWOULDBLOCK ? "still starting after 10 s" :
	    strerror(errno));
	return -1;
}

/*
 * Open (or create, 0600) the file for the init lock. The descriptor stays
 * open until store_close: closing any descriptor of a file drops all of
 * the process's POSIX locks on it, SQLite's included.
 */
static int
store_open_file(const char *path, struct stat *sb, char **err)
{
	int	fd;

	fd = open(path, O_RDONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600);
	if (fd != -1) {
		/* Ours: 0600 whatever the umask. */
		if (fchmod(fd, 0600) != 0) {
			*err = xasprintf("cannot chmod %s: %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
	} else if (errno == EEXIST)
		fd = open(path, O_RDONLY|O_CLOEXEC);
	if (fd == -1) {
		*err = xasprintf("database %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		*err = xasprintf("database %s is %s", path,
		    S_ISDIR(sb->st_mode) ? "a directory" :
		    "not a regular file");
		close(fd);
		return -1;
	}
	return fd;
}

static int
store_exec(struct store_db *d, const char *sql, const char *path,
    char **err)
{
	if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	*err = xasprintf("database %s: %s", path, store_errmsg(d));
	return -1;
}

static int
store_migrate(struct store_db *d, const char *path, char **err)
{
	int64_t	 version = 0, app = 0;
	char	*sql;
	int	 i;

	/* Nothing to do is the usual case: no write transaction for it. */
	if (store_ro_int(d->db, "PRAGMA user_version", &version) == 0 &&
	    store_ro_int(d->db, "PRAGMA application_id", &app) == 0 &&
	    version == STORE_SCHEMA && app == STORE_APP_ID)
		return 0;
	if (store_begin(d) != 0) {
		*err = xasprintf("database %s: %s", path, store_errmsg(d));
		return -1;
	}
	if (store_ro_int(d->db, "PRAGMA user_version", &version) != 0)
		goto fail;
	if (version > STORE_SCHEMA) {
		/* Checked already; another mqtty can't have raced us here. */
		store_rollback(d);
		*err = xasprintf("database %s is from a newer mqtty", path);
		return -1;
	}
	for (i = (int)version; i < STORE_SCHEMA; i++) {
		if (sqlite3_exec(d->db, store_migrations[i], NULL, NULL,
		    NULL) != SQLITE_OK) {
			*err = xasprintf("database %s: migration to schema %d: "
			    "%s", path, i + 1, store_errmsg(d));
			store_rollback(d);
			return -1;
		}
	}
	sql = xasprintf("PRAGMA user_version = %d; PRAGMA application_id = %d",
	    STORE_SCHEMA, STORE_APP_ID);
	i = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
	free(sql);
	if (i != SQLITE_OK || store_commit(d) != 0)
		goto fail;
	return 0;
fail:
	*err = xasprintf("database %s: %s", path, store_errmsg(d));
	store_rollback(d);
	return -1;
}

static int
store_connect(struct store_db *d, const char *path, char **err)
{
	if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE|
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*err = xasprintf("database %s: %s", path, store_errmsg(d));
		return -1;
	}
	sqlite3_busy_timeout(d->db, STORE_INIT_WAIT_MS);
	/* NORMAL is crash-safe in WAL mode: a commit is in the OS's hands. */
	return store_exec(d, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON", path, err);
}

int
store_open(const char *path, char **err)
{
	struct stat	sb;
	int		fd;

	if (store_file != NULL)
		store_close(-1);
	if (*path == '\0' || strcmp(path, ":memory:") == 0) {
		*err = xasprintf("database '%s': give a file name", path);
		return -1;
	}
	if (store_make_parent(path, err) != 0)
		return -1;
	if ((fd = store_open_file(path, &sb, err)) == -1)
		return -1;
	if (store_lock(fd, path, err) != 0 ||
	    store_check_access(path, &sb, err) != 0 ||
	    store_check_content(path, err) != 0)
		goto fail;
	free(store_note);
	store_note = store_perm_tighten(path, fd);

	/* Only now may the file change: WAL, tables, the schema version. */
	if (store_connect(&store_wr, path, err) != 0 ||
	    store_exec(&store_wr, "PRAGMA journal_mode = WAL", path,
	    err) != 0 || store_migrate(&store_wr, path, err) != 0 ||
	    store_profile_columns(&store_wr, path, err) != 0 ||
	    store_connect(&store_rd, path, err) != 0)
		goto fail;
	/* The loop's reader never waits: a busy read is retried later. */
	sqlite3_busy_timeout(store_rd.db, 0);
	if (store_writer_start(&store_wr, err) != 0)
		goto fail;
	flock(fd, LOCK_UN);
	store_lock_fd = fd;
	store_file = xstrdup(path);
	return 0;

fail:
	store_topic_close();
	store_fts_close();
	store_retain_close();
	store_db_close(&store_rd);
	store_db_close(&store_wr);
	close(fd);
	return -1;
}

const char *
store_open_note(void)
{
	return store_note;
}

size_t
store_close(int ms)
{
	size_t	lost;

	if (store_file == NULL)
		return 0;
	lost = store_writer_stop(ms);
	store_topic_close();
	store_fts_close();
	store_retain_close();
	store_db_close(&store_rd);
	store_db_close(&store_wr);
	if (store_lock_fd != -1)
		close(store_lock_fd);
	store_lock_fd = -1;
	free(store_file);
	store_file = NULL;
	free(store_note);
	store_note = NULL;
	return lost;
}

const char *
store_path(void)
{
	return store_file;
}
