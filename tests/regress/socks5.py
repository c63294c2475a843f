#!/usr/bin/env python3
"""A SOCKS5 proxy (RFC 1928, RFC 1929) that logs what it was asked.

  socks5.py PORT LOG [USER PASS]

With USER and PASS only username/password authentication is accepted.
Each request is logged as one line: "auth USER ok|bad", then
"connect ipv4|ipv6|name HOST PORT". Only 127.0.0.1 and localhost are
reached: anything else is answered "connection not allowed".
"""
import select
import socket
import struct
import sys
import threading

PORT, LOG = int(sys.argv[1]), sys.argv[2]
CRED = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None
LOCK = threading.Lock()


def log(line):
    with LOCK, open(LOG, "a") as f:
        f.write(line + "\n")


def exact(s, n):
    b = b""
    while len(b) < n:
        r = s.recv(n - len(b))
        if not r:
            raise EOFError
        b += r
    return b


def relay(a, b):
    try:
        while True:
            r, _, _ = select.select([a, b], [], [])
            for s in r:
                d = s.recv(65536)
                if not d:
                    return
                (b if s is a else a).sendall(d)
    except OSError:
        return


def serve(c):
    try:
        ver, n = exact(c, 2)
        methods = exact(c, n)
        want = 2 if CRED else 0
        if ver != 5 or want not in methods:
            c.sendall(b"\x05\xff")
            return
        c.sendall(bytes([5, want]))
        if CRED:
            exact(c, 1)
            user = exact(c, exact(c, 1)[0]).decode()
            pw = exact(c, exact(c, 1)[0]).decode()
            ok = (user, pw) == CRED
            log("auth %s %s" % (user, "ok" if ok else "bad"))
            c.sendall(b"\x01\x00" if ok else b"\x01\x01")
            if not ok:
                return
        _, cmd, _, atyp = exact(c, 4)
        if atyp == 1:
            host, kind = socket.inet_ntop(socket.AF_INET, exact(c, 4)), "ipv4"
        elif atyp == 4:
            host, kind = socket.inet_ntop(socket.AF_INET6, exact(c, 16)), "ipv6"
        else:
            host, kind = exact(c, exact(c, 1)[0]).decode(), "name"
        port = struct.unpack("!H", exact(c, 2))[0]
        log("connect %s %s %d" % (kind, host, port))
        if cmd != 1 or host not in ("127.0.0.1", "::1", "localhost"):
            c.sendall(b"\x05\x02\x00\x01" + bytes(6))
            return
        try:
            u = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            c.sendall(b"\x05\x05\x00\x01" + bytes(6))
            return
        c.sendall(b"\x05\x00\x00\x01" + bytes(6))
        relay(c, u)
        u.close()
    except (EOFError, OSError):
        pass
    finally:
        c.close()


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(16)
    log("listening")
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


main()
