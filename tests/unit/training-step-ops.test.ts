/**
 * The training step with fewer operations (issue 21): the folding of tanh layers into sigmoid form as one op
 * with its own gradient (lib/nn/mlp.ts, FOLD) and one Adam update over all parameters (FlatAdam) must compute
 * exactly what the elementary form computed — autodiff through mul / sub / sum for the folding and
 * tf.train.adam per variable — bit for bit on the backend in use, and with fewer kernels. The elementary folding
 * is written out here as the reference (the library's form before the change).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Mlp, Vae, Random, trainVae, tf, type FoldedLayer, type VaeObjective } from "elbolab";
import { assertNoTensorLeak, useBackend } from "./setup";

useBackend();

/** The elementary folding (autodiff through mul, sub and sum), as Mlp.foldedLayers computed it before. */
function elementaryFolding(this: Mlp): FoldedLayer[] {
  const layers = this.sizes.length - 1;
  return Array.from({ length: layers }, (_, l) => {
    const w = this.variables[2 * l] as tf.Tensor2D, b = this.variables[2 * l + 1] as tf.Tensor1D;
    const hidden = l + 1 < layers;
    const [wIn, bIn] = l === 0 ? [w, b] : [tf.mul(w, 2), tf.sub(b, tf.sum(w, 0))];
    return hidden
      ? { w: tf.mul(wIn, 2) as tf.Tensor2D, b: tf.mul(bIn, 2) as tf.Tensor1D, activation: "sigmoid" as const }
      : { w: wIn as tf.Tensor2D, b: bIn as tf.Tensor1D, activation: "linear" as const };
  });
}

/** Runs `fn` with Mlp.foldedLayers replaced by the elementary form. */
function withElementaryFolding<T>(fn: () => T): T {
  const proto = Mlp.prototype as unknown as { foldedLayers: () => FoldedLayer[] };
  const ours = proto.foldedLayers;
  proto.foldedLayers = elementaryFolding;
  try {
    return fn();
  } finally {
    proto.foldedLayers = ours;
  }
}

/** Counts kernel launches (engine.runKernel, nested ones included) during fn. */
function countKernels(fn: () => void): number {
  const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
  const run = engine.runKernel;
  let n = 0;
  engine.runKernel = function (this: unknown, ...a: unknown[]) {
    n++;
    return run.apply(this, a);
  };
  try {
    fn();
  } finally {
    engine.runKernel = run;
  }
  return n;
}

function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} vs the elementary form's ${expected[i]}`);
  }
}

const CONFIG = { inputSize: 36, hidden: [12, 9], latentSize: 4 };

function images(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n * CONFIG.inputSize }, () => (rng.uniform() < 0.4 ? 1 : 0));
}

describe("training step with fewer operations", () => {
  for (const objective of [{ kind: "elbo" }, { kind: "iwae", k: 5 }] as VaeObjective[]) {
    test(`${objective.kind}${objective.kind === "iwae" ? ` k=${objective.k}` : ""}: objective and gradients equal the elementary folding's, bit for bit`, () => {
      const vae = new Vae(CONFIG, 7);
      const x = tf.tensor2d(images(6, 8), [6, CONFIG.inputSize]);
      try {
        const run = () => tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.sum(vae.objective(x, objective, 9)) as tf.Scalar, vae.variables);
          return [value.dataSync().slice(), ...vae.variables.map((v) => grads[v.name].dataSync().slice())];
        });
        const ours = run(), elementary = withElementaryFolding(run);
        assertSameBits(ours[0], elementary[0], "objective");
        vae.variables.forEach((v, i) => assertSameBits(ours[i + 1], elementary[i + 1], `∂/∂${v.name}`));
        assertNoTensorLeak(() => { run(); });
      } finally {
        x.dispose();
        vae.dispose();
      }
    });
  }

  test("trainVae (FlatAdam + folding op) gives the elementary form's parameters (tf.train.adam), with fewer kernels", () => {
    const data = { images: images(40, 10), n: 40, dim: CONFIG.inputSize, side: 6 };
    const options = { objective: { kind: "iwae", k: 3 } as VaeObjective, epochs: 2, batchSize: 10, seed: 11, learningRates: [1e-2, 3e-3] };
    const ours = new Vae(CONFIG, 12), reference = new Vae(CONFIG, 12);
    try {
      const kernelsOurs = countKernels(() => trainVae(ours, data, options));
      // the reference: the elementary folding, and tf.train.adam per variable on the same gradients (shards: 1)
      const kernelsReference = countKernels(() => withElementaryFolding(() => referenceTraining(reference, data, options)));
      ours.variables.forEach((v, i) => assertSameBits(v.dataSync(), reference.variables[i].dataSync(), v.name));
      assert.ok(kernelsOurs < kernelsReference, `kernels for 8 steps: ${kernelsOurs}, the elementary form ${kernelsReference}`);
    } finally {
      ours.dispose();
      reference.dispose();
    }
  });
});

/** trainVae's arithmetic with tf.train.adam: the same batches, binarisation off, per-example noise (train-vae-shards). */
function referenceTraining(vae: Vae, data: { images: Float32Array; n: number; dim: number }, o: { objective: VaeObjective; epochs: number; batchSize: number; seed: number; learningRates: number[] }): void {
  const rng = new Random(o.seed);
  const order = rng.fork(0), noise = rng.fork(1);
  const adam = tf.train.adam(o.learningRates[0], 0.9, 0.999, 1e-4);
  const d = CONFIG.latentSize, k = o.objective.kind === "iwae" ? o.objective.k : 1;
  let step = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      (adam as unknown as { learningRate: number }).learningRate = o.learningRates[epoch];
      const perm = order.permutation(data.n);
      for (let s = 0; s < data.n; s += o.batchSize) {
        const b = Math.min(o.batchSize, data.n - s);
        const rows = new Float32Array(b * data.dim);
        for (let j = 0; j < b; j++) rows.set(data.images.subarray(perm[s + j] * data.dim, (perm[s + j] + 1) * data.dim), j * data.dim);
        const eps = new Float32Array(k * b * d);
        for (let j = 0; j < b; j++) {
          const r = noise.fork(step, j);
          for (let i = 0; i < k; i++) for (let e = 0; e < d; e++) eps[(i * b + j) * d + e] = r.normal();
        }
        tf.tidy(() => {
          const x = tf.tensor2d(rows, [b, data.dim]);
          const shape = o.objective.kind === "iwae" ? [k, b, d] : [b, d];
          const { grads } = tf.variableGrads(() => tf.mul(tf.sum(vae.objectiveWithNoise(x, o.objective, tf.tensor(eps, shape))), -1 / b) as tf.Scalar, vae.variables);
          adam.applyGradients(vae.variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
        });
        step++;
      }
    }
  } finally {
    adam.dispose();
  }
}
