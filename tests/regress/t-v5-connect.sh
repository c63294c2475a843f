#!/bin/bash
# MQTT 5 CONNECT properties from a profile's fields, seen on the wire by
# tests/regress/mqtt-tap.py between mqtty and mosquitto, and what the
# broker does with them: a message over the maximum packet size is not
# sent, the will waits for its delay, an authentication method the broker
# does not know is refused.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

# tap: start mqtt-tap.py in front of the broker; sets TP, TAP.
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
tap

note "every field in CONNECT, with -D connect properties"
run_mq props -W 1 -c "connect mqtt://127.0.0.1:$TP -V 5 --name p
    --receive-maximum 7 --maximum-packet-size 5000 --topic-alias-maximum 3
    --request-response-information 1 --request-problem-information 0
    -D connect user-property k v
    --will-topic w/p --will-payload bye --will-delay-interval 4"
expect_rc 0 props
C='[.[] | select(.type=="CONNECT")][0]'
expect_json "$TAP" "$C.props == {\"user-property\": [[\"k\",\"v\"]],
    \"receive-maximum\": 7, \"maximum-packet-size\": 5000,
    \"topic-alias-maximum\": 3, \"request-response-information\": 1,
    \"request-problem-information\": 0}" "CONNECT's properties"
expect_json "$TAP" "$C.will_props == {\"will-delay-interval\": 4}" \
    "the will delay interval in the will's properties"

note "-D connect of a property that is a field works as before"
: >"$TAP"
run_mq dprop -W 1 -c "connect mqtt://127.0.0.1:$TP -V 5 --name q
    -D connect topic-alias-maximum 2"
expect_rc 0 dprop
expect_json "$TAP" "$C.props.\"topic-alias-maximum\" == 2" "-D connect"

note "not given: not sent"
: >"$TAP"
run_mq none -W 1 -c "connect mqtt://127.0.0.1:$TP -V 5 --name n"
expect_rc 0 none
expect_json "$TAP" "$C.props | keys == [\"receive-maximum\"] and
    .\"receive-maximum\" == 20" "only libmosquitto's own receive maximum"

note "v3.1.1 with a v5 field: one clear error"
run_mq v3 -c "connect $U --name o --receive-maximum 5"
expect_rc 1 v3
expect_json "$T/v3.json" '.[0].reason == "connect: receive maximum " +
    "(--receive-maximum) needs MQTT v5 (-V 5)"' "names the field"
run_mq zero -c "connect $U --name o -V 5 --receive-maximum 0"
expect_rc 1 zero
expect_json "$T/zero.json" '.[0].reason |
    test("receive.maximum.*0.*1-65535")' \
    "receive maximum 0 is refused"

note "the broker does not send what is over the maximum packet size"
big=$(printf 'x%.0s' $(seq 1 300))
bg_mq mps -C 1 -W 10 -c "connect $U -V 5 --name m --maximum-packet-size 200;
    sub mps/#"
wait_for "$T/mps.json" 'any(.[]; .event=="subscribed")' 8 ||
	fail "no subscription"
mosquitto_pub -p "$BROKER_PORT" -V 5 -t mps/big -m "$big"
mosquitto_pub -p "$BROKER_PORT" -V 5 -t mps/small -m small
wait_mq mps
expect_rc 0 mps
expect_json "$T/mps.json" '[.[] | select(.event=="message")] |
    length==1 and .[0].topic=="mps/small"' "only the small message came"

note "an authentication method the broker does not support"
: >"$TAP"
run_mq auth -c "connect mqtt://127.0.0.1:$TP -V 5 --name a
    --authentication-method SCRAM-SHA-1 --authentication-data abc"
expect_rc 1 auth
expect_json "$TAP" "$C.props.\"authentication-method\"==\"SCRAM-SHA-1\" and
    $C.props.\"authentication-data\"==\"abc\"" "method and data sent"
expect_json "$TAP" 'any(.[]; .type=="CONNACK" and .reason==140)' \
    "mosquitto answers 0x8C"
expect_json "$T/auth.json" '.[0].reason ==
    "connect: connection refused: bad authentication method"' \
    "the refusal in words"

note "the will waits for its delay"
mosquitto_sub -p "$BROKER_PORT" -V 5 -t w/d -C 2 -W 15 -F '%U %p' \
    >"$T/wills" 2>&1 &
BG_PIDS+=("$!")
sleep 0.5
run_mq will -c "connect $U -V 5 --name w0 -i w0 --will-topic w/d
    --will-payload nodelay; drop -t w0"
expect_rc 0 will
t0=$(date +%s%N)	# after the first drop
run_mq willd -c "connect $U -V 5 --name w2 -i w2 --will-topic w/d
    --will-payload delayed --will-delay-interval 2; drop -t w2"
expect_rc 0 willd
t1=$(date +%s%N)	# after the second drop
for i in $(seq 1 100); do
	[ "$(wc -l <"$T/wills")" -ge 2 ] && break
	sleep 0.1
done
show "$T/wills"
[ "$(wc -l <"$T/wills")" -ge 2 ] || fail "the wills did not both come"
# %U is seconds.nanoseconds: ms without awk's floating point.
ms_of() {
	awk -v p="$1" '$2==p { split($1, a, "."); print a[1] substr(a[2], 1, 3) }' \
	    "$T/wills"
}
at0=$(ms_of nodelay) at2=$(ms_of delayed)
d0=$((at0 - t0 / 1000000)) d2=$((at2 - t1 / 1000000))
note "no delay: $d0 ms after its drop; delay 2: at least $d2 ms after its drop"
[ "$d0" -le 1000 ] || fail "the will without a delay came $d0 ms late"
[ "$d2" -ge 1500 ] && [ "$d2" -le 4000 ] ||
	fail "the delayed will came $d2 ms after the drop, wanted about 2000"
