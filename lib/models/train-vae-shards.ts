/**
 * Synchronous data-parallel training steps: the gradient of a minibatch as the sum of the gradients of
 * its shards, each shard computed in this thread or by a worker holding a replica of the model, and one
 * Adam step over all parameters concatenated (`FlatAdam`, the same bits as tf.train.adam).
 *
 *   ∇ (-(1/B) Σ_b f(x_b, ε_b)) = Σ_s g_s,   g_s = ∇ (-(1/B) Σ_{b ∈ shard s} f(x_b, ε_b))
 *
 * The batch of B rows is cut into S contiguous shards (S = `shards`, fixed by the caller, not by the
 * number of workers); the noise ε_b of row b of step t comes from noise.fork(t, b) (per example), so
 * every g_s is a pure function of the weights, its rows and (seed, t, b): a worker computes the same bits
 * as this thread on the same backend. The shard gradients are added in the order s = 0..S-1 here, and
 * one Adam step is applied here: training gives the same parameters, bit for bit, for 0 (all shards in
 * this thread), 1, 2 or more workers. Worker w computes shards w, w + W, w + 2W, ...
 *
 * Shared memory (SharedArrayBuffer), no message per step: the parameters (this thread writes them after
 * each Adam step), the batch rows, one gradient slot per shard, and a control block. This thread blocks
 * in Atomics.wait while the workers compute (trainVae is synchronous); the workers run the task
 * "vae:replica" (lib/parallel/tasks.ts) for the whole training and leave when told to stop.
 *
 * Liveness: this thread never blocks for longer than SLICE_MS at a time; between slices it reads the
 * workers' liveness words (lib/parallel/liveness.ts). The workers beat as they enter each phase: "ready"
 * (building the replica), "step" t (computing their shards of step t), "reduce" t (handing over their
 * gradients, then resting while this thread sums them and applies Adam), "end" (leaving, after `finish()`).
 * A worker that has done its part of a wait rests (is not watched for silence, only for exit). A worker
 * that exits, or that is working and whose heartbeat stops for longer than P × the larger of the slowest
 * heartbeat interval seen and the pool's measured start-up (P = `workerPatience()`, 10), fails the call
 * with a `WorkerLostError` "trainVae: worker w exited (code c) in phase "step" at step t" (or "stopped
 * answering ..."): that worker is terminated and leaves the pool, the others are told to stop and leave
 * the training (they stay in the pool), and no tensor is left behind.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../random";
import { releaseTapeOnError } from "../math/release-tape-on-error";
import type { WorkerPool } from "../parallel/worker-pool";
import { SLICE_MS, beat, rest } from "../parallel/liveness";
import type { FlatAdam } from "../optim/flat-adam";
import { Vae, type VaeConfig, type VaeObjective } from "./vae";

/** Control block indices (Int32Array). */
const GENERATION = 0, COMMAND = 1, DONE = 2, READY = 3, ERROR = 4, STEP = 5, ROWS = 6, ENDED = 7;
const CONTROL_SIZE = 8;
const STOP = 2, RUN = 1;
const MESSAGE_BYTES = 2048;

/** What a worker needs to join a data-parallel training (structured-cloneable). */
export interface ReplicaPayload {
  config: VaeConfig;
  objective: VaeObjective;
  noiseSeed: number;
  shards: number;
  worker: number;
  workers: number;
  dim: number;
  control: SharedArrayBuffer;
  params: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  values: SharedArrayBuffer;
  batch: SharedArrayBuffer;
  message: SharedArrayBuffer;
}

/** The rows [start, end) of shard s of a batch of `rows` cut into `shards` contiguous pieces. */
export function shardRows(rows: number, shards: number, s: number): [number, number] {
  return [Math.floor((s * rows) / shards), Math.floor(((s + 1) * rows) / shards)];
}

/** Total number of parameter values and each variable's offset in the flat layout (`Vae.variables` order). */
function layout(vae: Vae): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const v of vae.variables) {
    offsets.push(total);
    total += v.size;
  }
  return { offsets, total };
}

/**
 * The gradient of -(1/batchRows) Σ_{b ∈ [start, end)} f(x_b, ε_b), written into `out` (flat, `Vae.variables`
 * order); returns Σ_b f(x_b, ε_b) over the shard. `rows` holds the whole batch (width `dim`). No tensor survives.
 */
export function shardGradient(
  vae: Vae, objective: VaeObjective, rows: Float32Array, dim: number, batchRows: number,
  start: number, end: number, noise: Random, step: number, out: Float32Array,
): number {
  const b = end - start;
  const shape = vae.noiseShape(objective, b);
  const perExample = shape.length === 3 ? shape[0] * shape[2] : shape[1];
  const eps = new Float32Array(b * perExample);
  const d = vae.config.latentSize;
  for (let j = 0; j < b; j++) {
    const r = noise.fork(step, start + j);
    if (shape.length === 2) for (let e = 0; e < d; e++) eps[j * d + e] = r.normal();
    else for (let i = 0; i < shape[0]; i++) for (let e = 0; e < d; e++) eps[(i * b + j) * d + e] = r.normal();
  }
  const variables = vae.variables;
  const { offsets } = layout(vae);
  return tf.tidy(() => {
    const x = tf.tensor2d(rows.subarray(start * dim, end * dim), [b, dim]);
    const noiseTensor = tf.tensor(eps, shape);
    const { value, grads } = releaseTapeOnError(() => tf.variableGrads(() => {
      const f = tf.sum(vae.objectiveWithNoise(x, objective, noiseTensor));
      return tf.mul(f, -1 / batchRows) as tf.Scalar;
    }, variables));
    variables.forEach((v, i) => out.set(grads[v.name].dataSync() as Float32Array, offsets[i]));
    return -value.dataSync()[0] * batchRows;
  });
}

/** Adds the S shard gradients in order s = 0..S-1 into `sum` (flat, `Vae.variables` order). */
function sumSlots(slots: Float32Array[], sum: Float32Array): Float32Array {
  sum.set(slots[0]);
  for (let s = 1; s < slots.length; s++) {
    const g = slots[s];
    for (let i = 0; i < sum.length; i++) sum[i] += g[i];
  }
  return sum;
}

/** Steps of one training: `step(t, rows, n)` computes the batch's gradient, applies Adam and returns Σ f. */
export interface ShardedStepper {
  step(t: number, rows: Float32Array, n: number): number;
  /** At the end of a training: tells the workers to leave and waits (bounded, see Liveness) until each has left. */
  finish(): void;
  /** Tells the workers to leave (idempotent; does not wait). */
  close(): void;
}

/**
 * A stepper over `shards` shards: in this thread when `pool` is undefined or there is one shard, else on the
 * pool's workers (every worker must be idle; they run "vae:replica" until `close()`).
 */
export function shardedStepper(
  vae: Vae, objective: VaeObjective, optimizer: FlatAdam, noise: Random, dim: number, maxRows: number, shards: number,
  pool?: WorkerPool,
): ShardedStepper {
  const { total } = layout(vae);
  const sum = new Float32Array(total);
  // one Adam update over all parameters (FlatAdam: 14 kernels, not 14 per variable)
  const apply = (slots: Float32Array[]) => optimizer.step(sumSlots(slots, sum));
  // one shard: nothing to share; this thread computes it (the same bits a worker would)
  if (!pool || shards === 1) {
    const slots = Array.from({ length: shards }, () => new Float32Array(total));
    return {
      step(t, rows, n) {
        let value = 0;
        for (let s = 0; s < shards; s++) {
          const [a, b] = shardRows(n, shards, s);
          value += shardGradient(vae, objective, rows, dim, n, a, b, noise, t, slots[s]);
        }
        apply(slots);
        return value;
      },
      finish() {},
      close() {},
    };
  }
  const sab = (bytes: number) => new SharedArrayBuffer(bytes);
  const control = sab(CONTROL_SIZE * 4), params = sab(total * 4), grads = sab(shards * total * 4);
  const values = sab(shards * 8), batch = sab(maxRows * dim * 4), message = sab(MESSAGE_BYTES);
  const ctl = new Int32Array(control), flat = new Float32Array(params), vals = new Float64Array(values), batchView = new Float32Array(batch);
  const slots = Array.from({ length: shards }, (_, s) => new Float32Array(grads, s * total * 4, total));
  // the replicas report failures through shared memory; their task results are not needed
  for (const done of pool.startOnEachNow("vae:replica", (worker, workers) => ({
    config: vae.config, objective, noiseSeed: noise.seed, shards, worker, workers, dim, control, params, grads, values, batch, message,
  } satisfies ReplicaPayload))) done.catch(() => undefined);
  const ids = pool.workerIds(), workers = ids.length;
  let closed = false;
  const command = (cmd: number) => {
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, COMMAND, cmd);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    command(STOP);
  };
  const fail = (): never => {
    const text = new TextDecoder().decode(new Uint8Array(message).slice()).replace(/\0+$/, "");
    const [name, ...rest] = text.split("\n");
    const error = new Error(`trainVae: a worker failed in data-parallel training: ${rest.join("\n")}`);
    error.name = name; // the worker's error class, e.g. NaNArgumentError
    throw error;
  };
  // waits until ctl[index] >= count, in slices; a lost worker is taken out of the pool, the others are stopped
  const waitFor = (index: number, count: number) => {
    pool.watch(ids);
    for (;;) {
      const now = Atomics.load(ctl, index);
      if (Atomics.load(ctl, ERROR)) fail();
      if (now >= count) return;
      Atomics.wait(ctl, index, now, SLICE_MS);
      const problem = pool.check(ids);
      if (problem) {
        close();
        throw pool.lose(problem, "trainVae");
      }
    }
  };
  try {
    waitFor(READY, workers);
  } catch (e) {
    close();
    throw e;
  }
  return {
    step(t, rows, n) {
      flat.set(optimizer.parameters());
      batchView.set(rows.subarray(0, n * dim));
      Atomics.store(ctl, STEP, t);
      Atomics.store(ctl, ROWS, n);
      command(RUN);
      waitFor(DONE, workers);
      apply(slots);
      let value = 0;
      for (let s = 0; s < shards; s++) value += vals[s];
      return value;
    },
    finish() {
      close();
      waitFor(ENDED, workers);
    },
    close,
  };
}

/**
 * The worker's side (task "vae:replica"): builds a replica, then for each RUN command reads the
 * parameters and the batch, computes its shards' gradients into their slots and reports DONE; returns on STOP.
 */
export function runReplica(p: ReplicaPayload): null {
  const ctl = new Int32Array(p.control);
  const reportError = (e: unknown) => {
    const text = `${(e as Error)?.name ?? "Error"}\n${String((e as Error)?.message ?? e)}`;
    const bytes = new TextEncoder().encode(text).subarray(0, MESSAGE_BYTES);
    new Uint8Array(p.message).set(bytes);
    Atomics.store(ctl, ERROR, 1);
    Atomics.notify(ctl, DONE);
    Atomics.notify(ctl, READY);
    Atomics.notify(ctl, ENDED);
  };
  let vae: Vae | undefined;
  try {
    beat("ready", 0);
    vae = new Vae(p.config, 0);
    const { offsets, total } = layout(vae);
    const flat = new Float32Array(p.params), rows = new Float32Array(p.batch), vals = new Float64Array(p.values);
    const noise = new Random(p.noiseSeed);
    let generation = Atomics.load(ctl, GENERATION);
    let step = -1;
    rest();
    Atomics.add(ctl, READY, 1);
    Atomics.notify(ctl, READY);
    for (;;) {
      Atomics.wait(ctl, GENERATION, generation);
      generation = Atomics.load(ctl, GENERATION);
      if (Atomics.load(ctl, COMMAND) === STOP) {
        beat("end", step);
        vae.dispose();
        vae = undefined;
        Atomics.add(ctl, ENDED, 1);
        Atomics.notify(ctl, ENDED);
        return null;
      }
      step = Atomics.load(ctl, STEP);
      beat("step", step);
      vae.variables.forEach((v, i) => {
        const t = tf.tensor(flat.subarray(offsets[i], offsets[i] + v.size), v.shape);
        v.assign(t);
        t.dispose();
      });
      const n = Atomics.load(ctl, ROWS);
      for (let s = p.worker; s < p.shards; s += p.workers) {
        const [a, b] = shardRows(n, p.shards, s);
        vals[s] = shardGradient(vae, p.objective, rows, p.dim, n, a, b, noise, step, new Float32Array(p.grads, s * total * 4, total));
      }
      beat("reduce", step);
      rest();
      Atomics.add(ctl, DONE, 1);
      Atomics.notify(ctl, DONE);
    }
  } catch (e) {
    reportError(e);
    return null;
  } finally {
    vae?.dispose();
  }
}
