#!/bin/bash
# Two mqtty processes on one database: both may create it at the same
# moment, and both write history at once without loss or corruption.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start "max_queued_messages 0" "max_queued_bytes 0"

note "created at the same moment, 10 times"
for r in $(seq 1 10); do
	db=$T/new$r/mqtty.db
	for k in a b; do
		timeout 20 "$MQTTY" --batch --no-config --db "$db" \
		    -c "save p$k mqtt://127.0.0.1:1" \
		    >"$T/new$r$k.out" 2>"$T/new$r$k.err" &
		eval "pid_$k=\$!"
	done
	rc_a=0 rc_b=0
	wait "$pid_a" || rc_a=$?
	wait "$pid_b" || rc_b=$?
	if [ "$rc_a" -ne 0 ] || [ "$rc_b" -ne 0 ]; then
		show "$T/new$r"a.err "$T/new$r"b.err
		fail "round $r: exit $rc_a and $rc_b"
	fi
	expect_eq "$(sqlite3 "$db" "SELECT group_concat(name) FROM
	    (SELECT name FROM profiles ORDER BY name)")" "pa,pb" \
	    "round $r: both profiles saved"
done

note "both write history at once"
N=20000
for k in a b; do
	bg_mq "$k" -W 30 -c "connect $BROKER_URL --name $k; sub -q 1 two/#"
done
for k in a b; do
	wait_for "$T/$k.json" 'any(.[]; .event=="subscribed")' 10 ||
		fail "$k did not subscribe"
done
seq_lines "$N" | mosquitto_pub -p "$BROKER_PORT" -q 1 -t two/x -l ||
	fail "publisher failed"
for k in a b; do
	wait_rows "$N" 20 "conn='$k'" || fail "$k: $(rows "conn='$k'") rows"
done
for k in a b; do
	kill -TERM "${MQ_PID[$k]}"
	wait_mq "$k"
	expect_eq "$(sql "SELECT count(DISTINCT payload) FROM messages
	    WHERE conn='$k'")" "$N" "$k: all $N stored"
	grep -q "history" "$T/$k.json" && note "$k: $(grep -c history "$T/$k.json") history events"
done
expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check"
