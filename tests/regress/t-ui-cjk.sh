#!/bin/bash
# Wide (CJK) text keeps the layout: topics in the subscription pane (cut
# to fit), bubble headers, payloads wrapped over several lines, the
# composer and the detail view. Every pane border stays on its column on
# every row, counting a CJK character as two columns.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

TOPIC=温度/传感器/一号
SHORT=二十一度，正常
# 37 wide characters: 74 columns, more than a bubble holds at 100x30, so
# it wraps, and an odd bubble width splits it between two characters.
LONG=温度传感器读数正常一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥
LEFT=24		# the left column's width at 100 columns

# borders WHAT: the four vertical borders (left, the column's right, the
# message pane's left and right) on every row but the status line.
borders() {
	local out
	if out=$(screen_borders 0 $((UI_H - 2)) 0 $((LEFT - 1)) "$LEFT" \
	    $((UI_W - 1))); then
		note "ok: borders in place ($1)"
	else
		screen_show "$1"
		echo "$out" | head -20 >&2
		check_fail "borders moved ($1)"
	fi
}

ui_start
ui_cmd "connect $BROKER_URL --name cjk"
screen_wait '● cjk'

note "s with a CJK filter, and a CJK topic too wide for the pane"
keys s
screen_wait '┌ Subscribe on cjk' 3
type_text '温度/#'
screen_wait 'Topic filter +温度/#'
keys Enter
screen_wait 'subscribed to 温度/#'
ui_cmd "sub $TOPIC"
screen_wait "subscribed to $TOPIC"
screen_wait '■ 温度/#'
borders "subscriptions"

note "CJK messages"
mosquitto_pub -p "$BROKER_PORT" -t "$TOPIC" -m "$SHORT"
screen_wait "$SHORT"
mosquitto_pub -p "$BROKER_PORT" -t "$TOPIC" -m "$LONG"
screen_wait '温度传感器'
check "the header shows the CJK topic" screen_has "$TOPIC q0 [0-9]{2}:"
borders "CJK bubbles"

# The long payload: every wrapped line starts right after the bubble's
# bar, at the same column, and together they hold all of it.
screen >"$UI_SCREEN"
python3 - "$T" "$UI_SCREEN" "$LONG" $((LEFT + 1)) <<'EOF' >"$T/wrap.out"
import sys
sys.path.insert(0, sys.argv[1])
from cells import cells
path, want, bar = sys.argv[2], sys.argv[3], int(sys.argv[4])
rows, got = [], ""
for n, l in enumerate(open(path, encoding="utf-8").read().split("\n")):
    c = cells(l)
    if len(c) > bar + 1 and c[bar] == "│" and c[bar + 1] in want:
        text = "".join(c[bar + 1:]).split("│")[0].rstrip()
        if text and text in want:
            rows.append(n)
            got += text
print("rows", rows)
print("got", got)
print("ok" if got.endswith(want) else "BAD")
EOF
cat "$T/wrap.out"
check "the long CJK payload wraps whole, each line after the bar" \
    grep -qx ok "$T/wrap.out"
check "the long CJK payload takes more than one line" \
    grep -q '^rows \[[0-9]*, [0-9]' "$T/wrap.out"

note "the subscription row filters the view; the title has the CJK filter"
keys Tab		# Connections -> Subscriptions
keys j Enter
screen_wait '┌ cjk · 温度/# '
borders "filtered by 温度/#"

note "the composer with CJK; the sent bubble on the right"
keys p
screen_wait '┌ Publish to cjk'
type_text 温度/传感器/二号
keys Tab Tab Tab
type_text 你好世界
screen_wait 'Payload +你好世界'
keys C-s
screen_wait 'published to 温度/传感器/二号'
keys Escape
screen_wait_gone '┌ Publish to'
screen_wait '温度/传感器/二号 q0'
borders "a sent CJK bubble"
read -r row start end < <(screen_col '你好世界')
check "the sent CJK bubble is on the right half (columns $start-$end)" \
    test "$start" -gt $(((LEFT + UI_W) / 2))
bar=$(screen_next "$row" "$end" "│")
check "the sent bubble's bar is near the right border (column $bar)" \
    test "$bar" -ge $((UI_W - 7)) -a "$bar" -lt $((UI_W - 1))

note "the detail view of a CJK message"
# Enter on the subscription left the focus on the messages.
keys k
keys Enter
screen_wait '┌ Message'
check "the detail shows the CJK topic" screen_has "^│ 温度/传感器/"
# The detail leaves the status line (the last row) in sight.
if out=$(screen_borders 0 $((UI_H - 2)) 0 $((UI_W - 1))); then
	note "ok: the detail's borders in place"
else
	screen_show detail
	echo "$out" >&2
	check_fail "the detail's borders moved"
fi
keys Escape
screen_wait_gone '┌ Message'
borders "after the detail"

ui_finish
