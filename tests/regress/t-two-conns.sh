#!/bin/bash
# Two connections in one process: -t picks the connection, connect focuses,
# messages carry the name of the connection that received them.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

run_mq two -c "connect $U --name a; connect $U --name b; sub -t a x/#;
    sub y/#; pub -t b -q 1 x/1 hi; pub -t a -q 1 y/1 yo; sleep 1"
expect_rc 0 two
J=$T/two.json
expect_json "$J" '[.[] | select(.event=="connected") | .connection] |
    sort==["a","b"]' "two connected events, a and b"
expect_json "$J" 'any(.[]; .event=="subscribed" and .topic=="x/#" and
    .connection=="a")' "sub -t a went to a"
expect_json "$J" 'any(.[]; .event=="subscribed" and .topic=="y/#" and
    .connection=="b")' "sub without -t went to the focused one, b"
expect_json "$J" '[.[] | select(.event=="message")] |
    map([.connection, .topic, .payload]) | sort ==
    [["a","x/1","hi"],["b","y/1","yo"]]' \
    "x/1 received by a only, y/1 by b only"
expect_json "$J" 'any(.[]; .event=="published" and .topic=="x/1" and
    .connection=="b")' "x/1 published by b"

note "select changes the focus; -t with an unknown name is an error"
run_mq sel -c "connect $U --name a; connect $U --name b; select a; sub z/#;
    pub -t nosuch z/1 x; pub -t b z/2 ok; sleep 1"
expect_rc 1 sel
expect_json "$T/sel.json" 'any(.[]; .event=="subscribed" and .topic=="z/#" and
    .connection=="a")' "after select a, sub goes to a"
expect_json "$T/sel.json" '[.[] | select(.event=="error")] | length==1 and
    (.[0].reason | test("nosuch|no such|unknown|not found"; "i"))' \
    "one error naming the unknown connection"
expect_json "$T/sel.json" '[.[] | select(.event=="message")] |
    map([.connection, .topic]) == [["a","z/2"]]' "z/2 reached a"

note "connect with a name already in use leaves one working connection"
run_mq dup -c "connect $U --name a; connect $U --name a; sub q/#;
    pub q/1 one; sleep 1"
expect_json "$T/dup.json" '[.[] | select(.event=="connected")] | length>=1' \
    "connected"
expect_json "$T/dup.json" 'any(.[]; .event=="message" and .topic=="q/1")' \
    "still works"
