#!/usr/bin/env python3
"""A broker that misbehaves on purpose, for the engine's fault tests.

Only the packets the tests need (MQTT 3.1.1): CONNECT, PUBLISH, PUBREL,
SUBSCRIBE, PINGREQ, DISCONNECT. Every packet read is logged to LOG as one
line: "<ms since start> <CONNECT|PUBLISH ...|...>".

  fake-broker.py PORT LOG MODE
    MODE puback-qos2  answer a QoS 2 PUBLISH with PUBACK (as some brokers
                      that do not support QoS 2 do), otherwise behave
    MODE flap         send CONNACK, then drop the connection at once
"""
import socket
import sys
import threading
import time

PORT, LOG, MODE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
START = time.monotonic()
LOCK = threading.Lock()


def log(line):
    with LOCK, open(LOG, "a") as f:
        f.write("%d %s\n" % ((time.monotonic() - START) * 1000, line))


def read_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def read_packet(s):
    head = read_exact(s, 1)[0]
    mult, length = 1, 0
    while True:
        d = read_exact(s, 1)[0]
        length += (d & 127) * mult
        mult *= 128
        if not d & 128:
            break
    return head, read_exact(s, length)


def serve(s):
    try:
        while True:
            head, body = read_packet(s)
            kind = head >> 4
            if kind == 1:
                log("CONNECT")
                s.sendall(bytes([0x20, 2, 0, 0]))
                if MODE == "flap":
                    s.close()
                    return
            elif kind == 3:
                qos = (head >> 1) & 3
                tlen = int.from_bytes(body[0:2], "big")
                topic = body[2:2 + tlen].decode()
                mid = int.from_bytes(body[2 + tlen:4 + tlen], "big") \
                    if qos else 0
                log("PUBLISH q%d %s mid=%d dup=%d" %
                    (qos, topic, mid, (head >> 3) & 1))
                if qos == 1 or (qos == 2 and MODE == "puback-qos2"):
                    s.sendall(bytes([0x40, 2]) + mid.to_bytes(2, "big"))
                elif qos == 2:
                    s.sendall(bytes([0x50, 2]) + mid.to_bytes(2, "big"))
            elif kind == 6:
                log("PUBREL")
                s.sendall(bytes([0x70, 2]) + body[0:2])
            elif kind == 8:
                log("SUBSCRIBE")
                s.sendall(bytes([0x90, 3]) + body[0:2] + bytes([0]))
            elif kind == 12:
                log("PINGREQ")
                s.sendall(bytes([0xd0, 0]))
            elif kind == 14:
                log("DISCONNECT")
                s.close()
                return
            else:
                log("PACKET %d" % kind)
    except (EOFError, OSError):
        log("CLOSED")
        s.close()


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", PORT))
    srv.listen(8)
    log("LISTEN")
    while True:
        c, _ = srv.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


main()
