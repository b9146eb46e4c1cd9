// The Land dashboard for a state chancellery: coverage per Kreis, per size
// class, per partner country and per year, the gaps, and the Land against
// the other Länder. Every table downloads as CSV, every chart as SVG/PNG.
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, num, pct, country, table, section, csvButton, errorBox, stateNames, loadPlot, laterChart, chartWidth } from './util.js';

let Plot = null; // Observable Plot, loaded with the first dashboard (loadPlot)
import { filterBar, linkArgs, THIS_YEAR } from './filters.js';
import { href, setParams } from './main.js';

const Q = `query LandDashboard($state: String!, $partnerCountry: String, $asOf: Date, $kinds: [PartnershipKind!]) {
  states: coverage(groupBy: STATE, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds) {
    key name municipalities linkedMunicipalities share links linksPer100k reported knownOfReported population }
  kreise: coverage(groupBy: KREIS, state: $state, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds) {
    key name municipalities linkedMunicipalities share links linksPer100k linkedOutside topCountries { key count } }
  sizes: coverageBySize(state: $state, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds) {
    minPopulation maxPopulation municipalities linkedMunicipalities share links linksPer100k }
  countries: coverageByCountry(state: $state, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds) {
    country links germanMunicipalities places }
  years: coverageByYear(state: $state, partnerCountry: $partnerCountry, kinds: $kinds, from: 1950) {
    links unknownSince rows { year started ended active } }
  gaps: municipalityCoverage(state: $state, partnerCountry: $partnerCountry, asOf: $asOf, kinds: $kinds, linked: false) {
    id name kreis population }
}`;

export const landView = {
  async mount(main, arg, params) {
    main.append(h('div', { id: 'landhead' }), h('div', { id: 'filters' }), h('div', { id: 'dash' }));
    await this.update(params, arg);
  },
  async update(params, arg) {
    const code = /^DE-[A-Z]{2}$/.test(arg) ? arg : 'DE-NW';
    const args = linkArgs(params);
    document.getElementById('landhead').replaceChildren(h('h1', {}, t('land.title', { land: stateNames[code] || code })),
      h('p', { class: 'lead' }, t('land.lead')),
      h('label', {}, t('land.pick'), ' ', h('select', { id: 'landsel', onchange: (e) => { location.hash = href('land', e.target.value, params); } },
        Object.entries(stateNames).map(([k, n]) => h('option', { value: k, selected: k === code }, n)))));
    const dash = document.getElementById('dash');
    const plotP = loadPlot(); // loads while the figures are asked for
    const t0 = performance.now();
    let d;
    try {
      const [bar, data, plot] = await Promise.all([filterBar(params), gql(Q, { state: code, ...args }), plotP]);
      document.getElementById('filters').replaceChildren(bar);
      d = data;
      Plot = plot;
    } catch (err) {
      dash.replaceChildren(errorBox(err));
      return;
    }
    window.citygraphPhases = { query: performance.now() - t0 };
    const me = d.states.find((r) => r.key === code);
    const file = (s) => `${code}-${s}${params.country ? '-' + params.country : ''}${args.asOf ? '-' + params.year : ''}.csv`;
    dash.replaceChildren(
      kpis(me, d.states, params),
      against(code, d.states, params, file),
      perKreis(d.kreise, file),
      h('div', { class: 'two' }, perSize(d.sizes, file), perYear(d.years, file, params)),
      perCountry(d.countries, file),
      gaps(d.gaps, file));
    window.citygraphPhases.build = performance.now() - t0 - window.citygraphPhases.query;
  },
};

function kpis(me, states, params) {
  if (!me) return h('p', {}, t('land.none'));
  const rank = [...states].sort((a, b) => b.share - a.share).findIndex((r) => r.key === me.key) + 1;
  const avg = states.reduce((a, r) => a + r.linkedMunicipalities, 0) / Math.max(1, states.reduce((a, r) => a + r.municipalities, 0));
  return h('dl', { class: 'kpis big', id: 'landkpis' },
    h('div', {}, h('dt', {}, t('kpi.linked')), h('dd', { 'data-kpi': 'share' }, pct(me.share)), h('dd', { class: 'sub', 'data-kpi': 'linked' }, `${num(me.linkedMunicipalities)} / ${num(me.municipalities)}`)),
    h('div', {}, h('dt', {}, t('kpi.rank')), h('dd', { 'data-kpi': 'rank' }, `${rank} / ${states.length}`), h('dd', { class: 'sub' }, t('kpi.germany', { share: pct(avg) }))),
    h('div', {}, h('dt', {}, params.country ? t('kpi.linksTo', { country: country(params.country) }) : t('kpi.links')), h('dd', { 'data-kpi': 'links' }, num(me.links)),
      h('dd', { class: 'sub' }, `${num(me.linksPer100k, 1)} ${t('kpi.per100k')}`)),
    h('div', {}, h('dt', {}, t('kpi.reported')), h('dd', { 'data-kpi': 'reported' }, me.reported ? num(me.reported) : '–'),
      h('dd', { class: 'sub' }, me.knownOfReported ? t('kpi.knownOf', { pct: pct(me.knownOfReported, 0) }) : (params.country ? t('kpi.reportedAll') : t('kpi.noReport')))));
}

function barsHeight(rows) {
  return Math.max(160, rows.length * 18 + 40);
}

function bars(rows, { x, y, label, highlight, fmt, height, width }) {
  // Narrower on a phone, with names cut to the margin left for them.
  const w = chartWidth(560, width), left = Math.min(170, Math.round(0.42 * w));
  return Plot.plot({
    width: w, height: height || barsHeight(rows), marginLeft: left, marginRight: 48,
    x: { label, grid: true, tickFormat: fmt }, y: { label: null },
    marks: [
      Plot.axisY({ label: null, textOverflow: 'ellipsis-end', lineWidth: (left - 24) / 10 }),
      Plot.barX(rows, { y, x, fill: (r) => (highlight && highlight(r) ? '#c2410c' : '#3b6ea5'), sort: { y: '-x' } }),
      Plot.text(rows, { y, x, text: (r) => (fmt ? fmt(x(r)) : num(x(r))), dx: 4, textAnchor: 'start', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}

function against(code, states, params, file) {
  const chart = laterChart('laender-share', barsHeight(states), (w) => bars(states, { x: (r) => r.share, y: 'name', label: t('measure.share'), highlight: (r) => r.key === code, fmt: (v) => pct(v, 0), width: w }));
  const header = () => [t('col.land'), t('col.municipalities'), t('col.linked'), t('measure.share'), t('col.links'), t('measure.per100k'), t('col.reported'), t('measure.known')];
  const rows = () => states.map((r) => [r.name, r.municipalities, r.linkedMunicipalities, r.share, r.links, r.linksPer100k, r.reported || null, r.knownOfReported || null]);
  return section(t('land.against'), [chart.buttons, csvButton(file('laender'), header, rows)],
    h('div', { class: 'stack' }, chart.holder,
      table(header(), [...states].sort((a, b) => b.share - a.share).map((r) => [
        r.key === code ? h('strong', {}, r.name) : h('a', { href: href('land', r.key, params) }, r.name),
        num(r.municipalities), num(r.linkedMunicipalities), pct(r.share), num(r.links), num(r.linksPer100k, 1),
        r.reported ? num(r.reported) : '–', r.knownOfReported ? pct(r.knownOfReported, 0) : '–']), { name: 'against', numeric: [0, 1, 1, 1, 1, 1, 1, 1] })),
    h('p', { class: 'note' }, t('land.reportedNote')));
}

function perKreis(rows, file) {
  const header = () => [t('col.kreisCode'), t('col.kreis'), t('col.municipalities'), t('col.linked'), t('measure.share'), t('col.links'), t('measure.per100k'), t('col.topCountries')];
  const data = () => rows.map((r) => [r.key, r.name, r.municipalities, r.linkedMunicipalities, r.share, r.links, r.linksPer100k, r.topCountries.map((c) => `${c.key} ${c.count}`).join(', ')]);
  const chart = laterChart('kreise-share', barsHeight(rows), (w) => bars(rows, { x: (r) => r.share, y: 'name', label: t('measure.share'), fmt: (v) => pct(v, 0), width: w }), 'chart scroll');
  return section(t('land.perKreis'), [chart.buttons, csvButton(file('kreise'), header, data)],
    h('div', { class: 'two' }, chart.holder,
    table(header().slice(1), rows.map((r) => [r.name, num(r.municipalities), num(r.linkedMunicipalities), pct(r.share), num(r.links), num(r.linksPer100k, 1),
      h('span', { class: 'codes', title: r.topCountries.map((c) => `${country(c.key)}: ${c.count}`).join(', ') },
        r.topCountries.slice(0, 3).map((c) => `${c.key} ${c.count}`).join(' · '))]), { name: 'kreise', numeric: [0, 1, 1, 1, 1, 1, 0] })));
}

function sizeLabel(r) {
  return r.maxPopulation ? `${num(r.minPopulation)}–${num(r.maxPopulation)}` : `≥ ${num(r.minPopulation)}`;
}

function perSize(rows, file) {
  const header = () => [t('col.size'), t('col.municipalities'), t('col.linked'), t('measure.share'), t('col.links'), t('measure.per100k')];
  const data = () => rows.map((r) => [sizeLabel(r), r.municipalities, r.linkedMunicipalities, r.share, r.links, r.linksPer100k]);
  const chart = laterChart('size-classes', 240, (w) => Plot.plot({ width: chartWidth(560, w), height: 240, marginLeft: 50, x: { label: t('col.size'), tickRotate: -20, domain: rows.map(sizeLabel) },
    y: { label: t('measure.share'), grid: true, tickFormat: (v) => pct(v, 0) },
    marks: [Plot.barY(rows, { x: sizeLabel, y: 'share', fill: '#3b6ea5' }), Plot.ruleY([0])], marginBottom: 50 }));
  return section(t('land.perSize'), [chart.buttons, csvButton(file('groessenklassen'), header, data)],
    chart.holder,
    table(header(), rows.map((r) => [sizeLabel(r), num(r.municipalities), num(r.linkedMunicipalities), pct(r.share), num(r.links), num(r.linksPer100k, 1)]), { name: 'sizes', numeric: [0, 1, 1, 1, 1, 1] }));
}

function perCountry(rows, file) {
  const header = () => [t('col.countryCode'), t('col.country'), t('col.links'), t('col.germanLinked'), t('col.places')];
  const data = () => rows.map((r) => [r.country, country(r.country), r.links, r.germanMunicipalities, r.places]);
  const top = rows.slice(0, 15).map((r) => ({ ...r, name: country(r.country) }));
  const chart = laterChart('partner-countries', barsHeight(top), (w) => bars(top, { x: (r) => r.links, y: 'name', label: t('col.links'), width: w }));
  return section(t('land.perCountry'), [chart.buttons, csvButton(file('partnerlaender'), header, data)],
    h('div', { class: 'two' }, chart.holder,
      table(header().slice(1), rows.map((r) => [country(r.country), num(r.links), num(r.germanMunicipalities), num(r.places)]), { name: 'countries', numeric: [0, 1, 1, 1] })));
}

function perYear(y, file, params) {
  // From the year before the first link with a known start.
  const first = y.rows.findIndex((r) => r.started > 0);
  const rows = y.rows.slice(Math.max(0, first - 1));
  if (first < 0) {
    return section(t('land.perYear'), null, h('p', { id: 'noyears' }, t('map.unknownSince', { n: num(y.unknownSince), total: num(y.links) })));
  }
  const asOf = Number(params.year) || THIS_YEAR;
  const chart = laterChart('per-year', 290, (w) => Plot.plot({ width: chartWidth(560, w), height: 260, marginLeft: 44, x: { label: null, tickFormat: 'd' }, y: { label: t('col.links'), grid: true },
    color: { legend: true, domain: [t('chart.started'), t('chart.active')], range: ['#c2410c', '#3b6ea5'] },
    marks: [Plot.rectY(rows, { x1: (r) => r.year, x2: (r) => r.year + 1, y: 'started', fill: () => t('chart.started') }),
      Plot.line(rows, { x: (r) => r.year + 1, y: 'active', stroke: () => t('chart.active') }),
      asOf < THIS_YEAR ? Plot.ruleX([asOf + 1], { stroke: '#111', strokeDasharray: '3,3' }) : null, Plot.ruleY([0])] }));
  const header = () => [t('col.year'), t('chart.started'), t('chart.ended'), t('chart.active')];
  return section(t('land.perYear'), [chart.buttons, csvButton(file('jahre'), header, () => rows.map((r) => [r.year, r.started, r.ended, r.active]))],
    chart.holder,
    h('p', { class: 'note' }, t('map.unknownSince', { n: num(y.unknownSince), total: num(y.links) })));
}

function gaps(rows, file) {
  const sorted = [...rows].sort((a, b) => b.population - a.population);
  const header = () => [t('col.ags'), t('col.municipality'), t('col.kreis'), t('col.population')];
  const data = () => sorted.map((r) => [r.id.replace(/^DE:/, ''), r.name, r.kreis, r.population]);
  let shown = 25;
  const body = h('div', {});
  const draw = () => body.replaceChildren(...[
    table([t('col.municipality'), t('col.kreis'), t('col.population')], sorted.slice(0, shown).map((r) => [
      h('a', { href: href('finder', '', { city: r.id }) }, r.name), r.kreis, num(r.population)]), { name: 'gaps', numeric: [0, 0, 1] }),
    shown < sorted.length ? h('button', { type: 'button', id: 'moregaps', onclick: () => { shown = sorted.length; draw(); } }, t('land.showAll', { n: num(sorted.length) })) : null,
  ].filter(Boolean));
  draw();
  const sec = section(t('land.gaps', { n: num(rows.length) }), csvButton(file('luecken'), header, data),
    h('p', { class: 'note' }, t('land.gapsNote')), body);
  sec.id = 'gaps';
  return sec;
}
