#!/bin/bash
# import and export --connections: the shipped MQTTX example lands in the
# profiles and subs tables field by field; a name clash is renamed; a
# malformed file (bad JSON, a wrong type, no host) is one error with its
# JSON path and imports nothing; MQTT Explorer's settings file; export ->
# import into a fresh database gives the same profiles (show
# --with-secrets) and subscriptions; passwords only with --with-secrets.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

EX=$(dirname "$MQTTY_TESTLIB")/../../share/examples/mqttx-connections.json
[ -r "$EX" ] || fail "no example at $EX"

# counts: profiles and subscriptions in the test db.
counts() {
	sql "SELECT (SELECT count(*) FROM profiles) || ' ' ||
	    (SELECT count(*) FROM subs)" 2>/dev/null || echo "0 0"
}

note "the shipped example"
run_mq ex -c "import --with-secrets '$EX'"
expect_rc 0 ex
expect_json "$T/ex.json" '[.[] | select(.event=="imported") | .as] ==
    ["Local broker", "Plant (TLS, own CA)", "Browser gateway (WebSocket)",
    "Cloud (MQTT 5)"]' "one imported event a connection, in file order"
expect_json "$T/ex.json" 'all(.[] | select(.event=="imported");
    .skipped == [] and .name == .as)' "nothing skipped, nothing renamed"
expect_json "$T/ex.json" 'any(.[]; .event=="info" and
    .text == "imported 4 connections from '"$EX"' (MQTTX)")' "a summary"
expect_eq "$(counts)" "4 5" "4 profiles, 5 subscriptions"
expect_eq "$(sql "SELECT host, port, tls, ws, version, client_id,
    coalesce(username, '-'), coalesce(password, '-'), clean, keepalive,
    connect_timeout_ms, reconnect_min_ms, auto_reconnect, session_expiry
    FROM profiles WHERE name = 'Local broker'")" \
    "localhost|1883|0|0|4|mqttx_4f2a9c1d|-|-|1|60|10000|4000|1|-1" \
    "mqtt: the plain fields"
expect_eq "$(sql "SELECT tls, ws, cafile, cert, key_file, no_verify,
    insecure, username, password, clean, will_topic, will_payload, will_qos,
    will_retain, reconnect_min_ms, connect_timeout_ms FROM profiles
    WHERE name = 'Plant (TLS, own CA)'")" \
    "1|0|/etc/mqtt/plant/ca.pem|/etc/mqtt/plant/gateway.crt|/etc/mqtt/plant/gateway.key|0|0|gateway|s3cret-plant|0|plant/gateway/status|offline|1|1|2500|15000" \
    "mqtts with a CA file, a client certificate and a will"
expect_eq "$(sql "SELECT tls, ws, ws_path, auto_reconnect, username,
    coalesce(password, '-') FROM profiles
    WHERE name = 'Browser gateway (WebSocket)'")" \
    "0|1|/mqtt-ws|0|viewer|-" "ws with its path"
expect_eq "$(sql "SELECT tls, ws, coalesce(ws_path, '-'), version,
    session_expiry, receive_maximum, maximum_packet_size,
    topic_alias_maximum, request_response_info, request_problem_info,
    no_verify, insecure, alpn, will_delay, will_qos, clean
    FROM profiles WHERE name = 'Cloud (MQTT 5)'")" \
    "1|1|-|5|3600|100|1048576|10|1|0|1|0|mqtt|30|1|0" \
    "MQTT 5: properties; rejectUnauthorized false is no-verify"
expect_eq "$(sql "SELECT connect_props FROM profiles
    WHERE name = 'Cloud (MQTT 5)'" | jq -c '[.[] | [.name, .key, .value]]')" \
    '[["user-property","site","north"],["user-property","tag","blue"],["user-property","tag","green"]]' \
    "user properties, a key with two values"
expect_eq "$(sql "SELECT will_props FROM profiles
    WHERE name = 'Cloud (MQTT 5)'" | jq -c '[.[] | [.name, .key, .value]]')" \
    '[["payload-format-indicator",null,"1"],["message-expiry-interval",null,"600"],["content-type",null,"application/json"],["response-topic",null,"devices/42/ack"],["correlation-data",null,"will-42"],["user-property","reason","lost"]]' \
    "will properties"
expect_eq "$(sql "SELECT p.name, s.topic, s.qos, s.no_local, s.rap, s.rh,
    s.sub_id, coalesce(s.alias, '-'), s.color, s.enabled FROM subs s
    JOIN profiles p ON p.id = s.profile_id ORDER BY s.id")" \
"Local broker|sensors/#|0|0|0|0|0|all sensors|0|1
Local broker|\$SYS/broker/clients/connected|1|0|0|0|0|-|5|0
Plant (TLS, own CA)|plant/+/telemetry|1|0|0|0|0|-|0|1
Cloud (MQTT 5)|devices/42/cmd|2|1|1|1|7|commands|1|1
Cloud (MQTT 5)|\$share/workers/jobs/#|1|0|0|2|0|-|-1|1" \
    "subscriptions with their options, disabled one kept"

note "without --with-secrets: no password reaches the database"
A=$DB
DB=$T/nosecrets.sqlite
run_mq nosec -c "import '$EX'"
expect_rc 0 nosec
expect_json "$T/nosec.json" 'any(.[]; .event=="imported" and
    .as == "Plant (TLS, own CA)" and (.skipped | any(startswith(
    "password: not stored, asked at connect"))))' "the password left out, said why"
expect_eq "$(sqlite3 "$DB" "SELECT password IS NULL, ask_password
    FROM profiles WHERE name = 'Plant (TLS, own CA)'")" "1|1" \
    "asked at connect instead"
sqlite3 "$DB" .dump | grep -q 's3cret-plant' &&
	fail "the password is in the database dump"
note "ok: the dump has no password"
DB=$A

note "the same file again: every name taken, each renamed"
run_mq again -c "import '$EX'"
expect_rc 0 again
expect_json "$T/again.json" '[.[] | select(.event=="imported") |
    [.name, .as]] == [["Local broker", "Local broker (2)"],
    ["Plant (TLS, own CA)", "Plant (TLS, own CA) (2)"],
    ["Browser gateway (WebSocket)", "Browser gateway (WebSocket) (2)"],
    ["Cloud (MQTT 5)", "Cloud (MQTT 5) (2)"]]' "renamed, said per connection"
expect_eq "$(counts)" "8 10" "the originals untouched, copies added"
expect_eq "$(sql "SELECT host FROM profiles
    WHERE name = 'Cloud (MQTT 5) (2)'")" "broker.cloud.example.org" \
    "the copy is the file's"

note "malformed files: one error with the JSON path, nothing imported"
before=$(counts)
printf '[{"name":"ok","host":"h","port":1883},\n {"name":"x" "host"}]\n' \
    >"$T/in-bad.json"
run_mq bad -c "import $T/in-bad.json"
expect_rc 1 bad
expect_json "$T/bad.json" '[.[] | select(.event=="error") | .reason] ==
    ["import: '"$T"'/in-bad.json: not JSON: a syntax error at line 2, column 14 (nothing imported)"]' \
    "bad JSON: where"
jq '.[1].port = "1883"' "$EX" >"$T/in-type.json"
run_mq type -c "import $T/in-type.json"
expect_rc 1 type
expect_json "$T/type.json" '[.[] | select(.event=="error") | .reason] ==
    ["import: '"$T"'/in-type.json: $[1].port: must be a number (nothing imported)"]' \
    "a wrong type: its path"
jq '.[3].subscriptions[1].qos = true' "$EX" >"$T/in-subtype.json"
run_mq subtype -c "import $T/in-subtype.json"
expect_rc 1 subtype
expect_json "$T/subtype.json" 'any(.[]; .event=="error" and
    (.reason | contains("$[3].subscriptions[1].qos: must be a number")))' \
    "a subscription's wrong type: its path"
jq 'del(.[2].host)' "$EX" >"$T/in-nohost.json"
run_mq nohost -c "import $T/in-nohost.json"
expect_rc 1 nohost
expect_json "$T/nohost.json" 'any(.[]; .event=="error" and
    (.reason | contains("$[2].host: missing (nothing imported)")))' \
    "no host: its path"
expect_json "$T/nohost.json" 'all(.[]; .event != "imported")' \
    "no imported event"
run_mq nofile -c "import $T/does-not-exist.json"
expect_rc 1 nofile
expect_eq "$(counts)" "$before" "not one profile or subscription added"

note "MQTT Explorer's settings file"
cat >"$T/settings.json" <<'EOF'
{
  "ConnectionManager_connections": {
    "ex-1": {
      "configVersion": 1, "type": "mqtt", "id": "ex-1",
      "name": "Explorer TLS", "host": "explorer.example", "port": 8883,
      "protocol": "mqtt", "encryption": true, "certValidation": false,
      "username": "eu", "password": "ep", "clientId": "ec-1",
      "selfSignedCertificate": { "name": "ca.crt", "data": "QUJD" },
      "subscriptions": [ { "topic": "#", "qos": 0 },
        { "topic": "$SYS/#", "qos": 1 } ]
    },
    "ex-2": {
      "configVersion": 1, "type": "mqtt", "id": "ex-2",
      "name": "Explorer WS", "host": "ws.explorer.example", "port": 9001,
      "protocol": "ws", "basePath": "mqtt", "encryption": false,
      "certValidation": true, "subscriptions": [ { "topic": "a/b", "qos": 2 } ]
    }
  },
  "Settings": { "autoExpandLimit": 0 }
}
EOF
run_mq explorer -c "import --with-secrets $T/settings.json"
expect_rc 0 explorer
expect_json "$T/explorer.json" 'any(.[]; .event=="imported" and
    .as == "Explorer TLS" and (.skipped | length) == 1 and
    (.skipped[0] | startswith("selfSignedCertificate: certificate content (ca.crt)")))' \
    "a certificate as content: skipped, said why"
expect_json "$T/explorer.json" 'any(.[]; .event=="info" and
    (.text | endswith("(MQTT Explorer)")))' "the format named"
expect_eq "$(sql "SELECT name, host, port, tls, ws, coalesce(ws_path, '-'),
    no_verify, coalesce(username, '-'), coalesce(password, '-'),
    coalesce(client_id, '-') FROM profiles WHERE name LIKE 'Explorer%'
    ORDER BY name")" \
"Explorer TLS|explorer.example|8883|1|0|-|1|eu|ep|ec-1
Explorer WS|ws.explorer.example|9001|0|1|/mqtt|0|-|-|-" \
    "host, TLS, certValidation, WebSocket path"
expect_eq "$(sql "SELECT p.name, s.topic, s.qos FROM subs s JOIN profiles p
    ON p.id = s.profile_id WHERE p.name LIKE 'Explorer%' ORDER BY s.id")" \
"Explorer TLS|#|0
Explorer TLS|\$SYS/#|1
Explorer WS|a/b|2" "its subscriptions"

note "export: passwords only with --with-secrets"
run_mq exp -c "export --connections -o $T/out-plain.json"
expect_rc 0 exp
expect_eq "$(jq length "$T/out-plain.json")" 10 "every profile, none named"
if grep -q -e s3cret-plant -e token-42 -e '"ep"' -e '"password"' \
    "$T/out-plain.json"; then
	fail "a password in the export without --with-secrets"
fi
note "ok: no password in it"
run_mq sec -c "export --connections --with-secrets -o $T/out-secret.json"
expect_rc 0 sec
expect_eq "$(jq -r '.[] | select(.name=="Plant (TLS, own CA)") | .password' \
    "$T/out-secret.json")" s3cret-plant "the password with --with-secrets"
expect_eq "$(stat -c %a "$T/out-secret.json")" 600 "the file is 0600"
run_mq two -c "export 'Local broker' 'Cloud (MQTT 5)' -o $T/out-two.json"
expect_rc 0 two
expect_eq "$(jq -c '[.[] | .name]' "$T/out-two.json")" \
    '["Local broker","Cloud (MQTT 5)"]' "export NAME...: those profiles"
expect_eq "$(jq -r '.[0].id | test("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")' \
    "$T/out-two.json")" true "an id MQTTX's import needs"
run_mq msgs -c "export -o $T/msgs.jsonl"
expect_rc 0 msgs
expect_json "$T/msgs.json" 'any(.[]; .event=="info" and
    .text == "exported 0 messages to '"$T"'/msgs.jsonl")' \
    "export -o FILE alone is still the message export"
run_mq none -c "export --connections nosuch -o $T/out-none.json"
expect_rc 1 none
[ ! -e "$T/out-none.json" ] || fail "a file written for a missing profile"
note "ok: no profile, no file"

note "round trip: export -> import into a fresh database, field by field"
run_mq extra -c "save 'Only mqtty' mqtts://o.example:8884 --capath /etc/ssl/certs \
    --insecure --proxy socks5h://127.0.0.1:1080 --reconnect-max 90 \
    --password-env MQTT_PW --sni s.example --tls-version tlsv1.3 \
    -D connect user-property k 1 -D connect user-property j 2 \
    -D connect user-property k 3 -x 0 -V 5 --will-payload orphan"
expect_rc 0 extra
run_mq rt -c "export --connections --with-secrets -o $T/out-rt.json"
expect_rc 0 rt
A=$DB
DB=$T/fresh.sqlite
run_mq rtin -c "import --with-secrets $T/out-rt.json"
expect_rc 0 rtin
expect_json "$T/rtin.json" 'all(.[] | select(.event=="imported");
    .skipped == [] and .name == .as)' "taken whole, under the same names"
DB=$A
n=0
while IFS= read -r name; do
	a=$(mq -c "show --with-secrets '$name'" </dev/null | jq -r .text)
	b=$(DB=$T/fresh.sqlite mq -c "show --with-secrets '$name'" \
	    </dev/null | jq -r .text)
	[ -n "$a" ] && [ "$a" != null ] || fail "show $name: nothing"
	[ "$a" = "$b" ] || fail "$name differs after the round trip:
$a
$b"
	n=$((n + 1))
done < <(sql "SELECT name FROM profiles ORDER BY name")
expect_eq "$n" 11 "every profile the same"
subs="SELECT p.name, s.topic, s.qos, s.no_local, s.rap, s.rh, s.sub_id,
    s.alias, s.color, s.enabled FROM subs s JOIN profiles p
    ON p.id = s.profile_id ORDER BY p.name, s.id"
expect_eq "$(sqlite3 "$T/fresh.sqlite" "$subs")" "$(sql "$subs")" \
    "every subscription the same"
