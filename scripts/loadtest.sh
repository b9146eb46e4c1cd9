#!/usr/bin/env bash
# Load test of citygraph's GraphQL endpoint on this machine (127.0.0.1 only):
# builds citygraph and the load generator, starts `citygraph serve` on the
# bundled demo data in a fresh temporary home, sends the three typical
# queries (a municipality with its partners, the German-Ukrainian network,
# the top 20 by betweenness) at a fixed rate for a fixed time, prints
# throughput, p50/p90/p99, errors and the server's memory before and after,
# and stops the server with SIGTERM.
#
#   scripts/loadtest.sh [RATE [DURATION]]     defaults: 500 req/s for 30s
#
# Extra generator flags can be passed in LOADTEST_FLAGS (e.g. "--json");
# SERVER_GOMAXPROCS sets the server's GOMAXPROCS.
set -euo pipefail

rate=${1:-500}
duration=${2:-30s}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo"
echo "building citygraph and citygraph-load" >&2
go build -o "$work/citygraph" ./cmd/citygraph
go build -o "$work/citygraph-load" ./cmd/citygraph-load

# A free port on 127.0.0.1, chosen by the kernel: the server logs it.
mkdir -p "$work/home"
env -i PATH="$PATH" HOME="$work/home" CITYGRAPH_LOG_FORMAT=json ${SERVER_GOMAXPROCS:+GOMAXPROCS=$SERVER_GOMAXPROCS} \
  "$work/citygraph" serve --addr 127.0.0.1:0 --poll 0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!

addr=""
for _ in $(seq 1 600); do
  addr=$(grep -o '"url":"http://[^"]*"' "$work/server.log" 2>/dev/null | head -1 | sed 's/"url":"http:\/\///; s/\/"$//; s/"$//') || true
  [[ -n "$addr" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$addr" ]] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
addr=${addr%/}
for _ in $(seq 1 600); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "server on http://$addr (demo data), pid $server_pid; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# shellcheck disable=SC2086
"$work/citygraph-load" --url "http://$addr/graphql" --rate "$rate" --duration "$duration" ${LOADTEST_FLAGS:-}

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
