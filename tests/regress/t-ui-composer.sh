#!/bin/bash
# The composer is a panel at the foot of the message pane: the newest
# messages stay in sight above it and a publish shows arriving there. It
# reports what the broker did: offline, the error shows, nothing reaches
# the broker and the draft stays, also after closing, until it is sent.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
broker_watch 'c/#'
LEFT=24		# the left column at 100 columns (ui-frame.c)

# row REGEX: the screen row of REGEX's first match, -1 when none.
row() {
	local r
	read -r r _ _ < <(screen_col "$1")
	echo "$r"
}

# composer_top: the row of the composer's top border, -1 when closed.
composer_top() {
	row '┌ Publish to home'
}

ui_start
ui_cmd "connect $BROKER_URL --name home"
screen_wait '● home'
ui_cmd 'sub c/#'
screen_wait 'subscribed to c/#'
for i in 1 2 3 4 5 6; do
	mosquitto_pub -p "$BROKER_PORT" -t c/old -m "old message $i"
done
screen_wait 'old message 6'

note "p opens the composer under the messages, the newest in sight"
keys p
screen_wait '┌ Publish to home'
ctop=$(composer_top)
read -r _ ccol _ < <(screen_col '┌ Publish to home')
check "the composer is in the message column (column $ccol)" \
    test "$ccol" -eq "$LEFT"
check "the composer sits over the status line (top row $ctop)" \
    test "$ctop" -gt $((UI_H / 2)) -a "$ctop" -lt $((UI_H - 1))
check "the message pane's title stays on row 0" test "$(row '┌ home ─')" = 0
check "the message pane's bottom border is just above the composer" \
    test "$(row '^│.*│└─+┘$')" = $((ctop - 1))
r=$(row 'old message 6')
check "the newest message shows above the composer (row $r)" \
    test "$r" -ge 0 -a "$r" -lt "$ctop"
check "the status line is in sight" screen_has '^ home connected.*\? help *$'

note "a publish from the composer shows arriving above it"
type_text c/mine
keys Tab Tab Tab
type_text 'from the composer'
screen_wait 'Payload +from the composer'
keys C-s
check "the broker delivered it" broker_got 'c/mine from the composer'
check "its bubble shows above the open composer" \
    screen_poll 'from the composer +│ +│$' 5
r=$(row 'from the composer +│ +│$')
check "the bubble is above the composer (row $r, composer $(composer_top))" \
    test "$r" -ge 0 -a "$r" -lt "$(composer_top)"
check "the status line says published, from the acknowledgement" \
    screen_poll 'home: published to c/mine.*\? help *$' 3
check "the payload is cleared once sent" \
    screen_poll 'Payload +from the composer' 3 gone
check "the topic stays for the next one" screen_has 'Topic +c/mine'
keys Escape
screen_wait_gone '┌ Publish to'

note "offline: the error shows, nothing is sent, the draft stays"
keys c			# the selected connection: disconnect
screen_wait '^ home offline'
keys p
screen_wait '┌ Publish to home'
keys C-u
type_text c/offline
keys Tab Tab Tab
type_text 'the kept draft'
keys C-s
check "the status line has the error" \
    screen_poll "publish: 'home' is not connected" 3
check "it does not say published" \
    eval "! screen_has 'published to c/offline'"
check "the draft stays in the composer" \
    screen_has 'Payload +the kept draft'
check "the topic stays in the composer" screen_has 'Topic +c/offline'
check "nothing reached the broker" eval "! broker_got 'c/offline the kept draft' 1"
sleep 1
check "the error is still there a second later, without a key" \
    screen_has "publish: 'home' is not connected"
keys Escape
screen_wait_gone '┌ Publish to'

note "connected again, the composer opens on the draft; C-s sends it"
keys c
screen_wait '^ home connected'
keys p
screen_wait '┌ Publish to home'
check "the draft's topic is back" screen_has 'Topic +c/offline'
check "the draft's payload is back" screen_has 'Payload +the kept draft'
keys C-s
check "the broker delivered the draft" broker_got 'c/offline the kept draft'
check "its bubble shows above the composer" \
    screen_poll 'the kept draft +│ +│$' 5
check "the payload is cleared once sent" \
    screen_poll 'Payload +the kept draft' 3 gone
keys Escape
screen_wait_gone '┌ Publish to'
keys p
screen_wait '┌ Publish to home'
check "a draft that was sent does not come back" \
    screen_has 'Topic +a/topic \(no wildcards\)'
keys Escape

ui_finish
