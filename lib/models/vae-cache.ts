/**
 * Reuse of trained VAEs across runs. A run is stored under `<root>/<name>-<key>` (key: the first 16
 * hex digits of a SHA-256) and reused only when everything that determines its weights is the same.
 * The key is the SHA-256 of the stable JSON (`stableJson`: sorted keys, callbacks rejected) of
 *
 *   settings   the notebook's own settings for the run (optional, free-form plain data)
 *   options    the whole options object passed to training (`trainVae` / `trainVaesParallel`): epochs,
 *              learning rate, batch size, objective (k, β), seed, binarisation, and any option added
 *              later (schedules, optimiser settings): nothing is picked by hand, so none can be forgotten
 *   model      the VAE's configuration and the SHA-256 of its initial weights (what `make()` built)
 *   data       n, dim, side and the SHA-256 of the training images' bytes (a statically binarised set is
 *              hashed as binarised; dynamic binarisation is `options.binarize` with `options.seed`)
 *   library    elbolab's version and the SHA-256 of its compiled code (every .js file of lib/dist), so
 *              any change of the library retrains
 *   tfjs       `tf.version` (every TensorFlow.js package) and the backend in use (`tf.getBackend()`)
 *
 * An entry is written to a temporary directory and renamed into place; last it gets `cache-entry.json`
 * with the full key, the key material and the SHA-256 of model.json and weights.bin. On load the key
 * and both checksums are verified before the weights are read: a missing, truncated or corrupt file
 * (even at the same length), an entry written for another key or one `Vae.load` rejects is retrained
 * and overwritten, with one line (`log`, default console.warn) naming the run, the reason and the path.
 * Never is such an entry loaded.
 *
 * `cachedVaeSweep` takes the runs of a sweep (over β, k, seeds; one run is a sweep of one): cached runs
 * are loaded, the others trained together by `trainVaesParallel` (one per worker thread, the same bits
 * as one after the other) and saved. `root` null disables the cache (quick mode trains every time, as
 * the tests must). The number of workers is not in the key: it does not change the weights.
 *
 * Errors (ArgumentError naming the argument and `cachedVaeSweep`): jobs not an array, a name that is
 * not file-name safe, `make` not a function returning a Vae, options or settings holding a function,
 * NaN, ±∞ or a class instance, data that is not an image set.
 */
import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ArgumentError } from "../errors";
import { MODEL_JSON, WEIGHTS_BIN } from "../io/directory-handler";
import { stableJson } from "../io/stable-json";
import { validateImageSet, type ImageSet } from "../data/images";
import type { WorkerPool } from "../parallel/worker-pool";
import { vaeSnapshot, type TrainTaskOptions } from "../parallel/tasks";
import type { EpochInfo } from "./train-vae";
import { trainVaesParallel } from "./train-vae-parallel";
import { Vae } from "./vae";

/** The file that marks a complete entry: key, key material and the files' SHA-256. */
export const CACHE_ENTRY_JSON = "cache-entry.json";
const FORMAT = 2;

function sha256(...parts: (string | ArrayBufferView)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? p : new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest("hex");
}

let libraryMemo: { version: string; distSha256: string } | null = null;

/**
 * elbolab's version and the SHA-256 over its compiled code: the relative path and content of every .js
 * file under lib/dist, in sorted order (computed once per process).
 */
export function libraryFingerprint(): { version: string; distSha256: string } {
  if (libraryMemo) return libraryMemo;
  let pkgDir = resolve(__dirname);
  while (!existsSync(join(pkgDir, "package.json")) && dirname(pkgDir) !== pkgDir) pkgDir = dirname(pkgDir);
  const version = String(JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version);
  const dist = existsSync(join(pkgDir, "dist")) ? join(pkgDir, "dist") : pkgDir;
  const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith(".js")).sort();
  const h = createHash("sha256");
  for (const f of files) h.update(`${relative(dist, join(dist, f))}\0`).update(readFileSync(join(dist, f))).update("\0");
  libraryMemo = { version, distSha256: h.digest("hex") };
  return libraryMemo;
}

/** The SHA-256 of an image set's identity: n, dim, side and the bytes of its images. */
export function imageSetSha256(data: ImageSet): string {
  return sha256(`${data.n}x${data.dim}x${data.side}\0`, data.images);
}

/**
 * What the key of one run is computed from (see the file comment): plain data, stored in the entry
 * so a miss can be explained by comparing two entries.
 */
export function vaeCacheKeyMaterial(job: { settings?: object; options: object }, vae: Vae, dataSha256: string): object {
  return {
    format: FORMAT,
    settings: job.settings ?? null,
    options: job.options,
    model: { config: vae.config, initialWeightsSha256: sha256(...vaeSnapshot(vae).weights) },
    data: dataSha256,
    library: libraryFingerprint(),
    tfjs: { ...tf.version },
    backend: tf.getBackend(),
  };
}

/** The full key (64 hex digits) of key material. */
export function vaeCacheKey(material: object, fn = "vaeCacheKey"): string {
  return sha256(stableJson(material, "material", fn));
}

interface CacheEntry { key: string; files: Record<string, string> }

/**
 * The VAE stored in `dir` when its entry is complete, written for `key` and its files match their
 * SHA-256; otherwise null and, when something is there, the reason.
 */
async function loadEntry(dir: string, key: string): Promise<{ vae: Vae } | { reason: string | null }> {
  if (!existsSync(dir)) return { reason: null };
  const entryPath = join(dir, CACHE_ENTRY_JSON);
  if (!existsSync(entryPath)) return { reason: `incomplete entry (no ${CACHE_ENTRY_JSON})` };
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(entryPath, "utf8")) as CacheEntry;
  } catch (e) {
    return { reason: `${CACHE_ENTRY_JSON} is unreadable (${(e as Error).message})` };
  }
  if (entry?.key !== key) return { reason: `stale entry, written for another key (${String(entry?.key).slice(0, 16)})` };
  for (const file of [MODEL_JSON, WEIGHTS_BIN]) {
    const path = join(dir, file);
    if (!existsSync(path)) return { reason: `${file} is missing` };
    if (sha256(readFileSync(path)) !== entry.files?.[file]) return { reason: `${file} is corrupt or truncated (its SHA-256 differs from the stored one)` };
  }
  try {
    return { vae: (await Vae.load(dir)).vae };
  } catch (e) {
    return { reason: `Vae.load failed: ${(e as Error).message}` };
  }
}

/** Saves `vae` as the entry for `key` in `dir`: written beside, checksummed, then renamed into place. */
async function saveEntry(dir: string, vae: Vae, key: string, material: object, metadata: Record<string, unknown>): Promise<void> {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await vae.save(tmp, metadata);
  const files = Object.fromEntries([MODEL_JSON, WEIGHTS_BIN].map((f) => [f, sha256(readFileSync(join(tmp, f)))]));
  writeFileSync(join(tmp, CACHE_ENTRY_JSON), JSON.stringify({ key, files, material }, null, 2) + "\n");
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** One run of a sweep: `make()` builds the untrained VAE, `options` are `trainVae`'s (numeric seed, no callbacks). */
export interface CachedTrainJob {
  name: string;
  /** The notebook's settings for this run (plain data); the key also covers options, model, data and versions. */
  settings?: object;
  make: () => Vae;
  options: TrainTaskOptions;
}

/**
 * Loads the cached runs of a sweep and trains the others on worker threads (`parallel.workers`, default
 * one per core; 0 trains here one after the other), then saves them. `parallel.onEpoch(job, info)`
 * reports every epoch of every trained job (job = index in `jobs`); `parallel.log` gets the one line per
 * entry that is retrained instead of loaded (default console.warn). Returns the VAEs in `jobs` order.
 */
export async function cachedVaeSweep(
  root: string | null, jobs: CachedTrainJob[], data: ImageSet,
  parallel: { workers?: number; pool?: WorkerPool; onEpoch?: (job: number, info: EpochInfo) => void; log?: (line: string) => void } = {},
): Promise<{ vae: Vae; cached: boolean; dir: string | null }[]> {
  const fn = "cachedVaeSweep";
  if (!Array.isArray(jobs)) throw new ArgumentError("jobs", fn, "must be an array of { name, settings, make, options }");
  if (root !== null && (typeof root !== "string" || root === "")) throw new ArgumentError("root", fn, "must be a directory path or null");
  validateImageSet(data, "data", fn);
  const log = parallel.log ?? ((line: string) => console.warn(line));
  const dataSha256 = root === null ? "" : imageSetSha256(data);
  const runs: { vae: Vae; cached: boolean; dir: string | null; key?: string; material?: object }[] = [];
  try {
    for (const [i, job] of jobs.entries()) {
      const argument = `jobs[${i}]`;
      if (!job || typeof job.make !== "function") throw new ArgumentError(`${argument}.make`, fn, "must be a function returning an untrained Vae");
      if (typeof job.name !== "string" || !/^[\w.=-]+$/.test(job.name)) throw new ArgumentError(`${argument}.name`, fn, `must be a file-name-safe string, got ${JSON.stringify(job.name)}`);
      if (job.options === null || typeof job.options !== "object") throw new ArgumentError(`${argument}.options`, fn, "must be trainVae's options object");
      const vae = job.make();
      if (!(vae instanceof Vae)) throw new ArgumentError(`${argument}.make`, fn, "must return a Vae");
      runs.push({ vae, cached: false, dir: null });
      stableJson(job.settings ?? null, `${argument}.settings`, fn);
      stableJson(job.options, `${argument}.options`, fn);
      if (root === null) continue;
      const material = vaeCacheKeyMaterial(job, vae, dataSha256);
      const key = vaeCacheKey(material, fn);
      const dir = join(root, `${job.name}-${key.slice(0, 16)}`);
      Object.assign(runs[i], { dir, key, material });
      const found = await loadEntry(dir, key);
      if ("vae" in found) {
        vae.dispose();
        Object.assign(runs[i], { vae: found.vae, cached: true });
      } else if (found.reason !== null) {
        log(`${fn}: retraining ${job.name}, the cached entry is not used: ${found.reason} (${dir})`);
      }
    }
  } catch (e) {
    runs.forEach((r) => r.vae.dispose());
    throw e;
  }
  const pending = runs.flatMap((r, i) => (r.cached ? [] : [i]));
  const histories = await trainVaesParallel(
    pending.map((i) => ({ vae: runs[i].vae, options: jobs[i].options })), data,
    { workers: parallel.workers, pool: parallel.pool, onEpoch: parallel.onEpoch && ((j, info) => parallel.onEpoch!(pending[j], info)) },
  );
  for (const [j, i] of pending.entries()) {
    const { dir, key, material } = runs[i];
    if (dir === null) continue;
    const trainingSeconds = histories[j].at(-1)?.seconds ?? 0;
    await saveEntry(dir, runs[i].vae, key!, material!, { settings: jobs[i].settings ?? null, trainingSeconds });
  }
  return runs.map(({ vae, cached, dir }) => ({ vae, cached, dir }));
}
