#!/usr/bin/env bash
# Rebuilds the web application (web/dist, committed and embedded into the
# binary) from web/src and the npm packages pinned in web/package-lock.json.
# Run it at development time after changing web/; `go build` needs no Node.
# The Go test web.TestBuildIsFresh (part of scripts/test.sh) fails when
# web/dist was not rebuilt after a change.
#
#   scripts/build-web.sh
#
# It needs node and npm (the npm registry reachable for `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund
node build.mjs
ls -l dist
