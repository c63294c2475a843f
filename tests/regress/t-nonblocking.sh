#!/bin/bash
# A broker that accepts TCP but never answers must not stall the loop: the
# other connection keeps receiving, a TLS handshake waiting on it does not
# spin the CPU, and the connect fails after its timeout with words.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
broker_start
U=$BROKER_URL

SILENT=$(free_port)
python3 - "$SILENT" 25 <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
s.settimeout(0.2)
held, end = [], time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        pass
PY
BG_PIDS+=("$!")
for i in $(seq 1 30); do port_open "$SILENT" && break; sleep 0.1; done

# A steady trickle on the live broker, bounded: 60 x 0.2 s.
(for i in $(seq 1 60); do
	mosquitto_pub -p "$BROKER_PORT" -t live/x -m "m$i" 2>/dev/null
	sleep 0.2
done) &
BG_PIDS+=("$!")

TIMEFORMAT='%U %S'
{ time run_mq nb -c "connect $U --name a; sub live/#;
    connect mqtts://127.0.0.1:$SILENT --name slow --insecure; select a;
    pub live/after done; sleep 0.5" ; } 2>"$T/time.txt"
expect_rc 1 nb
J=$T/nb.json
expect_json "$J" '[.[] | select(.event=="error")] | length==1 and
    all(.[]; .reason | test("no answer.*within 10 s"))' \
    "the silent connect times out with words"
# Messages kept arriving while the silent connects were pending.
before=$(awk '/"event":"error"/ {exit} /"event":"message"/ {n++} END {print n+0}' "$J")
[ "$before" -ge 20 ] || { show "$J"; fail "only $before messages arrived before the first timeout"; }
note "ok: $before messages arrived during the silent connect"
expect_json "$J" 'any(.[]; .event=="message" and .payload=="done")' \
    "the live connection still works afterwards"
read -r user sys <"$T/time.txt"
cpu=$(awk "BEGIN{print $user + $sys}")
awk "BEGIN{exit !($cpu < 2.0)}" || fail "CPU time $cpu s over 10 s of waiting: the loop spins"
note "ok: CPU time $cpu s over a 10 s wait"
