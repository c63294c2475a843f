#!/bin/bash
# Drain benchmark: messages queued on a private mosquitto for an offline
# persistent session, then drained by mosquitto_sub and by mqtty --batch
# (which stores every message), alternating, same broker, same run. Prints
# each round's rates and the median ratio mqtty / mosquitto_sub.
#   drain.sh QOS N SIZE ROUNDS
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
: "${MQTTY_TESTLIB:=$(dirname "$0")/../regress/lib.sh}"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
QOS=${1:-0}
N=${2:-200000}
SIZE=${3:-100}
ROUNDS=${4:-3}

broker_start "max_queued_messages 0" "max_queued_bytes 0" \
    "queue_qos0_messages true" "log_type error" "log_type warning"

payload=$(head -c "$SIZE" /dev/zero | tr '\0' x)
seq -w 1 "$N" | sed "s/^/$payload/" | cut -c1-"$SIZE" >"$T/flood.txt"

# prepare ID KIND [DB]: a persistent session subscribed to d/# at QOS,
# offline (mqtty's in DB, the one it drains into: a user's database).
prepare() {
	if [ "$2" = sub ]; then
		mosquitto_sub -p "$BROKER_PORT" -c -i "$1" -q "$QOS" -t 'd/#' -E
	else
		timeout 20 "$MQTTY" --batch --no-config --db "$3" -c \
		    "connect $BROKER_URL -i $1 -c; sub -q $QOS d/#; disconnect" \
		    </dev/null >/dev/null 2>&1
	fi
}

# now_ns: monotonic enough for seconds-long runs.
now_ns() { date +%s%N; }

# drain ID KIND DB: time (s) to connect and receive N messages.
drain() {
	local t0 t1 rc=0
	t0=$(now_ns)
	if [ "$2" = sub ]; then
		timeout 300 mosquitto_sub -p "$BROKER_PORT" -c -i "$1" -q "$QOS" \
		    -t 'd/#' -C "$N" -F '%t %p' >/dev/null || rc=$?
	else
		# GNU time for the peak RSS (VmHWM) of the run.
		timeout 300 /usr/bin/time -f %M -o "$T/mq.rss" \
		    "$MQTTY" --batch --no-config --db "$3" -C "$N" \
		    -F '%t %p' -c "connect $BROKER_URL -i $1 -c" \
		    </dev/null >/dev/null 2>"$T/mq.err" || rc=$?
	fi
	t1=$(now_ns)
	[ "$rc" -eq 0 ] || { cat "$T/mq.err" >&2; fail "drain $2 exit $rc"; }
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

echo "drain: $N messages of $SIZE bytes at QoS $QOS, $ROUNDS rounds"
ratios=()
for r in $(seq 1 "$ROUNDS"); do
	prepare "ds$r" sub
	prepare "dm$r" mq "$T/drain$r.db"
	mosquitto_pub -p "$BROKER_PORT" -q "$QOS" -t "d/x" -l <"$T/flood.txt"
	sleep 1	# let the broker settle: the first drain must not pay for it
	# Alternate who goes first: the broker's state differs slightly.
	if [ $((r % 2)) -eq 1 ]; then
		ts=$(drain "ds$r" sub)
		tm=$(drain "dm$r" mq "$T/drain$r.db")
	else
		tm=$(drain "dm$r" mq "$T/drain$r.db")
		ts=$(drain "ds$r" sub)
	fi
	rows=$(sqlite3 "$T/drain$r.db" "SELECT count(*) FROM history")
	[ "$rows" -eq "$N" ] || fail "round $r: $rows rows stored, wanted $N"
	ratio=$(awk -v s="$ts" -v m="$tm" 'BEGIN { printf "%.2f", s / m }')
	rss=$(tail -n 1 "$T/mq.rss")
	ratios+=("$ratio")
	awk -v s="$ts" -v m="$tm" -v n="$N" -v r="$r" -v x="$ratio" 'BEGIN {
		printf "round %d: mosquitto_sub %.0f msg/s, mqtty %.0f msg/s " \
		    "(stores all), ratio %s\n", r, n / s, n / m, x }'
	echo "         mqtty peak RSS after $N messages: $((rss / 1024)) MB ($rss kB)"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "drain QoS $QOS: median rate ratio mqtty / mosquitto_sub = $median"
