#!/bin/bash
# The screen, driven by keys in tmux like a user would: a profile made in
# the form, connect, subscribe with s, publish from a second connection
# with the composer, received bubbles on the left and sent ones on the
# right, the retained badge, the help overlay, ':' commands, q to quit.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
U=$BROKER_URL
# What really goes through the broker: a publish is checked here, not by
# the words on the screen.
broker_watch

# above_composer REGEX: REGEX shows in a row above the composer's top
# border while the composer is open (the messages shrink above it).
above_composer() {
	local crow brow
	screen_poll "$1" 5 || return 1
	read -r crow _ _ < <(screen_col '┌ Publish to')
	read -r brow _ _ < <(screen_col "$1")
	[ "$crow" -gt 0 ] && [ "$brow" -ge 0 ] && [ "$brow" -lt "$crow" ]
}

ui_start
screen_wait 'n: new profile' 3

note "(1) a profile through the form: n, name, host, port, C-s"
keys n
screen_wait 'New connection'
type_text home
keys Tab
type_text 127.0.0.1
keys Tab C-u
type_text "$BROKER_PORT"
screen_wait "Port +$BROKER_PORT"
keys C-s
screen_wait_gone 'New connection'
screen_wait '○ home'
expect_eq "$(sql 'SELECT name, host, port FROM profiles')" \
    "home|127.0.0.1|$BROKER_PORT" "the form saved home 127.0.0.1:$BROKER_PORT"

note "(2) Enter on the profile connects it and shows its message pane"
keys Enter
screen_wait '● home'
screen_wait '^│  connected'
screen_wait '┌ home ─'
screen_wait 'no messages yet'

note "(3) s subscribes the selected connection"
keys s
screen_wait '┌ Subscribe on home' 3
type_text 'sensor/+/temperature'
keys Enter
screen_wait 'subscribed to sensor/\+/temperature'
# Too long for the column: cut in the middle, the last level whole.
screen_wait '■ se…/temperature '

note "(4) a second connection, selected in the list, publishes with p"
ui_cmd "connect $U --name pub2"
screen_wait '● pub2'
keys Tab		# the message pane (Enter went there) -> Connections
keys j
screen_wait '┌ pub2 ─'
keys p
screen_wait '┌ Publish to pub2'
type_text sensor/1/temperature
keys Tab Tab Tab	# QoS, Retain, Payload
type_text 21.5
keys C-s
check "the broker delivered sensor/1/temperature 21.5" \
    broker_got 'sensor/1/temperature 21.5'
check "the sent bubble shows above the open composer" \
    above_composer '21\.5 +│'
check "the status line says so after the broker answered" \
    screen_poll 'published to sensor/1/temperature.*\? help *$' 3
check "the sent payload is cleared" screen_poll 'Payload +21\.5' 3 gone
# The composer stays open: the next message, sent with M-Enter.
keys BTab BTab BTab C-u
type_text sensor/2/temperature
keys Tab Tab Tab C-u
type_text 19.0
keys M-Enter
check "the broker delivered sensor/2/temperature 19.0" \
    broker_got 'sensor/2/temperature 19.0'
check "the second bubble shows above the open composer" \
    above_composer '19\.0 +│'
keys Escape
screen_wait_gone 'Publish to pub2'

# The message pane's borders from its title row.
msgs_edges() {
	screen >"$UI_SCREEN"
	ML=$(python3 "$T/cells.py" col "$UI_SCREEN" "┌ $1 ─" |
	    awk '{ print $2 }')
	MR=$((UI_W - 1))
	[ "$ML" -gt 0 ] || { screen_show; fail "no message pane titled $1"; }
}

# bubble_side TEXT left|right: TEXT's bubble sits on that side of the
# message pane: a received one starts two columns in from the left
# border; a sent one has its bar (│) near the right border and its text
# in the right half.
bubble_side() {
	local text=$1 side=$2 row start end bar
	read -r row start end < <(screen_col "$text")
	if [ "$row" -lt 0 ]; then
		screen_show
		check_fail "'$text' is not on the screen"
		return
	fi
	if [ "$side" = left ]; then
		if [ "$start" -ne $((ML + 2)) ]; then
			screen_show "$text"
			check_fail "'$text' starts at column $start, wanted" \
			    "$((ML + 2)) (left side, pane border at $ML)"
			return
		fi
	else
		bar=$(screen_next "$row" "$end" "│")
		# A header line has no bar: its end is what is near the
		# border.
		if [ "$bar" -ge "$MR" ] || [ "$bar" -lt $((MR - 6)) ]; then
			bar=-1
		fi
		if [ "$start" -le $(((ML + MR) / 2)) ] || { [ "$bar" -lt 0 ] &&
		    { [ "$end" -ge "$MR" ] || [ "$end" -lt $((MR - 6)) ]; }; }
		then
			screen_show "$text"
			check_fail "'$text' (columns $start-$end, bar at $bar)" \
			    "is not a right-side bubble ending near the" \
			    "border at $MR"
			return
		fi
	fi
	note "ok: '$text' on the $side (row $row, columns $start-$end)"
}

note "(5) the sender's view: both messages on the right"
screen_wait 'sensor/2/temperature q0'
msgs_edges pub2
bubble_side 'sensor/1/temperature q0 [0-9]{2}:[0-9]{2}:[0-9]{2}' right
bubble_side '21\.5' right
bubble_side 'sensor/2/temperature q0 [0-9]{2}:[0-9]{2}:[0-9]{2}' right
bubble_side '19\.0' right

note "(5) the receiver's view: both on the left, unread count before"
check "home shows 2 unread" screen_has '● home +2│'
keys k
screen_wait '┌ home ─'
screen_wait 'sensor/2/temperature q0'
msgs_edges home
bubble_side 'sensor/1/temperature q0 [0-9]{2}:[0-9]{2}:[0-9]{2}' left
bubble_side '21\.5' left
bubble_side 'sensor/2/temperature q0 [0-9]{2}:[0-9]{2}:[0-9]{2}' left
bubble_side '19\.0' left
check "subscription count 2" screen_has '■ se…/temperature q0 2│'

note "(6) a retained message: C-r in the composer, then a new subscriber"
# Typed quickly, j then p must compose for the row j moved to: the
# selection a key's command names is the one the keys before it made.
keys j p
if ! screen_poll '┌ Publish to' 3 || ! screen_has '┌ Publish to pub2'; then
	screen_show "j p in one burst"
	check_fail "j then p sent together opened the composer for the" \
	    "connection selected before j, not pub2"
	keys Escape
	screen_wait_gone '┌ Publish to'
	screen_wait '┌ pub2 ─'
	keys p
fi
screen_wait '┌ Publish to pub2'
# A new composer starts on its (empty) topic.
type_text status/pub2
keys Tab Tab Tab C-u
type_text online
keys C-r
screen_wait 'Retain +\[x\]'
keys C-s
check "the broker delivered status/pub2 online" \
    broker_got 'status/pub2 online'
screen_wait 'published to status/pub2'
keys Escape
screen_wait_gone 'Publish to pub2'
screen_wait 'status/pub2 q0'
check "the sent retained message has the R badge" \
    screen_has 'status/pub2 q0  R  [0-9]'
keys k
screen_wait '┌ home ─'
ui_cmd 'sub -t home status/#'
screen_wait 'subscribed to status/#'
screen_wait 'status/pub2 q0'
check "the received retained message has the R badge" \
    screen_has 'status/pub2 q0  R  [0-9]{2}:'
check "live messages have no R badge" \
    screen_has 'sensor/1/temperature q0 [0-9]{2}:'
msgs_edges home
bubble_side 'status/pub2 q0  R  [0-9]{2}:[0-9]{2}:[0-9]{2}' left
bubble_side 'online' left

note "Enter on a message opens its detail; Esc closes it"
keys Tab Tab		# Connections -> Subscriptions -> messages
keys Enter
screen_wait '┌ Message'
check "detail: received on home" screen_has 'received on connection home'
check "detail: retained, from the broker's store" \
    screen_has 'retained: stored by the broker, delivered on subscribe'
keys Escape
screen_wait_gone '┌ Message'

note "(7) ? lists the bindings; Esc closes"
keys '?'
screen_wait '┌ Help'
screen | sed -n '1,4p' | sed 's/ *│$/│/' >"$T/help.got"
cat >"$T/help.want" <<'EOF'
┌ Help ────────────────────────────────────────────────────────────────────────────────────────────┐
│ Keys (rebind with: bind KEY COMMAND in mqttyrc)│
│   Tab      next pane                                 pane next│
│   BTab     previous pane                             pane prev│
EOF
if ! diff -u "$T/help.want" "$T/help.got" >&2; then
	check_fail "the help overlay's first lines differ from the golden"
fi
check "help: Enter opens" screen_has '^│ +Enter +open'
check "help: s subscribes" screen_has '^│ +s +subscribe'
# quit is near the end: page down to it.
for _ in 1 2 3; do
	screen_has '^│ +q +quit' && break
	keys NPage
done
check "help: q quits" screen_poll '^│ +q +quit' 2
keys Escape
screen_wait_gone '┌ Help'
screen_wait '┌ Connections'

note "(8) ':' commands"
ui_cmd 'bogus --flag'
screen_wait "unknown command 'bogus'"
ui_cmd 'pub -t pub2 sensor/3/temperature via-prompt'
screen_wait 'via-prompt'
msgs_edges home
bubble_side 'via-prompt' left
ui_cmd 'filter 21.5'
screen_wait '┌ home / 21\.5 '
check "the filter hides 19.0" screen_poll '19\.0' 3 gone
check "the filter keeps 21.5" screen_has '21\.5'
ui_cmd 'filter'
screen_wait '19\.0'
ui_cmd 'pane subs'
keys j Enter		# the sensor/+/temperature row filters the view
screen_wait '┌ home · sensor/\+/temperature'
check "the subscription filter hides status/pub2" \
    screen_poll 'status/pub2 q0' 3 gone
ui_cmd 'disconnect -t pub2'
screen_wait 'pub2: '
check "pub2 shows offline" screen_poll '○ pub2' 3

note "(9) q asks while connections are live: n stays, y quits"
keys q
screen_wait 'Quit\? \(y/n\)'
keys n
screen_wait_gone 'Quit\?'
check "n keeps mqtty running" ui_alive
keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"
check "the tty is back in canonical mode (icanon)" stty_has icanon
check "the tty echoes again (echo)" stty_has echo
check "the tty makes signals again (isig)" stty_has isig
check "the alternate screen is left" test "$(ui_pane_flag alternate_on)" = 0
check "the cursor is visible" test "$(ui_pane_flag cursor_flag)" = 1
ui_finish
