#!/bin/bash
# The getting-started tutorial every MQTT beginner follows, with keys and
# forms only (no ':' commands), connections named exactly as it names
# them, each outcome checked on the screen (and the broker or database
# where the screen cannot tell):
#   Simple Demo subscribes to sensor/+/temperature; Sensor 1 and Sensor 2
#   publish JSON typed over several lines; Simple Demo shows 2 unread, then
#   both messages pretty-printed; Sensor 1 publishes two retained messages
#   and a later subscriber gets only the last, marked retained; MQTT V3
#   (clean session off) misses three QoS 1 messages while away and gets
#   them on return, session present; Last Will drops and Simple Demo sees
#   its will.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
P=$BROKER_PORT

# new_profile NAME [KEYS-AFTER-PORT...]: the form, name, host and port,
# then the given keys (fields further down), then C-o: save and connect.
new_profile() {
	local name=$1
	shift
	keys n
	screen_wait 'New connection'
	type_text "$name"
	keys Tab
	type_text 127.0.0.1
	keys Tab
	type_text "$P"
	screen_wait "Port +$P "
	while [ $# -gt 0 ]; do
		case $1 in
		text:*) type_text "${1#text:}" ;;
		*) keys "$1" ;;
		esac
		shift
	done
	keys C-o
	screen_wait_gone 'New connection'
	screen_wait "● $name "
}

# pick NAME: select a connection by typing to find it in the list.
pick() {
	keys f
	type_text "$1"
	keys Enter
	screen_wait "^ $1 (connected|offline)"
}

# subscribe TOPIC [QOS]: the subscribe form on the selected connection.
subscribe() {
	keys s
	screen_wait '┌ Subscribe on'
	type_text "$1"
	if [ -n "${2:-}" ]; then
		keys Down "$2"
		screen_wait "QoS +< $2 >"
	fi
	keys Enter
	screen_wait_gone '┌ Subscribe on'
}

# publish TOPIC QOS RETAIN PAYLOAD-LINES...: the composer, payload typed
# line by line (Enter is a new line there), C-s, the broker's answer.
publish() {
	local topic=$1 qos=$2 retain=$3 first=1
	shift 3
	keys p
	screen_wait '┌ Publish to'
	keys C-u
	type_text "$topic"
	keys Tab
	[ "$qos" != 0 ] && keys "$qos"
	[ "$retain" = r ] && keys C-r
	keys Tab Tab C-u
	for line in "$@"; do
		[ $first -eq 1 ] || keys Enter
		type_text "$line"
		first=0
	done
	keys C-s
	screen_wait "published to $topic"
	keys Escape
	screen_wait_gone '┌ Publish to'
}

ui_start
screen_wait 'n: new profile' 3

note "Simple Demo subscribes to sensor/+/temperature at QoS 0"
new_profile 'Simple Demo'
subscribe 'sensor/+/temperature'
screen_wait '■ se.*temperature q0 '
check "the broker has the subscription" \
    grep -q 'sensor/+/temperature (QoS 0)' "$BROKER_LOG"

note "Sensor 1 and Sensor 2 publish JSON typed over several lines"
new_profile 'Sensor 1'
new_profile 'Sensor 2'
pick 'Sensor 1'
publish sensor/1/temperature 0 - '{' '  "msg": "17.2"' '}'
pick 'Sensor 2'
publish sensor/2/temperature 0 - '{' '  "msg": "18.2"' '}'
check "Simple Demo shows an unread count of 2" \
    screen_poll '● Simple Demo +2 *│' 3

note "Simple Demo: both messages, pretty-printed"
pick 'Simple Demo'
screen_wait 'sensor/2/temperature'
check "sensor/1/temperature's message" screen_has 'sensor/1/temperature'
check "its JSON pretty-printed as written" screen_has '"msg": "17\.2"'
check "sensor/2/temperature's JSON" screen_has '"msg": "18\.2"'
check "the unread count is gone" eval "! screen_has '● Simple Demo +2 *│'"

note "Sensor 1 publishes two retained messages; a later subscriber gets the last"
pick 'Sensor 1'
publish retained_message 0 r 'first retained'
publish retained_message 0 r 'second retained'
pick 'Simple Demo'
subscribe retained_message
screen_wait 'second retained'
check "the last retained message is marked retained" \
    screen_has 'retained_message .* R '
check "the first one is not delivered" eval "! screen_has 'first retained'"

note "MQTT V3: clean session off, QoS 1, away while three are published"
# Port -> Protocol -> Client ID; then MQTT version, Keepalive, Clean session.
new_profile 'MQTT V3' Tab Tab text:mqtt-v3 Down Down Down Down Down Space
expect_eq "$(sql "SELECT clean, version, client_id FROM profiles
    WHERE name = 'MQTT V3'")" "0|4|mqtt-v3" "MQTT V3: 3.1.1, clean session off"
subscribe clean_session_false 1
screen_wait '■ c.*session_false +q1 '
keys c
screen_wait '○ MQTT V3 '
new_profile 'MQTT_V3_Publish'
for n in one two three; do
	publish clean_session_false 1 - "away $n"
done
pick 'MQTT V3'
keys c
screen_wait 'away three'
check "away one came" screen_has 'away one'
check "away two came" screen_has 'away two'
check "the status line says the session was present" \
    screen_poll '^ MQTT V3 connected.*session present' 3

note "Last Will: keepalive 5, will last_will QoS 1 retained 'offline'; dropped"
# Client ID, then Keepalive; PgDn twice: the Will section.
new_profile 'Last Will' Tab Tab text:last-will Down Down Down Down \
    C-u text:5 NPage NPage text:last_will Down text:offline Down 1 Down Space
expect_eq "$(sql "SELECT keepalive, will_topic, will_payload, will_qos,
    will_retain FROM profiles WHERE name = 'Last Will'")" \
    "5|last_will|offline|1|1" "Last Will's will and keepalive saved"
keys x
screen_wait '○ Last Will '
pick 'Simple Demo'
subscribe last_will
screen_wait 'last_will .* R '
check "Simple Demo sees the will's payload" screen_has '│offline'

keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"
ui_finish
