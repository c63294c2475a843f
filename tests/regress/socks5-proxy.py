#!/usr/bin/env python3
"""A small SOCKS5 proxy for the tests (RFC 1928 CONNECT, RFC 1929 user and
password): socks5-proxy.py PORTFILE LOG [USER PASS]. Listens on a free
127.0.0.1 port, writes it to PORTFILE, logs each CONNECT to LOG
("CONNECT host port"), and relays the bytes both ways."""
import socket, sys, threading

portfile, logfile = sys.argv[1], sys.argv[2]
auth = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None

def readn(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b

def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

def serve(c):
    try:
        ver, n = readn(c, 2)
        methods = readn(c, n)
        want = 2 if auth else 0
        if want not in methods:
            c.sendall(b"\x05\xff")
            return
        c.sendall(bytes([5, want]))
        if auth:
            readn(c, 1)
            user = readn(c, readn(c, 1)[0]).decode()
            pw = readn(c, readn(c, 1)[0]).decode()
            ok = (user, pw) == auth
            c.sendall(b"\x01\x00" if ok else b"\x01\x01")
            if not ok:
                return
        _, cmd, _, atyp = readn(c, 4)
        if atyp == 1:
            host = socket.inet_ntop(socket.AF_INET, readn(c, 4))
        elif atyp == 4:
            host = socket.inet_ntop(socket.AF_INET6, readn(c, 16))
        else:
            host = readn(c, readn(c, 1)[0]).decode()
        port = int.from_bytes(readn(c, 2), "big")
        with open(logfile, "a") as f:
            f.write("CONNECT %s %d\n" % (host, port))
        try:
            u = socket.create_connection((host, port), timeout=5)
            u.settimeout(None)
        except ConnectionRefusedError:
            c.sendall(b"\x05\x05\x00\x01" + bytes(6))
            return
        except OSError:
            c.sendall(b"\x05\x04\x00\x01" + bytes(6))
            return
        c.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") +
                  u.getsockname()[1].to_bytes(2, "big"))
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()
        pipe(c, u)
    except (EOFError, OSError):
        pass
    finally:
        c.close()

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
