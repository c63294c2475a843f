#!/bin/bash
# doctor: the steps of a connection, each timed, as JSON events in batch.
# A plain broker: resolve, tcp and connack pass, and the CONNACK carries
# the MQTT 5 properties the broker's mosquitto.conf sets (max_qos,
# max_topic_alias, max_packet_size). A TLS broker with a test CA: the
# served chain's subject, issuer and SHA-256 fingerprint equal openssl's
# reading of the files; verified with --cafile, refused in words without
# (and connack skipped). A refused port fails at tcp and skips what
# follows; an unresolvable name fails at resolve. info shows a live
# connection's CONNACK property, and the connected event carries it. On
# the screen ':doctor NAME' opens the steps in a pager.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

broker_start "max_qos 1" "max_topic_alias 7" "max_packet_size 5000"
PLAIN=$BROKER_PORT

# step FILE NAME: that step's event of the last doctor run.
step() {
	jq -c -s --arg s "$2" '[.[] | select(.event=="doctor" and .step==$s)]
	    | .[0]' "$1"
}

note "plain TCP, MQTT 5: every step passes, the CONNACK's properties"
run_mq plain -c "save lab mqtt://127.0.0.1:$PLAIN -V 5 -i lab-id;
    doctor lab"
expect_rc 0 plain
J=$T/plain.json
expect_json "$J" '[.[] | select(.event=="doctor") | .step] ==
    ["resolve","tcp","connack","summary"]' "the steps in order, summary last"
expect_json "$J" 'all(.[] | select(.event=="doctor"); .connection=="lab"
    and .result=="ok" and (.ms | type=="number" and . >= 0))' \
    "each step ok, named, and timed"
expect_json "$J" 'any(.[]; .step=="resolve" and .addresses==["127.0.0.1"])' \
    "resolve lists the address"
expect_json "$J" "any(.[]; .step==\"tcp\" and .address==\"127.0.0.1\" and
    .port==$PLAIN)" "tcp says which address it connected to"
expect_json "$J" 'any(.[]; .step=="connack" and .reason=="accepted" and
    .session_present==false and .properties.maximum_qos==1 and
    .properties.topic_alias_maximum==7 and
    .properties.maximum_packet_size==5000)' \
    "connack: the properties mosquitto.conf set"
expect_json "$J" 'any(.[]; .step=="connack" and .client_id=="lab-id")' \
    "the profile's client id, which nothing live uses"
grep -q "New client connected from 127.0.0.1.* as lab-id .*p5" \
    "$BROKER_LOG" || { show "$BROKER_LOG"; fail "the broker saw lab-id"; }
note "ok: the broker saw an MQTT 5 client lab-id"

note "a persistent session's id is not taken: its queue stays the broker's"
run_mq keep -c "doctor mqtt://127.0.0.1:$PLAIN -V 5 -i kept -c -x 300"
expect_rc 0 keep
expect_json "$T/keep.json" 'any(.[]; .step=="connack" and .client_id!="kept"
    and (.client_id_note | test("session")))' "another id, and why"

note "a refused port: tcp fails in words, what follows is skipped"
DEAD=$(free_port)
run_mq dead -c "doctor mqtt://127.0.0.1:$DEAD"
expect_rc 1 dead
J=$T/dead.json
expect_json "$J" 'any(.[]; .step=="tcp" and .result=="failed" and
    (.error | test("connection refused")))' "tcp: connection refused"
expect_json "$J" 'any(.[]; .step=="connack" and .result=="skipped" and
    .reason=="the tcp step failed")' "connack skipped, saying why"
expect_json "$J" 'any(.[]; .step=="summary" and .result=="failed" and
    (.error | startswith("tcp: ")))' "the summary names the failed step"
expect_json "$J" 'any(.[]; .event=="error" and (.reason |
    test("connection refused")))' "the command fails with the reason"

note "an unresolvable name (.invalid is reserved: it never resolves)"
start=$(date +%s%N)
MQ_TIMEOUT=30 run_mq nodns -c "doctor mqtt://no-such-host.invalid:1883"
if [ "$(elapsed_ms "$start")" -gt 10000 ]; then
	# No DNS answer at all in this sandbox: nothing fails fast to test.
	note "SKIP: resolving took over 10 s here"
else
	expect_rc 1 nodns
	expect_json "$T/nodns.json" 'any(.[]; .step=="resolve" and
	    .result=="failed" and (.error | test("cannot resolve host")))' \
	    "resolve fails in words"
	expect_json "$T/nodns.json" '[.[] | select(.result=="skipped") |
	    .step] == ["tcp","connack"]' "tcp and connack skipped"
fi

note "TLS with a test CA"
C=$T/certs
sh "$(dirname "$MQTTY_TESTLIB")/tls-ca.sh" "$C" >"$T/ca.log" 2>&1 ||
	{ cat "$T/ca.log"; echo "ERROR: tls-ca.sh" >&2; exit 99; }
broker_start "cafile $C/ca.crt" "certfile $C/srv.crt" "keyfile $C/srv.key"
TLS=$BROKER_PORT
FP=$(openssl x509 -in "$C/srv.crt" -noout -fingerprint -sha256 | cut -d= -f2)
CAFP=$(openssl x509 -in "$C/ca.crt" -noout -fingerprint -sha256 | cut -d= -f2)
note "served certificate: $FP"

run_mq tlsok -c "doctor mqtts://localhost:$TLS --cafile $C/ca.crt"
expect_rc 0 tlsok
J=$T/tlsok.json
expect_json "$J" '[.[] | select(.event=="doctor") | .step] ==
    ["resolve","tcp","tls","connack","summary"]' "the TLS step in its place"
expect_json "$J" "any(.[]; .step==\"tls\" and .result==\"ok\" and
    .verified==true and .chain[0].sha256==\"$FP\")" \
    "the leaf's SHA-256 fingerprint is openssl's"
expect_json "$J" 'any(.[]; .step=="tls" and .chain[0].subject=="CN=localhost"
    and .chain[0].issuer=="CN=mqtty test CA" and
    (.chain[0].names | test("DNS:localhost")) and
    (.chain[0].not_after | test("^20[0-9][0-9]-")))' \
    "subject, issuer, names and validity of the leaf"
expect_json "$J" 'any(.[]; .step=="tls" and (.version | test("^TLSv1\\.[23]$"))
    and (.cipher | length > 0) and (.verification | startswith("ok")))' \
    "version, cipher and the verification in words"
expect_json "$J" 'any(.[]; .step=="connack" and .result=="ok")' \
    "connack over TLS"

run_mq tlsbad -c "doctor mqtts://localhost:$TLS"
expect_rc 1 tlsbad
J=$T/tlsbad.json
expect_json "$J" 'any(.[]; .step=="tls" and .result=="failed" and
    .verified==false and (.verification |
    test("self-signed|unknown issuer|unable to get local issuer")))' \
    "without --cafile: refused, why in words"
expect_json "$J" "any(.[]; .step==\"tls\" and .chain[0].sha256==\"$FP\")" \
    "the chain is shown when verification fails too"
expect_json "$J" 'any(.[]; .step=="connack" and .result=="skipped")' \
    "connack skipped after the TLS failure"

broker_start "certfile $C/selfsigned.crt" "keyfile $C/selfsigned.key"
run_mq selfsigned -c "doctor mqtts://localhost:$BROKER_PORT --cafile $C/ca.crt"
expect_rc 1 selfsigned
expect_json "$T/selfsigned.json" 'any(.[]; .step=="tls" and
    .result=="failed" and (.verification | test("self-signed")))' \
    "a self-signed server certificate, said so"
[ "$CAFP" != "$FP" ] || fail "the CA and the leaf have one fingerprint"

note "info and the connected event: the CONNACK property of a live link"
run_mq info -c "connect mqtt://127.0.0.1:$PLAIN -V 5 --name live; info live"
expect_rc 0 info
expect_json "$T/info.json" 'any(.[]; .event=="connected" and
    .connack.maximum_qos==1)' "connected carries connack.maximum_qos 1"
expect_json "$T/info.json" 'any(.[]; .event=="info" and
    .text=="live:   maximum QoS: 1")' "info shows maximum QoS: 1"
expect_json "$T/info.json" 'any(.[]; .event=="info" and
    (.text | test("^live: CONNACK: accepted")))' "info shows the CONNACK"

note "a SOCKS5 proxy (a small one, with a user and password)"
python3 "$(dirname "$MQTTY_TESTLIB")/socks5-proxy.py" "$T/proxy.port" \
    "$T/proxy.log" pu ppw &
BG_PIDS+=("$!")
for _ in $(seq 1 50); do
	[ -s "$T/proxy.port" ] && break
	sleep 0.1
done
[ -s "$T/proxy.port" ] || { echo "ERROR: the proxy did not start" >&2; exit 99; }
PX=$(cat "$T/proxy.port")
run_mq proxy -c "doctor mqtt://localhost:$PLAIN -V 5 --proxy socks5h://pu:ppw@127.0.0.1:$PX"
J=$T/proxy.json
expect_json "$J" '[.[] | select(.event=="doctor") | .step] ==
    ["resolve","tcp","proxy","connack","summary"]' "the proxy step after tcp"
expect_json "$J" "any(.[]; .step==\"tcp\" and .port==$PX)" \
    "tcp goes to the proxy"
expect_json "$J" 'any(.[]; .step=="proxy" and .result=="ok" and
    .auth=="user and password")' "the proxy let us in with the password"
expect_json "$J" 'any(.[]; .step=="connack" and .result=="ok" and
    .properties.maximum_qos==1)' "the CONNACK through the proxy"
expect_eq "$(grep -cx "CONNECT localhost $PLAIN" "$T/proxy.log")" 2 \
    "the proxy was asked for the broker by name twice: proxy and connack"
run_mq proxybad -c "doctor mqtt://127.0.0.1:$DEAD --proxy socks5h://pu:ppw@127.0.0.1:$PX"
expect_rc 1 proxybad
expect_json "$T/proxybad.json" 'any(.[]; .step=="proxy" and
    .result=="failed" and (.error | test("could not reach .*connection refused")))' \
    "the proxy's refusal in words"
run_mq proxypw -c "doctor mqtt://127.0.0.1:$PLAIN --proxy socks5h://pu:wrong@127.0.0.1:$PX"
expect_rc 1 proxypw
expect_json "$T/proxypw.json" 'any(.[]; .step=="proxy" and
    .result=="failed" and (.error | test("refused the user name or password")))' \
    "a wrong proxy password, said so"
