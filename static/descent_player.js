// The descent player: the cost bowl, the descent path animated over it, and the
// convergence chart, drawn in the browser (canvas + SVG, no plotting library).
//
// Full-batch gradient descent on the quadratic J is re-run here on every input
// (η, β, steps, a click on the bowl), so the path redraws without waiting for
// the server; in a race, every chosen method is, from the same start. The steps
// are the engine's (static/descent_engine.js), checked against the solvers under
// Node; the server keeps the reference run.

const SVG = "http://www.w3.org/2000/svg";
const FRAMES_AT_1X = 300; // a whole run plays in 5 s at 60 frames per second
const HEAT = 140; // heat-map and contour grid, nodes per side
const LEVELS = 14;

// The engine's numbers, handed over by the component's loader
// (ui/descent/player.py), which fetches both files at the same version.
let problemFrom, runMethod, stepsToReach;

export function mount(component, engine) {
  ({ problemFrom, runMethod, stepsToReach } = engine);
  const { data, parentElement, setStateValue } = component;
  let player = parentElement.__descentPlayer;
  if (!player) {
    player = new Player(parentElement);
    parentElement.__descentPlayer = player;
  }
  player.send = setStateValue;
  player.update(data);
}

// ------------------------------------------------------------------ numbers
// The numbers (problemFrom, runMethod, stepsToReach) come from the engine,
// static/descent_engine.js (`mount`).

// A run that blows up (or ends farther than 10× its start's distance from w*).
const diverging = (run) => run.status === "diverged" || !(run.dist[run.nIter] < 10 * run.dist[0]);

// Iterations shown while playing: every one of the first steps (they move
// most), geometrically spaced ones after, always the last.
function schedule(nIter, count) {
  if (nIter + 1 <= count) return Array.from({ length: nIter + 1 }, (_, i) => i);
  const head = Math.floor(count / 3);
  const out = new Set();
  for (let i = 0; i < head; i++) out.add(i);
  const ratio = Math.log(nIter / head) / (count - head - 1);
  for (let i = 0; i < count - head; i++) out.add(Math.round(head * Math.exp(ratio * i)));
  out.add(nIter);
  return Array.from(out).sort((x, y) => x - y);
}

function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let x = Math.ceil(lo / step) * step; x <= hi + step * 1e-9; x += step) {
    ticks.push(Math.abs(x) < step * 1e-9 ? 0 : x);
  }
  return ticks;
}

const fmt = (x) => {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(2).replace("e+", "e") : Number(x.toPrecision(4)).toString();
};
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const decade = (e) => "10" + String(e).split("").map((c) => SUPERSCRIPT[c]).join("");

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function colorAt(scale, u) {
  for (let i = 1; i < scale.length; i++) {
    if (u <= scale[i][0] || i === scale.length - 1) {
      const [p0, c0] = scale[i - 1];
      const [p1, c1] = scale[i];
      const f = Math.min(Math.max((u - p0) / (p1 - p0 || 1), 0), 1);
      const x = hexToRgb(c0);
      const y = hexToRgb(c1);
      return [0, 1, 2].map((j) => Math.round(x[j] + f * (y[j] - x[j])));
    }
  }
  return hexToRgb(scale[scale.length - 1][1]);
}

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, attrs = {}, parent = null, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// Marching squares: segments where the grid's values cross `level`.
function isoSegments(z, nx, ny, level, toX, toY) {
  const parts = [];
  const xs = [0, 0, 0, 0];
  const ys = [0, 0, 0, 0];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v0 = z[j * nx + i];
      const v1 = z[j * nx + i + 1];
      const v2 = z[(j + 1) * nx + i + 1];
      const v3 = z[(j + 1) * nx + i];
      const b0 = v0 < level;
      if (b0 === v1 < level && b0 === v2 < level && b0 === v3 < level) continue;
      let count = 0;
      const edge = (va, vb, ia, ja, ib, jb) => {
        if (va < level === vb < level) return;
        const f = (level - va) / (vb - va);
        xs[count] = toX(ia + f * (ib - ia));
        ys[count] = toY(ja + f * (jb - ja));
        count += 1;
      };
      edge(v0, v1, i, j, i + 1, j);
      edge(v1, v2, i + 1, j, i + 1, j + 1);
      edge(v2, v3, i + 1, j + 1, i, j + 1);
      edge(v3, v0, i, j + 1, i, j);
      for (let e = 0; e + 1 < count; e += 2) {
        parts.push(`M${xs[e].toFixed(1)},${ys[e].toFixed(1)}L${xs[e + 1].toFixed(1)},${ys[e + 1].toFixed(1)}`);
      }
    }
  }
  return parts.join("");
}

// ------------------------------------------------------------------ player

class Player {
  constructor(parent) {
    this.parent = parent;
    this.send = () => {};
    this.frame = 0; // index into this.frames while playing
    this.t = 0; // the iteration shown
    this.playing = false;
    this.speed = 1;
    this.position = 0;
    this.pending = null;
    this.generation = null; // of the server's settings last taken (`update`)
    this.stats = { frames: 0, since: 0 };
    this.reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.build();
    this.resize = new ResizeObserver(() => {
      if (this.root.clientWidth !== this.laidOutWidth) this.layout();
    });
    this.resize.observe(this.root);
    window.lessonCharts = window.lessonCharts || {};
  }

  build() {
    const root = html("div", { class: "dp", role: "group" }, this.parent);
    this.root = root;
    const main = html("div", { class: "dp-main" }, root);
    const bowl = html("div", { class: "dp-bowl" }, main);
    // Three layers: the bowl rasterized once (canvas), the axes (SVG, static),
    // and the path with its markers (SVG, redrawn every frame on its own layer).
    this.canvas = html("canvas", { class: "dp-heat", "aria-hidden": "true" }, bowl);
    this.back = el("svg", { class: "dp-back", "aria-hidden": "true" }, bowl);
    this.svg = el("svg", { class: "dp-svg", role: "img", tabindex: "0" }, bowl);
    this.svgTitle = el("title", {}, this.svg);
    const side = html("div", { class: "dp-side" }, main);
    this.side = side;
    this.controls = html("div", { class: "dp-controls" }, side);
    // η in 1/24 of a decade per arrow key, a decade per PageUp/PageDown, or typed
    // (limits, like β's and the steps', from the payload: `update`).
    this.learningRateSlider = this.slider("η", "learning rate η (log scale)", 1 / 24);
    this.learningRateSlider.addEventListener("keydown", (event) => {
      const jump = { PageUp: 1, PageDown: -1 }[event.key];
      if (!jump) return;
      event.preventDefault();
      this.learningRateSlider.value = String(Number(this.learningRateSlider.value) + jump);
      this.learningRateSlider.dispatchEvent(new Event("input"));
    });
    this.learningRateBox = html("input", { type: "number", step: "any", class: "dp-number", "aria-label": "learning rate η, typed" });
    this.learningRateSlider.output.replaceWith(this.learningRateBox);
    this.learningRateBox.addEventListener("change", () => {
      const [low, high] = this.data.limits.learningRate;
      const typed = Number(this.learningRateBox.value);
      if (this.learningRateBox.value.trim() === "" || !Number.isFinite(typed)) {
        this.learningRateBox.value = String(this.values.learningRate);
        return;
      }
      this.values.learningRate = Math.min(Math.max(typed, low), high);
      this.learningRateSlider.value = String(Math.log10(this.values.learningRate));
      this.changed();
    });
    this.momentumSlider = this.slider("β", "momentum β", 0.01);
    this.maxIterSlider = this.slider("steps", "maximum number of steps (log scale)", 0.001);
    const row = html("div", { class: "dp-row" }, this.controls);
    this.resetStart = html("button", { type: "button", class: "dp-button" }, row, "Reset start");
    this.resetStart.addEventListener("click", () => {
      this.clickedStart = null;
      this.bounds = JSON.parse(this.home);
      this.changed();
    });
    this.hint = html("span", { class: "dp-hint" }, row, "Click the bowl to start there.");
    this.limitNote = html("p", { class: "dp-limit" }, this.controls);
    // Two charts share the place under the controls: one shown at a time.
    const tabs = html("div", { class: "dp-tabs", role: "tablist" }, side);
    this.tabs = [
      ["conv", "How close after t steps"],
      ["steps", "Steps for each η"],
    ].map(([name, label]) => {
      const tab = html("button", { type: "button", role: "tab", class: "dp-tab" }, tabs, label);
      tab.addEventListener("click", () => this.showTab(name));
      tab.dataset.name = name;
      return tab;
    });
    this.conv = el("svg", { class: "dp-conv", role: "img" }, side);
    this.convTitle = el("title", {}, this.conv);
    this.stepsSvg = el("svg", { class: "dp-conv dp-steps", role: "img" }, side);
    this.stepsTitle = el("title", {}, this.stepsSvg);
    this.tab = "conv";
    // In a race: each method's dash, marker, name and steps to the yardstick.
    this.legend = html("ul", { class: "dp-legend", "aria-label": "methods racing" }, side);
    this.legend.hidden = true;

    const bar = html("div", { class: "dp-transport" }, root);
    this.bar = bar;
    this.bowl = bowl;
    const button = (label, aria, action) => {
      const b = html("button", { type: "button", class: "dp-button", "aria-label": aria, title: aria }, bar, label);
      b.addEventListener("click", action);
      return b;
    };
    button("↺ start", "back to the start", () => this.show(0, true));
    button("◀", "one step back", () => this.show(this.t - 1, true));
    this.playButton = button("▶ Play", "play", () => (this.playing ? this.pause() : this.play()));
    button("▶❘", "one step forward", () => this.show(this.t + 1, true));
    this.scrub = html("input", { type: "range", min: "0", max: "1", step: "1", class: "dp-scrub", "aria-label": "iteration shown" }, bar);
    this.scrub.addEventListener("input", () => this.show(Number(this.scrub.value), true));
    this.tLabel = html("span", { class: "dp-t" }, bar);
    const speedLabel = html("label", { class: "dp-speed" }, bar, "speed ");
    this.speedBox = html("select", { "aria-label": "playback speed" }, speedLabel);
    for (const s of [0.25, 0.5, 1, 2, 4]) {
      const option = html("option", { value: String(s) }, this.speedBox, `${s}×`);
      if (s === 1) option.selected = true;
    }
    this.speedBox.addEventListener("change", () => (this.speed = Number(this.speedBox.value)));
    // The run in words, under the Play bar: beside the bowl it took the room
    // the charts need on a projector.
    this.summary = html("p", { class: "dp-summary", "aria-live": "polite" }, root);

    this.svg.addEventListener("click", (event) => this.clickBowl(event));
    this.svg.addEventListener("keydown", (event) => this.keyBowl(event));
    // The sliders set round values; values from the server (a lesson's computed
    // η) are kept exactly until a slider moves.
    const read = {
      learningRate: () => Number(Math.pow(10, Number(this.learningRateSlider.value)).toPrecision(3)),
      momentum: () => Number(Number(this.momentumSlider.value).toFixed(2)),
      maxIter: () => Math.max(1, Math.round(Math.pow(10, Number(this.maxIterSlider.value)))),
    };
    for (const [name, input] of [["learningRate", this.learningRateSlider], ["momentum", this.momentumSlider], ["maxIter", this.maxIterSlider]]) {
      input.addEventListener("input", () => {
        this.values[name] = read[name]();
        this.changed();
      });
    }
  }

  showTab(name) {
    this.tab = name;
    for (const tab of this.tabs) tab.setAttribute("aria-selected", String(tab.dataset.name === name));
    this.conv.style.display = name === "conv" ? "" : "none";
    this.stepsSvg.style.display = name === "steps" ? "" : "none";
  }

  slider(name, aria, step) {
    const label = html("label", { class: "dp-slider" }, this.controls);
    html("span", { class: "dp-name" }, label, name);
    const input = html("input", { type: "range", step: String(step), "aria-label": aria }, label);
    input.output = html("output", {}, label);
    return input;
  }

  // -------------------------------------------------------------- data in

  update(data) {
    const first = !this.data;
    const problemChanged = first || data.signature !== this.data.signature;
    this.data = data;
    this.q = problemFrom(data.problem, data.constants);
    const limits = data.limits;
    for (const [input, [low, high], log] of [[this.learningRateSlider, limits.learningRate, true], [this.momentumSlider, limits.momentum, false], [this.maxIterSlider, limits.maxIter, true]]) {
      input.min = String(log ? Math.log10(low) : low);
      input.max = String(log ? Math.log10(high) : high);
    }
    this.learningRateBox.min = String(limits.learningRate[0]);
    this.learningRateBox.max = String(limits.learningRate[1]);
    // The server's settings are taken when it sets new ones (a new generation:
    // a link, a clamp); its answers to this player's own moves repeat the
    // previous generation, so a late answer never pulls the sliders back.
    const s = data.settings;
    const fresh = data.generation !== this.generation;
    this.generation = data.generation;
    if (problemChanged || (fresh && !this.pending)) {
      this.values = { learningRate: s.learningRate, momentum: s.momentum, maxIter: s.maxIter };
      this.learningRateSlider.value = Math.log10(s.learningRate);
      this.momentumSlider.value = s.momentum;
      this.maxIterSlider.value = Math.log10(s.maxIter);
      this.clickedStart = s.clickedStart;
    }
    this.controls.hidden = !data.explore;
    // A race: each method has its own η and β (from the data); the steps, the
    // start and Reset stay.
    const racing = Boolean(data.race);
    for (const node of [this.learningRateSlider.parentElement, this.momentumSlider.parentElement, this.limitNote, this.tabs[1]]) {
      node.style.display = racing ? "none" : "";
    }
    if (racing && this.tab !== "conv") this.tab = "conv";
    // Every run is re-run here (SGD too, from the server's seed): a click starts it anywhere.
    const clickable = Boolean(data.explore);
    this.resetStart.hidden = !clickable;
    this.svg.classList.toggle("dp-clickable", clickable);
    this.root.classList.toggle("dp-presenter", Boolean(data.presenter));
    this.root.setAttribute("aria-label", data.label);
    const dark = this.isDark();
    // The bowl's frame stays put while the student explores: the server's frame
    // (from the data and the lesson's start) is taken when it changes or on
    // Reset; a path that leaves it widens it (`compute`), never narrows it.
    const home = JSON.stringify(data.frame);
    if (problemChanged || home !== this.home) {
      this.home = home;
      this.bounds = JSON.parse(home);
    }
    this.dark = dark;
    this.root.classList.toggle("dp-dark", dark);
    this.compute();
    const look = JSON.stringify([data.signature, this.bounds, data.presenter, data.explore, dark]);
    if (look !== this.look || this.roomBelow() !== this.laidOutTall) {
      this.look = look;
      this.layout();
    } else {
      this.drawPath();
      this.drawConvergence();
      this.drawSteps();
      this.show(this.t, false);
    }
    window.lessonCharts[data.key] = this;
    if (first && !this.reduced) this.play(); // once, when it first appears
  }

  isDark() {
    const bg = getComputedStyle(this.root).getPropertyValue("--st-background-color").trim();
    const m = bg.match(/^#([0-9a-f]{6})$/i);
    if (!m) return false;
    const [r, g, b] = hexToRgb(bg);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
  }

  settings() {
    return { ...this.values, clickedStart: this.clickedStart };
  }

  startVector() {
    const start = this.data.start.slice();
    if (this.clickedStart) {
      start[this.data.axes[0]] = this.clickedStart[0];
      start[this.data.axes[1]] = this.clickedStart[1];
    }
    return start;
  }

  compute() {
    const d = this.data;
    const s = this.settings();
    // (4 significant digits shown; the value, a lesson's computed η, kept exact)
    if (this.learningRateBox !== this.learningRateBox.getRootNode().activeElement) this.learningRateBox.value = String(Number(s.learningRate.toPrecision(4)));
    this.momentumSlider.output.textContent = `β = ${s.momentum.toFixed(2)}`;
    this.maxIterSlider.output.textContent = `${s.maxIter} steps`;
    const limit = (2 * (1 + s.momentum)) / d.mu_max;
    const over = s.learningRate >= limit;
    const formula = s.momentum ? `2(1+${s.momentum})/${fmt(d.mu_max)}` : `2/${fmt(d.mu_max)}`;
    this.limitNote.textContent = `Stability limit ${s.momentum ? "2(1+β)/μ_max" : "2/μ_max"} = ${formula} = ${fmt(limit)}: ${over ? "η is at or above it: unstable, the steps grow." : `η is ${Number((100 * s.learningRate / limit).toPrecision(2))}% of it.`}`;
    this.limitNote.classList.toggle("dp-over", over);
    if (d.race) {
      this.run = this.computeRace(this.startVector());
    } else {
      // Full-batch descent, or SGD with the server's batches and seed.
      const settings = { learningRate: s.learningRate, momentum: s.momentum, nesterov: false, maxIter: s.maxIter, ...(d.sgd || {}) };
      const method = d.sgd ? "sgd" : "gradient_descent";
      this.run = runMethod(this.q, method, settings, this.startVector(), d.optimum, d.axes);
    }
    if (!d.race) this.raceRuns = null;
    this.widen();
    this.frames = schedule(this.run.nIter, FRAMES_AT_1X);
    this.scrub.max = String(this.run.nIter);
    if (!this.playing) this.t = this.run.nIter;
    this.t = Math.min(this.t, this.run.nIter);
  }

  // Zoom out (never in) until the path fits; a diverging path, until its first
  // bounces fit (up to twice the start's distance from w*): it is then cut
  // where it leaves the frame (`drawPath`).
  widen() {
    const b = this.bounds;
    let [x0, x1, y0, y1] = [b.x[0], b.x[1], b.y[0], b.y[1]];
    let out = false;
    for (const run of this.raceRuns ? this.raceRuns.map((racer) => racer.run) : [this.run]) {
      let last = run.nIter;
      if (diverging(run)) {
        last = 0;
        while (last < run.nIter && run.dist[last + 1] <= 2 * run.dist[0]) last += 1;
      }
      for (let t = 0; t <= last; t++) {
        const [x, y] = [run.xs[t], run.ys[t]];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        if (x < x0 || x > x1 || y < y0 || y > y1) out = true;
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
    }
    if (!out) return;
    // square, with a tenth of air on each side
    const half = 0.6 * Math.max(x1 - x0, y1 - y0);
    const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
    this.bounds = { x: [cx - half, cx + half], y: [cy - half, cy + half] };
  }

  changed() {
    this.compute();
    if (JSON.stringify(this.bounds) !== this.drawnBounds) {
      this.layout();
    } else {
      this.drawPath();
      this.drawConvergence();
      this.drawSteps();
    }
    this.show(this.playing ? this.t : this.run.nIter, false);
    // Tell the server (its weights table, messages and the link) once the
    // input rests; the picture is already up to date.
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = null;
      this.send("settings", this.settings());
    }, 400);
  }

  // -------------------------------------------------------------- layout

  layout() {
    if (!this.data) return;
    const width = this.root.clientWidth;
    if (!width) return;
    this.laidOutWidth = width;
    this.drawnBounds = JSON.stringify(this.bounds);
    const presenter = Boolean(this.data.presenter);
    const font = presenter ? 22 : 15;
    this.font = font;
    const stacked = width < 760;
    // Narrow (a phone, a column, the comparison's halves): the bowl, the Play bar
    // right under it, then the controls and the charts at full width.
    this.root.classList.toggle("dp-stacked", stacked);
    if (stacked) this.bowl.after(this.bar);
    else this.root.append(this.bar, this.summary);
    const sideWidth = stacked ? width : Math.min(Math.max(width * 0.3, 280), presenter ? 520 : 420);
    const tall = this.roomBelow();
    this.laidOutTall = tall;
    const room = stacked ? width : width - sideWidth - 16;
    const size = stacked ? width : Math.min(room, tall);
    const narrow = size < 520;
    const m = narrow
      ? { l: 6, r: 6, t: 6, b: 4 * font + 34 }
      : { l: 12 + 3.2 * font, r: 30 + 2.2 * font, t: 14 + font, b: 20 + 2.6 * font };
    // Stacked (a phone), the bowl takes the full width and the page scrolls.
    const plot = Math.max(stacked ? room - m.l - m.r : Math.min(room - m.l - m.r, tall - m.t - m.b), 120);
    this.box = { x: m.l, y: m.t, size: plot, narrow };
    const w = m.l + plot + m.r;
    const h = m.t + plot + m.b;
    for (const node of [this.svg, this.back, this.canvas]) {
      node.style.width = `${w}px`;
      node.style.height = `${h}px`;
    }
    for (const node of [this.svg, this.back]) {
      node.setAttribute("viewBox", `0 0 ${w} ${h}`);
      node.setAttribute("width", w);
      node.setAttribute("height", h);
    }
    // Beside a bowl that the window's height keeps small, the side column takes
    // the width left over.
    const side = stacked ? width : Math.min(Math.max(sideWidth, width - w - 24), presenter ? 760 : 560);
    this.side.style.width = stacked ? "" : `${side}px`;
    const sizeCharts = (height) => {
      for (const svg of [this.conv, this.stepsSvg]) {
        svg.setAttribute("width", side);
        svg.setAttribute("height", height);
        svg.setAttribute("viewBox", `0 0 ${side} ${height}`);
      }
    };
    let convHeight = stacked ? 240 : Math.max(Math.min(h - (this.data.explore ? 300 + 3 * font : 80 + 3 * font), 420), 200);
    sizeCharts(convHeight);
    this.showTab(this.tab);
    // No taller than the bowl beside it, so the Play bar stays right under both.
    const over = stacked ? 0 : this.side.offsetHeight + 2 * font - h;
    if (over > 0) {
      convHeight = Math.max(convHeight - over, 160);
      sizeCharts(convHeight);
    }
    this.drawBowl();
    this.drawPath();
    this.drawConvergence();
    this.drawSteps();
    this.show(this.t, false);
  }

  // The height the bowl may take: the window's, less the Play bar. Presenting,
  // what is left of the window under the chart's top, so that a lesson opens
  // with the whole bowl and its Play bar on the projector (at least half the
  // window: a chart far down the page is scrolled to anyway).
  roomBelow() {
    const reserve = this.data.presenter ? 120 : 100; // the Play bar and some air
    if (!this.data.presenter) return Math.max(window.innerHeight - reserve, 320);
    const top = this.root.getBoundingClientRect().top + window.scrollY;
    const left = window.innerHeight - top - reserve;
    return Math.max(left, window.innerHeight / 2, 320);
  }

  // data ↔ pixels (equal scales: the frame is square in data units)
  px(x) {
    const [x0, x1] = this.bounds.x;
    return this.box.x + ((x - x0) / (x1 - x0)) * this.box.size;
  }
  py(y) {
    const [y0, y1] = this.bounds.y;
    return this.box.y + (1 - (y - y0) / (y1 - y0)) * this.box.size;
  }

  // -------------------------------------------------------------- the bowl

  drawBowl() {
    const d = this.data;
    const q = this.q;
    const [a, b] = d.axes;
    const k = q.k;
    // J along the two plotted weights, the others held at w*: a 2×2 quadratic
    // with H's entries Hᵢⱼ = Σₗ Vᵢₗ μₗ Vⱼₗ.
    const H = (i, j) => {
      let s = 0;
      for (let l = 0; l < k; l++) s += q.V[i * k + l] * q.mu[l] * q.V[j * k + l];
      return s;
    };
    const haa = H(a, a);
    const hab = H(a, b);
    const hbb = H(b, b);
    const [x0, x1] = this.bounds.x;
    const [y0, y1] = this.bounds.y;
    const [ox, oy] = [d.optimum[a], d.optimum[b]];
    const z = new Float64Array(HEAT * HEAT);
    let zmax = -Infinity;
    const excess = (x, y) => {
      const dx = x - ox;
      const dy = y - oy;
      return 0.5 * (haa * dx * dx + 2 * hab * dx * dy + hbb * dy * dy);
    };
    let top = 0;
    for (let j = 0; j < HEAT; j++) {
      for (let i = 0; i < HEAT; i++) {
        const e = excess(x0 + ((x1 - x0) * i) / (HEAT - 1), y1 - ((y1 - y0) * j) / (HEAT - 1));
        top = Math.max(top, e);
        z[j * HEAT + i] = e;
      }
    }
    const floor = Math.max(top * d.contour_floor, 1e-300); // figures.style.CONTOUR_FLOOR
    let zmin = Infinity;
    for (let i = 0; i < z.length; i++) {
      z[i] = Math.log10(z[i] + floor);
      zmin = Math.min(zmin, z[i]);
      zmax = Math.max(zmax, z[i]);
    }
    this.zrange = [zmin, zmax];
    const scale = this.dark ? d.colors.heat_dark : d.colors.heat;
    const lut = Array.from({ length: 256 }, (_, i) => colorAt(scale, i / 255));
    const image = new ImageData(HEAT, HEAT);
    for (let i = 0; i < z.length; i++) {
      const [r, g, bl] = lut[Math.round((255 * (z[i] - zmin)) / (zmax - zmin || 1))];
      image.data[4 * i] = r;
      image.data[4 * i + 1] = g;
      image.data[4 * i + 2] = bl;
      image.data[4 * i + 3] = 255;
    }
    const off = document.createElement("canvas");
    off.width = HEAT;
    off.height = HEAT;
    off.getContext("2d").putImageData(image, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    const w = parseFloat(this.svg.style.width);
    const h = parseFloat(this.svg.style.height);
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(h * ratio);
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, this.box.x, this.box.y, this.box.size, this.box.size);

    // Contours and the bowl's axes go on the canvas too: drawn once, never
    // repainted while the path moves.
    const box = this.box;
    const toX = (i) => box.x + (i / (HEAT - 1)) * box.size;
    const toY = (j) => box.y + (j / (HEAT - 1)) * box.size;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.size, box.size);
    ctx.clip();
    ctx.lineWidth = d.presenter ? 2.4 : 1.5;
    ctx.strokeStyle = this.dark ? "rgba(255,255,255,0.45)" : "rgba(30,30,60,0.5)";
    this.contourLevels = 0;
    for (let l = 1; l <= LEVELS; l++) {
      const level = zmin + ((zmax - zmin) * l) / (LEVELS + 1);
      const segments = isoSegments(z, HEAT, HEAT, level, toX, toY);
      if (segments) {
        ctx.stroke(new Path2D(segments));
        this.contourLevels += 1;
      }
    }
    this.back.replaceChildren();
    this.drawEigenAxes(ctx, haa, hab, hbb, ox, oy);
    ctx.restore();
    this.drawAxes();
    this.drawColorBar();

    this.svg.replaceChildren(this.svgTitle);
    const clip = el("clipPath", { id: `clip-${d.key}` }, el("defs", {}, this.svg));
    el("rect", { x: box.x, y: box.y, width: box.size, height: box.size }, clip);
    const inside = el("g", { "clip-path": `url(#clip-${d.key})` }, this.svg);
    this.pathLayer = el("g", { class: "dp-path" }, inside);
    this.markers = el("g", { class: "dp-markers" }, this.svg);
  }

  drawEigenAxes(ctx, haa, hab, hbb, ox, oy) {
    // Eigenvectors of the 2×2 curvature block: the bowl's own axes.
    const mean = (haa + hbb) / 2;
    const diff = Math.sqrt(((haa - hbb) / 2) ** 2 + hab * hab);
    const values = [mean + diff, mean - diff];
    const g = el("g", { class: "dp-eigen" }, this.back);
    ctx.setLineDash([7, 6]);
    ctx.lineWidth = this.data.presenter ? 2.5 : 1.5;
    ctx.strokeStyle = this.dark ? "rgba(255,255,255,0.6)" : "rgba(20,20,40,0.6)";
    const span = this.bounds.x[1] - this.bounds.x[0];
    const labels = [];
    values.forEach((mu, i) => {
      let vx = hab;
      let vy = mu - haa;
      if (Math.abs(vx) + Math.abs(vy) < 1e-300) [vx, vy] = i === 0 ? (haa >= hbb ? [1, 0] : [0, 1]) : haa >= hbb ? [0, 1] : [1, 0];
      const len = Math.hypot(vx, vy);
      vx /= len;
      vy /= len;
      const reach = 2 * span;
      ctx.beginPath();
      ctx.moveTo(this.px(ox - reach * vx), this.py(oy - reach * vy));
      ctx.lineTo(this.px(ox + reach * vx), this.py(oy + reach * vy));
      ctx.stroke();
      labels.push({ mu, vx, vy, steep: i === 0 });
    });
    this.eigen = { values, labels };
    const ratio = values[1] > 0 ? values[0] / values[1] : Infinity;
    this.eigenText = `curvatures along the axes of this slice of the bowl (the other weights held at w*): ${fmt(values[0])} and ${fmt(values[1])} (ratio ${fmt(ratio)})`;
    // Label each axis far out along it, where the whole label fits inside the
    // picture and clear of the other label (and away from w*, where the path
    // ends); the steep axis tries above w* first, the flat one below. An axis
    // with no such place goes unlabelled: the player's summary names both.
    const box = this.box;
    const height = this.data.presenter ? 19 : 13;
    // On a narrow screen the y ticks' labels and the y title sit inside the
    // frame (drawAxes): the axis labels keep clear of them too.
    const font = this.font;
    const placed = box.narrow
      ? [
          ...this.yTicks().map((value) => ({ ...this.yTickLabel(this.py(value)), width: 0.62 * font * fmt(value).length, height: font })),
          { ...this.yTitleInside(), width: 0.62 * font * (this.data.titles[1].length + 2), height: font },
        ]
      : [];
    const step = span / 200;
    for (const { mu, vx, vy, steep } of labels) {
      const text = el("text", { class: "dp-eigen-label" }, g);
      text.textContent = `${steep ? "steep" : "flat"} in this slice: ${fmt(mu)}`;
      const width = text.getComputedTextLength() || 0.6 * height * text.textContent.length;
      const fits = (x, y) =>
        x >= box.x + 4 && x + width <= box.x + box.size - 4 && y - height >= box.y + 4 && y + 4 <= box.y + box.size - 4;
      const clear = (x, y) =>
        placed.every((o) => x + width + 8 < o.x || o.x + o.width + 8 < x || y + 6 < o.y - o.height || o.y + 6 < y - height);
      const up = vy > 0 || (vy === 0 && vx > 0) ? 1 : -1;
      let spot = null;
      for (const dir of steep ? [up, -up] : [-up, up]) {
        for (let k = 400; k >= 36 && !spot; k--) {
          const x = this.px(ox + dir * k * step * vx) + 6;
          const y = this.py(oy + dir * k * step * vy) - 6;
          if (fits(x, y) && clear(x, y)) spot = { x, y, width, height };
        }
        if (spot) break;
      }
      if (!spot) {
        text.remove();
        continue;
      }
      text.setAttribute("x", spot.x);
      text.setAttribute("y", spot.y);
      placed.push(spot);
    }
  }

  yTicks() {
    return niceTicks(...this.bounds.y, this.box.narrow ? 4 : 6);
  }

  // Where the label of the y tick at pixel height y goes: inside the frame at
  // its left edge on a narrow screen, else left of the frame.
  yTickLabel(y) {
    const box = this.box;
    return box.narrow ? { x: box.x + 4, y: y - 4, "text-anchor": "start" } : { x: box.x - 9, y: y + this.font / 3, "text-anchor": "end" };
  }

  // The y title's place on a narrow screen: inside the frame, top left.
  yTitleInside() {
    return { x: this.box.x + 8, y: this.box.y + this.font + 6 };
  }

  drawAxes() {
    const d = this.data;
    const box = this.box;
    const g = el("g", { class: "dp-axes" }, this.back);
    el("rect", { x: box.x, y: box.y, width: box.size, height: box.size, class: "dp-frame" }, g);
    const font = this.font;
    for (const [axis, ticks] of [["x", niceTicks(...this.bounds.x, box.narrow ? 4 : 6)], ["y", this.yTicks()]]) {
      for (const value of ticks) {
        if (axis === "x") {
          const x = this.px(value);
          el("line", { x1: x, x2: x, y1: box.y + box.size, y2: box.y + box.size + 6 }, g);
          const t = el("text", { x, y: box.y + box.size + 8 + font, "text-anchor": "middle" }, g);
          t.textContent = fmt(value);
        } else {
          const y = this.py(value);
          el("line", { x1: box.x - 6, x2: box.x, y1: y, y2: y }, g);
          const t = el("text", this.yTickLabel(y), g);
          t.textContent = fmt(value);
        }
      }
    }
    const xt = el("text", { x: box.x + box.size / 2, y: box.y + box.size + 16 + 2 * font, "text-anchor": "middle", class: "dp-title" }, g);
    xt.textContent = d.titles[0];
    if (box.narrow) {
      const yt = el("text", { ...this.yTitleInside(), class: "dp-title" }, g);
      yt.textContent = `↑ ${d.titles[1]}`;
    } else {
      const cx = box.x - 12 - 2.6 * font;
      const cy = box.y + box.size / 2;
      const yt = el("text", { x: cx, y: cy, transform: `rotate(-90 ${cx} ${cy})`, "text-anchor": "middle", class: "dp-title" }, g);
      yt.textContent = d.titles[1];
    }
  }

  drawColorBar() {
    const d = this.data;
    const box = this.box;
    const scale = this.dark ? d.colors.heat_dark : d.colors.heat;
    const [zmin, zmax] = this.zrange;
    const g = el("g", { class: "dp-colorbar" }, this.back);
    const id = `grad-${d.key}`;
    const gradient = el("linearGradient", { id, x1: 0, y1: 1, x2: 0, y2: 0 }, el("defs", {}, g));
    for (const [pos, color] of scale) el("stop", { offset: pos, "stop-color": color }, gradient);
    if (box.narrow) {
      const y = box.y + box.size + 3.6 * this.font + 24; // below the axis title
      const hg = el("linearGradient", { id: `${id}-h`, x1: 0, y1: 0, x2: 1, y2: 0 }, el("defs", {}, g));
      for (const [pos, color] of scale) el("stop", { offset: pos, "stop-color": color }, hg);
      el("rect", { x: box.x + box.size * 0.35, y: y - 10, width: box.size * 0.65, height: 10, fill: `url(#${id}-h)`, class: "dp-bar" }, g);
      const t = el("text", { x: box.x, y, class: "dp-small" }, g);
      t.textContent = "J − J*: low → high";
      return;
    }
    const x = box.x + box.size + 10;
    const barWidth = 14;
    el("rect", { x, y: box.y, width: barWidth, height: box.size, fill: `url(#${id})`, class: "dp-bar" }, g);
    const step = Math.max(1, Math.ceil((zmax - zmin) / 6));
    for (let e = Math.ceil(zmin); e <= Math.floor(zmax); e += step) {
      const y = box.y + (1 - (e - zmin) / (zmax - zmin)) * box.size;
      el("line", { x1: x + barWidth, x2: x + barWidth + 5, y1: y, y2: y }, g);
      const t = el("text", { x: x + barWidth + 7, y: y + this.font / 3 }, g);
      t.textContent = decade(e);
    }
    const title = el("text", { x: x + barWidth, y: box.y - 6, "text-anchor": "middle", class: "dp-title" }, g);
    title.textContent = "J − J*";
  }

  // -------------------------------------------------------------- the path

  drawPath() {
    if (!this.pathLayer) return;
    const run = this.run;
    const [x0, x1] = this.bounds.x;
    const [y0, y1] = this.bounds.y;
    const span = x1 - x0;
    // A diverging path is cut where it first leaves the picture, with a marker
    // there; any other path is only clipped at the frame.
    this.exit = null;
    for (let t = 0; diverging(run) && t <= run.nIter; t++) {
      const x = run.xs[t];
      const y = run.ys[t];
      if (!Number.isFinite(x) || !Number.isFinite(y) || x < x0 || x > x1 || y < y0 || y > y1) {
        this.exit = t;
        break;
      }
    }
    const last = this.exit === null ? run.nIter : this.exit;
    const pxs = new Float32Array(last + 1);
    const pys = new Float32Array(last + 1);
    for (let t = 0; t <= last; t++) {
      const x = Number.isFinite(run.xs[t]) ? run.xs[t] : x1 + 2 * span;
      const y = Number.isFinite(run.ys[t]) ? run.ys[t] : y1 + 2 * span;
      pxs[t] = this.px(Math.min(Math.max(x, x0 - 2 * span), x1 + 2 * span));
      pys[t] = this.py(Math.min(Math.max(y, y0 - 2 * span), y1 + 2 * span));
    }
    this.pix = { xs: pxs, ys: pys, last };
    this.pathLayer.replaceChildren();
    const width = this.data.presenter ? 5 : 3;
    const color = this.dark ? this.data.colors.path_dark : this.data.colors.path;
    this.line = el("polyline", { fill: "none", stroke: color, "stroke-width": width, "stroke-linejoin": "round" }, this.pathLayer);
    this.dots = el("path", { fill: "none", stroke: color, "stroke-width": width * 2.2, "stroke-linecap": "round" }, this.pathLayer);
    this.drawn = -1;
    this.points = [];
    this.dotPath = "";
    if (this.raceRuns) {
      // The racers draw themselves; the longest run only keeps the clock.
      this.line.setAttribute("visibility", "hidden");
      this.dots.setAttribute("visibility", "hidden");
      this.drawRace();
    }
    this.drawLegend();
  }

  // Points of the polyline up to iteration t, skipping those within a pixel of
  // the last one kept (a crawl of 50,000 tiny steps stays a short polyline).
  extend(t) {
    const { xs, ys } = this.pix;
    if (t < this.drawn) {
      this.drawn = -1;
      this.points = [];
      this.dotPath = "";
    }
    let lastX = this.points.length ? this.points[this.points.length - 2] : NaN;
    let lastY = this.points.length ? this.points[this.points.length - 1] : NaN;
    for (let i = this.drawn + 1; i <= t; i++) {
      if (!(Math.abs(xs[i] - lastX) < 1 && Math.abs(ys[i] - lastY) < 1)) {
        this.points.push(xs[i], ys[i]);
        lastX = xs[i];
        lastY = ys[i];
        if (i <= 400) this.dotPath += `M${xs[i].toFixed(1)},${ys[i].toFixed(1)}h0`;
      }
    }
    this.drawn = t;
    let text = "";
    for (let i = 0; i < this.points.length; i += 2) text += `${this.points[i].toFixed(1)},${this.points[i + 1].toFixed(1)} `;
    text += `${xs[t].toFixed(1)},${ys[t].toFixed(1)}`;
    this.line.setAttribute("points", text);
    this.dots.setAttribute("d", this.dotPath);
  }

  drawMarkers(t) {
    const d = this.data;
    const g = this.markers;
    g.replaceChildren();
    const font = this.font;
    const r = d.presenter ? 11 : 8;
    // A label beside the marker at (x, y): right of it when it fits there (or
    // the marker is in the left half), else left; with its estimated box.
    const spot = (x, y, text, side = null) => {
      const width = 0.56 * font * text.length;
      const right = side ?? (this.box.x + this.box.size - x - r - 5 > width || x < this.box.x + this.box.size / 2);
      const lx = right ? x + r + 5 : x - r - 5;
      const ly = y - r - 2;
      const left = right ? lx : lx - width;
      return { x: lx, y: ly, right, box: { left, right: left + width, top: ly - font, bottom: ly + 0.3 * font } };
    };
    const overlap = (p, q) => p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
    const draw = ({ x, y, right }, text, cls) => {
      const node = el("text", { x, y, "text-anchor": right ? "start" : "end", class: cls }, g);
      node.textContent = text;
      return node;
    };
    const label = (x, y, text, cls = "dp-label") => draw(spot(x, y, text), text, cls);
    const [a, b] = d.axes;
    const ox = this.px(d.optimum[a]);
    const oy = this.py(d.optimum[b]);
    const star = (cx, cy, rr) => {
      let p = "";
      for (let i = 0; i < 10; i++) {
        const rad = i % 2 ? rr * 0.45 : rr;
        const ang = -Math.PI / 2 + (i * Math.PI) / 5;
        p += `${i ? "L" : "M"}${(cx + rad * Math.cos(ang)).toFixed(1)},${(cy + rad * Math.sin(ang)).toFixed(1)}`;
      }
      return `${p}Z`;
    };
    const sx = this.pix.xs[0];
    const sy = this.pix.ys[0];
    el("circle", { cx: sx, cy: sy, r: r + 3, class: "dp-start" }, g);
    const startSpot = spot(sx, sy, "start");
    draw(startSpot, "start", "dp-label");
    const shown = Math.min(t, this.pix.last);
    const cx = this.pix.xs[shown];
    const cy = this.pix.ys[shown];
    el("path", { d: star(ox, oy, 2.2 * r), fill: d.colors.optimum, stroke: this.dark ? "#fff" : "#000", "stroke-width": 1.5 }, g);
    // Below the star, on its other side, or above it on the left (the current
    // step's label goes right) when the start's label is in the way there; in
    // the frame if it can be.
    const optimumText = "w* (normal equation)";
    const below = spot(ox, oy + 2.4 * r + font, optimumText);
    const box = this.box;
    const inFrame = (q) => q.left >= box.x && q.right <= box.x + box.size && q.top >= box.y && q.bottom <= box.y + box.size;
    const places = [below, spot(ox, oy + 2.4 * r + font, optimumText, !below.right), spot(ox, oy - 1.4 * r, optimumText, false), spot(ox, oy - 1.4 * r, optimumText, true)];
    const clearOf = places.filter((q) => !overlap(q.box, startSpot.box));
    draw(clearOf.find((q) => inFrame(q.box)) ?? clearOf[0] ?? below, optimumText, "dp-label dp-optimum");
    if (this.exit !== null && t >= this.exit) {
      // Cut where the last segment leaves the frame.
      const i = Math.max(this.exit - 1, 0);
      let [x, y] = [this.pix.xs[i], this.pix.ys[i]];
      const [tx, ty] = [this.pix.xs[this.exit], this.pix.ys[this.exit]];
      let lo = 0;
      let hi = 1;
      for (let it = 0; it < 30; it++) {
        const mid = (lo + hi) / 2;
        const mx = x + mid * (tx - x);
        const my = y + mid * (ty - y);
        const inBox = mx >= box.x && mx <= box.x + box.size && my >= box.y && my <= box.y + box.size;
        if (inBox) lo = mid;
        else hi = mid;
      }
      x += lo * (tx - x);
      y += lo * (ty - y);
      el("path", { d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`, class: "dp-exit", "stroke-width": d.presenter ? 5 : 3.5 }, g);
      // At the picture's edge away from w* and its label (above or below).
      const low = oy < box.y + box.size / 2;
      const node = el("text", { x: box.x + 8, y: low ? box.y + box.size - 10 : box.y + font + 6, class: "dp-label dp-exit-label" }, g);
      node.textContent = `leaves the picture at step ${this.exit}`;
      return;
    }
    if (this.raceRuns) {
      this.raceMarkers(t, g);
      return;
    }
    el("circle", { cx, cy, r: r + 2, class: "dp-current" }, g);
    label(cx, cy + (cy < this.box.y + 3 * font ? 3 * font : 0), `t = ${t}`, "dp-label dp-current-label");
  }

  // -------------------------------------------------------------- convergence

  drawConvergence() {
    const svg = this.conv;
    svg.replaceChildren(this.convTitle);
    const w = Number(svg.getAttribute("width"));
    const h = Number(svg.getAttribute("height"));
    const font = this.font * 0.9;
    const m = { l: 3.4 * font, r: 12, t: 2 * font + 14, b: 2.4 * font + 8 };
    const run = this.run;
    const n = run.nIter;
    const series = this.raceRuns
      ? this.raceRuns.map(({ entry, run: raced }) => ({
          values: Array.from(raced.dist, (v) => v / raced.dist[0]),
          name: entry.label,
          cls: "dp-race",
          stroke: this.raceColor(entry),
          dash: entry.dash,
        }))
      : [
          { values: run.gap, name: "J(wₜ) − J(w*)", cls: "dp-gap" },
          { values: run.dist, name: "‖wₜ − w*‖", cls: "dp-dist" },
        ];
    let lo = Infinity;
    let hi = -Infinity;
    for (const { values } of series) {
      for (let t = 0; t <= n; t++) {
        const v = values[t];
        if (Number.isFinite(v) && v > 0) {
          const e = Math.log10(v);
          lo = Math.min(lo, e);
          hi = Math.max(hi, e);
        }
      }
    }
    if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
    lo = Math.floor(Math.max(lo, hi - 30));
    hi = Math.ceil(hi === lo ? hi + 1 : hi);
    const X = (t) => m.l + (t / Math.max(n, 1)) * (w - m.l - m.r);
    const Y = (e) => m.t + (1 - (e - lo) / (hi - lo)) * (h - m.t - m.b);
    this.convX = X;
    this.convBox = { top: m.t, bottom: h - m.b };
    const g = el("g", { class: "dp-axes" }, svg);
    el("rect", { x: m.l, y: m.t, width: w - m.l - m.r, height: h - m.t - m.b, class: "dp-frame" }, g);
    const stepE = Math.max(1, Math.ceil((hi - lo) / 5));
    for (let e = lo; e <= hi; e += stepE) {
      el("line", { x1: m.l - 5, x2: m.l, y1: Y(e), y2: Y(e) }, g);
      const t = el("text", { x: m.l - 7, y: Y(e) + font / 3, "text-anchor": "end", style: `font-size:${font}px` }, g);
      t.textContent = decade(e);
    }
    for (const tick of niceTicks(0, Math.max(n, 1), 4)) {
      if (tick !== Math.round(tick)) continue;
      el("line", { x1: X(tick), x2: X(tick), y1: h - m.b, y2: h - m.b + 5 }, g);
      // the last label ends at the frame's right edge instead of crossing it
      const anchor = X(tick) > w - m.r - 2 * font ? "end" : "middle";
      const t = el("text", { x: anchor === "end" ? w - m.r : X(tick), y: h - m.b + 6 + font, "text-anchor": anchor, style: `font-size:${font}px` }, g);
      t.textContent = String(tick);
    }
    const xt = el("text", { x: (m.l + w - m.r) / 2, y: h - 6, "text-anchor": "middle", class: "dp-title", style: `font-size:${font}px` }, g);
    xt.textContent = "step t";
    const head = el("text", { x: m.l, y: font, class: "dp-title", style: `font-size:${font}px` }, g);
    head.textContent = this.raceRuns ? "Distance to w*, as a fraction of the start's" : "How close after t steps";
    // A legend under the title: labels at the curves' ends met where both
    // curves end together (a converged run).
    let lx = m.l;
    const ly = 2 * font + 4;
    for (const { name, cls } of this.raceRuns ? [] : series) {
      el("line", { x1: lx, x2: lx + 22, y1: ly - font / 3, y2: ly - font / 3, class: `dp-line ${cls}` }, svg);
      const label = el("text", { x: lx + 28, y: ly, class: `dp-line-label ${cls}`, style: `font-size:${font}px` }, svg);
      label.textContent = name;
      lx += 28 + (label.getComputedTextLength() || 0.6 * font * name.length) + 16;
    }
    const stride = Math.max(1, Math.floor(n / 800));
    for (const { values, cls, stroke, dash } of series) {
      const last = Math.min(values.length - 1, n); // a racer that stopped early ends there
      let d = "";
      let pen = false;
      for (let t = 0; t <= last; t += t + stride > last && t !== last ? last - t : stride) {
        // each bucket's extremes, so zig-zags stay visible when thinned
        let v = values[t];
        if (stride > 1) {
          let big = -Infinity;
          let small = Infinity;
          for (let i = t; i < Math.min(t + stride, last + 1); i++) {
            if (values[i] > big) big = values[i];
            if (values[i] < small) small = values[i];
          }
          v = (t / stride) % 2 ? small : big;
        }
        if (Number.isFinite(v) && v > 0) {
          const e = Math.min(Math.max(Math.log10(v), lo), hi);
          d += `${pen ? "L" : "M"}${X(t).toFixed(1)},${Y(e).toFixed(1)}`;
          pen = true;
        } else pen = false;
        if (t === last) break;
      }
      const look = stroke ? { stroke, "stroke-dasharray": dash } : {};
      el("path", { d, class: `dp-line ${cls}`, fill: "none", ...look }, svg);
    }
    this.cursor = el("line", { y1: m.t, y2: h - m.b, class: "dp-cursor" }, svg);
  }

  // Steps to converge against η (log–log, computed by the server for the run's
  // β), the landmarks of η, and a dot at the η now chosen.
  drawSteps() {
    const svg = this.stepsSvg;
    const curve = this.data.steps_curve;
    svg.replaceChildren(this.stepsTitle);
    if (!curve) return;
    const w = Number(svg.getAttribute("width"));
    const h = Number(svg.getAttribute("height"));
    const font = this.font * 0.9;
    // Two rows above the plot: the title, and what the chosen η takes.
    const m = { l: 3.4 * font, r: 12, t: 2 * font + 14, b: 2.4 * font + 8 };
    const learningRates = curve.learning_rates;
    const finite = curve.steps.filter((v) => v !== null && v > 0);
    const lx0 = Math.log10(learningRates[0]);
    const lx1 = Math.log10(learningRates[learningRates.length - 1]);
    let ly0 = Math.floor(Math.log10(Math.min(...finite, 10)));
    let ly1 = Math.ceil(Math.log10(Math.max(...finite, 10)));
    if (ly1 === ly0) ly1 += 1;
    const X = (learningRate) => m.l + ((Math.log10(learningRate) - lx0) / (lx1 - lx0)) * (w - m.l - m.r);
    const Y = (steps) => m.t + (1 - (Math.log10(steps) - ly0) / (ly1 - ly0)) * (h - m.t - m.b);
    const g = el("g", { class: "dp-axes" }, svg);
    el("rect", { x: m.l, y: m.t, width: w - m.l - m.r, height: h - m.t - m.b, class: "dp-frame" }, g);
    for (let e = ly0; e <= ly1; e += Math.max(1, Math.ceil((ly1 - ly0) / 5))) {
      el("line", { x1: m.l - 5, x2: m.l, y1: Y(10 ** e), y2: Y(10 ** e) }, g);
      const t = el("text", { x: m.l - 7, y: Y(10 ** e) + font / 3, "text-anchor": "end", style: `font-size:${font}px` }, g);
      t.textContent = decade(e);
    }
    for (let e = Math.ceil(lx0); e <= Math.floor(lx1); e++) {
      el("line", { x1: X(10 ** e), x2: X(10 ** e), y1: h - m.b, y2: h - m.b + 5 }, g);
      const t = el("text", { x: X(10 ** e), y: h - m.b + 6 + font, "text-anchor": "middle", style: `font-size:${font}px` }, g);
      t.textContent = decade(e);
    }
    const xt = el("text", { x: (m.l + w - m.r) / 2, y: h - 6, "text-anchor": "middle", class: "dp-title", style: `font-size:${font}px` }, g);
    xt.textContent = "learning rate η (log scale)";
    const head = el("text", { x: m.l, y: font, class: "dp-title", style: `font-size:${font}px` }, g);
    head.textContent = `Steps to shrink the error 10⁶× (β = ${curve.momentum})`;
    // Each landmark's name on a row of its own, beside its line on the side
    // where it fits.
    const fits = (node, x) => {
      const width = node.getComputedTextLength() || 0.6 * font * node.textContent.length;
      if (x + 4 + width <= w - m.r) return [x + 4, "start"];
      return [x - 4, "end"];
    };
    let d = "";
    let pen = false;
    curve.steps.forEach((steps, i) => {
      if (steps === null || steps <= 0) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${X(learningRates[i]).toFixed(1)},${Y(steps).toFixed(1)}`;
      pen = true;
    });
    el("path", { d, class: "dp-line dp-gap", fill: "none" }, svg);
    curve.marks.forEach(([label, value], i) => {
      if (value < learningRates[0] || value > learningRates[learningRates.length - 1]) return;
      el("line", { x1: X(value), x2: X(value), y1: m.t, y2: h - m.b, class: `dp-mark dp-mark-${i}` }, svg);
      const t = el("text", { y: m.t + (i + 1) * (font + 2), class: `dp-mark-label dp-mark-${i}`, style: `font-size:${font}px` }, svg);
      t.textContent = label;
      const [x, anchor] = fits(t, X(value));
      t.setAttribute("x", x);
      t.setAttribute("text-anchor", anchor);
    });
    // the chosen η: on the curve, or past the limit where no step count is enough
    const learningRate = this.values.learningRate;
    const logs = learningRates.map(Math.log10);
    const at = Math.log10(learningRate);
    let steps = null;
    for (let i = 1; i < learningRates.length; i++) {
      if (at >= logs[i - 1] && at <= logs[i]) {
        const a = curve.steps[i - 1];
        const b = curve.steps[i];
        if (a !== null && b !== null) {
          const f = (at - logs[i - 1]) / (logs[i] - logs[i - 1]);
          steps = 10 ** (Math.log10(a) + f * (Math.log10(b) - Math.log10(a)));
        }
      }
    }
    const x = Math.min(Math.max(X(learningRate), m.l), w - m.r);
    const y = steps === null ? m.t + 6 : Y(steps);
    el("circle", { cx: x, cy: y, r: this.data.presenter ? 9 : 7, class: "dp-current" }, svg);
    const label = el("text", { x: m.l, y: 2 * font + 4, class: "dp-label-plain", style: `font-size:${font}px` }, svg);
    label.textContent = steps === null ? `● η = ${fmt(learningRate)}: never` : `● η = ${fmt(learningRate)}: ≈ ${fmt(Math.round(steps))} steps`;
    this.stepsTitle.textContent = `Steps to converge against the learning rate; at η = ${fmt(learningRate)} ${steps === null ? "descent does not converge" : `about ${Math.round(steps)} steps`}.`;
  }

  // -------------------------------------------------------------- playback

  show(t, user) {
    if (!this.run) return;
    t = Math.min(Math.max(Math.round(t), 0), this.run.nIter);
    if (user && this.playing) this.pause();
    this.t = t;
    if (this.line) {
      this.extend(Math.min(t, this.pix.last));
      if (this.raceRuns) this.extendRace(t);
      this.drawMarkers(t);
    }
    if (this.cursor) {
      const x = this.convX(t);
      this.cursor.setAttribute("x1", x);
      this.cursor.setAttribute("x2", x);
    }
    this.scrub.value = String(t);
    this.tLabel.textContent = `t = ${t} of ${this.run.nIter}`;
    if (!this.playing) this.describe(t); // not 60 times a second to a screen reader
  }

  describe(t) {
    const d = this.data;
    const run = this.run;
    const [a, b] = d.axes;
    // (a coordinate within rounding of 0 at the picture's scale is 0, not 1e-16)
    const span = this.bounds.x[1] - this.bounds.x[0];
    const coord = (v) => fmt(Math.abs(v) < 1e-9 * span ? 0 : v);
    const at = (i) => `(${coord(run.xs[i])}, ${coord(run.ys[i])})`;
    let outcome;
    if (this.exit !== null) outcome = `It diverges: the steps grow and leave the picture at step ${this.exit}.`;
    else if (run.status === "diverged") outcome = `It diverged at step ${run.nIter}.`;
    else if (run.status === "converged") outcome = `It reaches w* ${at(run.nIter)} after ${run.nIter} steps.`;
    else outcome = `After all ${run.nIter} steps it is still ${fmt(run.dist[run.nIter])} away from w* (${fmt(d.optimum[a])}, ${fmt(d.optimum[b])}).`;
    const showing = t === null ? "Playing its steps." : `Showing step ${t}.`;
    let text = `Gradient descent from ${at(0)} in ${d.titles[0]} and ${d.titles[1]}. ${outcome} ${showing}`;
    if (this.raceRuns) {
      const reach = decade(Math.log10(d.constants.reach));
      const each = this.raceRuns.map(({ entry, run: raced, reach: steps }) =>
        steps === null
          ? `${entry.label} does not come within ${reach} of the start's distance in ${raced.nIter} steps`
          : `${entry.label} comes within ${reach} in ${steps} ${steps === 1 ? "step" : "steps"}`,
      );
      text = `A race from ${at(0)} in ${d.titles[0]} and ${d.titles[1]}: ${each.join("; ")}. ${showing}`;
    }
    if (d.units_note) text += ` ${d.units_note}`;
    this.summary.textContent = text;
    this.svgTitle.textContent = `${text} The contours are the cost bowl; ${this.eigenText || ""}.`;
    this.convTitle.textContent = `Cost gap and distance to w* fall from ${fmt(run.gap[0])} and ${fmt(run.dist[0])} to ${fmt(run.gap[run.nIter])} and ${fmt(run.dist[run.nIter])}.`;
  }

  play() {
    if (!this.run) return;
    if (this.t >= this.run.nIter) this.t = 0;
    this.position = Math.max(this.frames.findIndex((it) => it >= this.t), 0);
    this.playing = true;
    this.describe(null); // no step named while they change 60 times a second
    this.playButton.textContent = "❚❚ Pause";
    this.playButton.setAttribute("aria-label", "pause");
    this.stats = { frames: 0, since: performance.now() };
    let before = performance.now();
    const tick = (now) => {
      if (!this.playing || !this.root.isConnected) return;
      // a whole run takes about 5 s: a few steps are shown slowly, many at 60/s
      const rate = Math.min(Math.max(this.frames.length / 5, 2.5), 60);
      this.position += (this.speed * rate * Math.max(now - before, 0)) / 1000;
      before = Math.max(now, before);
      const index = Math.min(Math.max(Math.floor(this.position), 0), this.frames.length - 1);
      this.show(this.frames[index], false);
      this.stats.frames += 1;
      if (index >= this.frames.length - 1) {
        this.pause();
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  pause() {
    this.playing = false;
    this.describe(this.t);
    this.stats.until = performance.now();
    this.playButton.textContent = "▶ Play";
    this.playButton.setAttribute("aria-label", "play");
  }

  clickBowl(event) {
    if (!this.data.explore) return;
    const rect = this.svg.getBoundingClientRect();
    const scale = rect.width / parseFloat(this.svg.getAttribute("width"));
    const x = (event.clientX - rect.left) / scale;
    const y = (event.clientY - rect.top) / scale;
    const box = this.box;
    if (x < box.x || x > box.x + box.size || y < box.y || y > box.y + box.size) return;
    this.setStart(this.toData(x, y));
  }

  toData(x, y) {
    const [x0, x1] = this.bounds.x;
    const [y0, y1] = this.bounds.y;
    const box = this.box;
    const round = (v) => Number(v.toPrecision(4));
    return [round(x0 + ((x - box.x) / box.size) * (x1 - x0)), round(y1 - ((y - box.y) / box.size) * (y1 - y0))];
  }

  setStart(point) {
    this.clickedStart = point;
    this.playing = false;
    this.changed();
    if (!this.reduced) this.play();
  }

  keyBowl(event) {
    if (!this.data.explore) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      this.playing ? this.pause() : this.play();
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [a, b] = this.data.axes;
    const start = this.startVector();
    const span = this.bounds.x[1] - this.bounds.x[0];
    const round = (v) => Number(v.toPrecision(4));
    this.clickedStart = [round(start[a] + move[0] * span * 0.02), round(start[b] + move[1] * span * 0.02)];
    this.changed();
  }

  // -------------------------------------------------------------- the race

  // Every racer's run from the same start, with its steps to the yardstick.
  computeRace(start) {
    const d = this.data;
    const maxIter = this.values.maxIter;
    this.raceRuns = d.race.map((entry) => {
      const settings = { ...entry.settings, maxIter };
      const run = runMethod(this.q, entry.method, settings, start, d.optimum, d.axes);
      return { entry, run, reach: stepsToReach(run.dist, d.constants.reach) };
    });
    // The longest run sets the time axis, the frames and the scrubber.
    return this.raceRuns.reduce((a, b) => (b.run.nIter > a.run.nIter ? b : a)).run;
  }

  // Each racer's path in pixels, as a dashed polyline in its colour.
  drawRace() {
    const [x0, x1] = this.bounds.x;
    const [y0, y1] = this.bounds.y;
    const span = x1 - x0;
    const width = this.data.presenter ? 5 : 3;
    const clamp = (v, lo, hi, far) => Math.min(Math.max(Number.isFinite(v) ? v : far, lo - 2 * span), hi + 2 * span);
    for (const racer of this.raceRuns) {
      const { run, entry } = racer;
      const n = run.nIter;
      racer.pxs = new Float32Array(n + 1);
      racer.pys = new Float32Array(n + 1);
      for (let t = 0; t <= n; t++) {
        racer.pxs[t] = this.px(clamp(run.xs[t], x0, x1, x1 + 2 * span));
        racer.pys[t] = this.py(clamp(run.ys[t], y0, y1, y1 + 2 * span));
      }
      const color = this.raceColor(entry);
      racer.line = el("polyline", { fill: "none", stroke: color, "stroke-width": width, "stroke-dasharray": entry.dash, "stroke-linejoin": "round", class: "dp-race-line" }, this.pathLayer);
    }
  }

  raceColor(entry) {
    const colors = this.data.colors.race[entry.key];
    return this.dark ? colors[1] : colors[0];
  }

  // Every racer's polyline up to step t (its last step once it has stopped),
  // skipping points within a pixel of the last one kept.
  extendRace(t) {
    for (const racer of this.raceRuns) {
      const last = Math.min(t, racer.run.nIter);
      let text = "";
      let lastX = NaN;
      let lastY = NaN;
      for (let i = 0; i <= last; i++) {
        const [x, y] = [racer.pxs[i], racer.pys[i]];
        if (i === last || !(Math.abs(x - lastX) < 1 && Math.abs(y - lastY) < 1)) {
          text += `${x.toFixed(1)},${y.toFixed(1)} `;
          lastX = x;
          lastY = y;
        }
      }
      racer.line.setAttribute("points", text);
    }
  }

  // Each racer's marker (its own symbol) where it is at step t.
  raceMarkers(t, g) {
    const r = this.data.presenter ? 10 : 7;
    for (const racer of this.raceRuns) {
      const i = Math.min(t, racer.run.nIter);
      const color = this.raceColor(racer.entry);
      el("path", { d: symbolPath(racer.entry.symbol, racer.pxs[i], racer.pys[i], r), fill: color, stroke: this.dark ? "#fff" : "#000", "stroke-width": 1.2, class: "dp-race-marker" }, g);
    }
  }

  // The legend beside the bowl: each racer's dash and symbol, its name and its
  // steps to the yardstick (or how far it got).
  drawLegend() {
    this.legend.replaceChildren();
    this.legend.hidden = !this.raceRuns;
    if (!this.raceRuns) return;
    const reach = this.data.constants.reach;
    for (const racer of this.raceRuns) {
      const row = html("li", { class: "dp-legend-row" }, this.legend);
      const sample = el("svg", { width: 46, height: 18, "aria-hidden": "true" }, row);
      const color = this.raceColor(racer.entry);
      el("line", { x1: 2, x2: 44, y1: 9, y2: 9, stroke: color, "stroke-width": 3, "stroke-dasharray": racer.entry.dash }, sample);
      el("path", { d: symbolPath(racer.entry.symbol, 23, 9, 6), fill: color, stroke: this.dark ? "#fff" : "#000", "stroke-width": 1 }, sample);
      const { run } = racer;
      const done = racer.reach === null
        ? `${run.status === "diverged" ? "diverged" : `${fmt(run.dist[run.nIter] / run.dist[0])} of the way left`} after ${run.nIter} steps`
        : `${racer.reach} ${racer.reach === 1 ? "step" : "steps"} to ${decade(Math.log10(reach))}`;
      html("span", {}, row, `${racer.entry.label}: ${done}`);
    }
  }

  // For the tests and benchmarks: what is drawn, as numbers.
  snapshot() {
    return {
      xs: Array.from(this.run.xs),
      ys: Array.from(this.run.ys),
      status: this.run.status,
      nIter: this.run.nIter,
      weights: this.run.weights,
      settings: this.settings(),
      t: this.t,
      playing: this.playing,
      exit: this.exit,
      contourLevels: this.contourLevels || 0,
      plotSize: this.box ? this.box.size : 0,
      stats: this.stats,
      race: (this.raceRuns || []).map(({ entry, run, reach }) => ({
        key: entry.key,
        xs: Array.from(run.xs),
        ys: Array.from(run.ys),
        nIter: run.nIter,
        status: run.status,
        weights: run.weights,
        reach,
      })),
    };
  }
}

// A marker of each racer's shape, centred on (cx, cy), radius r.
function symbolPath(symbol, cx, cy, r) {
  const polygon = (points) => points.map(([x, y], i) => `${i ? "L" : "M"}${(cx + x * r).toFixed(1)},${(cy + y * r).toFixed(1)}`).join("") + "Z";
  if (symbol === "square") return polygon([[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]]);
  if (symbol === "diamond") return polygon([[0, -1.1], [1, 0], [0, 1.1], [-1, 0]]);
  if (symbol === "triangle") return polygon([[0, -1.1], [1, 0.8], [-1, 0.8]]);
  if (symbol === "cross" || symbol === "x") {
    const a = 0.35;
    const arms = [[-a, -1], [a, -1], [a, -a], [1, -a], [1, a], [a, a], [a, 1], [-a, 1], [-a, a], [-1, a], [-1, -a], [-a, -a]];
    const turn = symbol === "x" ? Math.SQRT1_2 : 1; // "x" is the cross turned 45°
    const sine = symbol === "x" ? Math.SQRT1_2 : 0;
    return polygon(arms.map(([x, y]) => [turn * x - sine * y, sine * x + turn * y]));
  }
  if (symbol === "star") {
    const points = [];
    for (let i = 0; i < 10; i++) {
      const radius = i % 2 ? 0.45 : 1.1;
      const angle = -Math.PI / 2 + (i * Math.PI) / 5;
      points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
    }
    return polygon(points);
  }
  return `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
}
