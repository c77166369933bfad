/**
 * FlatAdam (lib/optim/flat-adam.ts): one Adam update over all parameters concatenated must give the same
 * bits as TensorFlow.js's tf.train.adam, step by step, on the backend in use (same float32 operations per
 * element), including a learning rate changed between steps; its state restores a run with the same bits;
 * bad inputs are named errors; no tensor survives.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FlatAdam, NaNArgumentError, Random, tf } from "elbolab";
import { assertArgumentError, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

// one large variable: vectorised kernels process it in packets, where a layout change could show
const SHAPES = [[7, 5], [5], [40, 65], [3], [1, 1], [13]];

/** Variables of SHAPES with seeded values (two identical sets for the two optimisers). */
function variables(seed: number): tf.Variable[] {
  const rng = new Random(seed);
  return SHAPES.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape));
  });
}

/** Seeded gradients of every scale (Adam's division by sqrt(v) is where layouts could differ). */
function gradient(rng: Random, size: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => rng.normal() * 10 ** ((i % 9) - 4));
}

const flatValues = (vs: tf.Variable[]) => Float32Array.from(vs.flatMap((v) => Array.from(v.dataSync())));

function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} vs tf.train.adam's ${expected[i]}`);
  }
}

describe("FlatAdam", () => {
  test("gives tf.train.adam's parameters, bit for bit, over 25 steps with a learning-rate change", () => {
    const ours = variables(1), theirs = variables(1);
    const flat = new FlatAdam(ours, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-4 });
    const adam = tf.train.adam(1e-3, 0.9, 0.999, 1e-4);
    const rng = new Random(2);
    try {
      for (let t = 0; t < 25; t++) {
        if (t === 10) {
          flat.learningRate = 3e-4;
          (adam as unknown as { learningRate: number }).learningRate = 3e-4;
        }
        const g = gradient(rng, flat.size);
        let offset = 0;
        const named = theirs.map((v) => {
          const tensor = tf.tensor(g.subarray(offset, offset + v.size), v.shape);
          offset += v.size;
          return { name: v.name, tensor };
        });
        adam.applyGradients(named);
        tf.dispose(named.map((n) => n.tensor));
        const returned = flat.step(g);
        assertSameBits(flatValues(ours), flatValues(theirs), `step ${t}: variables`);
        assertSameBits(returned, flatValues(ours), `step ${t}: returned parameters`);
      }
    } finally {
      flat.dispose();
      adam.dispose();
      tf.dispose([...ours, ...theirs]);
    }
  });

  test("state() / setState() continue with the same bits as an uninterrupted run", () => {
    const a = variables(3), b = variables(3);
    const first = new FlatAdam(a, { learningRate: 1e-3, epsilon: 1e-4 });
    const rng = new Random(4);
    const grads = Array.from({ length: 12 }, () => gradient(rng, first.size));
    let second: FlatAdam | undefined;
    try {
      for (const g of grads) first.step(g);
      const straight = flatValues(a);
      // the same first 7 steps, then the state moves to a fresh optimiser over a copy of the variables
      const head = new FlatAdam(b, { learningRate: 1e-3, epsilon: 1e-4 });
      for (const g of grads.slice(0, 7)) head.step(g);
      const saved = head.state();
      head.dispose();
      second = new FlatAdam(b, { learningRate: 1e-3, epsilon: 1e-4 });
      second.setState(saved);
      for (const g of grads.slice(7)) second.step(g);
      assertSameBits(flatValues(b), straight, "resumed parameters");
      assert.equal(second.state().iterations, 12);
    } finally {
      first.dispose();
      second?.dispose();
      tf.dispose([...a, ...b]);
    }
  });

  test("bad inputs are named errors; no tensor survives a step", () => {
    const vs = variables(5);
    assertArgumentError(() => new FlatAdam([], { learningRate: 1 }), "variables", "FlatAdam");
    assertArgumentError(() => new FlatAdam(vs, { learningRate: 0 }), "options.learningRate", "FlatAdam");
    assertArgumentError(() => new FlatAdam(vs, { learningRate: 1, beta1: 1 }), "options.beta1", "FlatAdam");
    assertArgumentError(() => new FlatAdam(vs, { learningRate: 1, epsilon: -1 }), "options.epsilon", "FlatAdam");
    const opt = new FlatAdam(vs, { learningRate: 1e-3 });
    try {
      assertArgumentError(() => opt.step(new Float32Array(opt.size - 1)), "gradient", "FlatAdam.step");
      const withNaN = new Float32Array(opt.size);
      withNaN[3] = NaN;
      assert.throws(() => opt.step(withNaN), NaNArgumentError);
      assertArgumentError(() => opt.setState({ ...opt.state(), m: new Float32Array(2) }), "state", "FlatAdam.setState");
      const g = new Float32Array(opt.size).fill(0.5);
      assertNoTensorLeak(() => { opt.step(g); });
    } finally {
      opt.dispose();
      tf.dispose(vs);
    }
  });
});
