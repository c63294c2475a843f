#!/bin/bash
# Connecting to a closed loopback port fails fast with a readable reason,
# and the run ends non-zero.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
port=$(free_port)

# try NAME EXTRA-FLAGS
try() {
	local n=$1 start ms
	start=$(date +%s%N)
	run_mq "$n" -c "connect mqtt://127.0.0.1:$port --name u $2"
	ms=$(elapsed_ms "$start")
	note "$n: ${ms} ms"
	expect_rc 1 "$n"
	[ "$ms" -lt 10000 ] || fail "$n: took ${ms} ms, wanted < 10 s"
	expect_json "$T/$n.json" '[.[] | select(.event=="connected")] |
	    length==0' "$n: no connected event"
	expect_json "$T/$n.json" '[.[] | select(.event=="error" or
	    .event=="disconnected") | .reason | select(type=="string") |
	    test("refused|unreachable"; "i")] | any' \
	    "$n: reason says connection refused"
	expect_json "$T/$n.json" '[.[] | select(.event=="error") | .reason |
	    test("^[-0-9 ]*$")] | any | not' "$n: no bare numbers as reasons"
}

try default ""
try noreconnect "--no-reconnect"
try v5 "-V 5"

note "commands after the failed connect fail too, the run still ends"
start=$(date +%s%N)
run_mq after -c "connect mqtt://127.0.0.1:$port --name u; pub x/y z;
    save ok mqtt://127.0.0.1:$port"
expect_rc 1 after
[ "$(elapsed_ms "$start")" -lt 10000 ] || fail "after: too slow"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='ok'")" 1 \
    "a later save still ran"
expect_eq "$(sql "SELECT count(*) FROM messages")" 0 "nothing stored"

