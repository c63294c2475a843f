#!/bin/bash
# clear-retained on the screen: the retained messages under the filter
# open in a pager with the question over it; n clears nothing, -n asks
# nothing and clears nothing, y clears them all with the count on the
# status line (checked with mosquitto_sub --retained-only); topics outside
# the filter keep theirs. The message detail tells a message the broker
# sent from its store apart from one whose flag is as published (MQTT 5
# retain as published).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

broker_start
U=$BROKER_URL
P=$BROKER_PORT

# retained FILTER: retained messages the broker holds under FILTER.
retained() {
	retained_count "$P" "$1"
}

# status_wait REGEX [SECS]: until the status line (the last row) matches.
status_wait() {
	local end=$(($(date +%s) + ${2:-5}))
	while :; do
		screen >"$UI_SCREEN" || true
		sed -n "${UI_H}p" "$UI_SCREEN" | grep -Eq -- "$1" && return 0
		if [ "$(date +%s)" -ge "$end" ]; then
			screen_show "status line /$1/"
			return 1
		fi
		sleep 0.1
	done
}

for i in 1 2 3 4 5; do
	mosquitto_pub -p "$P" -r -q 1 -t "home/room$i/temp" -m "2$i.5" ||
		fail "mosquitto_pub home/room$i/temp"
done
mosquitto_pub -p "$P" -r -q 1 -t "office/temp" -m 19 || fail "seed office"
expect_eq "$(retained 'home/#')" 5 "5 retained under home/#"

ui_start "$U"
screen_wait 'connected' 5

note "the list, then the question; n clears nothing"
ui_cmd 'clear-retained home/#'
check "the list in a pager, titled with the count" \
    screen_poll '5 retained messages under home/# on ' 5
check "each topic listed with its size and payload" \
    screen_has 'home/room3/temp  \(4 bytes\)  23\.5'
check "office/temp is not listed" eval '! screen_has office/temp'
check "the question on the last row" \
    status_wait 'clear these 5 retained messages\? \(y/n\)' 3
keys n
check "the question goes, the list stays" \
    screen_poll 'home/room1/temp' 3
check "no question any more" eval '! screen_has "clear these"'
keys Escape
screen_wait_gone '┌ 5 retained' 3
expect_eq "$(retained 'home/#')" 5 "after n the broker still holds 5"

note "-n: the list, no question, nothing cleared"
ui_cmd 'clear-retained -n home/#'
check "dry run titled so" \
    screen_poll '5 retained messages under home/# on .*\(dry run\)' 5
check "the status line says none were cleared" \
    status_wait '5 retained messages under home/# \(dry run' 3
keys Escape
expect_eq "$(retained 'home/#')" 5 "after -n the broker still holds 5"

note "y: cleared, and the count on the status line"
ui_cmd 'clear-retained home/#'
check "asked again" status_wait 'clear these 5 retained messages\?' 5
keys y
check "the count of acknowledgements on the status line" \
    status_wait 'cleared 5 of 5 retained messages under home/#' 8
expect_eq "$(retained 'home/#')" 0 \
    "mosquitto_sub --retained-only finds none under home/#"
expect_eq "$(retained 'office/#')" 1 "office/temp keeps its message"
keys Escape

note "nothing left: says so, opens nothing"
ui_cmd 'clear-retained home/#'
check "none found" status_wait 'no retained messages under home/#' 5
check "no question" eval '! screen_has "clear these"'

note "the detail view: from the broker's store, or as published"
ui_cmd "connect $U --name v5 -V 5"
screen_wait 'v5: connected' 5
ui_cmd 'sub -t v5 office/#'
check "the stored message arrives, marked R" \
    screen_poll 'office/temp( [▁-█]+)? q0  R ' 5
keys Tab
keys Tab
keys End
keys Enter
check "detail: retained, from the broker's store" \
    screen_poll "retained: stored by the broker, delivered on subscribe" 3
keys Escape
screen_wait_gone '┌ Message' 3
mosquitto_pub -p "$P" -r -t office/temp -m 20 || fail "publish office/temp"
check "a live retained publish arrives without R (no retain as published)" \
    screen_poll 'office/temp( [▁-█]+)? q0 [0-9]{2}:' 5
keys End
keys Enter
check "detail: a live message" screen_poll "retained: no, a live message" 3
keys Escape
screen_wait_gone '┌ Message' 3
ui_cmd 'sub -t v5 --rap live/#'
screen_wait 'subscribed to live/#' 5
mosquitto_pub -p "$P" -r -t live/x -m now || fail "publish live/x"
check "with retain as published it arrives marked R" \
    screen_poll 'live/x q0  R ' 5
keys End
keys Enter
check "detail: the flag as published, and so maybe live" \
    screen_poll "retained: retain flag as published \(retain as published on live/#\)" 3
check "detail: says MQTT 5 cannot tell" screen_has "MQTT 5 does not say which"
keys Escape
mosquitto_pub -p "$P" -r -t live/x -n || true

note "progress on the status line while clearing, paced by --rate"
for i in $(seq 1 30); do
	mosquitto_pub -p "$P" -r -q 1 -t "bulk/$i" -m "$i" || fail "seed bulk/$i"
done
ui_cmd 'clear-retained -t v5 -y --rate 10 bulk/#'
check "progress: some acknowledged, not all" \
    status_wait 'v5: clearing retained under bulk/#: ([1-9]|[12][0-9]) of 30 acknowledged' 5
check "then the count" \
    status_wait 'v5: cleared 30 of 30 retained messages under bulk/#' 10
expect_eq "$(retained 'bulk/#')" 0 "none left under bulk/#"

ui_finish
