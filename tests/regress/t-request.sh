#!/bin/bash
# request (mosquitto_rr's job) against a responder made of mosquitto_sub
# and mosquitto_pub, which first answers with a wrong correlation data:
# only the answer that carries the request's own correlation data is the
# response.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
P=$BROKER_PORT

# responder MODE: answer one request on req/# (its response topic and
# correlation data logged to $T/asked); MODE both sends a decoy with
# another correlation data first, MODE wrong only the decoy.
responder() {
	rm -f "$T/responder.ready"
	(mosquitto_sub -p "$P" -V 5 -t 'req/#' -F '%R %D %p' -C 1 -W 20 \
	    -i "responder-$1" |
	while read -r rt cd p; do
		echo "$rt $cd" >>"$T/asked"
		mosquitto_pub -p "$P" -V 5 -t "$rt" \
		    -D publish correlation-data "x$cd" -m decoy
		[ "$1" = both ] && mosquitto_pub -p "$P" -V 5 -t "$rt" \
		    -D publish correlation-data "$cd" -m "re: $p"
	done) &
	BG_PIDS+=("$!")
	for i in $(seq 1 50); do
		grep -q "Sending SUBACK to responder-$1" "$BROKER_LOG" &&
			return 0
		sleep 0.1
	done
	fail "the responder did not subscribe"
}

note "the response with the request's correlation data, not the decoy"
responder both
run_mq rr -c "connect $U -V 5 --name a; request -W 5 req/x hello"
expect_rc 0 rr
read -r rt cd <"$T/asked"
note "asked on $rt with $cd"
[ -n "$cd" ] || fail "the request carried no correlation data"
expect_json "$T/rr.json" '[.[] | select(.event=="response")] | length==1' \
    "one response"
expect_json "$T/rr.json" '.[] | select(.event=="response") |
    .connection=="a" and .topic=="req/x" and .payload=="re: hello" and
    .response_topic=="'"$rt"'" and .correlation_data=="'"$cd"'" and
    (.ms | type=="number" and . >= 0 and . < 5000)' \
    "the response: payload, topics, correlation data, latency"
expect_json "$T/rr.json" 'any(.[]; .event=="message" and .payload=="decoy")' \
    "the decoy came first, as a plain message"
expect_json "$T/rr.json" 'all(.[]; .event!="subscribed" and
    .event!="unsubscribed")' "the response topic is not a subscription"
case $rt in
mqtty/response/*) note "ok: a response topic of its own" ;;
*) fail "response topic $rt" ;;
esac

note "only a wrong correlation data: no response, a timeout"
: >"$T/asked"
responder wrong
t0=$(date +%s%N)
run_mq wrong -c "connect $U -V 5 --name b; request -W 1 -e my/answers
    req/y hi"
ms=$(elapsed_ms "$t0")
expect_rc 1 wrong
grep -q "^my/answers " "$T/asked" || fail "-e was not the response topic"
expect_json "$T/wrong.json" 'all(.[]; .event!="response")' "no response"
expect_json "$T/wrong.json" 'any(.[]; .event=="error" and .reason ==
    "request: no response on my/answers within 1 s")' "the timeout in words"
[ "$ms" -lt 5000 ] || fail "the timeout took $ms ms"

note "MQTT 3.1.1 has no response topic"
run_mq v3 -c "connect $U --name c; request req/z hi"
expect_rc 1 v3
expect_json "$T/v3.json" 'any(.[]; .event=="error" and (.reason |
    test("a request needs MQTT v5")))' "a clear error"
run_mq usage -c "connect $U -V 5 --name d; request req/z"
expect_rc 1 usage
expect_json "$T/usage.json" 'any(.[]; .event=="error" and (.reason |
    test("give a topic and a payload")))' "a missing payload"

note "on the screen: the response and its latency in the status line"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
: >"$T/asked"
responder both
ui_start
ui_cmd "connect $U -V 5 --name s"
screen_wait '● s'
ui_cmd 'request req/screen ping'
check "the status line has the response" \
    screen_poll 's: response in [0-9]+ ms: re: ping' 5
check "the message view has it" screen_has '^│ *│re: ping|│re: ping'
ui_finish
