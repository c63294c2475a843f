#!/bin/bash
# Profile names as people write them (spaces, CJK, punctuation, quotes):
# saved, listed, connected and named in events exactly; renamed with their
# subscriptions and history; bad names refused with one line and nothing
# written; a live profile's new settings reach the broker at its next
# connect; delete refused while connected; a URL connection closed.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

# One profile per name, written the way the command line quotes them.
cat >"$T/save.cmds" <<EOF
save "Simple Demo" $U -i simple-demo
save 'Sensor 1' $U -i sensor-1
save 'MQTT V3' $U -V 31 -i mqtt-v3
save MQTT_V3_Publish $U
save "Last Will" $U --will-topic status/lw --will-payload gone
save '温度 传感器' $U -i cjk-1
save "O'Brien \"lab\"; #1" $U -i obrien
list
EOF
run_mq save <"$T/save.cmds"
expect_rc 0 save
expect_eq "$(sql 'SELECT name FROM profiles ORDER BY name')" \
"Last Will
MQTT V3
MQTT_V3_Publish
O'Brien \"lab\"; #1
Sensor 1
Simple Demo
温度 传感器" "the names are stored exactly"
expect_json "$T/save.json" '[.[] | select(.event=="info") | .text |
    select(startswith("profile ")) | sub(" mqtt://127.0.0.1:[0-9]+$"; "")]
    == ["profile Last Will offline",
    "profile MQTT V3 offline", "profile MQTT_V3_Publish offline",
    "profile O'"'"'Brien \"lab\"; #1 offline", "profile Sensor 1 offline",
    "profile Simple Demo offline", "profile 温度 传感器 offline"]' \
    "list shows the names exactly"

note "connect, subscribe and publish by those names"
cat >"$T/use.cmds" <<'EOF'
connect 'Sensor 1'
sub -q 1 sensor/#
connect '温度 传感器'
sub 温度/#
connect "O'Brien \"lab\"; #1"
sub lab/#
pub -t 'Sensor 1' -q 1 sensor/1/temperature 21.5
pub -t 'Sensor 1' -q 1 sensor/2/temperature 19.0
pub -t '温度 传感器' 温度/室内 22
pub -t "O'Brien \"lab\"; #1" lab/door open
EOF
run_mq use -C 4 -W 10 <"$T/use.cmds"
expect_rc 0 use
expect_json "$T/use.json" '[.[] | select(.event=="connected") |
    .connection] == ["Sensor 1", "温度 传感器", "O'"'"'Brien \"lab\"; #1"]' \
    "connected events name the connections exactly"
expect_json "$T/use.json" '[.[] | select(.event=="message") |
    [.connection, .topic]] | sort == [["O'"'"'Brien \"lab\"; #1",
    "lab/door"], ["Sensor 1", "sensor/1/temperature"], ["Sensor 1",
    "sensor/2/temperature"], ["温度 传感器", "温度/室内"]]' \
    "each message carries its connection's name"
wait_rows 8 5 || fail "the history has $(rows) rows, wanted 8"
HIST_BEFORE=$(sql "SELECT conn, count(*) FROM messages GROUP BY conn
    ORDER BY conn")
expect_eq "$HIST_BEFORE" "O'Brien \"lab\"; #1|2
Sensor 1|4
温度 传感器|2" "history by connection before the rename"

note "rename keeps the subscriptions and the history rows"
run_mq ren -c "rename 'Sensor 1' 'Sensor 2'"
expect_rc 0 ren
expect_json "$T/ren.json" 'any(.[]; .event=="info" and
    .text=="renamed profile '"'"'Sensor 1'"'"' to '"'"'Sensor 2'"'"'")' \
    "rename says so"
expect_eq "$(sql "SELECT p.name, s.topic, s.qos FROM subs s JOIN profiles p
    ON p.id = s.profile_id WHERE p.name LIKE 'Sensor%'")" \
    "Sensor 2|sensor/#|1" "the subscription went with the profile"
expect_eq "$(sql "SELECT conn, count(*) FROM messages GROUP BY conn
    ORDER BY conn")" "O'Brien \"lab\"; #1|2
Sensor 2|4
温度 传感器|2" "the history rows went with it"
expect_eq "$(sql "SELECT count(*) FROM conns WHERE name = 'Sensor 1'")" 0 \
    "no conns row keeps the old name"

note "the renamed profile connects with its saved subscription"
run_mq again -c "connect 'Sensor 2'; pub -q 1 sensor/3/temperature 18;
    sleep 0.5"
expect_rc 0 again
expect_json "$T/again.json" 'any(.[]; .event=="subscribed" and
    .connection=="Sensor 2" and .topic=="sensor/#" and .qos==1)' \
    "Sensor 2 subscribed again to sensor/# at QoS 1"
expect_json "$T/again.json" 'any(.[]; .event=="message" and
    .connection=="Sensor 2" and .topic=="sensor/3/temperature")' \
    "a message arrives on Sensor 2"
wait_rows 6 5 "conn = 'Sensor 2'" ||
    fail "Sensor 2 has $(rows "conn = 'Sensor 2'") history rows, wanted 6"

note "rename onto a name with history of its own joins the two"
run_mq adhoc -c "connect $U --name 'Lab A' -i lab-a; sub '温度/#';
    pub '温度/室内' 23; sleep 0.5"
expect_rc 0 adhoc
wait_rows 2 5 "conn = 'Lab A'" || fail "no history under Lab A"
run_mq merge -c "rename '温度 传感器' 'Lab A'"
expect_rc 0 merge
expect_eq "$(sql "SELECT conn, count(*) FROM messages WHERE conn IN
    ('Lab A', '温度 传感器') GROUP BY conn")" "Lab A|4" \
    "both histories are under Lab A"
# (Topic '' holds the connection events, rows of dir 2.)
expect_eq "$(sql "SELECT count(*) FROM topics t JOIN conns c
    ON c.id = t.conn_id WHERE c.name = 'Lab A' AND t.topic <> ''")" 1 \
    "the topic both had is one row"

note "rename onto a taken name, or of a live connection, is refused"
sql "SELECT * FROM profiles ORDER BY id" >"$T/profiles.before"
run_mq taken -c "rename 'Sensor 2' 'MQTT V3'"
expect_rc 1 taken
expect_json "$T/taken.json" '[.[] | select(.event=="error") | .reason] ==
    ["rename: a profile named '"'"'MQTT V3'"'"' exists already"]' \
    "one error: the name is taken"
run_mq live -c "connect 'Sensor 2'; rename 'Sensor 2' 'Sensor 3';
    delete --confirm 'Sensor 2'; delete 'Sensor 2'"
expect_rc 1 live
expect_json "$T/live.json" '[.[] | select(.event=="error") | .reason] == [
    "rename: '"'"'Sensor 2'"'"' is connected: disconnect it first",
    "delete: '"'"'Sensor 2'"'"' is connected: disconnect it first",
    "delete: '"'"'Sensor 2'"'"' is connected: disconnect it first"]' \
    "rename and delete refuse a live profile, with words"
sql "SELECT * FROM profiles ORDER BY id" >"$T/profiles.after"
cmp -s "$T/profiles.before" "$T/profiles.after" ||
    { diff "$T/profiles.before" "$T/profiles.after" >&2
      fail "a refused rename or delete changed the profiles"; }
note "ok: the profiles are as they were"

note "bad names: one line each, nothing written"
long=$(printf 'a%.0s' $(seq 1 65))
ok64=$(printf 'b%.0s' $(seq 1 64))
cjk65=$(printf '温%.0s' $(seq 1 65))
cjk64=$(printf '度%.0s' $(seq 1 64))
cat >"$T/bad.cmds" <<EOF
save '' $U
save $long $U
save $cjk65 $U
save "a\x01b" $U
save "tab\there" $U
save "esc\e[2J" $U
save " lead" $U
save "trail " $U
save mqtt://host $U
save -x $U
save "zero\xe2\x80\x8bwidth" $U
rename 'MQTT V3' ''
rename 'MQTT V3' "MQTT\x7fV3"
EOF
# The full-text index may catch up meanwhile (the writer fills it when
# idle): that is not something a bad name wrote.
dump() { sql .dump | grep -v -e history_fts -e fts_state; }
dump >"$T/dump.before"
run_mq bad <"$T/bad.cmds"
expect_rc 1 bad
expect_json "$T/bad.json" '[.[] | select(.event=="error")] | length == 13' \
    "thirteen errors"
expect_json "$T/bad.json" 'all(.[] | select(.event=="error") | .reason;
    test("^(save|rename): bad profile name .*: a name "))' \
    "each says the name is bad and why"
expect_json "$T/bad.json" '[.[] | select(.event=="error") | .reason |
    sub("^.*: a name "; "")] == ["cannot be empty",
    "has at most 64 characters", "has at most 64 characters",
    "cannot hold control characters", "cannot hold control characters",
    "cannot hold control characters",
    "cannot start or end with a blank", "cannot start or end with a blank",
    "cannot be a URL", "cannot start with '"'-'"'",
    "cannot hold invisible or direction-changing characters",
    "cannot be empty", "cannot hold control characters"]' \
    "the reasons, in order"
dump >"$T/dump.after"
cmp -s "$T/dump.before" "$T/dump.after" ||
    { diff "$T/dump.before" "$T/dump.after" | head >&2; fail "a bad name wrote something"; }
note "ok: the database is unchanged"
# Text mode: each error is one line on stderr.
timeout 20 "$MQTTY" --batch --db "$DB" --no-config <"$T/bad.cmds" \
    >/dev/null 2>"$T/bad-text.err" || true
expect_eq "$(grep -c '^mqtty: error: ' "$T/bad-text.err")" 13 \
    "thirteen error lines"
expect_eq "$(wc -l <"$T/bad-text.err")" 13 "and nothing else"

note "64 characters is a name, in ASCII or CJK"
run_mq max -c "save $ok64 $U; save $cjk64 $U; list"
expect_rc 0 max
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name IN
    ('$ok64', '$cjk64')")" 2 "both saved"

note "a live profile saved again takes the new settings at its next connect"
run_mq edit -c "connect 'Simple Demo';
    save 'Simple Demo' $U -i simple-demo-2 -k 33;
    disconnect; connect 'Simple Demo'"
expect_rc 0 edit
expect_json "$T/edit.json" 'any(.[]; .event=="info" and (.text |
    test("saved profile .Simple Demo. \\(in use: at its next connect\\)")))' \
    "save says when the settings apply"
grep -q 'as simple-demo (p2, c1, k60)' "$BROKER_LOG" ||
    { show "$BROKER_LOG"; fail "the first connect was not simple-demo, k60"; }
grep -q 'as simple-demo-2 (p2, c1, k33)' "$BROKER_LOG" ||
    { show "$BROKER_LOG"; fail "the broker did not see simple-demo-2, k33"; }
note "ok: the broker saw the new client id and keepalive"

note "close: a URL connection leaves the list; a profile is not closed"
run_mq close -c "connect $U --name tmp -i tmp-close; close tmp; list;
    connect 'Simple Demo'; close 'Simple Demo'"
expect_rc 1 close
expect_json "$T/close.json" 'any(.[]; .event=="info" and .text=="closed '"'"'tmp'"'"'")' \
    "close says so"
expect_json "$T/close.json" '[.[] | select(.event=="info") | .text |
    select(startswith("connection "))] == []' \
    "list has no connection left"
expect_json "$T/close.json" '[.[] | select(.event=="error") | .reason] == [
    "close: '"'"'Simple Demo'"'"' is a saved profile: disconnect it, or delete the profile"]' \
    "a profile is refused"
grep -q 'Client tmp-close disconnected\.' "$BROKER_LOG" ||
    { show "$BROKER_LOG"; fail "the broker did not see tmp-close disconnect"; }
note "ok: the broker saw a clean DISCONNECT from tmp-close"
