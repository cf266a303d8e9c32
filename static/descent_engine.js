// The browser's engine: every method of solvers/iterative.py re-run on the
// bowl, with the stopping rules of solvers/descent.py (_follow). Numbers only:
// no drawing, no playback. Every constant comes from the payload that
// solvers/engine.py builds; tests/test_engine_js.py checks this file under Node
// against fixtures the Python solvers write.
//
// The quadratic is J(w) = ½ wᵀHw − bᵀw + yᵀy/(2n), H = (DᵀD + λL)/n = V diag(μ) Vᵀ,
// b = Dᵀy/n. The deterministic methods run in the coordinates c = Vᵀw of H's
// eigenvectors, where the gradient μᵢcᵢ − (Vᵀb)ᵢ, the cost and the norms cost
// O(k) a step instead of O(k²); V is orthogonal, so no norm changes. SGD samples
// rows of D, so it runs on w itself.

const MASK = 0xffffffff;

/** A float64 array from base64 of its little-endian bytes (solvers.engine.to_base64). */
export function floats(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

/** The engine's problem from solvers.engine.problem_payload and constants(). */
export function problemFrom(payload, constants) {
  const q = {
    k: payload.k,
    n: payload.n,
    V: floats(payload.eigenvectors),
    mu: Float64Array.from(payload.eigenvalues),
    b: Float64Array.from(payload.moment, (value) => value / payload.n),
    ysq: payload.y_sq,
    tol: constants.tol,
    blowUp: constants.blow_up,
    decayEpochs: constants.decay_epochs,
  };
  if (payload.design) {
    q.design = floats(payload.design);
    q.target = floats(payload.target);
    q.penalty = Float64Array.from(payload.penalty);
  }
  return q;
}

/** The largest stable full-batch η (solvers.descent.stability_bound). */
export function stabilityLimit(muMax, momentum, nesterov) {
  if (nesterov) return (2 * (1 + momentum)) / ((1 + 2 * momentum) * muMax);
  return (2 * (1 + momentum)) / muMax;
}

/** Mulberry32 and a Fisher–Yates shuffle (solvers.iterative.SampleOrder). */
export class SampleOrder {
  constructor(seed) {
    this.state = Number(BigInt.asUintN(32, BigInt(seed)));
  }

  nextUint32() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  permutation(n) {
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) items[i] = i;
    for (let i = n - 1; i > 0; i--) {
      // ⌊u·(i+1)/2³²⌋, exact: u·(i+1) < 2⁵³ for any n a page sends.
      const j = Math.floor((this.nextUint32() * (i + 1)) / 4294967296);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }
}

/** The first step whose distance to w* is within `reduction` of the start's,
 * or null (solvers.compare.steps_to_reach). */
export function stepsToReach(dist, reduction) {
  for (let t = 0; t < dist.length; t++) if (dist[t] <= reduction * dist[0]) return t;
  return null;
}

/** SGD's η at step t (solvers.iterative.step_size). */
export function stepSize(learningRate, step, decaySteps, schedule) {
  return schedule === "decaying" ? learningRate / (1 + step / decaySteps) : learningRate;
}

/**
 * Run `method` from `start` on q and record each step.
 *
 * method: "gradient_descent" (settings.learningRate, .momentum, .nesterov),
 * "newton", "conjugate_gradient" or "sgd" (settings.learningRate, .momentum,
 * .batchSize, .schedule, .seed); settings.maxIter is the step budget, settings.tol (if
 * given) replaces the solvers' tolerance. Returns, per step t,
 * the plotted weights xs[t], ys[t] on `axes`, gap[t] = J − J*, dist[t] =
 * ‖w − w*‖ and gradNorm[t] = ‖∇J‖; nIter, status ("converged", "max_iter",
 * "diverged") and the final weights; with keepPath, every step's weights.
 */
export function runMethod(q, method, settings, start, optimum, axes, { keepPath = false } = {}) {
  const track = tracker(q, settings.maxIter, start, optimum, axes, keepPath);
  const steps = iterates(q, method, settings, track.c);
  const tol = settings.tol ?? q.tol; // a run's own tolerance (SGD's 0), else the solvers'
  let status = tol > 0 && track.norm0 === 0 ? "converged" : "max_iter";
  let t = 0;
  let lastNorm = track.norm0;
  while (status === "max_iter" && t < settings.maxIter) {
    t += 1;
    const [cost, norm] = track.record(t, steps());
    lastNorm = norm;
    if (!Number.isFinite(cost) || cost > q.blowUp * Math.max(track.cost0, 1e-300)) {
      status = "diverged";
    } else if (tol > 0 && lastNorm <= tol * track.norm0) {
      status = "converged";
    }
  }
  if (tol === 0 && status === "max_iter" && lastNorm === 0) status = "converged";
  return track.result(t, status);
}

// Records step t from the eigen-coordinates c: cost, gradient norm, plotted
// weights, J − J* and the distance to w*.
function tracker(q, maxIter, start, optimum, axes, keepPath) {
  const { k, V, mu } = q;
  const [a, b] = axes;
  const rotatedMoment = rotate(V, k, q.b); // Vᵀb
  const c = rotate(V, k, start);
  const cStar = rotate(V, k, optimum);
  const va = V.subarray(a * k, a * k + k); // row a of V: w_a = Σᵢ V[a,i] cᵢ
  const vb = V.subarray(b * k, b * k + k);
  const gStar = new Float64Array(k); // the gradient at w*, ≈ 0
  for (let i = 0; i < k; i++) gStar[i] = mu[i] * cStar[i] - rotatedMoment[i];
  const constant = q.ysq / (2 * q.n);
  const size = maxIter + 1;
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  const gap = new Float64Array(size);
  const dist = new Float64Array(size);
  const gradNorm = new Float64Array(size);
  const path = keepPath ? [] : null;
  const record = (t, current) => {
    let cost = constant;
    let norm = 0;
    let x = 0;
    let y = 0;
    let lin = 0;
    let half = 0;
    let sq = 0;
    for (let i = 0; i < k; i++) {
      const ci = current[i];
      const gi = mu[i] * ci - rotatedMoment[i];
      cost += (0.5 * mu[i] * ci - rotatedMoment[i]) * ci;
      norm += gi * gi;
      x += va[i] * ci;
      y += vb[i] * ci;
      // J(w) − J(w*) = g*·d + ½ μ d², exactly, with no cancellation
      const d = ci - cStar[i];
      lin += gStar[i] * d;
      half += mu[i] * d * d;
      sq += d * d;
    }
    xs[t] = x;
    ys[t] = y;
    gap[t] = lin + half / 2;
    dist[t] = Math.sqrt(sq);
    gradNorm[t] = Math.sqrt(norm);
    if (path) path.push(unrotate(V, k, current));
    if (current !== c) c.set(current);
    return [cost, gradNorm[t]];
  };
  const [cost0, norm0] = record(0, c);
  return {
    c,
    rotatedMoment,
    cost0,
    norm0,
    record,
    result(t, status) {
      const out = {
        xs: xs.subarray(0, t + 1),
        ys: ys.subarray(0, t + 1),
        gap: gap.subarray(0, t + 1),
        dist: dist.subarray(0, t + 1),
        gradNorm: gradNorm.subarray(0, t + 1),
        nIter: t,
        status,
        weights: Array.from(unrotate(V, k, c)),
      };
      if (path) out.path = path;
      return out;
    },
  };
}

// A function that returns the next step's eigen-coordinates each call.
function iterates(q, method, settings, c0) {
  const { k, mu } = q;
  const rotatedMoment = rotate(q.V, k, q.b); // Vᵀb
  const c = Float64Array.from(c0);
  if (method === "gradient_descent") {
    const { learningRate, momentum } = settings;
    const ahead = settings.nesterov ? momentum : 0;
    const v = new Float64Array(k);
    return () => {
      for (let i = 0; i < k; i++) {
        const gi = mu[i] * (c[i] + ahead * v[i]) - rotatedMoment[i];
        v[i] = momentum * v[i] - learningRate * gi;
        c[i] += v[i];
      }
      return c;
    };
  }
  if (method === "newton") {
    // w − H⁻¹∇J(w) = H⁻¹b: cᵢ = (Vᵀb)ᵢ/μᵢ along every curved direction.
    const top = Math.max(...mu);
    return () => {
      for (let i = 0; i < k; i++) if (mu[i] > top * 1e-12) c[i] = rotatedMoment[i] / mu[i];
      return c;
    };
  }
  if (method === "conjugate_gradient") return conjugateGradient(mu, rotatedMoment, c);
  if (method === "sgd") return stochastic(q, settings, c);
  throw new Error(`unknown method ${method}`);
}

// CG on diag(μ) c = Vᵀb (solvers.iterative.conjugate_gradient_iterates).
function conjugateGradient(mu, rotatedMoment, c) {
  const k = mu.length;
  const r = new Float64Array(k);
  for (let i = 0; i < k; i++) r[i] = rotatedMoment[i] - mu[i] * c[i];
  const p = Float64Array.from(r);
  const image = new Float64Array(k);
  let rs = dot(r, r);
  return () => {
    if (rs === 0) return c;
    for (let i = 0; i < k; i++) image[i] = mu[i] * p[i];
    const curvature = dot(p, image);
    if (!(curvature > 0)) {
      rs = 0;
      return c;
    }
    const step = rs / curvature;
    for (let i = 0; i < k; i++) {
      c[i] += step * p[i];
      r[i] -= step * image[i];
    }
    const previous = rs;
    rs = dot(r, r);
    for (let i = 0; i < k; i++) p[i] = r[i] + (rs / previous) * p[i];
    return c;
  };
}

// Mini-batch SGD on w (solvers.iterative.minibatch_iterates), returned as c.
function stochastic(q, settings, c0) {
  const { k, n, V, design, target, penalty } = q;
  const batch = Math.min(settings.batchSize, n);
  const perEpoch = Math.max(Math.floor(n / batch), 1);
  const decaySteps = q.decayEpochs * perEpoch;
  const order = new SampleOrder(settings.seed);
  const w = unrotate(V, k, c0);
  const v = new Float64Array(k);
  const g = new Float64Array(k);
  let samples = null;
  let t = 0;
  return () => {
    const slot = t % perEpoch;
    if (slot === 0) samples = order.permutation(n);
    g.fill(0);
    for (let r = slot * batch; r < slot * batch + batch; r++) {
      const row = samples[r] * k;
      let residual = -target[samples[r]];
      for (let j = 0; j < k; j++) residual += design[row + j] * w[j];
      for (let j = 0; j < k; j++) g[j] += design[row + j] * residual;
    }
    const rate = stepSize(settings.learningRate, t, decaySteps, settings.schedule);
    for (let j = 0; j < k; j++) {
      const gj = g[j] / batch + (penalty[j] * w[j]) / n;
      v[j] = settings.momentum * v[j] - rate * gj;
      w[j] += v[j];
    }
    t += 1;
    return rotate(V, k, w);
  };
}

function rotate(V, k, vec) {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += V[j * k + i] * vec[j];
    out[i] = s;
  }
  return out;
}

function unrotate(V, k, c) {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += V[i * k + j] * c[j];
    out[i] = s;
  }
  return out;
}

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
