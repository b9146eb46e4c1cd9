#!/usr/bin/env bash
# Latency at scale (issue 13 item 6), on 127.0.0.1 only: `citygraph serve`
# on the bundled demo data and on a synthetic store of SCALE_LINKS links
# (305,000 by default, scripts/synthstore) side by side, the same load of
# ordinary reads sent to each in turn, RUNS times, in two modes:
#
#   cached    the same requests again and again, as a busy day sends them:
#             mostly answered from the server's cache of encoded answers;
#   distinct  every request's text made unique (citygraph-load --distinct):
#             each one parsed, priced and resolved, the request path whole.
#
# The mix (SCALE_QUERIES) has answers of the same size on both stores:
# CityWithPartners asks for a place with as many partners on the large
# store as SCALE_DEMO_CITY (Mannheim) has on the demo (synthstore --degree
# picks it), CitiesOfALand for the twenty most populous places of
# Baden-Württemberg. (The German-Ukrainian network is 30 KB on the demo and
# 723 KB on 305,000 links: not a fair pair.)
# Prints one line per run and mode (p50, p99, errors, server CPU and
# allocation per request, GCs, RSS) and the medians with the ratio
# large/demo, and the load average: a busy machine disturbs the ratio less
# than the absolute figures.
#
#   scripts/scale_latency.sh [RATE [DURATION [RUNS]]]   defaults: 200 req/s, 10s, 3
#
# SCALE_STORE=FILE reuses a store written before (synthstore takes a
# minute) with SCALE_CITY naming its place; SCALE_MODES=cached or distinct
# runs one mode; SCALE_PPROF=1 serves profiles on 127.0.0.1 (serve --pprof
# on a free port each, the addresses printed) for `go tool pprof` during
# the runs.
set -euo pipefail

rate=${1:-200}
duration=${2:-10s}
runs=${3:-3}
links=${SCALE_LINKS:-305000}
queries=${SCALE_QUERIES:-CityWithPartners,CitiesOfALand}
demo_city=${SCALE_DEMO_CITY:-Mannheim}
modes=${SCALE_MODES:-cached distinct}
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
# start NAME ARGS...: a server on a free port; sets addr, and profiles to
# the address of its profiles when ARGS ask for them (--pprof 127.0.0.1:0:
# a free port too, which the server logs).
start() {
  local name=$1; shift
  mkdir -p "$work/$name"
  env -i PATH="$PATH" HOME="$work/$name" CITYGRAPH_LOG_FORMAT=json \
    "$work/citygraph" serve --addr 127.0.0.1:0 --poll 0 --timeout 300s "$@" >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  addr=""
  for _ in $(seq 1 3000); do
    addr=$(grep 'ready to accept connections' "$work/$name.log" 2>/dev/null | grep -o '"url":"http://[^"]*"' | head -1 | sed 's/"url":"http:\/\///; s/\/*"$//') || true
    [[ -n "$addr" ]] && break
    sleep 0.1
  done
  [[ -n "$addr" ]] || { echo "$name did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
  # Logged before the server is ready.
  profiles=$(grep 'serving profiles (pprof)' "$work/$name.log" | grep -o '"url":"http://[^"]*"' | head -1 | sed 's/"url":"//; s/"$//') || true
  [[ -z "${SCALE_PPROF:-}" || -n "$profiles" ]] || { echo "$name: no profiles address in its log" >&2; cat "$work/$name.log" >&2; exit 1; }
  for _ in $(seq 1 6000); do
    curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
}
start demo ${SCALE_PPROF:+--pprof 127.0.0.1:0}
demo=$addr demo_profiles=$profiles
# The demo city's number of partners, for a place with as many on the
# large store.
degree=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"query\":\"{ city(name: \\\"$demo_city\\\") { partners { kind } } }\"}" "http://$demo/graphql" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["city"]["partners"]))')
store=${SCALE_STORE:-}
if [[ -z "$store" ]]; then
  echo "writing a synthetic store of $links links" >&2
  store="$work/large.db"
  go run ./scripts/synthstore --links "$links" --degree "$degree" --out "$store" >"$work/city"
fi
city=${SCALE_CITY:-$(cat "$work/city" 2>/dev/null || true)}
[[ -n "$city" ]] || { echo "SCALE_STORE needs SCALE_CITY (a place with $degree partners)" >&2; exit 2; }
start large --store "$store" ${SCALE_PPROF:+--pprof 127.0.0.1:0}
large=$addr
[[ -n "${SCALE_PPROF:-}" ]] && echo "profiles: demo $demo_profiles, large $profiles" >&2
echo "$demo_city ($degree partners) on the demo, $city on the large store" >&2
echo "demo on $demo, $links links on $large; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One of each query first, then the measured runs.
"$work/citygraph-load" --url "http://$demo/graphql" --queries "$queries" --city "$demo_city" --save "$work/warm-demo" >/dev/null
"$work/citygraph-load" --url "http://$large/graphql" --queries "$queries" --city "$city" --save "$work/warm-large" >/dev/null

measure() { # NAME ADDR CITY MODE
  local extra=()
  [[ "$4" == distinct ]] && extra=(--distinct)
  "$work/citygraph-load" --url "http://$2/graphql" --rate "$rate" --duration "$duration" --queries "$queries" --json --city "$3" "${extra[@]}" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); t=r["total"]
print("%-14s p50 %.2f ms p99 %.2f ms errors %d cpu/req %.3f ms alloc/req %.0f KiB gcs %d rss %.0f MiB answers %s" % (sys.argv[1], t["p50ms"], t["p99ms"], t["errors"], r["serverCpuMsPerRequest"], r["serverAllocKBPerRequest"], r["serverGCs"], r["rssAfterBytes"]/2**20, r["responseBytes"]))' "$1 $4"
}
for i in $(seq 1 "$runs"); do
  for mode in $modes; do
    echo "run $i $mode, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    measure demo "$demo" "$demo_city" "$mode" | tee -a "$work/demo-$mode.txt"
    measure large "$large" "$city" "$mode" | tee -a "$work/large-$mode.txt"
  done
done
for mode in $modes; do
  python3 - "$work/demo-$mode.txt" "$work/large-$mode.txt" "$mode" <<'PY'
import re, statistics, sys
def col(path, key):
    return [float(re.search(re.escape(key) + r" ([0-9.]+)", l).group(1)) for l in open(path)]
for key in ("p50", "p99", "cpu/req", "alloc/req", "rss"):
    d, l = statistics.median(col(sys.argv[1], key)), statistics.median(col(sys.argv[2], key))
    print("%-8s median %-9s demo %9.2f  large %9.2f  ratio %.2fx" % (sys.argv[3], key, d, l, l / d if d else float("nan")))
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
