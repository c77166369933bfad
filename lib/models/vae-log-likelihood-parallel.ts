/**
 * `estimateLogLikelihood` on worker threads: the same units of work (image batch b, chunk c of m
 * samples, noise from seed.fork(b, c)), each run by `logLikelihoodChunk` in whichever worker is free,
 * combined by `combineLogLikelihood` in the fixed order c = 0..C-1. The estimate is therefore the same,
 * bit for bit, for 0 workers (in this thread: exactly `estimateLogLikelihood`), 1, 2 or more, on one
 * backend. Memory per worker is that of one unit (batchSize · m rows), whatever k; the parent holds only
 * the chunk bounds (n · C floats) and at most two units' images per worker in flight.
 *
 *   await estimateLogLikelihoodParallel(vae, test, { k: 5000, seed: 1, workers: 2 })
 *   await estimateLogLikelihoodParallel(vae, test, { k: 5000, seed: 1, pool })   // reuse a WorkerPool
 *
 * `workers` defaults to `defaultWorkerCount()` ($ELBOLAB_WORKERS, else the number of cores); a given
 * `pool` is used as it is and left open, otherwise a pool is started and closed before returning.
 * The VAE's weights are copied to each worker once per call. Errors: those of `estimateLogLikelihood`,
 * workers not an integer ≥ 0, a failed worker; a worker that exits, is killed or stops answering (phases
 * "load", "chunk" at unit b·C + c, "end"; lib/parallel/liveness.ts) is a `WorkerLostError` naming it, its
 * phase and unit; the other workers finish their unit and take no more.
 */
import type { ImageSet } from "../data/images";
import type { Vae } from "./vae";
import {
  batchImages, combineLogLikelihood, estimateLogLikelihood, planLogLikelihood,
  type LogLikelihoodEstimate, type LogLikelihoodOptions, type LogLikelihoodPlan,
} from "./vae-log-likelihood";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { assertWorkerCount, defaultWorkerCount } from "../parallel/worker-count";
import { vaeSnapshot } from "../parallel/tasks";
import { namingLostWorkers } from "../parallel/liveness";

export interface ParallelOptions {
  /** Worker threads (0: in this thread). Default `defaultWorkerCount()`; ignored when `pool` is given. */
  workers?: number;
  /** A running pool to use (left open). */
  pool?: WorkerPool;
}

let loads = 0;

export async function estimateLogLikelihoodParallel(
  vae: Vae, data: ImageSet, options: LogLikelihoodOptions & ParallelOptions,
): Promise<LogLikelihoodEstimate> {
  const fn = "estimateLogLikelihoodParallel";
  const plan = planLogLikelihood(vae, data, options, fn);
  const workers = options.pool ? options.pool.size : options.workers ?? defaultWorkerCount();
  assertWorkerCount(workers, "options.workers", fn);
  if (workers === 0) return estimateLogLikelihood(vae, data, options);
  return namingLostWorkers(fn, () => withPool(options.pool, workers, async (pool) => {
    const parts = await logLikelihoodChunksParallel(vae, data, plan, pool);
    return combineLogLikelihood(plan, data.n, (b, c) => parts[b * plan.chunks + c]);
  }));
}

/**
 * The chunk bounds of every unit (b, c) of `plan` computed on `pool` (the VAE's weights sent once),
 * returned as parts[b·C + c]; for callers that combine them in more than one way (`estimateLkCurve`).
 */
export async function logLikelihoodChunksParallel(vae: Vae, data: ImageSet, plan: LogLikelihoodPlan, pool: WorkerPool): Promise<Float32Array[]> {
  const id = `vae-${process.pid}-${++loads}`;
  try {
    await pool.broadcast("vae:load", { id, snapshot: vaeSnapshot(vae) });
    const C = plan.chunks;
    const parts: Float32Array[] = new Array(plan.batches * C);
    await pool.runEach<Float32Array>(
      "vae:chunk", plan.batches * C,
      (i) => ({ id, images: batchImages(data, plan, Math.floor(i / C)).slice(), m: plan.sizes[i % C], seed: plan.seed, b: Math.floor(i / C), c: i % C, unit: i }),
      (i, r) => (parts[i] = r),
    );
    return parts;
  } finally {
    await pool.broadcast("vae:dispose", { id });
  }
}
