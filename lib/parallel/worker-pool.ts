/**
 * A pool of worker threads (node:worker_threads), each with its own TensorFlow.js engine and backend
 * instance: the way to a second core, since the wasm backend has no threads in Node. Every worker starts
 * the backend the parent uses (`initBackend()` in the parent first, then the same name in each worker:
 * ELBOLAB_BACKEND applies to both), so a task gives the same bits wherever it runs.
 *
 *   const pool = await WorkerPool.create(2);          // default: defaultWorkerCount()
 *   try { await pool.run("vae:chunk", payload) } finally { await pool.close() }
 *
 * Scheduling: tasks wait in one queue, first in first out; each worker takes the next when it is free.
 * Which worker runs a task is not fixed, so callers combine results by task, never by arrival order.
 * Workers keep the process alive only while they have work: an idle pool that was never closed does not
 * stop Node from exiting. `close()` terminates every thread; pending tasks are rejected.
 *
 * The worker script is lib/dist/parallel/worker.js (compiled JS; found from this file in dist, or from
 * lib/dist when this file runs as TypeScript source). Errors: size not an integer ≥ 1; a worker that
 * cannot start its backend; a task that throws (its message is rethrown in the parent, naming the task).
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertInteger } from "../errors";
import { initBackend } from "../backend";
import { assertWorkerCount, defaultWorkerCount } from "./worker-count";

interface Job {
  id: number;
  task: string;
  payload: unknown;
  transfer: ArrayBuffer[];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** Called with each { id, progress } message the task sends before its result. */
  onProgress?: (progress: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: Job | null;
}

/** The compiled worker script next to this module (dist), or in lib/dist when running from source. */
export function workerScriptPath(): string {
  const here = __filename.endsWith(".ts") ? resolve(__dirname, "..", "dist", "parallel") : __dirname;
  const path = join(here, "worker.js");
  if (!existsSync(path)) throw new Error(`WorkerPool: the worker script ${path} is missing (run npm run build)`);
  return path;
}

export class WorkerPool {
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Jobs that must run on one given worker (broadcast), served before the shared queue. */
  private readonly pinned = new Map<Slot, Job[]>();
  /** Jobs posted by `startOnEachNow`, outside the busy/queue bookkeeping, by id. */
  private readonly detached = new Map<number, Job & { slot: Slot }>();

  private constructor(private readonly slots: Slot[], readonly backend: string) {
    for (const slot of slots) {
      slot.worker.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string }; progress?: unknown }) => this.finish(slot, msg));
      slot.worker.on("error", (e) => this.fail(slot, e));
      slot.worker.on("exit", (code) => { if (!this.closed) this.fail(slot, new Error(`WorkerPool: a worker exited with code ${code}`)); });
      slot.worker.unref();
    }
  }

  /** Starts `size` workers (default `defaultWorkerCount()`, at least 1) and waits until each has its backend. */
  static async create(size: number = Math.max(1, defaultWorkerCount())): Promise<WorkerPool> {
    assertWorkerCount(size, "size", "WorkerPool.create", 1);
    const backend = (await initBackend()).name;
    const script = workerScriptPath();
    const started = await Promise.allSettled(Array.from({ length: size }, () => new Promise<Slot>((ok, fail) => {
      const worker = new Worker(script, { workerData: { backend } });
      const onError = (e: Error) => fail(new Error(`WorkerPool: a worker failed to start: ${e.message}`));
      worker.once("error", onError);
      worker.once("message", (msg: { ready: boolean; backend?: string; error?: string }) => {
        worker.off("error", onError);
        if (msg.ready && msg.backend === backend) ok({ worker, busy: null });
        else {
          void worker.terminate();
          fail(new Error(`WorkerPool: a worker could not start backend '${backend}': ${msg.error ?? `got '${msg.backend}'`}`));
        }
      });
    })));
    const slots = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw failed.reason as Error;
    }
    return new WorkerPool(slots, backend);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Runs `task` (a name in `TASKS`) on the next free worker; resolves with its result. `onProgress`
   * receives what the task reports on the way (e.g. training epochs).
   */
  run<T = unknown>(task: string, payload: unknown, transfer: ArrayBuffer[] = [], onProgress?: (progress: unknown) => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`WorkerPool.run: the pool is closed (task ${task})`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, payload, transfer, resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.pump();
    });
  }

  /**
   * Runs `count` tasks `task(payload(i))`, i = 0..count-1, at most `window` (default 2 per worker) queued or
   * running at a time, so payloads are made as work proceeds and memory stays bounded whatever `count`.
   * `onResult(i, result)` is called as each finishes (in any order), `onProgress(i, progress)` for what
   * task i reports on the way. Rejects on the first error; no new task starts after it.
   */
  async runEach<T = unknown>(
    task: string, count: number, payload: (i: number) => unknown, onResult: (i: number, result: T) => void,
    window = 2 * this.size, onProgress?: (i: number, progress: unknown) => void,
  ): Promise<void> {
    assertInteger(count, "count", "WorkerPool.runEach", 0);
    assertInteger(window, "window", "WorkerPool.runEach", 1);
    let next = 0;
    let failed: Error | null = null;
    const lane = async (): Promise<void> => {
      while (next < count && !failed) {
        const i = next++;
        try {
          onResult(i, await this.run<T>(task, payload(i), [], onProgress && ((progress) => onProgress(i, progress))));
        } catch (e) {
          failed ??= e as Error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
    if (failed) throw failed;
  }

  /**
   * Posts `task` with `payload(w)` to every worker w at once, now (synchronously), for tasks that work together
   * through shared memory while this thread blocks in Atomics.wait (data-parallel training, `shardedStepper`).
   * Such a task occupies its worker until it returns; work sent to that worker meanwhile waits in its port.
   * Returns one promise per worker for the task's result.
   */
  startOnEachNow<T = unknown>(task: string, payload: (worker: number) => unknown): Promise<T>[] {
    if (this.closed) throw new Error(`WorkerPool.startOnEachNow: the pool is closed (task ${task})`);
    return this.slots.map((slot, w) => new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.detached.set(id, { id, task, payload: null, transfer: [], resolve: resolve as (v: unknown) => void, reject, slot });
      slot.worker.postMessage({ id, task, payload: payload(w) });
    }));
  }

  /** Runs `task` once on every worker (for example to load a model); resolves when all have answered. */
  broadcast<T = unknown>(task: string, payload: unknown): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error(`WorkerPool.broadcast: the pool is closed (task ${task})`));
    return Promise.all(this.slots.map((slot) => new Promise<T>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, payload, transfer: [], resolve: resolve as (v: unknown) => void, reject };
      this.pinned.set(slot, [...(this.pinned.get(slot) ?? []), job]);
      this.pump();
    })));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const own = this.pinned.get(slot);
      const job = own && own.length > 0 ? own.shift()! : this.queue.shift();
      if (!job) continue;
      slot.busy = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload }, job.transfer);
    }
  }

  private finish(slot: Slot, msg: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string }; progress?: unknown }): void {
    const own = this.detached.get(msg.id);
    if (own && !("progress" in msg)) {
      this.detached.delete(msg.id);
      if (msg.ok) own.resolve(msg.result);
      else own.reject(new Error(`${msg.error?.message} (in worker task ${own.task})`));
      return;
    }
    const job = slot.busy;
    if (!job || job.id !== msg.id) return;
    if ("progress" in msg) {
      job.onProgress?.(msg.progress);
      return;
    }
    slot.busy = null;
    slot.worker.unref();
    if (msg.ok) job.resolve(msg.result);
    else {
      const err = new Error(`${msg.error?.message} (in worker task ${job.task})`);
      err.name = msg.error?.name ?? "Error";
      job.reject(err);
    }
    this.pump();
  }

  private fail(slot: Slot, e: Error): void {
    const job = slot.busy;
    slot.busy = null;
    if (job) job.reject(e);
    for (const j of this.pinned.get(slot) ?? []) j.reject(e);
    this.pinned.delete(slot);
    for (const [id, j] of this.detached) if (j.slot === slot) { this.detached.delete(id); j.reject(e); }
    // a dead worker takes no more work; if none is left, fail the queue
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (this.slots.length === 0) for (const j of this.queue.splice(0)) j.reject(e);
    else this.pump();
  }

  /** Terminates every worker; tasks not yet finished are rejected. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error("WorkerPool: closed before the task finished");
    for (const j of this.queue.splice(0)) j.reject(err);
    for (const slot of this.slots) {
      if (slot.busy) slot.busy.reject(err);
      for (const j of this.pinned.get(slot) ?? []) j.reject(err);
    }
    this.pinned.clear();
    for (const j of this.detached.values()) j.reject(err);
    this.detached.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Runs `fn` with a pool: the given one (left open), or a new one of `workers` threads that is closed
 * afterwards, whatever happens. `workers` must be ≥ 1 here; the 0-worker case is the caller's in-process path.
 */
export async function withPool<T>(pool: WorkerPool | undefined, workers: number, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  if (pool) return fn(pool);
  const own = await WorkerPool.create(workers);
  try {
    return await fn(own);
  } finally {
    await own.close();
  }
}
