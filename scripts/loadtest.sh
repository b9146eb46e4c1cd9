#!/usr/bin/env bash
# Load test of citygraph's GraphQL endpoint on this machine (127.0.0.1 only):
# builds citygraph and the load generator, starts `citygraph serve` on the
# bundled demo data in a fresh temporary home, sends the three typical
# queries (a municipality with its partners, the German-Ukrainian network,
# the top 20 by betweenness) at a fixed rate for a fixed time, prints
# throughput, p50/p90/p99, errors, the server's CPU per request and memory
# before and after, and stops the server with SIGTERM. Then, in the same
# run, the baseline: a plain Go HTTP server (scripts/plainserver) that
# sends the very bytes citygraph answered, under the same load.
#
#   scripts/loadtest.sh [RATE [DURATION]]     defaults: 500 req/s for 30s
#
# LOADTEST_LINKS=25914 serves a synthetic graph of that many links shaped
# like the twin-town graph (scripts/synthstore; 305000 for the large store)
# instead of the demo data. Extra generator flags can be passed in
# LOADTEST_FLAGS (e.g. "--json"); SERVER_GOMAXPROCS sets both servers'
# GOMAXPROCS; LOADTEST_BASELINE=0 skips the baseline; LOADTEST_TIMEOUT
# (default 60s) is the server's --timeout, long enough for the first
# betweenness of a run on a busy machine (a request that times out stops
# its computation).
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
go build -o "$work/plainserver" ./scripts/plainserver

store_args=()
city_args=()
what="demo data"
if [[ -n "${LOADTEST_LINKS:-}" ]]; then
  echo "writing a synthetic store of $LOADTEST_LINKS links" >&2
  city=$(go run ./scripts/synthstore --links "$LOADTEST_LINKS" --out "$work/synthetic.db")
  store_args=(--store "$work/synthetic.db")
  city_args=(--city "$city")
  what="synthetic twin-town graph, $LOADTEST_LINKS links"
fi

# A free port on 127.0.0.1, chosen by the kernel: the server logs it.
mkdir -p "$work/home"
env -i PATH="$PATH" HOME="$work/home" CITYGRAPH_LOG_FORMAT=json ${SERVER_GOMAXPROCS:+GOMAXPROCS=$SERVER_GOMAXPROCS} \
  "$work/citygraph" serve --addr 127.0.0.1:0 --poll 0 --timeout "${LOADTEST_TIMEOUT:-60s}" "${store_args[@]}" >"$work/server.out" 2>"$work/server.log" &
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
echo "server on http://$addr ($what), pid $server_pid; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "== citygraph" >&2
# shellcheck disable=SC2086
"$work/citygraph-load" --url "http://$addr/graphql" --rate "$rate" --duration "$duration" "${city_args[@]}" ${LOADTEST_FLAGS:-}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

[[ "${LOADTEST_BASELINE:-1}" == 0 ]] && exit 0
"$work/citygraph-load" --url "http://$addr/graphql" "${city_args[@]}" --save "$work/answers"
kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
answers=()
for f in "$work"/answers/*.json; do answers+=("$(basename "$f" .json)=$f"); done
env -i PATH="$PATH" ${SERVER_GOMAXPROCS:+GOMAXPROCS=$SERVER_GOMAXPROCS} \
  "$work/plainserver" --addr 127.0.0.1:0 "${answers[@]}" 2>"$work/plain.log" &
server_pid=$!
addr=""
for _ in $(seq 1 100); do
  addr=$(sed -n 's/^listening //p' "$work/plain.log" | head -1)
  [[ -n "$addr" ]] && break
  sleep 0.1
done
[[ -n "$addr" ]] || { echo "plain server did not start" >&2; cat "$work/plain.log" >&2; exit 1; }
echo "== baseline: plain Go server sending the same bytes, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$work/citygraph-load" --url "http://$addr/graphql" --rate "$rate" --duration "$duration" "${city_args[@]}" ${LOADTEST_FLAGS:-}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
