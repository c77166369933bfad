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
 * Resumable: the loop is `VaeTraining`, which can stop between two steps, give its state (weights, Adam's moments and
 * β^t, the step, the order and binarisation streams) and be continued from it in another process with the same bits
 * (lib/models/checkpoint.ts writes the state to a file; `runProtocol` uses both).
 *
 * Errors: invalid objective, epochs ≥ 1, batchSize ≥ 1, learningRate > 0, learningRates not an array of
 * ≥ epochs rates > 0, shards ≥ 1, data not [n, D] in [0, 1].
 */
import { ArgumentError, NaNArgumentError, assertInteger, assertPositive } from "../errors";
import { Random, toRandom, type RandomState, type Seed } from "../random";
import { binarize } from "../data/binarize";
import { validateImageSet, type ImageSet } from "../data/images";
import { checkObjective, type Vae, type VaeObjective } from "./vae";
import { shardedStepper, type ShardedStepper } from "./train-vae-shards";
import { FlatAdam, type FlatAdamState } from "../optim/flat-adam";
import { assignVaeWeights, vaeSnapshot } from "../parallel/tasks";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { namingLostWorkers } from "../parallel/liveness";
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

/** Checks trainVae's options (errors name the argument and `fn`); returns the batch size, rates and shard count. */
function checkOptions(vae: Vae, data: ImageSet, options: TrainVaeOptions, fn: string): { batchSize: number; rate: (epoch: number) => number; shards: number } {
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
  return { batchSize, rate: (epoch) => (rates ? rates[epoch] : lr), shards };
}

/**
 * Where a training stands between two steps, as plain data: enough to continue it in another process with the
 * same numbers as if it had never stopped (`VaeTraining.state()` / `VaeTraining.resume`). The minibatch order of
 * the current epoch is not stored: it is redrawn from `orderAtEpoch`, the order stream before that epoch's
 * permutation. The reparameterisation noise needs no state (step t, row b draw from seed.fork(1).fork(t, b)).
 */
export interface VaeTrainingState {
  /** Steps taken since the start of training (the noise of the next step is keyed by it). */
  step: number;
  /** The current epoch (from 0) and the rows of it already trained on. */
  epoch: number;
  row: number;
  /** Σ of the per-row objective over the rows of the current epoch done so far (float64, as trainVae sums). */
  epochSum: number;
  orderAtEpoch: RandomState;
  /** The binarisation stream (dynamic binarisation), at its current position. */
  bits: RandomState;
  /** The VAE's weights (`Vae.variables` order) and Adam's state. */
  weights: Float32Array[];
  adam: FlatAdamState;
  history: EpochInfo[];
  /** Seconds of training before this state was taken (all sessions): for EpochInfo.seconds, not for the numbers. */
  seconds: number;
}

/**
 * trainVae's loop as an object that can stop between two steps and be continued, in this or another process,
 * from `state()`. `trainVae` is `new VaeTraining(vae, data, options).run()` then `close()`: the steps, and so the
 * parameters, are the same bits whether a training runs in one go or in pieces resumed from saved states
 * (the weights, Adam's moments and β^t, the step, the minibatch order and binarisation streams).
 *
 * `run(pause)` trains until the last epoch is done (returns true) or until `pause()` (asked after every step and
 * every epoch) returns true (returns false); `onEpoch` returning false ends the training. `resume` takes a VAE of
 * the same configuration (its weights are overwritten) and the options of the original training; the caller
 * keeps the settings the same (a checkpoint file records them, see lib/models/checkpoint.ts).
 * Errors: those of trainVae; a state that does not fit the VAE or the data (`state.*` named).
 */
export class VaeTraining {
  private readonly fn: string;
  private readonly optimizer: FlatAdam;
  private order: Random;
  private bits: Random;
  private readonly noise: Random;
  private readonly batch: Float32Array;
  private readonly batchSize: number;
  private readonly rate: (epoch: number) => number;
  private stepper: ShardedStepper | undefined;
  private perm: Int32Array | null = null;
  private orderAtEpoch: RandomState;
  private readonly started = Date.now();
  private readonly secondsBefore: number;
  private step = 0;
  private epoch = 0;
  private row = 0;
  private epochSum = 0;
  private stopped = false;
  readonly history: EpochInfo[] = [];

  constructor(readonly vae: Vae, readonly data: ImageSet, readonly options: TrainVaeOptions, state?: VaeTrainingState, fn = "trainVae") {
    this.fn = fn;
    const checked = checkOptions(vae, data, options, fn);
    this.batchSize = checked.batchSize;
    this.rate = checked.rate;
    const rng = toRandom(options.seed, fn);
    this.order = rng.fork(0);
    this.noise = rng.fork(1);
    this.bits = rng.fork(2);
    this.orderAtEpoch = this.order.state();
    this.optimizer = new FlatAdam(vae.variables, { learningRate: this.rate(0), beta1: 0.9, beta2: 0.999, epsilon: 1e-4 });
    this.batch = new Float32Array(this.batchSize * data.dim);
    this.secondsBefore = 0;
    try {
      if (state) this.secondsBefore = this.restore(state);
      this.stepper = shardedStepper(vae, options.objective, this.optimizer, this.noise, data.dim, this.batchSize, checked.shards, options.pool);
    } catch (e) {
      this.optimizer.dispose();
      throw e;
    }
  }

  /** A training continued from `state` (see the class comment). */
  static resume(vae: Vae, data: ImageSet, options: TrainVaeOptions, state: VaeTrainingState, fn = "VaeTraining.resume"): VaeTraining {
    if (state === null || typeof state !== "object") throw new ArgumentError("state", fn, "must be a VaeTrainingState (VaeTraining.state())");
    return new VaeTraining(vae, data, options, state, fn);
  }

  private restore(state: VaeTrainingState): number {
    const fn = this.fn;
    assertInteger(state.step, "state.step", fn, 0);
    assertInteger(state.epoch, "state.epoch", fn, 0);
    assertInteger(state.row, "state.row", fn, 0);
    if (state.row >= this.data.n) throw new ArgumentError("state.row", fn, `must be below data.n = ${this.data.n}, got ${state.row}`);
    if (!Number.isFinite(state.epochSum)) throw new ArgumentError("state.epochSum", fn, "must be a finite number");
    if (!Array.isArray(state.history) || state.history.length !== state.epoch) throw new ArgumentError("state.history", fn, `must hold one EpochInfo per finished epoch (${state.epoch})`);
    assignVaeWeights(this.vae, state.weights);
    this.optimizer.setState(state.adam);
    this.order = Random.fromState(state.orderAtEpoch);
    this.bits = Random.fromState(state.bits);
    this.orderAtEpoch = state.orderAtEpoch;
    this.step = state.step;
    this.epoch = state.epoch;
    this.row = state.row;
    this.epochSum = state.epochSum;
    this.history.push(...state.history.map((h) => ({ ...h })));
    // the current epoch's order: redrawn from the stream as it was before that epoch's permutation
    if (this.row > 0) this.perm = this.order.permutation(this.data.n);
    return state.seconds;
  }

  /** Epochs finished, steps taken and rows of the current epoch done. */
  get position(): { epoch: number; step: number; row: number } {
    return { epoch: this.epoch, step: this.step, row: this.row };
  }

  /** Whether every epoch is done (or onEpoch stopped the training). */
  get finished(): boolean {
    return this.stopped || this.epoch >= this.options.epochs;
  }

  /** Seconds of training so far, over every session. */
  get seconds(): number {
    return this.secondsBefore + (Date.now() - this.started) / 1000;
  }

  /** The state between two steps (copies: training on does not change it). */
  state(): VaeTrainingState {
    return {
      step: this.step, epoch: this.epoch, row: this.row, epochSum: this.epochSum,
      orderAtEpoch: this.orderAtEpoch, bits: this.bits.state(),
      weights: vaeSnapshot(this.vae).weights, adam: this.optimizer.state(),
      history: this.history.map((h) => ({ ...h })), seconds: this.seconds,
    };
  }

  /** Trains until finished (true) or until `pause()` says so after a step or an epoch (false). */
  run(pause?: () => boolean): boolean {
    if (!this.stepper) throw new Error(`${this.fn}: the training was closed`);
    const { n, dim } = this.data;
    const { batchSize, batch, options } = this;
    while (!this.finished) {
      if (this.row === 0) this.perm = this.order.permutation(n);
      this.optimizer.learningRate = this.rate(this.epoch);
      const perm = this.perm!;
      const s = this.row;
      const b = Math.min(batchSize, n - s);
      for (let j = 0; j < b; j++) batch.set(this.data.images.subarray(perm[s + j] * dim, (perm[s + j] + 1) * dim), j * dim);
      const grey = batch.subarray(0, b * dim);
      const xs = options.binarize ? binarize(grey, this.bits) : grey;
      let total: number;
      try {
        total = this.stepper.step(this.step, xs, b);
      } catch (e) {
        throw (e as Error).name === NaNArgumentError.name ? diverged(`NaN from its weights (${(e as Error).message})`, this.epoch, this.step) : e;
      }
      if (!Number.isFinite(total)) throw diverged(`the objective became ${total / b}`, this.epoch, this.step);
      this.epochSum += total;
      options.onStep?.(this.step, total / b);
      this.step++;
      this.row += b;
      if (this.row >= n) {
        const info = { epoch: this.epoch, objective: this.epochSum / n, seconds: this.seconds };
        this.history.push(info);
        this.epoch++;
        this.row = 0;
        this.perm = null;
        this.epochSum = 0;
        this.orderAtEpoch = this.order.state();
        if (options.onEpoch?.(info) === false) this.stopped = true;
      }
      if (pause?.()) return this.finished;
    }
    return true;
  }

  /** After the last step: waits for the workers to leave the training; a lost one is an error (Liveness). */
  finish(): void {
    this.stepper?.finish();
  }

  /** Tells the workers to leave and frees the optimiser's slots (idempotent). */
  close(): void {
    if (!this.stepper) return;
    this.stepper.close();
    this.stepper = undefined;
    this.optimizer.dispose();
  }
}

export function trainVae(vae: Vae, data: ImageSet, options: TrainVaeOptions): EpochInfo[] {
  const training = new VaeTraining(vae, data, options);
  try {
    training.run();
    training.finish(); // the workers leave the training; a lost one is an error (train-vae-shards.ts, Liveness)
  } finally {
    training.close();
  }
  return training.history;
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
  return namingLostWorkers(fn, () => withPool(options.pool, workers, async (pool) => trainVae(vae, data, { ...rest, pool })));
}
