// citygraph's web application: a hash router over five views (map, Land
// dashboard, network, central places, city page, partner finder). The view's state lives in
// the URL (#/view/arg?key=value), so every view can be shared as a link.
import { setLang, lang, t, missing } from './i18n.js';
import { h } from './util.js';
import { mapView } from './map.js';
import { landView } from './land.js';
import { cityView } from './city.js';
import { finderView } from './finder.js';
import { centralView } from './central.js';
import { csv } from './util.js';

// The network view (its WebGL renderer, graphology, ForceAtlas2: much of the
// code) is loaded when first shown, so that the other views start sooner.
const networkView = { load: () => import('./network.js').then((m) => m.networkView) };
const views = { map: mapView, land: landView, network: networkView, city: cityView, finder: finderView, central: centralView };
let current = { name: '', arg: '', view: null };

/** parse reads the view, its argument and its parameters from the hash. */
export function parse() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p, q = ''] = raw.split('?');
  const [name, ...rest] = p.split('/');
  return { name: views[name] ? name : 'map', arg: decodeURIComponent(rest.join('/')), params: Object.fromEntries(new URLSearchParams(q)) };
}

/** href builds a link to a view. */
export function href(name, arg, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${name}${arg ? '/' + encodeURIComponent(arg) : ''}${qs ? '?' + qs : ''}`;
}

/** setParams changes parameters of the current view (in the URL; the view updates). */
export function setParams(changes, replace = false) {
  const { name, arg, params } = parse();
  const next = href(name, arg, { ...params, ...changes });
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  render();
}

function nav(active) {
  const items = [['map', t('nav.map')], ['land', t('nav.land')], ['network', t('nav.network')], ['central', t('nav.central')], ['finder', t('nav.finder')]];
  const el = document.getElementById('nav');
  el.replaceChildren(...items.map(([n, label]) => h('a', { href: href(n, n === 'land' ? 'DE-NW' : ''), 'aria-current': n === active ? 'page' : null }, label)));
  const l = document.getElementById('lang');
  l.replaceChildren(h('label', { for: 'langsel', class: 'sr' }, t('language')),
    h('select', { id: 'langsel', onchange: (e) => { setLang(e.target.value); render(true); } },
      h('option', { value: 'de', selected: lang() === 'de' }, 'Deutsch'), h('option', { value: 'en', selected: lang() === 'en' }, 'English')));
  document.documentElement.lang = lang();
  document.getElementById('foot').replaceChildren(
    h('span', {}, t('foot.data'), ' '),
    h('a', { href: 'https://www.bkg.bund.de', rel: 'noopener' }, '© GeoBasis-DE / BKG 2021 (Daten verändert)'),
    h('span', {}, ' · ', t('foot.api'), ' '), h('a', { href: 'graphiql' }, 'GraphQL (GraphiQL)'),
    h('span', {}, ' · '), h('a', { href: 'app/THIRD_PARTY_LICENSES.txt' }, t('foot.licences')));
}

/** render shows the view the URL names; force re-mounts it. */
export async function render(force = false) {
  const { name, arg, params } = parse();
  // A language from the URL re-mounts the view (its headings too).
  if (params.lang && params.lang !== lang()) {
    setLang(params.lang);
    force = true;
  }
  nav(name);
  const main = document.getElementById('main');
  let view = views[name];
  if (view.load) view = views[name] = await view.load();
  document.title = `${t('nav.' + name)} · citygraph`;
  delete main.dataset.ready;
  delete main.dataset.painted;
  main.setAttribute('aria-busy', 'true');
  try {
    if (!force && current.name === name && current.arg === arg && view.update) {
      current.params = params;
      await view.update(params, arg);
    } else {
      if (current.view && current.view.unmount) current.view.unmount();
      current = { name, arg, view, params };
      main.replaceChildren();
      await view.mount(main, arg, params);
    }
  } finally {
    main.removeAttribute('aria-busy');
  }
  // Tests wait for this mark; readyAt is the time since the page was
  // opened (performance.now), the first render's time on a fresh load.
  main.dataset.ready = name;
  window.citygraphReadyAt = performance.now();
  // paintedAt: the end of the first frame drawn after the ready mark (the
  // view's content on screen), for the first-render figures.
  const at = window.citygraphReadyAt;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (window.citygraphReadyAt !== at) return;
    window.citygraphPaintedAt = performance.now();
    main.dataset.painted = name;
  }));
}

window.addEventListener('hashchange', () => render());
// For tests and for people poking around: the pure helpers and the list of
// texts that had no translation.
window.citygraph = { csv, missing, parse, href };
render();
