/**
 * Reuse of trained VAEs across runs: a VAE is stored under `<root>/<name>-<key>` where key is the first
 * 16 hex digits of the SHA-256 of the JSON of `settings` (architecture, objective, data sizes, epochs,
 * seed: everything that determines the weights). A full-mode notebook run trains once and later runs
 * load; any change of settings gives another key, so a stale model is never reused.
 *
 * `cachedVaeSweep` takes the runs of a sweep (over β, k, seeds; one run is a sweep of one): cached runs
 * are loaded, the others trained together by `trainVaesParallel` (one per worker thread, the same bits
 * as one after the other) and saved. `root` null disables the cache (quick mode trains every time, as
 * the tests must).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError } from "../errors";
import { MODEL_JSON } from "../io/directory-handler";
import type { ImageSet } from "../data/images";
import type { WorkerPool } from "../parallel/worker-pool";
import type { TrainTaskOptions } from "../parallel/tasks";
import type { EpochInfo } from "./train-vae";
import { trainVaesParallel } from "./train-vae-parallel";
import { Vae } from "./vae";

/** The cache key of a settings object (stable for equal JSON). */
export function settingsKey(settings: unknown): string {
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
}

/** The cache directory of a run, or null when `root` is null (errors name `fn`). */
function cacheDirectory(root: string | null, name: string, settings: object, fn: string, argument = "name"): string | null {
  if (typeof name !== "string" || !/^[\w.=-]+$/.test(name)) throw new ArgumentError(argument, fn, `must be a file-name-safe string, got ${JSON.stringify(name)}`);
  return root === null ? null : join(root, `${name}-${settingsKey(settings)}`);
}

/** One run of a sweep: `make()` builds the untrained VAE, `options` are `trainVae`'s (numeric seed, no callbacks). */
export interface CachedTrainJob {
  name: string;
  settings: object;
  make: () => Vae;
  options: TrainTaskOptions;
}

/**
 * Loads the cached runs of a sweep and trains the others on worker threads (`parallel.workers`, default
 * one per core; 0 trains here one after the other), then saves them. `parallel.onEpoch(job, info)`
 * reports every epoch of every trained job (job = index in `jobs`). Returns the VAEs in `jobs` order.
 */
export async function cachedVaeSweep(
  root: string | null, jobs: CachedTrainJob[], data: ImageSet,
  parallel: { workers?: number; pool?: WorkerPool; onEpoch?: (job: number, info: EpochInfo) => void } = {},
): Promise<{ vae: Vae; cached: boolean; dir: string | null }[]> {
  const fn = "cachedVaeSweep";
  if (!Array.isArray(jobs)) throw new ArgumentError("jobs", fn, "must be an array of { name, settings, make, options }");
  const runs = await Promise.all(jobs.map(async (job, i) => {
    if (!job || typeof job.make !== "function") throw new ArgumentError(`jobs[${i}].make`, fn, "must be a function returning an untrained Vae");
    const dir = cacheDirectory(root, job.name, job.settings, fn, `jobs[${i}].name`);
    if (dir !== null && existsSync(join(dir, MODEL_JSON))) return { vae: (await Vae.load(dir)).vae, cached: true, dir };
    return { vae: job.make(), cached: false, dir };
  }));
  const pending = runs.flatMap((r, i) => (r.cached ? [] : [i]));
  const histories = await trainVaesParallel(
    pending.map((i) => ({ vae: runs[i].vae, options: jobs[i].options })), data,
    { workers: parallel.workers, pool: parallel.pool, onEpoch: parallel.onEpoch && ((j, info) => parallel.onEpoch!(pending[j], info)) },
  );
  for (const [j, i] of pending.entries()) {
    const dir = runs[i].dir;
    if (dir === null) continue;
    const trainingSeconds = histories[j].at(-1)?.seconds ?? 0;
    await runs[i].vae.save(dir, { settings: jobs[i].settings, trainingSeconds });
  }
  return runs;
}
