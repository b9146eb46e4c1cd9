// The partner finder for a network office: candidates for a municipality
// with filters (country or region group, topic, size, distance) and each
// candidate's reasons.
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, num, country, section, errorBox, debounce, csvButton } from './util.js';
import { href, setParams } from './main.js';

/** Region groups; a group asks for candidates in each of its countries. */
export const GROUPS = {
  'eu': ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'],
  'eap': ['UA', 'MD', 'GE', 'AM', 'AZ'],
  'balkans': ['AL', 'BA', 'ME', 'MK', 'RS', 'XK'],
  'visegrad': ['PL', 'CZ', 'SK', 'HU'],
  'nordic': ['DK', 'FI', 'IS', 'NO', 'SE'],
  'baltic': ['EE', 'LV', 'LT'],
};
const COUNTRIES = ['PL', 'FR', 'UA', 'IT', 'GB', 'US', 'CZ', 'AT', 'NL', 'ES', 'TR', 'IL', 'RU', 'HU', 'RO', 'CN', 'JP', 'BE', 'SE', 'LT', 'GR', 'PT', 'DK', 'FI', 'MD', 'GE'];
const SIZES = { any: [null, null], small: [null, 20000], medium: [20000, 100000], large: [100000, null], similar: null };

const Q = `query Candidates($city: String!, $country: String, $topics: [String!], $limit: Int, $distance: DistancePreference, $min: Int, $max: Int) {
  recommendPartners(city: $city, country: $country, topics: $topics, limit: $limit, distance: $distance, minPopulation: $min, maxPopulation: $max) {
    city { id name country population } score reason distanceKm formerPartner sharedTopics
    commonPartners { id name } sharedNetworks { id name }
    parts { adamicAdar resourceAllocation networks topics size distance }
  }
}`;

/** candidates renders the list of candidates for the given options. */
export async function candidates(opt) {
  let countries = [opt.country || null];
  if (opt.group && GROUPS[opt.group]) countries = GROUPS[opt.group];
  const limit = opt.limit || 10;
  const lists = await Promise.all(countries.map((c) => gql(Q, { city: opt.city, country: c, topics: opt.topic ? [opt.topic] : null, limit,
    distance: opt.distance || 'NEAR', min: opt.min ?? null, max: opt.max ?? null }).then((d) => d.recommendPartners)));
  const all = lists.flat().sort((a, b) => b.score - a.score).slice(0, Math.max(limit, countries.length > 1 ? 20 : limit));
  if (!all.length) return h('p', { id: 'nocandidates' }, t('finder.none'));
  const maxScore = Math.max(...all.map((c) => c.score));
  const header = () => [t('col.rank'), t('col.place'), t('col.country'), t('col.population'), t('col.score'), t('finder.reason'), t('finder.common'), t('finder.networks'), t('col.topics'), 'km'];
  const data = () => all.map((c, i) => [i + 1, c.city.name, country(c.city.country), c.city.population || null, c.score, c.reason,
    c.commonPartners.map((p) => p.name).join(', '), c.sharedNetworks.map((n) => n.name).join(', '), c.sharedTopics.join(', '), c.distanceKm]);
  return h('div', {}, h('div', { class: 'tools' }, csvButton('kandidaten.csv', header, data)),
    h('ol', { class: 'candidates', id: 'candidates' }, all.map((c) => h('li', { class: 'candidate' },
      h('div', { class: 'candhead' }, h('a', { href: href('city', c.city.id), class: 'candname' }, c.city.name), ' ',
        h('span', { class: 'muted' }, `${country(c.city.country)}${c.city.population ? ' · ' + num(c.city.population) + ' ' + t('unit.inhabitants') : ''}${c.distanceKm != null ? ' · ' + num(c.distanceKm) + ' km' : ''}`),
        h('span', { class: 'score', title: t('col.score') }, h('span', { class: 'track' }, h('span', { class: 'bar', style: `width:${Math.round(100 * c.score / maxScore)}%` })), num(c.score, 2))),
      h('p', { class: 'reason' }, c.reason),
      h('ul', { class: 'why' },
        c.commonPartners.length ? h('li', {}, h('strong', {}, t('finder.common')), ' ', c.commonPartners.slice(0, 6).map((p) => p.name).join(', ')) : null,
        c.sharedNetworks.length ? h('li', {}, h('strong', {}, t('finder.networks')), ' ', c.sharedNetworks.map((n) => n.name).join(', ')) : null,
        c.sharedTopics.length ? h('li', {}, h('strong', {}, t('col.topics')), ' ', c.sharedTopics.join(', ')) : null,
        c.formerPartner ? h('li', {}, t('finder.former')) : null)))));
}

export const finderView = {
  async mount(main, _arg, params) {
    main.append(h('h1', {}, t('finder.title')), h('p', { class: 'lead' }, t('finder.lead')), h('div', { id: 'finderform' }), h('div', { id: 'finderout' }));
    await this.update(params);
  },
  async update(params) {
    const where = params.group ? 'g:' + params.group : (params.country || '');
    const cityInput = h('input', { id: 'findercity', name: 'city', type: 'search', required: true, value: params.city || '', list: 'findercities',
      placeholder: t('finder.cityPlaceholder'), autocomplete: 'off' });
    cityInput.addEventListener('input', debounce(async () => {
      if (cityInput.value.length < 2) return;
      const d = await gql('query Suggest($s: String) { cities(filter: {search: $s, country: "DE"}, orderBy: {field: POPULATION, direction: DESC}, first: 10) { nodes { id name state } } }', { s: cityInput.value });
      document.getElementById('findercities')?.replaceChildren(...d.cities.nodes.map((c) => h('option', { value: c.name }, c.state)));
    }, 250));
    const form = h('form', { class: 'filters finder', onsubmit: (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const w = String(f.get('where'));
      setParams({ city: f.get('city'), country: w.startsWith('g:') ? '' : w, group: w.startsWith('g:') ? w.slice(2) : '', topic: f.get('topic'), size: f.get('size'), distance: f.get('distance') });
    } },
    h('label', {}, t('finder.city'), ' ', cityInput, h('datalist', { id: 'findercities' })),
    h('label', {}, t('finder.where'), ' ', h('select', { name: 'where', id: 'finderwhere' },
      h('option', { value: '' }, t('finder.anywhere')),
      h('optgroup', { label: t('finder.groups') }, Object.keys(GROUPS).map((g) => h('option', { value: 'g:' + g, selected: where === 'g:' + g }, t('group.' + g)))),
      h('optgroup', { label: t('finder.countries') }, [...new Set([...COUNTRIES, params.country].filter(Boolean))].map((c) => ({ c, n: country(c) }))
        .sort((a, b) => a.n.localeCompare(b.n)).map(({ c, n }) => h('option', { value: c, selected: where === c }, n))))),
    h('label', {}, t('finder.topic'), ' ', h('input', { name: 'topic', id: 'findertopic', value: params.topic || '', list: 'topics', size: 12 }),
      h('datalist', { id: 'topics' }, ['climate', 'youth', 'culture', 'SDG11', 'SDG16', 'SDG17', 'migration', 'digitalisation', 'Verwaltung', 'Wasser'].map((x) => h('option', { value: x })))),
    h('label', {}, t('finder.size'), ' ', h('select', { name: 'size', id: 'findersize' }, Object.keys(SIZES).map((s) => h('option', { value: s, selected: (params.size || 'any') === s }, t('size.' + s))))),
    h('label', {}, t('finder.distance'), ' ', h('select', { name: 'distance', id: 'finderdistance' }, ['NEAR', 'ANY', 'FAR'].map((s) => h('option', { value: s, selected: (params.distance || 'NEAR') === s }, t('distance.' + s))))),
    h('button', { type: 'submit', id: 'findergo' }, t('finder.go')));
    document.getElementById('finderform').replaceChildren(form);
    const out = document.getElementById('finderout');
    if (!params.city) {
      out.replaceChildren(h('p', { class: 'hint' }, t('finder.hint')));
      return;
    }
    out.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    try {
      const c = /^[A-Z]{2}:/.test(params.city)
        ? (await gql('query FinderCityID($c: ID!) { city(id: $c) { id name population state country } }', { c: params.city })).city
        : (await gql('query FinderCity($c: String!) { city(name: $c) { id name population state country } }', { c: params.city })).city;
      if (!c) throw new Error(t('finder.unknown', { city: params.city }));
      let [min, max] = SIZES[params.size] || [null, null];
      if (params.size === 'similar' && c.population) [min, max] = [Math.round(c.population / 2), c.population * 2];
      const list = await candidates({ city: c.id, country: params.country, group: params.group, topic: params.topic, distance: params.distance, min, max, limit: 10 });
      const whereText = params.group ? t('group.' + params.group) : params.country ? country(params.country) : t('finder.anywhere');
      out.replaceChildren(section(t('finder.results', { city: c.name, where: whereText }), null, list));
    } catch (err) {
      out.replaceChildren(errorBox(err));
      if (err.candidates) out.append(h('ul', {}, err.candidates.map((x) => h('li', {}, h('a', { href: href('finder', '', { ...params, city: x.id || x }) }, x.name || x)))));
    }
  },
};
