#!/bin/bash
# WebSocket: publish and subscribe over ws:// and wss:// against aedes
# (tests/brokers/ws-broker.js), checked in the broker's log and by a
# mosquitto_pub/sub on the same broker's TCP port; wss verified against a
# test CA (--cafile, or the OS store through SSL_CERT_FILE) and refused
# with the reason without it; a wrong path gives the HTTP status; a custom
# header reaches the broker; the in-process relay refuses a SOCKS5 client
# without its one-time password.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

B=$(cd "$(dirname "$0")/../brokers" && pwd)
for tool in node python3 ss; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: $tool not installed (run share/install-deps)" >&2; exit 77; }
done
[ -d "$B/node_modules/aedes" ] && [ -d "$B/node_modules/ws" ] ||
	{ echo "SKIP: $B/node_modules missing (run share/install-deps)" >&2; exit 77; }
# libwebsockets would take a proxy from here.
unset http_proxy https_proxy

tls_certs "$T/certs"
C=$T/certs

# ws_broker NAME [ARGS...]: start one; sets WSP (ws port), TCPP (its TCP
# port) and WSLOG.
ws_broker() {
	local n=$1
	shift
	node_start "$n" ws-broker.js "$@"
	WSLOG=$NODE_LOG WSP=$NODE_PORT TCPP=$NODE_TCP
}
ws_broker plain
P=$WSP PT=$TCPP PLOG=$WSLOG
ws_broker tls --cert "$C/srv.crt" --key "$C/srv.key"
S=$WSP SLOG=$WSLOG
# A certificate from the same CA for another name only.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$C/other.key" -out "$C/other.csr" -subj /CN=other.example \
    >>"$C/openssl.log" 2>&1 &&
printf 'subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth\n' \
    >"$C/other.ext" &&
openssl x509 -req -in "$C/other.csr" -CA "$C/ca.crt" -CAkey "$C/ca.key" \
    -CAcreateserial -out "$C/other.crt" -days 2 -extfile "$C/other.ext" \
    >>"$C/openssl.log" 2>&1 ||
	{ show "$C/openssl.log"; echo "ERROR: openssl" >&2; exit 99; }
ws_broker other --cert "$C/other.crt" --key "$C/other.key"
O=$WSP

# logged LOG JQ DESC: some line of the broker's log satisfies JQ.
logged() {
	if ! jq -e -s "any(.[]; $2)" "$1" >/dev/null 2>&1; then
		show "$1"
		fail "$3"
	fi
	note "ok: $3"
}
# bad NAME REGEX CONNECT-ARGS: fails at once with a reason matching REGEX.
bad() {
	local n=$1 re=$2
	shift 2
	run_mq "$n" -c "connect $* --name w"
	expect_rc 1 "$n"
	expect_json "$T/$n.json" '[.[] | select(.event=="connected")] |
	    length==0' "$n: not connected"
	expect_json "$T/$n.json" "[.[] | select(.event==\"error\") |
	    .reason | test(\"$re\")] | any" "$n: reason matches /$re/"
}

# Over ws: our message comes back, the broker saw it, and a TCP client
# of the same broker gets it too.
timeout 10 mosquitto_sub -p "$PT" -t ws/# -C 1 -W 10 >"$T/sub.out" 2>&1 &
SUB=$!
sleep 0.5
run_mq ws -C 1 -W 10 -c "connect ws://127.0.0.1:$P/mqtt --name w -i ws-one \
    --ws-header 'X-Mqtty-Test: yes 1' --ws-header 'X-Other: 2'; sub ws/#; \
    pub ws/x 'over websocket'"
expect_rc 0 ws
expect_json "$T/ws.json" 'any(.[]; .event=="message" and
    .payload=="over websocket")' "ws: round trip"
wait "$SUB" || { show "$T/sub.out"; fail "ws: mosquitto_sub got nothing"; }
[ "$(cat "$T/sub.out")" = "over websocket" ] ||
	{ show "$T/sub.out"; fail "ws: mosquitto_sub got something else"; }
logged "$PLOG" '.ev=="upgrade" and .path=="/mqtt" and .protocols=="mqtt"' \
    "ws: upgrade to /mqtt with subprotocol mqtt"
logged "$PLOG" '.ev=="subscribe" and .id=="ws-one" and .topics==["ws/#"]' \
    "ws: broker saw the subscription"
logged "$PLOG" '.ev=="publish" and .id=="ws-one" and .topic=="ws/x"' \
    "ws: broker saw the publish"
logged "$PLOG" '.ev=="upgrade" and .headers["x-mqtty-test"]=="yes 1" and
    .headers["x-other"]=="2"' "ws: custom headers reached the broker"

# A message from a TCP client arrives over the WebSocket.
bg_mq wsin -C 1 -W 10 -c "connect ws://127.0.0.1:$P --name w; sub in/#"
wait_for "$T/wsin.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/wsin.json" "$T/wsin.err"; fail "wsin: not subscribed"; }
mosquitto_pub -p "$PT" -t in/x -m from-tcp
wait_mq wsin
expect_rc 0 wsin
expect_json "$T/wsin.json" 'any(.[]; .event=="message" and
    .payload=="from-tcp")' "wsin: message from a TCP client"

# wss against the test CA.
run_mq wss -C 1 -W 10 -c "connect wss://127.0.0.1:$S/mqtt --cafile $C/ca.crt \
    --name w; sub s/#; pub s/x secure"
expect_rc 0 wss
expect_json "$T/wss.json" 'any(.[]; .event=="message" and
    .payload=="secure")' "wss: round trip with --cafile"
logged "$SLOG" '.ev=="publish" and .topic=="s/x" and .payload=="secure"' \
    "wss: broker saw the publish"
SSL_CERT_FILE=$C/ca.crt run_mq wssos -C 1 -W 10 -c "connect \
    wss://127.0.0.1:$S/mqtt --name w; sub s/#; pub s/y os-store"
expect_rc 0 wssos
expect_json "$T/wssos.json" 'any(.[]; .event=="message" and
    .payload=="os-store")' "wss: the OS store (SSL_CERT_FILE) has the CA"

# mqtts's words (more in t-wss-tls.sh).
bad nocafile 'TLS certificate verification failed: unknown issuer: CN=ca .*OS.s CA store' \
    "wss://127.0.0.1:$S/mqtt"
bad wrongname 'TLS certificate verification failed: host name mismatch: the certificate is for DNS:other.example, not 127.0.0.1 \\(--insecure' \
    "wss://127.0.0.1:$O/mqtt --cafile $C/ca.crt"
run_mq insecure -C 1 -W 10 -c "connect wss://127.0.0.1:$O/mqtt \
    --cafile $C/ca.crt --insecure --name w; sub s/#; pub s/z insecure"
expect_rc 0 insecure
expect_json "$T/insecure.json" 'any(.[]; .event=="message" and
    .payload=="insecure")' "wss: --insecure skips the host-name check"
bad badcafile "--cafile $T/none.crt: No such file or directory" \
    "wss://127.0.0.1:$S/mqtt --cafile $T/none.crt"
bad plainport 'TLS handshake with 127.0.0.1:[0-9]+ failed' \
    "wss://127.0.0.1:$P/mqtt"

# Upgrade failures in words.
bad wrongpath 'WebSocket upgrade failed: HTTP 404 for /wrong' \
    "ws://127.0.0.1:$P/wrong"
logged "$PLOG" '.ev=="upgrade" and .path=="/wrong"' "wrongpath: asked /wrong"
bad nosub 'WebSocket upgrade failed: the server did not accept the subprotocol mqtt' \
    "ws://127.0.0.1:$P/nosub"
bad refused 'WebSocket connection to 127.0.0.1:[0-9]+ failed' \
    "ws://127.0.0.1:$(free_port)/mqtt"

# The relay: while a ws connection is up, its SOCKS5 socket refuses a
# client without the one-time password, and the connection goes on.
bg_mq hold -C 1 -W 15 -c "connect ws://127.0.0.1:$P/mqtt --name w; \
    sub hold/#"
wait_for "$T/hold.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/hold.json" "$T/hold.err"; fail "hold: not subscribed"; }
pid=$(mq_child hold)
relay=$(ss -Hltnp 2>/dev/null | grep "pid=$pid," | awk '{print $4}' |
    sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -n 1)
[ -n "$relay" ] || { ss -Hltnp >&2; fail "hold: no relay socket of $pid"; }
note "relay on $relay"
python3 - "$relay" >"$T/socks.out" 2>&1 <<'EOF' ||
import socket, sys
port = int(sys.argv[1])

def talk(greeting, auth=None):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(greeting)
    got = s.recv(2)
    if auth is not None and got == b"\x05\x02":
        s.sendall(auth)
        got += s.recv(2)
    rest = s.recv(100)         # then the relay hangs up: b""
    s.close()
    return got, rest

# No authentication offered: no acceptable method.
got, rest = talk(b"\x05\x01\x00")
assert got == b"\x05\xff" and rest == b"", (got, rest)
# User and password, wrong: refused and closed.
auth = b"\x01\x04user\x08password"
got, rest = talk(b"\x05\x01\x02", auth)
assert got == b"\x05\x02\x01\x01" and rest == b"", (got, rest)
print("refused")
EOF
	{ show "$T/socks.out"; fail "relay: did not refuse a wrong password"; }
grep -qx refused "$T/socks.out" || { show "$T/socks.out"; fail "relay"; }
note "ok: relay refused a SOCKS5 client without its password"
mosquitto_pub -p "$PT" -t hold/x -m still-up
wait_mq hold
expect_rc 0 hold
expect_json "$T/hold.json" 'any(.[]; .event=="message" and
    .payload=="still-up")' "hold: the connection went on"
# Its relay is gone with it.
ss -Hltn "sport = :$relay" | grep -q . && fail "relay socket left open"

# A clean exit carries DISCONNECT through the relay: no will.
timeout 10 mosquitto_sub -p "$PT" -t will/# -W 3 >"$T/will.out" 2>&1 &
SUB=$!
sleep 0.5
run_mq willquiet -c "connect ws://127.0.0.1:$P --name w -k 5 \
    --will-topic will/t --will-payload gone"
expect_rc 0 willquiet
wait "$SUB" || true
grep -q gone "$T/will.out" &&
	{ show "$T/will.out"; fail "a clean exit fired the will"; }
note "ok: clean exit, no will"
# Dropped without DISCONNECT: the broker fires it.
timeout 10 mosquitto_sub -p "$PT" -t will/# -C 1 -W 8 >"$T/will2.out" 2>&1 &
SUB=$!
sleep 0.5
run_mq willdrop -c "connect ws://127.0.0.1:$P --name w -k 5 \
    --will-topic will/t --will-payload gone; drop -t w"
wait "$SUB" || true
grep -qx gone "$T/will2.out" ||
	{ show "$T/will2.out" "$T/willdrop.json"; fail "drop: no will"; }
note "ok: dropped, the will fired"

note "doctor over wss: the upgrade step and a CONNACK through the relay"
run_mq doctor -c "doctor wss://127.0.0.1:$S/mqtt --cafile $C/ca.crt"
expect_rc 0 doctor
expect_json "$T/doctor.json" '[.[] | select(.event=="doctor") | .step] ==
    ["resolve","tcp","tls","websocket","connack","summary"] and
    all(.[] | select(.event=="doctor"); .result=="ok")' \
    "doctor: resolve, tcp, tls, websocket and connack all ok"
expect_json "$T/doctor.json" 'any(.[]; .step=="websocket" and
    (tostring | test("mqtt")))' "doctor: the upgrade chose mqtt"
logged "$SLOG" '.ev=="client"' "doctor: the broker saw the doctor's client"

note "an HTTP CONNECT proxy: ws through it, and the doctor's proxy step"
python3 "$(dirname "$MQTTY_TESTLIB")/http-proxy.py" "$T/hp.port" \
    "$T/hp.log" >"$T/hp.out" 2>&1 &
BG_PIDS+=("$!")
for i in $(seq 1 50); do
	[ -s "$T/hp.port" ] && break
	sleep 0.1
done
HP=$(cat "$T/hp.port")
: >"$T/hp.log"
run_mq viahttp -C 1 -W 10 -c "connect ws://127.0.0.1:$P/mqtt --name w \
    --proxy http://u:p@127.0.0.1:$HP; sub hp/#; pub hp/x proxied"
expect_rc 0 viahttp
expect_json "$T/viahttp.json" 'any(.[]; .event=="message" and
    .payload=="proxied")' "ws through an HTTP proxy: round trip"
grep -q "^CONNECT 127.0.0.1:$P auth=1$" "$T/hp.log" ||
	{ show "$T/hp.log"; fail "the proxy saw no CONNECT with credentials"; }
note "ok: the proxy carried it, with its credentials"
: >"$T/hp.log"
run_mq dochttp -c "doctor ws://127.0.0.1:$P/mqtt --proxy http://127.0.0.1:$HP"
expect_rc 0 dochttp
expect_json "$T/dochttp.json" 'any(.[]; .event=="doctor" and
    .step=="proxy" and .result=="ok")' "doctor: the HTTP proxy step passes"
grep -q "^CONNECT 127.0.0.1:$P auth=0$" "$T/hp.log" ||
	{ show "$T/hp.log"; fail "the doctor did not go through the proxy"; }
note "ok: the doctor went through the proxy"
exit 0
