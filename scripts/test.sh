#!/usr/bin/env bash
# The project's test command (README: "Run the tests").
#
#   scripts/test.sh [go test flags...]
#
# 1. installs what the tests need when it is missing and this is a Debian
#    machine where we are root: chromium (the explorer page is tested in a
#    real headless browser);
# 2. starts a throw-away Neo4j 5.26 (scripts/neo4j.sh, cached under
#    ~/.cache/citygraph) unless NEO4J_URI already points at a server of
#    your own, and stops it again at the end;
# 3. checks that the gqlgen code is fresh (go generate ./schema/...), gofmt
#    and go vet;
# 4. runs go test ./... .
#
# With CI=true every test must run: Neo4j or Chromium missing is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (Debian package) for the browser test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || { log "could not install chromium"; [ "${CI:-}" = true ] && exit 1; }
  fi
fi

started_neo4j=
if [ -z "${NEO4J_URI:-}" ]; then
  log "starting a throw-away Neo4j (scripts/neo4j.sh start)"
  if bash scripts/neo4j.sh start; then
    started_neo4j=1
    eval "$(bash scripts/neo4j.sh env)"
    export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD NEO4J_DATABASE
    [ -n "${NEO4J_IMPORT_DIR:-}" ] && export NEO4J_IMPORT_DIR
  else
    log "Neo4j did not start"
    [ "${CI:-}" = true ] && exit 1
  fi
fi
cleanup() { if [ -n "$started_neo4j" ]; then bash scripts/neo4j.sh stop || true; fi; }
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
