#!/bin/bash
# Shell completion (share/completion): bash's _mqtty called with
# COMP_WORDS as bash would, and zsh's _mqtty through a real interactive
# zsh in a pseudo-terminal: options, the commands of -c (from the binary),
# profile names from the database given with --db (names with blanks and
# quotes quoted for mqtty's own parser inside the shell's quotes).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
COMPDIR=$(cd "$(dirname "$MQTTY_TESTLIB")/../../share/completion" && pwd)

"$MQTTY" --batch --db "$DB" --no-config -c "save 'Simple Demo' mqtt://127.0.0.1:1;
    save home mqtt://127.0.0.1:2; save 'a\"b' mqtt://127.0.0.1:3" \
    >"$T/save.out" 2>&1 || { cat "$T/save.out" >&2; fail "saving profiles"; }

note "--list-commands is the command table"
"$MQTTY" --list-commands >"$T/cmds"
for c in connect publish pub subscribe sub quit help theme; do
	grep -qx "$c" "$T/cmds" || fail "--list-commands lacks $c"
done

# bash_complete WORD...: the matches of _mqtty for those words, the last
# one being completed, one a line.
bash_complete() {
	(
		# shellcheck disable=SC1091
		. "$COMPDIR/mqtty"
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		_mqtty
		printf '%s\n' "${COMPREPLY[@]}"
	)
}
expect_lines() {	# expect_lines GOT WANT DESCRIPTION
	if [ "$1" != "$2" ]; then
		printf 'got:\n%s\nwanted:\n%s\n' "$1" "$2" >&2
		fail "$3"
	fi
	note "ok: $3"
}

note "bash"
expect_lines "$(bash_complete "$MQTTY" --re)" "--retained-only
--remove-retained" "bash: options"
expect_lines "$(bash_complete "$MQTTY" --batch -c pu)" "publish
pub" "bash: -c completes command names from the binary"
expect_lines "$(bash_complete "$MQTTY" --db "$DB" -c "'sub x; connect Si")" \
    "'sub x; connect \"Simple Demo\"" \
    "bash: a profile after connect, quoted for mqtty inside '...'"
expect_lines "$(bash_complete "$MQTTY" --db "$DB" -c "'select ")" \
    "'select \"Simple Demo\"
'select \"a\\\"b\"
'select home" "bash: every profile after select"
expect_lines "$(bash_complete "$MQTTY" --db "$DB" "")" "Simple\\ Demo
a\\\"b
home" "bash: the argument is a profile (or a URL)"
expect_lines "$(bash_complete "$MQTTY" --db "$T/none.db" "")" "" \
    "bash: no profiles without a database"
[ ! -e "$T/none.db" ] || fail "bash: completion made a database"
bash -n "$COMPDIR/mqtty" || fail "bash: syntax"

if ! command -v zsh >/dev/null 2>&1; then
	echo "SKIP: zsh not installed (run share/install-deps)" >&2
	exit 77
fi
note "zsh"
zsh_complete() {
	timeout 20 zsh -f "$(dirname "$MQTTY_TESTLIB")/zsh-complete.zsh" \
	    "$COMPDIR" "$1" | tr -d '\r'
}
expect_lines "$(zsh_complete "$MQTTY --re")" "--retained-only
--remove-retained" "zsh: options"
expect_lines "$(zsh_complete "$MQTTY --batch -c pu" | sort)" "pub
publish" "zsh: -c completes command names from the binary"
expect_lines "$(zsh_complete "$MQTTY --db $DB -c 'sub x; connect Si")" \
    '"Simple Demo"' "zsh: a profile after connect, quoted for mqtty"
expect_lines "$(zsh_complete "$MQTTY --db $DB -c \"select " | sort)" \
    "'Simple Demo'
'a\\\"b'
home" "zsh: inside \"...\", single quotes for mqtty"
expect_lines "$(zsh_complete "$MQTTY --db $DB " | sort)" "Simple\\ Demo
a\\\"b
home" "zsh: the argument is a profile (or a URL)"
expect_lines "$(zsh_complete "$MQTTY --db $T/none.db ")" "" \
    "zsh: no profiles without a database"
[ ! -e "$T/none.db" ] || fail "zsh: completion made a database"
exit 0
