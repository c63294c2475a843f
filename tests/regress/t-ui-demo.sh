#!/bin/bash
# The guided demo, run through to its end: mqtty --sandbox --demo makes
# the tutorial's six connections (checked in the database) and a sensor
# fleet (checked by a mosquitto_sub of the test's own on the sandbox
# broker), then each Enter runs a step, whose title and text the panel
# shows and whose outcome the screen shows: both sensors' temperatures
# and no humidity under the wildcard; only the last retained message,
# marked R; three QoS 1 messages missed while away and delivered on
# return, session present; the will 'offline'. The lines it ran are in
# the prompt's history; the end stops the sensors. Then 'demo' on a
# broker of the test's own, ended early with Esc.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

# panel N TITLE: the panel shows step N's title.
panel() {
	screen_wait "Demo $1/7: $2" 5
}
# sensor_rows: messages the demo's sensors have sent so far.
sensor_rows() {
	rows "dir = 1 AND topic LIKE 'sensor/%'"
}

ui_start --sandbox --demo
panel 1 'Set up'
check "the set-up text names the broker" \
    screen_poll "six connections on mqtt://127\.0\.0\.1:[0-9]+" 3
screen_wait "✓ :select 'Simple Demo'" 15
P=$(sql "SELECT port FROM profiles WHERE name = 'sandbox'")
note "sandbox broker on port $P"
expect_eq "$(sql "SELECT name FROM profiles WHERE port = $P AND
    name != 'sandbox' ORDER BY name" | tr '\n' ,)" \
    "Last Will,MQTT V3,MQTT_V3_Publish,Sensor 1,Sensor 2,Simple Demo," \
    "the tutorial's six profiles on the sandbox broker"
expect_eq "$(sql "SELECT client_id, version, clean FROM profiles
    WHERE name = 'MQTT V3'")" "mqtt-v3|4|0" "MQTT V3: 3.1.1, clean session off"
expect_eq "$(sql "SELECT client_id, keepalive, will_topic, will_payload,
    will_qos, will_retain FROM profiles WHERE name = 'Last Will'")" \
    "last-will|5|last_will|offline|1|1" "Last Will's will"
for n in 'Simple Demo' 'Sensor 1' 'Sensor 2' 'MQTT V3' MQTT_V3_Publish \
    'Last Will'; do
	check "$n connected" screen_has "● $n "
done
timeout 10 mosquitto_sub -p "$P" -t 'sensor/#' -v -W 8 -C 8 \
    >"$T/fleet.out" 2>"$T/fleet.err" || true
check "the fleet publishes JSON temperatures of both sensors" \
    eval "grep '^sensor/1/temperature {' '$T/fleet.out' >/dev/null &&
        grep '^sensor/2/temperature {' '$T/fleet.out' >/dev/null"
check "and humidity" grep -Eq '^sensor/[12]/humidity [0-9]+$' "$T/fleet.out"
check "the temperatures are JSON with nested fields" eval \
    "sed -n 's/^sensor\/[12]\/temperature //p' '$T/fleet.out' |
        jq -e -s 'length > 0 and all(.[]; .battery.v > 0)' >/dev/null"

note "step 2: the wildcard subscription"
keys Enter
panel 2 'Wildcard subscription'
check "its text" screen_has 'Simple Demo subscribes to sensor/\+/temperature'
screen_wait "✓ :sub -t 'Simple Demo' sensor/\+/temperature"
screen_wait ' sensor/1/temperature q0 ' 5
screen_wait ' sensor/2/temperature q0 ' 5
check "no humidity under the wildcard" \
    eval "! screen_has 'sensor/[0-9]/humidity'"
check "JSON pretty-printed in the bubbles" screen_has '│  "temp": '

note "step 3: retained"
keys Enter
panel 3 'Retained message'
check "its text" screen_has 'keeps the'
screen_wait '│second retained' 5
check "the retained message is marked R" \
    screen_has ' retained_message q0 +R '
check "the first one is not delivered" eval "! screen_has '│first retained'"
check "the view is filtered" screen_has 'Simple Demo / retained_message'

note "step 4: clean session false, away"
keys Enter
panel 4 'Clean session false'
check "its text" screen_has 'MQTT V3 \(clean session off'
screen_wait "✓ :pub -t MQTT_V3_Publish -q 1 clean_session_false 'away three'" 5
check "MQTT V3 is offline" screen_has '○ MQTT V3 '
check "nothing came while away" eval "! screen_has '│away one'"

note "step 5: back, session present"
keys Enter
panel 5 'Session present'
screen_wait '│away three' 5
check "away one came" screen_has '│away one'
check "away two came" screen_has '│away two'
check "the status line says session present" \
    screen_poll '^ MQTT V3 connected.*session present' 3
check "the message view says 3 were waiting" \
    screen_poll 'session present: 3 messages were waiting' 5

note "step 6: the last will"
keys Enter
panel 6 'Last will'
check "its text" screen_has "dropped without DISCONNECT"
screen_wait '│offline' 5
check "Last Will is offline" screen_has '○ Last Will '
check "Simple Demo received the will (in the database)" wait_rows 1 3 \
    "conn = 'Simple Demo' AND dir = 0 AND topic = 'last_will' AND
    CAST(payload AS TEXT) = 'offline'"

note "step 7: the end; the lines are in the prompt's history"
keys Enter
panel 7 'The end'
check "its text" screen_has "prompt's history"
keys :
screen_wait '^:' 3
keys Up
check "Up: the last line the demo ran" screen_poll '^:filter *$' 3
keys Up
check "Up again: the one before" screen_poll "^:select 'Simple Demo' *$" 3
keys Escape
screen_wait_gone '^:' 3
check "sensors still publish" eval "[ \$(sensor_rows) -gt 0 ]"
keys Enter
screen_wait_gone 'Demo 7/7' 5
check "the status line says it ended" screen_poll 'demo: ended' 3
n=$(sensor_rows)
sleep 1.5
expect_eq "$(sensor_rows)" "$n" "the sensors stopped with the demo"
ui_cmd simulate
check "no simulation left" screen_poll 'no simulations running' 3
keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"

note "demo on a broker of the test's own, ended with Esc"
broker_start
ui_start -c demo "$BROKER_URL"
panel 1 'Set up'
screen_wait "✓ :select 'Simple Demo'" 15
check "the profiles moved to this broker" \
    eval "[ \"\$(sql \"SELECT count(*) FROM profiles
        WHERE port = $BROKER_PORT\")\" = 6 ]"
check "the fleet publishes at this broker" \
    eval "timeout 5 mosquitto_sub -p $BROKER_PORT -t sensor/1/temperature \
        -C 1 -W 4 | jq -e .temp >/dev/null"
keys Escape
screen_wait_gone 'Demo 1/7' 5
check "the status line says it ended" screen_poll 'demo: ended' 3
timeout 5 mosquitto_sub -p "$BROKER_PORT" -t 'sensor/#' -W 2 \
    >"$T/after.out" 2>"$T/after.err" || true
check "no sensor publishes after Esc" eval "! [ -s '$T/after.out' ]"
keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after q y"
ui_finish
