# Sourced by every tests/regress/t-*.sh: a temp dir per test, a private
# mosquitto on a free loopback port, and helpers to run mqtty --batch --json
# and check its events. Exit 77 is automake's SKIP (CI counts it as a
# failure); 99 is a hard error in the test setup itself.
# shellcheck shell=bash disable=SC2034,SC2119

set -eu -o pipefail

PATH=$PATH:/usr/sbin:/sbin
export LC_ALL=C

# Tools the tests drive; without them the test cannot say anything.
for _tool in mosquitto mosquitto_passwd mosquitto_sub mosquitto_pub jq \
    sqlite3 timeout openssl; do
	if ! command -v "$_tool" >/dev/null 2>&1; then
		echo "SKIP: $_tool not installed (run share/install-deps)" >&2
		exit 77
	fi
done
unset _tool

if [ -z "${MQTTY:-}" ]; then
	echo "ERROR: MQTTY is not set (path to the mqtty binary)" >&2
	exit 99
fi
if [ ! -x "$MQTTY" ]; then
	echo "ERROR: $MQTTY is not an executable" >&2
	exit 99
fi

# Leaks of libraries we cannot fix (see the file).
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(dirname "$MQTTY_TESTLIB")/lsan.supp"

TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/mqtty-$TEST_NAME.XXXXXX")
# Marks every process started from here (mosquitto inherits it), so a
# leftover broker can be traced back to this test.
export MQTTY_TEST_TMP=$T
export HOME=$T/home
export XDG_DATA_HOME=$T/data
export XDG_CONFIG_HOME=$T/config
export XDG_RUNTIME_DIR=$T/run
export XDG_STATE_HOME=$T/state
export XDG_CACHE_HOME=$T/cache
export TMPDIR=$T/tmp
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" \
    "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"
DB=$T/db.sqlite

# Nothing waits on a terminal: callers give stdin explicitly when they want.
exec </dev/null

BROKER_PIDS=()
BG_PIDS=()
BROKER_N=0
RC=0

_lib_cleanup() {
	local rc=$? pid i
	set +e
	for pid in "${BG_PIDS[@]}" "${BROKER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${BG_PIDS[@]}" "${BROKER_PIDS[@]}"; do
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "kept $T" >&2
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fail MSG: the test has failed.
fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	exit 1
}

# note MSG: progress in the .log file.
note() {
	echo "# $*"
}

# show FILE...: print files into the log, for a failure's context.
show() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || continue
		echo "----- $f" >&2
		# A long line (a 70000-byte topic) would drown the log.
		cut -c1-2000 "$f" >&2 || true
	done
	echo "-----" >&2
}

# port_open PORT: true when something accepts on 127.0.0.1:PORT.
# shellcheck disable=SC2016
port_open() {
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" \
	    2>/dev/null
}

# free_port: print a loopback port nobody listens on (20000-60000).
free_port() {
	local port i
	for i in $(seq 1 50); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
		if command -v ss >/dev/null 2>&1; then
			if ss -Htan "sport = :$port" 2>/dev/null | grep -q .; then
				continue
			fi
		fi
		port_open "$port" && continue
		echo "$port"
		return 0
	done
	echo "ERROR: no free port found" >&2
	exit 99
}

# broker_start [mosquitto.conf lines...]: start a private mosquitto on a
# free 127.0.0.1 port; the lines go after the listener line, so they may
# configure it (TLS, auth). Sets BROKER_PORT, BROKER_URL, BROKER_PID,
# BROKER_DIR, BROKER_LOG. Defaults allow_anonymous true and persistence
# false unless a line sets them.
broker_start() {
	local try port dir conf pid i ok line anon=1 persist=1
	for line in "$@"; do
		case $line in
		allow_anonymous*) anon=0 ;;
		persistence\ *) persist=0 ;;
		esac
	done
	for try in 1 2 3 4 5; do
		BROKER_N=$((BROKER_N + 1))
		dir=$T/broker$BROKER_N
		mkdir -p "$dir"
		port=$(free_port)
		conf=$dir/mosquitto.conf
		{
			echo "# written by tests/regress/lib.sh ($TEST_NAME)"
			echo "user $(id -un)"
			echo "log_dest file $dir/mosquitto.log"
			echo "log_type all"
			echo "log_timestamp_format %H:%M:%S"
			echo "listener $port 127.0.0.1"
			[ $anon -eq 1 ] && echo "allow_anonymous true"
			[ $persist -eq 1 ] && echo "persistence false"
			for line in "$@"; do
				echo "$line"
			done
		} >"$conf"
		mosquitto -c "$conf" >"$dir/stdout" 2>&1 &
		pid=$!
		BROKER_PIDS+=("$pid")
		ok=0
		# Bounded: 50 x 0.1 s.
		for i in $(seq 1 50); do
			if ! kill -0 "$pid" 2>/dev/null; then
				break
			fi
			if port_open "$port"; then
				ok=1
				break
			fi
			sleep 0.1
		done
		if [ $ok -eq 1 ]; then
			BROKER_PORT=$port
			BROKER_URL=mqtt://127.0.0.1:$port
			BROKER_PID=$pid
			BROKER_DIR=$dir
			BROKER_LOG=$dir/mosquitto.log
			note "broker $pid on port $port ($conf)"
			return 0
		fi
		note "broker on port $port did not start (try $try)"
		show "$dir/stdout" "$dir/mosquitto.log" 2>&1
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	echo "ERROR: could not start mosquitto" >&2
	exit 99
}

# broker_stop [PID]: stop a broker (default the last one started).
# node_start NAME SCRIPT [ARGS...]: a test server of tests/brokers
# (ws-broker.js, ws-bridge.js) with its log in $T/NAME.log; waits for its
# port file. Sets NODE_LOG, NODE_PORT, NODE_TCP (its TCP port, if any)
# and NODE_PID.
node_start() {
	local n=$1 script=$2 i
	shift 2
	NODE_LOG=$T/$n.log
	: >"$NODE_LOG"
	node "$(dirname "$MQTTY_TESTLIB")/../brokers/$script" --log "$NODE_LOG" \
	    --port-file "$T/$n.port" "$@" >"$T/$n.out" 2>&1 &
	NODE_PID=$!
	BROKER_PIDS+=("$!")
	for i in $(seq 1 100); do
		[ -s "$T/$n.port" ] && break
		sleep 0.1
	done
	[ -s "$T/$n.port" ] ||
		{ show "$T/$n.out"; echo "ERROR: $n did not start" >&2; exit 99; }
	NODE_PORT=$(cat "$T/$n.port")
	NODE_TCP=$(cat "$T/$n.port.tcp" 2>/dev/null || true)
}

broker_stop() {
	local pid=${1:-${BROKER_PID:-}} i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# mq ARGS...: mqtty in batch/json mode on the test's db, bounded in time
# (MQ_TIMEOUT seconds, default 20).
mq() {
	timeout "${MQ_TIMEOUT:-20}" "$MQTTY" --batch --json --db "$DB" \
	    --no-config "$@"
}

# run_mq NAME ARGS...: mq with stdout in $T/NAME.json and stderr in
# $T/NAME.err; its exit status in RC. Never fails by itself.
run_mq() {
	local name=$1
	shift
	RC=0
	mq "$@" >"$T/$name.json" 2>"$T/$name.err" || RC=$?
	note "$name: exit $RC"
	if [ "$RC" -eq 124 ]; then
		show "$T/$name.json" "$T/$name.err"
		fail "$name: mqtty did not finish within ${MQ_TIMEOUT:-20} s"
	fi
	_check_sanitizer "$name"
}

# bg_mq NAME ARGS...: like run_mq, in the background; wait_mq NAME later.
# MQ_PID[NAME] is timeout(1)'s pid, which passes TERM, HUP and INT on to
# mqtty; mq_child NAME prints mqtty's own pid (for kill -9).
declare -A MQ_PID=()
bg_mq() {
	local name=$1
	shift
	(exec timeout "${MQ_TIMEOUT:-20}" "$MQTTY" --batch --json --db "$DB" \
	    --no-config "$@") >"$T/$name.json" 2>"$T/$name.err" &
	MQ_PID[$name]=$!
	BG_PIDS+=("$!")
}

mq_child() {
	local i pid
	for i in $(seq 1 20); do
		pid=$(pgrep -P "${MQ_PID[$1]}" 2>/dev/null | head -n 1)
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		sleep 0.1
	done
	fail "no mqtty under ${MQ_PID[$1]}"
}

# wait_mq NAME: wait for a bg_mq run; its exit status in RC.
wait_mq() {
	local name=$1
	RC=0
	wait "${MQ_PID[$name]}" || RC=$?
	note "$name: exit $RC"
	if [ "$RC" -eq 124 ]; then
		show "$T/$name.json" "$T/$name.err"
		fail "$name: mqtty did not finish within ${MQ_TIMEOUT:-20} s"
	fi
	_check_sanitizer "$name"
}

# A sanitizer report means a bug even when the exit status looks right.
_check_sanitizer() {
	if grep -qE '^(==[0-9]+==ERROR|SUMMARY: (Address|Undefined|Leak)Sanitizer)|runtime error:' \
	    "$T/$1.err" 2>/dev/null; then
		show "$T/$1.err"
		fail "$1: sanitizer report"
	fi
}

# wait_for FILE JQ_EXPR SECS: wait (bounded) until the slurped JSON lines
# of FILE satisfy JQ_EXPR; false on timeout.
wait_for() {
	local file=$1 expr=$2 secs=$3 i
	for i in $(seq 1 $((secs * 10))); do
		if [ -s "$file" ] && jq -e -s "$expr" "$file" >/dev/null 2>&1
		then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# expect_json FILE JQ_EXPR DESCRIPTION: JQ_EXPR, applied to the array of the
# file's JSON lines (jq -s), must be true. Every line must be JSON.
expect_json() {
	local file=$1 expr=$2 desc=$3 err=${1%.json}.err
	if ! jq -e -s "$expr" "$file" >/dev/null 2>"$T/jq.err"; then
		show "$file" "$err" "$T/jq.err"
		fail "$desc (jq: $expr)"
	fi
	note "ok: $desc"
}

# expect_rc WANT NAME: the last run's exit status was WANT.
expect_rc() {
	if [ "$RC" -ne "$1" ]; then
		show "$T/$2.json" "$T/$2.err"
		fail "$2: exit status $RC, wanted $1"
	fi
	note "ok: $2 exited $1"
}

# sql QUERY: run a query on the test's db (read-only use).
sql() {
	sqlite3 -batch -noheader "$DB" "$@"
}

# expect_eq GOT WANT DESCRIPTION
expect_eq() {
	if [ "$1" != "$2" ]; then
		fail "$3: got '$1', wanted '$2'"
	fi
	note "ok: $3"
}

# elapsed_ms START_NS: milliseconds since START_NS (date +%s%N).
elapsed_ms() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

# now_ms: wall clock in milliseconds (as mqtty's message "time").
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# rows [WHERE]: rows in the test db's history (the messages view).
rows() {
	sql "SELECT count(*) FROM messages ${1:+WHERE $1}" 2>/dev/null || echo 0
}

# wait_rows N SECS [WHERE]: until the db holds at least N rows; false on
# timeout.
wait_rows() {
	local n=$1 secs=$2 where=${3:-} i
	for i in $(seq 1 $((secs * 10))); do
		[ "$(rows "$where")" -ge "$n" ] && return 0
		sleep 0.1
	done
	return 1
}

# distinct CONN: distinct payloads stored for a connection.
distinct() {
	sql "SELECT count(DISTINCT payload) FROM messages WHERE conn='$1'" \
	    2>/dev/null || echo 0
}

# wait_distinct N SECS CONN: until CONN has N distinct payloads stored;
# false on timeout.
wait_distinct() {
	local i
	for i in $(seq 1 $(($2 * 10))); do
		[ "$(distinct "$3")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# seq_lines N [PER_TENTH]: the numbers 1..N, one a line; with PER_TENTH,
# at most that many every 0.1 s (a rate of PER_TENTH * 10 a second).
seq_lines() {
	local n=$1 per=${2:-0} i
	if [ "$per" -eq 0 ]; then
		seq 1 "$n"
		return
	fi
	for ((i = 1; i <= n; i += per)); do
		seq "$i" $((i + per - 1 < n ? i + per - 1 : n))
		sleep 0.1
	done
}

# hold_db_lock SECS: another process holds the test db's write lock for
# SECS seconds (in the background; its pid in LOCK_PID). Waits until the
# lock is taken.
hold_db_lock() {
	local secs=$1 i
	rm -f "$T/locked"
	printf 'BEGIN IMMEDIATE;\n.shell touch %s\n.shell sleep %s\nROLLBACK;\n' \
	    "$T/locked" "$secs" | sqlite3 "$DB" >"$T/lock.out" 2>&1 &
	LOCK_PID=$!
	BG_PIDS+=("$LOCK_PID")
	for i in $(seq 1 50); do
		[ -e "$T/locked" ] && return 0
		sleep 0.1
	done
	fail "could not take the db's write lock"
}

# broker_restart: start the last broker again on its port, config and
# files (after broker_stop or a kill).
broker_restart() {
	local i
	wait "$BROKER_PID" 2>/dev/null || true
	for i in $(seq 1 50); do
		port_open "$BROKER_PORT" || break
		sleep 0.1
	done
	mosquitto -c "$BROKER_DIR/mosquitto.conf" >>"$BROKER_DIR/stdout" 2>&1 &
	BROKER_PID=$!
	BROKER_PIDS+=("$BROKER_PID")
	for i in $(seq 1 50); do
		port_open "$BROKER_PORT" && {
			note "broker $BROKER_PID back on port $BROKER_PORT"
			return 0
		}
		kill -0 "$BROKER_PID" 2>/dev/null || break
		sleep 0.1
	done
	show "$BROKER_DIR/stdout"
	fail "the broker did not come back on port $BROKER_PORT"
}

# fake_broker MODE: start tests/regress/fake-broker.py (a broker that
# misbehaves as MODE says) on a free port; sets FAKE_PORT, FAKE_LOG.
fake_broker() {
	local i
	FAKE_PORT=$(free_port)
	FAKE_LOG=$T/fake-$1.log
	python3 "$(dirname "$MQTTY_TESTLIB")/fake-broker.py" "$FAKE_PORT" \
	    "$FAKE_LOG" "$1" 2>"$T/fake-$1.err" &
	BG_PIDS+=("$!")
	for i in $(seq 1 50); do
		grep -q LISTEN "$FAKE_LOG" 2>/dev/null && return 0
		sleep 0.1
	done
	show "$T/fake-$1.err"
	fail "the fake broker did not start"
}

# broker_watch [FILTER]: a mosquitto_sub of our own on the last broker,
# printing "topic payload" lines into $T/watch.out, so a test can see
# what really went through the broker. Waits until the broker has its
# SUBSCRIBE. Bounded by MQ_TIMEOUT x 6 (default 120 s).
broker_watch() {
	local i id=watch-$$-$RANDOM
	: >"$T/watch.out"
	timeout $((${MQ_TIMEOUT:-20} * 6)) mosquitto_sub -p "$BROKER_PORT" \
	    -i "$id" -t "${1:-#}" -v >"$T/watch.out" 2>"$T/watch.err" &
	BG_PIDS+=("$!")
	for i in $(seq 1 50); do
		grep -q "Received SUBSCRIBE from $id" "$BROKER_LOG" 2>/dev/null &&
			return 0
		sleep 0.1
	done
	show "$T/watch.err" "$BROKER_LOG"
	fail "the watching mosquitto_sub did not subscribe"
}

# broker_got "TOPIC PAYLOAD" [SECS]: true once broker_watch's subscriber
# has received exactly that line (default within 5 s); false otherwise.
broker_got() {
	local i
	for i in $(seq 1 $((${2:-5} * 10))); do
		grep -qxF -- "$1" "$T/watch.out" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# tls_certs DIR: a CA (DIR/ca.crt) and a server certificate for 127.0.0.1
# signed by it (DIR/srv.crt, DIR/srv.key), for a TLS listener.
tls_certs() {
	local c=$1
	mkdir -p "$c"
	_ssl() {
		openssl "$@" >>"$c/openssl.log" 2>&1 ||
			{ show "$c/openssl.log"; echo "ERROR: openssl $1" >&2; exit 99; }
	}
	_ssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout "$c/ca.key" -out "$c/ca.crt" -days 2 -subj /CN=ca \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign
	_ssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$c/srv.key" -out "$c/srv.csr" -subj /CN=localhost
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	    >"$c/srv.ext"
	_ssl x509 -req -in "$c/srv.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" \
	    -CAcreateserial -out "$c/srv.crt" -days 2 -extfile "$c/srv.ext"
}

# retained_count PORT FILTER [MOSQUITTO_SUB ARGS...]: how many retained
# messages the broker on PORT holds under FILTER, as a mosquitto_sub of
# our own sees them (--retained-only, bounded by -W 2).
retained_count() {
	local port=$1 filter=$2
	shift 2
	timeout 10 mosquitto_sub -p "$port" -t "$filter" --retained-only \
	    -W 2 -F %t "$@" 2>/dev/null | grep -c . || true
}
