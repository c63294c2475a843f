#!/bin/bash
# The status line: the selected connection's state stays on it (connected
# or reconnecting, session present, MQTT 3.1 / 3.1.1 / 5, TCP or TLS, and
# TLS ! with --insecure or --no-verify, also in the list); an
# error stays until the next key, whatever events come meanwhile; Space
# and U say what they did; it stays in sight under the form at 100x30;
# Escape on the main screen says nothing.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

C=$T/certs
tls_certs "$C"

broker_start "cafile $C/ca.crt" "certfile $C/srv.crt" "keyfile $C/srv.key"
TLS_PORT=$BROKER_PORT
broker_start
URL=$BROKER_URL
PORT=$BROKER_PORT
# Started last, so broker_stop and broker_restart act on it.
broker_start
FLAKY_URL=$BROKER_URL

# status REGEX: the last row (the status line) matches REGEX now.
status() {
	screen >"$UI_SCREEN" || true
	sed -n "${UI_H}p" "$UI_SCREEN" | grep -Eq -- "$1"
}

# status_wait REGEX [SECS]: until the status line matches REGEX.
status_wait() {
	local end=$(($(date +%s) + ${2:-5}))
	while ! status "$1"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			screen_show "status line /$1/"
			return 1
		fi
		sleep 0.1
	done
}

ui_start

note "TLS and MQTT 5 on the status line"
ui_cmd "connect mqtts://127.0.0.1:$TLS_PORT --cafile $C/ca.crt --name sec -V 5"
screen_wait '● sec'
check "sec: connected, MQTT 5, TLS" \
    status_wait '^ sec connected · MQTT 5 · TLS .*\? help *$'

note "MQTT 3.1 over TCP"
ui_cmd "connect $URL --name old -V 31"
screen_wait '● old'
check "old: connected, MQTT 3.1, TCP" \
    status_wait '^ old connected · MQTT 3\.1 · TCP .*\? help *$'

note "a persistent session: session present on the second connect, and it stays"
ui_cmd "connect $URL --name p -i status-p -c"
screen_wait '● p '
check "p: the first connect has no session" \
    status_wait '^ p connected · MQTT 3\.1\.1 · TCP '
ui_cmd 'sub -q 1 inbox/#'
screen_wait 'subscribed to inbox/#'
ui_cmd 'disconnect'
check "p: offline" status_wait '^ p offline'
mosquitto_pub -p "$PORT" -q 1 -t inbox/a -m 'while away'
ui_cmd 'toggle p'
check "p: session present" \
    status_wait '^ p connected · session present · MQTT 3\.1\.1 · TCP '
screen_wait 'while away'
sleep 1.5
check "session present is still there after the messages came" \
    status '^ p connected · session present · MQTT 3\.1\.1 · TCP '

note "Space and U say what they did"
ui_cmd 'pane subs'
keys Space
check "Space on 'all messages' says to select a subscription" \
    status_wait 'sub-toggle: select a subscription first'
keys j
keys Space
check "Space disables" status_wait 'p: disabled inbox/# \(kept, off\)'
screen_wait '■ inbox/# +off'
keys Space
check "Space enables again" status_wait 'p: subscribed to inbox/# \(QoS 1\)'
keys Enter
screen_wait '┌ p · inbox/#'
ui_cmd 'pane subs'
keys U
screen_wait 'unsubscribe inbox/#\? \(y/n\)'
keys y
check "U says it unsubscribed" status_wait 'p: unsubscribed from inbox/#'
check "the view filtered by the gone subscription shows all again" \
    screen_poll '┌ p ─' 3

note "an error stays until a key, whatever comes meanwhile"
ui_cmd "connect $FLAKY_URL --name r"
screen_wait '● r '
broker_stop
check "r loses its broker" screen_poll '^│  reconnecting in' 10
ui_cmd 'bogus'
check "the error shows" status_wait "unknown command 'bogus'"
broker_restart
check "r is back, in the background" screen_poll '│● r +│' 20
# Its 'connected' (and every other event) came after the error.
check "the error is still on the status line" status "unknown command 'bogus'"
sleep 1
check "and a second later" status "unknown command 'bogus'"
keys Escape
check "a key takes it away" status_wait '^ r connected · MQTT 3\.1\.1 · TCP +db [0-9.]+ [KMG]B · \? help *$'

note "Escape on the main screen says nothing; an unbound key still does"
keys Escape
sleep 0.3
check "no message after Escape" status '^ r connected · MQTT 3\.1\.1 · TCP +db [0-9.]+ [KMG]B · \? help *$'
check "Escape is not 'not bound'" eval "! screen_has 'Escape is not bound'"
keys F5
check "F5 is not bound, and says so" status_wait 'F5 is not bound'

note "the form at 100x30 leaves the status line in sight"
keys n
screen_wait 'New connection'
check "the last row is the status line under the form" \
    status '^ r connected · .*\? help *$'
r=$(screen_col 'New connection' | awk '{ print $1 }')
check "the form is drawn (its title on row $r)" test "$r" -ge 0
check "nothing of the form is on the last row" \
    eval "! sed -n '${UI_H}p' '$UI_SCREEN' | grep -q '[│└┘]'"
keys Escape
screen_wait_gone 'New connection'

note "--insecure and --no-verify: ! in the list and on the status line"
ui_cmd "connect mqtts://localhost:$TLS_PORT --cafile $C/ca.crt --insecure --name ins"
screen_wait '● ins !'
check "ins: TLS ! on the status line" \
    status_wait '^ ins connected · MQTT 3\.1\.1 · TLS ! '
# No CA given and the OS store does not hold it: only --no-verify passes.
ui_cmd "connect mqtts://127.0.0.1:$TLS_PORT --no-verify --name nv"
screen_wait '● nv !'
check "nv: TLS ! on the status line" \
    status_wait '^ nv connected · MQTT 3\.1\.1 · TLS ! '
ui_finish
