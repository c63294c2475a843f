#!/bin/bash
# MQTT 5 publish properties given with -D reach a v5 receiver's
# "properties" (mosquitto's names), and are stored with the message.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

note "one process, two v5 connections: r receives, s sends"
run_mq props -C 1 -W 10 -c "connect $U -V 5 --name r; sub -q 1 v/#;
    connect $U -V 5 --name s;
    pub -t s -q 1 -D content-type application/json -D user-property k v
    -D response-topic r/t -D correlation-data abc
    -D message-expiry-interval 60 -D payload-format-indicator 1
    v/a '{\"x\":1}'"
expect_rc 0 props
J=$T/props.json
expect_json "$J" '[.[] | select(.event=="message")] | length==1 and
    .[0].connection=="r" and .[0].topic=="v/a" and .[0].payload=="{\"x\":1}"' \
    "message received by r"
P='[.[] | select(.event=="message")][0].properties'
expect_json "$J" "$P | .\"content-type\"==\"application/json\"" "content-type"
expect_json "$J" "$P | .\"user-property\"==[[\"k\",\"v\"]]" "user-property"
expect_json "$J" "$P | .\"response-topic\"==\"r/t\"" "response-topic"
expect_json "$J" "$P | .\"correlation-data\" as \$c |
    (\$c==\"abc\" or \$c==\"YWJj\")" "correlation-data"
expect_json "$J" "$P | .\"message-expiry-interval\"|tonumber |
    (. >= 55 and . <= 60)" "message-expiry-interval (remaining)"
expect_json "$J" "$P | .\"payload-format-indicator\"|tonumber == 1" \
    "payload-format-indicator"

note "two user properties keep their order; a v3.1.1 receiver gets none"
run_mq two -C 2 -W 10 -c "connect $U -V 5 --name r; sub v2/#;
    connect $U -V 311 --name old; sub v2/#;
    connect $U -V 5 --name s;
    pub -t s -D user-property a 1 -D user-property b 2 v2/x hi"
expect_rc 0 two
expect_json "$T/two.json" 'any(.[]; .event=="message" and .connection=="r"
    and .properties."user-property"==[["a","1"],["b","2"]])' \
    "two user properties in order"
expect_json "$T/two.json" 'any(.[]; .event=="message" and
    .connection=="old" and ((.properties // {}) | length)==0)' \
    "v3.1.1 receiver: no properties"

note "the stored message keeps its properties"
got=$(sql "SELECT props FROM messages WHERE dir=0 AND topic='v/a'")
echo "$got" | jq -e '."content-type"=="application/json"' >/dev/null ||
	fail "stored props of v/a: $got"
note "ok: stored props"

