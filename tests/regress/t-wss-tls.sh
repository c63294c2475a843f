#!/bin/bash
# wss:// has mqtts's TLS: against aedes over wss (tests/brokers/ws-broker.js)
# with the test CA (tls-ca.sh), expired, self-signed and wrong-host
# certificates fail with the words t-tls-verify.sh checks for mqtts;
# --no-verify passes self-signed and expired, --insecure a wrong host only;
# --sni names the server while the TCP connection goes to the host; an
# encrypted client key opened with --key-password-command is what a
# listener that wants a client certificate lets in; SSLKEYLOGFILE gets the
# secrets; ALPN, SNI, the TLS version ceiling and the Host header reach a
# TLS listener of our own (tls-server.py).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

HERE=$(dirname "$MQTTY_TESTLIB")
B=$(cd "$HERE/../brokers" && pwd)
for tool in node python3; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: $tool not installed (run share/install-deps)" >&2; exit 77; }
done
[ -d "$B/node_modules/aedes" ] && [ -d "$B/node_modules/ws" ] ||
	{ echo "SKIP: $B/node_modules missing (run share/install-deps)" >&2; exit 77; }
unset http_proxy https_proxy SSLKEYLOGFILE

C=$T/certs
sh "$HERE/tls-ca.sh" "$C" >"$T/tls-ca.out" 2>&1 ||
	{ show "$T/tls-ca.out"; echo "ERROR: tls-ca.sh failed" >&2; exit 99; }
# No store of the machine's may make a test pass or fail.
export SSL_CERT_FILE=$C/none.pem SSL_CERT_DIR=$C/nodir

# wss_broker NAME CERT [ARGS...]: aedes over wss serving CERT.crt; sets P,
# LOG and WSPID.
wss_broker() {
	local n=$1 crt=$2
	shift 2
	node_start "$n" ws-broker.js --cert "$C/$crt.crt" \
	    --key "$C/$crt.key" "$@"
	LOG=$NODE_LOG WSPID=$NODE_PID P=$NODE_PORT
}
wss_broker ok srv
P_OK=$P
wss_broker expired expired
P_EXPIRED=$P
wss_broker self selfsigned
P_SELF=$P
wss_broker wrong wronghost
P_WRONG=$P
wss_broker client srv --client-ca "$C/ca.crt"
P_CLIENT=$P
CLIENT_LOG=$LOG
CLIENT_PID=$WSPID

# ok NAME CONNECT-ARGS: connects, and a round trip works over it.
ok() {
	local n=$1
	shift
	run_mq "$n" -C 1 -W 10 -c "connect $* --name s; sub tls/#; pub tls/x $n"
	[ "$RC" -eq 0 ] || show "$T/$n.json" "$T/$n.err"
	expect_rc 0 "$n"
	expect_json "$T/$n.json" 'any(.[]; .event=="connected")' "$n: connected"
	expect_json "$T/$n.json" "any(.[]; .event==\"message\" and
	    .payload==\"$n\")" "$n: round trip over wss"
}
# bad NAME REGEX CONNECT-ARGS: fails, the error line matches REGEX.
bad() {
	local n=$1 re=$2
	shift 2
	run_mq "$n" -c "connect $* --name s"
	expect_rc 1 "$n"
	expect_json "$T/$n.json" '[.[] | select(.event=="connected")] |
	    length==0' "$n: not connected"
	jq -r 'select(.event=="error" or .event=="disconnected") |
	    .reason // empty' "$T/$n.json" >"$T/$n.why"
	note "$n: $(head -n 1 "$T/$n.why")"
	grep -qE -- "$re" "$T/$n.why" ||
		{ show "$T/$n.json" "$T/$n.err"; fail "$n: no line matches /$re/"; }
}
tls_mode() {
	expect_json "$T/$1.json" "any(.[]; .event==\"connected\" and
	    .tls==\"$2\")" "$1: connected with tls $2"
}

VF='TLS certificate verification failed: '

ok cafile "wss://localhost:$P_OK/mqtt --cafile $C/ca.crt"
tls_mode cafile verified
SSL_CERT_FILE=$C/ca.crt ok osstore "wss://127.0.0.1:$P_OK/mqtt"
bad unknown "${VF}unknown issuer: CN=mqtty test CA .*is not in the OS's CA store" \
    "wss://localhost:$P_OK/mqtt"

# Expired: the date; --no-verify passes it (lws would not, left alone).
bad expired "${VF}certificate has expired: CN=localhost expired on 2020-01-02 00:00:00 UTC" \
    "wss://localhost:$P_EXPIRED/mqtt --cafile $C/ca.crt"
ok expirednoverify "wss://localhost:$P_EXPIRED/mqtt --cafile $C/ca.crt --no-verify"
tls_mode expirednoverify no-verify

# Self-signed: --insecure does not help, --no-verify does.
bad self "${VF}self-signed certificate: CN=localhost" \
    "wss://localhost:$P_SELF/mqtt --cafile $C/ca.crt"
bad selfinsecure "${VF}self-signed certificate" \
    "wss://localhost:$P_SELF/mqtt --cafile $C/ca.crt --insecure"
ok selfnoverify "wss://localhost:$P_SELF/mqtt --cafile $C/ca.crt --no-verify"
tls_mode selfnoverify no-verify

# Wrong host: the names it holds; --insecure passes it, and so does --sni
# with the name it is for (the TCP connection still goes to 127.0.0.1).
bad wrong "${VF}host name mismatch: the certificate is for DNS:wrong.example, not localhost" \
    "wss://localhost:$P_WRONG/mqtt --cafile $C/ca.crt"
bad wrongip "${VF}host name mismatch: the certificate is for DNS:wrong.example, not 127.0.0.1" \
    "wss://127.0.0.1:$P_WRONG/mqtt --cafile $C/ca.crt"
ok wronginsecure "wss://localhost:$P_WRONG/mqtt --cafile $C/ca.crt --insecure"
tls_mode wronginsecure insecure
ok wrongsni "wss://127.0.0.1:$P_WRONG/mqtt --cafile $C/ca.crt --sni wrong.example"
bad othersni "${VF}host name mismatch: the certificate is for DNS:wrong.example, not other.example" \
    "wss://127.0.0.1:$P_WRONG/mqtt --cafile $C/ca.crt --sni other.example"

# A client certificate: without one the listener refuses; an encrypted
# key opens with --key-password-command.
bad nocert 'the broker ended the TLS handshake: certificate required .*--cert' "wss://localhost:$P_CLIENT/mqtt --cafile $C/ca.crt"
ok clientenc "wss://localhost:$P_CLIENT/mqtt --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'cat $C/client.pass'"
jq -e -s 'any(.[]; .ev=="upgrade" and .peer=="mqtty-client")' \
    "$CLIENT_LOG" >/dev/null ||
	{ show "$CLIENT_LOG"; fail "the broker did not see the client certificate"; }
bad clientwrongpass "wrong passphrase for the key $C/client-enc.key" \
    "wss://localhost:$P_CLIENT/mqtt --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'echo wrong'"
bad clientnopass "the key $C/client-enc.key is encrypted" \
    "wss://localhost:$P_CLIENT/mqtt --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key"

# As for mqtts, the context is made once: a reconnect after the broker
# restarts does not run the passphrase command again.
bg_mq again -C 1 -W 20 -c "connect wss://localhost:$P_CLIENT/mqtt \
    --cafile $C/ca.crt --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'echo run >>$T/pass-runs; cat $C/client.pass' \
    --name s; sub again/#"
wait_for "$T/again.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/again.json" "$T/again.err"; fail "again: not subscribed"; }
kill "$CLIENT_PID"
wait "$CLIENT_PID" 2>/dev/null || true
wait_for "$T/again.json" 'any(.[]; .event=="disconnected")' 5 ||
	{ show "$T/again.json"; fail "again: no disconnected event"; }
rm -f "$T/client2.port"
wss_broker client2 srv --client-ca "$C/ca.crt" --port "$P_CLIENT"
wait_for "$T/again.json" '[.[] | select(.event=="subscribed")] | length==2' 10 ||
	{ show "$T/again.json" "$T/again.err"; fail "again: did not reconnect"; }
[ "$(wc -l <"$T/pass-runs")" -eq 1 ] ||
	{ show "$T/pass-runs"; fail "again: the passphrase command ran $(wc -l <"$T/pass-runs") times"; }
note "ok: again: reconnected, the passphrase command ran once"
mosquitto_pub -p "$(cat "$T/client2.port.tcp")" -t again/x -m back
wait_mq again
expect_rc 0 again
expect_json "$T/again.json" 'any(.[]; .event=="message" and
    .payload=="back")' "again: a message after the reconnect"

# SSLKEYLOGFILE: the secrets of a wss handshake.
KL=$T/keys.log
SSLKEYLOGFILE=$KL ok keylog "wss://localhost:$P_OK/mqtt --cafile $C/ca.crt"
grep -Eq '^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} ([0-9a-f]{64}|[0-9a-f]{96})$' "$KL" ||
	{ show "$KL"; fail "keylog: no TLS 1.3 secret in SSLKEYLOGFILE"; }
note "keylog: $(wc -l <"$KL") lines"

# ALPN, SNI, the version and the Host header, seen by a TLS listener of
# our own; it answers the upgrade with 404, which is enough.
SRV_PORT=$(free_port)
SRV_LOG=$T/tls-server.log
python3 "$HERE/tls-server.py" "$SRV_PORT" "$C/srv.crt" "$C/srv.key" \
    "$SRV_LOG" "x-amzn-mqtt-ca,mqtt,http/1.1" 2>"$T/tls-server.err" &
BG_PIDS+=("$!")
for i in $(seq 1 50); do
	grep -q LISTEN "$SRV_LOG" 2>/dev/null && break
	[ "$i" -lt 50 ] || { show "$T/tls-server.err"; fail "tls-server.py did not start"; }
	sleep 0.1
done
# saw NAME HANDSHAKE HTTP CONNECT-ARGS: the listener logged those two lines.
saw() {
	local n=$1 hs=$2 req=$3 got
	shift 3
	: >"$SRV_LOG"
	run_mq "$n" -c "connect $* --name s"
	expect_rc 1 "$n"
	got=$(paste -sd '|' "$SRV_LOG")
	[ "$got" = "$hs|$req" ] ||
		{ show "$SRV_LOG" "$T/$n.json"; fail "$n: server saw '$got', not '$hs|$req'"; }
	grep -q 'HTTP 404' "$T/$n.json" ||
		{ show "$T/$n.json"; fail "$n: no HTTP 404 in the error"; }
	note "ok: $n: server saw $got"
}
saw alpn "alpn=x-amzn-mqtt-ca sni=localhost tls=TLSv1.3" \
    "http /mqtt host=localhost:$SRV_PORT" \
    "wss://localhost:$SRV_PORT/mqtt --cafile $C/ca.crt --alpn x-amzn-mqtt-ca"
saw alpn2 "alpn=mqtt sni=localhost tls=TLSv1.3" \
    "http /mqtt host=localhost:$SRV_PORT" \
    "wss://localhost:$SRV_PORT/mqtt --cafile $C/ca.crt --alpn foo,mqtt"
saw noalpn "alpn=http/1.1 sni=localhost tls=TLSv1.3" \
    "http /mqtt host=localhost:$SRV_PORT" \
    "wss://localhost:$SRV_PORT/mqtt --cafile $C/ca.crt"
# An address is not a server name: no SNI; --sni sends one, for the Host
# header too, while the TCP connection goes to the address.
saw nosni "alpn=http/1.1 sni=none tls=TLSv1.3" \
    "http /mqtt host=127.0.0.1:$SRV_PORT" \
    "wss://127.0.0.1:$SRV_PORT/mqtt --cafile $C/ca.crt"
saw sni "alpn=http/1.1 sni=localhost tls=TLSv1.3" \
    "http /mqtt host=localhost" \
    "wss://127.0.0.1:$SRV_PORT/mqtt --cafile $C/ca.crt --sni localhost"
saw tls12 "alpn=http/1.1 sni=localhost tls=TLSv1.2" \
    "http /mqtt host=localhost:$SRV_PORT" \
    "wss://localhost:$SRV_PORT/mqtt --cafile $C/ca.crt --tls-max-version tlsv1.2"
bad badalpn "bad ALPN list 'a,,b'" \
    "wss://localhost:$SRV_PORT/mqtt --cafile $C/ca.crt --alpn a,,b"
exit 0
