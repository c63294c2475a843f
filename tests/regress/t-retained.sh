#!/bin/bash
# A retained publish from one run reaches a later subscriber (another run)
# with retain true; a plain publish does not; an empty retained publish
# (-n) clears it.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

run_mq pub -c "connect $U --name a; pub -r -q 1 r/a kept; pub -q 1 r/b notkept"
expect_rc 0 pub
expect_json "$T/pub.json" '[.[] | select(.event=="published")] | length==2' \
    "two published events"

# -W bound, no -C: exactly one message may come.
run_mq later -W 3 -c "connect $U --name b; sub -q 1 r/#"
expect_rc 0 later
expect_json "$T/later.json" '[.[] | select(.event=="message")] | length==1' \
    "later subscriber gets exactly one message"
expect_json "$T/later.json" '[.[] | select(.event=="message")][0] |
    .topic=="r/a" and .payload=="kept" and .retain==true and .qos==1 and
    .connection=="b"' "it is r/a, retained, payload kept"

note "a live subscriber sees retain false for a fresh retained publish"
run_mq live -c "connect $U --name c; sub r/live; pub -r r/live now; sleep 1"
expect_rc 0 live
expect_json "$T/live.json" 'any(.[]; .event=="message" and .topic=="r/live"
    and .payload=="now" and .retain==false)' "live delivery: retain false"

note "-n with -r clears the retained message"
run_mq clear -c "connect $U --name a; pub -r -n r/a; pub -r -n r/live"
expect_rc 0 clear
run_mq after -W 2 -c "connect $U --name d; sub r/#"
expect_rc 0 after
expect_json "$T/after.json" '[.[] | select(.event=="message")] | length==0' \
    "nothing retained any more"
expect_json "$T/after.json" 'any(.[]; .event=="subscribed")' "subscribed"
