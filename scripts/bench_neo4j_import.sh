#!/usr/bin/env bash
# Time `citygraph import --neo4j` against a minimal LOAD CSV + MERGE of the same pairs under the
# same uniqueness constraints, in one run, alternately, on a throw-away Neo4j (issue 14, target 4).
#
#   scripts/bench_neo4j_import.sh                       # the twin-town-sized list (25,914 rows), 3 rounds
#   scripts/bench_neo4j_import.sh --rows 25914,100000   # also a bigger list
#   scripts/bench_neo4j_import.sh --port 7799 --rounds 5 --warmup 0
#
# It builds citygraph and scripts/neo4jimportbench, starts Neo4j with scripts/neo4j.sh on
# --port (default: the first free port from 7790; a server already running there is used and
# left running, one the script started is stopped and deleted at the end), writes the pair
# list (neo4jimportbench gen: German places by name and coordinates, foreign places, four
# kinds, a start year) into Neo4j's import directory, runs --warmup rounds (default 1) that
# are not counted (a fresh JVM compiles its code during the first imports), and per round:
#
#   1. empties the database (citygraph's constraints and indexes stay) and runs
#      `citygraph import --kind pairs --neo4j URI` on the list: the whole process, reading and
#      resolving every name included;
#   2. empties it again and runs the reference, one transaction like citygraph's import:
#        LOAD CSV WITH HEADERS FROM 'file:///pairs.csv' AS row
#        MERGE (a:Municipality {id: row.country_a + ':' + row.city_a}) ON CREATE SET ...
#        MERGE (b:Municipality {id: row.country_b + ':' + row.city_b}) ON CREATE SET ...
#        MERGE (a)-[r:PARTNER_OF {key: ...}]->(b) ON CREATE SET r.kind = ..., r.since = ...
#      timed from sending the query to the end of its commit (no process start, no reading).
#
# For each it records the wall time, the Neo4j server's CPU (user + system of the JVM, from
# /proc/PID/stat before and after) and, for citygraph, the process's own CPU and peak RSS
# (/usr/bin/time). It prints the medians and the ratio as a Markdown table, with the load.
set -euo pipefail
cd "$(dirname "$0")/.."

port=
rows=25914
rounds=3
warmup=1
while (($#)); do
	case $1 in
	--port) port=$2; shift 2 ;;
	--rows) rows=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--warmup) warmup=$2; shift 2 ;;
	*) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done

if [[ ! -x /usr/bin/time ]]; then
	apt-get install -y time >&2 || { apt-get update >&2 && apt-get install -y time >&2; }
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -z $port ]]; then
	port=7790
	while port_open "$port"; do port=$((port + 1)); done
fi
export NEO4J_BOLT_PORT=$port

tmp=$(mktemp -d /tmp/bench-neo4j-import.XXXX)
started=
cleanup() {
	if [[ -n $started ]]; then
		bash scripts/neo4j.sh clean >&2 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building citygraph and scripts/neo4jimportbench" >&2
go build -o "$tmp/citygraph" ./cmd/citygraph
go build -o "$tmp/neo4jimportbench" ./scripts/neo4jimportbench

if bash scripts/neo4j.sh status >/dev/null 2>&1; then
	echo "using the Neo4j already running on port $port" >&2
else
	started=1
	bash scripts/neo4j.sh start
fi
eval "$(bash scripts/neo4j.sh env)"
jvm=$(<"$NEO4J_PID_FILE")
hz=$(getconf CLK_TCK)
# cpu prints the Neo4j server's CPU seconds so far (utime + stime).
cpu() { awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$jvm/stat"; }
bench=$tmp/neo4jimportbench
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mapping=(--map city_a=city_a --map country_a=country_a --map lat_a=lat_a --map lon_a=lon_a
	--map city_b=city_b --map country_b=country_b --map lat_b=lat_b --map lon_b=lon_b --map kind=kind --map since=since)

table=()
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
for n in ${rows//,/ }; do
	file=citygraph-bench-pairs-$n.csv
	"$bench" gen --rows "$n" --out "$NEO4J_IMPORT_DIR/$file"
	cp "$NEO4J_IMPORT_DIR/$file" "$tmp/$file"
	cg_wall=() cg_srv=() cg_cpu=() cg_rss=() lc_wall=() lc_srv=()
	for ((r = 1 - warmup; r <= rounds; r++)); do
		"$bench" wipe
		c0=$(cpu)
		t0=$(date +%s.%N)
		CITYGRAPH_LOG_LEVEL=error CITYGRAPH_SNAPSHOT_CACHE=$tmp/snapshots \
			/usr/bin/time -o "$tmp/time" -f '%U %S %M' \
			"$tmp/citygraph" import --kind pairs --neo4j "$NEO4J_URI" "${mapping[@]}" "$tmp/$file" >"$tmp/import.out"
		t1=$(date +%s.%N)
		c1=$(cpu)
		read -r u s m <"$tmp/time"
		cg_wall+=("$(echo "$t1 - $t0" | bc)") cg_srv+=("$(echo "$c1 - $c0" | bc)")
		cg_cpu+=("$(echo "$u + $s" | bc)") cg_rss+=("$((m / 1024))")
		cg_count=$("$bench" count)

		"$bench" wipe
		c0=$(cpu)
		lc_wall+=("$("$bench" loadcsv --file "$file")")
		c1=$(cpu)
		lc_srv+=("$(echo "$c1 - $c0" | bc)")
		lc_count=$("$bench" count)
		if ((r < 1)); then
			echo "rows $n warm-up: citygraph ${cg_wall[-1]} s, LOAD CSV ${lc_wall[-1]} s (not counted)" >&2
			cg_wall=() cg_srv=() cg_cpu=() cg_rss=() lc_wall=() lc_srv=()
			continue
		fi
		echo "rows $n round $r: citygraph ${cg_wall[-1]} s (server CPU ${cg_srv[-1]} s; $cg_count), LOAD CSV ${lc_wall[-1]} s (server CPU ${lc_srv[-1]} s; $lc_count); load $(cut -d' ' -f1 /proc/loadavg)" >&2
	done
	cw=$(printf '%s\n' "${cg_wall[@]}" | median)
	lw=$(printf '%s\n' "${lc_wall[@]}" | median)
	cs=$(printf '%s\n' "${cg_srv[@]}" | median)
	ls_=$(printf '%s\n' "${lc_srv[@]}" | median)
	cc=$(printf '%s\n' "${cg_cpu[@]}" | median)
	table+=("| $n | citygraph import (whole process) | $(printf '%.2f' "$cw") s ($(printf '%s ' "${cg_wall[@]}" | xargs printf '%.2f ' | sed 's/ $//')) | $(printf '%.2f' "$cs") s | $(printf '%.2f' "$cc") s, peak RSS $(printf '%s\n' "${cg_rss[@]}" | sort -n | tail -1) MB | $cg_count |")
	table+=("| $n | LOAD CSV + MERGE (query to commit) | $(printf '%.2f' "$lw") s ($(printf '%s ' "${lc_wall[@]}" | xargs printf '%.2f ' | sed 's/ $//')) | $(printf '%.2f' "$ls_") s | | $lc_count |")
	table+=("| $n | **citygraph / LOAD CSV** (target: at most 1.00x) | **$(echo "scale=2; $cw / $lw" | bc -l | sed 's/^\./0./')x** | $(echo "scale=2; $cs / $ls_" | bc -l | sed 's/^\./0./')x | | |")
done

echo
echo "Neo4j ${NEO4J_VERSION:-5.26.30} (scripts/neo4j.sh, port $port), $when, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; medians of $rounds, alternately, after $warmup warm-up round(s)"
echo
echo "| rows | run | wall, median (runs) | Neo4j server CPU, median | citygraph process CPU | result |"
echo "| ---: | --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${table[@]}"
