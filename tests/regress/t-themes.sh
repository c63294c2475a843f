#!/bin/bash
# The theme command in batch mode: "theme" lists the themes found, the
# user's before the installed ones, and marks the one in use (command
# output: standard error); "theme NAME" reads and checks the file (no
# colours without a screen) and prints nothing, so a config file that
# picks a theme works in scripts too. A bad line names the theme file and
# the line, and the config line that asked.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

U=$XDG_CONFIG_HOME/mqtty/themes
mkdir -p "$U"
cp "$(dirname "$MQTTY_TESTLIB")"/../../themes/*.theme "$U/"
printf '# mine\nborder red default\n' >"$U/mine.theme"

# plain NAME ARGS...: mqtty --batch in plain text, stdout in $T/NAME.out,
# stderr in $T/NAME.err.
plain() {
	local name=$1
	shift
	RC=0
	timeout 20 "$MQTTY" --batch --db "$DB" "$@" >"$T/$name.out" \
	    2>"$T/$name.err" || RC=$?
	note "$name: exit $RC"
	[ "$RC" -ne 124 ] || fail "$name: mqtty did not finish within 20 s"
	_check_sanitizer "$name"
}

note "theme alone: every theme, the one in use marked, with its file"
plain list --no-config -c theme
expect_rc 0 list
want=$(for n in default high-contrast light mine mono solarized-dark; do
	m="  "
	[ "$n" = default ] && m="* "
	printf '%s%-16s %s\n' "$m" "$n" "$U/$n.theme"
done)
expect_eq "$(cat "$T/list.err")" "$want" "the list"
[ ! -s "$T/list.out" ] || { show "$T/list.out"; fail "list: stdout"; }

note "theme NAME checks the file, prints nothing, and is then marked"
plain use --no-config -c 'theme solarized-dark; theme mine; theme'
expect_rc 0 use
expect_eq "$(grep '^\*' "$T/use.err")" "* mine             $U/mine.theme" \
    "mine is in use"
expect_eq "$(grep -c . "$T/use.err")" 6 "only the list"
[ ! -s "$T/use.out" ] || { show "$T/use.out"; fail "use: stdout"; }

note "from the config file: a theme line works in batch mode"
printf 'theme light\n' >"$T/rc"
plain rc --config "$T/rc" -c theme
expect_rc 0 rc
expect_eq "$(grep -v '^  ' "$T/rc.err")" "* light            $U/light.theme" \
    "light in use, no error"

note "a bad line: the config's file and line, the theme's file and line"
printf 'text default default\nborder pink default\n' >"$U/bad.theme"
printf '# first\ntheme bad\ntheme\n' >"$T/rc-bad"
plain bad --config "$T/rc-bad"
expect_rc 1 bad
expect_eq "$(grep '^mqtty:' "$T/bad.err")" \
    "mqtty: error: $T/rc-bad:2: theme: $U/bad.theme: line 2: bad colour 'pink'" \
    "the error names both files and lines"
grep -q '^\* default ' "$T/bad.err" ||
	{ show "$T/bad.err"; fail "the theme in use changed"; }

note "JSON: the errors of a missing theme, a bad name, two names"
run_mq missing -c 'theme nope; theme ../mine; theme a b'
expect_rc 1 missing
expect_json "$T/missing.json" \
    "[.[] | select(.event == \"error\") | .reason] as \$r | (\$r | length) == 3
     and (\$r[0] | startswith(\"theme: no theme 'nope' (no nope.theme in $U or \")
         and endswith(\"/themes)\"))
     and \$r[1] == \"theme: bad theme name '../mine': only letters, digits, '-', '_' and '.', not first\"
     and \$r[2] == \"theme: usage: theme [NAME]\"" \
    "one error each, in order"
