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

// nav draws the header's links, the language switch and the footer once per
// language; between views only aria-current moves, so that the link or
// switch a keyboard user is on keeps the focus.
function nav(active) {
  const items = [['map', t('nav.map')], ['land', t('nav.land')], ['network', t('nav.network')], ['central', t('nav.central')], ['finder', t('nav.finder')]];
  const el = document.getElementById('nav');
  if (el.dataset.lang === lang()) {
    for (const a of el.children) {
      if (a.dataset.view === active) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    return;
  }
  el.dataset.lang = lang();
  el.replaceChildren(...items.map(([n, label]) => h('a', { href: href(n, n === 'land' ? 'DE-NW' : ''), 'data-view': n, 'aria-current': n === active ? 'page' : null }, label)));
  const l = document.getElementById('lang');
  l.replaceChildren(h('label', { for: 'langsel', class: 'sr' }, t('language')),
    h('select', { id: 'langsel', onchange: (e) => { setLang(e.target.value); render(true); } },
      h('option', { value: 'de', selected: lang() === 'de' }, 'Deutsch'), h('option', { value: 'en', selected: lang() === 'en' }, 'English')));
  document.documentElement.lang = lang();
  document.querySelector('.skip').textContent = t('skip');
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
  // The focus before: a view that redraws its form (the finder after a
  // search) gets it back on the element of the same id; a view opened from
  // a link in the old one gives it to main, where the next Tab goes on.
  const focused = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
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
  if (focused && !focused.isConnected) {
    const again = focused.id && document.getElementById(focused.id);
    (again || main).focus({ preventScroll: !again });
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
// The skip link moves the focus to the content without changing the hash
// (which holds the view's state).
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});
// For tests and for people poking around: the pure helpers and the list of
// texts that had no translation.
window.citygraph = { csv, missing, parse, href };
render();
