#!/usr/bin/env bash
# Latency at scale (issue 13 item 6), on 127.0.0.1 only: `citygraph serve`
# on the bundled demo data and on a synthetic store of SCALE_LINKS links
# (305,000 by default, scripts/synthstore) side by side, the same load of
# ordinary reads (citygraph-load: a municipality with its partners and the
# German-Ukrainian network; SCALE_QUERIES names others, e.g. with
# Top20Betweenness, whose first computation on 305,000 links takes long)
# sent to each in turn, RUNS times.
# Prints one line per run (p50, p99, errors, server CPU per request, RSS)
# and the medians, with the load average: read the ratio large/demo, which
# a busy machine disturbs less than the absolute figures.
#
#   scripts/scale_latency.sh [RATE [DURATION [RUNS]]]   defaults: 200 req/s, 10s, 3
#
# SCALE_STORE=FILE reuses a store written before (synthstore takes minutes).
set -euo pipefail

rate=${1:-200}
duration=${2:-10s}
runs=${3:-3}
links=${SCALE_LINKS:-305000}
queries=${SCALE_QUERIES:-CityWithPartners,GermanUkrainianNetwork}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo"
echo "building citygraph and citygraph-load" >&2
go build -o "$work/citygraph" ./cmd/citygraph
go build -o "$work/citygraph-load" ./cmd/citygraph-load
store=${SCALE_STORE:-}
if [[ -z "$store" ]]; then
  echo "writing a synthetic store of $links links" >&2
  store="$work/large.db"
  go run ./scripts/synthstore --links "$links" --out "$store" >"$work/city"
fi
# The best-linked German place of the synthetic graph, for CityWithPartners
# (synthstore prints it; SCALE_CITY with SCALE_STORE).
city=${SCALE_CITY:-$(cat "$work/city" 2>/dev/null || true)}

# start NAME ARGS...: a server on a free port; sets addr.
start() {
  local name=$1; shift
  mkdir -p "$work/$name"
  env -i PATH="$PATH" HOME="$work/$name" CITYGRAPH_LOG_FORMAT=json \
    "$work/citygraph" serve --addr 127.0.0.1:0 --poll 0 --timeout 300s "$@" >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  addr=""
  for _ in $(seq 1 3000); do
    addr=$(grep -o '"url":"http://[^"]*"' "$work/$name.log" 2>/dev/null | head -1 | sed 's/"url":"http:\/\///; s/\/*"$//') || true
    [[ -n "$addr" ]] && break
    sleep 0.1
  done
  [[ -n "$addr" ]] || { echo "$name did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
  for _ in $(seq 1 6000); do
    curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
}
start demo
demo=$addr
start large --store "$store"
large=$addr
echo "demo on $demo, $links links on $large; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One of each query first, then the measured runs.
"$work/citygraph-load" --url "http://$demo/graphql" --queries "$queries" --save "$work/warm-demo" >/dev/null
"$work/citygraph-load" --url "http://$large/graphql" --queries "$queries" ${city:+--city "$city"} --save "$work/warm-large" >/dev/null

measure() { # NAME ADDR [CITY]
  local city_args=()
  [[ -n "${3:-}" ]] && city_args=(--city "$3")
  "$work/citygraph-load" --url "http://$2/graphql" --rate "$rate" --duration "$duration" --queries "$queries" --json "${city_args[@]}" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); t=r["total"]
print("%s p50 %.2f ms p99 %.2f ms errors %d cpu/req %.3f ms rss %.0f MiB answers %s" % (sys.argv[1], t["p50ms"], t["p99ms"], t["errors"], r["serverCpuMsPerRequest"], r["rssAfterBytes"]/2**20, r["responseBytes"]))' "$1"
}
for i in $(seq 1 "$runs"); do
  echo "run $i, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  measure demo "$demo" | tee -a "$work/demo.txt"
  measure large "$large" "$city" | tee -a "$work/large.txt"
done
python3 - "$work/demo.txt" "$work/large.txt" <<'PY'
import re, statistics, sys
def col(path, key):
    return [float(re.search(key + r" ([0-9.]+)", l).group(1)) for l in open(path)]
for key in ("p50", "p99", "cpu/req", "rss"):
    d, l = statistics.median(col(sys.argv[1], key)), statistics.median(col(sys.argv[2], key))
    print("median %-7s demo %9.2f  large %9.2f  ratio %.2fx" % (key, d, l, l / d if d else float("nan")))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
