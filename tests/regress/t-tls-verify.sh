#!/bin/bash
# TLS verification against real mosquitto listeners with a test CA
# (tls-ca.sh): the OS store (SSL_CERT_FILE), expired, self-signed, wrong
# host and unknown-issuer certificates each fail with their reason in
# words; --insecure passes a wrong host but not a self-signed certificate,
# --no-verify passes both and says so in the connected event; a client
# certificate with an encrypted key (--key-password-command) is what a
# require_certificate listener lets in, and a wrong passphrase, a failing
# command, a key of another certificate and a missing file are clear
# errors before any handshake; ALPN and SNI reach the server (a Python TLS
# listener logs them); SSLKEYLOGFILE gets the session's secrets.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

HERE=$(dirname "$MQTTY_TESTLIB")
C=$T/certs
sh "$HERE/tls-ca.sh" "$C" >"$T/tls-ca.out" 2>&1 ||
	{ show "$T/tls-ca.out"; echo "ERROR: tls-ca.sh failed" >&2; exit 99; }
# No store of the machine's may make a test pass or fail.
export SSL_CERT_FILE=$C/none.pem SSL_CERT_DIR=$C/nodir
unset SSLKEYLOGFILE

# tls_broker NAME [LINES...]: a TLS listener serving NAME.crt; sets P.
tls_broker() {
	local n=$1
	shift
	broker_start "certfile $C/$n.crt" "keyfile $C/$n.key" "$@"
	P=$BROKER_PORT
}
tls_broker srv
P_OK=$P
OK_LOG=$BROKER_LOG
tls_broker expired
P_EXPIRED=$P
tls_broker selfsigned
P_SELF=$P
tls_broker wronghost
P_WRONG=$P
tls_broker srv "cafile $C/ca.crt" "require_certificate true" \
    "use_identity_as_username true"
P_CLIENT=$P
CLIENT_LOG=$BROKER_LOG

# Check the setup with mosquitto's own client first.
timeout 10 mosquitto_pub -h localhost -p "$P_OK" --cafile "$C/ca.crt" \
    -t s/t -m x >"$T/mpub.out" 2>&1 ||
	{ show "$T/mpub.out"; echo "ERROR: TLS broker setup broken" >&2; exit 99; }

# ok NAME CONNECT-ARGS: connects, and a round trip works over it.
ok() {
	local n=$1
	shift
	run_mq "$n" -C 1 -W 10 -c "connect $* --name s; sub tls/#; pub tls/x $n"
	[ "$RC" -eq 0 ] || show "$T/$n.json" "$T/$n.err"
	expect_rc 0 "$n"
	expect_json "$T/$n.json" 'any(.[]; .event=="connected")' "$n: connected"
	expect_json "$T/$n.json" "any(.[]; .event==\"message\" and
	    .payload==\"$n\")" "$n: round trip over TLS"
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
# tls_mode NAME MODE: the connected event says what was not checked.
tls_mode() {
	expect_json "$T/$1.json" "any(.[]; .event==\"connected\" and
	    .tls==\"$2\")" "$1: connected with tls $2"
}

VF='TLS certificate verification failed: '

# The OS store: SSL_CERT_FILE names a private one holding the test CA.
SSL_CERT_FILE=$C/ca.crt ok osstore "mqtts://localhost:$P_OK"
tls_mode osstore verified
SSL_CERT_FILE=$C/ca.crt ok osstoreip "mqtts://127.0.0.1:$P_OK"
# Without it the server's issuer is nobody we know.
bad unknown "${VF}unknown issuer: CN=mqtty test CA .*is not in the OS's CA store" \
    "mqtts://localhost:$P_OK"
bad unknownca "${VF}unknown issuer: CN=mqtty test CA .*--cafile $C/client.crt" \
    "mqtts://localhost:$P_OK --cafile $C/client.crt"

# Expired: the date it expired on.
bad expired "${VF}certificate has expired: CN=localhost expired on 2020-01-02 00:00:00 UTC" \
    "mqtts://localhost:$P_EXPIRED --cafile $C/ca.crt"

# Self-signed: --insecure does not help, --no-verify does.
bad self "${VF}self-signed certificate: CN=localhost" \
    "mqtts://localhost:$P_SELF --cafile $C/ca.crt"
bad selfinsecure "${VF}self-signed certificate" \
    "mqtts://localhost:$P_SELF --cafile $C/ca.crt --insecure"
ok selfnoverify "mqtts://localhost:$P_SELF --cafile $C/ca.crt --no-verify"
tls_mode selfnoverify no-verify

# Wrong host: the names the certificate holds; --insecure passes it.
bad wrong "${VF}host name mismatch: the certificate is for DNS:wrong.example, not localhost" \
    "mqtts://localhost:$P_WRONG --cafile $C/ca.crt"
bad wrongip "${VF}host name mismatch: the certificate is for DNS:wrong.example, not 127.0.0.1" \
    "mqtts://127.0.0.1:$P_WRONG --cafile $C/ca.crt"
ok wronginsecure "mqtts://localhost:$P_WRONG --cafile $C/ca.crt --insecure"
tls_mode wronginsecure insecure
ok wrongnoverify "mqtts://localhost:$P_WRONG --cafile $C/ca.crt --no-verify"

# Client certificates. Without one the listener refuses.
bad nocert 'the broker ended the TLS handshake: certificate required .*--cert' \
    "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt"
ok clientplain "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client.key"
ok clientenc "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'cat $C/client.pass'"
# use_identity_as_username: the broker saw our certificate's CN.
grep -q "u'mqtty-client'" "$CLIENT_LOG" ||
	{ show "$CLIENT_LOG"; fail "the broker did not see the client certificate"; }
bad clientwrongpass "wrong passphrase for the key $C/client-enc.key" \
    "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'echo wrong'"
bad clientnopass "the key $C/client-enc.key is encrypted" \
    "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key"
bad clientcmdfails "key-password-command: 'echo no >&2; exit 3' failed: exit status 3: no" \
    "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/client-enc.key \
    --key-password-command 'echo no >&2; exit 3'"
bad mismatch "the key $C/srv.key does not match the certificate $C/client.crt" \
    "mqtts://localhost:$P_CLIENT --cafile $C/ca.crt \
    --cert $C/client.crt --key $C/srv.key"

# Files: named with the reason, before any connection is tried.
before=$(grep -c "New connection" "$OK_LOG" || true)
bad nocafile "--cafile $C/missing.crt: No such file or directory" \
    "mqtts://localhost:$P_OK --cafile $C/missing.crt"
bad cafiledir "--cafile $C: is a directory" \
    "mqtts://localhost:$P_OK --cafile $C"
bad nocapath "--capath $C/missing: No such file or directory" \
    "mqtts://localhost:$P_OK --capath $C/missing"
bad nocertfile "--cert $C/missing.crt: No such file or directory" \
    "mqtts://localhost:$P_OK --cafile $C/ca.crt --cert $C/missing.crt \
    --key $C/client.key"
bad nokeyfile "--key $C/missing.key: No such file or directory" \
    "mqtts://localhost:$P_OK --cafile $C/ca.crt --cert $C/client.crt \
    --key $C/missing.key"
bad notcafile "--cafile $C/client.pass: " \
    "mqtts://localhost:$P_OK --cafile $C/client.pass"
if [ "$(id -u)" -ne 0 ]; then
	cp "$C/ca.crt" "$C/locked.crt"
	chmod 000 "$C/locked.crt"
	bad lockedcafile "--cafile $C/locked.crt: Permission denied" \
	    "mqtts://localhost:$P_OK --cafile $C/locked.crt"
fi
# Not one of them reached the listener.
[ "$(grep -c "New connection" "$OK_LOG" || true)" = "$before" ] ||
	{ show "$OK_LOG"; fail "a connection was tried despite a bad file"; }

# Version bounds: a TLS 1.2 ceiling under a TLS 1.3 floor is refused;
# a 1.2 ceiling is what the listener sees.
bad versions "--tls-max-version tlsv1.2 is below the lowest version tlsv1.3" \
    "mqtts://localhost:$P_OK --cafile $C/ca.crt --tls-version tlsv1.3 \
    --tls-max-version tlsv1.2"

# ALPN and SNI, seen by a TLS listener of our own.
SRV_PORT=$(free_port)
SRV_LOG=$T/tls-server.log
python3 "$HERE/tls-server.py" "$SRV_PORT" "$C/srv.crt" "$C/srv.key" \
    "$SRV_LOG" "x-amzn-mqtt-ca,mqtt" 2>"$T/tls-server.err" &
BG_PIDS+=("$!")
for i in $(seq 1 50); do
	grep -q LISTEN "$SRV_LOG" 2>/dev/null && break
	[ "$i" -lt 50 ] || { show "$T/tls-server.err"; fail "tls-server.py did not start"; }
	sleep 0.1
done
# srv_saw NAME LINE: the listener's log for NAME's handshake is LINE.
srv_saw() {
	local got
	got=$(grep -v -e LISTEN "$SRV_LOG" | tail -n 1)
	[ "$got" = "$2" ] || { show "$SRV_LOG" "$T/$1.json"; fail "$1: server saw '$got', not '$2'"; }
	note "$1: server saw $got"
}
alpn() {
	local n=$1 want=$2
	shift 2
	run_mq "$n" -c "connect $* --name s"
	[ "$RC" -eq 0 ] || show "$T/$n.json" "$T/$n.err"
	expect_rc 0 "$n"
	srv_saw "$n" "$want"
}
alpn alpn "alpn=x-amzn-mqtt-ca sni=localhost tls=TLSv1.3" \
    "mqtts://localhost:$SRV_PORT --cafile $C/ca.crt --alpn x-amzn-mqtt-ca"
alpn alpn2 "alpn=mqtt sni=localhost tls=TLSv1.3" \
    "mqtts://localhost:$SRV_PORT --cafile $C/ca.crt --alpn foo,mqtt"
alpn noalpn "alpn=none sni=localhost tls=TLSv1.3" \
    "mqtts://localhost:$SRV_PORT --cafile $C/ca.crt"
# An address is not a server name: no SNI; --sni sends one (and checks it).
alpn nosni "alpn=none sni=none tls=TLSv1.3" \
    "mqtts://127.0.0.1:$SRV_PORT --cafile $C/ca.crt"
alpn sni "alpn=none sni=localhost tls=TLSv1.3" \
    "mqtts://127.0.0.1:$SRV_PORT --cafile $C/ca.crt --sni localhost"
alpn tls12 "alpn=none sni=localhost tls=TLSv1.2" \
    "mqtts://localhost:$SRV_PORT --cafile $C/ca.crt --tls-max-version tlsv1.2"
bad badalpn "bad ALPN list 'a,,b'" \
    "mqtts://localhost:$SRV_PORT --cafile $C/ca.crt --alpn a,,b"

# SSLKEYLOGFILE: the secrets of both versions' handshakes, a private file.
KL=$T/keys.log
SSLKEYLOGFILE=$KL ok keylog13 "mqtts://localhost:$P_OK --cafile $C/ca.crt"
grep -Eq '^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} ([0-9a-f]{64}|[0-9a-f]{96})$' "$KL" ||
	{ show "$KL"; fail "keylog13: no TLS 1.3 secret in SSLKEYLOGFILE"; }
SSLKEYLOGFILE=$KL ok keylog12 "mqtts://localhost:$P_OK --cafile $C/ca.crt \
    --tls-max-version tlsv1.2"
grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$KL" ||
	{ show "$KL"; fail "keylog12: no CLIENT_RANDOM line in SSLKEYLOGFILE"; }
[ "$(stat -c %a "$KL")" = 600 ] || fail "SSLKEYLOGFILE is $(stat -c %a "$KL"), not 600"
note "keylog: $(wc -l <"$KL") lines"
