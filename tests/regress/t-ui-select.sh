#!/bin/bash
# The selected message stands out, read from the cells' attributes as
# tmux reports them (capture-pane -e): with colours and with NO_COLOR,
# with the message pane focused and not. Its header is drawn in the
# selection's colours alone, the same in every cell, unlike any cell of
# the other headers; its bar too.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"
broker_start

# The SGR state of every cell, from capture-pane -e output.
cat >"$T/attrs.py" <<'EOF_PY'
import re, sys
sys.path.insert(0, sys.argv[1])
from cells import width

def apply(st, params):
    i = 0
    while i < len(params):
        p = int(params[i] or 0)
        if p == 0:
            st.clear()
        elif p in (1, 2, 3, 4, 5, 7, 8, 9):
            st[{1: "bold", 2: "dim", 3: "italic", 4: "underline",
                5: "blink", 7: "reverse", 8: "hidden", 9: "strike"}[p]] = 1
        elif p == 22:
            st.pop("bold", None); st.pop("dim", None)
        elif p in (23, 24, 25, 27, 28, 29):
            st.pop({23: "italic", 24: "underline", 25: "blink",
                    27: "reverse", 28: "hidden", 29: "strike"}[p], None)
        elif p in (38, 48):
            key = "fg" if p == 38 else "bg"
            if params[i + 1] == "5":
                st[key] = "c" + params[i + 2]; i += 2
            else:
                st[key] = "rgb" + ",".join(params[i + 2:i + 5]); i += 4
        elif p in (39, 49):
            st.pop("fg" if p == 39 else "bg", None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            st["fg"] = str(p)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            st["bg"] = str(p)
        i += 1
    return st

def rows(data):
    out = []
    for line in data.split("\n"):
        st, cells = {}, []
        for tok in re.split(r"(\x1b\[[0-9;:]*m|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x0e\x0f])", line):
            if tok in ("\x0e", "\x0f") or tok.startswith("\x1b]"):
                continue
            if tok.startswith("\x1b["):
                apply(st, tok[2:-1].replace(":", ";").split(";"))
                continue
            for ch in tok:
                s = " ".join("%s=%s" % (k, v) if v != 1 else k
                             for k, v in sorted(st.items())) or "plain"
                cells.append((ch, s))
                if width(ch) == 2:
                    cells.append(("", s))
        out.append(cells)
    return out

# span FILE REGEX: the distinct states of the cells of the first match,
# one per line; "none" when nothing matches.
# cell FILE ROW COL: the state of one cell.
data = open(sys.argv[3], encoding="utf-8").read()
grid = rows(data)
if sys.argv[2] == "span":
    rx = re.compile(sys.argv[4])
    for r, cells in enumerate(grid):
        text = "".join(c for c, _ in cells)
        m = rx.search(text)
        if m:
            cols = []
            pos = 0
            for ch, s in cells:
                if m.start() <= pos < m.end() and ch != "":
                    cols.append(s)
                pos += len(ch)
            for s in sorted(set(cols)):
                print(s)
            sys.exit()
    print("none")
elif sys.argv[2] == "cell":
    r, c = int(sys.argv[4]), int(sys.argv[5])
    print(grid[r][c][1] if r < len(grid) and c < len(grid[r]) else "none")
EOF_PY

# span REGEX: the distinct cell states under REGEX on the screen now.
span() {
	screen_attr >"$T/attr.txt"
	python3 "$T/attrs.py" "$T" span "$T/attr.txt" "$1"
}

# cell ROW COL: one cell's state.
cell() {
	screen_attr >"$T/attr.txt"
	python3 "$T/attrs.py" "$T" cell "$T/attr.txt" "$1" "$2"
}

# stands_out WHAT SEL_RE OTHER_RE: the header matching SEL_RE has one
# state in all its cells, found in no cell of the header OTHER_RE.
stands_out() {
	local what=$1 sel other
	sel=$(span "$2")
	other=$(span "$3")
	note "$what: selected [$(echo "$sel" | tr '\n' /)], other [$(echo "$other" | tr '\n' /)]"
	if [ "$sel" = none ] || [ "$other" = none ]; then
		check_fail "$what: a header is not on the screen"
		return 1
	fi
	# The topic is bold as well: apart from that, one state.
	SEL=$(echo "$sel" | sed 's/\<bold\> *//; s/ *$//' | sort -u)
	[ -n "$SEL" ] || SEL=plain
	if [ "$(echo "$SEL" | wc -l)" -ne 1 ]; then
		check_fail "$what: the selected header mixes states: $sel"
		return 1
	fi
	if echo "$other" | grep -qxF -f <(echo "$sel"); then
		check_fail "$what: the selected header ($sel) looks like a" \
		    "cell of another one"
		return 1
	fi
	return 0
}

# bar_of TEXT: the state of the bar left of the body line TEXT.
bar_of() {
	local row start end
	read -r row start end < <(screen_col "$1")
	cell "$row" $((start - 1))
}

# run [NO_COLOR]: messages t/one, t/two, t/three; t/two selected.
run() {
	local mode=$1
	ui_start
	ui_cmd "connect $BROKER_URL --name sel"
	screen_wait '● sel'
	ui_cmd 'sub t/#'
	screen_wait 'subscribed to t/#'
	for w in one two three; do
		mosquitto_pub -p "$BROKER_PORT" -t "t/$w" -m "body-$w"
		screen_wait "t/$w q0"
	done
	keys Tab Tab		# the message pane
	screen_wait '┌ sel ─'
	keys k			# from the newest (t/three) to t/two
	sleep 0.3

	note "$mode: the message pane focused"
	if stands_out "$mode focused" 't/two q0 +[0-9:]+' 't/one q0 +[0-9:]+'
	then
		if [ "$mode" = colour ]; then
			# The default theme's selection: black on cyan.
			echo "$SEL" | grep -q 'bg=46' && echo "$SEL" |
			    grep -q 'fg=30' || check_fail "colour focused:" \
			    "the selection is not black on cyan: $SEL"
		else
			echo "$SEL" | grep -qw reverse || check_fail \
			    "NO_COLOR focused: not in reverse: $SEL"
		fi
		[ "$(bar_of body-two)" = "$SEL" ] || check_fail "$mode" \
		    "focused: the bar of the selected bubble is" \
		    "'$(bar_of body-two)', not its header's '$SEL'"
		[ "$(bar_of body-one)" != "$SEL" ] || check_fail "$mode" \
		    "focused: an unselected bubble's bar is selected too"
	fi
	# Enter opens what is selected: t/two, the one that stands out.
	keys Enter
	screen_wait '┌ Message'
	check "$mode: Enter opened the selected message" screen_has 'body-two'
	keys Escape
	screen_wait_gone '┌ Message'

	note "$mode: another pane focused"
	keys Tab		# to the connection list
	sleep 0.3
	if stands_out "$mode unfocused" 't/two q0 +[0-9:]+' \
	    't/one q0 +[0-9:]+'; then
		if [ "$mode" = colour ]; then
			echo "$SEL" | grep -qw reverse || check_fail \
			    "colour unfocused: not in reverse: $SEL"
		else
			echo "$SEL" | grep -qw underline || check_fail \
			    "NO_COLOR unfocused: not underlined: $SEL"
		fi
	fi
	# No colour at all under NO_COLOR, and plain text stays plain.
	if [ "$mode" = NO_COLOR ]; then
		if screen_attr | grep -o $'\e\\[[0-9;]*m' | grep -qE \
		    '\[(3[0-7]|4[0-7]|38;|48;|9[0-7]|10[0-7])|;(3[0-7]|4[0-7]|38|48|9[0-7])(;|m)'
		then
			check_fail "NO_COLOR: colour sequences on screen"
		fi
		[ "$(span 'body-one')" = plain ] || check_fail \
		    "NO_COLOR: an unselected body is not plain: $(span body-one)"
	fi
	keys q
	screen_wait 'Quit\?' 3
	keys y
	ui_wait_exit 5
}

run colour
tm kill-server 2>/dev/null || true
UI_N=0
rm -f "$DB"
export NO_COLOR=1
run NO_COLOR
ui_finish
