#!/bin/bash
# import on the screen: a pager lists each connection, what was renamed
# and what was skipped and why; the connection list shows the new
# profiles once it is closed.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

EX=$(dirname "$MQTTY_TESTLIB")/../../share/examples/mqttx-connections.json
cp "$EX" "$T/ex.json"
cat >"$T/pem.json" <<'JSON'
[{"name": "Local broker", "host": "pem.example", "port": 8883,
  "protocol": "mqtts", "certType": "self", "ca": "-----BEGIN CERTIFICATE-----"}]
JSON

ui_start
ui_cmd "import $T/ex.json"
screen_wait 'Imported from'
check "the file's connections listed" screen_has 'Cloud \(MQTT 5\)'
check "with their URLs" screen_has 'ws://ws\.example\.net:8083/mqtt-ws'
keys q
screen_wait '○ Cloud \(MQTT 5\)'
check "the status line says so" screen_has 'imported 4 connections'
ui_cmd "import $T/pem.json"
screen_wait 'Imported from'
check "a clash renamed" screen_has "Local broker  ->  saved as 'Local broker \(2\)'"
check "a PEM CA skipped, with why" screen_has 'skipped ca: PEM text, not a file name'
keys q
screen_wait '○ Local broker \(2\)'
expect_eq "$(sql "SELECT count(*) FROM profiles")" 5 "5 profiles saved"
ui_finish
