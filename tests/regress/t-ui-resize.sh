#!/bin/bash
# The screen follows the terminal's size: at 80x24, 200x60, a tiny 30x8
# and back to 100x30 every pane is drawn whole: titles, borders on their
# columns, the status line with "? help", bubbles with their full text.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

ui_start
ui_cmd "connect $BROKER_URL --name res"
screen_wait '● res'
ui_cmd 'sub sensor/+/temperature'
screen_wait 'subscribed to sensor/\+/temperature'
mosquitto_pub -p "$BROKER_PORT" -t sensor/1/temperature -m 'temperature 21.5 C ok'
screen_wait 'temperature 21\.5 C ok'
ui_cmd 'pub sensor/9/temperature "sent from res"'
screen_wait 'sent from res'
# Words, none longer than a bubble is wide: a wrap may only break
# between them.
WORDS='temperatures rising quickly in the north wing of the building today'
mosquitto_pub -p "$BROKER_PORT" -t sensor/3/temperature -m "$WORDS"
screen_wait 'sensor/3/temperature q0'
keys Tab Tab		# the message pane has the focus from here on

# The layout rules (ui.c): the left column is 24 wide below 120 columns,
# else a fifth of the width, at most 40.
left_w() {
	local w=$1 l=24
	if [ "$w" -ge 120 ]; then
		l=$((w / 5))
		[ "$l" -gt 40 ] && l=40
	fi
	[ "$l" -gt $((w / 2)) ] && l=$((w / 2))
	echo "$l"
}

# problems W H: what is wrong with the captured screen at W x H, one
# line each; nothing when all is well.
problems() {
	python3 - "$T" "$UI_SCREEN" "$1" "$2" "$(left_w "$1")" "$WORDS" <<'EOF'
import re, sys
sys.path.insert(0, sys.argv[1])
from cells import cells, dwidth, BOX
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
W, H, L = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
lines = (lines + [""] * H)[:H]
def at(row, col, text):
    return "".join(cells(lines[row])[col:col + dwidth(text)]) == text
if len([l for l in lines if l.strip()]) < 3:
    print("the screen is blank"); sys.exit()
for n, l in enumerate(lines):
    if dwidth(l) > W:
        print("row %d is %d columns wide, more than %d" % (n, dwidth(l), W))
if not at(0, 0, "┌ Connections "):
    print("row 0: no '┌ Connections ' title at column 0")
if not at(0, L, "┌ res "):
    print("row 0: no '┌ res ' (message pane) title at column %d" % L)
subs = [n for n, l in enumerate(lines) if l.startswith("┌ Subscriptions ")]
if not subs:
    print("no '┌ Subscriptions ' title")
if not re.search(r" \? help *$", lines[H - 1]):
    print("the status line (row %d) does not end in '? help'" % (H - 1))
if not lines[H - 1].startswith(" res connected"):
    print("the status line does not start with ' res connected'")
for n in range(0, H - 1):
    c = cells(lines[n]) + [" "] * W
    for col in (0, L - 1, L, W - 1):
        if c[col] not in BOX:
            print("row %d col %d: %r where a border should be"
                  % (n, col, c[col]))
            break
text = "\n".join(lines)
for want in ("temperature 21.5 C ok", "sent from res",
             "sensor/1/temperature q0 "):
    if want not in text:
        print("%r is not shown whole" % want)
# The words message: the rows after its header, right of its bar.
hdr = [n for n, l in enumerate(lines) if "sensor/3/temperature q0" in l]
if not hdr:
    print("the words message's header is not shown")
else:
    segs = []
    for n in range(hdr[0] + 1, H - 1):
        c = cells(lines[n]) + [" "] * W
        if c[L + 1] != "│":
            break
        segs.append("".join(c[L + 2:W - 1]).rstrip())
    words = sys.argv[6]
    # Wrapped at spaces, the rows joined with spaces give the text back;
    # cut mid-word, only joining them with nothing does.
    if " ".join(s.strip() for s in segs) == words:
        pass
    elif "".join(segs) == words:
        print("the words message is cut mid-word: %r" % segs)
    else:
        print("the words message is not shown whole: %r" % segs)
# The subscription's topic fits when the column is wide enough.
if L - 2 >= len("■ sensor/+/temperature q0 2") and \
        "■ sensor/+/temperature" not in text:
    print("the subscription topic is cut although it fits")
EOF
}

# layout W H: wait (5 s at most) for a screen with no problems at W x H;
# else list them.
layout() {
	local w=$1 h=$2 end=$(($(date +%s) + 5)) p
	while :; do
		screen >"$UI_SCREEN"
		p=$(problems "$w" "$h")
		[ -z "$p" ] && break
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 0.2
	done
	if [ -n "$p" ]; then
		screen_show "${w}x$h"
		while read -r line; do
			check_fail "${w}x$h: $line"
		done <<<"$p"
		return 0
	fi
	note "ok: ${w}x$h: every pane readable"
}

layout 100 30

note "80x24"
ui_resize 80 24
layout 80 24

note "200x60"
ui_resize 200 60
layout 200 60
check "200x60: the wide column shows the whole subscription" \
    screen_has '■ sensor/\+/temperature +q0 [0-9]+│'

note "200x60: the help overlay fits its lines whole"
keys '?'
screen_wait '┌ Help'
check "help: the D binding's command is not cut" \
    screen_has 'delete --confirm \{conn\} *│$'
check "help: the U binding's command is not cut" \
    screen_has 'unsubscribe --confirm -t \{conn\} \{sub\} *│$'
check "help: q is on the first page at 60 rows" screen_has '^│ +q +quit'
if ! out=$(screen_borders 0 58 0 199); then
	screen_show "help at 200x60"
	echo "$out" | head >&2
	check_fail "help at 200x60: borders moved"
fi
keys Escape
screen_wait_gone '┌ Help'

note "too small to draw much: 30x8 must not kill it"
ui_resize 30 8
sleep 0.5
check "alive at 30x8" ui_alive
keys '?'
keys Escape
check "still alive after a key at 30x8" ui_alive

note "back to 100x30"
ui_resize 100 30
layout 100 30

note "a message that arrives while small shows once it is big again"
ui_resize 80 24
layout 80 24
mosquitto_pub -p "$BROKER_PORT" -t sensor/2/temperature -m 'arrived at 80 columns'
screen_wait 'arrived at 80 columns'
ui_resize 200 60
layout 200 60
check "200x60: the new message is there" screen_has 'arrived at 80 columns'

keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
check "the tty is back in canonical mode" stty_has icanon
ui_finish
