#!/bin/bash
# The offline demo on the screen: a persistent-session profile subscribes
# at QoS 1, `o` takes it offline, mosquitto_pub publishes three QoS 1
# messages, `o` brings it back: the three arrive, and the message view
# shows the connection events inline, "session present: 3 messages were
# waiting" among them, centred; they are rows of dir 2 in the database and
# are there again after a restart. MQTT 3.1.1 and 5; `o` on a clean
# session is refused with words.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
U=$BROKER_URL

run_mq save -c "save 'MQTT V3' $U -c -i mqtt-v3 -V 311;
    save 'MQTT V5' $U -c -x 300 -i mqtt-v5 -V 5; save Clean $U"
expect_rc 0 save

# events CONN: the connection's event rows, oldest first, as a JSON array.
events() {
	sql "SELECT event FROM events WHERE conn='$1' ORDER BY id" |
	    jq -c -s 'map(.event)'
}

# centred REGEX: the match lies in the middle of the message view (the
# box from column 24 to the last), give or take a column.
centred() {
	local row start end left right
	read -r row start end <<<"$(screen_col "$1")"
	[ "$row" -ge 0 ] || return 1
	left=$((start - 25))
	right=$((UI_W - 1 - end))
	note "'$1' at row $row, columns $start-$end: $left left, $right right"
	[ $((left - right)) -le 1 ] && [ $((right - left)) -le 1 ]
}

ui_start

# demo NAME TOPIC
demo() {
	local n=$1 t=$2 i

	note "$n: connect, subscribe $t at QoS 1"
	ui_cmd "connect '$n'"
	screen_wait "● $n "
	ui_cmd "sub -q 1 $t"
	screen_wait "subscribed to $t \\(QoS 1\\)"
	check "$n: the connected event in the view" \
	    screen_poll "── connected · [0-9:]{8} ──" 3

	note "$n: o takes it offline"
	keys o
	screen_wait "○ $n "
	check "$n: the offline event, session kept" \
	    screen_poll "── offline · the broker keeps the session · " 3
	check "$n: the list says session kept" \
	    screen_has '│  session kept +│'

	note "$n: three QoS 1 messages published while it is away"
	for i in 1 2 3; do
		mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -t "$t" \
		    -m "away $i" || fail "mosquitto_pub failed"
	done

	note "$n: o brings it back"
	keys o
	screen_wait "● $n "
	screen_wait 'session present: 3 messages were waiting' 5
	check "$n: away 1 shown" screen_has '│away 1'
	check "$n: away 2 shown" screen_has '│away 2'
	check "$n: away 3 shown" screen_has '│away 3'
	check "$n: back online, session present" \
	    screen_has '── back online · session present · '
	check "$n: the waiting note is centred in the message view" \
	    centred '── session present: 3 messages were waiting · [0-9:]{8} ──'
	check "$n: the online note is centred too" \
	    centred '── back online · session present · [0-9:]{8} ──'
	# The order on the screen: online, the three, the count.
	# (The status line, the last row, says the count too: not that.)
	screen | head -n $((UI_H - 1)) >"$UI_SCREEN"
	check "$n: online, away 1..3, then the count, top to bottom" \
	    test "$(grep -oE 'back online|away [123]|messages were waiting' \
	    "$UI_SCREEN" | tr '\n' ,)" = \
	    "back online,away 1,away 2,away 3,messages were waiting,"

	note "$n: the database"
	expect_eq "$(events "$n")" \
	    '["connected","offline","online","waiting"]' \
	    "$n: event rows connected, offline, online, waiting"
	expect_eq "$(sql "SELECT json_extract(event, '\$.count') FROM
	    events WHERE conn='$n' AND
	    json_extract(event, '\$.event')='waiting'")" 3 \
	    "$n: the waiting row says 3"
	expect_eq "$(sql "SELECT count(*) FROM messages WHERE conn='$n'")" 3 \
	    "$n: three messages stored (the view messages has no events)"
}

demo 'MQTT V3' clean_session_false
demo 'MQTT V5' session_expiry_300
check "the v5 profile's session expiry is kept" \
    test "$(sql "SELECT session_expiry FROM profiles
    WHERE name='MQTT V5'")" = 300

note "o on a clean session: refused with words, still connected"
ui_cmd "connect Clean"
screen_wait '● Clean '
keys o
check "the refusal says the session would be lost" \
    screen_poll "clean session: going offline would lose it" 3
check "still connected" screen_has '● Clean '

note "after a restart the events are still there"
keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"
ui_start
ui_cmd "select 'MQTT V3'"
check "the waiting note is back, read from history" \
    screen_poll '── session present: 3 messages were waiting · ' 3
check "and the three messages" screen_has '│away 3'
keys q
screen_wait 'Quit\? \(y/n\)|EXITED'
screen_has 'Quit\?' && keys y
ui_wait_exit
ui_finish
