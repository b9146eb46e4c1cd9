// Who are the central and bridging places? Places ranked by betweenness
// (bridges: many shortest paths between other places run through them) and
// by degree (most partners), for the whole graph or the links of one Land,
// each table downloadable as CSV. A bridge that is not also among the most
// partnered places is marked: it connects parts of the graph without being
// a hub.
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, num, country, section, table, csvButton, stateNames } from './util.js';
import { href, setParams } from './main.js';
import { KINDS, THIS_YEAR, FIRST_YEAR } from './filters.js';

const Q = `query Central($scope: Scope, $country: String, $top: Int, $by: BrokerageMeasure, $brokersTop: Int) {
  betweenness: centrality(metric: BETWEENNESS, scope: $scope, country: $country, top: $top) { rank score city { id name country state } }
  degree: centrality(metric: DEGREE, scope: $scope, country: $country, top: $top) { rank score city { id name country state } }
  brokers: brokerage(by: $by, scope: $scope, top: $brokersTop) { rank degree effectiveSize constraint participationCountries participationCommunities city { id name country state } }
}`;

/** BROKER_MEASURES: what the brokers' table can be ranked by (GraphQL BrokerageMeasure). */
export const BROKER_MEASURES = ['EFFECTIVE_SIZE', 'CONSTRAINT', 'COUNTRIES', 'COMMUNITIES'];

/** centralArgs turns URL parameters into the query's variables. */
export function centralArgs(params) {
  const year = Number(params.year) || 0;
  const scope = {};
  if (params.state) scope.states = [params.state];
  if (params.kind) scope.kinds = [params.kind];
  if (year && year < THIS_YEAR) scope.asOf = `${year}-12-31`;
  const top = Math.min(Number(params.top) || 25, 100);
  // brokerage has no country filter: for German places only, the 100
  // strongest brokers of all places are asked for and the German ones kept.
  return { scope, country: params.german === '1' ? 'DE' : null, top, by: BROKER_MEASURES.includes(params.broker) ? params.broker : 'EFFECTIVE_SIZE',
    brokersTop: params.german === '1' ? 100 : top };
}

function form(params) {
  return h('form', { class: 'filters', id: 'centralform', onchange: (e) => {
    const f = new FormData(e.currentTarget);
    setParams({ state: f.get('state'), german: f.get('german') ? '1' : '', top: f.get('top') === '25' ? '' : f.get('top'), kind: f.get('kind'), year: f.get('year'),
      broker: f.get('broker') === 'EFFECTIVE_SIZE' ? '' : f.get('broker') });
  }, onsubmit: (e) => e.preventDefault() },
  h('label', {}, t('central.scope'), ' ', h('select', { name: 'state', id: 'centralstate' }, h('option', { value: '' }, t('central.whole')),
    Object.entries(stateNames).map(([c, n]) => h('option', { value: c, selected: params.state === c }, t('central.landLinks', { land: n }))))),
  h('label', {}, h('input', { type: 'checkbox', name: 'german', id: 'centralgerman', checked: params.german === '1' }), ' ', t('central.german')),
  h('label', {}, t('filter.kind'), ' ', h('select', { name: 'kind' }, h('option', { value: '' }, t('filter.allKinds')),
    KINDS.map((k) => h('option', { value: k, selected: params.kind === k }, t('kind.' + k))))),
  h('label', {}, t('central.asOf'), ' ', h('input', { type: 'number', name: 'year', min: FIRST_YEAR, max: THIS_YEAR, value: params.year || '', placeholder: String(THIS_YEAR), size: 5 })),
  h('label', {}, t('central.top'), ' ', h('select', { name: 'top', id: 'centraltop' }, [25, 50, 100].map((n) => h('option', { value: n, selected: String(params.top || 25) === String(n) }, n)))),
  h('label', {}, t('broker.by'), ' ', h('select', { name: 'broker', id: 'centralbroker' },
    BROKER_MEASURES.map((m) => h('option', { value: m, selected: (params.broker || 'EFFECTIVE_SIZE') === m }, t('broker.by.' + m))))));
}

// brokers is the table of brokerage measures (GraphQL brokerage): Burt's
// effective size and constraint, the participation coefficient over the
// partners' countries and over Louvain communities.
function brokers(rows, params, file) {
  const german = params.german === '1';
  const top = Math.min(Number(params.top) || 25, 100);
  const shown = german ? rows.filter((r) => r.city.country === 'DE').slice(0, top) : rows;
  const cols = () => [german ? t('broker.rankAll') : t('col.rank'), t('col.place'), t('col.country'), t('col.land'), t('broker.partners'),
    t('broker.effectiveSize'), t('broker.constraint'), t('broker.pCountries'), t('broker.pCommunities')];
  const data = () => shown.map((r) => [r.rank, r.city.name, country(r.city.country), stateNames[r.city.state] || '', r.degree,
    r.effectiveSize, r.constraint, r.participationCountries, r.participationCommunities]);
  const cell = (col, v) => h('td', { class: 'num', 'data-col': col }, v);
  const body = h('div', { class: 'tablewrap' }, h('table', { class: 'data', 'data-table': 'brokers' },
    h('thead', {}, h('tr', {}, cols().map((c, i) => h('th', { scope: 'col', class: i === 0 || i >= 4 ? 'num' : '' }, c)))),
    h('tbody', {}, shown.map((r) => h('tr', { 'data-id': r.city.id },
      cell('rank', r.rank), h('td', {}, h('a', { href: href('city', r.city.id) }, r.city.name)), h('td', {}, country(r.city.country)),
      h('td', {}, stateNames[r.city.state] || ''), cell('degree', num(r.degree)), cell('effectiveSize', num(r.effectiveSize, 2)),
      cell('constraint', num(r.constraint, 3)), cell('pCountries', num(r.participationCountries, 2)), cell('pCommunities', num(r.participationCommunities, 2)))))));
  return section(t('broker.title'), csvButton(file, cols, data),
    h('p', { class: 'note', id: 'brokersnote' }, t('broker.note.' + (BROKER_MEASURES.includes(params.broker) ? params.broker : 'EFFECTIVE_SIZE')), ' ', t('broker.note'),
      german ? [' ', t('broker.germanNote', { n: num(shown.length) })] : null),
    body);
}

function ranking(rows, name, digits, others, file) {
  const header = () => [t('col.rank'), t('col.place'), t('col.country'), t('col.land'), t('col.score'), t('central.alsoOther')];
  const data = () => rows.map((r) => [r.rank, r.city.name, country(r.city.country), stateNames[r.city.state] || '', r.score, others.has(r.city.id) ? t('yes') : t('no')]);
  return { tools: csvButton(file, header, data),
    body: table([t('col.rank'), t('col.place'), t('col.country'), t('col.land'), t('col.score'), ''],
      rows.map((r) => [r.rank, h('a', { href: href('city', r.city.id) }, r.city.name), country(r.city.country), stateNames[r.city.state] || '',
        num(r.score, Number.isInteger(r.score) ? 0 : digits), others.has(r.city.id) ? '' : h('span', { class: 'badge', title: t('central.' + name + 'OnlyNote') }, t('central.' + name + 'Only'))]),
      { name, numeric: [1, 0, 0, 0, 1, 0] }) };
}

export const centralView = {
  async mount(main, _arg, params) {
    main.append(h('h1', {}, t('central.title')), h('p', { class: 'lead' }, t('central.lead')), h('div', { id: 'centralform' }), h('div', { id: 'centralout' }));
    await this.update(params);
  },
  async update(params) {
    document.getElementById('centralform').replaceChildren(form(params));
    const out = document.getElementById('centralout');
    out.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    const d = await gql(Q, centralArgs(params));
    const bIDs = new Set(d.betweenness.map((r) => r.city.id));
    const dIDs = new Set(d.degree.map((r) => r.city.id));
    const slug = (params.state || 'graph') + (params.german === '1' ? '-DE' : '');
    const b = ranking(d.betweenness, 'bridging', 1, dIDs, `bridges-${slug}.csv`);
    const g = ranking(d.degree, 'central', 0, bIDs, `partners-${slug}.csv`);
    const where = params.state ? t('central.landLinks', { land: stateNames[params.state] }) : t('central.whole');
    out.replaceChildren(h('p', { class: 'note', id: 'centralwhere' }, where),
      h('div', { class: 'two' },
        section(t('central.bridges'), b.tools, h('p', { class: 'note' }, t('net.bridgingNote')), b.body),
        section(t('central.hubs'), g.tools, h('p', { class: 'note' }, t('net.centralNote')), g.body)),
      brokers(d.brokers, params, `brokers-${slug}.csv`),
      h('p', {}, h('a', { class: 'button', href: href('network', '', { sel: 'all', metric: 'BETWEENNESS' }) }, t('central.drawing'))));
  },
};
