#!/usr/bin/env bash
# The fixed cost of a warm start on a twin-town-sized embedded store (17,717
# places, 25,914 links, scripts/synthstore): medians of whole
# `citygraph analyze centrality --metric degree --top 1` processes (wall and
# CPU) and of `citygraph serve` until /readyz answers 200 (free ports), by
# scripts/warmstart. With no binaries it builds citygraph from this tree;
# given several, it alternates their runs (before/after comparisons), each
# on its own copy of the store and snapshot cache.
#
#   scripts/warmstart.sh                       # this tree, 7 runs
#   RUNS=11 scripts/warmstart.sh ./citygraph.before ./citygraph.after
#
# The store is built once and kept under ${CITYGRAPH_CACHE:-~/.cache/citygraph}.
set -euo pipefail
bins=()
for b in "$@"; do # absolute, before the cd below
	bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done
cd "$(dirname "$0")/.."

cache="${CITYGRAPH_CACHE:-$HOME/.cache/citygraph}"
store="$cache/warmstart-twin-25914.db"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -f "$store" ]; then
	mkdir -p "$cache"
	go run ./scripts/synthstore --links 25914 --out "$work/twin.db" >/dev/null
	mv "$work/twin.db" "$store"
fi
if [ ${#bins[@]} -eq 0 ]; then
	go build -o "$work/citygraph" ./cmd/citygraph
	bins=("$work/citygraph")
fi
go build -o "$work/warmstart" ./scripts/warmstart
echo "load: $(uptime | sed 's/.*load average: //')"
"$work/warmstart" -store "$store" -runs "${RUNS:-7}" "${bins[@]}"
echo "load: $(uptime | sed 's/.*load average: //')"
