// The city page: names in its languages, partners with kind, dates, status
// and sources; networks and organisations; centrality ranks; the partner
// finder's best candidates.
import { gql } from './api.js';
import { t } from './i18n.js';
import { h, append, num, country, table, section, csvButton, errorBox, stateNames } from './util.js';
import { href } from './main.js';
import { candidates } from './finder.js';

const Q = `query CityPage($id: ID!, $ref: String!) {
  city(id: $id) { id name altNames country countryName region ags state kreis population lat lon level degree
    degreeByKind { kind count }
    partnerships { id kind since until status topics a { id name country } b { id name country } sources { file line sourceId } }
    networks { network { id name memberCount } since until role }
    organisations { organisation { id name } topic since } }
  cityRanks(city: $ref) { metric rank of score }
}`;

export const cityView = {
  async mount(main, arg) {
    let d;
    try {
      d = await gql(Q, { id: arg, ref: arg });
    } catch (err) {
      main.append(errorBox(err));
      return;
    }
    const c = d.city;
    if (!c) {
      main.append(h('h1', {}, t('city.notFound', { id: arg })));
      return;
    }
    append(main, [ // (Element.append would write a null as the text "null")
      h('h1', { id: 'cityname' }, c.name),
      h('p', { class: 'lead' }, [country(c.country), c.state ? stateNames[c.state] : c.region, c.kreis, c.population ? `${num(c.population)} ${t('unit.inhabitants')}` : null,
        c.ags ? `AGS ${c.ags}` : null].filter(Boolean).join(' · ')),
      c.altNames.length ? h('p', { id: 'altnames' }, h('strong', {}, t('city.names')), ' ', c.altNames.join(' · ')) : null,
      h('p', { class: 'actions' }, h('a', { class: 'button', href: href('finder', '', { city: c.id }) }, t('city.findPartners')), ' ',
        h('a', { class: 'button', href: href('network', '', { sel: 'city', city: c.id, depth: 2 }) }, t('city.network')), ' ',
        c.state ? h('a', { class: 'button', href: href('land', c.state) }, t('city.land', { land: stateNames[c.state] })) : null),
      partners(c),
      h('div', { class: 'two' }, ranks(d.cityRanks), memberships(c)),
      h('div', { id: 'cityfinder' })]);
    const box = document.getElementById('cityfinder');
    if (c.degree > 0 || c.networks.length) {
      try {
        box.replaceChildren(section(t('city.candidates'), h('a', { href: href('finder', '', { city: c.id }) }, t('city.moreCandidates')),
          await candidates({ city: c.id, limit: 5 })));
      } catch (err) {
        box.replaceChildren(errorBox(err));
      }
    }
  },
};

function partners(c) {
  const rows = c.partnerships.map((p) => ({ p, o: p.a.id === c.id ? p.b : p.a })).sort((x, y) => x.o.name.localeCompare(y.o.name));
  const src = (p) => p.sources.map((s) => `${s.file}${s.line ? ':' + s.line : ''}${s.sourceId ? ' (' + s.sourceId + ')' : ''}`).join('; ');
  const header = () => [t('col.partner'), t('col.country'), t('col.kind'), t('col.since'), t('col.until'), t('col.status'), t('col.topics'), t('col.sources')];
  const data = () => rows.map(({ p, o }) => [o.name, country(o.country), t('kind.' + p.kind), p.since, p.until, t('status.' + p.status), p.topics.join(', '), src(p)]);
  const kinds = c.degreeByKind.map((k) => `${t('kind.' + k.kind)}: ${num(k.count)}`).join(' · ');
  return section(t('city.partners', { n: num(rows.length) }), csvButton(`${c.id.replace(':', '-')}-partner.csv`, header, data),
    kinds ? h('p', { class: 'note' }, kinds) : null,
    table(header(), rows.map(({ p, o }) => [h('a', { href: href('city', o.id) }, o.name), country(o.country), t('kind.' + p.kind), p.since || '–', p.until || '–',
      h('span', { class: 'status ' + p.status.toLowerCase() }, t('status.' + p.status)), p.topics.join(', '), h('small', {}, src(p))]), { name: 'partners' }));
}

function ranks(rs) {
  return section(t('city.ranks'), null, h('p', { class: 'note' }, t('city.ranksNote')),
    table([t('col.metric'), t('col.rank'), t('col.score')], rs.map((r) => [t('metric.' + r.metric), r.rank ? `${num(r.rank)} / ${num(r.of)}` : '–', num(r.score, Number.isInteger(r.score) || r.score >= 10 ? 0 : 4)]),
      { name: 'ranks', numeric: [0, 1, 1] }));
}

function memberships(c) {
  return section(t('city.memberships'), null,
    c.networks.length ? table([t('col.network'), t('col.since'), t('col.role')], c.networks.map((m) => [m.network.name, m.since || '–', m.role || '–']), { name: 'networks' })
      : h('p', {}, t('city.noNetworks')),
    c.organisations.length ? table([t('col.organisation'), t('col.topic'), t('col.since')], c.organisations.map((o) => [o.organisation.name, o.topic || '–', o.since || '–']), { name: 'orgs' }) : null);
}
