#!/bin/bash
# A profile's connect timeout and reconnect policy: a listener that takes
# the TCP connection and never answers times out after the profile's
# timeout, and the reconnect delays grow from the profile's minimum,
# doubling, up to its maximum.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v python3 >/dev/null || { echo "SKIP: no python3" >&2; exit 77; }

# listen.py PORT MODE LOG: accept and keep silent (MODE silent) or close
# at once (MODE close); one line a connection: its time in ms.
cat >"$T/listen.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
kept = []
with open(sys.argv[3], "a") as log:
    while True:
        c, _ = s.accept()
        log.write("%d\n" % int(time.time() * 1000))
        log.flush()
        if sys.argv[2] == "close":
            c.close()
        else:
            kept.append(c)
PY
# listen MODE PORT: start listen.py; waits until it accepts.
listen() {
	local i
	python3 "$T/listen.py" "$2" "$1" "$T/accepts" &
	BG_PIDS+=("$!")
	LISTEN_PID=$!
	for i in $(seq 1 50); do
		[ -s "$T/accepts" ] && break
		port_open "$2" && break
		sleep 0.1
	done
	: >"$T/accepts"
}

note "a silent listener: the attempt fails after --connect-timeout"
P=$(free_port)
listen silent "$P"
t0=$(date +%s%N)
run_mq silent -c "connect mqtt://127.0.0.1:$P --name s --connect-timeout 2"
ms=$(elapsed_ms "$t0")
expect_rc 1 silent
expect_json "$T/silent.json" 'any(.[]; .event=="error" and
    (.reason | test("no answer from (the broker|127.0.0.1:[0-9]+) within 2 s$")))' \
    "the error gives the profile's timeout"
[ -s "$T/accepts" ] || fail "mqtty never reached the listener"
[ "$ms" -ge 1900 ] && [ "$ms" -le 3500 ] ||
	fail "timed out after $ms ms, wanted about 2000"
note "ok: timed out after $ms ms"
kill "$LISTEN_PID"

note "reconnects: after 1 s, then 2 s, then 2 s (the maximum)"
broker_start
U=$BROKER_URL
bg_mq rc -W 12 -c "connect $U --name a --reconnect-period 1
    --reconnect-max 2 --connect-timeout 5"
wait_for "$T/rc.json" 'any(.[]; .event=="connected")' 8 ||
	{ show "$T/rc.json" "$T/rc.err"; fail "did not connect"; }
# The loss is when mosquitto closes, just after the TERM: t0 is taken
# before it; broker_stop's own wait (slow under load) is allowed on top.
t0=$(($(date +%s%N) / 1000000))
broker_stop
t1=$(($(date +%s%N) / 1000000))
: >"$T/accepts"
listen close "$BROKER_PORT"
for i in $(seq 1 100); do
	[ "$(wc -l <"$T/accepts")" -ge 4 ] && break
	sleep 0.1
done
kill "$LISTEN_PID"
wait_mq rc
mapfile -t at <"$T/accepts"
[ "${#at[@]}" -ge 4 ] || { show "$T/accepts" "$T/rc.json"; fail "only ${#at[@]} attempts"; }
# The first retry comes 1-1.25 s after the loss (t0 is a little after
# it); then the delay doubles to 2 s, the maximum. Jitter is +-25% kept
# within [min, max]: 1.5-2 s.
d0=$((at[0] - t0)) d1=$((at[1] - at[0])) d2=$((at[2] - at[1]))
d3=$((at[3] - at[2]))
note "first retry $d0 ms after the loss; then gaps of $d1 $d2 $d3 ms"
[ "$d0" -ge 700 ] && [ "$d0" -le $((1500 + t1 - t0)) ] ||
	fail "first retry after $d0 ms, wanted 1000-1250"
for d in "$d1" "$d2" "$d3"; do
	[ "$d" -ge 1400 ] && [ "$d" -le 2300 ] ||
		fail "a gap of $d ms between retries, wanted 1500-2000"
done
expect_json "$T/rc.json" 'any(.[]; .event=="disconnected")' "the loss was told"
