#!/bin/bash
# Ten live connections, nothing happening: the loop thread wakes at most
# about ten times a second (counted by its voluntary context switches).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
cmds=""
for i in $(seq 1 10); do
	cmds+="connect $U --name c$i; sub -t c$i idle/$i; "
done
"$MQTTY" --batch --json --db "$DB" --no-config -W 12 -c "$cmds" \
    >"$T/idle.json" 2>"$T/idle.err" </dev/null &
pid=$!
BG_PIDS+=("$pid")
wait_for "$T/idle.json" '[.[] | select(.event=="subscribed")] | length==10' 8 ||
	fail "ten connections did not come up"
sleep 1
ctx() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$pid/status"; }
a=$(ctx)
sleep 4
b=$(ctx)
n=$((b - a))
note "loop thread: $n wake-ups in 4 s"
[ "$n" -le 44 ] || fail "$n wake-ups in 4 s with 10 idle connections"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
_check_sanitizer idle
