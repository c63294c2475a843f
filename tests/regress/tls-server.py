#!/usr/bin/env python3
"""A TLS listener that records what the client asked for, for t-tls-verify.

  tls-server.py PORT CERT KEY LOG ALPN[,ALPN...]

Offers the ALPN protocols given, and logs one line a handshake to LOG:
"alpn=<selected or none> sni=<server name or none> tls=<version>". Then
it answers CONNECT with a CONNACK (MQTT 3.1.1, accepted) and PINGREQ with
PINGRESP until the client goes. Writes LISTEN to LOG once listening.
"""
import socket
import ssl
import sys
import threading

PORT, CERT, KEY, LOG, ALPN = sys.argv[1:6]
LOCK = threading.Lock()


def log(line):
    with LOCK, open(LOG, "a") as f:
        f.write(line + "\n")


def read_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def serve(raw, ctx):
    names = {}

    def sni(sock, name, _ctx):
        names["sni"] = name

    ctx.sni_callback = sni
    try:
        s = ctx.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError) as e:
        log("handshake failed: %s" % e)
        raw.close()
        return
    log("alpn=%s sni=%s tls=%s" % (s.selected_alpn_protocol() or "none",
                                   names.get("sni") or "none", s.version()))
    try:
        while True:
            head = read_exact(s, 1)[0]
            mult, length = 1, 0
            while True:
                d = read_exact(s, 1)[0]
                length += (d & 127) * mult
                mult *= 128
                if not d & 128:
                    break
            read_exact(s, length)
            kind = head >> 4
            if kind == 1:
                s.sendall(bytes([0x20, 2, 0, 0]))
            elif kind == 12:
                s.sendall(bytes([0xD0, 0]))
            elif kind == 14:
                break
    except (EOFError, OSError, ssl.SSLError):
        pass
    s.close()


def main():
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", int(PORT)))
    lsock.listen(8)
    log("LISTEN")
    while True:
        raw, _ = lsock.accept()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(CERT, KEY)
        ctx.set_alpn_protocols(ALPN.split(","))
        threading.Thread(target=serve, args=(raw, ctx), daemon=True).start()


main()
