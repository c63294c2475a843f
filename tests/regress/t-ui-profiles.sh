#!/bin/bash
# The everyday flow with keys only: profiles named as a tutorial names them
# made in the form (a pre-filled field replaced by typing, the Will section
# one key away, QoS by digit), the new profile selected, "save and
# connect", the subscribe form at QoS 1 with Tab completion, a live profile
# edited (reconnect now?), D refused without a question while connected,
# a URL connection saved as a profile and closed, a rename in the form,
# a name with quotes in a key binding's nested quoting.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
P=$BROKER_PORT

# broker_saw REGEX [SECS]: the broker's log gets a line matching REGEX.
broker_saw() {
	local i
	for i in $(seq 1 $((${2:-5} * 10))); do
		grep -Eq -- "$1" "$BROKER_LOG" && return 0
		sleep 0.1
	done
	return 1
}

ui_start
screen_wait 'n: new profile' 3

note "(1) Simple Demo: the name has a space; Host and Port are replaced"
keys n
screen_wait 'New connection'
check "a new profile's host is localhost" screen_has 'Host +localhost'
type_text 'Simple Demo'
keys Tab
type_text 127.0.0.1
keys Tab
type_text "$P"
screen_wait "Port +$P "
keys C-s
screen_wait_gone 'New connection'
screen_wait '○ Simple Demo'
expect_eq "$(sql 'SELECT name, host, port FROM profiles')" \
    "Simple Demo|127.0.0.1|$P" "typing replaced the pre-filled host and port"

note "(2) Sensor 1: client id, the Will section by PgDn, will QoS by digit"
keys n
screen_wait 'New connection'
type_text 'Sensor 1'
keys Tab
type_text 127.0.0.1
keys Tab
type_text "$P"
keys Tab Tab		# Protocol, Client ID
type_text sensor-1
keys NPage NPage	# Session -> TLS -> Will
screen_wait 'Will topic'
type_text status/sensor-1
keys Down Down		# Will payload, Will QoS
keys 1
screen_wait 'Will QoS +< 1 >'
keys C-s
screen_wait_gone 'New connection'
screen_wait '○ Sensor 1'
check "the new profile is the selection (status line)" \
    screen_poll '^ Sensor 1 offline' 3
check "the message pane shows the new profile" screen_has '┌ Sensor 1 ─'
expect_eq "$(sql "SELECT client_id, will_topic, will_qos FROM profiles
    WHERE name = 'Sensor 1'")" "sensor-1|status/sensor-1|1" \
    "client id, will topic (a PgDn away) and will QoS 1 saved"

note "(3) e, then C-o: save and connect"
keys e
screen_wait '┌ Edit Sensor 1'
keys C-o
screen_wait_gone '┌ Edit Sensor 1'
screen_wait '● Sensor 1'
check "the broker saw sensor-1 connect" \
    broker_saw 'New client connected from .* as sensor-1 '

note "(4) s: the subscribe form, QoS 1 by digit"
keys s
screen_wait '┌ Subscribe on Sensor 1'
type_text 'sensor/+/temperature'
keys Down
keys 1
screen_wait 'QoS +< 1 >'
keys Enter
screen_wait_gone '┌ Subscribe on'
screen_wait '■ se.*temperature q1 '
check "the broker got SUBSCRIBE at QoS 1" \
    broker_saw 'sensor/\+/temperature \(QoS 1\)'
expect_eq "$(sql "SELECT s.topic, s.qos FROM subs s JOIN profiles p
    ON p.id = s.profile_id WHERE p.name = 'Sensor 1'")" \
    "sensor/+/temperature|1" "the subscription is kept with Sensor 1"

note "(5) Tab completes topics seen and subscribed: the common part first"
mosquitto_pub -p "$P" -t sensor/1/temperature -m 21.5
screen_wait '21\.5'
keys s
screen_wait '┌ Subscribe on Sensor 1'
type_text sen
keys Tab
check "Tab completed what the topics share" \
    screen_poll 'Topic filter +sensor/ ' 3
check "and says how many there are" screen_has '2 known topics'
keys Tab
check "the next Tab gives the topic seen" \
    screen_poll 'Topic filter +sensor/1/temperature ' 3
keys Enter
screen_wait '■ se.*temperature q0 '

note "(6) D on a connected profile: refused with words, no question"
keys D
screen_wait "'Sensor 1' is connected: disconnect it first"
check "no question was asked" eval '! screen_has "\\(y/n\\)"'
check "the profile is still there" \
    test "$(sql "SELECT count(*) FROM profiles WHERE name = 'Sensor 1'")" = 1

note "(7) a live profile edited: reconnect now? y: the broker sees it"
keys e
screen_wait '┌ Edit Sensor 1'
keys Down Down Down Down Down Down Down	# Host -> ... -> Keepalive
screen_wait 'Keepalive +60'
type_text 33
keys C-s
screen_wait "reconnect now to apply\\?"
check "the profile is not saved before the answer" \
    test "$(sql "SELECT keepalive FROM profiles WHERE name = 'Sensor 1'")" = 60
keys y
screen_wait_gone '┌ Edit Sensor 1'
check "the broker saw sensor-1 come back with keepalive 33" \
    broker_saw 'as sensor-1 \(.*k33\)'
screen_wait '● Sensor 1'
expect_eq "$(sql "SELECT keepalive FROM profiles WHERE name = 'Sensor 1'")" \
    33 "keepalive 33 saved"

note "(8) a URL connection: e saves it as a profile, X closes it"
ui_cmd "connect mqtt://127.0.0.1:$P --name tmp1 -i tmp1"
screen_wait '● tmp1'
keys e
screen_wait '┌ Save tmp1 as a profile'
type_text 'Last Will'
keys C-s
screen_wait '○ Last Will'
expect_eq "$(sql "SELECT host, port, client_id FROM profiles
    WHERE name = 'Last Will'")" "127.0.0.1|$P|tmp1" \
    "the URL connection's settings saved as Last Will"
ui_cmd 'select tmp1'
screen_wait '^ tmp1 connected'
keys X
screen_wait_gone '● tmp1'
check "the broker saw tmp1 disconnect" \
    broker_saw 'Client tmp1 disconnected'

note "(9) a rename in the form: Simple Demo becomes MQTT V3"
ui_cmd "select 'Simple Demo'"
screen_wait '^ Simple Demo offline'
keys e
screen_wait '┌ Edit Simple Demo'
keys BTab		# Host -> Name, all selected
type_text 'MQTT V3'
keys C-s
screen_wait '○ MQTT V3'
screen_wait_gone '○ Simple Demo'
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name = 'Simple Demo'")
$(sql "SELECT host, port FROM profiles WHERE name = 'MQTT V3'")" \
    "0
127.0.0.1|$P" "renamed with its settings"
check "the renamed profile is the selection" screen_has '^ MQTT V3 offline'
keys s
screen_wait "'MQTT V3' is offline: connect it first"
check "s on an offline profile opens no form" \
    eval '! screen_has "┌ Subscribe on"'

note "(10) quotes in a name survive a binding's quoted words (U)"
ui_cmd "connect mqtt://127.0.0.1:$P --name 'Lab \"A\"' -i lab-a"
screen_wait '● Lab "A"'
ui_cmd "sub -t 'Lab \"A\"' lab/#"
screen_wait '■ lab/#'
ui_cmd 'pane subs'
keys j U
screen_wait 'unsubscribe lab/#\? \(y/n\)'
keys y
screen_wait_gone '■ lab/#'
check "the broker saw lab-a unsubscribe" \
    broker_saw 'Received UNSUBSCRIBE from lab-a'

keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"
ui_finish
