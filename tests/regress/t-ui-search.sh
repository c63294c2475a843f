#!/bin/bash
# S searches the connection's history: the hits list under the message
# pane, newest first; n and N move through them and the message view shows
# each one in context (not the newest messages); Enter opens the hit in
# full; :search with flags lists by topic filter; q closes. The status
# line shows the database's size, and the index's progress when an older
# history is being indexed.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

ui_start
ui_cmd "connect $BROKER_URL --name s"
screen_wait '● s'
ui_cmd "sub 'm/#'"
screen_wait 'subscribed to m/#'
for i in $(seq 1 30); do
	case $i in
	5 | 15 | 25) p="alarm $i" ;;
	*) p="value $i" ;;
	esac
	mosquitto_pub -p "$BROKER_PORT" -t "m/$i" -m "$p"
done
screen_wait 'value 30'
wait_rows 30 5 || fail "not stored"

note "S: the prompt, then the hits"
keys S
screen_wait '^search' 3
type_text alarm
keys Enter
screen_wait 'search -t s alarm — 3 hits' 5
check "newest hit first, selected" screen_has 'm/25 alarm 25'
check "the message view shows the hit, not the newest" \
    screen_poll 'value 30' 3 gone
check "the hit's bubble is there" screen_has '^.*alarm 25'

note "n: the next (older) hit in the message view"
keys n
screen_wait 'm/15 alarm 15'
check "message view moved to it" screen_poll 'value 2[6-9]' 3 gone
check "its context after it" screen_has 'value 16'

note "Enter: the hit in full"
keys Enter
screen_wait '┌ Message'
check "the detail of m/15" screen_has 'alarm 15'
keys q
screen_wait_gone '┌ Message'
check "the list is still there" screen_has 'alarm — 3 hits'

note "N: back to the newer hit"
keys N
screen_poll 'value 26' 3 || check_fail "message view back at m/25"

note "q closes; :search with flags"
keys q
screen_wait_gone '3 hits'
ui_cmd "search -t s --topic m/+ --since 1h -n 5"
screen_wait 'search -t s --topic m/\+ --since 1h -n 5 — 5 hits' 5
check "the newest of them" screen_has 'm/30 value 30'
keys q

note "paged from the store: 50 at a time as the list is read"
seq 1 120 | sed 's/^/bulk /' |
    mosquitto_pub -p "$BROKER_PORT" -t m/bulk -l
wait_rows 150 10 || fail "bulk not stored"
ui_cmd "search -t s bulk"
screen_wait 'search -t s bulk — 50\+ hits' 5
keys G
screen_wait 'bulk — 100\+ hits' 5
keys G
screen_wait 'bulk — 120 hits' 5
keys G
check "the oldest read" screen_poll 'm/bulk bulk 1 *│' 3
keys q

note "a bad criterion: an error, no list"
ui_cmd "search --since soon"
screen_wait "bad time 'soon' for --since"
keys Escape
check "the status line shows the database's size" \
    screen_poll ' db [0-9.]+ [KMG]B · \? help' 3

note "an older history: the index is built while idle, its progress shown"
keys q
DB=$T/older.db
bash "$(dirname "$MQTTY_TESTLIB")/search-db.sh" "$MQTTY" "$DB" 300000 0
ui_start
check "indexing shows its progress" screen_poll ' indexing [0-9]+% · db ' 5
check "and goes when it is done" screen_poll ' indexing ' 60 gone
expect_eq "$(sqlite3 "$DB" 'SELECT done FROM fts_state')" 300000 \
    "every row indexed"
ui_finish
