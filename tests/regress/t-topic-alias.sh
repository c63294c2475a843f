#!/bin/bash
# Topic aliases on publish, seen on the wire by tests/regress/mqtt-tap.py:
# with a broker that allows them (mosquitto's CONNACK says 10), a topic
# published again at QoS 0 goes as its alias and an empty topic; at QoS
# 1/2, and to a broker that allows none, the topic goes in full. Other
# subscribers and the history see the topic as ever.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

# tap: mqtt-tap.py in front of the last broker; sets TP, TAP.
tap() {
	TP=$(free_port)
	TAP=$T/tap-$TP.log
	python3 "$(dirname "$MQTTY_TESTLIB")/mqtt-tap.py" "$TP" \
	    "$BROKER_PORT" "$TAP" 2>"$TAP.err" &
	BG_PIDS+=("$!")
	for i in $(seq 1 50); do
		grep -q LISTENING "$TAP" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "mqtt-tap.py did not start"
}

broker_start
tap
L=a/rather/long/topic/name/for/the/alias
mosquitto_sub -p "$BROKER_PORT" -V 5 -t 'a/#' -C 5 -W 15 -F '%t %p' \
    >"$T/seen" 2>&1 &
SUB=$!
BG_PIDS+=("$SUB")
sleep 0.5
run_mq pub -c "connect mqtt://127.0.0.1:$TP -V 5 --name p; pub $L 1;
    pub $L 2; pub -q 1 $L 3; pub $L 4; pub a/other 5"
expect_rc 0 pub
P='[.[] | select(.type=="PUBLISH" and .way=="in")]'
expect_json "$TAP" "$P | length==5" "five publishes"
expect_json "$TAP" "$P[0].topic==\"$L\" and $P[0].props=={\"topic-alias\":1}" \
    "the first sets alias 1 with the topic"
expect_json "$TAP" "$P[1].topic==\"\" and $P[1].props=={\"topic-alias\":1}
    and $P[1].size <= $P[0].size - ${#L}" "the second: the alias alone, smaller"
expect_json "$TAP" "$P[2].topic==\"$L\" and $P[2].props=={}" \
    "QoS 1: the topic in full"
expect_json "$TAP" "$P[3].topic==\"\" and $P[3].props=={\"topic-alias\":1}" \
    "QoS 0 again: the alias"
expect_json "$TAP" "$P[4].topic==\"a/other\" and
    $P[4].props=={\"topic-alias\":2}" "another topic, another alias"
wait "$SUB" || true
expect_eq "$(cat "$T/seen")" "$L 1
$L 2
$L 3
$L 4
a/other 5" "another subscriber got every topic in full"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE dir=1 AND topic='$L'")" \
    4 "the history has the topic, not the alias"

note "a broker that allows no aliases, and MQTT 3.1.1: topics in full"
broker_start "max_topic_alias 0"
tap
run_mq none -c "connect mqtt://127.0.0.1:$TP -V 5 --name n; pub $L 1; pub $L 2"
expect_rc 0 none
run_mq v3 -c "connect mqtt://127.0.0.1:$TP --name o; pub $L 1; pub $L 2"
expect_rc 0 v3
expect_json "$TAP" "$P | length==4 and all(.[]; .topic==\"$L\" and
    (.props // {}) == {})" "no aliases"
