/*
 * Every field of a connection profile, once. The struct, the SQL columns
 * (added to old databases on open), the flags, the form's rows, `show`,
 * the save line and JSON all come from this list; a new field is one line
 * here plus, at most, a check in profile-field.c.
 *
 * X(member, type, short flag, long flag, column, form label, form section,
 *   hint, default, min, max, MQTT versions, attributes)
 *
 * Types: STR (char *), INT, I64, BOOL (a flag sets the opposite of the
 * default), MS (int milliseconds, flags in seconds), PROPS (struct props).
 * A default of -1 on a number means "not sent" and shows empty.
 */
#ifndef PROFILE_FIELDS_H
#define PROFILE_FIELDS_H

#define PF_V3		0x1
#define PF_V4		0x2
#define PF_V5		0x4
#define PF_VANY		(PF_V3 | PF_V4 | PF_V5)

#define PF_URL		0x01	/* set from the URL, no flag of its own */
#define PF_SECRET	0x02	/* never shown, exported on request */
#define PF_TLS		0x04	/* needs mqtts or wss */
#define PF_WILL		0x08	/* needs a will topic */
#define PF_PROP		0x10	/* also -D connect NAME (NAME = long flag) */
#define PF_WILLPROP	0x20	/* also -D will NAME */
#define PF_REPEAT	0x40	/* repeatable flag: values join with \n */
#define PF_WS		0x80	/* needs ws or wss */

#define PROFILE_FIELDS(X)	\
	X(name, STR, 0, NULL, "name",	\
	    "Name", "Broker",	\
	    "any text, e.g. Sensor 1",	\
	    0, 0, 0, PF_VANY, PF_URL)	\
	X(host, STR, 0, NULL, "host",	\
	    "Host", NULL,	\
	    "e.g. broker.example.com",	\
	    0, 0, 0, PF_VANY, PF_URL)	\
	X(port, INT, 0, NULL, "port",	\
	    "Port", NULL,	\
	    "1-65535",	\
	    1883, 1, 65535, PF_VANY, PF_URL)	\
	X(tls, BOOL, 0, NULL, "tls",	\
	    "Protocol", NULL,	\
	    NULL,	\
	    0, 0, 1, PF_VANY, PF_URL)	\
	X(ws, BOOL, 0, NULL, "ws",	\
	    NULL, NULL,	\
	    NULL,	\
	    0, 0, 1, PF_VANY, PF_URL)	\
	X(client_id, STR, 'i', "id", "client_id",	\
	    "Client ID", "Session",	\
	    "generated at connect (C-g makes one)",	\
	    0, 0, 0, PF_VANY, 0)	\
	X(username, STR, 'u', "username", "username",	\
	    "Username", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, 0)	\
	X(password, STR, 'P', "pw", "password",	\
	    "Password", NULL,	\
	    "stored only when typed here; C-p shows it",	\
	    0, 0, 0, PF_VANY, PF_SECRET)	\
	X(version, INT, 'V', "protocol-version", "version",	\
	    "MQTT version", NULL,	\
	    NULL,	\
	    4, 3, 5, PF_VANY, 0)	\
	X(keepalive, INT, 'k', "keepalive", "keepalive",	\
	    "Keepalive", NULL,	\
	    "seconds: 0 (off) or 5-65535",	\
	    60, 0, 65535, PF_VANY, 0)	\
	X(clean, BOOL, 'c', "disable-clean-session", "clean",	\
	    "Clean session", NULL,	\
	    "off = persistent session, needs a client ID",	\
	    1, 0, 1, PF_VANY, 0)	\
	X(session_expiry, I64, 'x', "session-expiry-interval", "session_expiry",	\
	    "Session expiry", NULL,	\
	    "not sent; seconds or inf",	\
	    -1, 0, 4294967295LL, PF_V5, PF_PROP)	\
	X(connect_props, PROPS, 0, NULL, "connect_props",	\
	    "Connect props", NULL,	\
	    "e.g. user-property=k=v; user-property=a=b",	\
	    0, 0, 0, PF_V5, 0)	\
	X(auto_reconnect, BOOL, 0, "no-reconnect", "auto_reconnect",	\
	    "Auto-reconnect", NULL,	\
	    NULL,	\
	    1, 0, 1, PF_VANY, 0)	\
	X(cafile, STR, 0, "cafile", "cafile",	\
	    "CA file", "TLS (mqtts, wss)",	\
	    "the system's CAs when empty",	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(capath, STR, 0, "capath", "capath",	\
	    "CA path", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(cert, STR, 0, "cert", "cert",	\
	    "Client cert", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(key, STR, 0, "key", "key_file",	\
	    "Client key", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(insecure, BOOL, 0, "insecure", "insecure",	\
	    "Insecure", NULL,	\
	    "do not check the server's host name",	\
	    0, 0, 1, PF_VANY, PF_TLS)	\
	X(tls_version, STR, 0, "tls-version", "tls_version",	\
	    "TLS version", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(no_verify, BOOL, 0, "no-verify", "no_verify",	\
	    "No verify", NULL,	\
	    "accept any certificate",	\
	    0, 0, 1, PF_VANY, PF_TLS)	\
	X(tls_max_version, STR, 0, "tls-max-version", "tls_max_version",	\
	    "TLS max version", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(alpn, STR, 0, "alpn", "alpn",	\
	    "ALPN", NULL,	\
	    "e.g. x-amzn-mqtt-ca",	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(sni, STR, 0, "sni", "sni",	\
	    "Server name (SNI)", NULL,	\
	    "the host when empty",	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(key_password_command, STR, 0, "key-password-command", "key_password_command",	\
	    "Key password cmd", NULL,	\
	    "asked at connect when empty",	\
	    0, 0, 0, PF_VANY, PF_TLS)	\
	X(will_topic, STR, 0, "will-topic", "will_topic",	\
	    "Will topic", "Will",	\
	    "no will when empty",	\
	    0, 0, 0, PF_VANY, 0)	\
	X(will_payload, STR, 0, "will-payload", "will_payload",	\
	    "Will payload", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_VANY, PF_WILL)	\
	X(will_qos, INT, 0, "will-qos", "will_qos",	\
	    "Will QoS", NULL,	\
	    NULL,	\
	    0, 0, 2, PF_VANY, PF_WILL)	\
	X(will_retain, BOOL, 0, "will-retain", "will_retain",	\
	    "Will retain", NULL,	\
	    NULL,	\
	    0, 0, 1, PF_VANY, PF_WILL)	\
	X(will_props, PROPS, 0, NULL, "will_props",	\
	    "Will props", NULL,	\
	    "e.g. content-type=text/plain; user-property=k=v",	\
	    0, 0, 0, PF_V5, PF_WILL)	\
	X(will_delay, I64, 0, "will-delay-interval", "will_delay",	\
	    "Will delay", NULL,	\
	    "not sent; seconds",	\
	    -1, 0, 4294967295LL, PF_V5, PF_WILL | PF_WILLPROP)	\
	X(ask_password, BOOL, 0, "ask-password", "ask_password",	\
	    "Ask password", "Password source",	\
	    "ask at each connect",	\
	    0, 0, 1, PF_VANY, 0)	\
	X(password_command, STR, 0, "password-command", "password_command",	\
	    "Password command", NULL,	\
	    "e.g. pass show mqtt/home",	\
	    0, 0, 0, PF_VANY, 0)	\
	X(password_env, STR, 0, "password-env", "password_env",	\
	    "Password env var", NULL,	\
	    "e.g. MQTT_PASSWORD",	\
	    0, 0, 0, PF_VANY, 0)	\
	X(ws_path, STR, 0, "ws-path", "ws_path",	\
	    "WebSocket path", "Connection",	\
	    "/mqtt",	\
	    0, 0, 0, PF_VANY, PF_WS)	\
	X(ws_headers, STR, 0, "ws-header", "ws_headers",	\
	    "WS headers", NULL,	\
	    "Name: value; Name: value",	\
	    0, 0, 0, PF_VANY, PF_WS | PF_REPEAT)	\
	X(proxy, STR, 0, "proxy", "proxy",	\
	    "Proxy", NULL,	\
	    "socks5h://[user:pass@]host:port",	\
	    0, 0, 0, PF_VANY, 0)	\
	X(connect_timeout_ms, MS, 0, "connect-timeout", "connect_timeout_ms",	\
	    "Connect timeout", NULL,	\
	    "seconds",	\
	    10000, 100, 3600000, PF_VANY, 0)	\
	X(reconnect_min_ms, MS, 0, "reconnect-period", "reconnect_min_ms",	\
	    "Reconnect after", NULL,	\
	    "seconds, doubling up to the max",	\
	    1000, 100, 3600000, PF_VANY, 0)	\
	X(reconnect_max_ms, MS, 0, "reconnect-max", "reconnect_max_ms",	\
	    "Reconnect max", NULL,	\
	    "seconds",	\
	    30000, 100, 86400000, PF_VANY, 0)	\
	X(receive_maximum, INT, 0, "receive-maximum", "receive_maximum",	\
	    "Receive maximum", "MQTT 5",	\
	    "not sent; 1-65535",	\
	    -1, 1, 65535, PF_V5, PF_PROP)	\
	X(maximum_packet_size, I64, 0, "maximum-packet-size", "maximum_packet_size",	\
	    "Max packet size", NULL,	\
	    "not sent; bytes",	\
	    -1, 1, 268435460LL, PF_V5, PF_PROP)	\
	X(topic_alias_maximum, INT, 0, "topic-alias-maximum", "topic_alias_maximum",	\
	    "Topic alias max", NULL,	\
	    "not sent; 0-65535",	\
	    -1, 0, 65535, PF_V5, PF_PROP)	\
	X(request_response_info, INT, 0, "request-response-information", "request_response_info",	\
	    "Request resp. info", NULL,	\
	    "not sent; 0 or 1",	\
	    -1, 0, 1, PF_V5, PF_PROP)	\
	X(request_problem_info, INT, 0, "request-problem-information", "request_problem_info",	\
	    "Request problem info", NULL,	\
	    "not sent; 0 or 1",	\
	    -1, 0, 1, PF_V5, PF_PROP)	\
	X(auth_method, STR, 0, "authentication-method", "auth_method",	\
	    "Auth method", NULL,	\
	    "e.g. SCRAM-SHA-1",	\
	    0, 0, 0, PF_V5, PF_PROP)	\
	X(auth_data, STR, 0, "authentication-data", "auth_data",	\
	    "Auth data", NULL,	\
	    NULL,	\
	    0, 0, 0, PF_V5, PF_PROP | PF_SECRET)

#endif
