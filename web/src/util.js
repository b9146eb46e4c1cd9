// Small helpers shared by the views: DOM building, number formats, CSV for
// German Excel, downloads, chart export.
import { lang, t } from './i18n.js';

let plotP = null;
/**
 * loadPlot loads Observable Plot (with the d3 modules it uses, a third of
 * the code) the first time a chart is drawn, so that the map's first frame
 * does not wait for it.
 */
export function loadPlot() {
  plotP ||= import('@observablehq/plot');
  return plotP;
}

/** afterPaint runs fn once the next frame has been drawn (and the browser is idle, or 200 ms later). */
export function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(() => {
    if (window.requestIdleCallback) requestIdleCallback(() => fn(), { timeout: 200 });
    else fn();
  }, 0));
}

/**
 * laterChart draws a chart after the first frame (the figures and tables
 * come first): holder is its place, of its height until then, with
 * data-drawn set once drawn; buttons download it. make gets the holder's
 * width.
 */
export function laterChart(name, height, make, cls = 'chart') {
  const holder = h('div', { class: cls, 'data-chart': name, style: `min-height:${height}px` });
  let node = null;
  afterPaint(() => {
    if (!holder.isConnected) return;
    node = make(holder.clientWidth);
    const heading = holder.closest('section')?.querySelector('h2');
    chartA11y(node, heading ? heading.textContent : name);
    holder.replaceChildren(node);
    holder.dataset.drawn = '1';
  });
  return { holder, buttons: chartButtons(name, () => node) };
}

/**
 * chartWidth is a chart's width: at most max, at most the width it has
 * (its holder's, else main's less a card's padding), so that on a phone
 * its text keeps its size instead of being scaled down with the chart.
 */
export function chartWidth(max, available) {
  const w = available || document.getElementById('main').clientWidth - 64;
  return Math.max(260, Math.min(max, Math.floor(w)));
}

/**
 * chartA11y makes a Plot chart one image for assistive technology, named
 * by label (the data are in the table or CSV beside it). Plot names its
 * mark groups (g aria-label="bar"), which ARIA does not allow on a g
 * without a role; the name moves to data-mark.
 */
export function chartA11y(node, label) {
  for (const g of node.querySelectorAll('g[aria-label]')) {
    g.dataset.mark = g.getAttribute('aria-label');
    g.removeAttribute('aria-label');
  }
  const svg = svgOf(node);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return node;
}

/** h builds an element: h('a', {href: '#'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

/** append adds children to el as h does: arrays flattened, null, undefined and false left out. */
export function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** num formats a number for the interface language. */
export function num(x, digits = 0) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
}

/** pct formats a share (0..1) as a percentage. */
export function pct(x, digits = 1) {
  if (x === null || x === undefined) return '–';
  return new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
}

const countryNames = {};
/** country returns a country's name in the interface language (CLDR, from the browser). */
export function country(code) {
  if (!code) return '';
  const l = lang();
  try {
    countryNames[l] ||= new Intl.DisplayNames([l], { type: 'region' });
    const n = countryNames[l].of(code);
    return n && n !== code ? n : code;
  } catch {
    return code;
  }
}

/** stateName returns a Land's name from its ISO 3166-2 code. */
export const stateNames = {
  'DE-BW': 'Baden-Württemberg', 'DE-BY': 'Bayern', 'DE-BE': 'Berlin', 'DE-BB': 'Brandenburg', 'DE-HB': 'Bremen',
  'DE-HH': 'Hamburg', 'DE-HE': 'Hessen', 'DE-MV': 'Mecklenburg-Vorpommern', 'DE-NI': 'Niedersachsen',
  'DE-NW': 'Nordrhein-Westfalen', 'DE-RP': 'Rheinland-Pfalz', 'DE-SL': 'Saarland', 'DE-SN': 'Sachsen',
  'DE-ST': 'Sachsen-Anhalt', 'DE-SH': 'Schleswig-Holstein', 'DE-TH': 'Thüringen',
};

/**
 * csv renders rows as CSV for German Excel: UTF-8 with a byte order mark,
 * semicolons, CRLF, decimal commas, and cells that Excel would take for a
 * formula (starting with = + - @, tab or CR) neutralised with a leading
 * apostrophe. Numbers stay numbers.
 */
export function csv(header, rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v).replace('.', ',') : '';
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    if (/[;"\r\n]/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
    return s;
  };
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}

/** download saves a Blob under a file name. */
export function download(name, blob) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/** csvButton is a button that downloads a table as CSV. */
export function csvButton(name, header, rows) {
  return h('button', { type: 'button', class: 'small', 'data-csv': name,
    onclick: () => download(name, new Blob([csv(header(), rows())], { type: 'text/csv;charset=utf-8' })) }, t('download.csv'));
}

/** svgOf returns a chart's SVG root (Plot returns a figure or an svg). */
function svgOf(node) {
  return node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
}

/** serializeSVG returns standalone SVG text for a chart. */
export function serializeSVG(node) {
  const svg = svgOf(node).cloneNode(true);
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = 'text{font-family:system-ui,sans-serif}';
  svg.prepend(style);
  if (!svg.getAttribute('style')?.includes('background')) svg.setAttribute('style', (svg.getAttribute('style') || '') + ';background:#fff');
  return new XMLSerializer().serializeToString(svg);
}

/** chartButtons are buttons that download a chart as SVG and PNG. */
export function chartButtons(name, node) {
  const get = typeof node === 'function' ? node : () => node;
  const svgBtn = h('button', { type: 'button', class: 'small', 'data-svg': name,
    onclick: () => download(name + '.svg', new Blob([serializeSVG(get())], { type: 'image/svg+xml' })) }, 'SVG');
  const pngBtn = h('button', { type: 'button', class: 'small', 'data-png': name,
    onclick: async () => download(name + '.png', await pngOf(get())) }, 'PNG');
  return h('span', { class: 'exports' }, svgBtn, pngBtn);
}

/** pngOf rasterises a chart at twice its size. */
export function pngOf(node) {
  const svg = svgOf(node);
  const w = svg.width.baseVal.value || svg.clientWidth, hgt = svg.height.baseVal.value || svg.clientHeight;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([serializeSVG(node)], { type: 'image/svg+xml' }));
  return new Promise((resolve, reject) => {
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = w * 2; c.height = hgt * 2;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png');
    };
    img.onerror = reject;
    img.src = url;
  });
}

/** table renders rows under a header; cells may be nodes. */
export function table(header, rows, opts = {}) {
  return scrollRegion(h('div', { class: 'tablewrap' }, h('table', { class: 'data', 'data-table': opts.name || '' },
    opts.caption ? h('caption', {}, opts.caption) : null,
    h('thead', {}, h('tr', {}, header.map((c, i) => h('th', { scope: 'col', class: opts.numeric && opts.numeric[i] ? 'num' : '' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: opts.numeric && opts.numeric[i] ? 'num' : '' }, c))))))),
  opts.caption || header.filter((c) => typeof c === 'string' && c).join(', '));
}

/**
 * scrollRegion lets the keyboard scroll a table's box (it scrolls when the
 * table is longer or wider than it): when nothing in it takes the focus,
 * the box itself does, as a region named by label (by its section's
 * heading once in a section).
 */
export function scrollRegion(wrap, label) {
  if (!wrap.querySelector('a[href], button, input, select, textarea, [tabindex]')) {
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', label);
  }
  return wrap;
}

let sectionCount = 0;

/** section is a titled block with tools (download buttons) beside the title. */
export function section(title, tools, ...body) {
  const heading = h('h2', { id: `sec${++sectionCount}` }, title);
  const el = h('section', { class: 'card' }, h('div', { class: 'cardhead' }, heading, h('div', { class: 'tools' }, tools)), body);
  for (const r of el.querySelectorAll('.tablewrap[role=region]')) {
    r.removeAttribute('aria-label');
    r.setAttribute('aria-labelledby', heading.id);
  }
  return el;
}

/** errorBox shows an error message. */
export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, t('error'), ': ', err.message || String(err));
}

/** debounce delays fn until calls stop for ms. */
export function debounce(fn, ms) {
  let id;
  return (...a) => { clearTimeout(id); id = setTimeout(() => fn(...a), ms); };
}
