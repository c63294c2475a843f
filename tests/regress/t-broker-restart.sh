#!/bin/bash
# The broker is killed (SIGKILL) mid-stream and restarted from its
# persistence file: a persistent session at QoS 1 loses nothing, every
# message the broker sends again is marked (dup/repeat), and the outage
# shows as one disconnected event however many retries fail.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
N=20000
export MQ_TIMEOUT=90
broker_start "persistence true" "persistence_location $T/" \
    "autosave_interval 3600" "max_queued_messages 0" "max_queued_bytes 0"

run_mq prep -c "connect $BROKER_URL --name b -i restart1 -c; sub -q 1 b/#;
    disconnect"
expect_rc 0 prep
seq_lines "$N" | mosquitto_pub -p "$BROKER_PORT" -q 1 -t b/x -l ||
	fail "publisher failed"
got=$(grep -c "Received PUBLISH from .*'b/x'" "$BROKER_LOG" || true)
[ "$got" -eq "$N" ] || fail "the broker took $got of $N messages"
# Have the broker write its state now: all N are queued in it.
kill -USR1 "$BROKER_PID"
for i in $(seq 1 50); do
	grep -q "Saving in-memory database" "$BROKER_LOG" && break
	sleep 0.1
done
sleep 0.5
[ -s "$T/mosquitto.db" ] || fail "the broker wrote no persistence file"

bg_mq run -W 80 -c "connect $BROKER_URL --name b -i restart1 -c"
wait_rows 1 20 "conn='b'" || fail "no row within 20 s"
kill -KILL "$BROKER_PID"
note "broker killed with $(rows "conn='b'") rows stored"
sleep 3.5	# a few reconnect attempts fail meanwhile
broker_restart

wait_distinct "$N" 40 b || true
kill -TERM "${MQ_PID[run]}"
wait_mq run
J=$T/run.json

expect_eq "$(distinct b)" "$N" "all $N numbers stored"
total=$(rows "conn='b'")
note "$total rows for $N numbers"
# Every second copy is marked as sent again.
expect_eq "$(sql "SELECT count(*) FROM messages m WHERE conn='b' AND dup=0
    AND EXISTS (SELECT 1 FROM messages o WHERE o.conn='b' AND
    o.payload=m.payload AND o.id < m.id)")" 0 \
    "every repeated message is marked dup or repeat"
expect_json "$J" "[.[] | select(.event==\"message\" and
    (.dup or .repeat))] | length >= $((total - N))" \
    "message events carry dup/repeat"
# The last one is the clean DISCONNECT at SIGTERM.
expect_json "$J" '[.[] | select(.event=="disconnected" and
    .reason != "disconnected")] | length == 1' \
    "one disconnected event for the outage"
expect_json "$J" '[.[] | select(.event=="connected")] | length == 2 and
    .[1].session_present' "reconnected once, session present"
tries=$(grep -c "New connection from 127.0.0.1" "$BROKER_LOG" || true)
note "connections at the broker: $tries"
