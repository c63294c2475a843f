#!/bin/bash
# mqtty (the ordinary build, not the sanitizer one) under valgrind, over
# batch runs against a private mosquitto: a round trip that connects with
# MQTT 5, subscribes at QoS 0, 1 and 2, publishes at each QoS (a binary
# payload, user properties), receives them, saves a profile and
# disconnects; a second one through that profile with a -F template; and
# runs whose commands fail (bad URL, a port nobody listens on, unknown
# commands) so the error paths are covered too. Fails on any valgrind
# error or definitely/indirectly lost block. Run by make valgrind-check
# (MQTTY and MQTTY_TESTLIB set as for make check); prints
# "valgrind-check: PASS" at the end.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind-check: FAIL: valgrind not installed" \
	    "(run share/install-deps)" >&2
	exit 1
fi
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

# valgrind's own status when it found errors or leaks, told apart from
# mqtty's 1 for a failed command.
VG_ERR=97

# vg NAME WANT-STATUS MQTTY-ARGS...: one mqtty --batch run under valgrind;
# stdout in $T/NAME.out, stderr in $T/NAME.err, valgrind's report in
# $T/NAME.vg. Fails unless mqtty exits WANT-STATUS and the report says no
# errors and no definitely or indirectly lost bytes.
vg() {
	local name=$1 want=$2 rc=0
	shift 2
	note "$name: valgrind mqtty $*"
	timeout 180 valgrind --error-exitcode=$VG_ERR --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --track-fds=no \
	    --log-file="$T/$name.vg" \
	    "$MQTTY" --batch --db "$DB" --no-config "$@" \
	    >"$T/$name.out" 2>"$T/$name.err" || rc=$?
	note "$name: exit $rc"
	if [ "$rc" -eq 124 ]; then
		show "$T/$name.out" "$T/$name.err" "$T/$name.vg"
		fail "$name: did not finish within 180 s"
	fi
	if [ "$rc" -eq $VG_ERR ]; then
		show "$T/$name.err" "$T/$name.vg"
		fail "$name: valgrind found errors or leaks"
	fi
	if [ "$rc" -ne "$want" ]; then
		show "$T/$name.out" "$T/$name.err" "$T/$name.vg"
		fail "$name: exit status $rc, wanted $want"
	fi
	# The status alone would miss a report valgrind did not count.
	if ! grep -q 'ERROR SUMMARY: 0 errors' "$T/$name.vg" ||
	    grep -qE '(definitely|indirectly) lost: [1-9]' "$T/$name.vg" ||
	    ! grep -qE 'definitely lost: 0 bytes|All heap blocks were freed' \
	    "$T/$name.vg"; then
		show "$T/$name.vg"
		fail "$name: valgrind report is not clean"
	fi
	note "ok: $name: no valgrind errors, nothing lost"
}

broker_start
U=$BROKER_URL
printf '\000\001\376\377 binary \033[31m' >"$T/bin"
B64=$(base64 -w0 <"$T/bin")

vg round 0 --json -c "connect $U --name a -V 5;
    sub -q 0 v/0; sub -q 1 v/1; sub -q 2 v/2;
    pub -q 0 v/0 hello0; pub -q 1 v/1 hello1;
    pub -q 2 -D user-property k v -D content-type text/plain v/2 hello2;
    pub -q 1 -f $T/bin v/1; sleep 1;
    save home $U -V 5 -i vg-home; disconnect"
J=$T/round.out
expect_json "$J" '[.[] | select(.event=="subscribed") | .qos] == [0,1,2]' \
    "subscribed at QoS 0, 1, 2"
expect_json "$J" '[.[] | select(.event=="published") | .qos] | sort ==
    [0,1,1,2]' "published at QoS 0, 1, 2 and the binary one"
for q in 0 1 2; do
	expect_json "$J" "any(.[]; .event==\"message\" and .topic==\"v/$q\"
	    and .payload==\"hello$q\" and .qos==$q)" "received hello$q at QoS $q"
done
expect_json "$J" "any(.[]; .event==\"message\" and
    .payload_base64==\"$B64\")" "received the binary payload"
expect_json "$J" 'any(.[]; .event=="message" and
    .properties."user-property"==[["k","v"]] and
    .properties."content-type"=="text/plain")' "received the properties"
expect_json "$J" 'any(.[]; .event=="info" and
    (.text|test("saved profile .home.")))' "saved the profile"
expect_json "$J" '.[-1].event=="disconnected"' "disconnected last"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='home'")" 1 \
    "profile stored"

vg template 0 -F '%c %t %q %l %x %j %P @H:@M:@S' -c "connect home;
    sub -q 2 w/#; pub -q 1 -D user-property a b w/t '{\"x\":[1,2]}';
    sleep 1; disconnect"
expect_eq "$(cut -d' ' -f1-5 "$T/template.out")" \
    'home w/t 1 11 7b2278223a5b312c325d7d' "template output"

vg fail 1 --json -c "connect mqtt://127.0.0.1:99999;
    connect mqtt://127.0.0.1:$(free_port) --name x --no-reconnect;
    no-such-command; pub -q 3 t x; delete no-such-profile"
expect_json "$T/fail.out" '[.[] | select(.event=="error")] | length == 5' \
    "five commands failed"
expect_json "$T/fail.out" 'any(.[]; .event=="error" and
    (.reason|test("bad URL")))' "bad URL reported"
expect_json "$T/fail.out" 'any(.[]; .event=="error" and
    (.reason|test("connection refused")))' "connection refused reported"

vg bad-option 1 --no-such-option

echo "valgrind-check: PASS"
