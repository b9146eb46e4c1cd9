#!/usr/bin/env bash
# Import throughput and memory (issue 9, issue 14 item 3): `citygraph import`
# of a synthetic pair list (fixture.PairList, by default 1,000,000 rows, seed
# 7: 91.7 MB) into a new embedded store, under /usr/bin/time -v (peak RSS,
# wall clock, CPU), and in the same run sqlite3 doing the same keyed,
# de-duplicating work on the same file: every row's two places into a table
# keyed by name and country, every row's link, ends in order, into a table
# keyed by (a, b, kind), a link named twice merged into one (the more
# specific start kept), WAL and synchronous=FULL as the store, one
# transaction. Rounds alternate the binaries given (e.g. before and after a
# change) and sqlite3; it prints each run and the medians.
#
#   bash scripts/bench_import.sh                        # this tree, 3 rounds
#   ROWS=26000 bash scripts/bench_import.sh             # a twin-town-sized list
#   BINS="/tmp/before /tmp/after" ROUNDS=3 bash scripts/bench_import.sh
#
# The machine's load (uptime) is printed before and after: the figures
# swing with it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
SEED=${SEED:-7}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d /tmp/bench_import.XXXX)
trap 'rm -rf "$work"' EXIT

if ! command -v sqlite3 >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 >/dev/null
	else
		echo "bench_import: sqlite3 is missing (apt-get install sqlite3)" >&2
		exit 1
	fi
fi
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
	else
		echo "bench_import: /usr/bin/time is missing (apt-get install time)" >&2
		exit 1
	fi
fi

if [ -z "${BINS:-}" ]; then
	go build -o "$work/citygraph" ./cmd/citygraph
	BINS="$work/citygraph"
fi
file="$work/pairs.csv"
go run ./scripts/pairlist --rows "$ROWS" --seed "$SEED" --out "$file"
echo "file: $ROWS rows, $(stat -c %s "$file") bytes (scripts/pairlist --rows $ROWS --seed $SEED)"
echo "load before: $(uptime)"

# The same keyed, de-duplicating work in sqlite3.
cat >"$work/dedup.sql" <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE place (name TEXT, country TEXT, lat REAL, lon REAL, line INTEGER, PRIMARY KEY (name, country)) WITHOUT ROWID;
CREATE TABLE link (a TEXT, b TEXT, kind TEXT, since TEXT, lines TEXT, PRIMARY KEY (a, b, kind)) WITHOUT ROWID;
CREATE TEMP TABLE raw (city_a, country_a, lat_a, lon_a, city_b, country_b, lat_b, lon_b, kind, since);
.import --csv --skip 1 $file raw
BEGIN;
INSERT INTO place SELECT city_a, country_a, lat_a, lon_a, rowid FROM raw WHERE true ON CONFLICT DO NOTHING;
INSERT INTO place SELECT city_b, country_b, lat_b, lon_b, rowid FROM raw WHERE true ON CONFLICT DO NOTHING;
INSERT INTO link SELECT min(city_a || '|' || country_a, city_b || '|' || country_b), max(city_a || '|' || country_a, city_b || '|' || country_b),
  kind, since, rowid FROM raw WHERE true
  ON CONFLICT DO UPDATE SET since = CASE WHEN length(excluded.since) > length(since) THEN excluded.since ELSE since END,
  lines = lines || ',' || excluded.lines;
COMMIT;
SELECT 'sqlite3: ' || (SELECT count(*) FROM link) || ' links, ' || (SELECT count(*) FROM place) || ' places';
EOF

div() { awk -v a="$1" -v b="$2" 'BEGIN {print (b > 0) ? a / b : 0}'; }

# run NAME CMD...: one timed run; appends "name wall cpu rss" to $work/runs.
run() {
	local name=$1
	shift
	rm -f "$work"/store.db*
	/usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
		cat "$work/err.txt" >&2
		exit 1
	}
	local wall cpu rss
	wall=$(awk -F': ' '/Elapsed/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$work/time.txt")
	printf '%-28s %8.2f s wall %9.0f rows/s %7.2f CPU-s %6d MB peak RSS\n' "$name" "$wall" "$(div "$ROWS" "$wall")" "$cpu" "$rss"
	echo "$name $wall $cpu $rss" >>"$work/runs"
}

for r in $(seq "$ROUNDS"); do
	i=0
	for bin in $BINS; do
		i=$((i + 1))
		CITYGRAPH_LOG_LEVEL=error run "citygraph[$i] round $r" "$bin" import --store "$work/store.db" "$file"
	done
	run "sqlite3 round $r" sqlite3 "$work/store.db" ".read $work/dedup.sql"
done
grep -h . "$work/out.txt" | tail -1
echo "load after: $(uptime)"

# Medians per binary and the ratio to sqlite3.
echo
echo "medians of $ROUNDS round(s), $ROWS rows:"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
sqlwall=$(awk '$1 == "sqlite3" {print $4}' "$work/runs" | median)
names=$(for i in $(seq "$(echo $BINS | wc -w)"); do echo "citygraph[$i]"; done)
for n in $names sqlite3; do
	wall=$(awk -v n="$n" '$1 == n {print $4}' "$work/runs" | median)
	cpu=$(awk -v n="$n" '$1 == n {print $5}' "$work/runs" | median)
	rss=$(awk -v n="$n" '$1 == n {print $6}' "$work/runs" | median)
	printf '%-14s %8.2f s wall %9.0f rows/s %7.2f CPU-s %6.0f MB peak RSS  %5.2fx the wall time of sqlite3\n' \
		"$n" "$wall" "$(div "$ROWS" "$wall")" "$cpu" "$rss" "$(div "$wall" "$sqlwall")"
done
i=0
for bin in $BINS; do
	i=$((i + 1))
	echo "citygraph[$i] = $bin"
done
