// The partner finder for a network office: candidates for a municipality
// with filters (abroad / in Germany / anywhere, countries or a region group,
// topics, size, distance) and each candidate's score parts and reason. It
// asks findPartners, which says why an answer is empty and names the nearest
// alternative (the best candidate once one filter is dropped).
import { gql } from './api.js';
import { t, lang } from './i18n.js';
import { h, num, country, section, errorBox, debounce, csvButton } from './util.js';
import { href, setParams } from './main.js';

const COUNTRIES = ['PL', 'FR', 'UA', 'IT', 'GB', 'US', 'CZ', 'AT', 'NL', 'ES', 'TR', 'IL', 'RU', 'HU', 'RO', 'CN', 'JP', 'BE', 'SE', 'LT', 'GR', 'PT', 'DK', 'FI', 'MD', 'GE'];
const SIZES = { any: [null, null], small: [null, 20000], medium: [20000, 100000], large: [100000, null], similar: null };
/** The score parts in the order shown, each with its colour. */
export const PARTS = [['adamicAdar', '#1d4ed8'], ['resourceAllocation', '#60a5fa'], ['neighbours', '#7c3aed'], ['networks', '#059669'],
  ['topics', '#d97706'], ['country', '#db2777'], ['size', '#64748b'], ['distance', '#0891b2']];
/** Old region names in shared links, mapped to the API's codes. */
const OLD_GROUPS = { balkans: 'WB', visegrad: 'V4', nordic: 'NORDIC', baltic: 'BALTIC', eu: 'EU', eap: 'EAP' };

const CAND = `city { id name country population } score reason distanceKm formerPartner sharedTopics countryShare
    commonPartners { id name } sharedNetworks { id name }
    near { neighbour { id name } kmFromCity partner { id name } kmFromCandidate neighbours }
    parts { adamicAdar resourceAllocation neighbours networks topics country size distance }`;
const Q = `query FindPartners($city: String!, $where: CandidateWhere, $countries: [String!], $regions: [String!], $topics: [String!], $match: TopicMatch, $limit: Int, $distance: DistancePreference, $min: Int, $max: Int, $lang: Language) {
  findPartners(city: $city, where: $where, countries: $countries, regions: $regions, topics: $topics, topicMatch: $match, limit: $limit, distance: $distance, minPopulation: $min, maxPopulation: $max, lang: $lang) {
    cityId cityName inGraph where countries why
    alternative { dropped candidate { ${CAND} } }
    candidates { ${CAND} }
  }
}`;

const list = (s) => (s ? String(s).split(',').map((x) => x.trim()).filter(Boolean) : null);

/** search asks findPartners for the given options (city id or name, filters). */
export async function search(opt) {
  const d = await gql(Q, { city: opt.city, where: opt.where ? opt.where.toUpperCase() : null, countries: list(opt.country), regions: list(opt.region),
    topics: list(opt.topics), match: opt.match ? opt.match.toUpperCase() : 'ANY', limit: opt.limit || 10,
    distance: opt.distance || 'NEAR', min: opt.min ?? null, max: opt.max ?? null, lang: lang() === 'de' ? 'DE' : 'EN' }); // the reasons in the page's language
  return d.findPartners;
}

/** partsBar draws a candidate's score as coloured segments, one per part (their widths add up to the score). */
function partsBar(c, maxScore) {
  const segs = PARTS.filter(([k]) => c.parts[k] > 0).map(([k, color]) => h('span', { class: 'seg', 'data-part': k,
    style: `width:${(100 * c.parts[k] / maxScore).toFixed(2)}%;background:${color}`, title: `${t('part.' + k)}: ${num(c.parts[k], 3)}` }));
  return h('span', { class: 'score', title: t('col.score') }, h('span', { class: 'track' }, segs), h('span', { class: 'scorenum' }, num(c.score, 2)));
}

/** partsList names the non-zero score parts with their values. */
function partsList(c) {
  return h('ul', { class: 'parts' }, PARTS.filter(([k]) => c.parts[k] > 0).map(([k, color]) =>
    h('li', { 'data-part': k }, h('span', { class: 'swatch', style: `background:${color}` }), ' ', t('part.' + k), ' ', h('span', { class: 'pv' }, num(c.parts[k], 2)))));
}

/** candidateItem is one candidate: name, country, size, distance, score bar, reason, parts and evidence. */
function candidateItem(c, maxScore) {
  return h('li', { class: 'candidate' },
    h('div', { class: 'candhead' }, h('a', { href: href('city', c.city.id), class: 'candname' }, c.city.name), ' ',
      h('span', { class: 'muted' }, `${country(c.city.country)}${c.city.population ? ' · ' + num(c.city.population) + ' ' + t('unit.inhabitants') : ''}${c.distanceKm != null ? ' · ' + num(c.distanceKm) + ' km' : ''}`),
      partsBar(c, maxScore)),
    h('p', { class: 'reason' }, c.reason),
    partsList(c),
    h('ul', { class: 'why' },
      c.commonPartners.length ? h('li', {}, h('strong', {}, t('finder.common')), ' ', c.commonPartners.slice(0, 6).map((p) => p.name).join(', ')) : null,
      c.near ? h('li', { class: 'near' }, h('strong', {}, t('finder.near')), ' ', t('finder.nearText', { neighbour: c.near.neighbour.name, km1: num(c.near.kmFromCity),
        partner: c.near.partner.name, km2: num(c.near.kmFromCandidate), n: c.near.neighbours })) : null,
      c.sharedNetworks.length ? h('li', {}, h('strong', {}, t('finder.networks')), ' ', c.sharedNetworks.map((n) => n.name).join(', ')) : null,
      c.sharedTopics.length ? h('li', {}, h('strong', {}, t('col.topics')), ' ', c.sharedTopics.join(', ')) : null,
      c.formerPartner ? h('li', {}, t('finder.former')) : null));
}

/** candidates renders the finder's answer for the given options: the list, or why it is empty and the nearest alternative. */
export async function candidates(opt) {
  const r = await search(opt);
  if (!r.candidates.length) {
    const box = h('div', { id: 'nocandidates', class: 'empty' }, h('p', {}, h('strong', {}, t('finder.none')), ' ', r.why ? h('span', { class: 'whyempty' }, r.why) : null));
    if (r.alternative) {
      const a = r.alternative.candidate;
      box.append(h('p', { class: 'alternative' }, t('finder.alternative', { dropped: r.alternative.dropped })),
        h('ol', { class: 'candidates', id: 'alternative' }, candidateItem(a, a.score || 1)));
    }
    return box;
  }
  const all = r.candidates;
  const maxScore = Math.max(...all.map((c) => c.score)) || 1;
  const header = () => [t('col.rank'), t('col.place'), t('col.country'), t('col.population'), t('col.score'), ...PARTS.map(([k]) => t('part.' + k)),
    t('finder.reason'), t('finder.common'), t('finder.networks'), t('col.topics'), 'km'];
  const data = () => all.map((c, i) => [i + 1, c.city.name, country(c.city.country), c.city.population || null, c.score, ...PARTS.map(([k]) => c.parts[k]),
    c.reason, c.commonPartners.map((p) => p.name).join(', '), c.sharedNetworks.map((n) => n.name).join(', '), c.sharedTopics.join(', '), c.distanceKm]);
  return h('div', {}, h('div', { class: 'tools' }, csvButton('kandidaten.csv', header, data)),
    h('ol', { class: 'candidates', id: 'candidates' }, all.map((c) => candidateItem(c, maxScore))));
}

let regionGroups = null;
async function groups() {
  regionGroups ||= gql('query RegionGroups { regionGroups { code name countries } }').then((d) => d.regionGroups);
  return regionGroups;
}

export const finderView = {
  async mount(main, _arg, params) {
    main.append(h('h1', {}, t('finder.title')), h('p', { class: 'lead' }, t('finder.lead')), h('div', { id: 'finderform' }), h('div', { id: 'finderout' }));
    await this.update(params);
  },
  async update(params) {
    const region = params.region || OLD_GROUPS[params.group] || params.group || '';
    const where = region ? 'g:' + region : (params.country || '');
    const rg = await groups().catch(() => []);
    const cityInput = h('input', { id: 'findercity', name: 'city', type: 'search', required: true, value: params.city || '', list: 'findercities',
      placeholder: t('finder.cityPlaceholder'), autocomplete: 'off' });
    cityInput.addEventListener('input', debounce(async () => {
      if (cityInput.value.length < 2) return;
      const d = await gql('query Suggest($s: String) { cities(filter: {search: $s, country: "DE"}, orderBy: {field: POPULATION, direction: DESC}, first: 10) { nodes { id name state } } }', { s: cityInput.value });
      document.getElementById('findercities')?.replaceChildren(...d.cities.nodes.map((c) => h('option', { value: c.name }, c.state)));
    }, 250));
    const scope = (params.where || 'abroad').toLowerCase();
    const form = h('form', { class: 'filters finder', onsubmit: (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const w = String(f.get('where'));
      setParams({ city: f.get('city'), where: f.get('scope') === 'abroad' ? '' : f.get('scope'), country: w.startsWith('g:') ? '' : w, region: w.startsWith('g:') ? w.slice(2) : '', group: '',
        topics: f.get('topics'), match: f.get('match') === 'all' ? 'all' : '', size: f.get('size'), distance: f.get('distance') });
    } },
    h('label', {}, t('finder.city'), ' ', cityInput, h('datalist', { id: 'findercities' })),
    h('fieldset', { class: 'scope' }, h('legend', { class: 'sr' }, t('finder.scope')), ['abroad', 'domestic', 'anywhere'].map((s) =>
      h('label', {}, h('input', { type: 'radio', name: 'scope', value: s, id: 'finderscope-' + s, checked: scope === s }), ' ', t('scope.' + s)))),
    h('label', {}, t('finder.where'), ' ', h('select', { name: 'where', id: 'finderwhere' },
      h('option', { value: '' }, t('finder.anyCountry')),
      h('optgroup', { label: t('finder.groups') }, rg.map((g) => h('option', { value: 'g:' + g.code, selected: where === 'g:' + g.code, title: g.countries.join(' ') },
        `${t('region.' + g.code, {}, g.name)} (${g.countries.length})`))),
      h('optgroup', { label: t('finder.countries') }, [...new Set([...COUNTRIES, ...(list(params.country) || [])])].map((c) => ({ c, n: country(c) }))
        .sort((a, b) => a.n.localeCompare(b.n)).map(({ c, n }) => h('option', { value: c, selected: where === c }, n))))),
    h('label', {}, t('finder.topics'), ' ', h('input', { name: 'topics', id: 'findertopics', value: params.topics || params.topic || '', list: 'topics', size: 16,
      placeholder: t('finder.topicsPlaceholder') }),
      h('datalist', { id: 'topics' }, ['climate', 'youth', 'culture', 'SDG11', 'SDG16', 'SDG17', 'migration', 'digitalisation', 'Verwaltung', 'Wasser'].map((x) => h('option', { value: x })))),
    h('label', {}, h('input', { type: 'checkbox', name: 'match', value: 'all', id: 'findermatch', checked: params.match === 'all' }), ' ', t('finder.allTopics')),
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
      let [min, max] = SIZES[params.size] || [null, null];
      if (params.size === 'similar') {
        const c = (await gql('query FinderCity($c: String!) { city(name: $c) { population } }', { c: params.city }).catch(() => ({}))).city;
        if (c && c.population) [min, max] = [Math.round(c.population / 2), c.population * 2];
      }
      const opt = { city: params.city, where: scope, country: params.country, region, topics: params.topics || params.topic, match: params.match, distance: params.distance, min, max, limit: 10 };
      const [r, list2] = await Promise.all([search(opt), candidates(opt)]);
      const g = rg.find((x) => x.code === region);
      const whereText = [t('scope.' + scope), g ? t('region.' + g.code, {}, g.name) : null, ...(list(params.country) || []).map(country)].filter(Boolean).join(', ');
      out.replaceChildren(section(t('finder.results', { city: r.cityName, where: whereText }), null,
        r.inGraph ? null : h('p', { class: 'hint' }, t('finder.notInGraph', { city: r.cityName })),
        h('p', { class: 'legend partslegend' }, t('finder.partsLegend'), ' ', PARTS.map(([k, color]) => h('span', { class: 'lg' }, h('span', { class: 'swatch', style: `background:${color}` }), ' ', t('part.' + k)))),
        list2));
    } catch (err) {
      out.replaceChildren(errorBox(err));
      if (err.candidates) out.append(h('ul', {}, err.candidates.map((x) => h('li', {}, h('a', { href: href('finder', '', { ...params, city: x.id || x }) }, x.name || x)))));
    }
  },
};
