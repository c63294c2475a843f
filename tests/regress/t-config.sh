#!/bin/bash
# The config file: $XDG_CONFIG_HOME/mqtty/mqttyrc by default, --config FILE,
# skipped with --no-config; a line starting with # is a comment, a # elsewhere
# is a word (`sub #` unquoted).
# make check runs this with $(SHELL), maybe dash: get bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"
broker_start
U=$BROKER_URL

mkdir -p "$XDG_CONFIG_HOME/mqtty"
cat >"$XDG_CONFIG_HOME/mqtty/mqttyrc" <<RC
# mqttyrc for t-config
	# an indented comment: frobnicate would be an error
save c $U -i cfgid

RC

# cfg NAME ARGS...: mqtty without --no-config.
cfg() {
	local n=$1
	shift
	RC=0
	timeout 20 "$MQTTY" --batch --json --db "$DB" "$@" >"$T/$n.json" \
	    2>"$T/$n.err" || RC=$?
	note "$n: exit $RC"
	_check_sanitizer "$n"
}

cfg def -C 1 -W 8 -c 'connect c --name cc; sub #; pub cfg/x hi'
expect_rc 0 def
expect_json "$T/def.json" '[.[] | select(.event=="error")] | length==0' \
    "comments are not commands"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='c'")" 1 \
    "profile c saved by the config file"
grep -qw cfgid <<<"$(sql -line "SELECT * FROM profiles WHERE name='c'")" ||
	fail "profile c lacks its client id"
expect_json "$T/def.json" 'any(.[]; .event=="subscribed" and .topic=="#")' \
    "sub # unquoted in -c subscribes to #"
expect_json "$T/def.json" 'any(.[]; .event=="message" and .topic=="cfg/x" and
    .payload=="hi" and .connection=="cc")' "message through profile c"

note "--config FILE replaces the default file"
sql "DELETE FROM profiles WHERE name='c'"
cat >"$T/other.rc" <<RC
connect $U --name o
sub #
# a comment between commands
pub cfg/y 'from config'
pub cfg/z a#b
RC
cfg other --config "$T/other.rc" -C 2 -W 8
expect_rc 0 other
expect_json "$T/other.json" '[.[] | select(.event=="message")] |
    map([.topic, .payload]) == [["cfg/y","from config"],["cfg/z","a#b"]]' \
    "config file commands ran: quoting, # inside a word"
expect_json "$T/other.json" 'any(.[]; .event=="subscribed" and .topic=="#")' \
    "sub # unquoted in a config file"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='c'")" 0 \
    "the default file was not read"

note "--no-config skips the default file"
run_mq none -c 'list'
expect_rc 0 none
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='c'")" 0 \
    "--no-config: profile c not saved"

note "a bad line in the config file is an error, the rest still runs"
cat >"$XDG_CONFIG_HOME/mqtty/mqttyrc" <<RC
frobnicate
save c2 $U
RC
cfg badline -c 'list'
expect_rc 1 badline
expect_json "$T/badline.json" '[.[] | select(.event=="error")] | length==1' \
    "one error"
expect_eq "$(sql "SELECT count(*) FROM profiles WHERE name='c2'")" 1 \
    "the line after it ran"
