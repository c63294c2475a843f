#!/bin/bash
# The offline demo in batch mode: offline keeps a persistent session, the
# broker queues what comes meanwhile, online brings it back with session
# present, the queued messages and a "waiting" event that counts them.
# Connection events are history rows of dir 2. MQTT 3.1.1 and 5.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

# events CONN: the connection's event rows (the view "events" of the
# history rows of dir 2), oldest first, one JSON a line.
events() {
	sql "SELECT event FROM events WHERE conn='$1' ORDER BY id"
}

# check NAME FLAGS
check() {
	local n=$1 flags=$2

	note "$n: subscribe, offline, three QoS 1 messages published, online"
	run_mq "$n" -c "connect $U --name $n $flags; sub -q 1 $n/#;
	    offline; connect $U --name pub-$n; pub -q 1 $n/a one;
	    pub -q 1 $n/a two; pub -q 1 $n/a three; online -t $n; sleep 2.5"
	expect_rc 0 "$n"
	expect_json "$T/$n.json" "any(.[]; .event==\"disconnected\" and
	    .connection==\"$n\" and .how==\"offline\")" \
	    "$n: disconnected, how: offline"
	expect_json "$T/$n.json" "[.[] | select(.event==\"connected\" and
	    .connection==\"$n\")] | map(.session_present) == [false, true]" \
	    "$n: back with session present"
	expect_json "$T/$n.json" "[.[] | select(.event==\"message\")] |
	    map([.connection, .payload]) == [[\"$n\",\"one\"],[\"$n\",\"two\"],
	    [\"$n\",\"three\"]]" "$n: the three queued messages"
	expect_json "$T/$n.json" "[.[] | select(.event==\"waiting\")] ==
	    [{\"event\":\"waiting\",\"connection\":\"$n\",\"count\":3}]" \
	    "$n: waiting event counts 3"
	# The message events come before the count is known.
	expect_json "$T/$n.json" "(map(.event) | index(\"waiting\")) >
	    (map(.event) | rindex(\"message\"))" "$n: count after the messages"

	note "$n: the events are history rows of dir 2, topic ''"
	expect_eq "$(events "$n" | jq -c -s 'map(.event)')" \
	    '["connected","offline","online","waiting","disconnected"]' \
	    "$n: connected, offline, online, waiting, disconnected in history"
	expect_eq "$(events "$n" | jq -s '.[3].count')" 3 \
	    "$n: the waiting row counts 3"
	expect_eq "$(sql "SELECT count(*), sum(t.topic = '') FROM history h
	    JOIN conns c ON c.id = h.conn_id JOIN topics t ON t.id = h.topic_id
	    WHERE c.name='$n' AND h.dir=2")" "5|5" \
	    "$n: five history rows of dir 2, topic ''"
	expect_eq "$(sql "SELECT count(*) FROM messages WHERE conn='$n'")" 3 \
	    "$n: the view messages has the three messages, no events"
	expect_eq "$(sql "SELECT group_concat(payload, ',') FROM
	    (SELECT payload FROM messages WHERE conn='$n' AND dir=0 AND
	    id > (SELECT id FROM events WHERE conn='$n' AND
	    json_extract(event, '\$.event')='online')
	    AND id < (SELECT id FROM events WHERE conn='$n' AND
	    json_extract(event, '\$.event')='waiting') ORDER BY id)")" \
	    one,two,three \
	    "$n: online row, the three messages, then the waiting row"
}

check v311 "-c -i off311 -V 311"
check v5 "-c -x 300 -i off5 -V 5"

note "our own publish after online ends the count: what follows is fresh"
run_mq fresh -c "connect $U --name f -c -i offf; sub -q 1 f/#; offline;
    connect $U --name g; pub -q 1 f/a queued; online -t f; sleep 0.3;
    pub -q 1 f/a fresh; sleep 2.5"
expect_rc 0 fresh
expect_json "$T/fresh.json" '[.[] | select(.event=="message" and
    .connection=="f")] | map(.payload) == ["queued","fresh"]' \
    "fresh: the queued and the fresh message"
expect_json "$T/fresh.json" '[.[] | select(.event=="waiting")] |
    map(.count) == [1]' "fresh: 1 was waiting, the fresh one not counted"

note "a reconnect with no session kept says so, with no waiting event"
run_mq nosess -c "connect $U --name n -c -i offn; offline;
    connect $U --name n2 -i offn; disconnect; online -t n; sleep 1.5"
expect_rc 0 nosess
expect_json "$T/nosess.json" '[.[] | select(.event=="connected" and
    .connection=="n")] | map(.session_present) == [false, false]' \
    "nosess: the session was taken over: not present"
expect_json "$T/nosess.json" '[.[] | select(.event=="waiting")] |
    length == 0' "nosess: no waiting event"

note "refusals: a clean session, v5 with session expiry 0, twice offline"
run_mq clean -c "connect $U --name c; offline"
expect_rc 1 clean
expect_json "$T/clean.json" 'any(.[]; .event=="error" and (.reason |
    test("clean session: going offline would lose it")))' \
    "clean: refused, says the session would be lost"
expect_json "$T/clean.json" '[.[] | select(.event=="disconnected" and
    .how=="offline")] | length==0' "clean: not taken offline"
run_mq zero -c "connect $U --name z -c -x 0 -i offz -V 5; offline"
expect_rc 1 zero
expect_json "$T/zero.json" 'any(.[]; .event=="error" and (.reason |
    test("session expiry 0")))' "zero: refused, says expiry 0"
run_mq twice -c "connect $U --name t -c -i offt; offline; offline -t t"
expect_rc 1 twice
expect_json "$T/twice.json" 'any(.[]; .event=="error" and (.reason |
    test("offline already")))' "twice: the second says offline already"
run_mq cleanon -c "connect $U --name co; disconnect; online -t co"
expect_rc 1 cleanon
expect_json "$T/cleanon.json" 'any(.[]; .event=="error" and (.reason |
    test("no session to come back to")))' "online refused for clean"

note "disconnect and drop say how"
run_mq how -c "connect $U --name h1; disconnect;
    connect $U --name h2 --will-topic w/h2 --will-payload gone; drop"
expect_rc 0 how
expect_json "$T/how.json" 'any(.[]; .event=="disconnected" and
    .connection=="h1" and .how=="disconnect")' "disconnect: how disconnect"
expect_json "$T/how.json" 'any(.[]; .event=="disconnected" and
    .connection=="h2" and .how=="drop")' "drop: how drop"
expect_eq "$(events h2 | jq -c -s '.[1]')" \
    '{"event":"dropped","will":"w/h2"}' "drop: the row names the will"

note "a lost link is an event with its reason, once, and the reconnect too"
bg_mq lost -W 6 -c "connect $U --name l"
wait_for "$T/lost.json" 'any(.[]; .event=="connected")' 5 ||
	{ show "$T/lost.json" "$T/lost.err"; fail "lost: never connected"; }
kill -TERM "$BROKER_PID"
broker_restart
wait_mq lost
expect_rc 0 lost
expect_json "$T/lost.json" 'any(.[]; .event=="disconnected" and
    .connection=="l" and .how=="lost")' "lost: how lost"
expect_eq "$(events l | jq -c -s 'map(.event)')" \
    '["connected","lost","connected","disconnected"]' \
    "lost: connected, lost, connected again, disconnected at the end"
expect_eq "$(events l | jq -s '.[1].reason | length > 0')" true \
    "lost: the row says why"
