#!/bin/bash
# Themes on the screen, at 80x24 on xterm-256color: each shipped theme,
# picked by a "theme NAME" line in the config file, draws its own colours
# on the status line and the focused border; "theme light" at the ':'
# prompt changes them in the next frame; a 256-colour theme on an
# 8-colour terminal keeps to the basic colours; the mono theme and
# NO_COLOR give no colour at all.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
# shellcheck source=tests/regress/tmux.sh
. "$(dirname "$MQTTY_TESTLIB")/tmux.sh"

UI_W=80
UI_H=24
STATUS_ROW=23

# The binary looks in the installed data dir, which make check has not
# filled: the shipped themes go in the user's directory instead.
mkdir -p "$XDG_CONFIG_HOME/mqtty/themes"
cp "$(dirname "$MQTTY_TESTLIB")"/../../themes/*.theme \
    "$XDG_CONFIG_HOME/mqtty/themes/"

# The cells of a capture-pane -e, replayed: for each row, the distinct
# looks of its cells as "fg=C bg=C ATTRS", C a colour number (0-255, 90-97
# as 8-15) or d (the terminal's), ATTRS of b(old) d(im) u(nderline)
# r(everse) i(talic) or -. tmux carries attributes from row to row, so
# the whole capture is replayed in order.
cat >"$T/looks.py" <<'EOF_PY'
import re, sys

def looks(data):
    st = {"fg": "d", "bg": "d", "a": set()}
    rows, row = [], set()
    for tok in re.split(r"(\x1b\[[0-9;:]*m|\n|[\x0e\x0f])", data):
        if tok == "\n":
            rows.append(row)
            row = set()
        elif tok.startswith("\x1b["):
            p = [int(x) if x else 0 for x in tok[2:-1].replace(":", ";").split(";")]
            i = 0
            while i < len(p):
                n = p[i]
                if n == 0:
                    st = {"fg": "d", "bg": "d", "a": set()}
                elif n in (1, 2, 3, 4, 7):
                    st["a"].add("bdiur"[[1, 2, 3, 4, 7].index(n)])
                elif n == 22:
                    st["a"] -= {"b", "d"}
                elif n in (23, 24, 27):
                    st["a"].discard({23: "i", 24: "u", 27: "r"}[n])
                elif 30 <= n <= 37:
                    st["fg"] = str(n - 30)
                elif 90 <= n <= 97:
                    st["fg"] = str(n - 82)
                elif 40 <= n <= 47:
                    st["bg"] = str(n - 40)
                elif 100 <= n <= 107:
                    st["bg"] = str(n - 92)
                elif n == 39:
                    st["fg"] = "d"
                elif n == 49:
                    st["bg"] = "d"
                elif n in (38, 48) and i + 2 < len(p) and p[i + 1] == 5:
                    st["fg" if n == 38 else "bg"] = str(p[i + 2])
                    i += 2
                i += 1
        elif tok in ("\x0e", "\x0f"):
            pass
        elif tok:
            a = "".join(sorted(st["a"])) or "-"
            row.add("fg=%s bg=%s %s" % (st["fg"], st["bg"], a))
    rows.append(row)
    return rows

rows = looks(sys.stdin.buffer.read().decode("utf-8", "replace"))
for n, r in enumerate(rows):
    for l in sorted(r):
        print(n, l)
EOF_PY

# looks: every row's looks, "ROW fg=C bg=C ATTRS" a line, in $T/looks.
looks() {
	screen_attr | python3 "$T/looks.py" >"$T/looks"
}

# has_look ROW REGEX: a cell of ROW looks like REGEX (of "fg=C bg=C A").
has_look() {
	grep -Eq "^$1 ($2)\$" "$T/looks"
}

# wait_look ROW REGEX [SECS]: poll (bounded) until ROW has that look.
wait_look() {
	local end=$(($(date +%s) + ${3:-5}))
	while :; do
		looks
		has_look "$1" "$2" && return 0
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# colours_below N: every colour on the screen is below N (or default).
colours_below() {
	! grep -Eo '(fg|bg)=[0-9]+' "$T/looks" | cut -d= -f2 |
	    awk -v n="$1" '$1 >= n { bad = 1 } END { exit !bad }'
}

no_colour() {
	! grep -Eq '(fg|bg)=[0-9]' "$T/looks"
}

show_looks() {
	echo "----- looks of rows 0 and $STATUS_ROW" >&2
	grep -E "^(0|$STATUS_ROW) " "$T/looks" >&2 || true
}

# look_check WHAT ROW REGEX: check_fail unless ROW shows that look soon.
look_check() {
	if wait_look "$2" "$3" 5; then
		note "ok: $1"
	else
		screen_show "$1"
		show_looks
		check_fail "$1: row $2 has no cell like /$3/"
	fi
}

# theme_start NAME: the screen with a config file that picks NAME.
theme_start() {
	printf '# picked at start\ntheme %s\n' "$1" >"$T/rc-$1"
	ui_start --config "$T/rc-$1"
}

quit_ui() {
	keys q
	ui_wait_exit 5
	expect_eq "$UI_RC" 0 "mqtty exited 0"
}

# NAME|the status line's look|the focused border's look (the
# Connections pane has the focus at start, its corner is on row 0).
while IFS='|' read -r name status focus <&3; do
	note "theme $name"
	theme_start "$name"
	look_check "$name: status line" "$STATUS_ROW" "$status"
	look_check "$name: focused border" 0 "$focus"
	if [ "$name" = mono ]; then
		looks
		check "mono: no colour anywhere" no_colour
	fi
	quit_ui
done 3<<'EOF'
default|fg=0 bg=7 -|fg=6 bg=d b
light|fg=255 bg=238 -|fg=25 bg=255 b
solarized-dark|fg=235 bg=245 -|fg=33 bg=234 b
high-contrast|fg=16 bg=231 -|fg=226 bg=16 b
mono|fg=d bg=d r|fg=d bg=d b
EOF

note "theme light switches live, from the ':' prompt"
theme_start solarized-dark
look_check "solarized-dark before the switch" "$STATUS_ROW" \
    "fg=235 bg=245 -"
ui_cmd "theme light"
look_check "light in the next frame" "$STATUS_ROW" "fg=255 bg=238 -"
look_check "light's focused border" 0 "fg=25 bg=255 b"
# Solarized's background, grey and blue; light has none of them.
if grep -Eq '(fg|bg)=(234|242|33) ' "$T/looks"; then
	screen_show "after the switch"
	check_fail "solarized-dark's colours still on the screen"
fi

note "theme alone names the themes on the status line, marking light"
ui_cmd "theme"
screen_wait 'themes: default high-contrast \*light mono solarized-dark'

note "a theme that is not there: an error, the theme stays"
ui_cmd "theme nope"
screen_wait "theme: no theme 'nope'"
looks
check "light still in use after the error" \
    has_look 0 "fg=25 bg=255 b"
quit_ui

note "8 colours (TERM=xterm): solarized-dark in its fallbacks"
UI_TERM=xterm
theme_start solarized-dark
look_check "8 colours: status black on white" "$STATUS_ROW" "fg=0 bg=7 -"
look_check "8 colours: focused border bold cyan on black" 0 "fg=6 bg=0 b"
check "8 colours: no colour above 7" colours_below 8
quit_ui
UI_TERM=xterm-256color

note "NO_COLOR: solarized-dark without a colour, the status reversed"
# Through the server's environment to the next pane: a new server right
# after kill-server can find the old one still going away.
tm set-environment -g NO_COLOR 1
theme_start solarized-dark
look_check "NO_COLOR: status line reversed" "$STATUS_ROW" "fg=d bg=d r"
looks
check "NO_COLOR: no colour anywhere" no_colour
quit_ui
ui_finish
