#!/usr/bin/env bash
# Rebuilds the GraphiQL explorer assets that citygraph embeds (server/assets)
# from npm packages at pinned versions. Run it at development time only; the
# binary serves the committed files itself, with no CDN and no network.
#
#   scripts/build-graphiql.sh
#
# It needs node and npm. GraphiQL 3 is the last line that ships a
# self-contained UMD bundle (graphiql.min.js, with CodeMirror and graphql-js
# inside) for React 18's UMD builds, so no bundler is needed.
set -euo pipefail

GRAPHIQL_VERSION=3.9.0
REACT_VERSION=18.3.1

repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/server/assets"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION"

nm="$work/node_modules"
# The bundles, without their source-map comments (the maps are not shipped).
strip_map() { sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1" > "$2"; }
strip_map "$nm/graphiql/graphiql.min.js" "$out/graphiql.min.js"
strip_map "$nm/graphiql/graphiql.min.css" "$out/graphiql.min.css"
strip_map "$nm/react/umd/react.production.min.js" "$out/react.production.min.js"
strip_map "$nm/react-dom/umd/react-dom.production.min.js" "$out/react-dom.production.min.js"

# Licences: every package that was installed (graphiql's bundle contains its
# dependencies), name, version, licence and the licence text.
node - "$nm" > "$out/THIRD_PARTY_LICENSES.txt" <<'JS'
const fs = require('fs'), path = require('path');
const nm = process.argv[2];
const dirs = [];
for (const d of fs.readdirSync(nm).sort()) {
  if (d.startsWith('.')) continue;
  if (d.startsWith('@')) {
    for (const s of fs.readdirSync(path.join(nm, d)).sort()) dirs.push(path.join(d, s));
  } else dirs.push(d);
}
console.log('Third-party software embedded in citygraph\'s explorer page (server/assets).');
console.log('Built by scripts/build-graphiql.sh from these npm packages:\n');
for (const d of dirs) {
  const dir = path.join(nm, d);
  let pkg;
  try { pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')); } catch { continue; }
  if (pkg.name && pkg.name.startsWith('@types/')) continue; // type declarations, not shipped
  const lic = fs.readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  console.log('='.repeat(78));
  console.log(`${pkg.name}@${pkg.version}  (${typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license)})`);
  console.log('='.repeat(78));
  console.log(lic ? fs.readFileSync(path.join(dir, lic), 'utf8').trim() : '(no licence file in the package; licence as declared above)');
  console.log();
}
JS
cp "$nm/graphiql/LICENSE" "$out/LICENSE.graphiql"
cp "$nm/react/LICENSE" "$out/LICENSE.react"
cp "$nm/react-dom/LICENSE" "$out/LICENSE.react-dom"
printf 'graphiql@%s react@%s react-dom@%s\n' "$GRAPHIQL_VERSION" "$REACT_VERSION" "$REACT_VERSION" > "$out/VERSIONS"
ls -l "$out"
