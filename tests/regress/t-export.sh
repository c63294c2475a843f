#!/bin/bash
# export: a filtered set written as JSONL, CSV and MQTTX's shape, read back
# by jq and python's csv module and compared with what SQL says the store
# holds (ids, oldest first, payload bytes); RFC 4180 quoting and base64 for
# binary; a bad -o leaves nothing behind; memory stays flat however many
# messages are written.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
command -v python3 >/dev/null || { echo "SKIP: python3" >&2; exit 77; }

bash "$(dirname "$MQTTY_TESTLIB")/search-db.sh" "$MQTTY" "$DB" 20000
note "rows a CSV must quote, and a binary one"
sql "INSERT INTO topics (id, conn_id, topic) VALUES (2000, 1, 'odd/topic,x');
INSERT INTO history (conn_id, topic_id, dir, payload, qos, retain, props,
    time_ms) VALUES
 (1, 2000, 0, CAST('a,b \"q\"' || char(13, 10) || 'next' AS BLOB), 1, 0,
  '{\"user-property\":[[\"k\",\"v,w\"]]}', $(now_ms)),
 (1, 2000, 1, x'00ff41', 0, 1, NULL, $(now_ms)),
 (1, 2000, 0, x'', 0, 0, NULL, $(now_ms));"

crit="--topic 'site/3/+/temperature' --since 12h"
where="topic GLOB 'site/3/*/temperature' AND time_ms >= $(($(now_ms) - 43200000))"

note "JSONL: the --batch --json objects, oldest first"
run_mq j -c "export $crit -o $T/out.jsonl"
expect_rc 0 j
expect_eq "$(jq -r .id "$T/out.jsonl" | paste -sd' ')" \
    "$(sql "SELECT id FROM messages WHERE $where ORDER BY id" | paste -sd' ')" \
    "JSONL ids are SQL's, oldest first"
[ "$(wc -l <"$T/out.jsonl")" -gt 200 ] || fail "too few rows to mean much"
expect_eq "$(jq -s 'all(.[]; .event=="message" and (.topic|test("^site/3/")) and (.connection=="fleet" or .connection=="lab"))' "$T/out.jsonl")" \
    true "every line a message object"
id=$(jq -r .id "$T/out.jsonl" | sed -n 7p)
expect_eq "$(jq -r "select(.id==$id) | .payload" "$T/out.jsonl")" \
    "$(sql "SELECT CAST(payload AS TEXT) FROM history WHERE id=$id")" \
    "payload as stored"
expect_json "$T/j.json" 'any(.[]; .event=="info" and
    (.text|test("^exported [0-9]+ messages to ")))' "said how many"

note "CSV: RFC 4180, read back by python's csv module"
run_mq c -c "export --topic 'odd/#' --format csv -o $T/out.csv"
expect_rc 0 c
python3 - "$T/out.csv" <<'PY' || fail "CSV does not read back"
import base64, csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
assert rows[0] == ['id', 'time', 'connection', 'dir', 'topic', 'qos',
                   'retain', 'payload', 'encoding', 'properties'], rows[0]
r = rows[1:]
assert len(r) == 3, r
assert r[0][4] == 'odd/topic,x' and r[0][7] == 'a,b "q"\r\nnext', r[0]
assert r[0][8] == 'utf-8' and r[0][5] == '1' and r[0][3] == 'in'
assert r[0][9] == '{"user-property":[["k","v,w"]]}', r[0][9]
assert r[1][8] == 'base64' and base64.b64decode(r[1][7]) == b'\x00\xffA'
assert r[1][3] == 'out' and r[1][6] == '1'
assert r[2][7] == '' and r[2][8] == 'utf-8'
assert r[0][1].endswith('Z') and 'T' in r[0][1]
PY
note "ok: CSV fields read back exactly"
grep -q $'\r$' "$T/out.csv" || fail "CSV lines end in CRLF"

note "MQTTX's message shape"
run_mq x -c "export --topic 'odd/#' --format mqttx -o $T/out.mqttx"
expect_rc 0 x
expect_eq "$(jq -c '[.[] | [.out, .qos, .retain, .topic,
    (.createAt|test("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}:[0-9]{3}$"))]]' \
    "$T/out.mqttx")" \
    '[[false,1,false,"odd/topic,x",true],[true,0,true,"odd/topic,x",true],[false,0,false,"odd/topic,x",true]]' \
    "MQTTX fields"
expect_eq "$(jq -r '.[1] | .payloadType + " " + .payload' "$T/out.mqttx")" \
    "Base64 AP9B" "binary as MQTTX's Base64 payload"
run_mq x0 -c "export --topic nothing/here --format mqttx -o $T/none.mqttx"
expect_eq "$(jq -c . "$T/none.mqttx")" "[]" "no match: an empty array"

note "a bad -o: one error, nothing left behind"
mkdir "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	run_mq ro -c "export -o $T/ro/x.jsonl"
	expect_rc 1 ro
	grep -q "cannot write $T/ro/x.jsonl" "$T/ro.json" || fail "no reason"
fi
run_mq nodir -c "export -o $T/nodir/x.jsonl"
expect_rc 1 nodir
expect_json "$T/nodir.json" 'any(.[]; .event=="error" and
    (.reason|test("cannot write .*/nodir/x.jsonl: No such file")))' \
    "names the file and why"
run_mq noo -c "export --text x"
expect_rc 1 noo
expect_json "$T/noo.json" 'any(.[]; .reason|test("give -o FILE"))' "-o needed"
[ -z "$(find "$T" -name '.mqtty-export-*')" ] || fail "a temporary file left"

note "memory stays flat: 20000 and 200000 rows exported"
# Under ASan freed memory waits in a quarantine: measure without it.
rss() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
	/usr/bin/time -f %M -o "$T/rss" timeout 60 "$MQTTY" --batch --no-config \
	    --db "$DB" -c "export -o $T/all.jsonl" </dev/null 2>/dev/null
	cat "$T/rss"
}
small=$(rss)
bash "$(dirname "$MQTTY_TESTLIB")/search-db.sh" "$MQTTY" "$DB" 200000
big=$(rss)
expect_eq "$(wc -l <"$T/all.jsonl")" 200000 "all rows exported"
note "peak RSS: $small KB for 20000, $big KB for 200000"
[ "$big" -lt $((small * 3 / 2)) ] || fail "memory grew with the rows"
