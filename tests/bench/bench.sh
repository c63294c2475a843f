#!/bin/bash
# make bench: mqtty --batch against mosquitto_sub on the same broker, in the
# same run, receiving the same flood. Prints ratios (mqtty / mosquitto_sub)
# of wall time and CPU time; absolute numbers vary too much between runs.
# BENCH_N messages (default 200000) of BENCH_SIZE bytes (default 64), QoS 0.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
: "${MQTTY_TESTLIB:=$(dirname "$0")/../regress/lib.sh}"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
N=${BENCH_N:-200000}
SIZE=${BENCH_SIZE:-64}
ROUNDS=${BENCH_ROUNDS:-3}
broker_start "max_queued_messages 0" "max_inflight_messages 0"

payload=$(head -c "$SIZE" /dev/zero | tr '\0' x)
seq 1 "$N" | sed "s/^/$payload/" | cut -c1-"$SIZE" >"$T/flood.txt"

cpu_of() {	# pid: user+sys seconds from /proc, read just before it exits
	awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat" 2>/dev/null
}

round() {
	local r=$1 t0 sub_pid mq_pid
	TIMEFORMAT='%R %U %S'
	{ time mosquitto_sub -p "$BROKER_PORT" -C "$N" -t "b$r/#" \
	    -F '%t %p' >/dev/null; } 2>"$T/sub.time" &
	sub_pid=$!
	{ time "$MQTTY" --batch --no-config --db "$T/bench$r.db" -C "$N" \
	    -F '%t %p' -c "connect $BROKER_URL; sub b$r/#" </dev/null \
	    >/dev/null 2>"$T/mq.err"; } 2>"$T/mq.time" &
	mq_pid=$!
	sleep 1.5	# both subscribed (bounded: the clients start in ms)
	mosquitto_pub -p "$BROKER_PORT" -t "b$r/x" -l <"$T/flood.txt"
	timeout 120 bash -c "while kill -0 $sub_pid 2>/dev/null || kill -0 $mq_pid 2>/dev/null; do sleep 0.1; done"
	wait "$sub_pid" "$mq_pid"
	read -r sw su ss <"$T/sub.time"
	read -r mw mu ms <"$T/mq.time"
	echo "  mosquitto_sub: wall $sw user $su sys $ss; mqtty: wall $mw user $mu sys $ms"
	awk -v sw="$sw" -v su="$su" -v ss="$ss" -v mw="$mw" -v mu="$mu" \
	    -v ms="$ms" -v r="$r" 'BEGIN {
		printf "round %d: wall ratio %.2f, CPU ratio %.2f\n", r,
		    (mw - 1.5) / (sw - 1.5), (mu + ms) / (su + ss + 0.001)
	}'
}

echo "bench: $N messages of $SIZE bytes at QoS 0, $ROUNDS rounds"
echo "(ratios are mqtty / mosquitto_sub; mqtty also stores every message)"
for r in $(seq 1 "$ROUNDS"); do
	round "$r"
done
rows=$(sqlite3 "$T/bench1.db" "SELECT count(*) FROM messages")
echo "stored rows in round 1: $rows of $N"
