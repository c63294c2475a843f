#!/bin/bash
# Password sources against a broker that wants one: a command, an
# environment variable, asking (batch: an error unless given), stored.
# The password reaches the database only when stored by choice; list never
# prints it; a reconnect reuses the session's password; a failing command
# is an error naming its exit status, and no connect. The database and
# mqtty's directory are tightened to 0600/0700 when found looser.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
PW='Zq7-secret-pw'
mosquitto_passwd -b -c "$T/passwd" alice "$PW" >/dev/null 2>&1 ||
	{ echo "ERROR: mosquitto_passwd failed" >&2; exit 99; }
broker_start "allow_anonymous false" "password_file $T/passwd"
U=mqtt://127.0.0.1:$BROKER_PORT
printf '%s\n' "$PW" >"$T/pw"

# dump_has: how many lines of the database's dump hold the password.
dump_has() {
	sqlite3 "$DB" .dump | grep -c -- "$PW" || true
}
# connects NAME ARGS: the run connects and stays connected.
connects() {
	local n=$1
	shift
	run_mq "$n" "$@"
	expect_rc 0 "$n"
	expect_json "$T/$n.json" 'any(.[]; .event=="connected")' \
	    "$n: connected"
}

note "profiles with a source store no password"
run_mq save -c "save cmd $U -u alice --password-command 'cat $T/pw';
    save env $U -u alice --password-env MQTTY_TEST_PW;
    save ask $U -u alice --ask-password"
expect_rc 0 save
expect_eq "$(dump_has)" 0 "no password in the database after saving"

note "--password-command"
connects cmdc -c "connect cmd"
run_mq doc -c "doctor cmd"
expect_json "$T/doc.json" 'any(.[]; .event=="doctor" and .step=="connack"
    and .result=="ok")' "doctor: the command's password is let in"
note "--password-env"
MQTTY_TEST_PW=$PW connects envc -c "connect env"
run_mq envunset -c "connect env"
expect_rc 1 envunset
expect_json "$T/envunset.json" 'any(.[]; .event=="error" and (.reason |
    test("MQTTY_TEST_PW, which is not set")))' "an unset variable: error"

note "--ask-password in batch: an error, unless given for this connect"
run_mq askb -c "connect ask"
expect_rc 1 askb
expect_json "$T/askb.json" 'any(.[]; .event=="error" and .reason ==
    "connect: ask asks for a password: give -P, --password-env or --password-command")' \
    "ask in batch: the error says how to give one"
expect_json "$T/askb.json" '[.[] | select(.event=="connected")] | length==0' \
    "ask in batch: not connected"
connects askp -c "connect ask -P '$PW'"
MQTTY_TEST_PW=$PW connects aske -c "connect ask --password-env MQTTY_TEST_PW"
expect_eq "$(dump_has)" 0 "no password in the database after connecting"

note "a failing command: its exit status, and no connect"
before=$(grep -c "New connection from" "$BROKER_LOG" || true)
run_mq cmdfail -c "connect $U --name f -u alice --password-command
    'echo no key >&2; exit 3'"
expect_rc 1 cmdfail
expect_json "$T/cmdfail.json" 'any(.[]; .event=="error" and (.reason |
    test("password command .*failed: exit status 3: no key")))' \
    "failing command: exit status and its stderr"
run_mq cmdempty -c "connect $U --name f -u alice --password-command true"
expect_rc 1 cmdempty
expect_json "$T/cmdempty.json" 'any(.[]; .event=="error" and (.reason |
    test("printed nothing")))' "empty output: an error"
after=$(grep -c "New connection from" "$BROKER_LOG" || true)
expect_eq "$after" "$before" "the broker saw no connection for them"

note "a reconnect reuses the session's password"
printf '#!/bin/sh\necho run >>%s\ncat %s\n' "$T/count" "$T/pw" >"$T/pwcmd"
chmod +x "$T/pwcmd"
MQ_TIMEOUT=40 bg_mq rec -W 30 -c "connect $U --name r -u alice
    --password-command $T/pwcmd"
wait_for "$T/rec.json" 'any(.[]; .event=="connected")' 10 ||
	fail "rec: not connected"
kill -KILL "$BROKER_PID"
sleep 1
broker_restart
wait_for "$T/rec.json" '[.[] | select(.event=="connected")] | length==2' 20 ||
	{ show "$T/rec.json"; fail "rec: did not reconnect"; }
kill -TERM "${MQ_PID[rec]}"
wait_mq rec
expect_eq "$(wc -l <"$T/count")" 1 "the command ran once for two links"

note "stored by choice: old profiles keep working"
run_mq savest -c "save st $U -u alice -P '$PW'"
expect_rc 0 savest
expect_eq "$(dump_has)" 1 "a password stored by choice (-P) is there"
connects stc -c "connect st"

note "a database from before the sources: its stored password connects"
OLD=$T/old.db
sqlite3 "$OLD" <<SQL
CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
 host TEXT, port INTEGER, tls INTEGER, client_id TEXT, username TEXT,
 password TEXT, version INTEGER, keepalive INTEGER, clean INTEGER,
 session_expiry INTEGER, auto_reconnect INTEGER, will_topic TEXT,
 will_payload TEXT, will_qos INTEGER, will_retain INTEGER, will_props TEXT,
 connect_props TEXT, cafile TEXT, capath TEXT, cert TEXT, key_file TEXT,
 insecure INTEGER, tls_version TEXT, created_ms INTEGER, updated_ms INTEGER);
INSERT INTO profiles (name, host, port, tls, username, password, version,
 keepalive, clean, session_expiry, auto_reconnect, will_qos, will_retain,
 insecure) VALUES ('old', '127.0.0.1', $BROKER_PORT, 0, 'alice', '$PW', 4,
 60, 1, -1, 1, 0, 0, 0);
CREATE TABLE subs (id INTEGER PRIMARY KEY, profile_id INTEGER
 NOT NULL REFERENCES profiles(id) ON DELETE CASCADE, topic TEXT NOT NULL,
 qos INTEGER, no_local INTEGER, rap INTEGER, rh INTEGER, sub_id INTEGER,
 alias TEXT, color INTEGER, enabled INTEGER, UNIQUE(profile_id, topic));
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conn TEXT NOT
 NULL, dir INTEGER NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
 qos INTEGER, retain INTEGER, props TEXT, time_ms INTEGER NOT NULL);
PRAGMA user_version = 1; PRAGMA application_id = 1836151929;
SQL
DB=$OLD connects oldc -c "list; connect old"
expect_json "$T/oldc.json" 'any(.[]; .event=="info" and (.text |
    test("profile old .* password:stored")))' "old: password:stored"

note "list marks the source and never prints a password"
run_mq list -c "list"
expect_rc 0 list
grep -q -- "$PW" "$T/list.json" && fail "list printed a password"
for s in cmd:command env:env ask:ask st:stored; do
	expect_json "$T/list.json" "any(.[]; .event==\"info\" and (.text |
	    test(\"profile ${s%%:*} .* password:${s#*:}\")))" \
	    "list: ${s%%:*} is password:${s#*:}"
done
if grep -h -- "$PW" "$T"/*.json "$T"/*.err; then
	fail "the password appears in mqtty's output"
fi

note "save: one source, chosen explicitly"
run_mq both -c "save x $U -u alice -P '$PW' --ask-password"
expect_rc 1 both
expect_json "$T/both.json" 'any(.[]; .event=="error" and (.reason |
    test("-P stores a password")))' "-P with --ask-password: an error"

note "database modes tightened"
D=$T/data/mqtty
mkdir -p "$D"
chmod 755 "$D"
DB=$D/mqtty.db run_mq mk -c "list"
chmod 644 "$D/mqtty.db"
: >"$D/mqtty.db-wal"
: >"$D/mqtty.db-shm"
chmod 644 "$D/mqtty.db-wal" "$D/mqtty.db-shm"
DB=$D/mqtty.db MQ_TIMEOUT=10 bg_mq modes -c "sleep 2"
for i in $(seq 1 30); do
	[ "$(stat -c %a "$D/mqtty.db")" = 600 ] && break
	sleep 0.1
done
expect_eq "$(stat -c %a "$D/mqtty.db")" 600 "the database is 0600"
expect_eq "$(stat -c %a "$D")" 700 "its directory is 0700"
for f in wal shm; do
	[ -e "$D/mqtty.db-$f" ] &&
		expect_eq "$(stat -c %a "$D/mqtty.db-$f")" 600 "-$f is 0600"
done
wait_mq modes
expect_rc 0 modes
expect_eq "$(grep -c "only you may read the database now" "$T/modes.err")" 1 \
    "said once"
DB=$D/mqtty.db run_mq again -c "list"
expect_eq "$(grep -c "only you may read" "$T/again.err" || true)" 0 \
    "not said again"
