#!/bin/bash
# A command run from the ':' prompt that prints several lines (list, help)
# or one too long for the status line (help CMD) shows all of it in a
# pager; one short line goes on the status line.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

ui_start

note "one short line: the status line, no pager"
ui_cmd "save alpha $BROKER_URL"
check "the result is on the status line" \
    screen_poll "saved profile 'alpha'.*\\? help *\$" 3
check "no pager" eval "! screen_has '^┌ save '"

note "several commands of one line each: each on the status line, no pager"
ui_cmd "save bravo $BROKER_URL; save charlie $BROKER_URL -V 5"
check "the last result on the status line" \
    screen_poll "saved profile 'charlie'.*\\? help *\$" 3
check "no pager" eval "! screen_has '^┌ save bravo'"

note ":list with several profiles"
ui_cmd "connect $BROKER_URL --name live"
screen_wait '● live'
ui_cmd 'list'
screen_wait '^┌ list '
mqtty_list() {
	"$MQTTY" --batch --db "$DB" --no-config -c list 2>&1
}
# Every line the same command prints in batch mode (no live connection
# there) is in the pager, and the live connection too.
mqtty_list >"$T/list.batch"
check "batch list has the three profiles" test "$(grep -c '^profile ' "$T/list.batch")" = 3
while IFS= read -r line; do
	check "the pager has: $line" screen_has "^│ $line +│\$"
done <"$T/list.batch"
check "the pager has the live connection" screen_has '^│ connection live connected'
check "the status line counts them" \
    screen_has '[0-9]+ lines of output \(Esc closes\)'
keys Escape
screen_wait_gone '^┌ list '

note "help: the whole list of commands"
ui_cmd 'help'
screen_wait '^┌ help '
check "help's first command" screen_has '^│ connect +connect'
keys G
check "help's last command" screen_poll '^│ toggle +connect, or disconnect' 3
keys Escape
screen_wait_gone '^┌ help '

note "help CMD: one line too long for the status line"
ui_cmd 'help publish'
screen_wait '^┌ help publish '
check "the usage's start" screen_has '^│ publish \[-t NAME\] \[-q QOS\]'
check "the usage's end, wrapped, not cut" \
    screen_has '^│ to TOPIC\) +│$'
check "the status line says where it is" \
    screen_has 'the output is in the pager \(Esc closes\)'
keys Escape
screen_wait_gone '^┌ help publish '

note "keys from the prompt opens the help, and the prompt closes"
ui_cmd 'keys'
check "the help is open" screen_poll '^┌ Help ' 3
check "the prompt is gone" eval "! screen_has '^:keys'"
keys Escape
screen_wait_gone '^┌ Help '
ui_finish
