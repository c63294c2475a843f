#!/bin/bash
# simulate in batch mode against a real mosquitto: a fleet of 3 devices
# publishing JSON at 5 a second each, -n 10 each: a mosquitto_sub of the
# test's own gets exactly 30, 10 on each device's topic, every payload
# JSON with nested fields, in about 2 s (the rate honoured); every one is
# in the database as sent. The scalar kinds (temperature, humidity, a
# counter that only goes up) from the topic's last level; QoS 1; two
# simulations at once; listing and --stop; bad input refused.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
broker_watch '#'

# payloads TOPIC-PREFIX: the payloads the watcher got under it.
payloads() {
	awk -v p="$1" 'index($1, p) == 1 { sub(/^[^ ]* /, ""); print }' \
	    "$T/watch.out"
}
# got_n PREFIX N SECS: the watcher has N lines under PREFIX, bounded.
got_n() {
	local i
	for i in $(seq 1 $(($3 * 10))); do
		[ "$(payloads "$1" | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

note "a fleet of 3 devices, JSON, 5/s each, 10 each"
start=$(date +%s%N)
run_mq fleet -c "connect $U --name fleet;
    simulate -n 10 --devices 3 --rate 5 --kind json 'fleet/%d/state'"
ms=$(elapsed_ms "$start")
expect_rc 0 fleet
got_n fleet/ 30 5 || fail "the watcher did not get 30 fleet messages"
sleep 0.5
expect_eq "$(payloads fleet/ | wc -l)" 30 "exactly 30 messages at the broker"
for d in 1 2 3; do
	expect_eq "$(grep -c "^fleet/$d/state " "$T/watch.out")" 10 \
	    "10 on fleet/$d/state"
done
expect_eq "$(grep -c '^fleet/' "$T/watch.out")" 30 "no other fleet topic"
payloads fleet/ | jq -e -s 'length == 30 and all(.[];
    (.temp | type) == "number" and (.hum | type) == "number" and
    (.battery.v | type) == "number" and .temp > -30 and .temp < 50 and
    .hum >= 0 and .hum <= 100)' >/dev/null ||
	{ payloads fleet/ | head -5; fail "a payload is not the JSON wanted"; }
note "ok: every payload is JSON with temp, hum and battery.v"
# 30 messages at 15 a second: the last is due at 1.93 s.
[ "$ms" -ge 1500 ] || fail "30 messages at 15/s took only $ms ms"
[ "$ms" -le 6000 ] || fail "30 messages at 15/s took $ms ms"
note "ok: the rate is honoured ($ms ms for 30 at 15/s)"
expect_eq "$(rows "conn = 'fleet' AND dir = 1 AND topic LIKE 'fleet/%'")" 30 \
    "30 sent messages in the database"
expect_json "$T/fleet.json" 'any(.[]; .event=="info" and
    (.text | test("sim1 done: 30 messages published")))' "the done line"
expect_json "$T/fleet.json" '[.[] | select(.event=="published")] |
    length == 0' "no published event per simulated message"

note "scalar kinds from the topic's last level"
run_mq kinds -c "connect $U --name k;
    simulate -n 6 --rate 50 k/1/temperature;
    simulate -n 6 --rate 50 k/1/humidity;
    simulate -n 6 --rate 50 --devices 2 'k/%d/counter'"
expect_rc 0 kinds
got_n k/ 24 5 || fail "the watcher did not get 24 k/ messages"
payloads k/1/temperature | grep -Evq '^-?[0-9]+\.[0-9]$' &&
	fail "a temperature is not a number with one decimal"
payloads k/1/humidity | awk '$0 !~ /^[0-9]+$/ || $0 > 100 { bad = 1 }
    END { exit bad }' || fail "a humidity is not a whole percent"
for d in 1 2; do
	payloads "k/$d/counter" | awk 'NR > 1 && $0 + 0 <= last { bad = 1 }
	    $0 !~ /^[0-9]+$/ { bad = 1 } { last = $0 + 0 } END { exit bad }' ||
		fail "counter $d does not only go up"
	expect_eq "$(payloads "k/$d/counter" | wc -l)" 6 "6 from counter $d"
done
note "ok: temperature, humidity and counters look as they should"

note "QoS 1, retained, two simulations at once"
run_mq two -c "connect $U --name two;
    simulate -q 1 -r -n 20 --rate 40 --name a two/a;
    simulate -q 1 -n 20 --rate 40 --name b two/b"
expect_rc 0 two
got_n two/ 40 5 || fail "the watcher did not get 40 two/ messages"
expect_json "$T/two.json" '[.[] | select(.event=="info" and
    (.text | test("^simulate: [ab] done: 20 messages")))] | length == 2' \
    "both simulations done, 20 each"
expect_eq "$(rows "conn = 'two' AND dir = 1 AND qos = 1")" 40 \
    "40 sent at QoS 1 in the database"
expect_eq "$(rows "conn = 'two' AND dir = 1 AND retain = 1")" 20 \
    "20 of them retained"

note "listing and --stop: a simulation without -n ends when stopped"
start=$(date +%s%N)
run_mq stop -c "connect $U --name st; simulate;
    simulate --name forever --rate 10 st/x; sleep 1; simulate;
    simulate --stop forever; simulate"
ms=$(elapsed_ms "$start")
expect_rc 0 stop
expect_json "$T/stop.json" '[.[] | select(.event=="info") | .text] |
    index("no simulations running") == 0' "none listed at first"
expect_json "$T/stop.json" 'any(.[]; .event=="info" and (.text |
    test("^forever on .st.: json to st/x, 10/s, q0, [0-9]+ sent$")))' \
    "the running one listed"
expect_json "$T/stop.json" 'any(.[]; .event=="info" and
    .text == "simulate: stopped forever")' "stopped"
expect_json "$T/stop.json" '[.[] | select(.event=="info") | .text] | last ==
    "no simulations running"' "none listed after --stop"
[ "$ms" -le 5000 ] || fail "the run went on $ms ms after --stop"
n=$(rows "conn = 'st' AND dir = 1")
[ "$n" -ge 8 ] && [ "$n" -le 13 ] ||
	fail "about 10 messages in 1 s at 10/s wanted, got $n"
note "ok: $n messages in a second at 10/s"

note "bad input: one line each, nothing published"
bad() {
	local what=$1 cmd=$2 want=$3
	run_mq bad -c "connect $U --name bad; $cmd"
	expect_rc 1 bad
	expect_json "$T/bad.json" "any(.[]; .event==\"error\" and
	    (.reason | contains(\"$want\")))" "$what"
}
bad "unknown kind" "simulate --kind pressure b/1" \
    "simulate: unknown kind 'pressure' (kinds: temperature, humidity"
bad "rate 0" "simulate --rate 0 b/1" "simulate: bad rate '0'"
bad "a fleet without %d" "simulate --devices 3 b/x" \
    "simulate: topic 'b/x' has no %d"
bad "a wildcard" "simulate 'b/+/x'" "simulate: bad topic 'b/+/x'"
bad "an unknown %" "simulate 'b/%s'" "only %d (the device) and %% are known"
bad "--stop of none" "simulate --stop nosuch" \
    "simulate: no simulation named 'nosuch'"
bad "a flag" "simulate --bogus" "simulate: unknown flag '--bogus'"
run_mq offline -c "simulate -n 1 b/1"
expect_rc 1 offline
expect_json "$T/offline.json" 'any(.[]; .event=="error" and
    (.reason | startswith("simulate: no connection")))' "no connection"
expect_eq "$(rows "conn = 'bad'")" 0 "nothing published by bad input"
expect_eq "$(grep -c '^b/' "$T/watch.out")" 0 "nothing at the broker"
