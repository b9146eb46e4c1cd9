// Builds citygraph's web application into dist/ (committed, embedded into
// the binary by package web): one script bundle and one stylesheet from
// src/ and the npm packages in package-lock.json, the map data, the page,
// the licences of everything bundled, and BUILD.json with a hash of the
// inputs, which a Go test compares against the sources (web/build_test.go).
//
//   cd web && npm ci && node build.mjs        (or scripts/build-web.sh)
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist);

const result = await esbuild.build({
  entryPoints: { app: path.join(root, 'src/main.js'), style: path.join(root, 'src/app.css') },
  // ES modules split into chunks: a view's code (the network view's) loads
  // when the view is first shown; chunk names carry a hash of their content.
  bundle: true, minify: true, format: 'esm', splitting: true, chunkNames: 'chunk-[hash]', target: ['es2020'], outdir: dist,
  legalComments: 'none', metafile: true, logLevel: 'warning',
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  define: { 'process.env.NODE_ENV': '"production"' },
});

// Map data: the Länder (BKG VG5000, dl-de/by-2-0) and the world's countries
// (Natural Earth via world-atlas, public domain).
fs.copyFileSync(path.join(root, 'data/laender.geojson'), path.join(dist, 'laender.geojson'));
fs.copyFileSync(path.join(root, 'node_modules/world-atlas/countries-110m.json'), path.join(dist, 'world-110m.json'));

// Licences of every npm package that ended up in a bundle.
const pkgs = new Map();
for (const out of Object.values(result.metafile.outputs)) {
  for (const input of Object.keys(out.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) pkgs.set(m[1], true);
  }
}
pkgs.set('world-atlas', true);
const lic = ["Third-party software and data in citygraph's web application (web/dist).",
  'Built by web/build.mjs from these npm packages (package-lock.json pins them):', ''];
for (const name of [...pkgs.keys()].sort()) {
  const dir = path.join(root, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  lic.push('='.repeat(78), `${pkg.name}@${pkg.version}  (${pkg.license})`, '='.repeat(78),
    file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : '(no licence file in the package; licence as declared above)', '');
}
lic.push('='.repeat(78), 'laender.geojson: Verwaltungsgebiete 1:5 000 000 (VG5000), Stand 01.01.2021', '='.repeat(78),
  '© GeoBasis-DE / BKG 2021 (Daten verändert), https://www.bkg.bund.de',
  'Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (https://www.govdata.de/dl-de/by-2-0).',
  'Changed: the 16 land areas kept, water areas dropped, coordinates rounded to 5 decimals, property iso_3166_2 added.', '',
  '='.repeat(78), 'world-110m.json: Natural Earth 1:110m countries (public domain), packaged by world-atlas (ISC)', '='.repeat(78), '');
fs.writeFileSync(path.join(dist, 'THIRD_PARTY_LICENSES.txt'), lic.join('\n'));

// The page, with cache-busting hashes of the bundles.
const short = (f) => createHash('sha256').update(fs.readFileSync(path.join(dist, f))).digest('hex').slice(0, 12);
let html = fs.readFileSync(path.join(root, 'src/index.html'), 'utf8');
html = html.replace('app.js', `app.js?v=${short('app.js')}`).replace('style.css', `style.css?v=${short('style.css')}`);
fs.writeFileSync(path.join(dist, 'index.html'), html);

fs.writeFileSync(path.join(dist, 'BUILD.json'), JSON.stringify({ inputs: inputsHash(), packages: [...pkgs.keys()].sort().map(
  (n) => `${n}@${JSON.parse(fs.readFileSync(path.join(root, 'node_modules', n, 'package.json'), 'utf8')).version}`) }, null, 2) + '\n');

// inputsHash hashes the build's inputs: the sources, the map data, this
// script and the package pins. web/build_test.go computes the same.
function inputsHash() {
  const files = ['build.mjs', 'package.json', 'package-lock.json'];
  for (const d of ['src', 'data']) {
    for (const f of fs.readdirSync(path.join(root, d)).sort()) files.push(`${d}/${f}`);
  }
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f + '\0');
    h.update(fs.readFileSync(path.join(root, f), 'utf8').replace(/\r\n/g, '\n'));
    h.update('\0');
  }
  return h.digest('hex');
}
