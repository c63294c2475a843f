#!/bin/bash
# Shared subscriptions ($share/GROUP/FILTER): two connections in one
# group each get part of the messages, and each one's subscription pane
# counts what it got and filters its messages by FILTER (the topics carry
# no $share/GROUP/ prefix).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
U=$BROKER_URL

ui_start
ui_cmd "connect $U -V 5 --name one"
screen_wait '● one'
ui_cmd 'sub -t one $share/g/sh/#'
screen_wait 'one: subscribed to \$share/g/sh/#'
ui_cmd "connect $U -V 5 --name two"
screen_wait '● two'
ui_cmd 'sub -t two $share/g/sh/#'
screen_wait 'two: subscribed to \$share/g/sh/#'
for i in 1 2 3 4 5 6; do
	mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -t "sh/m$i" -m "payload-$i"
done
wait_rows 6 10 "dir=0" || fail "the broker did not deliver 6 messages"
one=$(rows "dir=0 AND conn='one'") two=$(rows "dir=0 AND conn='two'")
note "one got $one, two got $two"
[ "$one" -ge 1 ] && [ "$two" -ge 1 ] && [ $((one + two)) -eq 6 ] ||
	fail "the group did not share the messages: one $one, two $two"

# The pane counts the subscription's messages: the row ends in the count.
ui_cmd 'select two'
screen_wait '┌ two ─'
check "two's row counts its $two messages" \
    screen_poll "\\\$share/g/sh/# +q0 +$two" 3
ui_cmd 'select one'
screen_wait '┌ one ─'
check "one's row counts its $one messages" \
    screen_poll "\\\$share/g/sh/# +q0 +$one" 3

note "Enter on the row filters one's messages by sh/#"
keys Tab
keys Down
keys Enter
check "the view is filtered by the subscription" \
    screen_poll '┌ one · \$share/g/sh/#' 3
t=$(sql "SELECT topic FROM messages WHERE dir=0 AND conn='one'
    ORDER BY id DESC LIMIT 1")
check "one's newest message ($t) shows under the filter" \
    screen_poll "$t q0" 3
ui_finish
