#!/bin/bash
# Config errors on the screen: several open in a pager at start, each with
# its FILE:LINE; Esc shows the panes, where the good lines' work is. One
# error alone goes on the status line, with no pager.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
# Wide enough for the long temporary paths in the messages.
UI_W=160

RCF=$T/rc
cat >"$RCF" <<RC
# three bad lines among good ones
frobnicate
save good1 $BROKER_URL
pub -q 9 t x
save good2 $BROKER_URL
sub "unterminated
RC

UI_READY='Errors in the config file' ui_start --config "$RCF"
screen_wait "$RCF:6: " 3
check "line 2 in the pager" screen_has "^│ $RCF:2: unknown command 'frobnicate'"
check "line 4 in the pager" screen_has "^│ $RCF:4: pub: bad QoS '9'"
check "line 6 in the pager" screen_has "^│ $RCF:6: unterminated quote"
check "nothing for the good lines" \
    eval "! screen_has '$RCF:(1|3|5):'"
# The pager leaves the status line in sight; the error there lasts until
# a key.
check "the status line under the pager has the last error" \
    screen_has "^ .*$RCF:6: unterminated quote.*\\? help *\$"
keys Escape
screen_wait_gone 'Errors in the config file'
check "the panes are there" screen_has '┌ Connections'
check "good1 was saved" screen_has '○ good1'
check "good2 was saved" screen_has '○ good2'
check "the key that closed the pager took the error away" \
    eval "! screen_has '$RCF:6: unterminated quote'"
keys q
ui_wait_exit 5

note "one error: the status line, no pager"
printf 'save one %s\nfrobnicate\n' "$BROKER_URL" >"$T/one.rc"
ui_start --config "$T/one.rc"
screen_wait '○ one' 3
check "the error is on the status line" \
    screen_has "$T/one.rc:2: unknown command 'frobnicate'.*\\? help *\$"
check "no pager" eval "! screen_has 'Errors in the config file'"
keys q
ui_wait_exit 5
ui_finish
