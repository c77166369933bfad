/**
 * Several independent `trainVae` runs (a sweep over β, k, architectures or seeds) spread over worker
 * threads, one run per task. Each run is exactly `trainVae(job.vae, data, job.options)`: the worker
 * rebuilds the VAE from a copy of its weights, trains it with the same seed on the same backend and sends
 * the weights back, which are assigned to `job.vae`. So every VAE ends bit for bit as if trained in this
 * thread, whatever the number of workers (0: in this thread, one after the other).
 *
 *   const histories = await trainVaesParallel(betas.map((beta) => ({ vae: new Vae(config, 1),
 *     options: { objective: { kind: "beta", beta }, epochs: 10, seed: 2 } })), train, { workers: 2 });
 *
 * A single job on two or more workers trains data-parallel instead (`trainVae` with the pool: the shards
 * of each minibatch on the workers), so one model also uses every core; its parameters are the same bits.
 *
 * Seeds must be numbers (a `Random` cannot cross threads). Progress: `onEpoch(job, info)` after every
 * epoch of every job (sent from the workers as they go); per-job `onStep` / `onEpoch` callbacks in
 * `options` are not available. Runs ≤ workers at once: memory is that many trainings.
 * Errors: those of `trainVae`, a job that is not { vae, options }, workers not an integer ≥ 0; a worker
 * that exits, is killed or stops answering (lib/parallel/liveness.ts: each training step is a heartbeat)
 * is a `WorkerLostError` "trainVaesParallel: ... worker w exited ... in phase P at step t (task vae:train)";
 * it is reported at once: the other runs are stopped with the pool this call started (a given pool's
 * workers finish their runs, whose results are dropped).
 */
import { ArgumentError } from "../errors";
import type { ImageSet } from "../data/images";
import { Vae } from "./vae";
import { trainVae, trainVaeParallel, type EpochInfo } from "./train-vae";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { namingLostWorkers } from "../parallel/liveness";
import { assertWorkerCount, defaultWorkerCount } from "../parallel/worker-count";
import { assignVaeWeights, vaeSnapshot, type TrainTaskOptions, type VaeSnapshot } from "../parallel/tasks";

export interface TrainJob {
  vae: Vae;
  options: TrainTaskOptions;
}

export async function trainVaesParallel(
  jobs: TrainJob[], data: ImageSet,
  options: { workers?: number; pool?: WorkerPool; onEpoch?: (job: number, info: EpochInfo) => void } = {},
): Promise<EpochInfo[][]> {
  const fn = "trainVaesParallel";
  if (!Array.isArray(jobs)) throw new ArgumentError("jobs", fn, "must be an array of { vae, options }");
  jobs.forEach((job, i) => {
    if (!job || !(job.vae instanceof Vae) || typeof job.options !== "object") throw new ArgumentError(`jobs[${i}]`, fn, "must be { vae: Vae, options: { objective, epochs, seed: number, ... } }");
    if (typeof job.options.seed !== "number") throw new ArgumentError(`jobs[${i}].options.seed`, fn, "must be a number (a Random cannot cross threads)");
  });
  const workers = options.pool ? options.pool.size : options.workers ?? defaultWorkerCount();
  assertWorkerCount(workers, "options.workers", fn);
  const onEpoch = options.onEpoch;
  if (workers === 0) {
    return jobs.map((job, i) => trainVae(job.vae, data, { ...job.options, onEpoch: onEpoch && ((info) => onEpoch(i, info)) }));
  }
  if (jobs.length === 1 && workers > 1) {
    const [job] = jobs;
    return [await trainVaeParallel(job.vae, data, { ...job.options, workers, pool: options.pool, onEpoch: onEpoch && ((info) => onEpoch(0, info)) })];
  }
  const histories: EpochInfo[][] = new Array(jobs.length);
  await namingLostWorkers(fn, () => withPool(options.pool, workers, (pool) => pool.runEach<{ snapshot: VaeSnapshot; history: EpochInfo[] }>(
    "vae:train", jobs.length,
    (i) => ({ snapshot: vaeSnapshot(jobs[i].vae), data, options: jobs[i].options }),
    (i, { snapshot, history }) => {
      assignVaeWeights(jobs[i].vae, snapshot.weights);
      histories[i] = history;
    },
    pool.size,
    onEpoch && ((i, info) => onEpoch(i, info as EpochInfo)),
  )));
  return histories;
}
