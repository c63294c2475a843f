#!/bin/bash
# mqttyrc runs through the command table (save, bind); a rebound key runs
# its command with the selection; a mouse click selects a row.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

cat >"$T/rc" <<RC
# a comment; the next lines are commands
save m1 $BROKER_URL
save m2 $BROKER_URL
bind z 'prompt "zz: " "publish -t {conn} zz/x %%"' "publish to zz/x"
RC
ui_start --config "$T/rc"
screen_wait '○ m1'
screen_wait '○ m2'

note "a click on m2's row (SGR mouse, row 4) selects it"
type_text $'\e[<0;6;4M'
type_text $'\e[<0;6;4m'
screen_wait '^ m2 offline' 3

note "c connects the selected profile"
keys c
screen_wait '● m2'

note "? shows the binding from mqttyrc"
keys '?'
screen_wait '┌ Help'
keys NPage
screen_wait 'z +publish to zz/x'
keys Escape
screen_wait_gone '┌ Help'

note "z runs its command: the prompt, then a publish on m2"
keys z
screen_wait '^zz: ' 3
type_text 'hello from z'
keys Enter
screen_wait 'm2: published to zz/x' 3
check "the message reached the store" \
    test "$(sql "SELECT count(*) FROM messages WHERE conn='m2' AND
    topic='zz/x' AND dir=1 AND payload=CAST('hello from z' AS BLOB)")" = 1

keys q
screen_wait 'Quit\?' 3
keys y
ui_wait_exit 5
ui_finish
