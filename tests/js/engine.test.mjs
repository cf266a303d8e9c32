// The browser's engine (static/descent_engine.js) against fixtures the Python
// solvers wrote (tests/test_engine_js.py runs this with `node --test`, with
// ENGINE_MODULE and ENGINE_FIXTURES set). Numbers only: no browser needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const engine = await import(process.env.ENGINE_MODULE);
const fixtures = JSON.parse(readFileSync(process.env.ENGINE_FIXTURES, "utf8"));
const TOLERANCE = 1e-9; // relative to the size of the weights

function assertClose(actual, expected, what, tolerance = TOLERANCE) {
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const gap = Math.abs(actual[i] - expected[i]);
    assert.ok(gap <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

for (const fixture of fixtures.runs) {
  test(`${fixture.name}: the same path as the Python solver`, () => {
    const q = engine.problemFrom(fixture.problem, fixtures.constants);
    const out = engine.runMethod(q, fixture.method, fixture.settings, fixture.start, fixture.optimum, fixture.axes, {
      keepPath: true,
    });
    assert.equal(out.status, fixture.expected.status);
    assert.equal(engine.stepsToReach(out.dist, fixtures.constants.reach), fixture.expected.reach);
    assert.equal(out.nIter, fixture.expected.n_iter);
    const tolerance = fixture.tolerance ?? TOLERANCE;
    fixture.expected.path.forEach((weights, t) => assertClose(out.path[t], weights, `step ${t}`, tolerance));
    const [a, b] = fixture.axes;
    fixture.expected.path.forEach((weights, t) => {
      assertClose([out.xs[t], out.ys[t]], [weights[a], weights[b]], `plotted step ${t}`, tolerance);
    });
    // Gradient norms far below the start's are rounding noise in both
    // languages: compared once raised to a floor of 100 tolerances.
    const floor = 100 * tolerance * fixture.expected.grad_norms[0];
    const raised = (values) => Array.from(values, (value) => Math.max(value, floor));
    assertClose(raised(out.gradNorm), raised(fixture.expected.grad_norms), "gradient norms", tolerance);
  });
}

test("the sample order replays Python's stream and shuffles", () => {
  for (const stream of fixtures.sample_orders) {
    const order = new engine.SampleOrder(stream.seed);
    const outputs = stream.outputs.map(() => order.nextUint32());
    assert.deepEqual(outputs, stream.outputs);
    assert.deepEqual(Array.from(order.permutation(stream.permutation.length)), stream.permutation);
  }
});

test("stability limits and step sizes are the solver's", () => {
  for (const case_ of fixtures.limits) {
    const limit = engine.stabilityLimit(case_.mu_max, case_.momentum, case_.nesterov);
    assertClose([limit], [case_.limit], "limit");
  }
  for (const case_ of fixtures.step_sizes) {
    const rate = engine.stepSize(case_.learning_rate, case_.step, case_.decay_steps, case_.schedule);
    assertClose([rate], [case_.rate], "step size");
  }
});
