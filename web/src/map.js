// The map: the Länder as a choropleth of coverage, municipalities as
// points, and a world view with the partner places and the links as arcs.
import L from 'leaflet';
import { interpolateBlues, interpolatePurples, interpolateGreens } from 'd3-scale-chromatic';
import { feature } from 'topojson-client';
import { PointLayer } from './points.js';
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, num, pct, country, table, section, csvButton, chartButtons, chartA11y, chartWidth, scrollRegion, errorBox, stateNames, loadPlot, afterPaint } from './util.js';
import { filterBar, linkArgs, partnerCountries, THIS_YEAR } from './filters.js';
import { href, setParams } from './main.js';

// The colour schemes are d3's sequential ones (as Plot's 'blues' etc.),
// used directly so that the map's first frame needs no Plot.
const MEASURES = {
  share: { value: (r) => r.share, fmt: (x) => pct(x), scheme: interpolateBlues },
  per100k: { value: (r) => r.linksPer100k, fmt: (x) => num(x, 1), scheme: interpolatePurples },
  known: { value: (r) => r.knownOfReported, fmt: (x) => pct(x, 0), scheme: interpolateGreens },
};

/** colourScale maps 0..max linearly onto a sequential scheme. */
function colourScale(scheme, max) {
  return { apply: (x) => scheme(Math.min(1, Math.max(0, x / max))) };
}

let laenderP = null, worldP = null;
/** loadLaender fetches the Länder shapes once (the map needs them to draw at all). */
function loadLaender() {
  laenderP ||= fetch('app/laender.geojson').then((r) => r.json());
  return laenderP;
}
/** loadWorld fetches the world's countries once (the background, drawn after the first render). */
function loadWorld() {
  worldP ||= fetch('app/world-110m.json').then((r) => r.json()).then((w) => unwrapWorld(feature(w, w.objects.countries)));
  return worldP;
}

// unwrapWorld drops Antarctica and makes rings that cross the date line
// continuous (Russia's east runs past 180°), so that no polygon is drawn
// across the whole map.
function unwrapWorld(fc) {
  const ring = (r) => {
    let shift = 0;
    return r.map(([x, y], i) => {
      if (i > 0) {
        const prev = r[i - 1][0];
        if (x - prev > 180) shift -= 360;
        else if (prev - x > 180) shift += 360;
      }
      return [x + shift, y];
    });
  };
  fc.features = fc.features.filter((f) => f.id !== '010').map((f) => {
    const g = f.geometry;
    if (g.type === 'Polygon') g.coordinates = g.coordinates.map(ring);
    if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map((p) => p.map(ring));
    return f;
  });
  return fc;
}

const COVERAGE = `query MapCoverage($partnerCountry: String, $asOf: Date, $kinds: [PartnershipKind!]) {
  coverage(groupBy: STATE, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds) {
    key name municipalities linkedMunicipalities share links linksPer100k reported knownOfReported topCountries { key count } }
  municipalityCoverage(partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds, linked: true) { id name lat lon links }
}`;

const WORLD = `query WorldLinks($countries: [String!], $asOf: Date, $kinds: [PartnershipKind!]) {
  networkView(countries: $countries, asOf: $asOf, kinds: $kinds) { nodes { id name country lat lon } links { source target } }
}`;

let state = null; // the Leaflet map and its layers while the view is shown

export const mapView = {
  async mount(main, _arg, params) {
    const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.aria') });
    const side = h('div', { class: 'side', id: 'mapside' });
    main.append(h('h1', {}, t('map.title')), h('p', { class: 'lead' }, t('map.lead')),
      h('div', { id: 'filters' }), h('div', { class: 'mapgrid' }, mapEl, side), h('div', { id: 'below' }));
    window.citygraphMarks = { mount: performance.now() };
    // The figures and the filters' countries are asked for while the shapes
    // load (the answers are cached for update); the world's countries are
    // only a background, drawn after the first render.
    gql(COVERAGE, linkArgs(params)).catch(() => {});
    partnerCountries().catch(() => {});
    const map = L.map(mapEl, { preferCanvas: true, zoomSnap: 0.25, minZoom: 1, maxZoom: 12, attributionControl: true, worldCopyJump: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('<a href="https://www.bkg.bund.de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a> · Natural Earth');
    map.createPane('world').style.zIndex = 350; // below the Länder and points (overlayPane: 400)
    // The 16 Länder are SVG paths: the browser rasterises them off the main
    // thread, where a canvas would be drawn (through software GL here) before
    // the first frame. Many small things (points, arcs) go on canvases.
    state = { map, layers: L.layerGroup().addTo(map), later: L.layerGroup().addTo(map), renderer: L.canvas({ padding: 0.3 }), svg: L.svg({ padding: 0.1 }), params: null };
    const laender = await loadLaender();
    window.citygraphMarks.shapes = performance.now();
    if (!state) return;
    state.laender = laender;
    state.bounds = L.geoJSON(laender).getBounds();
    await this.update(params);
    const s = state;
    // The world's countries are a background: drawn once the first frame
    // (Länder, figures, table) is on screen.
    afterPaint(() => loadWorld().then((world) => {
      if (state !== s) return;
      L.geoJSON(world, { pane: 'world', renderer: L.svg({ pane: 'world', padding: 0.3 }), style: { color: '#b9bec6', weight: 0.6, fillColor: '#eef0f3', fillOpacity: 1 },
        interactive: false, smoothFactor: 1.5 }).addTo(s.map);
    }).catch(() => {}));
  },
  unmount() {
    if (state) state.map.remove();
    state = null;
  },
  async update(params) {
    const s = state;
    if (!s) return;
    const measure = MEASURES[params.m] ? params.m : 'share';
    const world = params.view === 'world';
    const barP = filterBar(params, [
      h('label', {}, t('map.measure'), ' ', h('select', { id: 'measure', onchange: (e) => setParams({ m: e.target.value }) },
        Object.keys(MEASURES).map((k) => h('option', { value: k, selected: k === measure }, t('measure.' + k))))),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'points', checked: params.points !== 'off',
        onchange: (e) => setParams({ points: e.target.checked ? '' : 'off' }, true) }), ' ', t('map.points')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'worldview', checked: world,
        onchange: (e) => setParams({ view: e.target.checked ? 'world' : '' }) }), ' ', t('map.world')),
    ]);
    const args = linkArgs(params);
    let d;
    const t0 = performance.now();
    try {
      // The filters and the figures are asked for at the same time.
      const [bar, data] = await Promise.all([barP, gql(COVERAGE, args)]);
      document.getElementById('filters').replaceChildren(bar);
      d = data;
      window.citygraphPhases = { query: performance.now() - t0 };
    } catch (err) {
      document.getElementById('below').replaceChildren(errorBox(err));
      return;
    }
    s.layers.clearLayers();
    s.later.clearLayers();
    s.drawn = (s.drawn || 0) + 1;
    mapDiv().dataset.points = '';
    // The view is set before anything is drawn, so each layer draws once.
    if (!s.fitted || s.world !== world) {
      if (world) s.map.setView([35, 20], 2, { animate: false });
      else s.map.fitBounds(s.bounds, { padding: [8, 8], animate: false });
      s.fitted = true;
      s.world = world;
    }
    const rows = new Map(d.coverage.map((r) => [r.key, r]));
    const m = MEASURES[measure];
    const values = d.coverage.map(m.value);
    const color = colourScale(m.scheme, Math.max(1e-9, ...values));
    L.geoJSON(s.laender, {
      renderer: s.svg,
      style: (f) => {
        const r = rows.get(f.properties.iso_3166_2);
        return { color: '#333', weight: 1, fillOpacity: 0.85, fillColor: r ? color.apply(m.value(r)) : '#ddd' };
      },
      onEachFeature: (f, layer) => {
        const code = f.properties.iso_3166_2, r = rows.get(code);
        layer.bindTooltip(() => tooltip(code, r, measure), { sticky: true });
        layer.on('click', () => { location.hash = href('land', code, landParams(params)); });
      },
    }).addTo(s.layers);
    window.citygraphPhases.laender = performance.now() - t0 - window.citygraphPhases.query;
    // The municipalities (thousands of points) and the world view's arcs
    // are drawn after the first frame: the choropleth and its figures come
    // first. #map[data-points] holds the number of points once drawn.
    const drawn = s.drawn;
    afterPaint(async () => {
      if (state !== s || s.drawn !== drawn) return;
      const maxLinks = d.municipalityCoverage.reduce((a, p) => Math.max(a, p.links), 1);
      let n = 0;
      if (params.points !== 'off') {
        const pts = d.municipalityCoverage.map((p) => ({ lat: p.lat, lon: p.lon, id: p.id, r: 1.2 + 5 * Math.sqrt(p.links / maxLinks),
          label: `${p.name}: ${num(p.links)} ${t('unit.links')}` }));
        new PointLayer(pts, { fill: '#e8590c', stroke: '#7a1f00', opacity: 0.6, onClick: (p) => { location.hash = href('city', p.id); } }).addTo(s.later);
        n = pts.length;
      }
      if (world) await drawWorld(s, params, args, () => state === s && s.drawn === drawn);
      if (state === s && s.drawn === drawn) mapDiv().dataset.points = String(n);
    });
    window.citygraphPhases.draw = performance.now() - t0 - window.citygraphPhases.query;
    const legend = rampLegend(color, Math.max(1e-9, ...values), t('measure.' + measure), m.fmt);
    document.getElementById('mapside').replaceChildren(
      h('div', { class: 'legend', id: 'legend' }, legend),
      h('p', { class: 'note' }, t('measure.' + measure + '.note')),
      summary(d, params),
    );
    window.citygraphPhases.side = performance.now() - t0 - window.citygraphPhases.query - window.citygraphPhases.draw;
    document.getElementById('below').replaceChildren(landTable(d.coverage, params, measure), ...(await timeline(params, args)));
    if (window.citygraphMarks) window.citygraphMarks.done = performance.now();
  },
};

const SVGNS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// rampLegend draws the colour scale as an SVG gradient with five ticks (an
// SVG, where Plot's legend paints a canvas and reads it back as an image).
function rampLegend(color, max, label, fmt) {
  const w = 300, x0 = 22, x1 = w - 26, id = 'ramp' + Math.round(Math.random() * 1e9);
  const stops = Array.from({ length: 11 }, (_, i) => svg('stop', { offset: `${i * 10}%`, 'stop-color': color.apply((max * i) / 10) }));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((u) => {
    const x = x0 + u * (x1 - x0);
    return [svg('line', { x1: x, x2: x, y1: 18, y2: 34, stroke: 'currentColor' }),
      svg('text', { x, y: 46, 'text-anchor': 'middle', 'font-size': 10, fill: 'currentColor' }, fmt(max * u))];
  }).flat();
  return svg('svg', { width: w, height: 52, viewBox: `0 0 ${w} 52`, role: 'img', 'aria-label': `${label}: ${fmt(0)} – ${fmt(max)}` },
    svg('defs', {}, svg('linearGradient', { id }, ...stops)),
    svg('text', { x: x0, y: 12, 'font-size': 11, 'font-weight': 600, fill: 'currentColor' }, label),
    svg('rect', { x: x0, y: 18, width: x1 - x0, height: 12, fill: `url(#${id})` }), ...ticks);
}

function mapDiv() {
  return document.getElementById('map');
}

function landParams(params) {
  return { country: params.country, kind: params.kind, year: params.year };
}

function tooltip(code, r, measure) {
  if (!r) return stateNames[code] || code;
  return `<strong>${r.name}</strong><br>${t('measure.share')}: ${pct(r.share)} (${num(r.linkedMunicipalities)} / ${num(r.municipalities)})` +
    `<br>${t('col.links')}: ${num(r.links)} · ${t('measure.per100k')}: ${num(r.linksPer100k, 1)}` +
    (r.reported ? `<br>${t('col.reported')}: ${num(r.reported)}${r.knownOfReported ? ` (${t('measure.known')}: ${pct(r.knownOfReported, 0)})` : ''}` : '') +
    `<br><em>${t('map.clickLand')}</em>`;
}

function summary(d, params) {
  const links = d.coverage.reduce((a, r) => a + r.links, 0);
  const munis = d.coverage.reduce((a, r) => a + r.municipalities, 0);
  const linked = d.coverage.reduce((a, r) => a + r.linkedMunicipalities, 0);
  const reported = d.coverage.reduce((a, r) => a + r.reported, 0);
  return h('dl', { class: 'kpis', id: 'mapkpis' },
    h('dt', {}, t('kpi.linked')), h('dd', { 'data-kpi': 'linked' }, `${num(linked)} / ${num(munis)} (${pct(linked / Math.max(1, munis))})`),
    h('dt', {}, params.country ? t('kpi.linksTo', { country: country(params.country) }) : t('kpi.links')), h('dd', { 'data-kpi': 'links' }, num(links)),
    reported && !params.country ? [h('dt', {}, t('col.reported')), h('dd', { 'data-kpi': 'reported' }, num(reported))] : null,
    h('dt', {}, t('kpi.asOf')), h('dd', {}, Number(params.year) && Number(params.year) < THIS_YEAR ? t('filter.endOf', { year: params.year }) : t('filter.today')));
}

function landTable(rows, params, measure) {
  const header = () => [t('col.land'), t('col.municipalities'), t('col.linked'), t('measure.share'), t('col.links'), t('measure.per100k'), t('col.reported'), t('measure.known')];
  const data = () => rows.map((r) => [r.name, r.municipalities, r.linkedMunicipalities, r.share, r.links, r.linksPer100k, r.reported || null, r.knownOfReported || null]);
  const sorted = [...rows].sort((a, b) => MEASURES[measure].value(b) - MEASURES[measure].value(a));
  return section(t('map.tableTitle'), csvButton('laender.csv', header, data),
    table(header(), sorted.map((r) => [h('a', { href: href('land', r.key, landParams(params)) }, r.name), num(r.municipalities), num(r.linkedMunicipalities),
      pct(r.share), num(r.links), num(r.linksPer100k, r.linksPer100k < 1 ? 2 : 1), r.reported ? num(r.reported) : '–', r.knownOfReported ? pct(r.knownOfReported, 0) : '–']),
    { name: 'laender', numeric: [0, 1, 1, 1, 1, 1, 1, 1] }));
}

// timeline answers "which German municipalities partnered with <country>
// since <year>, per year?": links started per year and the list of them.
let Plot = null; // Observable Plot, loaded with the first chart (loadPlot)

async function timeline(params, args) {
  if (!params.country) return [h('p', { class: 'hint' }, t('map.pickCountry'))];
  const since = Number(params.since) || 2022;
  const plotP = loadPlot();
  const d = await gql(`query Timeline($partnerCountry: String, $kinds: [PartnershipKind!], $since: Date) {
    coverageByYear(partnerCountry: $partnerCountry, kinds: $kinds, from: 1990) { links unknownSince rows { year started ended active } }
    partnerships(filter: {country: "DE", partnerCountry: $partnerCountry, since: $since, kinds: $kinds}, first: 100) {
      totalCount nodes { a { id name country state } b { id name country state } kind since until status } }
    reportedCounts(country: $partnerCountry) { scope country date reported atLeast what known uncertain undated sources { file line sourceId } }
  }`, { partnerCountry: params.country, kinds: args.kinds, since: String(since) });
  Plot = await plotP;
  const rows = d.coverageByYear.rows;
  const cname = country(params.country);
  const chart = Plot.plot({
    width: chartWidth(760), height: 260, marginLeft: 44, x: { label: null, tickFormat: (y) => (y % 5 ? '' : String(y)), type: 'band' }, y: { label: t('chart.started'), grid: true },
    marks: [Plot.barY(rows, { x: 'year', y: 'started', fill: (r) => (r.year >= since ? '#c2410c' : '#9aa5b1'), tip: true }), Plot.ruleY([0])],
  });
  chartA11y(chart, t('map.perYear', { country: cname }));
  const header = () => [t('col.year'), t('chart.started'), t('chart.ended'), t('chart.active')];
  const byYear = section(t('map.perYear', { country: cname }),
    [chartButtons('links-per-year-' + params.country, chart), csvButton(`links-per-year-${params.country}.csv`, header, () => rows.map((r) => [r.year, r.started, r.ended, r.active]))],
    h('div', { class: 'chart', id: 'yearchart' }, chart),
    h('p', { class: 'note' }, t('map.unknownSince', { n: num(d.coverageByYear.unknownSince), total: num(d.coverageByYear.links) })));
  const links = d.partnerships.nodes.map((p) => {
    const de = p.a.country === 'DE' ? p.a : p.b, other = de === p.a ? p.b : p.a;
    return { de, other, p };
  }).sort((x, y) => String(x.p.since).localeCompare(String(y.p.since)));
  const lheader = () => [t('col.since'), t('col.municipality'), t('col.land'), t('col.partner'), t('col.kind'), t('col.status')];
  const ldata = () => links.map(({ de, other, p }) => [p.since, de.name, stateNames[de.state] || de.state, other.name, t('kind.' + p.kind), t('status.' + p.status)]);
  const sinceInput = h('input', { type: 'number', id: 'since', min: 1945, max: THIS_YEAR, value: since, class: 'year',
    onchange: (e) => setParams({ since: e.target.value }, true) });
  const list = section(t('map.sinceTitle', { country: cname, year: since }), [h('label', {}, t('col.since'), ' ', sinceInput), csvButton(`links-${params.country}-since-${since}.csv`, lheader, ldata)],
    h('p', { id: 'sincecount' }, t('map.sinceCount', { n: num(d.partnerships.totalCount), country: cname, year: since })),
    table(lheader(), links.map(({ de, other, p }) => [p.since || '–', h('a', { href: href('city', de.id) }, de.name), stateNames[de.state] || de.state,
      h('a', { href: href('city', other.id) }, other.name), t('kind.' + p.kind), t('status.' + p.status)]), { name: 'since' }),
    d.partnerships.totalCount > links.length ? h('p', { class: 'note' }, t('map.first100')) : null);
  return [h('div', { class: 'two' }, byYear, list), reportedPanel(d.reportedCounts, params.country, cname)];
}

// reportedPanel sets the partnerships reported for the country over time
// against the links the graph knows at each date; nothing when no source
// reports a count for the country.
function reportedPanel(counts, code, cname) {
  const rows = [...(counts || [])];
  if (!rows.length) return null;
  rows.sort((a, b) => String(a.date || '9999').localeCompare(String(b.date || '9999')));
  const fig = (r) => (r.atLeast ? t('reported.atLeast', { n: num(r.reported) }) : num(r.reported));
  const when = (r) => r.date || t('reported.undatedDate');
  const srcIds = (r) => [...new Set(r.sources.map((x) => x.sourceId))].join(', ');
  const dated = rows.filter((r) => r.date).map((r) => ({ ...r, at: new Date(r.date.length === 7 ? r.date + '-15' : r.date) }));
  const series = dated.flatMap((r) => [{ at: r.at, n: r.reported, what: t('reported.reported') }, { at: r.at, n: r.known, what: t('reported.known') }]);
  // A lower bound ("over 250") is drawn as such: an arrow up from its dot
  // and the label "≥250", not as a plain 250.
  const lower = dated.filter((r) => r.atLeast);
  const up = 0.15 * Math.max(1, ...dated.map((r) => Math.max(r.reported, r.known)));
  const chart = dated.length ? Plot.plot({
    width: chartWidth(760), height: 240, marginLeft: 44, marginTop: 24, x: { label: null, type: 'utc' }, y: { label: t('col.links'), grid: true, zero: true },
    color: { legend: true, domain: [t('reported.reported'), t('reported.known')], range: ['#c2410c', '#1d4ed8'] },
    marks: [Plot.lineY(series, { x: 'at', y: 'n', stroke: 'what' }), Plot.dot(series, { x: 'at', y: 'n', fill: 'what', tip: true }), Plot.ruleY([0]),
      Plot.arrow(lower, { x: 'at', y1: 'reported', y2: (r) => r.reported + up, stroke: '#c2410c', strokeWidth: 2, headLength: 7, className: 'lowerbound' }),
      Plot.text(lower, { x: 'at', y: (r) => r.reported + up, dy: -8, text: (r) => `≥${num(r.reported)}`, fill: '#9a3412', fontWeight: 600, className: 'lowerbound' })],
  }) : null;
  if (chart) chartA11y(chart, t('reported.title', { country: cname }));
  const header = () => [t('reported.date'), t('reported.reported'), t('reported.atLeastCol'), t('reported.known'), t('reported.uncertain'), t('reported.undated'), t('reported.what'), t('col.sources')];
  const data = () => rows.map((r) => [r.date || '', r.reported, r.atLeast ? t('yes') : t('no'), r.known, r.uncertain, r.undated, r.what || '', srcIds(r)]);
  const sources = [...new Map(rows.flatMap((r) => r.sources).map((x) => [x.sourceId, x])).values()];
  const refs = (r) => [...new Set(r.sources.map((x) => sources.findIndex((y) => y.sourceId === x.sourceId) + 1))].map((n) => `[${n}]`).join(' ');
  return section(t('reported.title', { country: cname }),
    [chart ? chartButtons('reported-' + code, chart) : null, csvButton(`reported-${code}.csv`, header, data)],
    chart ? h('div', { class: 'chart', id: 'reportedchart' }, chart) : null,
    scrollRegion(h('div', { class: 'tablewrap' }, h('table', { class: 'data', 'data-table': 'reported' },
      h('thead', {}, h('tr', {}, header().filter((_, i) => i !== 2).map((c, i) => h('th', { scope: 'col', class: i >= 1 && i <= 4 ? 'num' : '' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-date': r.date || '' },
        h('td', {}, when(r)), h('td', { class: 'num', 'data-col': 'reported' }, fig(r)), h('td', { class: 'num', 'data-col': 'known' }, num(r.known)),
        h('td', { class: 'num', 'data-col': 'uncertain' }, num(r.uncertain)), h('td', { class: 'num', 'data-col': 'undated' }, num(r.undated)),
        h('td', {}, r.what || '–'), h('td', { title: r.sources.map((x) => x.sourceId).join('\n') }, refs(r))))))), t('reported.title', { country: cname })),
    h('p', { class: 'note', id: 'reportednote' }, t('reported.note'), lower.length ? [' ', t('reported.lowerNote')] : null),
    h('ol', { class: 'note', id: 'reportedsources' }, sources.map((x) => h('li', { title: `${x.file}:${x.line}` },
      /^https?:\/\//.test(x.sourceId) ? h('a', { href: x.sourceId.split(' ')[0], rel: 'noopener', target: '_blank' }, x.sourceId) : x.sourceId))));
}

async function drawWorld(s, params, args, current) {
  const d = await gql(WORLD, { countries: params.country ? ['DE', params.country] : null, asOf: args.asOf, kinds: args.kinds });
  if (!current()) return;
  const nodes = new Map(d.networkView.nodes.map((n) => [n.id, n]));
  const seen = new Set();
  const partners = [];
  for (const l of d.networkView.links) {
    const a = nodes.get(l.source), b = nodes.get(l.target);
    if (!a || !b || a.lat == null || b.lat == null) continue;
    if ((a.country === 'DE') === (b.country === 'DE')) continue; // links abroad only
    const [de, far] = a.country === 'DE' ? [a, b] : [b, a];
    L.polyline(arc(de, far), { renderer: s.renderer, color: '#1d4ed8', weight: 0.8, opacity: 0.25, interactive: false }).addTo(s.later);
    if (!seen.has(far.id)) {
      seen.add(far.id);
      partners.push({ lat: far.lat, lon: far.lon, id: far.id, r: 2.5, label: `${far.name} (${country(far.country)})` });
    }
  }
  new PointLayer(partners, { fill: '#3b82f6', stroke: '#1e3a8a', opacity: 0.9, onClick: (p) => { location.hash = href('city', p.id); } }).addTo(s.later);
}

// arc samples a curved line between two places (a quadratic curve bowed to
// one side) so that many links to one place stay apart.
function arc(a, b) {
  const [x0, y0, x1, y1] = [a.lon, a.lat, b.lon, b.lat];
  const mx = (x0 + x1) / 2, my = (y0 + y1) / 2, dx = x1 - x0, dy = y1 - y0;
  const cx = mx - dy * 0.2, cy = my + dx * 0.2;
  const pts = [];
  for (let i = 0; i <= 16; i++) {
    const u = i / 16, v = 1 - u;
    pts.push([v * v * y0 + 2 * v * u * cy + u * u * y1, v * v * x0 + 2 * v * u * cx + u * u * x1]);
  }
  return pts;
}
