#!/bin/bash
# Live values: a JSON field published with mosquitto_pub shows as a
# sparkline in its bubbles' topic line, and P plots it: braille dots,
# min/max/avg/last of the window, a time axis, following new values, the
# window keys; plot in batch prints the same summary as JSON.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

pub() {
	mosquitto_pub -p "$BROKER_PORT" -t "$1" -m "$2" ||
	    fail "mosquitto_pub $1 failed"
}

ui_start
ui_cmd "connect $BROKER_URL --name pl"
screen_wait '● pl'
ui_cmd 'sub s/#'
screen_wait 'subscribed to s/#'
for v in 10 20.5 15 30 12.25; do
	pub s/temp "{\"id\":\"a\",\"temp\":$v}"
done
for v in 3 1 2; do
	pub s/n "$v"
done
pub s/temp '{"id":"a","temp":12.25}'
screen_wait '"temp": 12.25' 5

note "sparklines: the topic's recent values beside it, scaled min..max"
# 10 20.5 15 30 12.25 12.25 on 8 levels: ▁ ▅ ▃ █ ▂ ▂; 3 1 2: █ ▁ ▅.
check "s/temp's topic line has its sparkline" \
    screen_poll 's/temp ▁▅▃█▂▂ q0' 5
check "s/n's topic line has its sparkline" screen_has 's/n █▁▅ q0'

note "P on the selected message plots its topic's first numeric field"
ui_cmd 'pane msgs'
keys P
screen_wait '┌ Plot · pl · window 10m'
check "the legend names the series and its path" \
    screen_has '━━ s/temp \.temp'
check "min, max, avg, last and count of the window" \
    screen_has 'min 10  max 30  avg 16\.6667  last 12\.25  \(6 values\)'
braille() {
	local n
	n=$(screen | grep -o '[⠁-⣿]' | wc -l)
	[ "$n" -ge 10 ]
}
check "braille cells are drawn" braille
check "a time axis from 10 minutes ago to now" \
    screen_has '└-10m .* -5m .* now'
check "value labels on the axis" screen_has '^│ *30┤'
check "the foot names the window keys" screen_has 'window'

note "it follows new values"
pub s/temp '{"id":"a","temp":40.0}'
check "a new value shows: max 40, last 40.0 as written, 7 values" \
    screen_poll 'max 40 .* last 40\.0  \(7 values\)' 5

note "window keys: 1 minute, 1 hour, all"
keys 1
check "1 for the last minute" screen_poll 'window 1m' 3
check "the time axis says 1 minute" screen_has '└-1m'
keys 3
check "3 for the last hour" screen_poll 'window 1h' 3
keys 0
check "0 for all of it" screen_poll 'window all' 3
check "all: still 7 values" screen_has '\(7 values\)'

note "resized, it is read again for the new size"
ui_resize 80 24
check "the box fits the new width" screen_poll '^└─.*─┘$' 3
check "the time axis ends at the new edge" screen_poll '^│ .* now │$' 3
check "still 7 values, in braille" screen_has '\(7 values\)'
check "braille cells at the new size" braille
ui_resize 100 30
keys Escape
screen_wait_gone '┌ Plot' 3

note "two series by hand, a number payload without a path"
ui_cmd 'plot -w 1h s/temp .temp s/n'
screen_wait '┌ Plot · pl · window 1h'
check "both legends" screen_has '━━ s/n  min 1  max 3  avg 2  last 2  \(3 values\)'
check "the first legend too" screen_has '━━ s/temp \.temp  min 10  max 40'
keys q
screen_wait_gone '┌ Plot' 3

note "bad input: one clear line"
ui_cmd 'plot s/temp .temp.'
check "a bad path is named" \
    screen_poll "plot: bad path: empty name after '\\.' at '\\.'" 3
ui_cmd 'plot s/#'
check "a wildcard is refused" \
    screen_poll "plot: bad topic 's/#': one topic, no wildcards" 3
ui_cmd 'plot -w 5x s/temp'
check "a bad window is named" screen_poll "plot: bad window '5x'" 3

ui_cmd 'quit'
ui_wait_exit 10

note "batch: the summary as JSON, the exact last value"
run_mq plot -c 'plot -t pl -w all s/temp .temp s/n; plot -t pl -w 1h s/temp'
[ "$RC" -eq 0 ] || { show "$T/plot.json" "$T/plot.err"; fail "plot failed"; }
python3 - "$T/plot.json" <<'EOF_PY' || { show "$T/plot.json"; fail "wrong summary"; }
import json, sys
texts = [e["text"] for e in map(json.loads, open(sys.argv[1]))
         if e["event"] == "info"]
assert '"last":40.0,' in texts[0], texts[0]	# as written
rows = [json.loads(t) for t in texts]
assert len(rows) == 3, rows
t, n, auto = rows
assert t["connection"] == "pl" and t["topic"] == "s/temp", t
assert t["path"] == ".temp" and t["window"] == "all", t
assert t["count"] == 7 and t["min"] == 10 and t["max"] == 40, t
assert t["avg"] == 20 and t["last"] == 40, t
assert n["path"] == "" and n["count"] == 3 and n["last"] == 2, n
assert n["min"] == 1 and n["max"] == 3 and n["avg"] == 2, n
assert auto["path"] == ".temp" and auto["window"] == "1h", auto
assert auto["count"] == 7, auto
EOF_PY
note "ok: the batch summary"

run_mq plotbad -c 'plot -t nobody s/temp'
expect_rc 1 plotbad
expect_json "$T/plotbad.json" \
    'any(.[]; .event == "error" and
        .reason == "plot: no connection or history named '"'nobody'"'")' \
    "an unknown name is an error that names it"

ui_finish
