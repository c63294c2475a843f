#!/bin/bash
# The will demo on the screen: Simple Demo subscribes to last_will; Last
# Will (keepalive 5, will last_will "offline") is dropped with `x`; the
# will that arrives is marked "will of Last Will" in its bubble, in the
# message detail and in the database. The same topic and payload before
# the drop, or another payload after it, are not marked.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
U=$BROKER_URL

run_mq save -c "save 'Simple Demo' $U;
    save 'Last Will' $U -i last-will -k 5 --will-topic last_will
    --will-payload offline --will-qos 1"
expect_rc 0 save

# pub PAYLOAD: mosquitto_pub to last_will at QoS 1.
pub() {
	mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -t last_will \
	    -m "$1" || fail "mosquitto_pub failed"
}

ui_start
ui_cmd "connect 'Simple Demo'"
screen_wait '● Simple Demo '
ui_cmd "sub -q 1 last_will"
screen_wait 'subscribed to last_will \(QoS 1\)'
ui_cmd "connect 'Last Will'"
screen_wait '● Last Will '

note "the will's topic and payload before any drop: not a will"
pub offline
ui_cmd "select 'Simple Demo'"
screen_wait '│offline'
check "no will mark yet" eval "! screen_has 'will of'"

note "x drops Last Will"
ui_cmd "select 'Last Will'"
screen_wait '^ Last Will connected'
keys x
screen_wait '○ Last Will '
check "Last Will's view says it dropped and the will fired" \
    screen_poll '── dropped without DISCONNECT · will fired: last_will · ' 3

note "Simple Demo: the will arrives, marked"
ui_cmd "select 'Simple Demo'"
screen_wait 'will of Last Will'
read -r wrow wstart _ <<<"$(screen_col 'will of Last Will')"
read -r trow tstart _ <<<"$(screen_cols ' last_will q1 ' | tail -1)"
check "the mark is in the header of the last bubble (row $wrow, $trow)" \
    test "$wrow" = "$trow"
check "after the topic and QoS" test "$wstart" -gt "$tstart"
check "one bubble marked" \
    test "$(grep -c 'will of' "$UI_SCREEN")" = 1

note "Enter on it: the message detail says whose will it is"
ui_cmd 'pane msgs'
keys End Enter
check "the detail names the will" \
    screen_poll 'will of Last Will: its topic and payload are the will' 3
keys Escape
screen_wait_gone 'its topic and payload are the will'

note "another payload on the will's topic, after the drop: not marked"
pub 'not a will'
screen_wait '│not a will'
check "still one bubble marked" \
    test "$(screen | grep -c 'will of')" = 1

note "the database"
expect_eq "$(sql "SELECT group_concat(payload || '=' ||
    ifnull(will_of, '-'), ',') FROM (SELECT payload, will_of FROM messages
    WHERE conn='Simple Demo' AND dir=0 ORDER BY id)")" \
    "offline=-,offline=Last Will,not a will=-" \
    "only the will is stored as the will of Last Will"
expect_eq "$(sql "SELECT event FROM events WHERE conn='Last Will'
    ORDER BY id" | jq -c -s 'map(.event)')" '["connected","dropped"]' \
    "Last Will's event rows: connected, dropped"

keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
ui_finish
