/**
 * Trains a `Vae` with Adam (Kingma and Ba 2015) on minibatches, maximising the mean of one objective
 * (ELBO, β-ELBO or L_k, see `Vae.objective`) over the batch.
 *
 * Seeds: one `seed` determines everything: the minibatch order (a fresh permutation each epoch), the
 * dynamic binarisation of each minibatch when `binarize` is set (Burda et al. 2016: a new Bernoulli
 * draw of every grey image each time it is used), and the reparameterisation noise. The same seed
 * gives the same parameters, bit for bit, on the same backend.
 *
 * Defaults: learning rate 10⁻³, Adam β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁴ (the IWAE paper's values), batch
 * size 100, no binarisation. `learningRates` gives a rate per epoch instead (epoch e uses learningRates[e];
 * e.g. `iwaeLearningRates(epochs)`, the paper's schedule), set on the same Adam optimiser, whose moment
 * estimates carry over between epochs. The last partial minibatch of an epoch is kept. `onEpoch` receives the
 * epoch's mean objective (a metric callback: evaluate, log or stop there); a progress bar is the
 * caller's (`progress`), ticked from `onStep` if wanted. Memory: every step runs in tf.tidy and the
 * optimiser's slots are freed at the end (no tensor survives the call).
 *
 * Errors: invalid objective, epochs ≥ 1, batchSize ≥ 1, learningRate > 0, learningRates not an array of
 * ≥ epochs rates > 0, data not [n, D] in [0, 1].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertPositive } from "../errors";
import { toRandom, type Seed } from "../random";
import { binarize } from "../data/binarize";
import { validateImageSet, type ImageSet } from "../data/images";
import { checkObjective, type Vae, type VaeObjective } from "./vae";

export interface TrainVaeOptions {
  objective: VaeObjective;
  epochs: number;
  seed: Seed;
  batchSize?: number;
  learningRate?: number;
  /** A learning rate per epoch (length ≥ epochs), instead of `learningRate`. */
  learningRates?: number[];
  /** Draw a fresh binarisation of every minibatch (dynamic binarisation). Default false. */
  binarize?: boolean;
  /** After every step: the step index (from 0) and the step's mean objective. */
  onStep?: (step: number, objective: number) => void;
  /** After every epoch (from 0), with the epoch's mean objective and the elapsed seconds; return false to stop. */
  onEpoch?: (info: EpochInfo) => void | boolean;
}

export interface EpochInfo {
  epoch: number;
  objective: number;
  seconds: number;
}

export function trainVae(vae: Vae, data: ImageSet, options: TrainVaeOptions): EpochInfo[] {
  const fn = "trainVae";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { objective, epochs, seed, ... }");
  checkObjective(options.objective, fn);
  assertInteger(options.epochs, "options.epochs", fn, 1);
  const batchSize = options.batchSize ?? 100;
  assertInteger(batchSize, "options.batchSize", fn, 1);
  const lr = options.learningRate ?? 1e-3;
  assertPositive(lr, "options.learningRate", fn);
  const rates = options.learningRates;
  if (rates !== undefined) {
    if (!Array.isArray(rates) || rates.length < options.epochs) throw new ArgumentError("options.learningRates", fn, `must be an array of at least epochs = ${options.epochs} learning rates`);
    rates.forEach((r, e) => assertPositive(r, `options.learningRates[${e}]`, fn));
  }
  validateImageSet(data, "data", fn);
  if (data.dim !== vae.config.inputSize) throw new ArgumentError("data.dim", fn, `must equal the VAE's inputSize ${vae.config.inputSize}, got ${data.dim}`);
  const rng = toRandom(options.seed, fn);
  const order = rng.fork(0), noise = rng.fork(1), bits = rng.fork(2);
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-4);
  const variables = vae.variables;
  const history: EpochInfo[] = [];
  const start = Date.now();
  const { n, dim } = data;
  const batch = new Float32Array(batchSize * dim);
  let step = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (rates) (optimizer as unknown as { learningRate: number }).learningRate = rates[epoch];
      const perm = order.permutation(n);
      let sum = 0;
      for (let s = 0; s < n; s += batchSize) {
        const b = Math.min(batchSize, n - s);
        for (let j = 0; j < b; j++) batch.set(data.images.subarray(perm[s + j] * dim, (perm[s + j] + 1) * dim), j * dim);
        const grey = batch.subarray(0, b * dim);
        const xs = options.binarize ? binarize(grey, bits) : grey;
        const value = tf.tidy(() => {
          const x = tf.tensor2d(xs, [b, dim]);
          const loss = optimizer.minimize(() => tf.neg(tf.mean(vae.objective(x, options.objective, noise))) as tf.Scalar, true, variables);
          return loss!.dataSync()[0];
        });
        if (!Number.isFinite(value)) throw new Error(`trainVae: the objective became ${value} at epoch ${epoch}, step ${step} (lower the learning rate)`);
        sum -= value * b;
        options.onStep?.(step, -value);
        step++;
      }
      const info = { epoch, objective: sum / n, seconds: (Date.now() - start) / 1000 };
      history.push(info);
      if (options.onEpoch?.(info) === false) break;
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
