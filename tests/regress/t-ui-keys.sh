#!/bin/bash
# Every window's keys are in a table of its mode (bind -T MODE), and a
# window's own actions are commands (mode ACTION), so mqttyrc can rebind
# them: C-w saves the form (the profile is in the database), C-j sends
# from the composer (a mosquitto_sub of the test gets it) and x closes a
# pager (it goes from the screen). F1 in the form and ? in a pager list
# their tables; an unknown mode is an error naming the modes; U on "all
# messages" says why before asking anything.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start
broker_watch 'k/#'
P=$BROKER_PORT
MODES='main, form, subscribe, composer, prompt, confirm, find, pager, results, detail, plot, demo, tree'

# has_error NAME REASON: run_mq NAME printed an error event with REASON.
has_error() {
	jq -e -s --arg r "$2" 'any(.[]; .event == "error" and .reason == $r)' \
	    "$T/$1.json" >/dev/null && return 0
	show "$T/$1.json" "$T/$1.err"
	fail "$1: no error '$2'"
}

note "bind -T with an unknown mode: the error names the modes"
run_mq nosuch -c 'bind -T nosuch a b'
expect_rc 1 nosuch
has_error nosuch "bind: unknown mode 'nosuch' (modes: $MODES)"
printf 'bind -T form C-w "mode save"\nbind -T nosuch a b\n' >"$T/bad.rc"
run_mq badrc --config "$T/bad.rc"
expect_rc 1 badrc
has_error badrc "$T/bad.rc:2: bind: unknown mode 'nosuch' (modes: $MODES)"

cat >"$T/rc" <<'RC'
bind -T form C-w "mode save" "save (rebound)"
bind -T composer C-j "mode send" "send (rebound)"
bind -T pager x "mode close" "close (rebound)"
bind -T pager q
bind -T composer F5 "mode save"
RC
ui_start --config "$T/rc"
check "mqttyrc's bind lines are no errors" eval '! screen_has "rc:[0-9]"'

note "the : prompt: bind -T nosuch says so on the status line"
ui_cmd 'bind -T nosuch a b'
screen_wait "bind: unknown mode 'nosuch' \\(modes: main, form,"

note "mode with no window open says so"
ui_cmd 'mode send'
screen_wait "mode: no window is open for 'send'"

note "the form: F1 lists its table, C-w (rebound) saves"
keys n
screen_wait 'New connection'
type_text keyed
keys Tab
type_text 127.0.0.1
keys Tab
type_text "$P"
screen_wait "Port +$P "
keys F1
screen_wait '┌ Keys: form'
check "the form's table has the rebound C-w" \
    screen_has '^│ +C-w +save \(rebound\) +mode save'
check "and its defaults" screen_has '^│ +C-s +save +mode save'
check "and F1" screen_has '^│ +F1 +the form.s keys +keys form'
check "it says which keys edit" screen_has 'Editing keys'
keys Escape
screen_wait_gone '┌ Keys: form'
check "the form is still open, as it was" screen_has "Port +$P "
keys C-w
screen_wait_gone 'New connection'
screen_wait '○ keyed'
expect_eq "$(sql "SELECT name, host, port FROM profiles WHERE name='keyed'")" \
    "keyed|127.0.0.1|$P" "C-w saved the profile"

note "the composer: C-j (rebound) sends; Enter is still a new line"
ui_cmd "connect $BROKER_URL --name home"
screen_wait '● home'
keys p
screen_wait '┌ Publish to home'
type_text k/j
keys Tab Tab Tab
type_text 'line one'
keys Enter
type_text 'line two'
keys C-j
check "the broker delivered it, sent by C-j" broker_got 'k/j line one'
check "with the line Enter made" broker_got 'line two'
check "the composer stays open" screen_has '┌ Publish to home'
note "a key bound to an action the composer has not"
keys F5
screen_wait "mode: the composer has no action 'save' \\(it has: send,"
keys Escape
screen_wait_gone '┌ Publish to home'

note "U on 'all messages' refuses in words, without a question"
ui_cmd 'sub k/#'
screen_wait '■ k/#'
ui_cmd 'pane subs'
keys g U
screen_wait "select a subscription first"
check "no question was asked" eval '! screen_has "\\(y/n\\)"'
keys j U
screen_wait 'unsubscribe k/#\? \(y/n\)'
keys n
screen_wait_gone '\(y/n\)'
check "n kept the subscription" screen_has '■ k/#'

note "the pager: ? lists its table; x (rebound) closes; q is unbound"
keys '?'
screen_wait '┌ Help'
keys '?'
screen_wait '┌ Keys: pager'
check "the pager's table has the rebound x" \
    screen_has '^│ +x +close \(rebound\) +mode close'
check "and not q, unbound in mqttyrc" eval '! screen_has "^│ +q +close"'
keys q
screen_wait 'q is not bound in the pager'
check "q left the pager open" screen_has '┌ Keys: pager'
keys x
screen_wait_gone '┌ Keys: pager'
screen_wait '┌ Help'
keys x
screen_wait_gone '┌ Help'
screen_wait '┌ Connections'

note "the message detail: its own table, then the pager's (x closes)"
keys Tab
keys Enter
screen_wait '┌ Message'
keys F1
screen_wait '┌ Keys: detail'
check "detail lists Tab" screen_has '^│ +Tab +the payload as .* +mode format'
check "then the pager's keys" screen_has 'Then the keys of the pager'
keys x
screen_wait_gone '┌ Keys: detail'
keys x
screen_wait_gone '┌ Message'

keys C-c
screen_wait 'Quit\? \(y/n\)'
keys y
ui_wait_exit
expect_eq "$UI_RC" 0 "exit status after C-c y"
ui_finish
