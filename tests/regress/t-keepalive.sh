#!/bin/bash
# A flood never starves the keepalive: with -k 5 and ~50,000 messages a
# second for 10 s, PINGREQ still goes out on time and the broker never
# drops the client for silence.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start "max_queued_messages 0" "max_queued_bytes 0"
export MQ_TIMEOUT=40

bg_mq ka -W 14 -c "connect $BROKER_URL --name ka -i ka -k 5; sub ka/#"
wait_for "$T/ka.json" 'any(.[]; .event=="subscribed")' 10 ||
	fail "did not subscribe"
t0=$(date +%s)
seq_lines 500000 5000 | mosquitto_pub -p "$BROKER_PORT" -t ka/x -l ||
	fail "publisher failed"
note "published for $(($(date +%s) - t0)) s"
wait_mq ka
expect_rc 0 ka

stored=$(rows "conn='ka'")
note "$stored rows stored"
[ "$stored" -ge 100000 ] || fail "only $stored messages: not a flood"
pings=$(grep -c "Received PINGREQ from ka" "$BROKER_LOG" || true)
note "$pings PINGREQs during the flood"
[ "$pings" -ge 1 ] || fail "no PINGREQ in 14 s with keepalive 5"
! grep -q "Client ka has exceeded timeout" "$BROKER_LOG" ||
	fail "the broker dropped the client for silence"
expect_json "$T/ka.json" '[.[] | select(.event=="disconnected")] |
    length == 1 and .[0].reason == "disconnected"' "no link lost"
