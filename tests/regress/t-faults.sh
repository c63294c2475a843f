#!/bin/bash
# The engine under a broker's faults, against a broker that misbehaves on
# purpose (tests/regress/fake-broker.py):
# - a QoS 2 publish answered with PUBACK fails with words, and is not sent
#   again and again over reconnects;
# - a broker that drops every link right after CONNACK is retried with a
#   growing backoff (it resets only after a link stays up).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v python3 >/dev/null || { echo "SKIP: python3" >&2; exit 77; }

note "QoS 2 answered with PUBACK"
fake_broker puback-qos2
bg_mq q2 -W 8 -c "connect mqtt://127.0.0.1:$FAKE_PORT --name f -i f2;
    pub -q 2 t/two hello; sleep 2; pub -q 1 t/one after"
wait_mq q2
expect_rc 1 q2
J=$T/q2.json
cat "$FAKE_LOG"
expect_json "$J" 'any(.[]; .event=="error" and (.reason |
    test("pub: the broker answered a QoS 2 publish with PUBACK, a protocol error \\(it may not support QoS 2")))' \
    "the publish fails, saying why"
expect_json "$J" '[.[] | select(.event=="published")] |
    length == 1 and .[0].topic == "t/one"' \
    "only the QoS 1 publish is reported published"
sent=$(grep -c "PUBLISH q2 t/two" "$FAKE_LOG" || true)
expect_eq "$sent" 1 "the QoS 2 message went to the broker once"
connects=$(grep -c CONNECT "$FAKE_LOG" || true)
note "$connects connections in 8 s"
[ "$connects" -le 3 ] || fail "$connects connections: reconnecting in a loop"
expect_eq "$(rows "conn='f' AND topic='t/two'")" 0 "the failed publish is not in history"

note "a broker that drops every link at once"
fake_broker flap
bg_mq flap -W 11 -c "connect mqtt://127.0.0.1:$FAKE_PORT --name g -i flap;
    sleep 10"
wait_mq flap
cat "$FAKE_LOG"
grep CONNECT "$FAKE_LOG" | cut -d' ' -f1 >"$T/at.txt"
n=$(wc -l <"$T/at.txt")
note "$n connections in 11 s"
# Backoff 1, 2, 4, 8 s (+-25%): 4 or 5 tries, not one a second.
[ "$n" -ge 3 ] && [ "$n" -le 5 ] || fail "$n connections in 11 s"
gaps=$(awk 'NR > 1 { printf "%d ", $1 - prev } { prev = $1 }' "$T/at.txt")
note "gaps between tries (ms): $gaps"
set -- $gaps
[ "$#" -ge 2 ] && [ "$2" -gt "$1" ] || fail "the backoff does not grow: $gaps"
# Each link did come up: one connected and one disconnected event each.
expect_json "$T/flap.json" "[.[] | select(.event==\"connected\")] |
    length == $n" "a connected event a link"
expect_json "$T/flap.json" "[.[] | select(.event==\"disconnected\")] |
    length == $n" "a disconnected event a link"
