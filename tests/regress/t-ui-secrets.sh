#!/bin/bash
# Asking on the screen: a profile with --ask-password opens a masked
# "Password for NAME:" prompt at connect; what is typed shows as stars,
# connects, and is in no prompt history and nowhere on the screen; Esc
# cancels the connect. An encrypted client key without a passphrase
# command is asked for the same way. The form says that a typed password
# is stored, and refuses one next to another source.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

PW='Zq7-typed-pw'
mosquitto_passwd -b -c "$T/passwd" alice "$PW" >/dev/null 2>&1 ||
	{ echo "ERROR: mosquitto_passwd failed" >&2; exit 99; }
broker_start "allow_anonymous false" "password_file $T/passwd"
P=$BROKER_PORT
LOG=$BROKER_LOG

HERE=$(dirname "$MQTTY_TESTLIB")
C=$T/certs
sh "$HERE/tls-ca.sh" "$C" >"$T/tls-ca.out" 2>&1 ||
	{ show "$T/tls-ca.out"; echo "ERROR: tls-ca.sh failed" >&2; exit 99; }
export SSL_CERT_FILE=$C/none.pem SSL_CERT_DIR=$C/nodir
broker_start "certfile $C/srv.crt" "keyfile $C/srv.key" \
    "cafile $C/ca.crt" "require_certificate true" \
    "use_identity_as_username true"
TLS_P=$BROKER_PORT
TLS_LOG=$BROKER_LOG

run_mq save -c "save ask mqtt://127.0.0.1:$P -u alice --ask-password;
    save key mqtts://localhost:$TLS_P --cafile $C/ca.crt
    --cert $C/client.crt --key $C/client-enc.key"
expect_rc 0 save

# logins LOG: how many clients the broker let in so far.
logins() {
	grep -c "New client connected" "$1" || true
}
# no_secret: the password is nowhere on the screen.
no_secret() {
	! screen_has "$PW"
}

ui_start
n=$(logins "$LOG")
ui_cmd "connect ask"
screen_wait 'Password for ask: ' 3
type_text "$PW"
screen_wait "Password for ask: \*{${#PW}}\$" 3
check "typed: stars only" no_secret
keys Enter
screen_wait_gone 'Password for ask' 3
for i in $(seq 1 50); do
	[ "$(logins "$LOG")" -gt "$n" ] && break
	sleep 0.1
done
check "the typed password connects" [ "$(logins "$LOG")" -gt "$n" ]
check "as alice" grep -q "u'alice'" "$LOG"
screen_wait 'connected' 5

note "the prompt's history has no password"
keys :
screen_wait '^:' 3
keys Up
check "Up: the connect line" screen_poll '^:connect ask' 2
keys Up
check "no password in the history" no_secret
keys Escape

note "Esc cancels the connect"
ui_cmd "disconnect -t ask"
screen_wait 'offline|disconnected' 5
n=$(logins "$LOG")
ui_cmd "connect ask"
screen_wait 'Password for ask: ' 3
type_text "half"
keys Escape
screen_wait 'cancelled' 3
sleep 0.5
check "no connect after Esc" [ "$(logins "$LOG")" -eq "$n" ]

note "an encrypted key: its passphrase asked"
n=$(logins "$TLS_LOG")
ui_cmd "connect key"
screen_wait "Passphrase of key's key client-enc.key: " 3
type_text "$(cat "$C/client.pass")"
keys Enter
for i in $(seq 1 50); do
	[ "$(logins "$TLS_LOG")" -gt "$n" ] && break
	sleep 0.1
done
check "the typed passphrase opens the key" \
    grep -q "u'mqtty-client'" "$TLS_LOG"

note "the form: a typed password next to Ask password"
ui_cmd "form edit ask"
screen_wait 'Password' 3
check "empty Password: not stored" \
    screen_poll 'not stored: from the password source below' 2
# To the Password row from Host: Port, Protocol, Client ID, Username.
keys Tab Tab Tab Tab Tab
type_text "typed"
check "typed next to Ask password: the hint says it is stored" \
    screen_poll '\*{5} +a typed password is stored' 2
keys C-s
check "saving it: the row says to choose" \
    screen_poll 'stored: clear it, or turn Ask password off' 3
keys Escape
screen_poll 'Password' 1 gone || keys Escape
run_mq dump -c "list"
check "nothing stored" [ "$(sqlite3 "$DB" .dump | grep -c typed)" -eq 0 ]
ui_finish
