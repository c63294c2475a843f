#!/bin/bash
# clear-retained in batch mode: -n lists the retained messages under a
# filter and clears none, -y clears them all (checked with mosquitto_sub
# --retained-only), topics outside the filter keep theirs, the count comes
# from the acknowledgements, the connection's own subscriptions are left
# alone, and clearing is paced (--rate); it works with the connection's
# TLS, user and password, and a broker that refuses some (an MQTT 5 ACL)
# makes it fail with the count of those acknowledged.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
P=$BROKER_PORT

# retained FILTER: retained messages the first broker holds under FILTER.
retained() {
	retained_count "$P" "$1"
}

note "seed 12 retained topics under fleet/, 2 outside it"
for i in $(seq 1 12); do
	mosquitto_pub -p "$P" -r -q 1 -t "fleet/dev$i/state" -m "on $i" ||
		fail "mosquitto_pub fleet/dev$i/state"
done
mosquitto_pub -p "$P" -r -q 1 -t "other/keep" -m kept || fail "seed other"
mosquitto_pub -p "$P" -r -q 1 -t "fleetx" -m kept || fail "seed fleetx"
expect_eq "$(retained 'fleet/#')" 12 "the broker holds 12 under fleet/#"

note "batch without -y or -n: refused before anything is looked at"
run_mq ask -c "connect $U --name a; clear-retained fleet/#"
expect_rc 1 ask
expect_json "$T/ask.json" 'any(.[]; .event=="error" and
    (.reason | test("^clear-retained: .*-y.*-n")))' "a clear error naming -y and -n"
expect_json "$T/ask.json" '[.[] | select(.event=="retained")] | length==0' \
    "nothing listed"

note "bad input"
run_mq bad -c "connect $U --name a; clear-retained 'a/#/b'"
expect_rc 1 bad
expect_json "$T/bad.json" 'any(.[]; .event=="error" and
    (.reason | test("^clear-retained: bad topic filter")))' "bad filter named"
run_mq both -c "connect $U --name a; clear-retained -n -y fleet/#"
expect_rc 1 both
expect_json "$T/both.json" 'any(.[]; .event=="error" and
    (.reason | test("contradict")))' "-n with -y refused"
run_mq rate -c "connect $U --name a; clear-retained -y --rate 0 fleet/#"
expect_rc 1 rate
expect_json "$T/rate.json" 'any(.[]; .event=="error" and
    (.reason | test("bad rate")))' "--rate 0 refused"

note "-n: lists the 12, one event each and a summary, clears none"
run_mq dry -c "connect $U --name a; sub -q 1 fleet/#; clear-retained -n fleet/#"
expect_rc 0 dry
expect_json "$T/dry.json" '[.[] | select(.event=="retained") | .topic] ==
    ([range(1;13)] | map("fleet/dev\(.)/state") | sort)' \
    "one retained event per topic, sorted, nothing outside the filter"
expect_json "$T/dry.json" 'any(.[]; .event=="retained" and
    .topic=="fleet/dev1/state" and .bytes==4)' "with its payload's size"
expect_json "$T/dry.json" '[.[] | select(.event=="clear-retained")] |
    length==1 and .[0].found==12 and .[0].cleared==0 and .[0].dry_run and
    .[0].filter=="fleet/#" and .[0].connection=="a"' "summary: 12 found, dry run"
expect_eq "$(retained 'fleet/#')" 12 "after -n the broker still holds 12"

note "-y: clears the 12; the count is of acknowledgements"
run_mq clear -c "connect $U --name a -i mine; sub -q 1 fleet/#;
    clear-retained -y fleet/#; pub -q 1 fleet/after live"
expect_rc 0 clear
expect_json "$T/clear.json" '[.[] | select(.event=="clear-retained")] |
    length==1 and .[0].found==12 and .[0].cleared==12 and
    (.[0].dry_run | not) and
    .[0].text=="cleared 12 of 12 retained messages under fleet/#"' \
    "cleared 12 of 12"
expect_eq "$(retained 'fleet/#')" 0 "mosquitto_sub finds none under fleet/#"
expect_eq "$(retained 'other/#')" 1 "other/keep is still retained"
expect_eq "$(retained 'fleetx')" 1 "fleetx (outside fleet/#) too"

note "the connection's own client and subscription were not used"
expect_json "$T/clear.json" 'any(.[]; .event=="message" and
    .topic=="fleet/after" and .payload=="live")' \
    "its subscription still delivers after the clearing"
expect_json "$T/clear.json" '[.[] | select(.event=="published")] |
    map(.topic) == ["fleet/after"]' "no publish of its own but the user's"
grep -q "New client connected from 127.0.0.1.* as mqtty-rc-" "$BROKER_LOG" ||
	{ show "$BROKER_LOG"; fail "no client of its own (mqtty-rc-...) in the broker log"; }
note "ok: a client of its own did the work"

note "nothing retained: says so, clears nothing, succeeds"
run_mq none -c "connect $U --name a; clear-retained -y fleet/#"
expect_rc 0 none
expect_json "$T/none.json" 'any(.[]; .event=="clear-retained" and .found==0
    and .text=="no retained messages under fleet/#")' "none found"

note "a saved profile that is not connected: its settings are used"
run_mq prof -c "save home $U; clear-retained -t home -n other/#"
expect_rc 0 prof
expect_json "$T/prof.json" '[.[] | select(.event=="retained")] ==
    [{"event":"retained","connection":"home","topic":"other/keep","bytes":4}]' \
    "other/keep listed for profile home"
expect_json "$T/prof.json" 'any(.[]; .event=="clear-retained" and
    .connection=="home" and .found==1)' "summary for home"
run_mq noname -c "clear-retained -t nobody -n x/#"
expect_rc 1 noname
expect_json "$T/noname.json" 'any(.[]; .event=="error" and .reason==
    "clear-retained: no connection or profile named '"'nobody'"'")' \
    "an unknown name is named"

note "a broker that went away: one clear error, nothing claimed"
OLD_PID=$BROKER_PID
broker_start
bg_mq gone -c "connect $BROKER_URL --name b; sleep 2; clear-retained -y x/#"
sleep 1
broker_stop "$BROKER_PID"
wait_mq gone
expect_rc 1 gone
expect_json "$T/gone.json" 'any(.[]; .event=="error" and (.reason |
    test("^clear-retained: cannot look for retained messages: ")))' \
    "the error says what failed"
expect_json "$T/gone.json" '[.[] | select(.event=="clear-retained")] |
    length==0' "no count claimed"
BROKER_PID=$OLD_PID
note "paced: 400 topics at --rate 200 take about 2 s"
{
	for i in $(seq 1 400); do
		echo "pub -r -q 1 bulk/$i v$i"
	done
} >"$T/seed.txt"
run_mq seed -c "connect $U --name s" <"$T/seed.txt"
expect_rc 0 seed
expect_eq "$(retained 'bulk/#')" 400 "400 retained under bulk/#"
start=$(date +%s%N)
run_mq bulk -c "connect $U --name a; clear-retained -y --rate 200 bulk/#"
ms=$(elapsed_ms "$start")
expect_rc 0 bulk
expect_json "$T/bulk.json" 'any(.[]; .event=="clear-retained" and
    .found==400 and .cleared==400)' "cleared 400 of 400"
expect_eq "$(retained 'bulk/#')" 0 "none left under bulk/#"
note "took $ms ms"
# (400 - 20 at once) / 200 a second = 1.9 s at least, plus the scan.
[ "$ms" -ge 1900 ] || fail "400 at --rate 200 took only $ms ms: not paced"
[ "$ms" -le 15000 ] || fail "400 at --rate 200 took $ms ms"
note "ok: paced"

note "TLS, a user and a password, MQTT 5: the connection's settings are used"
C=$T/certs
tls_certs "$C"
mosquitto_passwd -b -c "$T/passwd" alice 's3cret' >/dev/null 2>&1 ||
	{ echo "ERROR: mosquitto_passwd failed" >&2; exit 99; }
broker_start "cafile $C/ca.crt" "certfile $C/srv.crt" "keyfile $C/srv.key" \
    "allow_anonymous false" "password_file $T/passwd"
for i in 1 2 3; do
	mosquitto_pub -p "$BROKER_PORT" --cafile "$C/ca.crt" -u alice \
	    -P s3cret -r -q 1 -t "sec/$i" -m "s$i" || fail "seed sec/$i"
done
run_mq tls -c "connect mqtts://alice:s3cret@127.0.0.1:$BROKER_PORT
    --cafile $C/ca.crt -V 5 --name sec; clear-retained -y sec/#"
expect_rc 0 tls
expect_json "$T/tls.json" 'any(.[]; .event=="clear-retained" and .found==3
    and .cleared==3)' "cleared 3 of 3 over TLS with a password"
left=$(retained_count "$BROKER_PORT" 'sec/#' --cafile "$C/ca.crt" \
    -u alice -P s3cret)
expect_eq "$left" 0 "none left under sec/# on the TLS broker"

note "a broker that refuses some (MQTT 5 ACL): the count says so, and fails"
mosquitto_passwd -b "$T/passwd" admin 'adm1n' >/dev/null 2>&1 ||
	{ echo "ERROR: mosquitto_passwd failed" >&2; exit 99; }
printf 'user alice\ntopic read #\ntopic readwrite acl/ok/#\nuser admin\ntopic readwrite #\n' \
    >"$T/acl"
broker_start "allow_anonymous false" "password_file $T/passwd" \
    "acl_file $T/acl"
for t in acl/ok/1 acl/ok/2 acl/no/1; do
	mosquitto_pub -p "$BROKER_PORT" -u admin -P adm1n -r -q 1 -t "$t" \
	    -m x || fail "seed $t"
done
run_mq acl -c "connect mqtt://alice:s3cret@127.0.0.1:$BROKER_PORT -V 5
    --name lim; clear-retained -y acl/#"
expect_rc 1 acl
expect_json "$T/acl.json" 'any(.[]; .event=="clear-retained" and .found==3
    and .cleared==2)' "cleared 2 of 3: the refused one is not counted"
expect_json "$T/acl.json" 'any(.[]; .event=="error" and (.reason |
    test("^clear-retained: cleared 2 of 3 retained messages under acl/#: acl/no/1: not authorised")))' \
    "the error names the refused topic and why"
left=$(timeout 10 mosquitto_sub -p "$BROKER_PORT" -u admin -P adm1n \
    -t 'acl/#' --retained-only -W 2 -v 2>/dev/null || true)
expect_eq "$left" "acl/no/1 x" "only acl/no/1 is still retained"
