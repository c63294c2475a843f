#!/bin/bash
# Every -F field of mosquitto_sub, printed by mosquitto_sub and by mqtty
# for the same messages from one broker, compared byte for byte: MQTT 5
# properties (mosquitto_pub -D), a retained message, QoS 0/1/2, an empty
# and a binary payload, widths, flags, JSON (%j %J, --pretty), times
# (their digits masked: the two clients print their own clocks) and
# escapes. Then what mqtty does on purpose otherwise (see the manual):
# 2.1's hex groups and floats, widths that pad %p and %x, UTF-8 widths in
# characters, %j of a binary payload in base64, %J of a payload that is
# not JSON.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL
export TZ=IST-5:30	# an offset that is not whole hours (no tzdata needed)

# The formats compared with mosquitto_sub, one pair of subscribers each.
FORMATS=(
	'%t|%20t|%-20t|%.3t|%8.3t|%-8.3t|%020t'
	'%p|%l|%5l|%-5l|%05l|%-05l|%q|%r|%m|%3m|%03m|%%|@@|%5q%-3r'
	'%x|%X|%.0x'
	'%C|%12C|%-12C|%.4C|%8.4C|%D|%E|%8E|%08E|%-8E|%F|%3F|%03F'
	'%P|%R|%.5R|%12R|%-12R|%S|%4S|%04S|%-4S|%A|%4A|%04A'
	'%j'
	'%I|%30I|%.10I|%U|@Y-@m-@dT@H:@M:@S @z @N @s @j @a'
	'\e[1m%t\e[0m\t\a\v\r\\ \0|%t\n%p'
)
# Masked before comparing: the times (each client prints its own clock).
TIMED=' 6 '

# sub_pair N FORMAT [EXTRA...]: mosquitto_sub and mqtty on fmt/#, each
# printing FORMAT into $T/sub-N.{mosq,mq}; returns once the broker has
# both SUBSCRIBEs.
sub_pair() {
	local n=$1 fmt=$2 i
	shift 2
	timeout 20 mosquitto_sub -p "$BROKER_PORT" -V 5 -i "mosq-$n" \
	    -q 2 -t 'fmt/#' -D subscribe subscription-identifier 42 \
	    -C "$COUNT" -W 15 -F "$fmt" "$@" >"$T/sub-$n.mosq" \
	    2>"$T/sub-$n.mosq.err" &
	BG_PIDS+=("$!")
	timeout 20 "$MQTTY" --batch --db "$T/db-$n" --no-config \
	    -C "$COUNT" -W 15 -F "$fmt" "$@" \
	    -c "connect $U -V 5 -i mq-$n; sub --id 42 -q 2 fmt/#" \
	    >"$T/sub-$n.mq" 2>"$T/sub-$n.mq.err" &
	BG_PIDS+=("$!")
	PAIR_PIDS+=("$!")
	for i in $(seq 1 100); do
		if grep -q "Received SUBSCRIBE from mosq-$n" "$BROKER_LOG" &&
		    grep -q "Received SUBSCRIBE from mq-$n" "$BROKER_LOG"; then
			return 0
		fi
		sleep 0.1
	done
	show "$T/sub-$n.mosq.err" "$T/sub-$n.mq.err"
	fail "subscribers $n did not subscribe"
}

# The messages; the retained one goes first, before anyone subscribes.
mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -r -t fmt/retained -m kept
publish_all() {
	mosquitto_pub -p "$BROKER_PORT" -V 5 -q 0 -t fmt/a -m 'hello world'
	mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -t fmt/b/long/topic/name \
	    -m '{"t": 21.5, "n": [1, 2.50, "x"], "s": "a\"b"}' \
	    -D publish content-type application/json \
	    -D publish user-property k1 v1 \
	    -D publish user-property k2 'v 2' \
	    -D publish message-expiry-interval 3600 \
	    -D publish response-topic reply/here \
	    -D publish correlation-data corr-123 \
	    -D publish payload-format-indicator 1
	mosquitto_pub -p "$BROKER_PORT" -V 5 -q 2 -t fmt/c -n
	printf 'bin\001\377\000\200end' >"$T/bin"
	mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -t fmt/bin -f "$T/bin"
}
COUNT=5

PAIR_PIDS=()
for i in "${!FORMATS[@]}"; do
	sub_pair "$i" "${FORMATS[$i]}"
done
publish_all
for pid in "${PAIR_PIDS[@]}"; do
	wait "$pid" || fail "an mqtty subscriber failed (exit $?)"
done
# mosquitto_sub's exit comes a moment later.
for i in $(seq 1 50); do
	pgrep -f "mosquitto_sub -p $BROKER_PORT -V 5 -i mosq-" >/dev/null ||
		break
	sleep 0.1
done

# mask FILE: the digits of times as N (the day and zone letters stay).
mask() {
	sed -e 's/[0-9]/N/g' "$1"
}

for i in "${!FORMATS[@]}"; do
	f=${FORMATS[$i]}
	mosq=$T/sub-$i.mosq
	mq=$T/sub-$i.mq
	_check_sanitizer "sub-$i.mq"
	[ -s "$mosq" ] || { show "$mosq.err"; fail "mosquitto_sub printed nothing for '$f'"; }
	if [[ $TIMED == *" $i "* ]]; then
		mask "$mosq" >"$mosq.masked"
		mask "$mq" >"$mq.masked"
		mosq=$mosq.masked
		mq=$mq.masked
	fi
	if [ "$f" = '%j' ]; then
		# The time is each client's own; the rest byte for byte, but
		# for the binary message (mosquitto_sub's is not JSON).
		grep -v '"topic":"fmt/bin"' "$mosq" |
		    sed -e 's/"tst":"[^"]*"/"tst":T/' >"$mosq.masked"
		grep -v '"topic":"fmt/bin"' "$mq" |
		    sed -e 's/"tst":"[^"]*"/"tst":T/' >"$mq.masked"
		mosq=$mosq.masked
		mq=$mq.masked
	fi
	if ! cmp -s "$mosq" "$mq"; then
		echo "--- mosquitto_sub -F '$f'" >&2
		od -c "$mosq" | head -n 40 >&2
		echo "--- mqtty -F '$f'" >&2
		od -c "$mq" | head -n 40 >&2
		show "$T/sub-$i.mq.err"
		fail "-F '$f': mqtty's output differs from mosquitto_sub's"
	fi
	note "ok: -F '$f' as mosquitto_sub"
done
# %j of the binary message differs on purpose (mosquitto_sub's is not
# JSON): check ours is.
grep -c . "$T/sub-5.mq" | grep -qx 5 || fail "%j: not 5 lines"
jq -e -s 'length==5 and (map(.tst | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{6}\\+0530$")) | all)' \
    "$T/sub-5.mq" >/dev/null || fail "%j: not JSON lines with a tst"

note "the times are the message's: within a minute of now"
now=$(date +%s)
awk -F'|' -v now="$now" '{ split($4, u, "."); d = now - u[1];
    if (d < -60 || d > 60) { print "bad %U " $4; exit 1 } }' \
    "$T/sub-6.mq" || fail "%U is not now"

# A second round for what needs other messages or flags: %J and
# --pretty on JSON payloads only.
note "%J and --pretty, on JSON payloads"
mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -r -t fmt/retained -n
COUNT=3
PAIR_PIDS=()
sub_pair j1 '%J'
sub_pair j2 '%j' --pretty
sub_pair j3 '%J' --pretty
mosquitto_pub -p "$BROKER_PORT" -V 5 -q 1 -t fmt/j -m '{"a": [1, 2.0, 3e2], "b": {"c": null, "d": "é"}}'
mosquitto_pub -p "$BROKER_PORT" -V 5 -q 0 -t fmt/j -m '  [true, false] '
mosquitto_pub -p "$BROKER_PORT" -V 5 -q 2 -t fmt/j -m '"str"' \
    -D publish user-property u 1
for pid in "${PAIR_PIDS[@]}"; do
	wait "$pid" || fail "an mqtty subscriber failed (exit $?)"
done
sleep 0.5
for n in j1 j2 j3; do
	sed -e 's/"tst":\(\t\)\{0,1\}"[^"]*"/"tst":T/' "$T/sub-$n.mosq" >"$T/$n.a"
	sed -e 's/"tst":\(\t\)\{0,1\}"[^"]*"/"tst":T/' "$T/sub-$n.mq" >"$T/$n.b"
	if ! cmp -s "$T/$n.a" "$T/$n.b"; then
		diff "$T/$n.a" "$T/$n.b" >&2 || true
		fail "$n: mqtty's JSON differs from mosquitto_sub's"
	fi
	note "ok: $n as mosquitto_sub"
done

# What mqtty does on purpose otherwise, on known messages.
note "deliberate differences, against the manual's words"
mq_fmt() {	# mq_fmt FORMAT TOPIC [mosquitto_pub payload args...]
	local fmt=$1 topic=$2 pid
	shift 2
	timeout 20 "$MQTTY" --batch --db "$T/db-d" --no-config -C 1 -W 10 \
	    -F "$fmt" -c "connect $U -V 5 -i mq-d; sub -q 1 d/#" \
	    >"$T/d.out" 2>"$T/d.err" &
	pid=$!
	BG_PIDS+=("$pid")
	for i in $(seq 1 100); do
		grep -q "Received SUBSCRIBE from mq-d" "$BROKER_LOG" && break
		sleep 0.1
	done
	: >"$BROKER_LOG"
	mosquitto_pub -p "$BROKER_PORT" -q 1 -t "$topic" "$@"
	wait "$pid" || { show "$T/d.err"; fail "mqtty -F '$fmt' failed"; }
}
expect_out() {	# expect_out WANT(printf format) DESCRIPTION
	# shellcheck disable=SC2059
	printf -- "$1" >"$T/d.want"
	if ! cmp -s "$T/d.want" "$T/d.out"; then
		od -c "$T/d.out" >&2
		fail "$2: got the bytes above, wanted '$1'"
	fi
	note "ok: $2"
}
printf '\x18\x83\xab\xcd' >"$T/hex"
mq_fmt '%.2x|%.4:X|%012.2x|%-10x|%4x' d/hex -f "$T/hex"
expect_out '18 83 ab cd|1883:ABCD|00 00 18 83 ab cd|1883abcd  |1883abcd\n' \
    "hex groups (2.1), the width a minimum"
printf '\x00\x00\xac\x41' >"$T/float"	# 21.5 little-endian
mq_fmt '%f|%.1f|%8.2f' d/f -f "$T/float"
expect_out '21.500000|21.5|   21.50\n' "%f of a 4-byte float"
printf '\x00\x00\x00\x00\x00\x00\x0a\xc0' >"$T/double"	# -3.25
mq_fmt '%d|%.2d' d/d -f "$T/double"
expect_out '-3.250000|-3.25\n' "%d of an 8-byte double"
mq_fmt '[%f]' d/f -m 'not a float'
expect_out '[]\n' "%f of another payload prints nothing"
grep -q '%f: the payload on d/f is 11 bytes, not a 4-byte float' \
    "$T/d.err" || { show "$T/d.err"; fail "%f: no complaint"; }
mq_fmt '%8p|%-8p|%.3p' d/p -m 'hello'
expect_out '   hello|hello   |hel\n' "%p padded to its width, cut by .N"
mq_fmt '%6t|%.3t|%6p' 'd/é' -m 'ü✓'
expect_out '   d/é|d/é|    ü✓\n' "UTF-8 widths count characters"
mq_fmt '[%J]' d/notjson -m 'not json'
expect_out '[]\n' "%J of a payload that is not JSON prints nothing"
grep -q '%J: the payload on d/notjson is not JSON' "$T/d.err" ||
	{ show "$T/d.err"; fail "%J: no complaint"; }
printf 'a\000\377b' >"$T/nul"
mq_fmt '%j' d/bin -f "$T/nul"
jq -e '.payload_base64 == "YQD/Yg==" and .payloadlen == 4 and
    (has("payload") | not)' "$T/d.out" >/dev/null ||
	{ cat "$T/d.out" >&2; fail "%j of a binary payload: base64"; }
note "ok: %j of a binary payload is JSON with payload_base64"

note "a bad template is refused before anything runs"
RC=0
"$MQTTY" --batch --db "$T/db-x" --no-config -F '%t %k' -c 'quit' \
    >"$T/bad.out" 2>"$T/bad.err" || RC=$?
expect_eq "$RC" 1 "-F '%t %k' exits 1"
grep -qF "mqtty: bad -F format: unknown field '%k'" "$T/bad.err" ||
	{ show "$T/bad.err"; fail "-F '%k': no clear error"; }
[ ! -e "$T/db-x" ] || fail "-F '%k': the database was made anyway"
exit 0
