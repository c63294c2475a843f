#!/bin/bash
# Another process holds the database's write lock for 3 s while 1,000
# messages a second arrive: no row is lost, message events keep flowing
# during the lock, and the delay is reported (history delayed / saving).
# QoS 1 messages wait at the broker meanwhile and arrive in full after.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
N=5000

MQ_TIMEOUT=40
bg_mq run -W 30 -c "connect $BROKER_URL --name a -i locked; sub lock/#;
    sub -q 1 q1/#"
wait_for "$T/run.json" '[.[] | select(.event=="subscribed")] | length == 2' \
    10 || fail "mqtty did not subscribe"

note "publishing $N messages at ~1000/s, the db locked for 3 s in between"
seq_lines "$N" 100 | mosquitto_pub -p "$BROKER_PORT" -t lock/x -l &
pub=$!
BG_PIDS+=("$pub")
sleep 1
t0=$(now_ms)
hold_db_lock 3
# QoS 1 during the lock: mqtty may not acknowledge what it can't store.
seq_lines 200 | sed 's/^/q/' | mosquitto_pub -p "$BROKER_PORT" -q 1 \
    -t q1/x -l &
qpub=$!
BG_PIDS+=("$qpub")
wait "$LOCK_PID" || true
t1=$(now_ms)
note "lock held from $t0 to $t1"
wait "$pub" || fail "publisher failed"
wait "$qpub" || fail "QoS 1 publisher failed"

wait_rows $((N + 200)) 15 "conn='a'" ||
	fail "only $(rows "conn='a'") of $((N + 200)) rows stored"
# SIGTERM ends a batch run with status 1 (interrupted).
kill -TERM "${MQ_PID[run]}"
wait_mq run
expect_rc 1 run
J=$T/run.json

expect_json "$J" "[.[] | select(.event==\"message\" and .qos==0)] |
    length == $N" "$N QoS 0 message events"
expect_eq "$(rows "conn='a' AND qos=0")" "$N" "$N QoS 0 rows stored"
expect_eq "$(sql "SELECT count(DISTINCT payload) FROM messages
    WHERE conn='a' AND qos=0")" "$N" "every QoS 0 payload once"
expect_eq "$(sql "SELECT count(DISTINCT payload) FROM messages
    WHERE conn='a' AND qos=1")" 200 "every QoS 1 payload"

# The loop did not stall: events kept coming while the lock was held.
during=$(jq -s "[.[] | select(.event==\"message\" and .qos==0 and
    .time > $t0 + 500 and .time < $t1 - 500)] | length" "$J")
note "$during message events in the middle 2 s of the lock"
[ "$during" -ge 1000 ] ||
	fail "only $during message events during the lock: the loop stalled"

expect_json "$J" 'any(.[]; .event=="history" and .state=="delayed" and
    (.reason | test("locked by another process")))' \
    "history delayed: database locked by another process"
expect_json "$J" '[.[] | select(.event=="history")] | last |
    .state=="saving"' "then history saving again"
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check"
