#!/bin/bash
# doctor and info on the screen: ':doctor NAME' opens a pager with the
# steps, each with its result and time, and the CONNACK's properties; a
# failing doctor says why on its title. 'I' on a live connection opens
# its detail with the CONNACK property the broker's mosquitto.conf set.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

broker_start "max_qos 1"
P=$BROKER_PORT
DEAD=$(free_port)
run_mq save -c "save lab mqtt://127.0.0.1:$P -V 5; save gone mqtt://127.0.0.1:$DEAD"
expect_rc 0 save

ui_start
note "doctor lab: the steps in a pager"
ui_cmd 'doctor lab'
check "the pager's title says every step passed" \
    screen_poll 'doctor lab: every step passed' 5
check "resolve, with its time" \
    screen_has '^│? *resolve +ok +[0-9]+\.[0-9] ms +127\.0\.0\.1: 1 address'
check "tcp, with the address" \
    screen_has "tcp +ok +[0-9]+\.[0-9] ms +connected to 127\.0\.0\.1 port $P"
check "connack accepted" \
    screen_has 'connack +ok +[0-9]+\.[0-9] ms +accepted \(MQTT 5\)'
check "the broker's maximum QoS" screen_has 'maximum qos: 1'
keys Escape
screen_wait_gone 'doctor lab: every' 3

note "doctor gone: fails at tcp, the rest skipped"
ui_cmd 'doctor gone'
check "the title names the failed step" \
    screen_poll 'doctor gone: tcp: cannot connect' 5
check "tcp failed in words" screen_has 'tcp +failed .*connection refused'
check "connack skipped" screen_has 'connack +skipped +the tcp step failed'
keys Escape
screen_wait_gone 'doctor gone: tcp' 3

note "I on a live connection: its detail with the CONNACK"
ui_cmd 'connect lab'
screen_wait 'connected' 5
ui_cmd 'select lab'
keys I
check "the detail opens" screen_poll 'connection lab' 5
check "the CONNACK in words" \
    screen_has 'CONNACK: accepted, session present: no'
check "maximum QoS 1 from max_qos 1" screen_has 'maximum QoS: 1'
keys Escape
ui_finish
