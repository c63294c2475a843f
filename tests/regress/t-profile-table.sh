#!/bin/bash
# The profile field table end to end: every new field given by flag lands
# in its column and comes back through show; a database made before the
# fields existed gets their columns on open and keeps its profiles; the
# form saves a profile with the new fields and loses none of them; a bad
# value is one line and writes nothing; show never prints a password
# unless asked.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

note "a database of the schema before the new fields: columns added on open"
sqlite3 "$DB" <<'SQL'
CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
 host TEXT, port INTEGER, tls INTEGER, client_id TEXT, username TEXT,
 password TEXT, version INTEGER, keepalive INTEGER, clean INTEGER,
 session_expiry INTEGER, auto_reconnect INTEGER, will_topic TEXT,
 will_payload TEXT, will_qos INTEGER, will_retain INTEGER, will_props TEXT,
 connect_props TEXT, cafile TEXT, capath TEXT, cert TEXT, key_file TEXT,
 insecure INTEGER, tls_version TEXT, created_ms INTEGER, updated_ms INTEGER);
INSERT INTO profiles (name, host, port, tls, password, version, keepalive,
 clean, session_expiry, auto_reconnect, will_qos, will_retain, insecure)
 VALUES ('old', '127.0.0.1', 1883, 0, 'oldpw', 4, 60, 1, -1, 1, 0, 0, 0);
SQL
# Schema 1 to 6 run over it as an old mqtty's file would be (user_version 1).
sqlite3 "$DB" "CREATE TABLE subs (id INTEGER PRIMARY KEY, profile_id INTEGER
 NOT NULL REFERENCES profiles(id) ON DELETE CASCADE, topic TEXT NOT NULL,
 qos INTEGER, no_local INTEGER, rap INTEGER, rh INTEGER, sub_id INTEGER,
 alias TEXT, color INTEGER, enabled INTEGER, UNIQUE(profile_id, topic));
 CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conn TEXT NOT
 NULL, dir INTEGER NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
 qos INTEGER, retain INTEGER, props TEXT, time_ms INTEGER NOT NULL);
 CREATE INDEX messages_conn ON messages(conn, id DESC);
 CREATE INDEX messages_topic ON messages(topic, id DESC);
 PRAGMA user_version = 1; PRAGMA application_id = 1836151929;"
run_mq old -c 'show old'
expect_rc 0 old
expect_json "$T/old.json" 'any(.[]; .event=="info" and (.text | fromjson |
    .name=="old" and .connect_timeout_ms==null and .password==null and
    .password_source=="stored"))' "the old profile shows, defaults for new fields"
for col in ws ws_path ws_headers proxy connect_timeout_ms reconnect_min_ms \
    reconnect_max_ms no_verify alpn sni key_password_command \
    tls_max_version ask_password password_command password_env \
    receive_maximum maximum_packet_size topic_alias_maximum \
    request_response_info request_problem_info auth_method auth_data \
    will_delay; do
	expect_eq "$(sql "SELECT count(*) FROM pragma_table_info('profiles')
	    WHERE name = '$col'")" 1 "column $col added"
done

note "every new field by its flag, into its column"
run_mq save -c "save full mqtts://127.0.0.1:8883 -V 5 --proxy \
    socks5h://127.0.0.1:1080 --connect-timeout 2.5 --reconnect-period 0.5 \
    --reconnect-max 90 --no-verify --alpn x-amzn-mqtt-ca --sni iot.example \
    --key-password-command 'echo k' --tls-max-version tlsv1.3 \
    --password-env MQTT_PW --receive-maximum 20 --maximum-packet-size 65536 \
    --topic-alias-maximum 8 --request-response-info 1 \
    --request-problem-information 0 --auth-method SCRAM --auth-data secretdata \
    --will-topic lw --will-delay-interval 30 -D connect topic-alias-maximum 9"
expect_rc 0 save
expect_eq "$(sql "SELECT proxy, connect_timeout_ms, reconnect_min_ms,
    reconnect_max_ms, no_verify, alpn, sni, key_password_command,
    tls_max_version, password_env, receive_maximum, maximum_packet_size,
    topic_alias_maximum, request_response_info, request_problem_info,
    auth_method, will_delay, password IS NULL FROM profiles
    WHERE name = 'full'")" \
    "socks5h://127.0.0.1:1080|2500|500|90000|1|x-amzn-mqtt-ca|iot.example|echo k|tlsv1.3|MQTT_PW|20|65536|9|1|0|SCRAM|30|1" \
    "each field in its column (-D sets the field)"

note "show: JSON from the table, no secrets unless asked"
run_mq show -c 'show full; show --with-secrets full'
expect_rc 0 show
expect_json "$T/show.json" '[.[] | select(.event=="info") | .text | fromjson]
    | .[0].auth_data == null and .[1].auth_data == "secretdata" and
    .[0].password_source == "env" and .[0].tls_check == "no-verify" and
    .[0].url == "mqtts://127.0.0.1:8883"' "show hides auth data, --with-secrets shows it"

note "list: the URL and the marks, never the password"
run_mq list -c 'list'
expect_json "$T/list.json" '[.[] | select(.event=="info") | .text] ==
    ["profile full offline mqtts://127.0.0.1:8883 password:env tls:no-verify",
    "profile old offline mqtt://127.0.0.1:1883 password:stored"]' "list lines"
grep -q oldpw "$T/list.json" && fail "list printed a password"

note "a bad value: one line, nothing written"
run_mq bad -c "save full mqtt://127.0.0.1 --connect-timeout soon"
expect_rc 1 bad
expect_json "$T/bad.json" '[.[] | select(.event=="error") | .reason] ==
    ["save: bad connect-timeout '"'"'soon'"'"': must be seconds, 0.1-3600"]' \
    "the error names the flag and the value"
expect_eq "$(sqlite3 "$DB" "SELECT connect_timeout_ms FROM profiles
    WHERE name = 'full'")" 2500 "the profile is unchanged"

note "the form keeps every field: edit and save"
ui_start
ui_cmd 'form edit full'
screen_wait 'Edit full'
# From Host: Session, TLS, Will, Password source, Connection.
keys NPage NPage NPage NPage NPage Down Down Down
check "a field of the Connection section shows" screen_poll \
    'Proxy +socks5h://127.0.0.1:1080' 3
keys C-s
screen_wait_gone 'Edit full'
expect_eq "$(sql "SELECT proxy, connect_timeout_ms, reconnect_min_ms,
    reconnect_max_ms, no_verify, alpn, sni, key_password_command,
    tls_max_version, password_env, receive_maximum, maximum_packet_size,
    topic_alias_maximum, request_response_info, request_problem_info,
    auth_method, auth_data, will_delay FROM profiles WHERE name = 'full'")" \
    "socks5h://127.0.0.1:1080|2500|500|90000|1|x-amzn-mqtt-ca|iot.example|echo k|tlsv1.3|MQTT_PW|20|65536|9|1|0|SCRAM|secretdata|30" \
    "saved through the form, every field as it was"
ui_finish
