#!/bin/bash
# search-db.sh MQTTY DB N [K]: a history of N messages made in SQL (fast:
# no broker), over 2 connections, 1000 topics and the last 24 hours, with
# its full-text index built over the first K (default all). For the search
# test and benchmark.
set -eu
mqtty=$1 db=$2 n=$3 k=${4:-$3}
rm -f "$db" "$db-wal" "$db-shm"
# mqtty makes the schema (and its migrations) itself.
"$mqtty" --batch --no-config --db "$db" -c 'list' </dev/null >/dev/null
now=$(($(date +%s) * 1000))
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
INSERT INTO conns (id, name) VALUES (1, 'fleet'), (2, 'lab');
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 999)
INSERT INTO topics (id, conn_id, topic)
SELECT i + 1, 1 + (i % 2), 'site/' || (i / 100) || '/dev' || i || '/' ||
    CASE i % 3 WHEN 0 THEN 'temperature' WHEN 1 THEN 'humidity'
    ELSE 'status' END FROM k;
INSERT INTO topics (id, conn_id, topic) VALUES (1001, 1, '\$SYS/broker/load');
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n)
INSERT INTO history (id, conn_id, topic_id, dir, payload, qos, retain,
    props, time_ms, mid, dup)
SELECT i, 1 + ((i * 7919 % 1000) % 2), 1 + (i * 7919 % 1000), i % 50 = 0,
    CAST('{"seq":' || i || ',"temp":' || (15 + (i * 37 % 200) / 10.0) ||
    ',"state":"' || CASE WHEN i % 1000 = 7 THEN 'overheat alarm'
    WHEN i % 97 = 0 THEN '温度センサー異常' ELSE 'ok' END ||
    '"}' AS BLOB), i % 3, i % 500 = 0, NULL,
    $now - 86400000 + i * (86400000 / $n), NULL, 0 FROM k;
INSERT INTO history_fts (rowid, body)
SELECT id, CAST(payload AS TEXT) FROM history WHERE id <= $k;
UPDATE fts_state SET done = $k;
-- The topic tree's stats, as the writer would have kept them.
UPDATE topics SET
 msgs = (SELECT count(*) FROM history h WHERE h.topic_id = topics.id),
 last_id = coalesce((SELECT max(h.id) FROM history h
  WHERE h.topic_id = topics.id), 0);
UPDATE topics SET last_ms = coalesce((SELECT h.time_ms FROM history h
  WHERE h.id = topics.last_id), 0);
COMMIT;
SQL
