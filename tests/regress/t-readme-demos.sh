#!/bin/bash
# The sandbox demos of README.md ("Demos with the sandbox"), run as written
# (default db and config under the test's XDG dirs), print what it says.
# Keep in step with README.md.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

# demo NAME WANT ARGS...: stdout must be exactly WANT, exit status 0.
demo() {
	local n=$1 want=$2
	shift 2
	RC=0
	timeout 20 "$MQTTY" "$@" >"$T/$n.out" 2>"$T/$n.err" || RC=$?
	_check_sanitizer "$n"
	if [ "$RC" -ne 0 ] || [ "$(cat "$T/$n.out")" != "$want" ]; then
		show "$T/$n.out" "$T/$n.err"
		fail "$n: exit $RC; wanted exactly: $want"
	fi
	note "ok: $n"
}

demo first "demo/hello world" \
    --batch --sandbox -C 1 -c 'sub demo/#; pub demo/hello world'

demo retained "late kept/hello world retain=1" \
    --batch --sandbox -C 1 -W 5 -F '%c %t %p retain=%r' \
    -c 'pub -r -q 1 kept/hello world; connect --name late -i late; sub kept/#'

demo will "watch got status/dev offline" \
    --batch --sandbox -C 1 -W 5 -F '%c got %t %p' \
    -c 'connect --name watch -i watch; sub status/#;
        connect --name dev -i dev --no-reconnect
        --will-topic status/dev --will-payload offline; drop'

demo offline "$(printf 'p inbox/a one\np inbox/a two')" \
    --batch --sandbox -F '%c %t %p' -c 'connect --name p -i demo-off -c;
        sub -q 1 inbox/#; offline; connect --name other -i other;
        pub -q 1 inbox/a one; pub -q 1 inbox/a two; online -t p; sleep 2'
grep -qx 'mqtty: p: session present: 2 messages were waiting' \
    "$T/offline.err" || { show "$T/offline.err";
	fail "offline: stderr does not say 2 messages were waiting"; }
note "ok: offline says 2 were waiting"
demo simulate "$(printf 'sensor/1/temperature\nsensor/2/temperature\nsensor/3/temperature')" \
    --batch --sandbox -C 3 -W 5 -F '%t' \
    -c 'sub sensor/#; simulate -n 1 --devices 3 sensor/%d/temperature'

demo persistent "$(printf 'p inbox/a one\np inbox/a two')" \
    --batch --sandbox -C 2 -W 10 -F '%c %t %p' <<'IN'
connect --name other -i other
connect --name p -i demo-p -c
sub -q 1 inbox/#
disconnect
select other
pub -q 1 inbox/a one
pub -q 1 inbox/a two
connect p
IN

D=$XDG_DATA_HOME/mqtty/mqtty.db
[ -f "$D" ] || fail "no default db at $D"
expect_eq "$(sqlite3 "$D" "SELECT count(*) FROM profiles WHERE
    name='sandbox'")" 1 "one profile named sandbox"
