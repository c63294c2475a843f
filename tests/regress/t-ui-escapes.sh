#!/bin/bash
# Hostile payloads cannot drive the terminal: OSC (set title), CSI (clear
# screen), a C1 CSI (U+009B) and invalid UTF-8 are shown as visible
# escapes or hex; a zero-width space in a topic and a bidi override in a
# payload show as <U+200B> and <U+202E>. mqtty runs under script(1) inside
# the tmux pane, so the test reads every byte it wrote to the terminal.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
TS=$T/typescript

ui_start --script "$TS"
ui_cmd "connect $BROKER_URL --name esc"
screen_wait '● esc'
ui_cmd 'sub evil/#'
screen_wait 'subscribed to evil/#'

note "a valid UTF-8 payload with OSC 0, CSI 2J and a C1 CSI"
printf 'A\033]0;pwned\a\033[2J\xc2\x9bZ' |
    mosquitto_pub -p "$BROKER_PORT" -t evil/1 -s
screen_wait 'evil/1 q0'
check "the escapes are shown as text: A\\e]0;pwned\\a\\e[2J<U+009B>Z" \
    screen_has 'A\\e\]0;pwned\\a\\e\[2J<U\+009B>Z'
check "the screen was not cleared (frame still there)" \
    screen_has '┌ Connections'
check "the status line is still there" screen_has '\? help *$'
check "the terminal title was not set" \
    eval '[[ "$(ui_pane_flag pane_title)" != *pwned* ]]'

note "invalid UTF-8 (0xff) with an OSC after it"
printf 'bad\xff\033]0;pwned2\a' |
    mosquitto_pub -p "$BROKER_PORT" -t evil/2 -s
screen_wait 'evil/2 q0'
check "the invalid payload shows as hex (626164ff...)" \
    screen_has "626164ff1b5d303b70776e656432"
check "the terminal title was not set" \
    eval '[[ "$(ui_pane_flag pane_title)" != *pwned* ]]'

note "invisible and direction-changing characters in a topic and payload"
printf 'left\342\200\256thgir' |
    mosquitto_pub -p "$BROKER_PORT" -t "$(printf 'evil/a\342\200\213b')" -s
screen_wait 'evil/a<U\+200B>b q0'
check "the override is shown, the text after it not reversed" \
    screen_has 'left<U\+202E>thgir'

note "the detail view of the first message escapes too"
keys Tab Tab		# Connections -> Subscriptions -> messages
keys k k		# the oldest one: evil/1
keys Enter
screen_wait '┌ Message'
check "detail names evil/1" screen_has '^│ evil/1 '
check "detail shows the escapes as text" screen_has '\\e\]0;pwned\\a'
keys Escape
screen_wait_gone '┌ Message'
check "still not cleared after the detail" screen_has '┌ Connections'

keys q
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit

note "what mqtty wrote to the terminal"
[ -s "$TS" ] || fail "script wrote no typescript"
python3 - "$TS" <<'EOF' >"$T/ts.check"
import sys
data = open(sys.argv[1], "rb").read()
bad = {
    "OSC 0 title (ESC ] 0 ; pwned)": b"\x1b]0;pwned",
    "BEL after pwned": b"pwned\x07",
    "the payload's CSI 2J (BEL ESC [ 2 J)": b"\x07\x1b[2J",
    "raw C1 CSI (c2 9b)": b"\xc2\x9b",
    "raw 0xff": b"\xff",
    "raw U+200B (e2 80 8b)": b"\xe2\x80\x8b",
    "raw U+202E (e2 80 ae)": b"\xe2\x80\xae",
}
for what, seq in bad.items():
    n = data.count(seq)
    print("%s %d %s" % ("BAD" if n else "ok", n, what))
# The escapes must have been drawn, as text.
print("%s shown \\e]0;pwned as text" % ("ok" if b"\\e]0;pwned" in data
                                        else "BAD"))
EOF
cat "$T/ts.check"
while read -r verdict rest; do
	[ "$verdict" = BAD ] && check_fail "typescript: $rest"
done <"$T/ts.check"

ui_finish
