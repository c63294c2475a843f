#!/bin/bash
# retention: a count, an age and a byte bound, for all history and per
# connection, each leaving exactly what it should (checked in the db) and
# the full-text index in step; a flood trimmed to its bound while it
# arrives, with nothing lost on the way; the rules survive a restart;
# --off; bad values are one error; vacuum gives space back.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

gen() { bash "$(dirname "$MQTTY_TESTLIB")/search-db.sh" "$MQTTY" "$DB" "$1"; }
# settle: give the writer a moment (it trims between writes and when idle).
settle() { run_mq settle -c "sleep ${1:-1}"; }

note "all history: the newest 5000 of 20000"
gen 20000
run_mq set -c "retention --max-messages 5000"
expect_rc 0 set
settle
expect_eq "$(sql 'SELECT count(*), min(id), max(id) FROM history')" \
    "5000|15001|20000" "exactly the newest 5000 kept"
expect_eq "$(sql 'SELECT sum(msgs) FROM topics')" 5000 \
    "the topic tree counts what is left"
run_mq s -c "search --text overheat -n 0"
expect_eq "$(jq -r 'select(.event=="message") | .id' "$T/s.json" | paste -sd' ')" \
    "$(sql "SELECT id FROM history WHERE CAST(payload AS TEXT) LIKE
    '%overheat%' ORDER BY id DESC" | paste -sd' ')" \
    "the text index forgot the deleted rows"
expect_eq "$(sql "SELECT count(*) FROM history_fts
    WHERE history_fts MATCH '\"overheat\"'")" 5 "index rows: 5 left"

note "the rule is kept: shown after a restart; --off removes it"
run_mq show -c "retention"
expect_json "$T/show.json" 'any(.[]; .event=="info" and
    .text=="all history: at most 5000 messages")' "shown after restart"
run_mq off -c "retention --off"
expect_eq "$(sql 'SELECT count(*) FROM retention')" 0 "rule removed"

note "per connection: age and bytes"
gen 20000
run_mq age -c "retention -t lab --max-age 6h"
settle
cut=$(($(now_ms) - 6 * 3600 * 1000))
expect_eq "$(sql "SELECT count(*) FROM history WHERE conn_id = 2
    AND time_ms < $cut - 5000")" 0 "no lab row older than 6 h"
[ "$(sql "SELECT count(*) FROM history WHERE conn_id = 2")" -gt 2000 ] ||
	fail "lab's newer rows went too"
expect_eq "$(sql "SELECT count(*) FROM history WHERE conn_id = 1")" 10000 \
    "fleet untouched"
run_mq bytes -c "retention -t fleet --max-bytes 100K"
settle
b=$(sql "SELECT sum(length(payload)) FROM history WHERE conn_id = 1")
[ "$b" -le 102400 ] && [ "$b" -gt 100000 ] ||
	fail "fleet holds $b payload bytes, wanted just under 100K"
note "ok: fleet: $b payload bytes"
expect_eq "$(sql "SELECT max(id) FROM history WHERE conn_id = 1")" \
    "$(sql "SELECT max(id) FROM history WHERE conn_id = 1 AND id <= 20000")" \
    "the newest fleet rows kept"

note "bad values: one error, nothing changed"
for bad in "--max-messages 0:bad count '0' for --max-messages" \
    "--max-bytes 5X:bad size '5X' for --max-bytes" \
    "--max-age 10:bad age '10' for --max-age" \
    "--off --max-age 1d:--off with a bound"; do
	run_mq bad -c "retention ${bad%%:*}"
	expect_rc 1 bad
	grep -qF -- "${bad#*:}" "$T/bad.json" || { show "$T/bad.json";
	    fail "no error naming ${bad#*:}"; }
done
expect_eq "$(sql 'SELECT count(*) FROM retention')" 2 "rules as they were"

note "vacuum gives the space back"
before=$(stat -c %s "$DB")
run_mq v -c "vacuum"
expect_rc 0 v
after=$(stat -c %s "$DB")
[ "$after" -lt "$before" ] || fail "file $before bytes, after vacuum $after"
expect_json "$T/v.json" 'any(.[]; .event=="info" and
    (.text|test("^vacuum: [0-9]+ bytes before, [0-9]+ after$")))' "said so"

note "a flood trimmed to 1000 as it arrives, nothing lost on the way"
rm -f "$DB" "$DB-wal" "$DB-shm"
# The broker keeps every message queued: a loss would be mqtty's.
broker_start "max_queued_messages 0" "max_inflight_messages 100"
MQ_TIMEOUT=60 bg_mq flood -C 20000 -W 50 -c "retention -t f --max-messages 1000;
    connect $BROKER_URL --name f; sub -q 1 flood/#"
wait_for "$T/flood.json" 'any(.[]; .event=="subscribed")' 10 ||
	fail "not subscribed"
seq 1 20000 | mosquitto_pub -p "$BROKER_PORT" -q 1 -t flood/x -l &
pub=$!
peak=0
for i in $(seq 1 300); do
	n=$(sql "SELECT count(*) FROM messages" 2>/dev/null || echo 0)
	[ "$n" -gt "$peak" ] && peak=$n
	kill -0 "${MQ_PID[flood]}" 2>/dev/null || break
	sleep 0.1
done
wait "$pub"
wait_mq flood
expect_rc 0 flood
expect_eq "$(jq -s '[.[] | select(.event=="message")] | length' \
    "$T/flood.json")" 20000 "all 20000 received"
note "most rows seen at once during the flood: $peak"
[ "$peak" -le 9192 ] || fail "the flood was not trimmed as it came ($peak)"
expect_eq "$(sql "SELECT count(*), min(CAST(payload AS TEXT)),
    max(CAST(payload AS INTEGER)) FROM messages")" "1000|19001|20000" \
    "the newest 1000 kept (connection events are not counted)"
