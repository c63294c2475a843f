#!/bin/bash
# --sandbox: a private mosquitto started by mqtty, a profile for it in the
# db, and no broker left behind after the run (normal end or SIGTERM).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

# mosquitto processes started from this test: they inherit MQTTY_TEST_TMP,
# or name the temp dir on their command line.
ours() {
	local pid
	for pid in $(pgrep -x mosquitto || true); do
		if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
		    grep -qxF "MQTTY_TEST_TMP=$T" ||
		    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
		    grep -qF "$T"; then
			echo "$pid"
		fi
	done
}
# gone SECS: true once none of ours is left (bounded).
gone() {
	local _
	for _ in $(seq 1 $(($1 * 10))); do
		[ -z "$(ours)" ] && return 0
		sleep 0.1
	done
	return 1
}

[ -z "$(ours)" ] || fail "a sandbox broker exists before the test"

run_mq one --sandbox -C 1 -W 8 -c 'sub s/#; pub s/a hi'
expect_rc 0 one
expect_json "$T/one.json" 'any(.[]; .event=="connected")' "connected"
expect_json "$T/one.json" '[.[] | select(.event=="message")] | length==1 and
    .[0].topic=="s/a" and .[0].payload=="hi"' "message s/a hi arrived"
n=$(sql "SELECT count(*) FROM profiles WHERE name LIKE '%sandbox%'")
[ "$n" -ge 1 ] || { sql "SELECT name FROM profiles" >&2;
	fail "no sandbox profile in the db"; }
note "ok: sandbox profile saved"
gone 3 || { ps -o pid,args -p "$(ours | paste -sd,)" >&2;
	fail "sandbox mosquitto still running after the run"; }
note "ok: no broker left"

note "while it runs, the sandbox broker is ours; after, it is gone"
bg_mq two --sandbox -c 'sub s/#; pub s/b yo; sleep 3'
seen=
for _ in $(seq 1 30); do
	seen=$(ours)
	[ -n "$seen" ] && break
	sleep 0.1
done
[ -n "$seen" ] || fail "no sandbox mosquitto seen while mqtty --sandbox ran"
note "sandbox broker: $seen"
wait_mq two
expect_rc 0 two
expect_json "$T/two.json" 'any(.[]; .event=="message" and .payload=="yo")' \
    "second sandbox run works (profile reused)"
gone 3 || fail "sandbox mosquitto $seen still running after the run"
for pid in $seen; do
	! kill -0 "$pid" 2>/dev/null || fail "sandbox broker $pid survived"
done
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name LIKE '%sandbox%'")" \
    "$n" "no duplicate sandbox profile"

note "SIGTERM to mqtty takes the sandbox broker down too"
"$MQTTY" --sandbox --batch --json --db "$DB" --no-config -W 30 \
    -c 'sub s/#; pub s/c x' >"$T/term.json" 2>"$T/term.err" &
mpid=$!
BG_PIDS+=("$mpid")
wait_for "$T/term.json" 'any(.[]; .event=="message")' 10 ||
	{ show "$T/term.json" "$T/term.err";
	  fail "term: no message within 10 s (events not flushed per line?)"; }
[ -n "$(ours)" ] || fail "term: no sandbox broker seen"
kill -TERM "$mpid"
for _ in $(seq 1 50); do
	kill -0 "$mpid" 2>/dev/null || break
	sleep 0.1
done
! kill -0 "$mpid" 2>/dev/null || fail "mqtty did not exit within 5 s of SIGTERM"
wait "$mpid" || true
_check_sanitizer term
gone 3 || fail "term: sandbox mosquitto still running after SIGTERM"
note "ok: SIGTERM cleans up"

note "no mosquitto: a clear one-line error, exit 1, nothing started"
RC=0
MQTTY_MOSQUITTO=/nonexistent/mosquitto timeout 10 "$MQTTY" --sandbox --batch \
    --json --db "$DB" --no-config </dev/null >"$T/nomosq.out" \
    2>"$T/nomosq.err" || RC=$?
[ "$RC" -eq 1 ] || { show "$T/nomosq.err"; fail "missing mosquitto: exit $RC"; }
grep -q "mosquitto" "$T/nomosq.err" && grep -q "install" "$T/nomosq.err" ||
	{ show "$T/nomosq.err"; fail "missing mosquitto: no clear message"; }
[ "$(wc -l <"$T/nomosq.err")" -eq 1 ] || fail "missing mosquitto: not one line"
note "ok: $(cat "$T/nomosq.err")"
