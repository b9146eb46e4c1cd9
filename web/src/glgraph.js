// A small WebGL renderer for the network view: one WebGL context draws all
// links as one gl.LINES call and all places as one gl.POINTS call (round
// points from the fragment shader) from typed arrays built once; the camera
// (pan, zoom, turn) is a uniform matrix, so moving it uploads nothing. A
// single 2D canvas on top holds the few labels (the largest places that
// fit, the hovered and the selected one). Places are found under the
// pointer through a grid index. A frame is drawn only when something
// changed (requestAnimationFrame on demand), and a change of the hovered
// or selected place redraws only the label layer (a WebGL canvas not drawn
// in a frame keeps its picture). On a large graph the frames
// drawn while the camera moves reuse the picture of when the motion began
// (a texture at CSS resolution under the moved camera), and the full
// picture follows.

const VERTEX_NODE = `#version 300 es
in vec2 a_pos;
in float a_size;
in vec4 a_color;
uniform mat3 u_matrix;
uniform float u_scale;
uniform float u_maxPoint;
out vec4 v_color;
out float v_px;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_pos, 1.0)).xy, 0.0, 1.0);
  v_px = clamp(2.0 * a_size * u_scale, 1.0, u_maxPoint);
  gl_PointSize = v_px;
  v_color = a_color;
}`;

const FRAGMENT_NODE = `#version 300 es
precision mediump float;
in vec4 v_color;
in float v_px;
out vec4 color;
void main() {
  float d = length(gl_PointCoord * 2.0 - 1.0);
  float a = 1.0 - smoothstep(1.0 - 2.0 / v_px, 1.0, d);
  if (a <= 0.0) discard;
  color = vec4(v_color.rgb, v_color.a * a);
}`;

const VERTEX_EDGE = `#version 300 es
in vec2 a_pos;
uniform mat3 u_matrix;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_pos, 1.0)).xy, 0.0, 1.0);
}`;

const FRAGMENT_EDGE = `#version 300 es
precision mediump float;
uniform vec4 u_color;
out vec4 color;
void main() { color = u_color; }`;

// The links' picture of the last full frame (a texture), drawn again under
// a moved camera: u_back maps this frame's clip space to that frame's.
const VERTEX_QUAD = `#version 300 es
in vec2 a_clip;
uniform mat3 u_back;
out vec2 v_tc;
void main() {
  v_tc = (u_back * vec3(a_clip, 1.0)).xy * 0.5 + 0.5;
  gl_Position = vec4(a_clip, 0.0, 1.0);
}`;

const FRAGMENT_QUAD = `#version 300 es
precision mediump float;
uniform sampler2D u_tex;
in vec2 v_tc;
out vec4 color;
void main() {
  if (any(lessThan(v_tc, vec2(0.0))) || any(greaterThan(v_tc, vec2(1.0)))) discard;
  color = texture(u_tex, v_tc);
}`;

/** affineInverse inverts an affine 3x3 matrix (column-major). */
function affineInverse(m) {
  const [a, b, , c, d, , e, f] = m, det = a * d - b * c;
  return [d / det, -b / det, 0, -c / det, a / det, 0, (c * f - d * e) / det, (b * e - a * f) / det, 1];
}

/** affineMul multiplies two affine 3x3 matrices (column-major): p * q. */
function affineMul(p, q) {
  return new Float32Array([
    p[0] * q[0] + p[3] * q[1], p[1] * q[0] + p[4] * q[1], 0,
    p[0] * q[3] + p[3] * q[4], p[1] * q[3] + p[4] * q[4], 0,
    p[0] * q[6] + p[3] * q[7] + p[6], p[1] * q[6] + p[4] * q[7] + p[7], 1,
  ]);
}

const FONT = '14px system-ui, sans-serif';

/** rgba parses '#rrggbb' into four bytes. */
function rgba(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255, 255];
}

function compile(gl, vs, fs) {
  const prog = gl.createProgram();
  for (const [type, src] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]]) {
    const s = gl.createShader(type);
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error('shader: ' + gl.getShaderInfoLog(s));
    gl.attachShader(prog, s);
  }
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error('program: ' + gl.getProgramInfoLog(prog));
  return prog;
}

const ease = (u) => (u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2);

/**
 * Camera of a GraphGL: x, y (the point in the middle of the view, in the
 * view's pixels at ratio 1 from the middle of the drawn places), ratio (1
 * shows every place; smaller zooms in) and angle (radians). setState draws
 * a still frame; animate draws moving frames (labels left out on large
 * graphs) and resolves when done.
 */
class Camera {
  constructor(view) {
    this.view = view;
    this.state = { x: 0, y: 0, ratio: 1, angle: 0 };
    this.anim = null;
  }

  getState() { return { ...this.state }; }

  setState(s) {
    this.state = { ...this.state, ...s };
    this.view.schedule();
  }

  animate(target, { duration = 300, easing = 'quadraticInOut' } = {}) {
    if (this.anim) this.anim.cancel();
    const from = this.getState();
    const to = { ...from, ...target };
    const f = easing === 'linear' ? (u) => u : ease;
    return new Promise((resolve) => {
      const start = performance.now();
      let id = 0;
      const anim = { cancel: () => { cancelAnimationFrame(id); this.anim = null; this.view.moving = false; resolve(); } };
      this.anim = anim;
      this.view.moving = true;
      const step = (now) => {
        const u = Math.min(1, (now - start) / duration);
        const k = f(u);
        const s = {};
        for (const key of ['x', 'y', 'ratio', 'angle']) s[key] = from[key] + (to[key] - from[key]) * k;
        this.state = s;
        if (u >= 1) {
          this.anim = null;
          this.view.moving = false;
          this.view.schedule();
          resolve();
          return;
        }
        this.view.schedule();
        id = requestAnimationFrame(step);
      };
      id = requestAnimationFrame(step);
    });
  }
}

/**
 * GraphGL draws a graph into container: nodes [{id, label, size (radius in
 * pixels at ratio 1), color ('#rrggbb')}] with positions read through
 * position(i) -> [x, y], edges as pairs of node indices. Options: edgeColor,
 * big (labels left out while moving; fewer labels), onClick(i), onDoubleClick(i).
 */
export class GraphGL {
  constructor(container, nodes, edges, position, opts = {}) {
    this.container = container;
    this.nodes = nodes;
    this.position = position;
    this.opts = opts;
    this.camera = new Camera(this);
    this.listeners = { beforeRender: [], afterRender: [] };
    this.hovered = -1;
    this.selected = -1;
    this.moving = false;
    this.pending = 0;
    this.needGL = false;
    this.glFrames = 0; // frames that drew the WebGL picture
    this.overlayFrames = 0; // frames that drew the label layer
    this.hoverLatencies = []; // ms from a pointermove that changed the hovered place to the frame after its label drawn
    this.hoverAt = 0;
    this.dpr = window.devicePixelRatio || 1;

    this.canvas = document.createElement('canvas');
    this.labels = document.createElement('canvas');
    for (const c of [this.canvas, this.labels]) {
      c.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;display:block;border-radius:inherit';
      container.append(c);
    }
    this.labels.style.pointerEvents = 'none';
    this.canvas.dataset.layer = 'graph';
    this.canvas.style.touchAction = 'none'; // fingers pan and pinch the drawing, not the page
    this.labels.dataset.layer = 'labels';
    const gl = this.canvas.getContext('webgl2', { antialias: !opts.big, alpha: false, depth: false, stencil: false, preserveDrawingBuffer: false, powerPreference: 'high-performance' });
    if (!gl) throw new Error('WebGL 2 is not available');
    this.gl = gl;
    this.ctx = this.labels.getContext('2d');
    this.maxPoint = gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE)[1];

    // Typed arrays built once: positions (shared by places and links),
    // sizes, colours; the places' draw order (small first, so large ones
    // lie on top) and the links' vertex pairs as index buffers.
    const n = nodes.length;
    this.pos = new Float32Array(2 * n);
    const sizes = new Float32Array(n);
    const colors = new Uint8Array(4 * n);
    let maxSize = 0;
    nodes.forEach((d, i) => {
      sizes[i] = d.size;
      colors.set(rgba(d.color), 4 * i);
      maxSize = Math.max(maxSize, d.size);
    });
    this.maxSize = maxSize;
    this.order = Array.from(nodes.keys()).sort((a, b) => sizes[a] - sizes[b]);
    this.byLabel = this.order.slice().reverse(); // largest first
    const edgeIdx = new Uint32Array(2 * edges.length);
    edges.forEach(([a, b], i) => { edgeIdx[2 * i] = a; edgeIdx[2 * i + 1] = b; });
    this.edgeCount = edges.length;

    this.nodeProg = compile(gl, VERTEX_NODE, FRAGMENT_NODE);
    this.edgeProg = compile(gl, VERTEX_EDGE, FRAGMENT_EDGE);
    this.posBuf = gl.createBuffer();
    const buffer = (target, data) => {
      const b = gl.createBuffer();
      gl.bindBuffer(target, b);
      gl.bufferData(target, data, gl.STATIC_DRAW);
      return b;
    };
    this.nodeVAO = gl.createVertexArray();
    gl.bindVertexArray(this.nodeVAO);
    this.attrib(this.nodeProg, 'a_pos', this.posBuf, 2, gl.FLOAT, false);
    this.attrib(this.nodeProg, 'a_size', buffer(gl.ARRAY_BUFFER, sizes), 1, gl.FLOAT, false);
    this.attrib(this.nodeProg, 'a_color', buffer(gl.ARRAY_BUFFER, colors), 4, gl.UNSIGNED_BYTE, true);
    buffer(gl.ELEMENT_ARRAY_BUFFER, new Uint32Array(this.order));
    this.edgeVAO = gl.createVertexArray();
    gl.bindVertexArray(this.edgeVAO);
    this.attrib(this.edgeProg, 'a_pos', this.posBuf, 2, gl.FLOAT, false);
    buffer(gl.ELEMENT_ARRAY_BUFFER, edgeIdx);
    this.quadProg = compile(gl, VERTEX_QUAD, FRAGMENT_QUAD);
    this.quadVAO = gl.createVertexArray();
    gl.bindVertexArray(this.quadVAO);
    this.attrib(this.quadProg, 'a_clip', buffer(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1])), 2, gl.FLOAT, false);
    gl.bindVertexArray(null);
    this.u = {
      nodeMatrix: gl.getUniformLocation(this.nodeProg, 'u_matrix'), scale: gl.getUniformLocation(this.nodeProg, 'u_scale'),
      maxPoint: gl.getUniformLocation(this.nodeProg, 'u_maxPoint'), edgeMatrix: gl.getUniformLocation(this.edgeProg, 'u_matrix'),
      edgeColor: gl.getUniformLocation(this.edgeProg, 'u_color'),
      back: gl.getUniformLocation(this.quadProg, 'u_back'), tex: gl.getUniformLocation(this.quadProg, 'u_tex'),
    };
    this.edgeColor = rgba(opts.edgeColor || '#b4bcc8').map((v) => v / 255);
    this.background = rgba(opts.background || '#ffffff').map((v) => v / 255);

    this.resize();
    this.readPositions();
    this.schedule();
    this.bindEvents();
    this.observer = new ResizeObserver(() => { this.resize(); this.schedule(); });
    this.observer.observe(container);
  }

  attrib(prog, name, buf, size, type, normalized) {
    const gl = this.gl, loc = gl.getAttribLocation(prog, name);
    if (loc < 0) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, buf);
    gl.enableVertexAttribArray(loc);
    gl.vertexAttribPointer(loc, size, type, normalized, 0, 0);
  }

  /** on registers fn for 'beforeRender' or 'afterRender'. */
  on(ev, fn) { this.listeners[ev].push(fn); }

  /** off removes fn. */
  off(ev, fn) { this.listeners[ev] = this.listeners[ev].filter((f) => f !== fn); }

  resize() {
    const r = this.container.getBoundingClientRect();
    this.w = Math.max(1, r.width);
    this.h = Math.max(1, r.height);
    this.dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.labels]) {
      c.width = Math.round(this.w * this.dpr);
      c.height = Math.round(this.h * this.dpr);
    }
    this.cache = null;
    this.frame();
  }

  /** invalidatePositions says the places moved (a layout step); the next frame reads them. */
  invalidatePositions() {
    this.dirty = true;
    this.schedule();
  }

  /** readPositionsIfDirty reads the places' positions if they moved. */
  readPositionsIfDirty() {
    if (this.dirty) this.readPositions();
  }

  /**
   * readPositions copies the places' positions into the position buffer
   * (shared by places and links) and fits the frame (ratio 1) to their
   * bounds.
   */
  readPositions() {
    this.dirty = false;
    const n = this.nodes.length, pos = this.pos;
    for (let i = 0; i < n; i++) {
      const [x, y] = this.position(i);
      pos[2 * i] = x;
      pos[2 * i + 1] = y;
    }
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    gl.bufferData(gl.ARRAY_BUFFER, pos, gl.DYNAMIC_DRAW);
    this.grid = null;
    this.cache = null;
    this.frame();
  }

  /** frame fits the places' bounding box into the view at ratio 1. */
  frame() {
    const pos = this.pos, n = this.nodes.length;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, pos[2 * i]); x1 = Math.max(x1, pos[2 * i]);
      y0 = Math.min(y0, pos[2 * i + 1]); y1 = Math.max(y1, pos[2 * i + 1]);
    }
    if (!(x1 >= x0)) { x0 = y0 = -1; x1 = y1 = 1; }
    const pad = Math.min(this.maxSize + 20, Math.min(this.w, this.h) / 4);
    this.cx = (x0 + x1) / 2;
    this.cy = (y0 + y1) / 2;
    this.unit = Math.min((this.w - 2 * pad) / Math.max(x1 - x0, 1e-9), (this.h - 2 * pad) / Math.max(y1 - y0, 1e-9));
    if (!isFinite(this.unit) || this.unit <= 0) this.unit = 1;
  }

  /** toView maps graph coordinates to the view's CSS pixels. */
  toView(x, y) {
    const { x: cx, y: cy, ratio, angle } = this.camera.state;
    const nx = (x - this.cx) * this.unit - cx, ny = (y - this.cy) * this.unit - cy;
    const c = Math.cos(angle), s = Math.sin(angle);
    return [this.w / 2 + (c * nx - s * ny) / ratio, this.h / 2 - (s * nx + c * ny) / ratio];
  }

  /** fromView maps view pixels to the camera's coordinates (unrotated, ratio 1 units). */
  fromView(px, py) {
    const { x, y, ratio, angle } = this.camera.state;
    const vx = (px - this.w / 2) * ratio, vy = (this.h / 2 - py) * ratio;
    const c = Math.cos(angle), s = Math.sin(angle);
    return [x + c * vx + s * vy, y - s * vx + c * vy];
  }

  /** nodeCamera is where place i lies in camera coordinates (for animate). */
  nodeCamera(i) {
    return { x: (this.pos[2 * i] - this.cx) * this.unit, y: (this.pos[2 * i + 1] - this.cy) * this.unit };
  }

  /** radius is place i's drawn radius in CSS pixels. */
  radius(i) { return this.nodes[i].size / Math.sqrt(this.camera.state.ratio); }

  /**
   * schedule asks for a frame: the WebGL picture and the labels, or with
   * gl false (a new hovered or selected place) the labels only.
   */
  schedule(gl = true) {
    if (gl) this.needGL = true;
    if (this.pending || this.killed) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.render(); });
  }

  render() {
    for (const f of this.listeners.beforeRender) f();
    this.readPositionsIfDirty();
    if (this.needGL) {
      this.needGL = false;
      this.renderGL();
      this.glFrames++;
    }
    this.drawLabels();
    this.overlayFrames++;
    if (this.hoverAt) {
      // Measured at the next frame's start: the frame drawn has been handed
      // on (the browser's frame pipeline is throttled by its drawing).
      const at = this.hoverAt;
      this.hoverAt = 0;
      requestAnimationFrame((now) => {
        this.hoverLatencies.push(now - at);
        if (this.hoverLatencies.length > 200) this.hoverLatencies.shift();
      });
    }
    for (const f of this.listeners.afterRender) f();
  }

  /** renderGL draws the WebGL picture: links and places under the camera. */
  renderGL() {
    const gl = this.gl, { x, y, ratio, angle } = this.camera.state;
    // Graph coordinates to clip space: centre, scale to pixels, camera,
    // turn, zoom, pixels to clip space (y up).
    const c = Math.cos(angle), s = Math.sin(angle);
    const k = this.unit / ratio, sx = 2 / this.w, sy = 2 / this.h;
    const tx = -this.cx * this.unit - x, ty = -this.cy * this.unit - y;
    const m = new Float32Array([
      sx * c * k, sy * s * k, 0,
      -sx * s * k, sy * c * k, 0,
      sx * (c * tx - s * ty) / ratio, sy * (s * tx + c * ty) / ratio, 1,
    ]);
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(...this.background);
    if (this.opts.big && this.moving) {
      // A moving frame of a large graph: the picture (links and places) as
      // drawn when the motion began, kept in a texture and drawn as one
      // quad under the moved camera (drawing 25,000 lines is most of a
      // full frame's cost); the full frame follows when the motion stops.
      let cache = this.cache;
      if (!cache || !cache.m) {
        cache = cache || this.newCache();
        gl.bindFramebuffer(gl.FRAMEBUFFER, cache.fb);
        gl.viewport(0, 0, cache.w, cache.h);
        gl.clear(gl.COLOR_BUFFER_BIT);
        this.drawEdges(m);
        this.drawNodes(m, ratio, this.dpr * cache.w / this.canvas.width);
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        gl.viewport(0, 0, this.canvas.width, this.canvas.height);
        cache.m = m;
      }
      gl.clear(gl.COLOR_BUFFER_BIT);
      this.drawCache(affineMul(cache.m, affineInverse(m)));
    } else {
      gl.clear(gl.COLOR_BUFFER_BIT);
      this.drawEdges(m);
      if (this.cache) this.cache.m = null; // the next motion draws the links anew
    }
    if (!(this.opts.big && this.moving)) this.drawNodes(m, ratio);
  }

  /**
   * drawNodes draws every place as a round point (one draw call), small
   * ones first; px is the target's pixels per CSS pixel.
   */
  drawNodes(m, ratio, px = this.dpr) {
    const gl = this.gl;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    gl.useProgram(this.nodeProg);
    gl.uniformMatrix3fv(this.u.nodeMatrix, false, m);
    gl.uniform1f(this.u.scale, px / Math.sqrt(ratio));
    gl.uniform1f(this.u.maxPoint, this.maxPoint);
    gl.bindVertexArray(this.nodeVAO);
    gl.drawElements(gl.POINTS, this.nodes.length, gl.UNSIGNED_INT, 0);
    gl.bindVertexArray(null);
  }

  /** drawEdges draws every link as a 1-pixel line (one draw call). */
  drawEdges(m) {
    const gl = this.gl;
    gl.useProgram(this.edgeProg);
    gl.uniformMatrix3fv(this.u.edgeMatrix, false, m);
    gl.uniform4fv(this.u.edgeColor, this.edgeColor);
    gl.bindVertexArray(this.edgeVAO);
    gl.disable(gl.BLEND);
    gl.drawElements(gl.LINES, 2 * this.edgeCount, gl.UNSIGNED_INT, 0);
  }

  /** drawCache draws the links' picture kept from the last full frame; back maps clip space to that frame's. */
  drawCache(back) {
    const gl = this.gl;
    gl.useProgram(this.quadProg);
    gl.uniformMatrix3fv(this.u.back, false, back);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.cache.tex);
    gl.uniform1i(this.u.tex, 0);
    gl.bindVertexArray(this.quadVAO);
    gl.disable(gl.BLEND);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  /** newCache makes the texture (the view's size in CSS pixels) that keeps the picture of when a motion began. */
  newCache() {
    const gl = this.gl, tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, tex);
    // At the view's CSS resolution: on a HiDPI screen a quarter of the
    // canvas's pixels to draw when a motion begins and to read per frame.
    const w = Math.max(1, Math.round(this.canvas.width / this.dpr)), h = Math.max(1, Math.round(this.canvas.height / this.dpr));
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, w, h, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    for (const [k, v] of [[gl.TEXTURE_MIN_FILTER, gl.LINEAR], [gl.TEXTURE_MAG_FILTER, gl.LINEAR], [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE], [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE]]) gl.texParameteri(gl.TEXTURE_2D, k, v);
    const fb = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    if (this.cacheOld) { gl.deleteTexture(this.cacheOld.tex); gl.deleteFramebuffer(this.cacheOld.fb); }
    this.cache = this.cacheOld = { tex, fb, m: null, w, h };
    return this.cache;
  }

  /**
   * drawLabels draws the labels of the largest places that fit without
   * overlapping (at most 40, 24 on a large graph, whose labels are left out
   * while it moves),
   * then the hovered and the selected place with a halo and a boxed label.
   */
  drawLabels() {
    const ctx = this.ctx, dpr = this.dpr;
    this.shown = [];
    const special = [this.selected, this.hovered].filter((i) => i >= 0);
    // While a large graph moves, the label layer is taken away (one layer
    // less for the compositor) rather than drawn empty.
    const hide = this.opts.big && this.moving;
    this.labels.style.display = hide ? 'none' : '';
    if (hide) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const boxes = [];
    const free = (b) => boxes.every((o) => b[0] > o[2] || b[2] < o[0] || b[1] > o[3] || b[3] < o[1]);
    for (const i of special) {
      const [px, py] = this.toView(this.pos[2 * i], this.pos[2 * i + 1]);
      const r = this.radius(i), w = ctx.measureText(this.nodes[i].label).width;
      boxes.push([px - r, py - 10, px + r + 8 + w, py + 10]);
    }
    const limit = this.opts.big ? 24 : 40, min = this.opts.big ? 5 : 4;
    let drawn = 0;
    ctx.fillStyle = '#111';
    ctx.strokeStyle = 'rgba(255,255,255,.85)'; // a halo keeps a label readable over the drawing
    ctx.lineWidth = 3;
    ctx.lineJoin = 'round';
    for (const i of this.byLabel) {
      if (drawn >= limit) break;
      const r = this.radius(i);
      if (r < min) break;
      if (special.includes(i)) continue;
      const [px, py] = this.toView(this.pos[2 * i], this.pos[2 * i + 1]);
      if (px < -50 || py < -20 || px > this.w + 50 || py > this.h + 20) continue;
      const label = this.nodes[i].label, w = ctx.measureText(label).width;
      const b = [px + r + 2, py - 9, px + r + 5 + w, py + 9];
      if (!free(b)) continue;
      boxes.push(b);
      ctx.strokeText(label, px + r + 3, py);
      ctx.fillText(label, px + r + 3, py);
      this.shown.push(i);
      drawn++;
    }
    for (const i of special) {
      const [px, py] = this.toView(this.pos[2 * i], this.pos[2 * i + 1]);
      const r = this.radius(i), label = this.nodes[i].label, w = ctx.measureText(label).width;
      ctx.beginPath();
      ctx.arc(px, py, r + 2, 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = i === this.selected ? '#111' : '#fff';
      ctx.stroke();
      ctx.shadowColor = 'rgba(0,0,0,.35)';
      ctx.shadowBlur = 6;
      ctx.fillStyle = '#fff';
      ctx.fillRect(px + r + 3, py - 11, w + 10, 22);
      ctx.shadowBlur = 0;
      ctx.fillStyle = '#111';
      ctx.fillText(label, px + r + 8, py);
      this.shown.push(i);
    }
  }

  /** buildGrid indexes the places in a grid of cells (graph coordinates). */
  buildGrid() {
    const n = this.nodes.length, pos = this.pos;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, pos[2 * i]); x1 = Math.max(x1, pos[2 * i]);
      y0 = Math.min(y0, pos[2 * i + 1]); y1 = Math.max(y1, pos[2 * i + 1]);
    }
    const side = Math.max(1, Math.ceil(Math.sqrt(n / 4)));
    const cw = Math.max((x1 - x0) / side, 1e-9), ch = Math.max((y1 - y0) / side, 1e-9);
    const cells = new Map();
    for (let i = 0; i < n; i++) {
      const key = Math.min(side - 1, Math.floor((pos[2 * i] - x0) / cw)) * side + Math.min(side - 1, Math.floor((pos[2 * i + 1] - y0) / ch));
      let c = cells.get(key);
      if (!c) cells.set(key, (c = []));
      c.push(i);
    }
    this.grid = { x0, y0, cw, ch, side, cells };
  }

  /** nodeAt returns the place under the view pixel (px, py), or -1. */
  nodeAt(px, py) {
    this.readPositionsIfDirty();
    if (!this.grid) this.buildGrid();
    const g = this.grid, ratio = this.camera.state.ratio;
    const [cx, cy] = this.fromView(px, py);
    const gx = cx / this.unit + this.cx, gy = cy / this.unit + this.cy;
    const reach = (this.maxSize / Math.sqrt(ratio) + 4) * ratio / this.unit; // graph units
    const i0 = Math.max(0, Math.floor((gx - reach - g.x0) / g.cw)), i1 = Math.min(g.side - 1, Math.floor((gx + reach - g.x0) / g.cw));
    const j0 = Math.max(0, Math.floor((gy - reach - g.y0) / g.ch)), j1 = Math.min(g.side - 1, Math.floor((gy + reach - g.y0) / g.ch));
    let best = -1, bestD = Infinity;
    for (let a = i0; a <= i1; a++) {
      for (let b = j0; b <= j1; b++) {
        for (const i of g.cells.get(a * g.side + b) || []) {
          const [vx, vy] = this.toView(this.pos[2 * i], this.pos[2 * i + 1]);
          const d = Math.hypot(vx - px, vy - py);
          if (d <= this.radius(i) + 3 && d < bestD) { best = i; bestD = d; }
        }
      }
    }
    return best;
  }

  /** setHovered marks place i (or -1) as hovered; at is the pointer event's time (for hoverLatencies). */
  setHovered(i, at = 0) {
    if (i === this.hovered) return;
    this.hovered = i;
    this.canvas.style.cursor = i >= 0 ? 'pointer' : '';
    if (at) this.hoverAt = at;
    this.schedule(false);
  }

  setSelected(i) {
    this.selected = i;
    this.schedule(false);
  }

  /** isVisible says whether place i lies inside the view. */
  isVisible(i) {
    const [px, py] = this.toView(this.pos[2 * i], this.pos[2 * i + 1]);
    return px >= 0 && py >= 0 && px <= this.w && py <= this.h;
  }

  /**
   * bindEvents handles the pointer on the drawing: a drag pans (mouse, pen
   * or one finger), two fingers pan and pinch-zoom, a click or a tap on a
   * place calls onClick, the wheel zooms.
   */
  bindEvents() {
    const cv = this.canvas;
    let drag = null, pinch = null;
    const points = new Map(); // pointerId -> [px, py] of the pointers down
    const local = (e) => { const r = cv.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    const moveEnd = () => { clearTimeout(this.moveTimer); this.moveTimer = setTimeout(() => { this.moving = false; this.schedule(); }, 150); };
    const startDrag = (px, py, moved) => { drag = { px, py, start: this.camera.getState(), moved }; };
    const startPinch = () => {
      const [[ax, ay], [bx, by]] = [...points.values()];
      const mx = (ax + bx) / 2, my = (ay + by) / 2;
      pinch = { d: Math.max(1, Math.hypot(bx - ax, by - ay)), g: this.fromView(mx, my), start: this.camera.getState() };
    };
    this.on_ = {
      pointerdown: (e) => {
        const [px, py] = local(e);
        points.set(e.pointerId, [px, py]);
        cv.setPointerCapture(e.pointerId);
        if (points.size === 2) { drag = null; startPinch(); return; }
        if (points.size === 1) startDrag(px, py, false);
      },
      pointermove: (e) => {
        const [px, py] = local(e);
        if (points.has(e.pointerId)) points.set(e.pointerId, [px, py]);
        if (pinch && points.size >= 2) {
          // The place under the fingers' midpoint stays under it; the
          // ratio follows the fingers' distance.
          const [[ax, ay], [bx, by]] = [...points.values()];
          const mx = (ax + bx) / 2, my = (ay + by) / 2, st = pinch.start;
          const ratio = Math.min(4, Math.max(0.002, st.ratio * pinch.d / Math.max(1, Math.hypot(bx - ax, by - ay))));
          const c = Math.cos(st.angle), s = Math.sin(st.angle), vx = (mx - this.w / 2) * ratio, vy = (this.h / 2 - my) * ratio;
          this.moving = true;
          this.camera.setState({ x: pinch.g[0] - (c * vx + s * vy), y: pinch.g[1] - (-s * vx + c * vy), ratio });
          return;
        }
        if (!drag) { this.setHovered(this.nodeAt(px, py), e.timeStamp); return; }
        const dx = px - drag.px, dy = py - drag.py;
        if (!drag.moved && Math.hypot(dx, dy) < (e.pointerType === 'touch' ? 8 : 4)) return;
        drag.moved = true;
        this.moving = true;
        const { ratio, angle } = drag.start, c = Math.cos(angle), s = Math.sin(angle);
        const vx = dx * ratio, vy = -dy * ratio;
        this.camera.setState({ x: drag.start.x - (c * vx + s * vy), y: drag.start.y - (-s * vx + c * vy) });
      },
      pointerup: (e) => {
        const was = points.size;
        points.delete(e.pointerId);
        if (pinch) {
          // From two fingers to one: that finger drags on (no tap).
          pinch = null;
          if (points.size === 1) { const [px, py] = [...points.values()][0]; startDrag(px, py, true); } else if (was) moveEnd();
          return;
        }
        if (!drag) return;
        const moved = drag.moved;
        drag = null;
        if (moved) { moveEnd(); return; }
        const [px, py] = local(e);
        const i = this.nodeAt(px, py);
        if (i >= 0 && this.opts.onClick) this.opts.onClick(i);
      },
      pointercancel: (e) => {
        points.delete(e.pointerId);
        if (drag?.moved || pinch) moveEnd();
        drag = pinch = null;
      },
      pointerleave: () => { if (!drag && !pinch) this.setHovered(-1); },
      dblclick: (e) => {
        e.preventDefault();
        const [px, py] = local(e);
        const i = this.nodeAt(px, py);
        if (i >= 0 && this.opts.onDoubleClick) this.opts.onDoubleClick(i);
        else if (i < 0) this.zoomAt(px, py, 1 / 1.5, true);
      },
      wheel: (e) => {
        e.preventDefault();
        const [px, py] = local(e);
        this.moving = true;
        this.zoomAt(px, py, Math.exp(Math.max(-1, Math.min(1, e.deltaY * (e.deltaMode ? 0.05 : 0.002)))));
        moveEnd();
      },
    };
    for (const [ev, fn] of Object.entries(this.on_)) cv.addEventListener(ev, fn, ev === 'wheel' ? { passive: false } : undefined);
  }

  /** zoomAt multiplies the ratio by f keeping the point under (px, py) in place. */
  zoomAt(px, py, f, animated = false) {
    const st = this.camera.state;
    const ratio = Math.min(4, Math.max(0.002, st.ratio * f));
    const [gx, gy] = this.fromView(px, py);
    const k = ratio / st.ratio;
    const target = { x: gx - (gx - st.x) * k, y: gy - (gy - st.y) * k, ratio };
    if (animated) return this.camera.animate(target, { duration: 250 });
    this.camera.setState(target);
    return Promise.resolve();
  }

  /** key handles the keyboard on the drawing: arrows move, + and - zoom, 0 shows all. */
  key(e) {
    const step = 60, st = this.camera.state;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key], c = Math.cos(st.angle), s = Math.sin(st.angle);
      const vx = dx * st.ratio, vy = dy * st.ratio;
      this.camera.animate({ x: st.x + c * vx + s * vy, y: st.y - s * vx + c * vy }, { duration: 150 });
    } else if (e.key === '+' || e.key === '=') this.zoomAt(this.w / 2, this.h / 2, 1 / 1.5, true);
    else if (e.key === '-') this.zoomAt(this.w / 2, this.h / 2, 1.5, true);
    else if (e.key === '0' || e.key === 'Home') this.camera.animate({ x: 0, y: 0, ratio: 1, angle: 0 }, { duration: 300 });
    else return false;
    return true;
  }

  kill() {
    this.killed = true;
    cancelAnimationFrame(this.pending);
    if (this.camera.anim) this.camera.anim.cancel();
    clearTimeout(this.moveTimer);
    this.observer.disconnect();
    for (const [ev, fn] of Object.entries(this.on_)) this.canvas.removeEventListener(ev, fn);
    const lose = this.gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
    this.canvas.remove();
    this.labels.remove();
  }
}
