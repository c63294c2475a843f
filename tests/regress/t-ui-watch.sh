#!/bin/bash
# --watch on a real terminal (a tmux pane): each topic keeps its line,
# a new message rewrites it whole (a shorter payload leaves nothing of
# the longer one behind), and lines of other topics stay.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

# The messages go once mqtty has subscribed (bounded wait in the log).
(
	for i in $(seq 1 100); do
		grep -q 'Received SUBSCRIBE from watcher$' "$BROKER_LOG" && break
		sleep 0.1
	done
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t w/a -m 'a long first payload'
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t w/b -m 'b one'
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t w/c -m 'c one'
	sleep 0.5
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t w/a -m 'a2'
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t w/c -m 'c two'
) &
BG_PIDS+=("$!")

UI_READY='^w/b b one' ui_start --batch --watch -F '%t %p' -W 20 \
    -c "connect $BROKER_URL -i watcher; sub -q 1 w/#"
screen_wait '^w/c c two *$' 5
check "w/a's line rewritten whole" screen_has '^w/a a2 *$'
check "w/a on the first line" \
    bash -c "sed -n 1p '$UI_SCREEN' | grep -Eq '^w/a a2 *\$'"
check "w/b kept its line, the second" \
    bash -c "sed -n 2p '$UI_SCREEN' | grep -Eq '^w/b b one *\$'"
check "w/c on the third line" \
    bash -c "sed -n 3p '$UI_SCREEN' | grep -Eq '^w/c c two *\$'"
check "nothing else on the screen" \
    bash -c "[ \$(grep -c '[^ ]' '$UI_SCREEN') -eq 3 ]"
ui_finish
exit 0
