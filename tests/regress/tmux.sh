# Sourced after lib.sh by the tests/regress/t-ui-*.sh screen tests: the real
# mqtty runs in a pane of a private tmux server (its own socket in $T, its
# own config, no status line), keys go in with send-keys and the screen
# comes back with capture-pane.
# shellcheck shell=bash disable=SC2034

for _tool in tmux python3; do
	if ! command -v "$_tool" >/dev/null 2>&1; then
		echo "SKIP: $_tool not installed (run share/install-deps)" >&2
		exit 77
	fi
done
unset _tool

# The screen draws boxes and CJK: it needs a UTF-8 locale (lib.sh sets C).
UI_LOCALE=
for _l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
	if locale -a 2>/dev/null | grep -qix "$_l"; then
		UI_LOCALE=$_l
		break
	fi
done
unset _l
if [ -z "$UI_LOCALE" ]; then
	echo "SKIP: no UTF-8 locale (locale -a)" >&2
	exit 77
fi

TMUX_SOCK=$T/tmux.sock
UI_W=100
UI_H=30
UI_TERM=xterm-256color
UI_PANE=mq:0.0
UI_N=0
UI_PID=
UI_PIDFILE=$T/mqtty.pid
UI_ERR=$T/ui.err
UI_SCREEN=$T/screen.txt
UI_FAILS=0
unset TMUX TMUX_PANE

# tm ARGS...: tmux on the private server only, never the user's.
tm() {
	LC_ALL=$UI_LOCALE tmux -u -S "$TMUX_SOCK" "$@"
}

# tm_restart: end the private tmux server and wait (bounded) until it is
# gone, so a new one can start on the same socket.
tm_restart() {
	local i
	tm kill-server 2>/dev/null || true
	for i in $(seq 1 50); do
		[ -S "$TMUX_SOCK" ] || break
		tm has-session 2>/dev/null || { rm -f "$TMUX_SOCK"; break; }
		sleep 0.1
	done
	UI_N=0
}

_tmux_cleanup() {
	local rc=$?
	set +e
	if [ -S "$TMUX_SOCK" ]; then
		tm kill-server 2>/dev/null
	fi
	return "$rc"
}

# Chain onto lib.sh's EXIT trap (it removes $T and keeps the exit status):
# the tmux server goes first, while its socket still exists.
_tmux_prev_trap=$(trap -p EXIT | sed -n "s/^trap -- '\(.*\)' EXIT\$/\1/p")
# shellcheck disable=SC2064
trap "_tmux_cleanup; ${_tmux_prev_trap:-:}" EXIT

# capture-pane keeps curses' line drawing as DEC special graphics (the
# letters q, x, l... between SO and SI in -e output): turn them into the
# box characters a user sees, and drop the colour sequences.
cat >"$T/unacs.py" <<'EOF_PY'
import re, sys
acs = dict(zip("jklmnqtuvwx~`afgy{|}z,+.-0h",
               "┘┐┌└┼─├┤┴┬│·◆▒°±≤π≠£≥<>v^█#"))
data = sys.stdin.buffer.read().decode("utf-8", "replace")
out, on = [], False
for tok in re.split(r"(\x1b\[[0-9;:]*m|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x0e\x0f])", data):
    if tok == "\x0e":
        on = True
    elif tok == "\x0f":
        on = False
    elif tok.startswith("\x1b"):
        pass
    else:
        out.append("".join(acs.get(c, c) for c in tok) if on else tok)
sys.stdout.write("".join(out))
EOF_PY

# Display cells of a captured screen: wide characters take two columns.
cat >"$T/cells.py" <<'EOF_PY'
import re, sys, unicodedata

def width(c):
    if unicodedata.combining(c):
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1

def cells(line):
    """The line as a list of cells; a wide character's second cell is ''."""
    out = []
    for c in line:
        w = width(c)
        if w == 0 and out:
            out[-1] += c
            continue
        out.append(c)
        if w == 2:
            out.append("")
    return out

def dwidth(s):
    return sum(width(c) for c in s)

BOX = set("│┌┐└┘├┤┬┴┼─")

def main():
    mode = sys.argv[1]
    lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
    if mode == "col":		# col REGEX: start column of the first match
        rx = re.compile(sys.argv[3])
        for n, l in enumerate(lines):
            m = rx.search(l)
            if m:
                print(n, dwidth(l[:m.start()]), dwidth(l[:m.end()]))
                return
        print(-1, -1, -1)
    elif mode == "cols":	# cols REGEX: every matching line
        rx = re.compile(sys.argv[3])
        for n, l in enumerate(lines):
            for m in rx.finditer(l):
                print(n, dwidth(l[:m.start()]), dwidth(l[:m.end()]))
    elif mode == "borders":	# borders FIRST LAST COL...: box chars there
        first, last = int(sys.argv[3]), int(sys.argv[4])
        cols = [int(c) for c in sys.argv[5:]]
        bad = 0
        for n in range(first, last + 1):
            c = cells(lines[n]) if n < len(lines) else []
            for col in cols:
                got = c[col] if col < len(c) else " "
                if got not in BOX:
                    print("row %d col %d: %r, not a border (width %d)"
                          % (n, col, got, len(c)))
                    bad += 1
        sys.exit(1 if bad else 0)
    elif mode == "next":	# next ROW COL CHAR: first CHAR at or after COL
        c = cells(lines[int(sys.argv[3])])
        hits = [i for i in range(int(sys.argv[4]), len(c))
                if c[i] == sys.argv[5]]
        print(hits[0] if hits else -1)
    elif mode == "widths":	# widths: the display width of every line
        for n, l in enumerate(lines):
            print(n, dwidth(l))

if __name__ == "__main__":
    main()
EOF_PY

# screen: print the pane as text, one line per row, as a user sees it.
screen() {
	tm capture-pane -p -e -t "$UI_PANE" 2>/dev/null |
	    python3 "$T/unacs.py"
}

# screen_attr: the pane with its colour sequences (capture-pane -e).
screen_attr() {
	tm capture-pane -p -e -t "$UI_PANE" 2>/dev/null
}

# screen_show [TITLE]: the pane into the log, rows numbered, with a ruler.
screen_show() {
	local ruler=0123456789 tens="" i
	for ((i = 0; i < UI_W; i += 10)); do
		tens="$tens$((i / 10 % 10))         "
	done
	{
		echo "----- screen${1:+ ($1)}: ${UI_W}x$UI_H"
		echo "    ${tens:0:UI_W}"
		echo "    $(printf "%0.s$ruler" $(seq 1 $(((UI_W + 9) / 10))) |
		    cut -c1-"$UI_W")"
		screen | awk '{ printf "%2d |%s\n", NR - 1, $0 }'
		echo "-----"
		if [ -s "$UI_ERR" ]; then
			echo "----- mqtty stderr"
			cut -c1-500 "$UI_ERR"
		fi
	} >&2
}

_ui_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# screen_poll REGEX SECS [gone]: poll the pane every 0.1 s until a line
# matches the extended REGEX (or, with "gone", until none does); false
# on timeout. The last capture stays in $UI_SCREEN.
screen_poll() {
	local re=$1 end=$(($(_ui_now_ms) + ${2:-5} * 1000)) gone=${3:-}
	while :; do
		screen >"$UI_SCREEN" || true
		if grep -Eq -- "$re" "$UI_SCREEN"; then
			[ -z "$gone" ] && return 0
		else
			[ -n "$gone" ] && return 0
		fi
		[ "$(_ui_now_ms)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# screen_wait REGEX [SECS]: screen_poll (default 5 s); on timeout show the
# screen and fail.
screen_wait() {
	screen_poll "$1" "${2:-5}" && return 0
	screen_show "waiting for /$1/"
	fail "screen did not show /$1/ within ${2:-5} s"
}

# screen_wait_gone REGEX [SECS]: wait until nothing matches; fail if it
# stays.
screen_wait_gone() {
	screen_poll "$1" "${2:-5}" gone && return 0
	screen_show "waiting for /$1/ to go"
	fail "screen still shows /$1/ after ${2:-5} s"
}

# screen_has REGEX: true when the pane shows it now (no waiting).
screen_has() {
	screen >"$UI_SCREEN" || true
	grep -Eq -- "$1" "$UI_SCREEN"
}

# screen_col REGEX: "ROW START END" of the first match in the pane, in
# display columns (0-based, END exclusive); "-1 -1 -1" when none.
screen_col() {
	screen >"$UI_SCREEN" || true
	python3 "$T/cells.py" col "$UI_SCREEN" "$1"
}

# screen_cols REGEX: "ROW START END" for every match, one per line.
screen_cols() {
	screen >"$UI_SCREEN" || true
	python3 "$T/cells.py" cols "$UI_SCREEN" "$1"
}

# screen_next ROW COL CHAR: the first display column at or after COL in
# ROW of the last capture where CHAR is, or -1.
screen_next() {
	python3 "$T/cells.py" next "$UI_SCREEN" "$@"
}

# screen_borders FIRST LAST COL...: every row FIRST..LAST has a box
# character at each display column COL; prints the rows that do not.
screen_borders() {
	screen >"$UI_SCREEN" || true
	python3 "$T/cells.py" borders "$UI_SCREEN" "$@"
}

# check_fail MSG: a failed check after which the test can still go on, so
# one run reports everything that is wrong; ui_finish fails the test.
check_fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	UI_FAILS=$((UI_FAILS + 1))
}

# check MSG COMMAND...: run COMMAND; check_fail MSG (with the screen)
# unless it succeeds.
check() {
	local msg=$1
	shift
	if "$@"; then
		note "ok: $msg"
	else
		screen_show "$msg"
		check_fail "$msg"
	fi
}

# ui_finish: the end of a screen test: fail if any check failed.
ui_finish() {
	ui_check_stderr
	if [ "$UI_FAILS" -gt 0 ]; then
		fail "$UI_FAILS check(s) failed (see FAIL lines above)"
	fi
	note "all checks passed"
}

# keys KEY...: tmux key names (Tab, Enter, Escape, C-s, Up, BTab, M-Enter).
keys() {
	tm send-keys -t "$UI_PANE" "$@"
	# One burst at a time: an Escape followed at once by a key would read
	# as Meta-key.
	sleep 0.15
}

# type_text TEXT: literal text, no key-name lookup.
type_text() {
	tm send-keys -t "$UI_PANE" -l -- "$1"
	sleep 0.15
}

# ui_cmd LINE: run LINE through the ':' prompt.
ui_cmd() {
	keys :
	screen_wait '^:' 3
	type_text "$1"
	keys Enter
}

# ui_start [--script TYPESCRIPT] [MQTTY ARGS...]: run the screen in the
# pane (a fresh tmux server the first time, the same pane again after),
# UI_W x UI_H, and wait for its first frame. The pane runs a wrapper:
# mqtty (stderr in $UI_ERR, pid in $UI_PIDFILE), then "EXITED <status>",
# the tty's stty flags on a "STTY" line, and a sleep so the pane stays to
# be read. With --script, mqtty runs under script(1), which records every
# byte it writes to the terminal. UI_READY, when set, is the regex of the
# first frame instead of the panes (a pager opened at start covers them).
ui_start() {
	local ts= wrap inner q= a ready=${UI_READY:-Connections}
	if [ "${1:-}" = --script ]; then
		if ! command -v script >/dev/null 2>&1; then
			echo "SKIP: script not installed (bsdutils)" >&2
			exit 77
		fi
		ts=$2
		shift 2
	fi
	UI_N=$((UI_N + 1))
	inner=$T/ui-inner$UI_N.sh
	wrap=$T/ui-wrap$UI_N.sh
	rm -f "$UI_PIDFILE"
	for a in "$@"; do
		q="$q $(printf '%q' "$a")"
	done
	{
		echo '#!/bin/bash'
		echo "echo \$\$ >$(printf '%q' "$UI_PIDFILE")"
		echo "exec $(printf '%q' "$MQTTY") --db $(printf '%q' "$DB")" \
		    "--no-config$q 2>>$(printf '%q' "$UI_ERR")"
	} >"$inner"
	{
		echo '#!/bin/bash'
		if [ -n "$ts" ]; then
			echo "script -q -f -e -c $(printf '%q' "$inner")" \
			    "$(printf '%q' "$ts")"
		else
			printf '%q\n' "$inner"
		fi
		echo 'rc=$?'
		echo 'echo; echo "EXITED $rc"'
		# shellcheck disable=SC2016
		echo 'echo "STTY $(stty -a | tr " ;" "\n\n" | grep -x -- "-\{0,1\}\(icanon\|echo\|isig\|icrnl\|opost\|ixon\)" | tr "\n" " ")"'
		echo 'exec sleep 300'
	} >"$wrap"
	chmod +x "$inner" "$wrap"
	if [ "$UI_N" -eq 1 ]; then
		printf '%s\n' "set -g status off" \
		    "set -g default-terminal $UI_TERM" \
		    "set -g escape-time 10" \
		    "set -g history-limit 0" >"$T/tmux.conf"
		tm -f "$T/tmux.conf" new-session -d -s mq -x "$UI_W" \
		    -y "$UI_H" "env TERM=$UI_TERM LC_ALL=$UI_LOCALE $wrap" ||
			fail "tmux new-session failed"
	else
		tm respawn-pane -k -t "$UI_PANE" \
		    "env TERM=$UI_TERM LC_ALL=$UI_LOCALE $wrap" ||
			fail "tmux respawn-pane failed"
	fi
	# The first frame must come by itself: keys sent before curses is up
	# would be lost, and a user would look at a blank screen.
	if ! screen_poll "$ready" 4; then
		screen_show "no first frame"
		check_fail "no first frame within 4 s of starting (blank" \
		    "until a key is pressed?); pressing C-l to go on"
		keys C-l
	fi
	screen_wait "$ready" 5
	[ -n "${UI_READY:-}" ] || screen_wait '\? help' 3
	UI_PID=$(cat "$UI_PIDFILE" 2>/dev/null || true)
	note "mqtty pid ${UI_PID:-?} in a ${UI_W}x$UI_H tmux pane"
}

# ui_resize W H: the window (and so the pane) to W x H.
ui_resize() {
	tm resize-window -t mq -x "$1" -y "$2" || fail "resize-window failed"
	UI_W=$1
	UI_H=$2
}

# ui_wait_exit [SECS]: wait for the wrapper's "EXITED n" line; mqtty's
# exit status in UI_RC, the tty's flags in UI_STTY.
ui_wait_exit() {
	# STTY comes after EXITED: wait for it, not to read half the lines.
	screen_wait '^STTY ' "${1:-5}"
	UI_RC=$(sed -n 's/^EXITED \([0-9]*\).*/\1/p' "$UI_SCREEN" | tail -1)
	UI_STTY=$(sed -n 's/^STTY //p' "$UI_SCREEN" | tail -1)
	note "mqtty exited $UI_RC; tty: $UI_STTY"
	ui_check_stderr
}

# stty_has FLAG: the tty's flags after mqtty exited include FLAG exactly
# (icanon, not -icanon).
stty_has() {
	case " $UI_STTY " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# ui_pane_flag FORMAT: a tmux format about the pane, e.g. alternate_on.
ui_pane_flag() {
	tm display-message -p -t "$UI_PANE" "#{$1}"
}

# ui_alive: true while mqtty runs.
ui_alive() {
	[ -n "$UI_PID" ] && kill -0 "$UI_PID" 2>/dev/null
}

# A sanitizer report in mqtty's stderr is a failure by itself.
ui_check_stderr() {
	if grep -qE '^(==[0-9]+==ERROR|SUMMARY: (Address|Undefined|Leak)Sanitizer)|runtime error:' \
	    "$UI_ERR" 2>/dev/null; then
		show "$UI_ERR"
		fail "mqtty stderr has a sanitizer report"
	fi
}
