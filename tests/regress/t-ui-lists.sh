#!/bin/bash
# The lists and the bubbles on the screen: JSON in a bubble exactly as
# written; a folded payload saying how many of its bytes are not shown; a
# topic filter too long for the column cut in the middle; a subscription
# the broker has not answered yet; the message filter typed with /, kept
# per connection, cleared by Esc and by an empty Enter; type to find in
# the connection list and in the help.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
U=$BROKER_URL

cat >"$T/rc" <<RC
save alpha $U
save bravo $U
save charlie $U
save delta $U
RC
ui_start --config "$T/rc"
screen_wait '○ delta'

note "find in the connection list: f, then type"
# The find line covers the status line: the message pane's title says
# which connection is selected.
check "alpha is selected first" screen_has '┌ alpha ─'
keys f
screen_wait '^find: '
type_text r			# alpha has no r: bravo, the first that has
check "r selects bravo" screen_poll '┌ bravo ─' 3
keys Down			# the next that has one: charlie
check "Down selects charlie" screen_poll '┌ charlie ─' 3
keys Down			# delta has none, alpha neither: bravo again
check "Down goes round to bravo" screen_poll '┌ bravo ─' 3
type_text z
check "no row has rz: said so" screen_poll 'find: rz +no match' 3
check "and the selection stays" screen_has '┌ bravo ─'
keys BSpace BSpace
type_text DEL			# any case
check "DEL selects delta" screen_poll '┌ delta ─' 3
keys Enter
screen_wait_gone '^find: '
check "Enter keeps it" screen_has '^ delta offline'
check "no error left from the keys that found nothing" \
    eval "! screen_has 'no row has'"
ui_cmd 'find -N ALP'
check ":find -N ALP selects alpha" screen_poll '^ alpha offline' 3
ui_cmd 'find nothing-here'
screen_wait "no row has 'nothing-here'"

note "two connections, each with its messages"
ui_cmd "connect $U --name one"
screen_wait '● one'
ui_cmd 'sub -t one t/#'
screen_wait 'subscribed to t/#'
ui_cmd "connect $U --name two"
screen_wait '● two'
ui_cmd 'sub -t two t/#'
screen_wait 'two: subscribed to t/#'
screen_wait '┌ two ─'
mosquitto_pub -p "$BROKER_PORT" -t t/a -m apple
mosquitto_pub -p "$BROKER_PORT" -t t/b -m banana
screen_wait 'banana'
screen_wait 'apple'

note "/ filters two's messages as it is typed; Enter keeps it"
keys /
screen_wait '^filter: '
type_text app
screen_wait '┌ two / app '
check "the filter hides banana" screen_poll 'banana' 3 gone
check "the filter keeps apple" screen_has 'apple'
keys Enter
screen_wait_gone '^filter: '
check "Enter keeps the filter" screen_has '┌ two / app '

note "the filter belongs to two: one shows all, with its own filter"
ui_cmd 'select one'
screen_wait '┌ one ─'
check "one has no filter" screen_poll 'banana' 3
keys /
type_text ban
screen_wait '┌ one / ban '
check "one filters by ban" screen_poll 'apple' 3 gone
keys Escape
screen_wait_gone '^filter: '
check "Esc clears one's filter" screen_poll '┌ one ─' 3
check "and shows all again" screen_poll 'apple' 3
ui_cmd 'select two'
screen_wait '┌ two / app '
check "two kept its filter" screen_poll 'banana' 3 gone

note "an empty Enter clears it: / starts from the filter, C-u empties"
keys /
screen_wait '^filter: app'
keys C-u Enter
screen_wait_gone '^filter: '
check "an empty Enter clears two's filter" screen_poll '┌ two ─' 3
check "banana is back" screen_poll 'banana' 3

note "JSON in a bubble: numbers, strings and keys as written"
mosquitto_pub -p "$BROKER_PORT" -t t/json \
    -m '{"id":12345678901234567890,"t":20.0,"e":1.5E+300,"s":"tab\there"}'
screen_wait 't/json q0'
check "the 20-digit integer stays" \
    screen_poll '"id": 12345678901234567890,' 3
check "20.0 stays 20.0" screen_has '"t": 20\.0,'
check "1.5E+300 stays" screen_has '"e": 1\.5E\+300,'
check "the string stays, escape as written" screen_has '"s": "tab\\there"'

# fold_check TOPIC TOTAL SHOWN_RE: the bubble of TOPIC says "… N more
# bytes" with N = TOTAL minus the payload bytes of its lines on the
# screen, which SHOWN (a python expression over the lines) computes.
fold_check() {
	local topic=$1 total=$2 expr=$3 got
	screen >"$UI_SCREEN"
	got=$(python3 - "$T" "$UI_SCREEN" "$topic" "$total" "$expr" <<'EOF'
import re, sys
sys.path.insert(0, sys.argv[1])
from cells import cells
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
topic, total, expr = sys.argv[3], int(sys.argv[4]), sys.argv[5]
hdr = [n for n, l in enumerate(lines) if topic + " q0" in l]
if not hdr:
    print("no header for %s" % topic); sys.exit()
body, note = [], None
for l in lines[hdr[-1] + 1:]:
    c = cells(l)
    if len(c) < 27 or c[25] != "│":	# a received bubble's bar
        break
    text = "".join(c[26:]).split("│")[0].rstrip()
    m = re.match(r"… (\d+) more bytes", text)
    if m:
        note = int(m.group(1)); break
    body.append(text)
if note is None:
    print("no '… N more bytes' under %s (lines %r)" % (topic, body)); sys.exit()
shown = eval(expr)
if total - shown != note:
    print("%d bytes, %d shown in %d lines, but it says %d more"
          % (total, shown, len(body), note))
else:
    print("ok %d more" % note)
EOF
)
	case $got in
	ok*)	note "ok: $topic: $got" ;;
	*)	screen_show "$topic"; check_fail "$topic: $got" ;;
	esac
}

note "a 5,000-byte payload folded: the bytes not shown, counted"
python3 -c 'print("0123456789" * 500, end="")' >"$T/digits"
mosquitto_pub -p "$BROKER_PORT" -t t/digits -f "$T/digits"
screen_wait 't/digits q0'
screen_wait '… [0-9]+ more bytes'
fold_check t/digits 5000 'sum(len(b) for b in body)'

note "a 4,905-byte JSON array folded: its own bytes, not the pretty ones"
python3 -c 'print("[" + ",".join(str(1000000 + i) for i in range(613)) + "]", end="")' >"$T/array"
mosquitto_pub -p "$BROKER_PORT" -t t/array -f "$T/array"
screen_wait 't/array q0'
screen_wait '│  1000000,'
# "[" is 1 byte, each number with its comma 8.
fold_check t/array 4905 '1 + 8 * (len(body) - 1)'

note "a topic filter too long for the column: cut in the middle"
ui_cmd 'sub -t two building/floor-3/room-12/sensors/+/temperature'
screen_wait 'subscribed to building/'
check "the last level stays whole after …" \
    screen_poll '■ b[^ ]*…/temperature q0 0│' 3
check "never cut at the end" \
    eval "! screen_has '■ building/floor-3/room-12/sens'"

note "a subscription not answered yet: pending, not ~"
kill -STOP "${BROKER_PIDS[0]}"
ui_cmd 'sub -t two slow/#'
check "pending while the broker says nothing" \
    screen_poll '■ slow/# +pending│' 3
kill -CONT "${BROKER_PIDS[0]}"
check "q0 once it answers" screen_poll '■ slow/# +q0 0│' 5

note "Home in the message view: the oldest message, opened by Enter"
ui_cmd 'pane msgs'
keys g
# The oldest row is the "connected" event; the first message is next.
check "the oldest row is the connected event" \
    screen_poll '── connected · ' 3
keys j
keys Enter
screen_wait '┌ Message'
check "the oldest message is apple" screen_has '^│ t/a +│'
check "with its payload" screen_has '^│ apple +│'
keys Escape
screen_wait_gone '┌ Message'
keys G
ui_cmd 'pane conns'

note "60 messages, more than the view reads at once: page through them"
ui_cmd 'select one'
screen_wait '┌ one ─'
seq 1 60 | sed 's/^/m/' | mosquitto_pub -p "$BROKER_PORT" -t t/n -l
screen_wait '│m60 +│'
ui_cmd 'pane msgs'
for _ in $(seq 1 16); do
	screen_has '│apple +│' && break
	keys PPage
done
check "PPage reaches the oldest message, past the window read first" \
    screen_poll '│apple +│' 3
for _ in $(seq 1 16); do
	screen_has '│m60 +│' && break
	keys NPage
done
check "NPage comes back to the last" screen_poll '│m60 +│' 3
mosquitto_pub -p "$BROKER_PORT" -t t/n -m m61
check "and follows new ones again" screen_poll '│m61 +│' 3
ui_cmd 'pane conns'

note "type to find in the help: / then text"
keys '?'
screen_wait '┌ Help'
check "quit is past the first page" eval "! screen_has '^│ +q +quit'"
keys /
screen_wait '^find: '
type_text 'quit (asks'
check "the line with it is shown" screen_poll '^│ +q +quit' 3
keys Enter Escape
screen_wait_gone '┌ Help'

keys q
screen_wait 'Quit\?' 3
keys y
ui_wait_exit 5
ui_finish
