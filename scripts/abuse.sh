#!/usr/bin/env bash
# The abuse-and-load suite of issue 13, long form: every attack of the
# issue (nested fragment spreads, hundreds of distinct analytics, large
# uploads of bad rows, mutations over GET, concurrent full exports,
# suggestions without introspection) against the real binary on
# 127.0.0.1, each refused or bounded, then a load run that must see no
# errors; figures (rps, p50, p99, errors, RSS) in the output. CI runs the
# short form (go test ./e2e -run TestAbuse).
#
#   scripts/abuse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
CITYGRAPH_ABUSE_LONG=1 go test -count=1 -timeout 15m -run '^TestAbuse$' -v ./e2e 2>&1 | grep -v '^        {'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
