#!/bin/bash
# Username/password: a refused CONNECT is an error event whose reason is in
# words, and the run fails; the right password connects.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
mosquitto_passwd -b -c "$T/passwd" alice 's3cret' >/dev/null 2>&1 ||
	{ echo "ERROR: mosquitto_passwd failed" >&2; exit 99; }
printf 'user alice\ntopic readwrite au/#\n' >"$T/acl"
broker_start "allow_anonymous false" "password_file $T/passwd" \
    "acl_file $T/acl"
P=$BROKER_PORT

# A reason mentioning the refusal in words, never a bare code.
WORDS='test("bad user ?name or password|not authori[sz]ed"; "i") and
    (test("^[0-9 ]*$") | not)'

# refused NAME CONNECT-ARGS: the connect fails with a readable reason.
refused() {
	local n=$1 start
	shift
	start=$(date +%s%N)
	run_mq "$n" -c "connect $*; sub x/#"
	expect_rc 1 "$n"
	expect_json "$T/$n.json" '[.[] | select(.event=="connected")] |
	    length==0' "$n: not connected"
	expect_json "$T/$n.json" "[.[] | select(.event==\"error\" or
	    .event==\"disconnected\") | .reason | select(type==\"string\") |
	    $WORDS] | any" "$n: reason says bad user name or password / not authorised"
	[ "$(elapsed_ms "$start")" -lt 10000 ] || fail "$n: took over 10 s"
}

refused wrong311 "mqtt://alice:wrong@127.0.0.1:$P --name a -V 311"
refused wrong5 "mqtt://alice:wrong@127.0.0.1:$P --name a -V 5"
refused flags "mqtt://127.0.0.1:$P --name a -u alice -P nope"
refused nouser "mqtt://127.0.0.1:$P --name a"
refused baduser "mqtt://bob:s3cret@127.0.0.1:$P --name a -V 5"

note "the right password"
for v in 311 5; do
	run_mq "right$v" -C 1 -W 8 -c "connect mqtt://alice:s3cret@127.0.0.1:$P
	    --name a -V $v; sub au/#; pub au/x ok"
	expect_rc 0 "right$v"
	expect_json "$T/right$v.json" 'any(.[]; .event=="connected" and
	    .connection=="a")' "v$v: connected with the right password"
	expect_json "$T/right$v.json" 'any(.[]; .event=="message" and
	    .payload=="ok")' "v$v: and it works"
done
run_mq rightflags -c "connect mqtt://127.0.0.1:$P --name a -u alice -P s3cret"
expect_rc 0 rightflags
expect_json "$T/rightflags.json" 'any(.[]; .event=="connected")' \
    "-u/-P: connected"

note "v5: a QoS 1 publish the ACL forbids is an error in words"
run_mq acl -c "connect mqtt://alice:s3cret@127.0.0.1:$P --name a -V 5;
    pub -q 1 no/x y; pub -q 1 au/x fine"
expect_rc 1 acl
expect_json "$T/acl.json" '[.[] | select(.event=="error")] | length==1 and
    (.[0].reason | test("not authori[sz]ed"; "i") and test("no/x"))' \
    "forbidden publish: not authorised, naming the topic"
expect_json "$T/acl.json" '[.[] | select(.event=="published") | .topic] ==
    ["au/x"]' "only the allowed publish is acknowledged"
expect_eq "$(sql "SELECT count(*) FROM messages WHERE topic='no/x'")" 0 \
    "the refused publish is not stored"

note "the password is not printed in any event"
if grep -h 's3cret' "$T"/right*.json "$T"/right*.err; then
	fail "password appears in the output"
fi
