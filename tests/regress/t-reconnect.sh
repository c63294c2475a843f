#!/bin/bash
# The broker restarts: mqtty reconnects by itself (backoff from 1 s), sees
# that the session is gone, resubscribes, and receives again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
conf=$BROKER_DIR/mosquitto.conf

bg_mq rc -C 1 -W 15 -c "connect $U --name a; sub -q 1 back/#"
wait_for "$T/rc.json" 'any(.[]; .event=="subscribed")' 8 ||
	fail "no subscription"
broker_stop
wait_for "$T/rc.json" 'any(.[]; .event=="disconnected")' 5 ||
	fail "no disconnected event after the broker stopped"
mosquitto -c "$conf" >"$T/broker2.out" 2>&1 &
BROKER_PIDS+=("$!")
wait_for "$T/rc.json" '[.[] | select(.event=="subscribed")] | length==2' 10 ||
	{ show "$T/rc.json" "$T/rc.err"; fail "did not reconnect and resubscribe"; }
mosquitto_pub -p "$BROKER_PORT" -q 1 -t back/x -m again
wait_mq rc
expect_rc 0 rc
J=$T/rc.json
expect_json "$J" '[.[] | select(.event=="connected")] | length==2 and
    all(.[]; .session_present==false)' "connected twice, no session kept"
expect_json "$J" 'any(.[]; .event=="disconnected" and (.reason |
    test("lost|closed"; "i")))' "the loss has a readable reason"
expect_json "$J" 'any(.[]; .event=="message" and .payload=="again")' \
    "a message after the reconnect"
