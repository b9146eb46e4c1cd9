// A Leaflet layer that draws many points on one canvas: thousands of
// municipalities or partner places cost one redraw, not thousands of
// layers. Hover shows a tooltip, a click calls onClick with the point.
import L from 'leaflet';

export const PointLayer = L.Layer.extend({
  initialize(points, opts) {
    // points: [{lat, lon, r, label, ...}]
    this._points = points;
    L.setOptions(this, opts);
  },
  onAdd(map) {
    this._map = map;
    this._canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide cg-points');
    this._canvas.style.pointerEvents = 'none';
    map.getPanes().overlayPane.appendChild(this._canvas);
    this._tip = L.tooltip({ direction: 'top', offset: [0, -4] });
    map.on('moveend zoomend resize', this._redraw, this);
    map.on('mousemove', this._hover, this);
    map.on('click', this._click, this);
    this._redraw();
  },
  onRemove(map) {
    map.off('moveend zoomend resize', this._redraw, this);
    map.off('mousemove', this._hover, this);
    map.off('click', this._click, this);
    map.closeTooltip(this._tip);
    this._canvas.remove();
  },
  _redraw() {
    const map = this._map, size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(this._canvas, topLeft);
    const ratio = window.devicePixelRatio || 1;
    this._canvas.width = size.x * ratio;
    this._canvas.height = size.y * ratio;
    this._canvas.style.width = size.x + 'px';
    this._canvas.style.height = size.y + 'px';
    // A canvas in memory (willReadFrequently): drawn by the CPU in one go,
    // with no round trips to the GPU process (software GL on machines without one).
    const ctx = this._canvas.getContext('2d', { willReadFrequently: true });
    ctx.scale(ratio, ratio);
    ctx.fillStyle = this.options.fill;
    ctx.strokeStyle = this.options.stroke;
    ctx.lineWidth = 0.5;
    ctx.globalAlpha = this.options.opacity ?? 0.7;
    // All points are one path, filled once and outlined once: thousands of
    // points cost two canvas operations, not two each.
    this._screen = new Float32Array(this._points.length * 2);
    ctx.beginPath();
    this._points.forEach((p, i) => {
      const pt = map.latLngToContainerPoint([p.lat, p.lon]);
      this._screen[2 * i] = pt.x;
      this._screen[2 * i + 1] = pt.y;
      if (pt.x < -10 || pt.y < -10 || pt.x > size.x + 10 || pt.y > size.y + 10) return;
      ctx.moveTo(pt.x + p.r, pt.y);
      ctx.arc(pt.x, pt.y, p.r, 0, 2 * Math.PI);
    });
    ctx.fill();
    ctx.stroke();
  },
  // nearest returns the point under a container position, or null.
  _nearest(cp) {
    let best = null, bestD = Infinity;
    for (let i = 0; i < this._points.length; i++) {
      const dx = this._screen[2 * i] - cp.x, dy = this._screen[2 * i + 1] - cp.y;
      const d = dx * dx + dy * dy, r = this._points[i].r + 3;
      if (d <= r * r && d < bestD) { best = this._points[i]; bestD = d; }
    }
    return best;
  },
  _hover(e) {
    const p = this._nearest(e.containerPoint);
    this._map.getContainer().style.cursor = p ? 'pointer' : '';
    if (p) this._tip.setLatLng([p.lat, p.lon]).setContent(p.label).addTo(this._map);
    else this._map.closeTooltip(this._tip);
  },
  _click(e) {
    const p = this._nearest(e.containerPoint);
    if (p && this.options.onClick) {
      L.DomEvent.stop(e);
      this.options.onClick(p);
    }
  },
});
