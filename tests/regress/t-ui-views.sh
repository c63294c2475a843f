#!/bin/bash
# Payload views on the screen: MessagePack and CBOR bytes sent with
# mosquitto_pub -f are shown decoded once "view" names their filters
# (numbers exactly as sent), malformed bytes give one line of error over
# the hex, a jq program is a view, the views are kept with the profile
# (and read again after a restart) while the stored bytes stay as sent,
# and d in the detail view shows what changed since the message before.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

# {"t": 21.5 (float 64), "n": 12345678901234567890 (uint 64)}
printf '\x82\xa1t\xcb\x40\x35\x80\x00\x00\x00\x00\x00\xa1n\xcf\xab\x54\xa9\x8c\xeb\x1f\x0a\xd2' \
    >"$T/mp.bin"
# {"h": 40, "ok": true}
printf '\xa2\x61h\x18\x28\x62ok\xf5' >"$T/cb.bin"
printf '\xc1' >"$T/bad.bin"

pub() {
	mosquitto_pub -p "$BROKER_PORT" -t "$1" "${@:2}" ||
		fail "mosquitto_pub to $1 failed"
}

# A Sparkplug B NBIRTH naming alias 1 "temp" (Float 21.5), and an NDATA
# that sends alias 1 alone (22.0): protobuf bytes as the spec lays them.
printf '\x08\x01\x12\x0f\x0a\x04temp\x10\x01\x20\x09\x65\x00\x00\xac\x41\x18\x00' \
    >"$T/nbirth.bin"
printf '\x12\x07\x10\x01\x65\x00\x00\xb0\x41\x18\x01' >"$T/ndata.bin"

ui_start
tm set -g set-clipboard on
ui_cmd "save lab $BROKER_URL"
screen_wait "saved profile 'lab'"
ui_cmd 'connect lab'
screen_wait '● lab'
ui_cmd 'sub s/#'
screen_wait 'subscribed to s/#'

note "view per filter, kept with the profile"
ui_cmd 'view -t s/mp msgpack'
screen_wait "view of 's/mp' on 'lab': msgpack"
ui_cmd 'view --filter s/cb cbor'
screen_wait "view of 's/cb' on 'lab': cbor"
check "the views are rows of the profile" test "$(sql "SELECT v.filter, \
v.view FROM views v JOIN profiles p ON p.id = v.profile_id \
WHERE p.name = 'lab' ORDER BY v.filter" | tr '\n' ' ')" = \
    "s/cb|cbor s/mp|msgpack "

ui_cmd 'view nosuch'
check "an unknown view is one line naming the views" \
    screen_poll "unknown view 'nosuch' \\(views: text, json, hex" 3
ui_cmd "view jq '.['"
check "a jq program that does not compile says why" \
    screen_poll 'jq: syntax error' 3

note "MessagePack and CBOR decoded in the bubbles"
pub s/mp -f "$T/mp.bin"
screen_wait '"n": 12345678901234567890'
check "msgpack: the float as sent" screen_has '"t": 21\.5,'
pub s/cb -f "$T/cb.bin"
screen_wait '"ok": true'
check "cbor: the integer" screen_has '"h": 40,'
check "the stored bytes are the bytes sent" test "$(sql "SELECT hex(payload) \
FROM messages WHERE topic = 's/mp'")" = \
    "$(od -An -tx1 "$T/mp.bin" | tr -d ' \n' | tr a-f A-F)"

note "malformed bytes: one line of error, then hex; no crash"
pub s/mp -f "$T/bad.bin"
screen_wait 'MessagePack: malformed bytes'
check "the bytes follow in hex" screen_has '│c1 *$|│c1 '
check "mqtty is still running" ui_alive

note "the detail view starts on the topic's view and Tab cycles on"
ui_cmd 'pane msgs'
keys Up
screen_wait 's/cb q0'
keys Enter
screen_wait '┌ Message'
screen_wait 'Payload as CBOR \(Tab: text\)'
check "detail: CBOR pretty-printed" screen_has '^│   "h": 40,'
keys y
printf '{\n  "h": 40,\n  "ok": true\n}' >"$T/want.json"
check "y copies the decoded JSON" screen_poll \
    "copied $(wc -c <"$T/want.json") bytes as CBOR to the clipboard" 3
tm show-buffer >"$T/clip.got" 2>/dev/null
check "tmux's buffer holds the decoded JSON" cmp -s "$T/want.json" \
    "$T/clip.got"
keys Tab
screen_wait 'Payload as text \(Tab: JSON\)'
keys Tab Tab Tab
screen_wait 'Payload as base64 \(Tab: CBOR\)'
check "base64 of the bytes" screen_has "$(base64 -w0 "$T/cb.bin")"
keys Escape
screen_wait_gone '┌ Message'

note "d: what changed since the message before on the topic"
pub s/j -m '{"t":20,"h":40,"gone":1}'
pub s/j -m '{"t":20.0,"h":40,"x":[1]}'
keys G
screen_wait '"x": \['
keys Enter
screen_wait '┌ Message'
screen_wait 'Payload as JSON'
keys d
screen_wait 'Changes since the message before'
check "diff: the summary" screen_has 'JSON: 1 changed, 1 added, 1 removed'
check "diff: the changed value, tokens as written" \
    screen_has '~ \.t: 20 → 20\.0'
check "diff: the added key" screen_has '\+ \.x\[0\]: 1'
check "diff: the removed key" screen_has '- \.gone: 1'
keys d
screen_wait 'Payload as JSON'
keys Escape
screen_wait_gone '┌ Message'

note "a jq program as a view"
ui_cmd "view --filter s/j jq '{t: .t}'"
screen_wait "view of 's/j' on 'lab': jq"
# libjq 1.6 holds numbers as doubles: 20.0 comes back as 20.
check "the bubble shows jq's result, not the payload" \
    screen_poll '│  "t": 20  ' 3
check "only the CBOR bubble shows an h (s/j's are jq's now)" \
    test "$(screen | grep -c '"h": 40')" = 1

note "Sparkplug B on spBv1.0/ topics, an alias named from the BIRTH"
ui_cmd 'sub spBv1.0/#'
screen_wait 'subscribed to spBv1.0/#'
pub spBv1.0/plant/NBIRTH/edge1 -f "$T/nbirth.bin"
screen_wait 'spBv1.0/plant/NBIRTH/edge1 q0'
check "the BIRTH decoded in its bubble" screen_has '"timestamp": 1,'
pub spBv1.0/plant/NDATA/edge1 -f "$T/ndata.bin"
screen_wait 'spBv1.0/plant/NDATA/edge1 q0'
keys G Enter
screen_wait '┌ Message'
screen_wait 'Payload as Sparkplug B'
check "the NDATA's alias 1 is named temp, from the BIRTH" \
    screen_has '"name": "temp",'
check "the NDATA's value" screen_has '"value": 22\.0'
check "the NDATA's seq" screen_has '"seq": 1,'
keys Escape
screen_wait_gone '┌ Message'

note "after a restart the views are read back from the profile"
ui_cmd 'quit'
ui_wait_exit 5
ui_start
ui_cmd 'connect lab'
screen_wait '● lab'
ui_cmd 'pane msgs'
keys g			# the oldest: the MessagePack one
check "msgpack still decoded from the stored bytes" \
    screen_poll '"n": 12345678901234567890' 5
ui_cmd 'view --filter s/mp auto'
screen_wait "view of 's/mp' on 'lab': auto"
check "auto: the msgpack bytes in hex again" \
    screen_poll '82 ?a1 ?74 ?cb|82a174cb' 5
check "auto removed the row" test "$(sql "SELECT count(*) FROM views \
WHERE filter = 's/mp'")" = 0
ui_cmd 'quit'
ui_wait_exit 5
ui_finish
