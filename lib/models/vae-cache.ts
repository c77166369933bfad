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
 * An entry is written to a temporary directory (`<entry>.partial-<pid>-<n>`) and renamed into place;
 * last it gets `cache-entry.json` with the full key, the key material and the SHA-256 of model.json and
 * weights.bin. On load the key and both checksums are verified before the weights are read: a missing,
 * truncated or corrupt file (even at the same length), an entry written for another key or one
 * `Vae.load` rejects (a model.json without the SHA-256 of its weights, saved by an older elbolab) is
 * retrained and overwritten, with one line (`log`, default console.warn) naming the run, the reason and
 * the path. Never is such an entry loaded.
 *
 * Crashes and concurrent writers. The root is checked to be a usable directory before anything is built
 * or trained. A run holds the lock file `<entry>.lock` (its process id, created atomically with link(2))
 * from before it looks for its entry until its entry is saved: another sweep (another process, or an
 * interleaved call in this one) that needs the same entry waits for the lock (one line in `log`, polled
 * every 100 ms) and then loads the entry the first one wrote, so nothing is trained twice by accident.
 * Locks are taken in sorted order (no deadlock between sweeps). A lock or a `<entry>.partial-<pid>-…`
 * directory left by a process that no longer runs is removed on the next run. A failed training or write
 * disposes every VAE of the sweep (nothing leaks) and releases the locks.
 *
 * `cachedVaeSweep` takes the runs of a sweep (over β, k, seeds; one run is a sweep of one): cached runs
 * are loaded, the others trained together by `trainVaesParallel` (one per worker thread, the same bits
 * as one after the other) and saved. `root` null disables the cache (quick mode trains every time, as
 * the tests must). The number of workers is not in the key: it does not change the weights.
 *
 * Errors (ArgumentError naming the argument and `cachedVaeSweep`): jobs not an array, a root that is a
 * file or otherwise not a usable directory (before training), a name that is not file-name safe, `make` not a function returning a Vae, options or settings holding a function,
 * NaN, ±∞ or a class instance, data that is not an image set.
 */
import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";
import { closeSync, existsSync, linkSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ArgumentError } from "../errors";
import { processRuns, removeStaleTemporaries, writeFileAtomic } from "../io/atomic-file";
import { MODEL_JSON, WEIGHTS_BIN } from "../io/directory-handler";
import { assertDirectory, readFileNamed, readJsonNamed } from "../io/read-file";
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

/** Why the entry in `dir` is not a complete entry for `key` with intact files, or null when it is. */
function entryProblem(dir: string, key: string): string | null {
  const fn = "cachedVaeSweep";
  const entryPath = join(dir, CACHE_ENTRY_JSON);
  if (!existsSync(entryPath)) return `incomplete entry (no ${CACHE_ENTRY_JSON})`;
  let entry: CacheEntry;
  try {
    entry = readJsonNamed(entryPath, "root", fn) as CacheEntry;
  } catch (e) {
    return `${CACHE_ENTRY_JSON} is unreadable (${(e as Error).message})`;
  }
  if (entry?.key !== key) return `stale entry, written for another key (${String(entry?.key).slice(0, 16)})`;
  for (const file of [MODEL_JSON, WEIGHTS_BIN]) {
    const path = join(dir, file);
    if (!existsSync(path)) return `${file} is missing`;
    let bytes: Buffer;
    try {
      bytes = readFileNamed(path, "root", fn);
    } catch (e) {
      return `${file} is unreadable (${(e as Error).message})`;
    }
    if (sha256(bytes) !== entry.files?.[file]) return `${file} is corrupt or truncated (its SHA-256 differs from the stored one)`;
  }
  return null;
}

/**
 * The VAE stored in `dir` when its entry is complete, written for `key` and its files match their
 * SHA-256; otherwise null and, when something is there, the reason.
 */
async function loadEntry(dir: string, key: string): Promise<{ vae: Vae } | { reason: string | null }> {
  if (!existsSync(dir)) return { reason: null };
  const problem = entryProblem(dir, key);
  if (problem !== null) return { reason: problem };
  try {
    return { vae: (await Vae.load(dir)).vae };
  } catch (e) {
    return { reason: `Vae.load failed: ${(e as Error).message}` };
  }
}

let counter = 0;

/**
 * Saves `vae` as the entry for `key` in `dir`: written beside, checksummed, then renamed into place. An
 * entry already there (another writer's) is kept when it is complete for `key`, else moved aside and
 * replaced.
 */
async function saveEntry(dir: string, vae: Vae, key: string, material: object, metadata: Record<string, unknown>): Promise<void> {
  const fn = "cachedVaeSweep";
  const tmp = `${dir}.partial-${process.pid}-${counter++}`;
  try {
    try {
      await vae.save(tmp, metadata);
      const files = Object.fromEntries([MODEL_JSON, WEIGHTS_BIN].map((f) => [f, sha256(readFileSync(join(tmp, f)))]));
      writeFileAtomic(join(tmp, CACHE_ENTRY_JSON), JSON.stringify({ key, files, material }, null, 2) + "\n", fn);
    } catch (e) {
      throw new ArgumentError("root", fn, `could not store the entry ${dir}: ${(e as Error).message}`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(tmp, dir);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "ENOTDIR" && code !== "EISDIR") || attempt >= 5) {
          throw new ArgumentError("root", fn, `could not store the entry ${dir}: ${(e as Error).message}`);
        }
      }
      if (entryProblem(dir, key) === null) return; // another writer stored this very entry: keep it
      const aside = `${dir}.partial-${process.pid}-${counter++}`;
      try { renameSync(dir, aside); } catch { /* gone meanwhile: retry the rename */ }
      rmSync(aside, { recursive: true, force: true });
    }
  } finally {
    try { rmSync(tmp, { recursive: true, force: true }); } catch { /* the root became unusable: the error above says so */ }
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Takes the lock `<dir>.lock` for this process (see the module comment), waiting while a running process
 * holds it and removing it when its process is gone. Returns the function that releases it.
 */
async function lockEntry(dir: string, name: string, log: (line: string) => void): Promise<() => void> {
  const fn = "cachedVaeSweep";
  const lock = `${dir}.lock`;
  removeStaleTemporaries(lock);
  let waitingFor: number | null = null;
  for (;;) {
    const tmp = `${lock}.tmp-${process.pid}-${counter++}`;
    try {
      const fd = openSync(tmp, "wx");
      try { writeSync(fd, String(process.pid)); } finally { closeSync(fd); }
      linkSync(tmp, lock); // atomic: fails with EEXIST when another holds the lock; the lock is never half-written
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new ArgumentError("root", fn, `could not lock the entry ${dir}: ${(e as Error).message}`);
    } finally {
      rmSync(tmp, { force: true });
    }
    let holder: number;
    try {
      holder = Number(readFileSync(lock, "utf8"));
    } catch {
      continue; // released meanwhile
    }
    if (!Number.isInteger(holder) || !processRuns(holder)) {
      rmSync(lock, { force: true }); // its process is gone
      continue;
    }
    if (waitingFor !== holder) log(`${fn}: waiting for process ${holder}, which is training or saving ${name} (${dir})`);
    waitingFor = holder;
    await sleep(100);
  }
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
  if (root !== null) assertDirectory(root, "root", fn, true); // before anything is built or trained
  const dataSha256 = root === null ? "" : imageSetSha256(data);
  const runs: { vae: Vae; cached: boolean; dir: string | null; key?: string; material?: object }[] = [];
  const locks = new Map<string, () => void>();
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
      Object.assign(runs[i], { dir: join(root, `${job.name}-${key.slice(0, 16)}`), key, material });
    }
    const order = runs.flatMap((r, i) => (r.dir === null ? [] : [i])).sort((a, b) => (runs[a].dir! < runs[b].dir! ? -1 : 1));
    for (const i of order) {
      const dir = runs[i].dir!;
      if (!locks.has(dir)) locks.set(dir, await lockEntry(dir, jobs[i].name, log)); // a job repeated in one sweep shares its lock
      removeStaleTemporaries(dir, "partial");
      const found = await loadEntry(dir, runs[i].key!);
      if ("vae" in found) {
        runs[i].vae.dispose();
        Object.assign(runs[i], { vae: found.vae, cached: true });
      } else if (found.reason !== null) {
        log(`${fn}: retraining ${jobs[i].name}, the cached entry is not used: ${found.reason} (${dir})`);
      }
    }
    for (const [dir, release] of locks) {
      if (runs.every((r) => r.dir !== dir || r.cached)) { release(); locks.delete(dir); }
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
  } catch (e) {
    runs.forEach((r) => r.vae.dispose()); // a failed check, training or write leaks no model
    throw e;
  } finally {
    for (const release of locks.values()) {
      try { release(); } catch { /* the root became unusable: the lock went with it */ }
    }
  }
  return runs.map(({ vae, cached, dir }) => ({ vae, cached, dir }));
}
