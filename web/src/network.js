// The network view for researchers: any subgraph (the network between
// countries, a city's neighbourhood, a community, the whole graph) drawn
// with WebGL (glgraph.js: one context, one draw call for the links and one
// for the places), coloured by community or country, sized by a
// centrality; search, click to open, export of the same subgraph.
import Graph from 'graphology';
import { GraphGL } from './glgraph.js';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import { inferSettings } from 'graphology-layout-forceatlas2';
import { gql, exportURL } from './api.js';
import { t } from './i18n.js';
import { h, num, country, table, section, errorBox, debounce } from './util.js';
import { KINDS, THIS_YEAR, FIRST_YEAR } from './filters.js';
import { href, setParams } from './main.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79', '#ad494a', '#637939'];
const OTHER = '#a8adb5';
const METRICS = ['DEGREE', 'BETWEENNESS', 'PAGERANK', 'HARMONIC', 'EIGENVECTOR'];

const VIEW = `query NetworkView($countries: [String!], $city: String, $depth: Int, $community: Int, $kinds: [PartnershipKind!], $asOf: Date, $metric: CentralityMetric) {
  networkView(countries: $countries, city: $city, depth: $depth, community: $community, kinds: $kinds, asOf: $asOf, metric: $metric) {
    nodes { id name country state lat lon degree community score }
    links { source target kind since }
    communities { id size inView top }
    metric
  }
}`;

let live = null; // { renderer, layout, graph }

/** selection turns URL parameters into the view's selection. */
function selection(params) {
  const sel = params.sel || 'countries';
  const year = Number(params.year) || 0;
  const common = { kinds: params.kind ? [params.kind] : null, asOf: year && year < THIS_YEAR ? `${year}-12-31` : null, metric: params.size || 'DEGREE' };
  if (sel === 'city' && params.city) return { sel, vars: { ...common, city: params.city, depth: Number(params.depth) || 2 }, exp: { city: params.city, depth: Number(params.depth) || 2 } };
  if (sel === 'community' && params.community !== undefined) return { sel, vars: { metric: common.metric, community: Number(params.community) }, exp: { community: Number(params.community) } };
  if (sel === 'all') return { sel, vars: common, exp: {} };
  const countries = (params.countries || 'DE,UA').split(',').filter(Boolean);
  return { sel: 'countries', vars: { ...common, countries }, exp: { countries: countries.join(',') } };
}

export const networkView = {
  async mount(main, _arg, params) {
    main.append(h('h1', {}, t('net.title')), h('p', { class: 'lead' }, t('net.lead')), h('div', { id: 'netcontrols' }),
      h('div', { class: 'netgrid' }, h('div', { id: 'graph', class: 'graph', tabindex: '0', role: 'img', 'aria-label': t('net.aria') }), h('div', { class: 'side', id: 'netside' })),
      h('div', { id: 'netbelow' }));
    await this.update(params);
  },
  unmount() {
    stop();
  },
  async update(params) {
    const s = selection(params);
    controls(params, s);
    stop();
    const side = document.getElementById('netside');
    side.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    let d;
    try {
      d = (await gql(VIEW, s.vars)).networkView;
    } catch (err) {
      side.replaceChildren(errorBox(err));
      return;
    }
    draw(d, params);
    side.replaceChildren(legend(d, params), h('div', { id: 'nodeinfo' }), exportsBox(s, params));
    // The rankings come after the drawing; a failure (e.g. the server's
    // time limit on a large graph) is shown where they would be.
    document.getElementById('netbelow').replaceChildren(await rankings(s).catch((err) => errorBox(err)));
  },
};

function stop() {
  if (!live) return;
  if (live.layout) live.layout.kill();
  clearTimeout(live.timer);
  live.renderer.kill();
  live = null;
  const g = document.getElementById('graph');
  if (g) g.onkeydown = null;
}

function controls(params, s) {
  const sel = s.sel;
  const cityInput = h('input', { id: 'netcity', name: 'city', type: 'search', value: params.city || '', placeholder: t('net.cityPlaceholder'), list: 'citylist', autocomplete: 'off' });
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setParams({ sel: f.get('sel'), countries: f.get('countries'), city: f.get('city'), depth: f.get('depth'), community: f.get('community') });
  } },
  h('fieldset', {}, h('legend', {}, t('net.what')),
    h('label', {}, h('input', { type: 'radio', name: 'sel', value: 'countries', checked: sel === 'countries' }), ' ', t('net.countries'), ' ',
      h('input', { name: 'countries', id: 'netcountries', value: (s.vars.countries || ['DE', 'UA']).join(','), size: 8, 'aria-label': t('net.countryCodes') })),
    h('label', {}, h('input', { type: 'radio', name: 'sel', value: 'city', checked: sel === 'city' }), ' ', t('net.city'), ' ', cityInput,
      h('select', { name: 'depth', 'aria-label': t('net.depth') }, [1, 2, 3].map((k) => h('option', { value: k, selected: k === (Number(params.depth) || 2) }, t('net.depthN', { n: k }))))),
    h('label', {}, h('input', { type: 'radio', name: 'sel', value: 'community', checked: sel === 'community' }), ' ', t('net.community'), ' ',
      h('input', { name: 'community', type: 'number', min: 0, value: params.community || '', size: 4, 'aria-label': t('net.communityNo') })),
    h('label', {}, h('input', { type: 'radio', name: 'sel', value: 'all', checked: sel === 'all' }), ' ', t('net.all')),
    h('button', { type: 'submit' }, t('net.show'))));
  cityInput.addEventListener('input', debounce(() => suggest(cityInput.value), 250));
  const year = Number(params.year) || THIS_YEAR;
  // A community is drawn whole (networkView and /export take no kind or
  // date with it): those two filters are switched off and say why.
  const whole = sel === 'community';
  const draw = h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
    h('label', {}, t('net.colour'), ' ', h('select', { id: 'colour', onchange: (e) => setParams({ color: e.target.value }, true) },
      ['community', 'country'].map((c) => h('option', { value: c, selected: (params.color || 'community') === c }, t('net.by.' + c))))),
    h('label', {}, t('net.size'), ' ', h('select', { id: 'size', onchange: (e) => setParams({ size: e.target.value }, true) },
      METRICS.map((m) => h('option', { value: m, selected: (params.size || 'DEGREE') === m }, t('metric.' + m))))),
    h('label', { class: whole ? 'off' : null }, t('filter.kind'), ' ', h('select', { id: 'netkind', disabled: whole, 'aria-describedby': whole ? 'netwhole' : null,
      onchange: (e) => setParams({ kind: e.target.value }) },
    h('option', { value: '' }, t('filter.allKinds')), KINDS.map((k) => h('option', { value: k, selected: !whole && k === params.kind }, t('kind.' + k))))),
    h('label', { class: whole ? 'off' : null }, t('filter.asOf'), ' ', h('input', { id: 'netyear', type: 'number', class: 'year', min: FIRST_YEAR, max: THIS_YEAR,
      value: whole ? THIS_YEAR : year, disabled: whole, 'aria-describedby': whole ? 'netwhole' : null,
      onchange: (e) => setParams({ year: Number(e.target.value) >= THIS_YEAR ? '' : e.target.value }, true) })),
    whole ? h('span', { class: 'note', id: 'netwhole' }, t('net.communityWhole')) : null,
    h('label', {}, t('net.search'), ' ', h('input', { id: 'netsearch', type: 'search', list: 'nodelist', placeholder: t('net.searchPlaceholder'),
      onchange: (e) => focusNode(e.target.value) })),
    h('datalist', { id: 'nodelist' }), h('datalist', { id: 'citylist' }));
  document.getElementById('netcontrols').replaceChildren(form, draw);
}

async function suggest(text) {
  if (text.length < 2) return;
  const d = await gql('query Suggest($s: String) { cities(filter: {search: $s, hasPartners: true}, orderBy: {field: PARTNERSHIPS, direction: DESC}, first: 10) { nodes { id name country } } }', { s: text });
  document.getElementById('citylist')?.replaceChildren(...d.cities.nodes.map((c) => h('option', { value: c.id }, `${c.name} (${country(c.country)})`)));
}

function colourOf(d, params) {
  const byCountry = params.color === 'country';
  const counts = new Map();
  for (const n of d.nodes) {
    const k = byCountry ? n.country : n.community;
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  const top = [...counts.entries()].filter(([k]) => k !== -1).sort((a, b) => b[1] - a[1]).slice(0, PALETTE.length).map(([k]) => k);
  const colours = new Map(top.map((k, i) => [k, PALETTE[i]]));
  return { colours, fn: (n) => colours.get(byCountry ? n.country : n.community) || OTHER, byCountry, counts };
}

function draw(d, params) {
  const graph = new Graph({ type: 'undirected', multi: false });
  const { fn } = colourOf(d, params);
  const maxScore = Math.max(1e-12, ...d.nodes.map((n) => n.score));
  const big = d.nodes.length > 3000;
  for (const n of d.nodes) {
    if (graph.hasNode(n.id)) continue;
    const x = n.lon ?? (Math.random() * 40 - 10), y = n.lat ?? (Math.random() * 40 + 20);
    graph.addNode(n.id, { x: x + (Math.random() - 0.5) * 0.5, y: y + (Math.random() - 0.5) * 0.5, node: n });
  }
  for (const l of d.links) {
    if (graph.hasNode(l.source) && graph.hasNode(l.target) && l.source !== l.target && !graph.hasEdge(l.source, l.target)) graph.addEdge(l.source, l.target);
  }
  // One WebGL context: the links as one gl.LINES call, the places as one
  // gl.POINTS call, from arrays built once; the layout only moves them.
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const attrs = ids.map((id) => graph.getNodeAttributes(id)); // updated in place by the layout
  const nodes = attrs.map((a) => ({ id: a.node.id, label: a.node.name, color: fn(a.node),
    size: (big ? 1.5 : 3) + (big ? 10 : 14) * Math.sqrt(a.node.score / maxScore) }));
  const edges = graph.mapEdges((_e, _a, s, t) => [index.get(s), index.get(t)]);
  const container = document.getElementById('graph');
  const renderer = new GraphGL(container, nodes, edges, (i) => [attrs[i].x, attrs[i].y], {
    big, edgeColor: big ? '#b4bcc8' : '#8a94a3',
    onClick: (i) => select(ids[i]),
    onDoubleClick: (i) => { location.hash = href('city', ids[i]); },
  });
  live = { renderer, graph, data: d, ids, index };
  // The drawing's name says what it shows (a screen reader has no pixels).
  container.setAttribute('aria-label', `${t('net.aria')} (${t('net.counts', { nodes: num(d.nodes.length), links: num(d.links.length) })})`);
  container.onkeydown = (e) => { if (live && live.renderer.key(e)) e.preventDefault(); };
  graph.on('eachNodeAttributesUpdated', () => renderer.invalidatePositions());
  document.getElementById('nodelist').replaceChildren(...d.nodes.slice().sort((a, b) => b.degree - a.degree).slice(0, 500).map((n) => h('option', { value: n.name })));
  if (graph.order > 1) {
    const settings = inferSettings(graph);
    const layout = new FA2Layout(graph, { settings: { ...settings, barnesHutOptimize: graph.order > 500, slowDown: big ? 5 : 2 } });
    layout.start();
    live.layout = layout;
    const l = live;
    live.timer = setTimeout(() => {
      layout.stop();
      // The layout moved the places; the drawing is fitted to them again
      // (ratio 1 shows them all), and a place found meanwhile is brought
      // into view if it lies outside. layout=done once drawn.
      renderer.invalidatePositions();
      const done = () => { if (live === l) container.dataset.layout = 'done'; };
      reveal(l).then(() => requestAnimationFrame(() => requestAnimationFrame(done)));
    }, big ? 6000 : 2500);
  }
  container.dataset.nodes = renderer.nodes.length;
  container.dataset.edges = renderer.edgeCount;
}

/** reveal pans (without zooming) to the selected place when it lies outside the view. */
function reveal(l) {
  const r = l.renderer, i = l.selected === undefined ? -1 : l.index.get(l.selected);
  if (i === undefined || i < 0) return Promise.resolve();
  r.readPositionsIfDirty();
  if (r.isVisible(i)) return Promise.resolve();
  return r.camera.animate(r.nodeCamera(i), { duration: 300 });
}

function select(id) {
  if (!live) return;
  const l = live, i = l.index.get(id), n = l.data.nodes.find((x) => x.id === id);
  l.selected = id;
  l.renderer.setSelected(i);
  const zoom = () => {
    l.renderer.readPositionsIfDirty();
    l.renderer.camera.animate({ ...l.renderer.nodeCamera(i), ratio: Math.min(l.renderer.camera.state.ratio, 0.15) }, { duration: 400 });
  };
  document.getElementById('nodeinfo').replaceChildren(h('div', { class: 'card', id: 'selected' },
    h('h2', {}, n.name), h('p', {}, country(n.country), n.state ? ` · ${n.state}` : ''),
    h('p', {}, t(n.degree === 1 ? 'net.partner' : 'net.partners', { n: num(n.degree) }), ' · ', `${t('metric.' + l.data.metric)}: ${num(n.score, Number.isInteger(n.score) || n.score >= 10 ? 0 : 3)}`),
    h('p', {}, h('a', { href: href('city', n.id), class: 'button', id: 'openplace' }, t('net.open')), ' ',
      h('button', { type: 'button', class: 'small', id: 'zoomplace', onclick: zoom }, t('net.zoomTo')), ' ',
      h('button', { type: 'button', class: 'small', id: 'zoomall', onclick: () => l.renderer.camera.animate({ x: 0, y: 0, ratio: 1, angle: 0 }, { duration: 400 }) }, t('net.zoomAll')), ' ',
      h('a', { href: href('network', '', { sel: 'city', city: n.id, depth: 2 }) }, t('net.around')))));
}

/**
 * focusNode selects the place named (exactly, else the first containing
 * the text) and highlights it; the view keeps its zoom (the whole network
 * stays in view) and only pans when the place lies outside.
 */
function focusNode(name) {
  if (!live || !name) return;
  const q = name.toLowerCase();
  let best = null;
  for (const n of live.data.nodes) {
    const l = n.name.toLowerCase();
    if (l === q) { best = n.id; break; }
    if (!best && l.includes(q)) best = n.id;
  }
  if (!best || !live.index.has(best)) return;
  select(best);
  reveal(live);
}

function legend(d, params) {
  const { colours, byCountry, counts } = colourOf(d, params);
  const items = [...colours.entries()].map(([k, c]) => {
    let label;
    if (byCountry) label = `${country(k)} (${num(counts.get(k))})`;
    else {
      const cm = d.communities.find((x) => x.id === k);
      label = h('a', { href: href('network', '', { ...params, sel: 'community', community: k }) }, `#${k}: ${cm ? cm.top.join(', ') : ''} (${num(counts.get(k))})`);
    }
    return h('li', {}, h('span', { class: 'swatch', style: `background:${c}` }), ' ', label);
  });
  return h('div', { class: 'card', id: 'netlegend' },
    h('p', { id: 'netcounts' }, t('net.counts', { nodes: num(d.nodes.length), links: num(d.links.length) })),
    h('h2', {}, byCountry ? t('net.by.country') : t('net.by.community')), h('ul', { class: 'legendlist' }, items),
    h('p', { class: 'note' }, t('net.sizeNote', { metric: t('metric.' + d.metric) })));
}

/** The /export formats offered for the drawn subgraph, with their labels. */
const EXPORTS = [['graphml', 'GraphML'], ['gexf', 'GEXF'], ['geojson-places', 'GeoJSON (places)'], ['geojson-links', 'GeoJSON (links)'],
  ['csv-partnerships', 'CSV (links)'], ['csv-places', 'CSV (places)']];

function exportsBox(s, params) {
  const year = Number(params.year) || 0;
  // A community is drawn and exported whole (networkView and /export take no filters with it).
  const base = s.sel === 'community' ? s.exp : { ...s.exp, kinds: params.kind || '', asOf: year && year < THIS_YEAR ? `${year}-12-31` : '' };
  return h('div', { class: 'card', id: 'netexport' }, h('h2', {}, t('net.export')),
    h('p', {}, EXPORTS.map(([f, label]) => [h('a', { href: exportURL(f, base), download: '', class: 'button small', 'data-format': f }, label), ' '])),
    h('p', { class: 'note' }, t('net.exportNote')));
}

const RANKS = `query ViewRanks($countries: [String!], $city: String, $depth: Int, $community: Int, $kinds: [PartnershipKind!], $asOf: Date) {
  degree: networkView(countries: $countries, city: $city, depth: $depth, community: $community, kinds: $kinds, asOf: $asOf, metric: DEGREE) { nodes { id name country score } }
  betweenness: networkView(countries: $countries, city: $city, depth: $depth, community: $community, kinds: $kinds, asOf: $asOf, metric: BETWEENNESS) { nodes { id name country score } }
}`;

/** top returns the ten best-scored places, ties sharing a rank. */
export function top(nodes, n = 10) {
  const sorted = nodes.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, n);
  return sorted.map((x, i) => ({ ...x, rank: i > 0 && sorted[i - 1].score === x.score ? null : i + 1 }));
}

// The whole graph's rankings come from centrality (the view is the graph
// itself), which sends ten places, not every place twice.
const RANKS_ALL = `query GraphRanks($scope: Scope) {
  degree: centrality(metric: DEGREE, scope: $scope, top: 10) { score city { id name country } }
  betweenness: centrality(metric: BETWEENNESS, scope: $scope, top: 10) { score city { id name country } }
}`;

async function viewRanks(s) {
  const { metric: _m, ...vars } = s.vars;
  if (s.sel !== 'all') return gql(RANKS, vars);
  const d = await gql(RANKS_ALL, { scope: { kinds: vars.kinds, asOf: vars.asOf } });
  const nodes = (rows) => ({ nodes: rows.map((r) => ({ ...r.city, score: r.score })) });
  return { degree: nodes(d.degree), betweenness: nodes(d.betweenness) };
}

async function rankings(s) {
  const d = await viewRanks(s);
  const list = (rows, name, digits) => {
    let rank = 0;
    return table(['#', t('col.place'), t('col.country'), t('col.score')],
      rows.map((r) => [(rank = r.rank ?? rank), h('a', { href: href('city', r.id) }, r.name), country(r.country), num(r.score, digits)]), { name, numeric: [1, 0, 0, 1] });
  };
  return h('div', { class: 'two' },
    section(t('net.central'), null, h('p', { class: 'note' }, t('net.centralNote')), list(top(d.degree.nodes), 'central', 0)),
    section(t('net.bridging'), null, h('p', { class: 'note' }, t('net.bridgingNote')), list(top(d.betweenness.nodes), 'bridging', 1)));
}

/**
 * measureFps turns and zooms the camera for ms milliseconds and counts the
 * frames drawn. moving: as while a person drags or zooms (a camera
 * animation: large graphs leave out the labels); else every frame is a
 * still frame with links, places and labels. Returns the frames per
 * second, the frames, and the median and 90th percentile of the main
 * thread's time in the render call per frame (ms); the rest of a frame's
 * interval is the browser compositing and the GPU (here software) drawing.
 */
export async function measureFps(ms = 3000, moving = false) {
  if (!live) return null;
  const r = live.renderer, cam = r.camera;
  const costs = [];
  let t0 = 0;
  const before = () => { t0 = performance.now(); };
  const after = () => { costs.push(performance.now() - t0); };
  r.on('beforeRender', before);
  r.on('afterRender', after);
  const start = performance.now();
  const from = cam.getState();
  if (moving) {
    await cam.animate({ angle: from.angle + Math.PI, ratio: from.ratio * 0.5 }, { duration: ms / 2, easing: 'linear' });
    await cam.animate({ angle: from.angle + 2 * Math.PI, ratio: from.ratio }, { duration: ms / 2, easing: 'linear' });
  } else {
    await new Promise((resolve) => {
      const step = (now) => {
        const u = (now - start) / ms;
        if (u >= 1) return resolve();
        cam.setState({ angle: from.angle + u * Math.PI * 2, ratio: from.ratio * (1 - 0.5 * Math.sin(u * Math.PI)) });
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }
  await new Promise((resolve) => requestAnimationFrame(resolve)); // the last frame
  const secs = (performance.now() - start) / 1000;
  r.off('beforeRender', before);
  r.off('afterRender', after);
  // The camera as it was (a slow last frame can end a run zoomed in).
  cam.setState(from);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const sorted = costs.slice().sort((a, b) => a - b);
  const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
  return { fps: costs.length / secs, frames: costs.length, renderMs: q(0.5), renderP90: q(0.9), moving };
}
window.citygraphFps = measureFps;

/**
 * placeAt returns where the place named is drawn, in viewport pixels, and
 * whether it is the only place of that name in the drawing (for the
 * browser tests).
 */
export function placeAt(name) {
  if (!live) return null;
  const n = live.data.nodes.find((x) => x.name === name);
  if (!n) return null;
  const r = live.renderer, i = live.index.get(n.id);
  r.readPositionsIfDirty();
  const [x, y] = r.toView(r.pos[2 * i], r.pos[2 * i + 1]), b = r.canvas.getBoundingClientRect();
  return { x: b.left + x, y: b.top + y, unique: live.data.nodes.filter((m) => m.name === name).length === 1 };
}
window.citygraphPlaceAt = placeAt;

/**
 * netState tells the browser tests what the drawing shows: the frames that
 * drew the WebGL picture and those that drew the label layer, the hovered
 * and the selected place (names) and the hover latencies (ms from a
 * pointermove that changed the hovered place to the start of the frame
 * after the one that drew its label), the camera and whether it moves, and
 * the labelled places (largest first, then the hovered and selected one).
 */
export function netState() {
  if (!live) return null;
  const r = live.renderer, name = (i) => (i >= 0 ? r.nodes[i].label : null);
  return { glFrames: r.glFrames, overlayFrames: r.overlayFrames, hovered: name(r.hovered), selected: name(r.selected), hoverLatencies: r.hoverLatencies.slice(),
    camera: r.camera.getState(), moving: r.moving, shown: (r.shown || []).map(name) };
}
window.citygraphNetState = netState;
