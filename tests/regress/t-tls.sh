#!/bin/bash
# TLS: mqtts:// with the right CA connects; a wrong CA fails with a reason
# about certificate verification; a host name the certificate does not
# cover fails, and --insecure (which skips only that check) connects.
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

C=$T/certs
mkdir -p "$C"
ssl() {
	openssl "$@" >>"$C/openssl.log" 2>&1 ||
		{ show "$C/openssl.log"; echo "ERROR: openssl $1" >&2; exit 99; }
}
# ca NAME: a self-signed CA.
ca() {
	ssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$C/$1.key" -out "$C/$1.crt" -days 2 -subj "/CN=$1" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign
}
# cert NAME CA SAN: a server certificate for CN=localhost.
cert() {
	ssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$C/$1.key" -out "$C/$1.csr" -subj /CN=localhost
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	    "$3" >"$C/$1.ext"
	ssl x509 -req -in "$C/$1.csr" -CA "$C/$2.crt" -CAkey "$C/$2.key" \
	    -CAcreateserial -out "$C/$1.crt" -days 2 -extfile "$C/$1.ext"
}
ca ca
ca other
cert full ca "IP:127.0.0.1,DNS:localhost"
cert nameonly ca "DNS:localhost"

tls_broker() {
	broker_start "cafile $C/ca.crt" "certfile $C/$1.crt" "keyfile $C/$1.key"
}
tls_broker full
P1=$BROKER_PORT
tls_broker nameonly
P2=$BROKER_PORT

# Check the setup itself with mosquitto's client first.
timeout 10 mosquitto_pub -h localhost -p "$P1" --cafile "$C/ca.crt" -t s/t \
    -m x >"$T/mpub.out" 2>&1 ||
	{ show "$T/mpub.out"; echo "ERROR: TLS broker setup broken" >&2; exit 99; }

# ok NAME CONNECT-ARGS: connects, and a round trip works over it.
ok() {
	local n=$1
	shift
	run_mq "$n" -C 1 -W 10 -c "connect $* --name s; sub tls/#; pub tls/x $n"
	expect_rc 0 "$n"
	expect_json "$T/$n.json" 'any(.[]; .event=="connected")' "$n: connected"
	expect_json "$T/$n.json" "any(.[]; .event==\"message\" and
	    .payload==\"$n\")" "$n: round trip over TLS"
}
# bad NAME REGEX CONNECT-ARGS: fails, a reason matches REGEX.
bad() {
	local n=$1 re=$2 start
	shift 2
	start=$(date +%s%N)
	run_mq "$n" -c "connect $* --name s"
	expect_rc 1 "$n"
	[ "$(elapsed_ms "$start")" -lt 10000 ] || fail "$n: took over 10 s"
	expect_json "$T/$n.json" '[.[] | select(.event=="connected")] |
	    length==0' "$n: not connected"
	expect_json "$T/$n.json" "[.[] | select(.event==\"error\" or
	    .event==\"disconnected\") | .reason | select(type==\"string\") |
	    test(\"$re\"; \"i\")] | any" "$n: reason matches /$re/"
}

ok right "mqtts://localhost:$P1 --cafile $C/ca.crt"
ok rightip "mqtts://127.0.0.1:$P1 --cafile $C/ca.crt"
ok tls12 "mqtts://localhost:$P1 --cafile $C/ca.crt --tls-version tlsv1.2"
mkdir "$C/hashed"
cp "$C/ca.crt" "$C/hashed/"
ssl rehash "$C/hashed"
ok capath "mqtts://localhost:$P1 --capath $C/hashed"
bad wrongca 'certificate.*(verif|fail)|verif.*certificate' \
    "mqtts://localhost:$P1 --cafile $C/other.crt"
bad wrongcainsecure 'certificate.*(verif|fail)|verif.*certificate' \
    "mqtts://localhost:$P1 --cafile $C/other.crt --insecure"
bad noca 'certificate|verif|tls|ssl' "mqtts://localhost:$P1"
bad hostname 'certificate|verif|host' \
    "mqtts://127.0.0.1:$P2 --cafile $C/ca.crt"
ok insecure "mqtts://127.0.0.1:$P2 --cafile $C/ca.crt --insecure"
ok namematch "mqtts://localhost:$P2 --cafile $C/ca.crt"
bad plain '.' \
    "mqtt://127.0.0.1:$P1"
