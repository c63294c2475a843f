#!/bin/bash
# make bench: mqtty against mosquitto_sub on one private broker, in the
# same run, as ratios (absolute numbers vary too much between runs).
# Each is a drain: messages queued for an offline persistent session are
# drained by mosquitto_sub and by mqtty --batch (which stores them all),
# alternating, several rounds, median ratio. Then mqtty's peak RSS over
# 1,000,000 messages. BENCH_ROUNDS (default 5) sets the rounds.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
: "${MQTTY_TESTLIB:=$(dirname "$0")/../regress/lib.sh}"
export MQTTY_TESTLIB
R=${BENCH_ROUNDS:-5}
d=$(dirname "$0")
st=0
bash "$d/drain.sh" 0 200000 100 "$R" | grep -v '^#' || st=1
bash "$d/drain.sh" 1 60000 100 "$R" | grep -v '^#' || st=1
bash "$d/drain.sh" 0 1000000 100 1 | grep -v '^#' || st=1
exit $st
