#!/bin/bash
# The will: `drop` (connection lost without DISCONNECT) makes the broker
# publish it; `disconnect` (clean) does not.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

note "drop: the watcher sees the will while the dropper is still running"
bg_mq w1 -C 1 -W 10 -c "connect $U --name w; sub -q 1 will/#"
wait_for "$T/w1.json" 'any(.[]; .event=="subscribed")' 8 ||
	{ show "$T/w1.json" "$T/w1.err";
	  fail "watcher did not report subscribed within 8 s (events not flushed per line?)"; }
# The sleep keeps the dropper alive: the will must come from `drop`, not
# from the process exiting.
bg_mq d1 -c "connect $U --name d --no-reconnect --will-topic will/x
    --will-payload gone --will-qos 1; drop; sleep 4"
wait_mq w1
still=0
kill -0 "${MQ_PID[d1]}" 2>/dev/null && still=1
wait_mq d1
expect_json "$T/w1.json" '[.[] | select(.event=="message")] | length==1 and
    .[0].topic=="will/x" and .[0].payload=="gone" and .[0].qos==1 and
    .[0].connection=="w"' "watcher got the will will/x gone"
expect_eq "$still" 1 "will arrived before the dropping process ended"
expect_json "$T/d1.json" 'any(.[]; .event=="connected" and .connection=="d")' \
    "dropper connected"
expect_json "$T/d1.json" '[.[] | select(.event=="error")] | length==0' \
    "drop is not an error"

note "disconnect: no will"
bg_mq w2 -W 4 -c "connect $U --name w; sub -q 1 will/#"
wait_for "$T/w2.json" 'any(.[]; .event=="subscribed")' 3 ||
	{ show "$T/w2.json" "$T/w2.err"; fail "second watcher never subscribed"; }
run_mq d2 -c "connect $U --name d --will-topic will/y --will-payload gone2;
    disconnect"
expect_rc 0 d2
expect_json "$T/d2.json" 'any(.[]; .event=="disconnected" and
    .connection=="d")' "disconnected event"
wait_mq w2
expect_rc 0 w2
expect_json "$T/w2.json" '[.[] | select(.event=="message")] | length==0' \
    "no will after a clean disconnect"

note "retained will, v5, read by a later subscriber"
run_mq d3 -c "connect $U --name d -V 5 --will-topic will/r --will-payload bye
    --will-retain --will-qos 1; drop"
# d3 dropped; the broker stores the retained will.
run_mq w3 -C 1 -W 5 -c "connect $U --name w; sub will/r"
expect_rc 0 w3
expect_json "$T/w3.json" 'any(.[]; .event=="message" and .topic=="will/r" and
    .payload=="bye" and .retain==true)' "retained will"
