#!/usr/bin/env python3
"""make bench-screen: the screen under a flood, measured from outside.

mqtty runs in a pseudo-terminal of 80x24 (TERM=xterm-256color) against a
private mosquitto on a free loopback port, subscribed to bench/#. Every
byte it writes to the terminal is read from the pty master and counted.

 1. idle, 5 s: bytes per second (after the first second there must be
    none);
 2. not flooding: single messages, each with a payload nobody has seen;
    the time from handing it to a publisher to the first terminal output
    that holds it;
 3. a flood of BENCH_RATE (50000) messages a second of BENCH_SIZE (64)
    bytes for BENCH_SECS (10) s, from mosquitto_pub -l fed through a pipe
    at that rate. Meanwhile bytes per second, and keys: every 300 ms '?'
    opens the help, and 'q' closes it as soon as it shows; for each, the
    time from writing the key to the first output holding a marker that
    only the changed screen has.

Then PASS/FAIL lines against the thresholds: key -> screen p95 <= 50 ms,
<= 30 KB/s to the terminal while flooding, 0 B/s idle, and new messages
on the screen within 50 ms (p95) when not flooding. The flood rate the
broker received and mqtty stored is printed: if the publisher could not
keep up, the numbers say so. Exit status 1 when a check fails.

Usage: MQTTY=path/to/mqtty python3 tests/bench/screen.py
(python3 --feed RATE SECS SIZE is the flood's feeder, used internally.)
"""
import fcntl
import math
import os
import pty
import re
import select
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROWS, COLS = 24, 80
KEY_P95_MS = 50.0
MSG_P95_MS = 50.0
FLOOD_BYTES_PER_S = 30 * 1024
KEY_EVERY = 0.3
IDLE_SECS = 5
SINGLE_N = 20
TOPIC = "bench/flood"
# Markers: text that only the changed screen holds.
HELP_OPEN = b"rebind with"	# the help's first line
HELP_CLOSED = b"Subscriptions"	# a pane title the help covers

# Terminal control sequences, dropped before looking for text.
CTRL = re.compile(rb"\x1b\[[0-9;?:<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*"
                  rb"(?:\x07|\x1b\\)|\x1b[()*+][0-9A-Za-z]|\x1b[=>78cDEHM]"
                  rb"|[\x00-\x08\x0b-\x1f]")


def feed(rate, secs, size):
    """Write `rate` lines a second for `secs` s to stdout: the flood.

    A line is a sequence number and random hex: consecutive payloads
    share nothing, so the terminal cannot be spared by redrawing only
    the few characters that changed (the worst case for the screen).
    """
    n = max(size - 9, 0)
    sent, total = 0, int(rate * secs)
    start = time.monotonic()
    while sent < total:
        want = min(total, int(rate * (time.monotonic() - start)) + 1)
        if want > sent:
            rnd = os.urandom((n + 1) // 2 * (want - sent)).hex().encode()
            step = (n + 1) // 2 * 2
            os.write(1, b"".join(
                b"%08d %s\n" % (i, rnd[(i - sent) * step:
                                      (i - sent) * step + n])
                for i in range(sent, want)))
            sent = want
        time.sleep(0.002)
    sys.stderr.write("%d %.3f\n" % (sent, time.monotonic() - start))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def which(prog):
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    found = shutil.which(prog, path=path)
    if found is None:
        print("SKIP: %s not installed" % prog)
        sys.exit(77)
    return found


def pct(v, p):
    """The p-th percentile (nearest rank) of v, or None."""
    if not v:
        return None
    v = sorted(v)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def ms(x):
    return "-" if x is None else "%.1f ms" % (x * 1000)


class Bench:
    def __init__(self, mqtty):
        self.mqtty = mqtty
        self.tmp = tempfile.mkdtemp(prefix="mqtty-bench-screen.")
        self.procs = []
        self.master = None
        self.mq = None
        self.out = []		# (monotonic time, byte count) per read
        self.seen = b""		# output since the last expect()
        self.sys = {}		# $SYS topic -> [(time, value)]
        self.sysbuf = b""

    # -- processes --

    def spawn(self, argv, **kw):
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def broker(self):
        mosquitto = which("mosquitto")
        for _ in range(5):
            port = free_port()
            conf = os.path.join(self.tmp, "mosquitto.conf")
            with open(conf, "w") as f:
                f.write("# written by tests/bench/screen.py\n"
                        "user %s\n"
                        "log_dest file %s/mosquitto.log\n"
                        "listener %d 127.0.0.1\n"
                        "allow_anonymous true\n"
                        "persistence false\n"
                        "max_queued_messages 0\n"
                        "max_inflight_messages 0\n"
                        "sys_interval 1\n" % (_user(), self.tmp, port))
            p = self.spawn([mosquitto, "-c", conf], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for _ in range(50):
                if p.poll() is not None:
                    break
                if port_open(port):
                    self.port = port
                    return
                time.sleep(0.1)
            p.kill()
        sys.exit("ERROR: could not start mosquitto")

    def sys_watch(self):
        """The broker's own counters, once a second."""
        self.syssub = self.spawn(
            [which("mosquitto_sub"), "-p", str(self.port), "-v",
             "-t", "$SYS/broker/publish/messages/received",
             "-t", "$SYS/broker/publish/messages/sent"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        os.set_blocking(self.syssub.stdout.fileno(), False)

    def start_mqtty(self):
        env = dict(os.environ)
        for d in ("home", "data", "config", "state", "cache", "run"):
            os.makedirs(os.path.join(self.tmp, d), mode=0o700)
        env.update(TERM="xterm-256color", LC_ALL=_utf8_locale(),
                   HOME=os.path.join(self.tmp, "home"),
                   XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(self.tmp, "config"),
                   XDG_STATE_HOME=os.path.join(self.tmp, "state"),
                   XDG_CACHE_HOME=os.path.join(self.tmp, "cache"),
                   XDG_RUNTIME_DIR=os.path.join(self.tmp, "run"))
        env.pop("NO_COLOR", None)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.db = os.path.join(self.tmp, "x.db")
        err = open(os.path.join(self.tmp, "mqtty.err"), "wb")

        def ctty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.mq = self.spawn(
            [self.mqtty, "--no-config", "--db", self.db,
             "mqtt://127.0.0.1:%d" % self.port],
            stdin=slave, stdout=slave, stderr=err, env=env,
            start_new_session=True, preexec_fn=ctty)
        os.close(slave)
        err.close()
        self.master = master
        os.set_blocking(master, False)

    def stop(self):
        if self.mq is not None and self.mq.poll() is None:
            self.mq.send_signal(signal.SIGTERM)
            try:
                self.mq.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        if self.master is not None:
            os.close(self.master)
            self.master = None

    # -- the terminal --

    def pump(self, timeout):
        """Read what is there (waiting up to timeout); log it."""
        fds = [self.master]
        if getattr(self, "syssub", None) is not None:
            fds.append(self.syssub.stdout.fileno())
        r, _, _ = select.select(fds, [], [], max(timeout, 0))
        now = time.monotonic()
        got = b""
        if self.master in r:
            while True:
                try:
                    b = os.read(self.master, 1 << 16)
                except BlockingIOError:
                    break
                except OSError:		# EIO: mqtty is gone
                    if self.mq.poll() is not None:
                        raise SystemExit("ERROR: mqtty exited (%s)" %
                                         self.mq.returncode)
                    break
                if not b:
                    break
                got += b
            if got:
                self.out.append((now, len(got)))
                self.seen += got
        if len(fds) > 1 and fds[1] in r:
            try:
                self.sysbuf += os.read(fds[1], 1 << 16)
            except BlockingIOError:
                pass
            *lines, self.sysbuf = self.sysbuf.split(b"\n")
            for line in lines:
                topic, _, value = line.partition(b" ")
                self.sys.setdefault(topic.decode().rsplit("/", 1)[-1],
                                    []).append((now, int(value or 0)))
        return now, got

    def found(self, marker):
        return marker in CTRL.sub(b"", self.seen)

    def expect(self, marker, secs, what):
        end = time.monotonic() + secs
        while not self.found(marker):
            if time.monotonic() > end:
                raise SystemExit("ERROR: no %r on the screen within %g s "
                                 "(%s); see %s" % (marker, secs, what,
                                                   self.tmp))
            self.pump(0.05)
        self.seen = b""

    def key(self, data):
        self.seen = b""
        os.write(self.master, data)
        return time.monotonic()

    def idle(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            self.pump(end - time.monotonic())

    # -- phases --

    def subscribe(self):
        self.expect(b"connected", 10, "connecting at start")
        self.key(b"s")
        self.expect(b"subscribe ", 5, "the subscribe prompt")
        self.key(b"bench/#\r")
        self.expect(b"subscribed to bench/#", 5, "subscribing")
        self.idle(0.5)

    def phase_idle(self):
        t0 = time.monotonic()
        n0 = len(self.out)
        self.idle(IDLE_SECS)
        bins = per_second(self.out[n0:], t0, IDLE_SECS)
        return bins

    def phase_single(self):
        """Messages one at a time: arrival -> screen."""
        pub = self.spawn([which("mosquitto_pub"), "-p", str(self.port),
                          "-t", "bench/one", "-l"], stdin=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
        self.idle(0.5)		# the publisher is connected
        lat = []
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        for i in range(SINGLE_N):
            # Every character differs from the last message's at the same
            # column, so the terminal gets the whole word.
            token = "".join(letters[(i + k) % len(letters)]
                            for k in range(12)).encode()
            self.seen = b""
            pub.stdin.write(token + b" %d\n" % i)
            pub.stdin.flush()
            t = time.monotonic()
            end = t + 2
            while not self.found(token) and time.monotonic() < end:
                self.pump(end - time.monotonic())
            if self.found(token):
                lat.append(self.out[-1][0] - t)
            self.idle(0.25)
        pub.stdin.close()
        pub.wait(5)
        return lat

    def phase_flood(self, rate, secs, size):
        self.idle(1.0)
        pub = self.spawn([which("mosquitto_pub"), "-p", str(self.port),
                          "-t", TOPIC, "-l"], stdin=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
        self.idle(0.3)
        feeder = self.spawn([sys.executable, os.path.abspath(__file__),
                             "--feed", str(rate), str(secs), str(size)],
                            stdout=pub.stdin, stderr=subprocess.PIPE)
        pub.stdin.close()
        t0, w0 = time.monotonic(), time.time()
        n0 = len(self.out)
        lat = {"?": [], "q": []}
        misses = 0
        next_key = t0 + KEY_EVERY
        pending = None		# (key, marker, time sent)
        keys_on = True
        # '?' every KEY_EVERY s; 'q' as soon as the help shows, so the
        # help hides the flood only for a moment.
        while time.monotonic() < t0 + secs:
            now = time.monotonic()
            if keys_on and pending is None and now >= next_key:
                pending = ("?", HELP_OPEN, self.key(b"?"))
                next_key = max(next_key + KEY_EVERY, now)
            timeout = 0.05 if pending is not None else \
                min(next_key, t0 + secs) - now
            now, got = self.pump(timeout)
            if pending is not None and got and self.found(pending[1]):
                lat[pending[0]].append(now - pending[2])
                pending = ("q", HELP_CLOSED, self.key(b"q")) \
                    if pending[0] == "?" else None
            elif pending is not None and now - pending[2] > 2:
                # Counted as a latency of the 2 s waited; no more keys,
                # the screen is not where we think it is.
                misses += 1
                lat[pending[0]].append(now - pending[2])
                pending, keys_on = None, False
        t1 = time.monotonic()
        bins = per_second(self.out[n0:], t0, secs)
        _, ferr = feeder.communicate(timeout=secs + 30)
        pub.wait(60)
        fed = ferr.split()
        if keys_on and pending is not None:
            # Leave the help closed.
            if pending[0] == "?":
                self.expect(HELP_OPEN, 5, "the help after the flood")
                self.key(b"q")
            self.expect(HELP_CLOSED, 5, "the help closing after the flood")
        return {"lat": lat, "misses": misses, "bins": bins,
                "t0": t0, "t1": t1, "w0": w0,
                "fed": int(fed[0]) if fed else 0,
                "fed_secs": float(fed[1]) if len(fed) > 1 else secs}

    def catch_up(self, limit=60):
        """Wait until mqtty has stored what the broker sent it."""
        con = sqlite3.connect(self.db, timeout=5)
        last, still, t0 = -1, time.monotonic(), time.monotonic()
        while time.monotonic() - t0 < limit:
            self.pump(0.25)
            try:
                n = con.execute("SELECT max(id) FROM messages").fetchone()[0]
            except sqlite3.OperationalError:
                n = last
            if n != last:
                last, still = n, time.monotonic()
            elif time.monotonic() - still > 1.5:
                break
        con.close()
        return still - t0

    def stored(self, t0_wall, t1_wall):
        con = sqlite3.connect(self.db, timeout=5)
        n = con.execute("SELECT count(*) FROM messages WHERE topic = ?",
                        (TOPIC,)).fetchone()[0]
        during = con.execute(
            "SELECT count(*) FROM messages WHERE topic = ? AND "
            "time_ms BETWEEN ? AND ?", (TOPIC, int(t0_wall * 1000),
                                        int(t1_wall * 1000))).fetchone()[0]
        con.close()
        return n, during

    def cpu(self):
        try:
            with open("/proc/%d/stat" % self.mq.pid) as f:
                v = f.read().rsplit(")", 1)[1].split()
            return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None


def per_second(out, t0, secs):
    bins = [0] * int(secs + 0.999)
    for t, n in out:
        i = int(t - t0)
        if 0 <= i < len(bins):
            bins[i] += n
    return bins


def _user():
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name


def _utf8_locale():
    try:
        have = subprocess.run(["locale", "-a"], capture_output=True,
                              text=True).stdout.split()
    except OSError:
        have = []
    for l in ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"):
        if l in have:
            return l
    return "C.UTF-8"


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--feed":
        feed(int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
        return 0
    mqtty = os.environ.get("MQTTY") or (sys.argv[1] if len(sys.argv) > 1
                                        else None)
    if not mqtty or not os.access(mqtty, os.X_OK):
        sys.exit("ERROR: set MQTTY to the mqtty binary")
    rate = int(os.environ.get("BENCH_RATE", 50000))
    secs = float(os.environ.get("BENCH_SECS", 10))
    size = int(os.environ.get("BENCH_SIZE", 64))

    b = Bench(mqtty)
    fails = 0
    try:
        b.broker()
        b.sys_watch()
        b.start_mqtty()
        b.subscribe()
        idle = b.phase_idle()
        single = b.phase_single()
        fl = b.phase_flood(rate, secs, size)
        w0 = fl["w0"]
        w1 = w0 + (fl["t1"] - fl["t0"])
        lag = b.catch_up()
        cpu = b.cpu()
        b.idle(0.2)
    finally:
        b.stop()
    n, during = b.stored(w0, w1)

    def rate_of(name):
        """Over the $SYS samples that fall in the flood."""
        v = [x for x in b.sys.get(name, [])
             if fl["t0"] <= x[0] <= fl["t1"] + 0.5]
        if len(v) < 2 or v[-1][0] - v[0][0] < 1:
            return None
        return (v[-1][1] - v[0][1]) / (v[-1][0] - v[0][0])

    print("bench-screen: %dx%d, TERM=xterm-256color; flood %d msg/s of %d "
          "bytes for %g s" % (COLS, ROWS, rate, size, secs))
    recv, sent = rate_of("received"), rate_of("sent")
    print("  publisher fed %d lines in %.1f s (%.0f/s)" %
          (fl["fed"], fl["fed_secs"], fl["fed"] / max(fl["fed_secs"], 1e-3)))
    print("  broker: received %s msg/s, sent %s msg/s (from $SYS, 1 s)" %
          ("?" if recv is None else "%.0f" % recv,
           "?" if sent is None else "%.0f" % sent))
    print("  mqtty stored %d flood messages, %d during the %.1f s flood "
          "(%.0f/s); all stored %.1f s after it ended" %
          (n, during, w1 - w0, during / max(w1 - w0, 1e-3), lag))
    if cpu is not None:
        print("  mqtty CPU time over the whole run: %.1f s" % cpu)
    print("  idle bytes/s: %s" % " ".join(str(x) for x in idle))
    print("  new message -> screen, not flooding (%d): p50 %s, p95 %s, "
          "max %s" % (len(single), ms(pct(single, 50)), ms(pct(single, 95)),
                      ms(max(single) if single else None)))
    keys = fl["lat"]["?"] + fl["lat"]["q"]
    for k, name in (("?", "'?' help opens"), ("q", "'q' help closes")):
        v = fl["lat"][k]
        print("  %s (%d): p50 %s, p95 %s, max %s" %
              (name, len(v), ms(pct(v, 50)), ms(pct(v, 95)),
               ms(max(v) if v else None)))
    bins = fl["bins"]
    avg = sum(bins) / max(len(bins), 1)
    print("  flood bytes/s: avg %.0f, max %d; per second: %s" %
          (avg, max(bins) if bins else 0, " ".join(str(x) for x in bins)))

    def check(ok, text):
        nonlocal fails
        print("%s: %s" % ("PASS" if ok else "FAIL", text))
        if not ok:
            fails += 1
    check(all(x == 0 for x in idle[1:]),
          "idle: %s B/s after the first second (want 0)" %
          max(idle[1:] or [0]))
    p = pct(single, 95)
    check(p is not None and len(single) == SINGLE_N and
          p * 1000 <= MSG_P95_MS,
          "new message -> screen p95 %s of %d/%d (want <= %g ms)" %
          (ms(p), len(single), SINGLE_N, MSG_P95_MS))
    p = pct(keys, 95)
    check(p is not None and fl["misses"] == 0 and p * 1000 <= KEY_P95_MS,
          "key -> screen under flood p95 %s over %d keys, %d missed "
          "(want <= %g ms)" % (ms(p), len(keys), fl["misses"], KEY_P95_MS))
    check(bins and max(bins) <= FLOOD_BYTES_PER_S,
          "bytes to the terminal under flood: max %d B/s, avg %.0f B/s "
          "(want <= %d)" % (max(bins) if bins else 0, avg,
                            FLOOD_BYTES_PER_S))
    if during / max(w1 - w0, 1e-3) < 0.8 * rate:
        print("NOTE: mqtty received %.0f msg/s during the flood, under 80%% "
              "of %d: the flood was not what was asked for" %
              (during / max(w1 - w0, 1e-3), rate))
    if os.environ.get("KEEP_TMP"):
        print("kept %s" % b.tmp)
    else:
        shutil.rmtree(b.tmp, ignore_errors=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
