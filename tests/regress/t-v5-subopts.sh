#!/bin/bash
# MQTT 3.1 works; v5 subscription options do what they say (no-local,
# retain-as-published, retain handling, subscription identifier); a v5 will
# carries its properties.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

run_mq v31 -c "connect $U -V 31 --name old; sub -q 1 old/#;
    pub -q 1 old/x hello31; sleep 0.5"
expect_rc 0 v31
expect_json "$T/v31.json" 'any(.[]; .event=="message" and .payload=="hello31")' \
    "MQTT 3.1 round trip"

run_mq nl -c "connect $U -V 5 --name a; connect $U -V 5 --name b;
    sub -t a --no-local nl/#; pub -t a nl/self mine; pub -t b nl/other theirs;
    sleep 0.5"
expect_rc 0 nl
expect_json "$T/nl.json" '[.[] | select(.event=="message") | .payload] ==
    ["theirs"]' "--no-local: a does not get its own message"

mosquitto_pub -p "$BROKER_PORT" -r -t keep/a -m kept
run_mq rap -c "connect $U -V 5 --name a; sub --rap keep/#; sub --rh 2 keep2/#;
    connect $U -V 5 --name b; sub -t b keep/#; pub -t b -r keep/live now;
    sleep 0.5"
expect_rc 0 rap
expect_json "$T/rap.json" 'any(.[]; .event=="message" and .connection=="a"
    and .topic=="keep/live" and .retain==true)' \
    "--rap: a live message keeps its retain flag"
expect_json "$T/rap.json" 'any(.[]; .event=="message" and .connection=="b"
    and .topic=="keep/live" and .retain==false)' \
    "without --rap the live message arrives with retain false"
mosquitto_pub -p "$BROKER_PORT" -r -t keep2/a -m kept2
run_mq rh -c "connect $U -V 5 --name a; sub --rh 2 keep2/#; sub --rh 0 keep/#;
    sleep 0.5"
expect_json "$T/rh.json" '([.[] | select(.event=="message") | .topic] |
    index("keep2/a")) == null' "--rh 2: no retained message on subscribe"
expect_json "$T/rh.json" 'any(.[]; .event=="message" and .topic=="keep/a" and
    .retain==true)' "--rh 0: the retained message on subscribe"

run_mq sid -c "connect $U -V 5 --name a; sub --id 7 sid/#; pub sid/x s;
    sleep 0.5"
expect_json "$T/sid.json" 'any(.[]; .event=="message" and
    .properties["subscription-identifier"]==7)' \
    "--id 7 comes back as subscription-identifier"

run_mq v3opts -c "connect $U --name a; sub --no-local x/#"
expect_rc 1 v3opts
expect_json "$T/v3opts.json" 'any(.[]; .event=="error" and (.reason |
    test("v5|-V 5")))' "v5 options on a 3.1.1 connection: a clear error"

bg_mq watch -C 1 -W 10 -c "connect $U -V 5 --name w; sub wv/#"
wait_for "$T/watch.json" 'any(.[]; .event=="subscribed")' 8 ||
	fail "watcher did not subscribe"
run_mq willer -c "connect $U -V 5 --name d --will-topic wv/gone
    --will-payload bye -D will content-type text/plain
    -D will user-property why test; drop"
expect_rc 0 willer
wait_mq watch
expect_json "$T/watch.json" 'any(.[]; .event=="message" and .topic=="wv/gone"
    and .payload=="bye" and .properties["content-type"]=="text/plain" and
    .properties["user-property"]==[["why","test"]])' \
    "the v5 will arrives with its properties"
