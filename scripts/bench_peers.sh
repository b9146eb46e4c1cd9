#!/usr/bin/env bash
# Time citygraph's graph kernels beside igraph and NetworKit on the same graphs, in one run,
# and print the Markdown table the README's performance section comes from.
#
#   scripts/bench_peers.sh                          # p190 (real, Wikidata P190) and the synthetic twin graph
#   scripts/bench_peers.sh --pairs twin_cities.csv  # also a CSV pair list (city1,country1,city2,country2)
#   scripts/bench_peers.sh --count 5 --kernels betweenness,diameter
#
# Peers: igraph from Debian (python3-igraph, installed with apt-get when missing) and NetworKit
# 11.2.2 from PyPI, installed as a wheel into a virtual environment under
# ~/.cache/citygraph/peers-venv that also sees Debian's packages. Arguments go to
# scripts/bench_peers.py (see there). Needs Go, Debian's python3 and python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${CITYGRAPH_CACHE:-$HOME/.cache/citygraph}/peers-venv"
if [ ! -x /usr/bin/time ]; then
	apt-get install -y time >&2 || { apt-get update >&2 && apt-get install -y time >&2; }
fi
if ! /usr/bin/python3 -c 'import igraph' 2>/dev/null; then
	apt-get install -y python3-igraph >&2 || { apt-get update >&2 && apt-get install -y python3-igraph >&2; }
fi
if ! "$venv/bin/python" -c 'import networkit, igraph' 2>/dev/null; then
	/usr/bin/python3 -m venv --system-site-packages "$venv" >&2 || {
		apt-get install -y python3-venv >&2 && /usr/bin/python3 -m venv --system-site-packages "$venv" >&2
	}
	"$venv/bin/pip" install --quiet --only-binary=:all: networkit==11.2.2 >&2
fi

bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/analyticsbench" ./scripts/analyticsbench
"$venv/bin/python" scripts/bench_peers.py --bench "$bin/analyticsbench" "$@"
