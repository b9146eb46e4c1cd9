// The filters the map and the Land dashboard share: partner country, kind,
// as-of year. Their values live in the URL.
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, country, num } from './util.js';
import { setParams } from './main.js';

export const KINDS = ['PARTNERSHIP', 'FRIENDSHIP', 'CONTACT', 'PROJECT'];
export const THIS_YEAR = new Date().getFullYear();
export const FIRST_YEAR = 1945;

/** linkArgs turns URL parameters into the API's coverage arguments. */
export function linkArgs(params) {
  const year = Number(params.year) || 0;
  return {
    partnerCountry: params.country || null,
    kinds: params.kind ? [params.kind] : null,
    asOf: year && year < THIS_YEAR ? `${year}-12-31` : null,
  };
}

/** partnerCountries lists the countries German places are linked to, most links first. */
export async function partnerCountries() {
  const d = await gql('query PartnerCountries { coverageByCountry { country links } }');
  return d.coverageByCountry.filter((c) => c.country !== 'DE');
}

/** filterBar renders the shared filters; changes go to the URL. */
export async function filterBar(params, extra = []) {
  const countries = await partnerCountries();
  const year = Number(params.year) || THIS_YEAR;
  const yearLabel = h('output', { id: 'yearout', for: 'year' }, year >= THIS_YEAR ? t('filter.today') : t('filter.endOf', { year }));
  const slider = h('input', { id: 'year', type: 'range', min: FIRST_YEAR, max: THIS_YEAR, step: 1, value: year,
    'aria-valuetext': year >= THIS_YEAR ? t('filter.today') : String(year),
    oninput: (e) => { const y = Number(e.target.value); yearLabel.textContent = y >= THIS_YEAR ? t('filter.today') : t('filter.endOf', { year: y }); },
    onchange: (e) => setParams({ year: Number(e.target.value) >= THIS_YEAR ? '' : e.target.value }, true) });
  return h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
    h('label', {}, t('filter.country'), ' ',
      h('select', { id: 'country', onchange: (e) => setParams({ country: e.target.value }) },
        h('option', { value: '' }, t('filter.allCountries')),
        countries.map((c) => h('option', { value: c.country, selected: c.country === params.country }, `${country(c.country)} (${num(c.links)})`)))),
    h('label', {}, t('filter.kind'), ' ',
      h('select', { id: 'kind', onchange: (e) => setParams({ kind: e.target.value }) },
        h('option', { value: '' }, t('filter.allKinds')),
        KINDS.map((k) => h('option', { value: k, selected: k === params.kind }, t('kind.' + k))))),
    h('label', { class: 'yearlabel' }, t('filter.asOf'), ' ', slider, ' ', yearLabel),
    extra);
}
