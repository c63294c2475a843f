#!/usr/bin/env python3
"""A wire tap between a client and a real broker: relays every byte and
logs the MQTT 5 packets it sees, one JSON object a line.

  mqtt-tap.py PORT UPSTREAM_PORT LOG

Logged: CONNECT (its properties, the will's properties), CONNACK (its
properties), PUBLISH both ways (direction, topic, properties, payload
length, the packet's total size) and AUTH. Properties are named as
mosquitto names them; binary values are given as text.
"""
import json
import socket
import struct
import sys
import threading

PORT, UP, LOG = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
LOCK = threading.Lock()
NAMES = {
    0x01: ("payload-format-indicator", "b"), 0x02: ("message-expiry-interval", "i"),
    0x03: ("content-type", "s"), 0x08: ("response-topic", "s"),
    0x09: ("correlation-data", "d"), 0x0B: ("subscription-identifier", "v"),
    0x11: ("session-expiry-interval", "i"), 0x12: ("assigned-client-identifier", "s"),
    0x13: ("server-keep-alive", "h"), 0x15: ("authentication-method", "s"),
    0x16: ("authentication-data", "d"), 0x17: ("request-problem-information", "b"),
    0x18: ("will-delay-interval", "i"), 0x19: ("request-response-information", "b"),
    0x1A: ("response-information", "s"), 0x1C: ("server-reference", "s"),
    0x1F: ("reason-string", "s"), 0x21: ("receive-maximum", "h"),
    0x22: ("topic-alias-maximum", "h"), 0x23: ("topic-alias", "h"),
    0x24: ("maximum-qos", "b"), 0x25: ("retain-available", "b"),
    0x26: ("user-property", "p"), 0x27: ("maximum-packet-size", "i"),
    0x28: ("wildcard-subscription-available", "b"),
    0x29: ("subscription-identifier-available", "b"),
    0x2A: ("shared-subscription-available", "b"),
}


def log(obj):
    with LOCK, open(LOG, "a") as f:
        f.write(json.dumps(obj) + "\n")


def varint(b, i):
    v, m = 0, 1
    while True:
        c = b[i]
        i += 1
        v += (c & 0x7F) * m
        m *= 128
        if not c & 0x80:
            return v, i


def string(b, i):
    n = struct.unpack_from("!H", b, i)[0]
    return b[i + 2:i + 2 + n], i + 2 + n


def props(b, i):
    n, i = varint(b, i)
    end, out = i + n, {}
    while i < end:
        pid, i = varint(b, i)
        name, kind = NAMES.get(pid, ("0x%02x" % pid, "?"))
        if kind == "b":
            v, i = b[i], i + 1
        elif kind == "h":
            v, i = struct.unpack_from("!H", b, i)[0], i + 2
        elif kind == "i":
            v, i = struct.unpack_from("!I", b, i)[0], i + 4
        elif kind == "v":
            v, i = varint(b, i)
        elif kind in "sd":
            v, i = string(b, i)
            v = v.decode("utf-8", "replace")
        elif kind == "p":
            k, i = string(b, i)
            v, i = string(b, i)
            v = [k.decode(), v.decode()]
            out.setdefault(name, []).append(v)
            continue
        else:
            return out, end
        out[name] = v
    return out, end


def packet(link, way, b, size):
    kind, flags = b[0] >> 4, b[0] & 0x0F
    _, i = varint(b, 1)
    try:
        if kind == 1 and way == "in":
            _, i = string(b, i)
            level, cflags = b[i], b[i + 1]
            i += 4
            ev = {"type": "CONNECT", "level": level}
            link["level"] = level
            if level == 5:
                ev["props"], i = props(b, i)
                _, i = string(b, i)
                if cflags & 0x04:
                    ev["will_props"], i = props(b, i)
            log(ev)
        elif kind == 2 and way == "out":
            ev = {"type": "CONNACK", "reason": b[i + 1]}
            if link.get("level") == 5 and len(b) > i + 2:
                ev["props"], _ = props(b, i + 2)
            log(ev)
        elif kind == 3:
            topic, i = string(b, i)
            if (flags >> 1) & 3:
                i += 2
            p = {}
            if link.get("level") == 5:
                p, i = props(b, i)
            log({"type": "PUBLISH", "way": way, "topic": topic.decode(),
                 "props": p, "len": len(b) - i, "size": size})
        elif kind == 15:
            log({"type": "AUTH"})
    except (IndexError, struct.error):
        log({"type": "MALFORMED", "way": way})


def pump(link, src, dst, way):
    buf = b""
    try:
        while True:
            d = src.recv(65536)
            if not d:
                break
            # Logged before it is passed on: CONNECT's level is known
            # before the broker can answer it.
            buf += d
            while len(buf) >= 2:
                try:
                    n, i = varint(buf, 1)
                except IndexError:
                    break
                if len(buf) < i + n:
                    break
                packet(link, way, buf[:i + n], i + n)
                buf = buf[i + n:]
            dst.sendall(d)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(16)
    log({"type": "LISTENING"})
    while True:
        c, _ = s.accept()
        u = socket.create_connection(("127.0.0.1", UP))
        link = {}
        threading.Thread(target=pump, args=(link, c, u, "in"),
                         daemon=True).start()
        threading.Thread(target=pump, args=(link, u, c, "out"),
                         daemon=True).start()


main()
