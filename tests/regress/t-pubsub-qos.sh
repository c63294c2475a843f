#!/bin/bash
# Round trip at QoS 0, 1 and 2 in one process, between two processes, and
# with mosquitto's own clients on the other end.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

note "one process: subscribe at QoS 2, publish at 0, 1, 2"
# No -C: the run must end by itself once the input is done (the sleep lets
# the last message come back; -C 3 could end it before the last PUBCOMP).
run_mq one -c "connect $U --name a; sub -q 2 t/#;
    pub -q 0 t/0 hello0; pub -q 1 t/1 hello1; pub -q 2 t/2 hello2; sleep 1"
expect_rc 0 one
J=$T/one.json
expect_json "$J" 'any(.[]; .event=="connected" and .connection=="a")' \
    "connected event"
expect_json "$J" '[.[] | select(.event=="subscribed")] |
    length==1 and .[0].topic=="t/#" and .[0].qos==2 and .[0].connection=="a"' \
    "one subscribed event, granted QoS 2"
for q in 0 1 2; do
	expect_json "$J" "[.[] | select(.event==\"published\" and
	    .topic==\"t/$q\")] | length==1 and .[0].qos==$q and
	    .[0].connection==\"a\" and (.[0].mid|type)==\"number\"" \
	    "published event for t/$q at QoS $q"
	expect_json "$J" "[.[] | select(.event==\"message\" and
	    .topic==\"t/$q\")] | length==1 and .[0].payload==\"hello$q\" and
	    .[0].qos==$q and .[0].retain==false and .[0].connection==\"a\" and
	    (.[0].time|type)==\"number\" and .[0].time > 1600000000000" \
	    "message on t/$q: payload hello$q, QoS $q, not retained"
done
expect_json "$J" '[.[] | select(.event=="message")] | length==3' \
    "exactly three messages"
expect_json "$J" '[.[] | select(.event=="error")] | length==0' "no errors"
expect_json "$J" '[.[] | select(.event=="published" and .qos>0) | .mid] |
    length==2 and .[0]!=.[1]' "distinct mids for QoS 1 and 2"

note "the subscription's QoS caps delivery: sub -q 1 gets QoS 2 as 1"
run_mq cap -C 1 -W 10 -c "connect $U --name a; sub -q 1 c/#; pub -q 2 c/x y"
expect_rc 0 cap
expect_json "$T/cap.json" 'any(.[]; .event=="message" and .topic=="c/x" and
    .qos==1)' "message downgraded to QoS 1"

note "two processes: a subscriber in the background, a publisher"
bg_mq sub -C 3 -W 15 -c "connect $U --name s; sub -q 2 two/#"
wait_for "$T/sub.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/sub.json" "$T/sub.err";
	  fail "subscriber did not report subscribed within 10 s (events not flushed per line?)"; }
run_mq pub -c "connect $U --name p; pub -q 0 two/0 m0; pub -q 1 two/1 m1;
    pub -q 2 two/2 m2"
expect_rc 0 pub
expect_json "$T/pub.json" '[.[] | select(.event=="published")] |
    map(.topic) == ["two/0","two/1","two/2"]' "publisher: three published"
wait_mq sub
expect_rc 0 sub
expect_json "$T/sub.json" '[.[] | select(.event=="message")] |
    map([.topic, .payload, .qos, .connection]) ==
    [["two/0","m0",0,"s"],["two/1","m1",1,"s"],["two/2","m2",2,"s"]]' \
    "subscriber got m0, m1, m2 in order at their QoS"

note "mqtty publishes, mosquitto_sub receives"
timeout 10 mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -q 2 -t ext/# \
    -C 1 -W 8 -v >"$T/msub.out" 2>&1 &
msub=$!
BG_PIDS+=("$msub")
# mosquitto_sub prints nothing when subscribed: wait for the broker to log it.
for _ in $(seq 1 50); do
	grep -q 'ext/#' "$BROKER_LOG" 2>/dev/null && break
	sleep 0.1
done
run_mq out -c "connect $U --name o; pub -q 2 ext/a 'from mqtty'"
expect_rc 0 out
wait "$msub" || true
expect_eq "$(cat "$T/msub.out")" "ext/a from mqtty" "mosquitto_sub got it"

note "mosquitto_pub publishes, mqtty receives"
bg_mq in -C 1 -W 15 -c "connect $U --name i; sub -q 1 ext2/#"
wait_for "$T/in.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/in.json" "$T/in.err"; fail "in: never subscribed"; }
mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -t ext2/b -m 'from outside'
wait_mq in
expect_rc 0 in
expect_json "$T/in.json" 'any(.[]; .event=="message" and .topic=="ext2/b" and
    .payload=="from outside" and .qos==1 and .connection=="i")' \
    "mqtty got mosquitto_pub's message"

note "IPv6 loopback: mqtt://[::1]:PORT"
if grep -q '^0\{31\}1 .* lo$' /proc/net/if_inet6 2>/dev/null; then
	P6=$(free_port)
	broker_start "listener $P6 ::1" "allow_anonymous true"
	run_mq six -C 1 -W 8 -c "connect mqtt://[::1]:$P6 --name six; sub s/#;
	    pub s/1 v6"
	expect_rc 0 six
	expect_json "$T/six.json" 'any(.[]; .event=="message" and
	    .connection=="six" and .payload=="v6")' "round trip over [::1]"
else
	note "no ::1 on lo: IPv6 part left out"
fi
