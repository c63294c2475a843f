#!/bin/bash
# publish -l: lines of standard input (TOPIC<TAB>PAYLOAD, or payloads to
# one topic) published on one connection, each acknowledged before the
# run ends, checked by a mosquitto_sub of the test's own; bad lines named
# by their number while the good ones still go; -f FILE; 5000 lines at
# QoS 1 in one run.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
broker_watch 'pl/#'

note "TOPIC<TAB>PAYLOAD lines at QoS 1, after a command on stdin"
printf 'connect %s -i lines\npub -l -q 1\npl/a\tone\npl/b\ttwo words\twith a tab\r\npl/c\t\npl/a\tlast' "$U" \
    >"$T/in1"
RC=0
timeout 20 "$MQTTY" --batch --json --db "$DB" --no-config <"$T/in1" \
    >"$T/l1.json" 2>"$T/l1.err" || RC=$?
expect_rc 0 l1
expect_json "$T/l1.json" '[.[] | select(.event=="published") | .qos] ==
    [1,1,1,1]' "four published events, at QoS 1"
for want in "pl/a one" "pl/b two words	with a tab" "pl/c (null)" "pl/a last"; do
	broker_got "$want" || { show "$T/watch.out"; fail "not at the broker: '$want'"; }
done
grep -c . "$T/watch.out" | grep -qx 4 || { show "$T/watch.out"; fail "not 4 messages"; }
note "ok: the broker got each line as a message"
# One connection: a single CONNECT from 'lines'.
expect_eq "$(grep -c 'New client connected from .* as lines ' "$BROKER_LOG")" 1 \
    "one connection for all the lines"

note "-l TOPIC: each line is a payload; retained"
: >"$T/watch.out"
printf 'first\n\nthird\n' | timeout 20 "$MQTTY" --batch --db "$DB" --no-config \
    -c "connect $U -i lines2; pub -l -r -q 1 pl/one" >"$T/l2.out" \
    2>"$T/l2.err" || fail "pub -l TOPIC failed: $(cat "$T/l2.err")"
for want in "pl/one first" "pl/one (null)" "pl/one third"; do
	broker_got "$want" || { show "$T/watch.out"; fail "not at the broker: '$want'"; }
done
timeout 10 mosquitto_sub -p "$BROKER_PORT" -t pl/one -C 1 -W 3 -v \
    >"$T/ret.out" || true
expect_eq "$(cat "$T/ret.out")" "pl/one third" "the last line is retained"

note "bad lines are named by number; the others still go"
: >"$T/watch.out"
printf 'pl/ok\tfine\nno tab here\npl/#\tbad\n\tempty topic\npl/ok\tagain\n' |
    timeout 20 "$MQTTY" --batch --db "$DB" --no-config \
    -c "connect $U -i lines3; pub -l -q 1" >"$T/l3.out" 2>"$T/l3.err" ||
	RC=$?
expect_eq "$RC" 1 "a run with bad lines exits 1"
grep -qF "mqtty: error: pub: line 2: no tab between the topic and the payload" "$T/l3.err" ||
	{ show "$T/l3.err"; fail "line 2 not named"; }
grep -qF "mqtty: error: pub: line 3: bad topic 'pl/#'" "$T/l3.err" ||
	{ show "$T/l3.err"; fail "line 3 not named"; }
grep -qF "mqtty: error: pub: line 4: bad topic ''" "$T/l3.err" ||
	{ show "$T/l3.err"; fail "line 4 not named"; }
grep -qF "mqtty: error: pub: 3 of 5 lines not published" "$T/l3.err" ||
	{ show "$T/l3.err"; fail "no count of the failed lines"; }
broker_got "pl/ok again" || fail "the good line after the bad ones did not go"
expect_eq "$(grep -c '^pl/ok ' "$T/watch.out")" 2 "both good lines went"

note "-f FILE, on the screen's terms too (no stdin needed)"
: >"$T/watch.out"
printf 'pl/f\tfrom a file\n' >"$T/file.tsv"
run_mq l4 -c "connect $U -i lines4; pub -l -f $T/file.tsv; quit"
expect_rc 0 l4
broker_got "pl/f from a file" || fail "-f FILE: not at the broker"
run_mq l5 -c "connect $U -i lines5; pub -l -f $T/missing"
expect_rc 1 l5
expect_json "$T/l5.json" 'any(.[]; .event=="error" and
    (.reason | startswith("pub: cannot read")))' "-f of a missing file: an error"

note "input runs a line at a time while idle: 600 instant commands all run"
for i in $(seq 1 600); do echo "help quit"; done >"$T/instant"
RC=0
timeout 20 "$MQTTY" --batch --json --db "$DB" --no-config <"$T/instant" \
    >"$T/instant.json" 2>"$T/instant.err" || RC=$?
expect_rc 0 instant
expect_json "$T/instant.json" '[.[] | select(.event=="info")] | length==600' \
    "600 answers"

note "5000 lines at QoS 1 on one connection, every one acknowledged"
seq 1 5000 | sed 's/^/pl\/n\t/' >"$T/many"
: >"$T/watch.out"
RC=0
timeout 60 "$MQTTY" --batch --json --db "$DB" --no-config \
    -c "connect $U -i lines6; pub -l -q 1" <"$T/many" >"$T/l6.json" \
    2>"$T/l6.err" || RC=$?
expect_rc 0 l6
expect_json "$T/l6.json" '[.[] | select(.event=="published")] | length==5000' \
    "5000 published events"
for i in $(seq 1 100); do
	[ "$(grep -c '^pl/n ' "$T/watch.out")" -ge 5000 ] && break
	sleep 0.1
done
expect_eq "$(grep -c '^pl/n ' "$T/watch.out")" 5000 "the broker passed on 5000"
expect_eq "$(grep -a '^pl/n ' "$T/watch.out" | tail -n 1)" "pl/n 5000" \
    "in order: the last is 5000"
exit 0
