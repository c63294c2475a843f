#!/bin/sh
# Run one libFuzzer harness for a while on a copy of its seed corpus, and
# write one result line: "fuzz NAME: PASS (N runs)" or "fuzz NAME: FAIL
# (...)". Used by make fuzz; exits 0 either way (the line says it).
#
# run.sh NAME BINARY SEEDS-DIR DICT-OR-EMPTY SECONDS WORK-DIR
set -u

name=$1 bin=$2 seeds=$3 dict=$4 secs=$5 work=$6

corpus=$work/corpus/$name
crashes=$work/crashes/$name
log=$work/$name.log
result=$work/$name.result

# A fresh copy each run: new inputs go to the build dir, never the seeds.
rm -rf "$corpus" "$crashes" "$result"
mkdir -p "$corpus" "$crashes" || exit 1
if [ -d "$seeds" ]; then
	cp "$seeds"/* "$corpus"/ 2>/dev/null
fi

set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/"
[ -n "$dict" ] && [ -f "$dict" ] && set -- "$@" -dict="$dict"

"$bin" "$@" "$corpus" >"$log" 2>&1
rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
crash=$(ls "$crashes" 2>/dev/null | head -n 1)
if [ $rc -eq 0 ] && [ -z "$crash" ] && [ -n "$runs" ]; then
	echo "fuzz $name: PASS ($runs runs)" >"$result"
elif [ -n "$crash" ]; then
	echo "fuzz $name: FAIL ($crashes/$crash; log $log)" >"$result"
else
	echo "fuzz $name: FAIL (exit $rc; log $log)" >"$result"
fi
exit 0
