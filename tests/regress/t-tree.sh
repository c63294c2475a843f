#!/bin/bash
# The topics table the writer keeps for the tree, under a flood: each
# topic's count, newest row and time match its history exactly (rows
# written many to an INSERT, one UPDATE a topic a transaction), retained
# marks follow retained publishes and their clearing, and "tree" in
# batch mode prints the levels with their sums.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v mosquitto_pub >/dev/null 2>&1 || {
	echo "SKIP: mosquitto_pub not installed (mosquitto-clients)" >&2
	exit 77
}
broker_start
U=$BROKER_URL

mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -r -t f/keep -m kept ||
    fail "mosquitto_pub"
bg_mq flood -W 30 -C 9003 -c "connect $U --name w; sub f/#"
wait_for "$T/flood.json" 'any(.[]; .event=="subscribed")' 10 ||
    fail "w did not subscribe"
# Three publishers at once, 3,000 messages each at 3,000 a second.
pids=()
for t in a b/x b/y; do
	seq_lines 3000 300 | mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" \
	    -q 1 -t "f/$t" -l &
	pids+=("$!")
done
for p in "${pids[@]}"; do
	wait "$p" || fail "mosquitto_pub"
done
mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -r -t f/b/x -m "" ||
    fail "mosquitto_pub"
mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -r -t f/b/y -m last ||
    fail "mosquitto_pub"
wait_mq flood
expect_rc 0 flood
expect_eq "$(rows "conn = 'w'")" 9003 "every message stored"

# A live subscriber gets retained publishes without the flag (3.1.1):
# the broker's retained messages show when it subscribes again; then w
# clears one itself (sent, and its own empty copy back).
run_mq again -c "connect $U --name w; sub f/#; sleep 1; pub -r -n f/keep;
    sleep 1"
expect_rc 0 again
expect_eq "$(rows "conn = 'w'")" 9007 "the retained two and the clear"

note "each topic's stats are its history's"
expect_eq "$(sql "SELECT count(*) FROM topics t WHERE
    msgs <> (SELECT count(*) FROM history h WHERE h.topic_id = t.id) OR
    last_id <> (SELECT max(id) FROM history h WHERE h.topic_id = t.id) OR
    last_ms <> (SELECT time_ms FROM history h WHERE h.id = t.last_id)")" \
    0 "counts, newest ids and times all match"
expect_eq "$(sql "SELECT topic, msgs, retained FROM topics
    WHERE topic <> '' ORDER BY topic" |
    tr '\n' ' ')" \
    "f/a|3000|0 f/b/x|3001|0 f/b/y|3002|1 f/keep|4|0 " \
    "per topic: count and retained"
expect_eq "$(sql "SELECT sum(in_minute + in_prev) FROM topics WHERE topic <> ''")" 9007 \
    "every row in the last two minutes' buckets"

note "tree in batch mode"
run_mq tree -c "tree -t w; tree -t w -a f/b; tree -t w nothing"
expect_rc 1 tree
expect_json "$T/tree.json" '[.[] | select(.event=="info") | .text |
    sub(" [0-9.]+/min$"; "")] ==
    ["f 9007 r", "f/b 6003 r", "f/b/x 3001", "f/b/y 3002 R"]' \
    "the levels with their sums and marks"
# All of them in the last few seconds: nearly all count in the rate.
expect_json "$T/tree.json" '[.[] | select(.event=="info") | .text |
    capture("(?<r>[0-9.]+)/min$").r | tonumber][0] > 8000' \
    "the rate over the last minute"
expect_json "$T/tree.json" 'any(.[]; .event=="error" and
    .reason=="tree: '"'"'w'"'"' has seen no topic '"'"'nothing'"'"'")' \
    "a topic never seen is an error"
