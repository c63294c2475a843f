#!/usr/bin/env python3
# A small HTTP CONNECT proxy for the tests: logs each CONNECT target (and
# whether it carried Proxy-Authorization) as a line, then pipes bytes.
# Usage: http-proxy.py PORTFILE LOG
import select, socket, sys, threading

def pipe(a, b):
    try:
        while True:
            r, _, _ = select.select([a, b], [], [], 30)
            if not r:
                return
            for s in r:
                d = s.recv(65536)
                if not d:
                    return
                (b if s is a else a).sendall(d)
    finally:
        a.close()
        b.close()

def serve(c, log):
    head = b""
    while b"\r\n\r\n" not in head:
        d = c.recv(4096)
        if not d:
            c.close()
            return
        head += d
    lines = head.split(b"\r\n")
    parts = lines[0].decode().split()
    auth = any(l.lower().startswith(b"proxy-authorization:") for l in lines)
    with open(log, "a") as f:
        f.write("%s %s auth=%d\n" % (parts[0], parts[1], auth))
    if parts[0] != "CONNECT":
        c.sendall(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
        c.close()
        return
    host, port = parts[1].rsplit(":", 1)
    try:
        u = socket.create_connection((host.strip("[]"), int(port)), 5)
    except OSError:
        c.sendall(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
        c.close()
        return
    c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    rest = head.split(b"\r\n\r\n", 1)[1]
    if rest:
        u.sendall(rest)
    pipe(c, u)

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c, sys.argv[2]), daemon=True).start()
