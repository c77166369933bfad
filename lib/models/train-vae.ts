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
 * Data-parallel (both cores for one model): each minibatch's gradient is the sum of the gradients of
 * `shards` contiguous shards (`defaultShards`), added in shard order, and one Adam step is applied here
 * (`shardedStepper`, lib/models/train-vae-shards.ts). The noise of example b of step t comes from
 * seed.fork(1).fork(t, b), so shards are pure functions of the weights and their rows. With `pool`, the
 * pool's workers compute the shards (worker w takes shards w, w + W, ...); without, this thread does.
 * Either way the parameters are the same, bit for bit: the worker count changes the speed only.
 * `trainVaeParallel` starts a pool of `workers` threads (default: every core) for one call.
 *
 * Errors: invalid objective, epochs ≥ 1, batchSize ≥ 1, learningRate > 0, learningRates not an array of
 * ≥ epochs rates > 0, shards ≥ 1, data not [n, D] in [0, 1].
 */
import { ArgumentError, NaNArgumentError, assertInteger, assertPositive } from "../errors";
import { toRandom, type Seed } from "../random";
import { binarize } from "../data/binarize";
import { validateImageSet, type ImageSet } from "../data/images";
import { checkObjective, type Vae, type VaeObjective } from "./vae";
import { shardedStepper } from "./train-vae-shards";
import { FlatAdam } from "../optim/flat-adam";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { assertWorkerCount, defaultWorkerCount } from "../parallel/worker-count";

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
  /**
   * Shards per minibatch, whose gradients are summed in order. Default `defaultShards(batchSize, objective)`: 2 when
   * a batch decodes ≥ 200 samples (B·k), else 1. It fixes the float32 arithmetic; workers change the speed only.
   */
  shards?: number;
  /** Workers that compute the shards (data-parallel); every worker must be idle. Results do not depend on it. */
  pool?: WorkerPool;
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

/** The error of a training that diverged at (epoch, step): says so and what to change. */
function diverged(what: string, epoch: number, step: number): Error {
  return new Error(`trainVae: training diverged at epoch ${epoch}, step ${step}: ${what}; lower options.learningRate (or options.learningRates)`);
}

/**
 * Shards per minibatch by default: 2 when the batch decodes at least 200 samples (B·k; k = 1 for the ELBO
 * objectives), else 1. A shard has a fixed cost (about 13 ms of kernel launches and weight-sized gradient work for
 * the reference model, measured), so splitting a small batch over two workers would not make a step faster. A
 * function of the batch and the objective only, never of the worker count, so results do not depend on the latter.
 */
export function defaultShards(batchSize: number, objective: VaeObjective): number {
  const k = objective.kind === "iwae" ? objective.k : 1;
  return batchSize >= 2 && batchSize * k >= 200 ? 2 : 1;
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
  const shards = options.shards ?? defaultShards(batchSize, options.objective);
  assertInteger(shards, "options.shards", fn, 1);
  if (options.pool !== undefined && (options.pool === null || typeof options.pool.startOnEachNow !== "function")) {
    throw new ArgumentError("options.pool", fn, "must be a WorkerPool (await WorkerPool.create()) or undefined");
  }
  const rng = toRandom(options.seed, fn);
  const order = rng.fork(0), noise = rng.fork(1), bits = rng.fork(2);
  const optimizer = new FlatAdam(vae.variables, { learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-4 });
  const history: EpochInfo[] = [];
  const start = Date.now();
  const { n, dim } = data;
  const batch = new Float32Array(batchSize * dim);
  let step = 0;
  let stepper: ReturnType<typeof shardedStepper> | undefined;
  try {
    stepper = shardedStepper(vae, options.objective, optimizer, noise, dim, batchSize, shards, options.pool);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (rates) optimizer.learningRate = rates[epoch];
      const perm = order.permutation(n);
      let sum = 0;
      for (let s = 0; s < n; s += batchSize) {
        const b = Math.min(batchSize, n - s);
        for (let j = 0; j < b; j++) batch.set(data.images.subarray(perm[s + j] * dim, (perm[s + j] + 1) * dim), j * dim);
        const grey = batch.subarray(0, b * dim);
        const xs = options.binarize ? binarize(grey, bits) : grey;
        let total: number;
        try {
          total = stepper.step(step, xs, b);
        } catch (e) {
          throw (e as Error).name === NaNArgumentError.name ? diverged(`NaN from its weights (${(e as Error).message})`, epoch, step) : e;
        }
        if (!Number.isFinite(total)) throw diverged(`the objective became ${total / b}`, epoch, step);
        sum += total;
        options.onStep?.(step, total / b);
        step++;
      }
      const info = { epoch, objective: sum / n, seconds: (Date.now() - start) / 1000 };
      history.push(info);
      if (options.onEpoch?.(info) === false) break;
    }
  } finally {
    stepper?.close();
    optimizer.dispose();
  }
  return history;
}

/**
 * `trainVae` with its minibatches' shards computed on `workers` worker threads (default
 * `defaultWorkerCount()`: every core; 0: in this thread) or on a given idle `pool` (left open).
 * The trained parameters are those of `trainVae(vae, data, options)`, bit for bit, for any worker count.
 */
export async function trainVaeParallel(vae: Vae, data: ImageSet, options: Omit<TrainVaeOptions, "pool"> & { workers?: number; pool?: WorkerPool }): Promise<EpochInfo[]> {
  const fn = "trainVaeParallel";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { objective, epochs, seed, workers?, ... }");
  const workers = options.pool ? options.pool.size : options.workers ?? defaultWorkerCount();
  assertWorkerCount(workers, "options.workers", fn);
  const { workers: _, ...rest } = options;
  if (workers === 0) return trainVae(vae, data, { ...rest, pool: undefined });
  return withPool(options.pool, workers, async (pool) => trainVae(vae, data, { ...rest, pool }));
}
