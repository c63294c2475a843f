#!/bin/sh
# tls-ca.sh DIR: a test CA and the certificates the TLS tests need, made
# with the openssl command line into DIR (which it creates):
#   ca.crt ca.key                the CA
#   srv.crt srv.key              server, for 127.0.0.1, ::1 and localhost
#   expired.crt expired.key      server, the same names, expired in 2020
#   selfsigned.crt selfsigned.key  server, the same names, signed by itself
#   wronghost.crt wronghost.key  server, for wrong.example only
#   client.crt client.key        client (CN=mqtty-client), signed by the CA
#   client-enc.key               client.key encrypted with the passphrase
#                                in client.pass ("open sesame")
# Exits non-zero with openssl's log on the first failure.
set -eu
d=$1
mkdir -p "$d"
log=$d/openssl.log
: >"$log"
ssl() {
	if ! openssl "$@" >>"$log" 2>&1; then
		cat "$log" >&2
		echo "tls-ca.sh: openssl $1 failed" >&2
		exit 1
	fi
}
# key NAME: a P-256 key.
key() {
	ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$d/$1.key"
}
# ext NAME SAN USAGE: the extensions of a leaf certificate.
ext() {
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=%s\n' \
	    "$2" "$3" >"$d/$1.ext"
}
# leaf NAME CN SAN USAGE: a certificate signed by the CA, valid 2 days.
leaf() {
	key "$1"
	ssl req -new -key "$d/$1.key" -out "$d/$1.csr" -subj "/CN=$2"
	ext "$1" "$3" "$4"
	ssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
	    -CAcreateserial -out "$d/$1.crt" -days 2 -extfile "$d/$1.ext"
}
names="IP:127.0.0.1,IP:::1,DNS:localhost"

key ca
ssl req -x509 -new -key "$d/ca.key" -out "$d/ca.crt" -days 2 \
    -subj "/CN=mqtty test CA" \
    -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign
leaf srv localhost "$names" serverAuth
leaf wronghost wrong.example "DNS:wrong.example" serverAuth
leaf client mqtty-client "DNS:mqtty-client" clientAuth

# Expired: x509 -req cannot set dates in the past; openssl ca can.
key expired
ssl req -new -key "$d/expired.key" -out "$d/expired.csr" -subj /CN=localhost
ext expired "$names" serverAuth
mkdir -p "$d/ca.db"
: >"$d/ca.db/index.txt"
echo 1000 >"$d/ca.db/serial"
cat >"$d/ca.cnf" <<EOF
[ca]
default_ca = test_ca
[test_ca]
database = $d/ca.db/index.txt
new_certs_dir = $d/ca.db
serial = $d/ca.db/serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
EOF
ssl ca -batch -notext -config "$d/ca.cnf" -cert "$d/ca.crt" \
    -keyfile "$d/ca.key" -in "$d/expired.csr" -out "$d/expired.crt" \
    -startdate 20200101000000Z -enddate 20200102000000Z \
    -extfile "$d/expired.ext"

key selfsigned
ssl req -x509 -new -key "$d/selfsigned.key" -out "$d/selfsigned.crt" \
    -days 2 -subj /CN=localhost -addext "subjectAltName=$names"

printf 'open sesame\n' >"$d/client.pass"
ssl pkcs8 -topk8 -v2 aes-256-cbc -in "$d/client.key" \
    -out "$d/client-enc.key" -passout "file:$d/client.pass"
chmod 600 "$d"/*.key
