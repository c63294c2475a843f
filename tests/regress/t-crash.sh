#!/bin/bash
# kill -9 mid-flood. QoS 1 on a persistent session: the broker never has
# an acknowledgement for a row that is not in the database, and after a
# restart with the same client id every published number is stored.
# QoS 0: the database passes integrity_check and what is lost is at most
# the last 250 ms received.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start "max_queued_messages 0" "max_queued_bytes 0"
N=20000
export MQ_TIMEOUT=60

note "QoS 1: a persistent session, killed after 3000 rows"
run_mq prep -c "connect $BROKER_URL --name c -i crash1 -c; sub -q 1 c/#;
    disconnect"
expect_rc 0 prep
seq_lines "$N" | mosquitto_pub -p "$BROKER_PORT" -q 1 -t c/x -l ||
	fail "publisher failed"
bg_mq first -W 50 -c "connect $BROKER_URL --name c -i crash1 -c"
wait_rows 3000 20 "conn='c'" || fail "no 3000 rows within 20 s"
kill -KILL "$(mq_child first)"
wait_mq first
stored=$(rows "conn='c'")
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check after kill -9"
# What the broker got: "Received PUBACK from crash1 (Mid: N, RC:0)".
acks=$(grep -c 'Received PUBACK from crash1' "$BROKER_LOG" || true)
note "killed with $stored rows stored and $acks PUBACKs at the broker"
[ "$acks" -gt 0 ] || fail "the broker got no PUBACK at all"
[ "$acks" -le "$stored" ] ||
	fail "$acks messages acknowledged but only $stored stored"

bg_mq second -W 50 -c "connect $BROKER_URL --name c -i crash1 -c"
wait_distinct "$N" 40 c || true
kill -TERM "${MQ_PID[second]}"
wait_mq second
expect_eq "$(distinct c)" "$N" "every one of $N numbers stored"
expect_json "$T/second.json" 'any(.[]; .event=="connected" and
    .session_present)' "the session was there on restart"
note "$(rows "conn='c'") rows for $N numbers (redelivered ones twice)"

note "QoS 0: killed mid-flood, at most 250 ms lost"
seq_lines 300000 >"$T/flood.txt"
bg_mq q0 -W 50 -c "connect $BROKER_URL --name z -i crash0; sub z/#"
wait_for "$T/q0.json" 'any(.[]; .event=="subscribed")' 10 ||
	fail "q0 did not subscribe"
mosquitto_pub -p "$BROKER_PORT" -t z/x -l <"$T/flood.txt" &
BG_PIDS+=("$!")
wait_rows 20000 20 "conn='z'" || fail "no 20000 rows within 20 s"
kill_ms=$(now_ms)
kill -KILL "$(mq_child q0)"
wait_mq q0
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check after kill -9"
sql "SELECT payload FROM messages WHERE conn='z'" | sort >"$T/stored.txt"
# Printed (received) but not stored: each must be from the last 250 ms.
jq -r 'select(.event=="message") | "\(.payload) \(.time)"' "$T/q0.json" |
    sort -k1,1 >"$T/printed.txt"
join -v 1 "$T/printed.txt" "$T/stored.txt" >"$T/lost.txt"
lost=$(wc -l <"$T/lost.txt")
printed=$(wc -l <"$T/printed.txt")
note "printed $printed, stored $(wc -l <"$T/stored.txt"), lost $lost"
[ "$printed" -ge 20000 ] || fail "only $printed messages printed"
if [ "$lost" -gt 0 ]; then
	# awk reads all of sort's output: head would leave sort a SIGPIPE,
	# which pipefail makes the test's failure.
	oldest=$(sort -k2,2n "$T/lost.txt" | awk 'NR == 1 { print $2 }')
	note "oldest lost message received $((kill_ms - oldest)) ms before the kill"
	[ $((kill_ms - oldest)) -le 250 ] ||
		fail "lost a message received $((kill_ms - oldest)) ms before kill -9"
fi
