#!/bin/bash
# Bad input: each bad command is one error naming the problem, the run goes
# on (a later valid command still works), exits 1, and writes nothing to
# the db.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

run_mq base -c "save base mqtt://127.0.0.1:1883"
expect_rc 0 base
m0=$(sql "SELECT count(*) FROM messages")
p0=$(sql "SELECT count(*) FROM profiles")
expect_eq "$p0" 1 "one profile to start with"

long=$(head -c 65536 /dev/zero | tr '\0' a)
mkdir "$T/adir"
# Command, then a regex (case-insensitive) its error's reason must match.
cases=(
	'frobnicate now'			'unknown|frobnicate'
	'sub --bogus-flag x/#'			'bogus|flag|option'
	'pub --bogus x/1 y'			'bogus|flag|option'
	'connect mqtt://'			'url|host'
	'connect mqtt://127.0.0.1:abc'		'port'
	'connect mqtt://127.0.0.1:0'		'port'
	'save x mqtt://127.0.0.1:99999'		'port'
	'pub -q 3 ok/t x'			'qos'
	'sub -q 3 ok/t'				'qos'
	'pub -q x ok/t x'			'qos'
	'pub ok/+ x'				'wildcard'
	'pub "a\xffb" x'			'utf-?8'
	'pub ok/# x'				'wildcard'
	"pub '' x"				'empty'
	"sub ''"				'empty'
	"pub $long x"				'long|65535|length|exceed|too big'
	"sub $long"				'long|65535|length|exceed|too big'
	'pub -f /nonexistent/none.bin ok/t'	'none\.bin|no such file|read|open'
	"pub -f $T/adir ok/t"			'directory|read|open'
	'sub'					'topic|usage'
	'unsub -t nosuch x/#'			'nosuch|no such|unknown|not found'
)
: >"$T/bad.in"
echo "connect $U --name a" >>"$T/bad.in"
n=0
for ((i = 0; i < ${#cases[@]}; i += 2)); do
	printf '%s\n' "${cases[i]}" >>"$T/bad.in"
	n=$((n + 1))
done
# The sleep, not -C: the run ends by itself once good/t came back.
printf '%s\n' 'sub -q 1 good/#' 'pub -q 1 good/t fine' 'sleep 1' >>"$T/bad.in"

RC=0
timeout 20 "$MQTTY" --batch --json --db "$DB" --no-config \
    <"$T/bad.in" >"$T/bad.json" 2>"$T/bad.err" || RC=$?
_check_sanitizer bad
expect_rc 1 bad
J=$T/bad.json
expect_json "$J" 'any(.[]; .event=="connected" and .connection=="a")' \
    "connected first"
expect_json "$J" "[.[] | select(.event==\"error\")] | length==$n" \
    "one error per bad command ($n)"
jq -r -s '.[] | select(.event=="error") | .reason' "$J" >"$T/reasons"
k=0
for ((i = 0; i < ${#cases[@]}; i += 2)); do
	k=$((k + 1))
	r=$(sed -n "${k}p" "$T/reasons")
	cmd=${cases[i]}
	if ! printf '%s\n' "$r" | grep -qiE -- "${cases[i + 1]}"; then
		show "$T/reasons"
		fail "error $k for '${cmd:0:60}': reason '${r:0:200}' does not match /${cases[i + 1]}/"
	fi
	[ "${#r}" -le 300 ] || fail "error $k for '${cmd:0:60}': reason too long (${#r})"
	note "ok: '${cmd:0:60}' -> $r"
done
# JSON text is UTF-8: a reason quoting bad bytes must escape or drop them.
if ! iconv -f UTF-8 -t UTF-8 "$J" >/dev/null 2>"$T/iconv.err"; then
	grep -an "$(printf '\377')" "$J" | cut -c1-200 >&2 || true
	fail "the JSON output is not valid UTF-8 ($(cat "$T/iconv.err"))"
fi
note "ok: output is valid UTF-8"
expect_json "$J" 'any(.[]; .event=="subscribed" and .topic=="good/#")' \
    "a valid sub after the errors works"
expect_json "$J" 'any(.[]; .event=="message" and .topic=="good/t" and
    .payload=="fine")' "a valid pub after the errors works"
expect_json "$J" '[.[] | select(.event=="message" or .event=="published")
    | .topic] | all(. | startswith("good/"))' "nothing else was published"

note "nothing written by the failed commands"
expect_eq "$(sql "SELECT count(*) FROM profiles")" "$p0" "profiles unchanged"
expect_eq "$(sql "SELECT count(*) FROM messages")" "$((m0 + 2))" \
    "messages: only good/t in and out"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE topic != 'good/t'")" \
    0 "no row for a bad publish"

note "without a broker: bad commands alone, nothing written, exit 1"
m1=$(sql "SELECT count(*) FROM messages")
run_mq nobroker -c "frobnicate; pub ok/+ x; save y mqtt://:1; save y2 http://h;
    delete nosuch"
expect_rc 1 nobroker
expect_json "$T/nobroker.json" '[.[] | select(.event=="error")] | length==5' \
    "five errors"
expect_eq "$(sql "SELECT count(*) FROM messages")" "$m1" "messages unchanged"
expect_eq "$(sql "SELECT count(*) FROM profiles")" "$p0" "profiles unchanged"

# Parse errors are reported when a line is read, so not in command order.
note "parse errors (unterminated quote, \\x00 for a NUL) are one error each"
run_mq quote -c 'save q1 mqtt://127.0.0.1:1883' <<'IN'
pub "abc
pub "a\x00b" x
save q2 mqtt://127.0.0.1:1883
IN
expect_rc 1 quote
expect_json "$T/quote.json" '[.[] | select(.event=="error")] | length==2' \
    "two errors"
expect_json "$T/quote.json" 'any(.[]; .event=="error" and
    (.reason | test("quote|unterminated"; "i")))' "unterminated quote"
expect_json "$T/quote.json" 'any(.[]; .event=="error" and
    (.reason | test("nul"; "i")))' "NUL in a topic"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name IN ('q1','q2')")" \
    2 "the commands around it ran"

note "without --json: one line on stderr, nothing on stdout"
RC=0
timeout 20 "$MQTTY" --batch --db "$DB" --no-config -c 'frobnicate' \
    >"$T/plain.out" 2>"$T/plain.err" || RC=$?
_check_sanitizer plain
expect_rc 1 plain
[ ! -s "$T/plain.out" ] || { show "$T/plain.out"; fail "plain: stdout not empty"; }
expect_eq "$(wc -l <"$T/plain.err")" 1 "plain: one line on stderr"
grep -qE '^mqtty: .*(unknown|frobnicate)' "$T/plain.err" ||
	{ show "$T/plain.err"; fail "plain: stderr line is not 'mqtty: ...unknown...'"; }
note "ok: plain error line"

note "a bad command-line option is an error with a non-zero exit"
RC=0
timeout 20 "$MQTTY" --batch --db "$DB" --no-config --bogus-option \
    >"$T/opt.out" 2>"$T/opt.err" || RC=$?
if [ "$RC" -eq 0 ] || [ "$RC" -eq 124 ]; then
	show "$T/opt.err"
	fail "--bogus-option: exit status $RC"
fi
[ -s "$T/opt.err" ] || fail "--bogus-option: nothing on stderr"
note "ok: --bogus-option exits $RC"
