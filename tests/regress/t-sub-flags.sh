#!/bin/bash
# mosquitto_sub's output flags in --batch: -v, -N, -R, -T and
# --retained-only printed by mosquitto_sub and by mqtty for the same
# messages and compared byte for byte; --remove-retained checked at the
# broker; -U on a persistent session; --random-filter counted; --watch's
# bytes; --json valid for binary, NUL and huge payloads; bad flags.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
P=$BROKER_PORT

pub() {
	mosquitto_pub -p "$P" "$@"
}
# subscribed ID: wait (bounded) until the broker has ID's SUBSCRIBE.
subscribed() {
	local i
	for i in $(seq 1 100); do
		grep -q "Received SUBSCRIBE from $1\$" "$BROKER_LOG" && return 0
		sleep 0.1
	done
	fail "$1 did not subscribe"
}

pub -q 1 -r -t flags/r1 -m one
pub -q 1 -r -t flags/r2 -m two
pub -q 1 -r -t flags/x/r3 -m three

# pair NAME COUNT FLAGS...: mosquitto_sub and mqtty on flags/# with the
# same flags, into $T/NAME.{mosq,mq}; both subscribed when it returns.
# COUNT 0: no -C.
declare -A PAIR=()
pair() {
	local name=$1 count=$2 c=()
	shift 2
	[ "$count" -gt 0 ] && c=(-C "$count")
	timeout 20 mosquitto_sub -p "$P" -i "mosq-$name" -q 1 -t 'flags/#' \
	    -W 10 "${c[@]}" "$@" >"$T/$name.mosq" 2>"$T/$name.mosq.err" &
	BG_PIDS+=("$!")
	timeout 20 "$MQTTY" --batch --db "$T/db-$name" --no-config -W 10 \
	    "${c[@]}" "$@" -c "connect $U -i mq-$name; sub -q 1 flags/#" \
	    >"$T/$name.mq" 2>"$T/$name.mq.err" &
	BG_PIDS+=("$!")
	PAIR[$name]=$!
	subscribed "mosq-$name"
	subscribed "mq-$name"
}
same() {	# same NAME DESCRIPTION
	if ! cmp -s "$T/$1.mosq" "$T/$1.mq"; then
		echo "--- mosquitto_sub" >&2
		od -c "$T/$1.mosq" >&2
		echo "--- mqtty" >&2
		od -c "$T/$1.mq" >&2
		show "$T/$1.mq.err"
		fail "$2: mqtty's output differs from mosquitto_sub's"
	fi
	note "ok: $2 as mosquitto_sub"
}

pair v 5 -v
pair vN 5 -v -N
pair R 2 -v -R
pair T 3 -v -T 'flags/x/#' -T flags/r2
pair only 0 -v --retained-only
start=$(now_ms)
pub -q 1 -t flags/a -m hello
pub -q 1 -t flags/e -n
for n in v vN R T only; do
	wait "${PAIR[$n]}" || { show "$T/$n.mq.err"; fail "$n: mqtty failed"; }
done
took=$(( $(now_ms) - start ))
sleep 0.3
same v "-v (an empty payload is '(null)')"
same vN "-v -N"
same R "-R"
same T "-T twice"
same only "--retained-only"
expect_eq "$(cat "$T/only.mq")" "flags/r1 one
flags/r2 two
flags/x/r3 three" "--retained-only printed the retained ones"
[ "$took" -lt 8000 ] ||
	fail "--retained-only did not end at the first live message (${took} ms)"
note "ok: --retained-only ended at the first live message"

note "--remove-retained clears what it prints, not what -T filters out"
RC=0
timeout 20 "$MQTTY" --batch --db "$T/db-rm" --no-config -W 10 -v \
    --remove-retained --retained-only -T flags/r2 \
    -c "connect $U -i mq-rm; sub -q 1 flags/#" >"$T/rm.out" \
    2>"$T/rm.err" || RC=$?
expect_eq "$RC" 0 "--remove-retained exits 0"
expect_eq "$(cat "$T/rm.out")" "flags/r1 one
flags/x/r3 three" "--remove-retained printed what it cleared"
timeout 10 mosquitto_sub -p "$P" -t 'flags/#' -v --retained-only -W 2 \
    >"$T/left.out" 2>/dev/null || true
expect_eq "$(cat "$T/left.out")" "flags/r2 two" \
    "only the filtered-out retained message is left at the broker"

note "-U unsubscribes a filter a persistent session kept"
run_mq u1 -c "connect $U -i keeper -c; sub -q 1 u/a u/b; disconnect"
expect_rc 0 u1
run_mq u2 -U u/a -c "connect $U -i keeper -c"
expect_rc 0 u2
expect_json "$T/u2.json" 'any(.[]; .event=="unsubscribed" and .topic=="u/a")' \
    "-U: unsubscribed from u/a"
pub -q 1 -t u/a -m gone
pub -q 1 -t u/b -m kept
run_mq u3 -W 3 -c "connect $U -i keeper -c"
expect_json "$T/u3.json" '[.[] | select(.event=="message") | .topic] ==
    ["u/b"]' "-U: only u/b's message was kept for the session"

note "--random-filter prints about its percentage; -C counts them all"
for pct in 50 100; do
	timeout 30 "$MQTTY" --batch --db "$T/db-rf" --no-config -C 400 -W 20 \
	    --random-filter "$pct" -F '%p' \
	    -c "connect $U -i mq-rf$pct; sub -q 1 rf/#" >"$T/rf.out" \
	    2>"$T/rf.err" &
	BG_PIDS+=("$!")
	rfpid=$!
	subscribed "mq-rf$pct"
	seq 1 400 | pub -q 1 -t rf/x -l
	wait "$rfpid" || { show "$T/rf.err"; fail "--random-filter $pct failed"; }
	n=$(wc -l <"$T/rf.out")
	if [ "$pct" = 100 ]; then
		expect_eq "$n" 400 "--random-filter 100 prints all"
	elif [ "$n" -lt 140 ] || [ "$n" -gt 260 ]; then
		fail "--random-filter 50 printed $n of 400"
	else
		note "ok: --random-filter 50 printed $n of 400"
	fi
done

note "--watch: a line per topic, rewritten in place"
timeout 20 "$MQTTY" --batch --db "$T/db-w" --no-config -C 3 -W 10 --watch \
    -F '%t %p' -c "connect $U -i mq-w; sub -q 1 w/#" >"$T/w.out" \
    2>"$T/w.err" &
BG_PIDS+=("$!")
wpid=$!
subscribed mq-w
pub -q 1 -t w/a -m 1
pub -q 1 -t w/b -m 2
pub -q 1 -t w/a -m 3
wait "$wpid" || { show "$T/w.err"; fail "--watch failed"; }
printf '\033[2J\033[1;1H\033[1;1H\033[2Kw/a 1\n\033[1;1H\n\033[2;1H\033[2Kw/b 2\n\033[2;1H\n\033[1;1H\033[2Kw/a 3\n\033[2;1H\n' \
    >"$T/w.want"
if ! cmp -s "$T/w.want" "$T/w.out"; then
	od -c "$T/w.out" >&2
	fail "--watch: not the bytes wanted"
fi
note "ok: --watch moves to the topic's line, clears it, prints"

note "--json stays valid UTF-8 JSON: bad UTF-8, NULs, 4 MiB"
printf 'a\377\376b' >"$T/p1"
printf 'x\000y\000' >"$T/p2"
head -c 4194304 /dev/urandom >"$T/p3"
printf 'caf\303\251 \360\237\230\200' >"$T/p4"
timeout 30 "$MQTTY" --batch --json --db "$T/db-j" --no-config -C 4 -W 20 \
    -c "connect $U -i mq-j; sub -q 1 j/#" >"$T/j.json" 2>"$T/j.err" &
BG_PIDS+=("$!")
jpid=$!
subscribed mq-j
for i in 1 2 3 4; do
	pub -q 1 -t "j/$i" -f "$T/p$i"
done
wait "$jpid" || { show "$T/j.err"; fail "--json run failed"; }
# iconv fails on a byte that is not UTF-8.
iconv -f UTF-8 -t UTF-8 "$T/j.json" >/dev/null ||
	fail "--json output is not valid UTF-8"
for i in 1 2 3; do
	jq -j "select(.event==\"message\" and .topic==\"j/$i\") |
	    .payload_base64" "$T/j.json" | base64 -d >"$T/got$i"
	cmp -s "$T/p$i" "$T/got$i" ||
		fail "j/$i: payload_base64 is not the payload's bytes"
done
jq -e -s '[.[] | select(.topic=="j/4")][0].payload == "café 😀"' \
    "$T/j.json" >/dev/null || fail "j/4: UTF-8 text is not a payload string"
note "ok: binary payloads in base64, byte for byte; text as text"

note "flags that do not go together are refused"
bad() {	# bad WANT-IN-STDERR ARGS...
	local want=$1
	shift
	RC=0
	"$MQTTY" --db "$T/db-bad" --no-config "$@" -c quit >"$T/bad.out" \
	    2>"$T/bad.err" || RC=$?
	[ "$RC" -eq 1 ] || fail "$* exited $RC, wanted 1"
	grep -qF -- "$want" "$T/bad.err" ||
		{ show "$T/bad.err"; fail "$*: no '$want'"; }
	note "ok: $* refused"
}
bad "mqtty: -R and --retained-only" --batch -R --retained-only
bad "mqtty: -v is for --batch" -v
bad "mqtty: bad chance '0' for --random-filter" --batch --random-filter 0
bad "mqtty: bad filter 'a/#/b' for -T" --batch -T 'a/#/b'
bad "mqtty: --json prints JSON lines" --batch --json -v
[ ! -e "$T/db-bad" ] || fail "a refused run made its database"
exit 0
