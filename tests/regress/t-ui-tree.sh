#!/bin/bash
# The topic tree after a small fleet has published through mosquitto_pub
# to a real broker: the counts summed per node, the retained marks in
# their cells (R where a retained message is kept, r above it), a
# sparkline of a topic's numbers, the rate, the message view filtered to
# the selected node (node/#, the topic itself on a leaf), Enter on a leaf
# opening its last message; and after a restart the same counts, read
# from the topics table the writer keeps.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
command -v mosquitto_pub >/dev/null 2>&1 || {
	echo "SKIP: mosquitto_pub not installed (mosquitto-clients)" >&2
	exit 77
}
broker_start
U=$BROKER_URL

pub() {
	mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 "$@" ||
	    fail "mosquitto_pub $*"
}

# One retained message kept before mqtty subscribes: it arrives retained.
pub -r -t fleet/dev2/status -m online

cat >"$T/rc" <<RC
connect $U --name watch
sub '#'
RC
ui_start --config "$T/rc"
screen_wait 'subscribed to #'

note "the fleet publishes"
for v in 20 21 23 22 25; do
	pub -t fleet/dev1/temp -m "$v"
done
for v in 1 2 3; do
	pub -t fleet/dev2/temp -m "{\"t\": $v.5}"
done
pub -t plant/line1 -m '{"state": "running"}'
wait_rows 10 5 "conn = 'watch'" || fail "the fleet's 10 messages not stored"

# The row of a node: the first screen line that has its name.
row_of() {
	screen >"$UI_SCREEN" || true
	grep -m 1 -E -- "$1" "$UI_SCREEN"
}

note "t opens the tree beside the messages"
keys t
screen_wait 'Topics · watch · 4'
check "top level: fleet, closed, 2 children" screen_has '▸ fleet \(2\)'
check "fleet counts its 9 messages, r: a retained one under it" \
    eval "row_of '▸ fleet' | grep -Eq ' 9 r '"
check "plant counts 1, no retained mark" \
    eval "row_of '▸ plant' | grep -Eq ' 1   '"
check "a rate over the last minute on fleet" \
    eval "row_of '▸ fleet' | grep -Eq ' [0-9.]+/m '"
check "the message pane is still there, beside it" screen_has '┌ watch'

note "Enter expands fleet; the status line says how long it took"
keys Enter
check "dev1 and dev2 under fleet" screen_poll '▸ dev2 \(2\)' 3
check "the expand timed to its frame" \
    screen_poll 'fleet: 2 rows under it shown in [0-9.]+ ms' 3
check "fleet selected: the messages are filtered to fleet/#" \
    screen_poll '┌ watch · fleet/# ' 3
check "plant's message is not in the filtered view" \
    eval "! screen_has 'running'"

note "into dev1, expand it: its temp leaf with a sparkline"
keys Down Right
check "dev1 selected: filter fleet/dev1/#" \
    screen_poll '┌ watch · fleet/dev1/# ' 3
keys Down
check "temp (a leaf) selected: the filter is the topic itself" \
    screen_poll '┌ watch · fleet/dev1/temp ' 3
check "its row: 5 messages" eval "row_of '  temp' | grep -Eq ' 5   '"
check "a sparkline of 20 21 23 22 25" \
    eval "row_of '  temp' | grep -Eq '▁▂▅▄█'"
check "the preview: the last value" \
    eval "row_of '  temp' | grep -Eq '█ 25'"

note "dev2 expanded with *: status carries R in its cell"
keys Down '*'
check "dev2's children shown" screen_poll '  status' 3
read -r srow scol _ <<<"$(screen_col '  status')"
read -r frow fcol _ <<<"$(screen_col '▾ fleet')"
# The R column: the same as fleet's r.
rcol=$(screen_next "$frow" "$fcol" r)
check "fleet's r found" test "$rcol" -gt 0
check "status has R in the retained column" \
    test "$(sed -n "$((srow + 1))p" "$UI_SCREEN" |
    python3 -c "import sys; print(sys.stdin.read()[$rcol])")" = R
check "dev2's temp has none" \
    eval "row_of '  temp .*▁▅█' | grep -Eq ' 3   '"

note "Enter on a leaf opens its last message"
keys Down
check "status selected" screen_poll '┌ watch · fleet/dev2/status ' 3
keys Enter
check "Enter opens the message detail" screen_poll '┌ Message ' 3
check "of fleet/dev2/status" \
    eval "screen_has 'fleet/dev2/status' && screen_has 'online'"
keys Escape
check "back in the tree" screen_poll 'Topics · watch' 3

note "Left goes up to the parent; q closes, the filter stays"
keys Left
check "Left on a leaf selects dev2" \
    screen_poll '┌ watch · fleet/dev2/# ' 3
keys q
check "the panes are back" screen_poll '┌ Connections' 3
check "the message view keeps the node's filter" \
    screen_has '┌ watch · fleet/dev2/# '

note "after a restart the tree has the same counts, from the store"
keys q
screen_wait 'Quit\?' 3
keys y
ui_wait_exit 5
ui_start
ui_cmd 'tree -t watch fleet/dev1/temp'
check "the tree opens on the topic" screen_poll 'Topics · watch · 4' 3
check "fleet still counts 9" eval "row_of '▾ fleet' | grep -Eq ' 9 r '"
check "temp still counts 5" eval "row_of '  temp' | grep -Eq ' 5   '"

note "type to find reaches a node that is not open"
check "dev2 is closed" screen_has '▸ dev2 \(2\)'
keys f
screen_wait '^find: ' 3
type_text STATU
check "status found, dev2 opened to show it" screen_poll '▾ dev2' 3
keys Enter
screen_wait_gone '^find: ' 3
# watch is not in the list now (no profile, not live): no message pane
# of its own to filter, but Enter on the node found shows its message.
keys Enter
check "status is selected: Enter opens its message" \
    screen_poll '┌ Message ' 3
check "the message of fleet/dev2/status" \
    eval "screen_has 'fleet/dev2/status' && screen_has 'online'"
keys Escape
ui_cmd 'tree -t watch nothing/here'
check "a topic never seen is an error" \
    screen_poll "'watch' has seen no topic 'nothing/here'" 3

ui_finish
