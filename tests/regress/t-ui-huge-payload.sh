#!/bin/bash
# A 16 MiB payload in the detail view. The view keeps the payload once and
# makes only the lines on the screen, so the process's peak memory stays
# within twice the payload over what the same steps cost with a tiny
# payload; every format shows (JSON, hex, base64, text), the first hex row
# is the canonical one, and End reaches the last line of the pretty JSON.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
# mosquitto 2 has no limit by default; say so, the test depends on it.
broker_start "message_size_limit 0"

SIZE=$((16 * 1024 * 1024))
BIG=$T/big.json

note "a JSON array of exactly $SIZE bytes"
python3 - "$BIG" "$SIZE" >"$T/big.last" <<'EOF'
import sys
path, size = sys.argv[1], int(sys.argv[2])
items, n, i = [], 2, 0
while True:
    item = ('{"n":%d,"big":123456789012345678901234567890,"f":1.50e+300,'
            '"s":"caf\u00e9 %d"}' % (i, i)).encode()
    if n + len(item) + 1 > size - 1:
        break
    items.append(item)
    n += len(item) + (1 if i else 0)
    i += 1
body = b"[" + b",".join(items)
body += b" " * (size - 1 - len(body)) + b"]"
assert len(body) == size
open(path, "wb").write(body)
print(i - 1)
EOF
LAST=$(cat "$T/big.last")
[ "$(stat -c %s "$BIG")" -eq "$SIZE" ] || fail "the payload is not $SIZE bytes"

# receive NAME FILE: a batch mqtty saves profile NAME, subscribes and stores
# FILE, published with mosquitto_pub -f, in $T/NAME.db. The screen reads
# it from there, as after a restart: receiving (libmosquitto's packet, the
# store's write) is measured apart from the view.
receive() {
	local name=$1 file=$2 pid i
	timeout 60 "$MQTTY" --batch --db "$T/$name.db" --no-config -C 1 \
	    -W 50 -F '%t %l' -c "save $name $BROKER_URL; connect $name;
	    sub big/#" >"$T/$name.out" 2>"$T/$name.err" &
	pid=$!
	BG_PIDS+=("$pid")
	for i in $(seq 1 100); do
		grep -q 'subscribed to big/#' "$T/$name.err" 2>/dev/null &&
			break
		sleep 0.1
	done
	grep -q 'subscribed to big/#' "$T/$name.err" ||
		{ show "$T/$name.err"; fail "$name: no subscription"; }
	mosquitto_pub -p "$BROKER_PORT" -t "big/$name" -f "$file" ||
		fail "$name: mosquitto_pub failed"
	wait "$pid" || { show "$T/$name.err"; fail "$name: receiver failed"; }
	expect_eq "$(cat "$T/$name.out")" "big/$name $(stat -c %s "$file")" \
	    "$name: received whole"
}

# hwm: the screen process's peak resident memory so far, in kB.
hwm() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$UI_PID/status"
}

# open_detail NAME: the screen on NAME's db, its message in the detail view.
open_detail() {
	DB=$T/$1.db ui_start
	screen_wait "○ $1"
	keys Tab Tab
	screen_wait "big/$1 q0" 20
	# The newest row is the batch run's "disconnected" event: up one.
	screen_wait '── disconnected · ' 5
	keys k
	keys Enter
	screen_wait '┌ Message' 20
}

# The sanitizers' allocators keep freed memory and add shadow memory: the
# bound means nothing there, the rest of the test still does.
SANITIZED=0
case $(ldd "$MQTTY" 2>/dev/null) in
*libasan*|*libubsan*)
	SANITIZED=1
	note "sanitizer build: the memory bound is not checked"
	;;
esac

note "baseline: the same steps with a tiny payload"
printf '{"tiny":[1,2]}' >"$T/tiny.json"
receive tiny "$T/tiny.json"
open_detail tiny
screen_wait 'Payload as JSON' 5
for f in hex base64 text JSON; do
	keys Tab
	screen_wait "Payload as $f" 5
done
keys G			# End (tmux sends End as \e[4~, unknown to xterm's terminfo)
screen_wait '^│ } ' 5
BASE=$(hwm)
note "baseline VmHWM $BASE kB"
keys Escape
keys q
ui_wait_exit 5

# The bound: the baseline, the payload twice (SQLite's copy of the row and
# the view's own, alive together for a moment when it opens), and 4 MiB
# for SQLite's page cache (2000 KiB by default), which reading 16 MiB
# fills and reading a tiny row does not, and the allocator's rounding.
BOUND=$((BASE + 2 * SIZE / 1024 + 4096))
note "bound: VmHWM <= $BASE + 2 x $((SIZE / 1024)) + 4096 = $BOUND kB"

# within WHAT: VmHWM is within the bound.
within() {
	local now
	now=$(hwm)
	note "$1: VmHWM $now kB (bound $BOUND kB)"
	[ "$SANITIZED" -eq 1 ] && return 0
	[ -n "$now" ] && [ "$now" -le "$BOUND" ] ||
		check_fail "$1: VmHWM $now kB is over $BOUND kB"
}

note "16 MiB"
receive big "$BIG"
open_detail big
screen_wait 'Payload as JSON \(Tab: hex\)' 10
check "JSON: the array opens" screen_has '^│ \[ '
check "JSON: the first object, pretty" screen_has '^│     "n": 0,'
check "JSON: numbers as written" \
    screen_has '^│     "big": 123456789012345678901234567890,'
check "JSON: 1.50e+300 as written" screen_has '^│     "f": 1\.50e\+300,'
within "JSON"

keys Tab
screen_wait 'Payload as hex \(Tab: base64\)' 10
ROW=$(python3 - "$BIG" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read(16)
h = " ".join("%02x" % b for b in d[:8]) + "  " + \
    " ".join("%02x" % b for b in d[8:])
print("00000000  " + h + "  " +
      "".join(chr(b) if 32 <= b < 127 else "." for b in d))
EOF
)
note "first hex row: $ROW"
screen >"$UI_SCREEN"
check "hex: the first row is offset, two groups of 8, the characters" \
    grep -qF -- "│ $ROW " "$UI_SCREEN"
check "hex: the second row starts at 0x10" screen_has '^│ 00000010  '
within "hex"

keys Tab
screen_wait 'Payload as base64 \(Tab: text\)' 10
B64=$(head -c 57 "$BIG" | base64 -w 0)
screen >"$UI_SCREEN"
check "base64: the first line is the first 57 bytes" \
    grep -qF -- "│ $B64 " "$UI_SCREEN"
within "base64"

keys Tab
screen_wait 'Payload as text \(Tab: JSON\)' 10
screen >"$UI_SCREEN"
# The first two lines of the text, read back, are the start of the payload:
# the long line goes on on the next one, at a space.
python3 - "$BIG" "$UI_SCREEN" >"$T/text.check" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read(400).decode()
rows = open(sys.argv[2], encoding="utf-8").read().split("\n")
i = next(k for k, r in enumerate(rows) if "Payload as text" in r)
a, b = (rows[i + 1][2:-1].rstrip(), rows[i + 2][2:-1].rstrip())
print("ok" if a and b and data.startswith(a + " " + b) and
      len(a) > 40 else "bad: %r / %r" % (a, b))
EOF
check "text: a long line wraps onto the next ($(cat "$T/text.check"))" \
    grep -qx ok "$T/text.check"
within "text"

keys Tab
screen_wait 'Payload as JSON \(Tab: hex\)' 10
keys G
screen_wait '^│ \] ' 20
check "End: the last object is there" \
    screen_has "^│     \"s\": \"café $LAST\"\$|^│     \"s\": \"café $LAST\" "
within "JSON, at the end"
keys g			# Home
screen_wait '^│ big/big ' 10
within "JSON, back at the top"

keys Escape
keys q
ui_wait_exit 5
ui_finish
