#!/bin/bash
# Errors in the config file say FILE:LINE: and the command's own message,
# every one of them, in order; the good lines around them still run. A
# directory or a missing file given as --config is an error before
# anything runs; a NUL byte is named; a long bad line is cut so its error
# stays one line.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
# Nobody listens there: a connect to it is refused, later, by the broker
# side, so its error comes from the command's answer, not from its parse.
CLOSED=$(free_port)

# cfg NAME ARGS...: mqtty --batch on the test's db without --no-config;
# stdout in $T/NAME.out, stderr in $T/NAME.err, exit status in RC.
cfg() {
	local n=$1
	shift
	RC=0
	timeout 20 "$MQTTY" --batch --db "$DB" "$@" >"$T/$n.out" \
	    2>"$T/$n.err" || RC=$?
	note "$n: exit $RC"
	[ "$RC" -ne 124 ] || { show "$T/$n.err"; fail "$n: did not finish"; }
	_check_sanitizer "$n"
}

# profiles NAME...: how many of these profiles the db holds.
profiles() {
	local in= n
	for n in "$@"; do
		in="$in${in:+,}'$n'"
	done
	sql "SELECT count(*) FROM profiles WHERE name IN ($in)"
}

RCF=$T/rc
cat >"$RCF" <<RC
# good and bad lines, mixed
save good1 $U
frobnicate the widgets
save good2 $U -i two

pub -q 7 t x
save ' bad name' $U
connect mqtt://127.0.0.1:$CLOSED --name refused --no-reconnect
save good3 $U
RC

note "--json: one error event per bad line, FILE:LINE: first"
cfg json --json --config "$RCF" -c 'frobnicate2'
expect_rc 1 json
mv "$T/json.out" "$T/json.json"
J=$T/json.json
jq -r -s '.[] | select(.event=="error") | .reason' "$J" >"$T/reasons"
expect_eq "$(wc -l <"$T/reasons")" 5 "five errors (four lines, one -c)"
want=(
	"$RCF:3: unknown command 'frobnicate' (try 'help')"
	"$RCF:6: pub: bad QoS '7': must be 0, 1 or 2"
	"$RCF:7: save: bad profile name ' bad name'"
	"$RCF:8: connect: "
	"unknown command 'frobnicate2' (try 'help')"
)
for i in 0 1 2 3 4; do
	got=$(sed -n "$((i + 1))p" "$T/reasons")
	case $got in
	"${want[i]}"*) note "ok: $got" ;;
	*) show "$T/reasons"; fail "error $((i + 1)): '$got', wanted '${want[i]}...'" ;;
	esac
done
grep -qiE "^$RCF:8: connect: .*refused" "$T/reasons" ||
	{ show "$T/reasons"; fail "the refused connect does not say so"; }
expect_eq "$(profiles good1 good2 good3)" 3 "the good lines ran"
expect_eq "$(profiles ' bad name' refused)" 0 "the bad lines wrote nothing"
grep -qw two <<<"$(sql -line "SELECT * FROM profiles WHERE name='good2'")" ||
	fail "good2 lacks its client id"

note "text: the same errors on stderr, one line each"
sql "DELETE FROM profiles"
cfg text --config "$RCF"
expect_rc 1 text
grep '^mqtty: error: ' "$T/text.err" >"$T/text.errors" || true
expect_eq "$(wc -l <"$T/text.errors")" 4 "four error lines"
for n in 3 6 7 8; do
	grep -q "^mqtty: error: $RCF:$n: " "$T/text.errors" ||
		{ show "$T/text.err"; fail "no error for line $n on stderr"; }
done
note "ok: lines 3, 6, 7 and 8 named"
expect_eq "$(profiles good1 good2 good3)" 3 "the good lines ran (text)"

note "the default file is named by its path"
mkdir -p "$XDG_CONFIG_HOME/mqtty"
printf 'save d1 %s\nfrobnicate\n' "$U" >"$XDG_CONFIG_HOME/mqtty/mqttyrc"
cfg default --json
expect_rc 1 default
expect_eq "$(jq -r 'select(.event=="error") | .reason' "$T/default.out")" \
    "$XDG_CONFIG_HOME/mqtty/mqttyrc:2: unknown command 'frobnicate' (try 'help')" \
    "default mqttyrc error"
rm "$XDG_CONFIG_HOME/mqtty/mqttyrc"
cfg nofile --json -c "save d2 $U"
expect_rc 0 nofile
expect_eq "$(profiles d2)" 1 "no default file: not an error"

note "a directory as --config: an error, nothing runs"
mkdir "$T/adir"
cfg dir --config "$T/adir" -c "save notrun $U"
expect_rc 1 dir
expect_eq "$(cat "$T/dir.err")" "mqtty: $T/adir: is a directory" \
    "directory: the message"
expect_eq "$(profiles notrun)" 0 "directory: -c did not run"
# The screen says it before it starts, with no terminal needed.
RC=0
timeout 20 "$MQTTY" --db "$DB" --config "$T/adir" >"$T/dirui.out" \
    2>"$T/dirui.err" || RC=$?
expect_rc 1 dirui
expect_eq "$(cat "$T/dirui.err")" "mqtty: $T/adir: is a directory" \
    "directory: the message without --batch"

note "a missing --config file: an error naming it and why"
cfg missing --config "$T/nosuch.rc" -c "save notrun $U"
expect_rc 1 missing
expect_eq "$(cat "$T/missing.err")" \
    "mqtty: $T/nosuch.rc: No such file or directory" "missing: the message"
expect_eq "$(profiles notrun)" 0 "missing: -c did not run"

note "a NUL byte in a line is named; the lines around it run"
printf 'save n1 %s\nsave n2\0 %s\nsave n3 %s\n' "$U" "$U" "$U" >"$T/nul.rc"
cfg nul --json --config "$T/nul.rc"
expect_rc 1 nul
expect_eq "$(jq -r 'select(.event=="error") | .reason' "$T/nul.out")" \
    "$T/nul.rc:2: contains a NUL byte" "NUL: the message"
expect_eq "$(profiles n1 n3)" 2 "NUL: lines 1 and 3 ran"
expect_eq "$(profiles n2)" 0 "NUL: line 2 did not"

note "a 5000-character bad line is cut in its error"
long=$(head -c 5000 /dev/zero | tr '\0' x)
printf 'save l1 %s\n%s\nsub --%s t\nsave l2 %s\n' "$U" "$long" "$long" "$U" \
    >"$T/long.rc"
cfg long --json --config "$T/long.rc"
expect_rc 1 long
jq -r 'select(.event=="error") | .reason' "$T/long.out" >"$T/long.reasons"
expect_eq "$(wc -l <"$T/long.reasons")" 2 "long: two errors"
r1=$(sed -n 1p "$T/long.reasons")
r2=$(sed -n 2p "$T/long.reasons")
case $r1 in
"$T/long.rc:2: unknown command 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (try 'help')") ;;
*) fail "long: first error is '${r1:0:300}'" ;;
esac
note "ok: the unknown command is cut to 64 characters and …"
case $r2 in
"$T/long.rc:3: sub: "*…) ;;
*) fail "long: second error is '${r2:0:300}'" ;;
esac
# jq counts characters: the cut reason is 240 columns, "…" included.
expect_eq "$(jq -r 'select(.event=="error") | .reason | length' \
    "$T/long.out" | sed -n 2p)" 240 "long: the flag's error is cut at 240"
expect_eq "$(profiles l1 l2)" 2 "long: the lines around ran"
cfg longtext --config "$T/long.rc"
expect_eq "$(wc -l <"$T/longtext.err")" 4 \
    "long: four lines on stderr (two saves, two errors)"
