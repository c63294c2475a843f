#!/bin/bash
# A database mqtty must not use is refused with one line naming the file,
# and the file is byte for byte what it was (no WAL switch, no tables, no
# -wal or -shm beside it): not SQLite, another program's SQLite file, a
# newer schema, read-only, in a read-only directory, a directory.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
# shellcheck source=tests/regress/lib.sh
. "$MQTTY_TESTLIB"

# refused NAME FILE PATTERN [RUNNER...]: mqtty --db FILE exits 1 with one
# error line matching PATTERN and naming FILE; FILE is unchanged.
refused() {
	local name=$1 file=$2 pat=$3 before after rc=0
	shift 3
	before=$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)
	"$@" timeout 20 "$MQTTY" --batch --no-config --db "$file" \
	    -c 'save x mqtt://127.0.0.1' >"$T/$name.out" 2>"$T/$name.err" ||
	    rc=$?
	after=$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)
	note "$name: exit $rc: $(cat "$T/$name.err")"
	[ "$rc" -eq 1 ] || fail "$name: exit $rc, wanted 1"
	expect_eq "$(wc -l <"$T/$name.err")" 1 "$name: one line"
	grep -q -- "$file" "$T/$name.err" || fail "$name: the error does not name $file"
	grep -q -- "$pat" "$T/$name.err" || fail "$name: wanted '$pat'"
	expect_eq "$after" "$before" "$name: file unchanged"
	[ ! -e "$file-wal" ] && [ ! -e "$file-shm" ] ||
		fail "$name: -wal or -shm made beside it"
}

head -c 4096 /dev/urandom >"$T/junk.db"
refused junk "$T/junk.db" "is not an SQLite database"

sqlite3 "$T/other.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES (1)"
refused other "$T/other.db" "is not an mqtty database"

run_mq make -c 'save keep mqtt://127.0.0.1'
expect_rc 0 make
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
refused newer "$T/newer.db" "is from a newer mqtty (schema 99"

cp "$T/newer.db" "$T/ro.db"
sqlite3 "$T/ro.db" "PRAGMA user_version = 3"
chmod 0444 "$T/ro.db"
refused readonly "$T/ro.db" "is read-only"

mkdir "$T/rodir"
cp "$T/ro.db" "$T/rodir/db.sqlite"
chmod 0600 "$T/rodir/db.sqlite"
chmod 0555 "$T/rodir"
refused rodir "$T/rodir/db.sqlite" "is in a read-only directory"
chmod 0755 "$T/rodir"

mkdir "$T/adir"
rc=0
timeout 20 "$MQTTY" --batch --no-config --db "$T/adir" -c 'list' \
    2>"$T/adir.err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "is a directory" "$T/adir.err" ||
	fail "a directory as --db: exit $rc: $(cat "$T/adir.err")"

# As a user who really can't write (the tests may run as root).
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$T/nobody"
	cp "$T/ro.db" "$T/nobody/db.sqlite"
	chmod 0644 "$T/nobody/db.sqlite"
	# Its own copy of the binary: the build dir may be closed to others.
	cp "$MQTTY" "$T/nobody/mqtty"
	chmod 0755 "$T/nobody" "$T" "$T/nobody/mqtty"
	MQTTY=$T/nobody/mqtty refused nobody "$T/nobody/db.sqlite" \
	    "is read-only" setpriv --reuid=65534 --regid=65534 --clear-groups
fi

note "the untouched copy still opens"
chmod 0644 "$T/ro.db"
RC=0
mq --db "$T/ro.db" -c 'list' >"$T/list.json" 2>"$T/list.err" || RC=$?
expect_rc 0 list
expect_json "$T/list.json" 'any(.[]; .event=="info" and
    (.text | test("profile keep")))' "its profile is there"
