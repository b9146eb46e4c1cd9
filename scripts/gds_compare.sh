#!/usr/bin/env bash
# gds_compare.sh: citygraph's kernels beside Neo4j Graph Data Science on the same graph.
#
#   scripts/gds_compare.sh                      # the real Wikidata P190 graph, medians of 3
#   scripts/gds_compare.sh --load twin:24380    # a synthetic twin-town shaped graph
#   scripts/gds_compare.sh --runs 5 --json
#
# Starts a throw-away Neo4j with GDS (scripts/neo4j.sh, NEO4J_PLUGINS=gds) on a free port
# (or GDS_COMPARE_BOLT_PORT), loads the graph, runs scripts/gdscompare (betweenness,
# closeness, PageRank, Louvain, components: times, ratio, max abs difference) and deletes the
# instance again. Arguments go to scripts/gdscompare. Needs Go, mvn and a JDK 17.
# GDS_COMPARE_HEAP sets the server's heap (4g).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${GDS_COMPARE_BOLT_PORT:-}
if [ -z "$port" ]; then
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
	done
fi
[ -n "$port" ] || { echo "gds_compare.sh: no free port" >&2; exit 1; }
export NEO4J_BOLT_PORT=$port
cleanup() { bash scripts/neo4j.sh clean >/dev/null 2>&1 || true; }
trap cleanup EXIT
NEO4J_PLUGINS=gds NEO4J_HEAP=${GDS_COMPARE_HEAP:-4g} bash scripts/neo4j.sh start
eval "$(bash scripts/neo4j.sh env)"
export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD NEO4J_DATABASE
go run ./scripts/gdscompare "$@"
