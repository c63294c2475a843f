#!/bin/bash
# y in the detail view copies the payload, in the format shown, to the
# terminal's clipboard with OSC 52. tmux with set-clipboard on keeps what
# an application sets that way in a paste buffer: the test reads it back
# with show-buffer. A payload over what OSC 52 takes is cut, and the
# status line says so.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

JSON='{"t":21.5,"ok":true,"name":"温度"}'
printf '%s' "$JSON" >"$T/json.payload"

# clip_is FILE: tmux's newest paste buffer holds exactly FILE's bytes.
clip_is() {
	tm show-buffer >"$T/clip.got" 2>/dev/null || return 1
	cmp -s "$1" "$T/clip.got"
}

# clip_wait FILE: clip_is, polled for up to 3 s; shows both on failure.
clip_wait() {
	local i
	for i in $(seq 1 30); do
		clip_is "$1" && return 0
		sleep 0.1
	done
	{
		echo "----- wanted ($(wc -c <"$1") bytes)"
		head -c 600 "$1"
		echo
		echo "----- tmux buffer ($(wc -c <"$T/clip.got" 2>/dev/null || echo 0) bytes)"
		head -c 600 "$T/clip.got" 2>/dev/null
		echo
	} >&2
	return 1
}

ui_start
tm set -g set-clipboard on
ui_cmd "connect $BROKER_URL --name cp"
screen_wait '● cp'
ui_cmd 'sub c/#'
screen_wait 'subscribed to c/#'
mosquitto_pub -p "$BROKER_PORT" -t c/json -f "$T/json.payload"
screen_wait '"ok": true'
ui_cmd 'pane msgs'

note "JSON: the view's pretty-printing, not wrapped"
keys Enter
screen_wait '┌ Message'
screen_wait 'Payload as JSON'
check "the foot names y" screen_has 'y copy'
keys y
python3 -c 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.argv[1]), indent=2, ensure_ascii=False))' \
    "$JSON" >"$T/want.json"
check "tmux's buffer holds the pretty JSON" clip_wait "$T/want.json"
n=$(wc -c <"$T/want.json")
check "the status line says $n bytes as JSON" \
    screen_poll "copied $n bytes as JSON to the clipboard \\(OSC 52\\)" 3
check "the detail view is still drawn whole" screen_has '┌ Message'

note "hex: the rows as shown"
keys Tab
screen_wait 'Payload as hex'
keys y
python3 - "$T/json.payload" >"$T/want.hex" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
rows = []
for off in range(0, len(data), 16):
    chunk = data[off:off + 16]
    line = "%08x " % off
    for i in range(16):
        if i == 8:
            line += " "
        line += " %02x" % chunk[i] if i < len(chunk) else "   "
    line += "  " + "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
    rows.append(line)
sys.stdout.write("\n".join(rows))
EOF
check "tmux's buffer holds the hex rows" clip_wait "$T/want.hex"
check "the status line says hex" screen_poll 'copied [0-9]+ bytes as hex' 3

note "base64, then text: the payload's own bytes"
keys Tab
screen_wait 'Payload as base64'
keys y
base64 -w 76 <"$T/json.payload" | head -c -1 >"$T/want.b64"
check "tmux's buffer holds the base64" clip_wait "$T/want.b64"
keys Tab
screen_wait 'Payload as text'
keys y
check "tmux's buffer holds the payload as sent" clip_wait "$T/json.payload"
check "the status line says text" \
    screen_poll "copied $(wc -c <"$T/json.payload") bytes as text" 3
keys Escape
screen_wait_gone '┌ Message'

note "a payload over what OSC 52 takes: the first 75000 bytes, and why"
python3 -c 'import sys; sys.stdout.write("".join("line %05d of a long text payload\n" % i for i in range(6000)))' \
    >"$T/big.payload"
size=$(wc -c <"$T/big.payload")
mosquitto_pub -p "$BROKER_PORT" -t c/big -f "$T/big.payload"
screen_wait 'c/big q0'
keys G Enter
screen_wait '┌ Message'
screen_wait 'Payload as text'
check "the detail is of the big message" screen_has '^│ c/big'
keys y
head -c 75000 "$T/big.payload" >"$T/want.big"
check "tmux's buffer holds the first 75000 bytes" clip_wait "$T/want.big"
check "the status line says it was cut, and why" \
    screen_poll "copied the first 75000 of $size bytes as text \\(OSC 52 takes 100 KB\\)" 3
check "no pager opened over the detail" \
    eval "! screen_has 'the output is in the pager'"
keys Escape
screen_wait_gone '┌ Message'

note "an empty payload: nothing to copy, and it says so"
mosquitto_pub -p "$BROKER_PORT" -t c/empty -n
screen_wait 'c/empty q0'
keys G Enter
screen_wait '┌ Message'
check "the detail is of the empty message" screen_has '^│ c/empty'
keys y
check "the status line says there is nothing to copy" \
    screen_poll 'the payload is empty: nothing to copy' 3
check "tmux's buffer still holds the last copy" clip_is "$T/want.big"
keys Escape
screen_wait_gone '┌ Message'

note "copy outside the detail view: a command like any other"
ui_cmd 'copy -f yaml 1'
check "an unknown format is named" \
    screen_poll "copy: unknown format 'yaml'" 3
ui_finish
