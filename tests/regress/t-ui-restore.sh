#!/bin/bash
# The terminal is given back on every way out of the screen: q y, C-c y,
# SIGTERM, SIGHUP and SIGINT, also with an overlay open. Afterwards the
# shell's screen is back (not the alternate one), the tty is canonical with
# echo, the cursor shows and the mouse is off.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

# live: a connection, so quitting has something to close.
live() {
	ui_cmd "connect $BROKER_URL --name live"
	screen_wait '● live'
	ui_cmd 'sub t/#'
	screen_wait 'subscribed to t/#'
}

# restored HOW: mqtty has exited and left the terminal as it found it.
restored() {
	local how=$1
	ui_wait_exit 5
	check "$how: the shell's screen is back (EXITED shown)" \
	    screen_has '^EXITED [0-9]+$'
	check "$how: not on the alternate screen" \
	    test "$(ui_pane_flag alternate_on)" = 0
	check "$how: tty canonical (icanon)" stty_has icanon
	check "$how: tty echoes (echo)" stty_has echo
	check "$how: tty makes signals (isig)" stty_has isig
	check "$how: tty maps CR (icrnl)" stty_has icrnl
	check "$how: tty output processing (opost)" stty_has opost
	check "$how: the cursor is visible" \
	    test "$(ui_pane_flag cursor_flag)" = 1
	check "$how: the mouse is off" \
	    test "$(ui_pane_flag mouse_any_flag)" = 0
	check "$how: cursor keys back in normal mode" \
	    test "$(ui_pane_flag keypad_cursor_flag)" = 0
	check "$how: no mqtty process left" eval '! ui_alive'
}

note "q, then y at the question"
ui_start
live
keys q
screen_wait 'Quit\? \(y/n\)'
keys y
restored "q y"
expect_eq "$UI_RC" 0 "q y exits 0"

note "C-c, then y"
ui_start
live
keys C-c
screen_wait 'Quit\? \(y/n\)'
keys y
restored "C-c y"

note "SIGTERM with the help overlay open"
ui_start
live
keys '?'
screen_wait '┌ Help'
kill -TERM "$UI_PID"
restored SIGTERM
check "SIGTERM: exit status is not 0 (got $UI_RC)" test "$UI_RC" -ne 0

note "SIGHUP with the composer open"
ui_start
live
keys p
screen_wait '┌ Publish to live'
type_text t/x
kill -HUP "$UI_PID"
restored SIGHUP

note "SIGINT with the form open"
ui_start
keys n
screen_wait 'New connection'
type_text half
kill -INT "$UI_PID"
restored SIGINT
check "the half-typed form saved nothing" \
    test -z "$(sql 'SELECT name FROM profiles' 2>/dev/null)"

ui_finish
