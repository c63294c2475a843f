#!/bin/bash
# Colours come from the theme's slots; with NO_COLOR the screen uses no
# colour at all and stays readable through reverse and bold.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

# sgr: the distinct SGR parameter lists tmux reports for the pane.
sgr() {
	screen_attr | grep -o $'\e\\[[0-9;]*m' | sort -u | tr '\n' ' '
}

note "with colours: the selection and the connected state are coloured"
ui_start
ui_cmd "connect $BROKER_URL --name c1"
screen_wait '● c1'
with=$(sgr)
note "SGR seen: $with"
echo "$with" | grep -qE '\[(3[0-7]|38;5;[0-9]+|9[0-7])(;|m)|;(3[0-7]|9[0-7])(;|m)' ||
	check_fail "no foreground colour at all with colours on"
keys q
screen_wait 'Quit\?' 3
keys y
ui_wait_exit 5

note "NO_COLOR: no colour sequences, selection still reversed"
tm_restart
export NO_COLOR=1
ui_start
ui_cmd "connect $BROKER_URL --name c2"
screen_wait '● c2'
without=$(sgr)
note "SGR seen: $without"
if echo "$without" | grep -qE '\[(3[0-7]|4[0-7]|38;|48;|9[0-7]|10[0-7])|;(3[0-7]|4[0-7]|38|48|9[0-7])(;|m)'; then
	check_fail "NO_COLOR: colour sequences on screen: $without"
fi
echo "$without" | grep -qE '\[7m|;7m|\[7;' ||
	check_fail "NO_COLOR: nothing in reverse video (selection invisible?)"
ui_finish
