#!/bin/bash
# Persistent sessions: subscribe with clean session off, go away, messages
# are queued by the broker, and the reconnect gets session_present true and
# the queued messages. MQTT 3.1.1 (-c) and 5 (-c -x 300).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

# check NAME FLAGS TOPIC-PREFIX
check() {
	local n=$1 flags=$2 pre=$3

	note "$n: first connection, persistent, subscribes"
	run_mq "$n-1" -c "connect $U --name p $flags; sub -q 1 $pre/#;
	    disconnect"
	expect_rc 0 "$n-1"
	expect_json "$T/$n-1.json" 'any(.[]; .event=="connected" and
	    .session_present==false)' "$n: first connect, no session yet"
	expect_json "$T/$n-1.json" 'any(.[]; .event=="subscribed" and .qos==1)' \
	    "$n: subscribed at QoS 1"
	expect_json "$T/$n-1.json" 'any(.[]; .event=="disconnected")' \
	    "$n: disconnected"

	note "$n: someone else publishes twice while it is away"
	run_mq "$n-pub" -c "connect $U --name q; pub -q 1 $pre/a one;
	    pub -q 1 $pre/a two"
	expect_rc 0 "$n-pub"
	expect_json "$T/$n-pub.json" '[.[] | select(.event=="published")] |
	    length==2' "$n: two published"

	note "$n: reconnect with the same flags"
	run_mq "$n-2" -C 2 -W 8 -c "connect $U --name p $flags"
	expect_rc 0 "$n-2"
	expect_json "$T/$n-2.json" '[.[] | select(.event=="connected")][0] |
	    .session_present==true' "$n: session_present true"
	expect_json "$T/$n-2.json" "[.[] | select(.event==\"message\")] |
	    map([.topic, .payload, .qos, .connection]) ==
	    [[\"$pre/a\",\"one\",1,\"p\"],[\"$pre/a\",\"two\",1,\"p\"]]" \
	    "$n: both queued messages, in order"

	note "$n: a clean connection with the same id drops the session"
	run_mq "$n-3" -c "connect $U --name p ${flags/-c /}; disconnect"
	expect_rc 0 "$n-3"
	expect_json "$T/$n-3.json" '[.[] | select(.event=="connected")][0] |
	    .session_present==false' "$n: clean connect: no session"
}

check v311 "-c -i fixedid311 -V 311" p
check v5 "-c -x 300 -i fixedid5 -V 5" p5
