#!/usr/bin/env bash
# The project's test command (README: "Run the tests").
#
#   scripts/test.sh [--long] [go test flags...]
#
# --long (or CITYGRAPH_LONG_TESTS=1, or CI=true) also runs the long suite:
# the fault tests that start, kill -9 and restart a Neo4j of their own.
#
# 1. installs what the tests need when it is missing and this is a Debian
#    machine where we are root: chromium (the explorer page is tested in a
#    real headless browser), python3-networkx, python3-igraph, gdal-bin and
#    libxml2-utils (the exports are loaded with the tools' own readers);
# 2. starts a throw-away Neo4j 5.26 on a free port (scripts/neo4j.sh, jars
#    cached under ~/.cache/citygraph) unless NEO4J_URI already points at a
#    server of your own, and removes the instance again at the end;
# 3. checks that the gqlgen code is fresh (go generate ./schema/...), gofmt
#    and go vet;
# 4. runs go test ./... .
#
# With CI=true every test must run: Neo4j, Chromium or an export tool missing
# is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

if [ "${1:-}" = --long ]; then
  shift
  export CITYGRAPH_LONG_TESTS=1
fi

# apt_install installs Debian packages when this is a Debian machine where we
# are root; what stays missing fails the run under CI=true (the tests that
# need it skip with the reason otherwise).
apt_updated=
apt_install() {
  local why=$1; shift
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $* (Debian packages) for $why"
    if [ -z "$apt_updated" ]; then apt-get update -qq || true; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null && return 0
  fi
  log "could not install $* ($why)"
  [ "${CI:-}" = true ] && exit 1
  return 0
}

command -v chromium >/dev/null 2>&1 || apt_install "the browser test" chromium
# The exports are loaded with the readers of the tools people open them with.
missing=()
/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1 || missing+=(python3-networkx)
/usr/bin/python3 -c 'import igraph' >/dev/null 2>&1 || missing+=(python3-igraph)
command -v ogr2ogr >/dev/null 2>&1 || missing+=(gdal-bin)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[ ${#missing[@]} -eq 0 ] || apt_install "the export tests (NetworkX, igraph, GDAL, the GEXF schema check)" "${missing[@]}"

# The first build downloads and compiles the Go modules: say so, since it
# takes a few minutes without a word otherwise.
if ! go list -m -mod=readonly all >/dev/null 2>&1 || [ ! -d "$(go env GOMODCACHE)/github.com/99designs" ]; then
  log "first build: downloading the Go modules (go mod download; a few minutes on 2 cores, once)"
  go mod download
fi

# free_port prints a TCP port of 127.0.0.1 that nothing listens on.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

started_neo4j=
if [ -z "${NEO4J_URI:-}" ]; then
  # A free port: another checkout's or the user's own Neo4j may hold 7687.
  NEO4J_BOLT_PORT=$(free_port) || { log "no free port for Neo4j"; exit 1; }
  export NEO4J_BOLT_PORT
  log "starting a throw-away Neo4j on port $NEO4J_BOLT_PORT (scripts/neo4j.sh start)"
  if bash scripts/neo4j.sh start; then
    started_neo4j=1
    eval "$(bash scripts/neo4j.sh env)"
    export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD NEO4J_DATABASE
    [ -n "${NEO4J_IMPORT_DIR:-}" ] && export NEO4J_IMPORT_DIR
  else
    log "Neo4j did not start"
    bash scripts/neo4j.sh clean || true
    [ "${CI:-}" = true ] && exit 1
  fi
fi
# The throw-away instance is removed at the end (its data and logs); the
# Neo4j jars stay cached in ~/.cache/citygraph for the next run.
cleanup() { if [ -n "$started_neo4j" ]; then bash scripts/neo4j.sh clean || true; fi; }
trap cleanup EXIT

log "checking generated code, gofmt and go vet"
if [ -d .git ] && command -v git >/dev/null 2>&1; then
  go generate ./schema/...
  if ! git diff --quiet -- schema resolvers; then
    git --no-pager diff --stat -- schema resolvers
    log "generated code is stale: run 'go generate ./...' and commit"
    exit 1
  fi
fi
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  log "gofmt would change: $unformatted"
  exit 1
fi
go vet ./...

log "go test ./..."
go test -count=1 -timeout 40m "$@" ./...
