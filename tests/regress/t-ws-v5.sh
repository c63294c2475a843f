#!/bin/bash
# MQTT 5 over WebSocket against mosquitto, reached through
# tests/brokers/ws-bridge.js (ws and wss in front of its TCP listener).
# libmosquitto 2.0.11 sends CONNECT without its properties through SOCKS5,
# which is how it reaches our relay; the relay puts them back. Checked on
# the wire (the bridge logs each CONNECT: over ws the same properties as
# over plain TCP) and by what the broker does: a persistent session
# survives offline and online over ws and wss; a maximum packet size keeps
# a large message away; an authentication method is refused.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

B=$(cd "$(dirname "$0")/../brokers" && pwd)
command -v node >/dev/null 2>&1 ||
	{ echo "SKIP: node not installed (run share/install-deps)" >&2; exit 77; }
[ -d "$B/node_modules/ws" ] ||
	{ echo "SKIP: $B/node_modules missing (run share/install-deps)" >&2; exit 77; }
# libwebsockets would take a proxy from here.
unset http_proxy https_proxy

broker_start
MP=$BROKER_PORT
tls_certs "$T/certs"
C=$T/certs

# bridge NAME [ARGS...]: a ws-bridge.js in front of the broker; sets WSP
# (its ws port), TAP (its plain MQTT port) and BLOG.
bridge() {
	local n=$1
	shift
	node_start "$n" ws-bridge.js --to "$MP" "$@"
	BLOG=$NODE_LOG WSP=$NODE_PORT TAP=$NODE_TCP
}
bridge plain
P=$WSP PTAP=$TAP PLOG=$BLOG
bridge tls --cert "$C/srv.crt" --key "$C/srv.key"
S=$WSP SLOG=$BLOG

# props LOG VIA ID: the properties of the last CONNECT of client ID that
# came VIA ws or tcp, sorted, as one JSON line.
props() {
	jq -c -s --arg via "$2" '[.[] | select(.ev=="connect" and .via==$via)]
	    | last | .props | sort' "$1"
}

note "the same CONNECT properties over ws as over TCP"
V5="-V 5 -x 300 -c -D connect user-property k v
    -D connect user-property k2 v2"
run_mq tcp -c "connect mqtt://127.0.0.1:$PTAP --name t -i same $V5; disconnect"
expect_rc 0 tcp
run_mq ws -c "connect ws://127.0.0.1:$P/mqtt --name w -i same $V5; disconnect"
expect_rc 0 ws
note "tcp: $(props "$PLOG" tcp)"
note "ws:  $(props "$PLOG" ws)"
expect_eq "$(props "$PLOG" ws)" "$(props "$PLOG" tcp)" \
    "ws: CONNECT has what it has over TCP"
expect_eq "$(props "$PLOG" ws | jq -c '[.[] | select(.[0]==17 or .[0]==38)]')" \
    '[[17,300],[38,["k","v"]],[38,["k2","v2"]]]' \
    "ws: session expiry 300 and both user properties, in order"
expect_eq "$(props "$PLOG" ws | jq -c '[.[] | select(.[0]==33)]')" '[[33,20]]' \
    "ws: one receive maximum, libmosquitto's"

# The fields of their own (maximum packet size and the rest), when this
# engine sends them at all: over TCP first, then the same over ws.
F="--maximum-packet-size 100000 --topic-alias-maximum 5 --receive-maximum 7
    --request-problem-information 0 --request-response-information 1"
run_mq ftcp -c "connect mqtt://127.0.0.1:$PTAP --name t -i fields $V5 $F;
    disconnect"
expect_rc 0 ftcp
if [ "$(props "$PLOG" tcp | jq '[.[] | select(.[0]==39)] | length')" = 1 ]
then
	FIELDS=1
	run_mq fws -c "connect ws://127.0.0.1:$P/mqtt --name w -i fields $V5 $F;
	    disconnect"
	expect_rc 0 fws
	note "ws:  $(props "$PLOG" ws)"
	expect_eq "$(props "$PLOG" ws)" "$(props "$PLOG" tcp)" \
	    "ws: the fields' properties as over TCP"
	expect_eq "$(props "$PLOG" ws | jq -c '[.[] | select(.[0]==33 or
	    .[0]==39)]')" '[[33,7],[39,100000]]' \
	    "ws: receive maximum 7, maximum packet size 100000"
else
	FIELDS=0
	note "this engine sends no maximum packet size even over TCP:" \
	    "the fields' checks are left out"
fi

# A persistent session over ws or wss: subscribe at QoS 1, offline, a
# message from mosquitto_pub, online: it comes with session present.
persist() {
	local n=$1 url=$2 i
	shift 2
	mkfifo "$T/$n.in"
	# Read-write: opening does not wait for a reader.
	exec 3<>"$T/$n.in"
	# As bg_mq, with commands from the fifo (a bare & reads /dev/null).
	(exec timeout "${MQ_TIMEOUT:-20}" "$MQTTY" --batch --json --db "$DB" \
	    --no-config -W 15 -c "connect $url --name $n -i keep-$n $* $V5;
	    sub -q 1 keep/$n/#; offline") <"$T/$n.in" 3>&- \
	    >"$T/$n.json" 2>"$T/$n.err" &
	MQ_PID[$n]=$!
	BG_PIDS+=("$!")
	wait_for "$T/$n.json" 'any(.[]; .event=="disconnected" and
	    .how=="offline")' 10 ||
		{ show "$T/$n.json" "$T/$n.err"; fail "$n: not offline"; }
	mosquitto_pub -p "$MP" -q 1 -t "keep/$n/x" -m "kept over $n" ||
		fail "$n: mosquitto_pub"
	echo "online -t $n" >&3
	wait_for "$T/$n.json" 'any(.[]; .event=="message")' 10 || true
	echo "quit" >&3
	exec 3>&-
	wait_mq "$n"
	expect_json "$T/$n.json" "[.[] | select(.event==\"connected\")] |
	    map(.session_present) == [false, true]" \
	    "$n: back online with session present"
	expect_json "$T/$n.json" "[.[] | select(.event==\"message\") |
	    .payload] == [\"kept over $n\"]" "$n: the message kept meanwhile"
}
persist ws "ws://127.0.0.1:$P/mqtt"
persist wss "wss://127.0.0.1:$S/mqtt" --cafile "$C/ca.crt"
grep -q "as keep-wss (p5, c0" "$BROKER_LOG" ||
	{ show "$BROKER_LOG"; fail "wss: mosquitto saw no v5 client keep-wss"; }
expect_eq "$(props "$SLOG" ws | jq -c '[.[] | select(.[0]==17)]')" \
    '[[17,300]]' "wss: session expiry 300 on the wire"

[ "$FIELDS" = 1 ] || exit 0

note "maximum packet size: mosquitto keeps a larger message from us"
bg_mq big -C 1 -W 10 -c "connect ws://127.0.0.1:$P/mqtt --name big -V 5
    --maximum-packet-size 200; sub big/#"
wait_for "$T/big.json" 'any(.[]; .event=="subscribed")' 10 ||
	{ show "$T/big.json" "$T/big.err"; fail "big: not subscribed"; }
mosquitto_pub -p "$MP" -t big/a -m "$(printf '%0400d' 0)"
mosquitto_pub -p "$MP" -t big/b -m small
wait_mq big
expect_json "$T/big.json" '[.[] | select(.event=="message") | .topic] ==
    ["big/b"]' "big: only the small message came"
grep -q "Dropping too large outgoing PUBLISH" "$BROKER_LOG" ||
	{ show "$BROKER_LOG"; fail "big: mosquitto did not say it dropped it"; }
note "ok: mosquitto dropped the large message"

note "an authentication method mosquitto has no plugin for: refused"
run_mq auth -c "connect ws://127.0.0.1:$P/mqtt --name a -V 5
    --authentication-method X-TEST"
expect_rc 1 auth
expect_json "$T/auth.json" '[.[] | select(.event=="connected")] |
    length==0' "auth: not connected"
expect_json "$T/auth.json" '[.[] | select(.event=="error") | .reason |
    test("authentication method")] | any' \
    "auth: refused for its authentication method"
exit 0
