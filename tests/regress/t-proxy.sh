#!/bin/bash
# A profile's SOCKS5 proxy (--proxy): through Debian's dante server, and
# through tests/regress/socks5.py, which logs what it was asked, for
# username authentication and to tell socks5:// (the name resolved here,
# an address sent) from socks5h:// (the name sent to the proxy).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v danted >/dev/null 2>&1 ||
	{ echo "SKIP: danted not installed (dante-server)" >&2; exit 77; }
broker_start
U=$BROKER_URL
BP=$BROKER_PORT

note "dante, no authentication, on a port of its own"
DP=$(free_port)
mkdir -p "$T/dante"
chmod 777 "$T/dante"	# danted may log as another user
cat >"$T/dante/danted.conf" <<CONF
logoutput: $T/dante/danted.log
internal: 127.0.0.1 port = $DP
external: 127.0.0.1
clientmethod: none
socksmethod: none
client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect disconnect error }
socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect disconnect error }
CONF
danted -f "$T/dante/danted.conf" -p "$T/dante/pid" -N 1 \
    >"$T/dante/out" 2>&1 &
BG_PIDS+=("$!")
for i in $(seq 1 50); do
	port_open "$DP" && break
	sleep 0.1
done
port_open "$DP" || { show "$T/dante/out" "$T/dante/danted.log"; fail "danted did not start"; }

run_mq dante -C 1 -W 10 -c "connect $U --name d --proxy socks5://127.0.0.1:$DP
    -i via-dante; sub px/#; pub px/a through"
expect_rc 0 dante
expect_json "$T/dante.json" 'any(.[]; .event=="message" and
    .payload=="through")' "a message through dante"
grep -Eq "tcp/connect \[: .* -> .* 127\.0\.0\.1\.$BP$" "$T/dante/danted.log" ||
	{ show "$T/dante/danted.log"; fail "dante's log has no connection to the broker"; }
note "ok: dante relayed to port $BP"
grep -q "New client connected from 127.0.0.1:[0-9]* as via-dante" \
    "$BROKER_LOG" || fail "the broker never saw via-dante"

# socks5 PORT [USER PASS]: start socks5.py; sets SP, SLOG.
socks5() {
	SP=$(free_port)
	SLOG=$T/socks5-$SP.log
	python3 "$(dirname "$MQTTY_TESTLIB")/socks5.py" "$SP" "$SLOG" "$@" \
	    2>"$SLOG.err" &
	BG_PIDS+=("$!")
	for i in $(seq 1 50); do
		grep -q listening "$SLOG" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "socks5.py did not start"
}

note "username authentication; socks5h:// sends the broker's name"
socks5 alice 's3cr@t'
run_mq auth -C 1 -W 10 -c "connect mqtt://localhost:$BP --name h
    --proxy socks5h://alice:s3cr%40t@127.0.0.1:$SP; sub px/#; pub px/b named"
expect_rc 0 auth
expect_json "$T/auth.json" 'any(.[]; .event=="message" and .payload=="named")' \
    "a message through the proxy with a user and password"
grep -qx "auth alice ok" "$SLOG" || { show "$SLOG"; fail "no authentication"; }
grep -qx "connect name localhost $BP" "$SLOG" ||
	{ show "$SLOG"; fail "socks5h:// did not send the name"; }
note "ok: socks5h:// sent 'localhost'"

note "socks5:// resolves the name here and sends an address"
: >"$SLOG"
run_mq addr -C 1 -W 10 -c "connect mqtt://localhost:$BP --name a
    --proxy socks5://alice:s3cr%40t@127.0.0.1:$SP; sub px/#; pub px/c addr"
expect_rc 0 addr
grep -Eqx "connect ipv(4 127\.0\.0\.1|6 ::1) $BP" "$SLOG" ||
	{ show "$SLOG"; fail "socks5:// did not send an address"; }
note "ok: socks5:// sent an address"

note "a wrong password, and no user name, are the proxy's refusal"
run_mq wrong -c "connect $U --name w --proxy socks5://alice:nope@127.0.0.1:$SP"
expect_rc 1 wrong
expect_json "$T/wrong.json" 'any(.[]; .event=="error" and (.reason |
    test("^connect: the proxy refused: a wrong user name or password")))' \
    "a wrong password"
grep -qx "auth alice bad" "$SLOG" || fail "the proxy saw no bad password"
run_mq nouser -c "connect $U --name n --proxy socks5://127.0.0.1:$SP"
expect_rc 1 nouser
expect_json "$T/nouser.json" 'any(.[]; .event=="error" and (.reason |
    test("proxy refused: it accepts none of our authentication methods")))' \
    "no user name for a proxy that wants one"

note "no proxy listening; bad proxy URLs"
NP=$(free_port)
run_mq down -c "connect $U --name x --proxy socks5://127.0.0.1:$NP"
expect_rc 1 down
expect_json "$T/down.json" '.[0].event=="error" and .[0].reason ==
    "connect: cannot connect to the proxy 127.0.0.1:'"$NP"': connection refused"' \
    "the proxy is named when it does not answer"
run_mq http -c "connect $U --name x --proxy http://127.0.0.1:3128"
expect_rc 1 http
expect_json "$T/http.json" '[.[] | select(.event=="error")] | length==1 and
    (.[0].reason | test("HTTP proxies are not supported"))' \
    "an HTTP proxy: one clear error"
run_mq port -c "connect $U --name x --proxy socks5://u:secret@h:0"
expect_rc 1 port
expect_json "$T/port.json" '.[0].reason | test("bad proxy .socks5://\\*\\*\\*\\*@h:0.: port")' \
    "a bad port, the password not shown"
grep -q secret "$T/port.json" "$T/port.err" && fail "the password was shown"

note "MQTT 5 CONNECT properties through the proxy: a persistent session"
socks5 bob pw5
run_mq v5 -C 2 -W 10 -c "connect mqtt://localhost:$BP --name v -V 5 -c
    -x 300 -i keep5 --maximum-packet-size 200
    --proxy socks5h://bob:pw5@127.0.0.1:$SP; sub -q 1 v5/#; offline;
    connect $U --name pub; pub -q 1 v5/a queued;
    pub -q 1 v5/a $(printf 'x%.0s' $(seq 1 300)); online -t v; sleep 1.5;
    pub -q 1 v5/a small"
expect_rc 0 v5
expect_json "$T/v5.json" '[.[] | select(.event=="connected" and
    .connection=="v")] | map(.session_present) == [false, true]' \
    "back through the proxy with session present (session expiry sent)"
expect_json "$T/v5.json" '[.[] | select(.event=="message" and
    .connection=="v")] | map(.payload) == ["queued","small"]' \
    "the queued message, and not the 300 bytes over the maximum packet size"
expect_eq "$(grep -c "^connect name localhost $BP\$" "$SLOG")" 2 \
    "the proxy carried both connections of v"
grep -q "New client connected from 127.0.0.1:[0-9]* as keep5 (p5, c0" \
    "$BROKER_LOG" || fail "the broker saw no persistent v5 session keep5"

note "with TLS end to end the relay cannot add them: refused, with why"
run_mq v5tls -c "connect mqtts://localhost:$BP --name t -V 5 -c -i keep
    --proxy socks5h://127.0.0.1:$DP"
expect_rc 1 v5tls
expect_json "$T/v5tls.json" 'any(.[]; .event=="error" and (.reason |
    test("with TLS end to end .* so session-expiry-interval")))' \
    "a persistent v5 session through a proxy over mqtts:// is refused"
run_mq v5ok -C 1 -W 10 -c "connect $U --name v -V 5 --receive-maximum 5
    --proxy socks5://127.0.0.1:$DP; sub px/#; pub px/d five"
expect_rc 0 v5ok
expect_json "$T/v5ok.json" 'any(.[]; .event=="message" and .payload=="five")' \
    "a clean v5 session with a receive maximum goes through"
