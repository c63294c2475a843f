#!/bin/bash
# Ending a batch run mid-flood: SIGTERM and SIGHUP (the SSH link drops)
# commit every message received before exit, promptly, so the printed
# message events and the stored rows are the same. A consumer that stops
# reading standard output must not hang the process: SIGTERM and -W still
# end it.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start "max_queued_messages 0" "max_queued_bytes 0"
export MQ_TIMEOUT=60
seq_lines 400000 >"$T/flood.txt"

# flood_then SIGNAL NAME: subscribe, flood, signal mid-flood; checks.
flood_then() {
	local sig=$1 name=$2 t0 ms printed stored
	bg_mq "$name" -W 50 -c "connect $BROKER_URL --name $name; sub $name/#"
	wait_for "$T/$name.json" 'any(.[]; .event=="subscribed")' 10 ||
		fail "$name did not subscribe"
	mosquitto_pub -p "$BROKER_PORT" -t "$name/x" -l <"$T/flood.txt" &
	BG_PIDS+=("$!")
	wait_rows 20000 20 "conn='$name'" || fail "$name: no 20000 rows"
	t0=$(date +%s%N)
	kill "-$sig" "${MQ_PID[$name]}"
	wait_mq "$name"
	ms=$((($(date +%s%N) - t0) / 1000000))
	printed=$(jq -s '[.[] | select(.event=="message")] | length' \
	    "$T/$name.json")
	stored=$(rows "conn='$name'")
	note "$name: SIG$sig: exit $RC after $ms ms, printed $printed, stored $stored"
	[ "$ms" -le 1500 ] || fail "$name: exit took $ms ms after SIG$sig"
	[ "$printed" -ge 20000 ] || fail "$name: only $printed printed"
	expect_eq "$stored" "$printed" "$name: every printed message stored"
	expect_eq "$(sql "SELECT count(DISTINCT payload) FROM messages
	    WHERE conn='$name'")" "$stored" "$name: no row twice"
}

flood_then TERM term
expect_rc 1 term
flood_then HUP hup
expect_rc 0 hup

note "a consumer that stops reading: SIGTERM still ends the run"
# A pipe whose reader sleeps: mqtty's writes fill it and would block.
blocked() {
	local name=$1
	shift
	(exec timeout 30 "$MQTTY" --batch --json --db "$DB" --no-config "$@" \
	    2>"$T/$name.err" | sleep 60) &
	MQ_PID[$name]=$!
	BG_PIDS+=("$!")
}
blocked stuck -W 25 -c "connect $BROKER_URL --name stuck; sub stuck/#"
sleep 1
mosquitto_pub -p "$BROKER_PORT" -t stuck/x -l <"$T/flood.txt" &
BG_PIDS+=("$!")
wait_rows 2000 20 "conn='stuck'" || fail "stuck: no rows"
sleep 1
pid=$(pgrep -f -- "--name stuck" | head -n 1)
[ -n "$pid" ] || fail "stuck: mqtty is not running"
t0=$(date +%s%N)
kill -TERM "$pid"
for i in $(seq 1 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
! kill -0 "$pid" 2>/dev/null || fail "stuck: still running 5 s after SIGTERM"
ms=$((($(date +%s%N) - t0) / 1000000))
note "stuck: gone $ms ms after SIGTERM"
[ "$ms" -le 3000 ] || fail "stuck: took $ms ms"
grep -q "output not written: standard output is not being read" \
    "$T/stuck.err" || { show "$T/stuck.err"; fail "stuck: no word on lost output"; }
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check"

note "a consumer that stops reading: -W still ends the run"
start=$(date +%s)
blocked stuckw -W 3 -c "connect $BROKER_URL --name stuckw; sub stuckw/#"
sleep 1
mosquitto_pub -p "$BROKER_PORT" -t stuckw/x -l <"$T/flood.txt" &
BG_PIDS+=("$!")
for i in $(seq 1 100); do
	pgrep -f -- "--name stuckw" >/dev/null || break
	sleep 0.1
done
! pgrep -f -- "--name stuckw" >/dev/null || fail "stuckw: -W 3 did not end it"
note "stuckw: ended $(($(date +%s) - start)) s after start"
