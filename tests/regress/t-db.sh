#!/bin/bash
# The SQLite store after a run: messages in and out with raw BLOB payloads,
# saved profiles, file mode 0600, WAL, migrations, indexes.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

printf '\000\377\n' >"$T/bin.dat"
# No -C: an outgoing message is stored when the broker acknowledges it, and
# -C could end the run between our own message coming back and its PUBACK.
run_mq run -c "save prof1 mqtt://127.0.0.1:1884 -i myid -k 42;
    connect $U --name a; sub -q 1 d/#;
    pub -q 1 d/text hello; pub -q 1 -f $T/bin.dat d/bin; sleep 1"
expect_rc 0 run
J=$T/run.json
expect_json "$J" 'any(.[]; .event=="message" and .topic=="d/bin" and
    .payload_base64=="AP8K" and (has("payload")|not))' \
    "binary payload shown as payload_base64"
expect_json "$J" 'any(.[]; .event=="message" and .topic=="d/text" and
    .payload=="hello" and (has("payload_base64")|not))' "text payload"

note "file"
[ -f "$DB" ] || fail "no db at $DB"
expect_eq "$(stat -c %a "$DB")" 600 "db mode 0600"
for f in "$DB-wal" "$DB-shm"; do
	[ -e "$f" ] || continue
	expect_eq "$(stat -c %a "$f")" 600 "$(basename "$f") mode 0600"
done
expect_eq "$(sql 'PRAGMA journal_mode')" wal "journal_mode wal"
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check"
uv=$(sql 'PRAGMA user_version')
[ "$uv" -ge 1 ] || fail "user_version $uv, wanted >= 1"
note "ok: user_version $uv"

note "messages"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE dir=1")" 2 \
    "two outgoing rows"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE dir=0")" 2 \
    "two incoming rows"
for d in 0 1; do
	expect_eq "$(sql "SELECT typeof(payload) || ' ' || hex(payload) || ' ' ||
	    conn || ' ' || qos || ' ' || retain FROM messages
	    WHERE dir=$d AND topic='d/bin'")" "blob 00FF0A a 1 0" \
	    "dir $d d/bin: BLOB 00 ff 0a, conn a, qos 1"
	expect_eq "$(sql "SELECT typeof(payload) || ' ' || hex(payload)
	    FROM messages WHERE dir=$d AND topic='d/text'")" \
	    "blob 68656C6C6F" "dir $d d/text: BLOB hello"
done
expect_eq "$(sql "SELECT count(*) FROM messages WHERE typeof(time_ms)
    != 'integer' OR time_ms < 1600000000000")" 0 "time_ms in ms"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE id IS NULL")" 0 "ids"

note "indexes: history(conn_id, id DESC) and history(topic_id, id DESC)"
idx=$(sql "SELECT group_concat(x.name || CASE x.desc WHEN 1 THEN ' DESC'
    ELSE '' END, ',') FROM pragma_index_list('history') AS l,
    pragma_index_xinfo(l.name) AS x WHERE x.key=1 GROUP BY l.name")
echo "$idx"
echo "$idx" | grep -qx 'conn_id,id DESC' ||
	fail "no index on history(conn_id, id DESC)"
echo "$idx" | grep -qx 'topic_id,id DESC' ||
	fail "no index on history(topic_id, id DESC)"
note "ok: indexes"
# (Topic '' holds a's connection events, rows of dir 2.)
expect_eq "$(sql "SELECT count(*) FROM topics t JOIN conns c ON c.id =
    t.conn_id WHERE c.name = 'a' AND t.topic <> ''")" 2 \
    "one topics row per topic of a"
expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE type='view'
    AND name='messages'")" 1 "view messages"
expect_eq "$(sql 'PRAGMA application_id')" 1836151929 "application id ('mqty')"
for tb in profiles subs history conns topics; do
	expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE type='table'
	    AND name='$tb'")" 1 "table $tb"
done

note "profiles"
row=$(sql -line "SELECT * FROM profiles WHERE name='prof1'")
echo "$row"
[ -n "$row" ] || fail "profile prof1 not saved"
for w in 127.0.0.1 1884 myid 42; do
	grep -qw -- "$w" <<<"$row" || fail "profile prof1 lacks $w"
done
note "ok: profile fields"

note "save updates by name, delete removes"
run_mq upd -c "save prof1 mqtt://127.0.0.2:1999; save prof2 mqtt://h2;
    delete prof2"
expect_rc 0 upd
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='prof1'")" 1 \
    "still one prof1"
grep -qw 1999 <<<"$(sql -line "SELECT * FROM profiles WHERE name='prof1'")" ||
	fail "prof1 not updated to port 1999"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='prof2'")" 0 \
    "prof2 deleted"
run_mq del -c "delete nosuchprofile"
expect_rc 1 del
expect_json "$T/del.json" 'any(.[]; .event=="error")' "deleting nothing fails"

note "a second run appends, ids keep growing"
before=$(sql "SELECT max(id) FROM messages")
run_mq again -c "connect $U --name b; pub d/again x"
expect_rc 0 again
expect_eq "$(sql "SELECT count(*) FROM messages WHERE id > $before AND
    conn='b' AND dir=1 AND topic='d/again'")" 1 "appended"

note "default db: \$XDG_DATA_HOME/mqtty/mqtty.db, created 0600"
RC=0
timeout 20 "$MQTTY" --batch --json --no-config -c 'save z mqtt://127.0.0.1' \
    >"$T/def.json" 2>"$T/def.err" || RC=$?
expect_rc 0 def
D=$XDG_DATA_HOME/mqtty/mqtty.db
[ -f "$D" ] || fail "no default db at $D"
expect_eq "$(stat -c %a "$D")" 600 "default db mode 0600"
expect_eq "$(sqlite3 "$D" "SELECT count(*) FROM profiles WHERE name='z'")" 1 \
    "profile z in the default db"
