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
 *
 * Liveness (liveness.ts): worker i (its index from creation, kept for the pool's life) beats in shared
 * memory as it enters each phase. A worker that exits or is killed while it has work, or whose heartbeat
 * stops for longer than P × the larger of the slowest heartbeat interval seen and the measured start-up
 * (P = `workerPatience()`, 10 by default; liveness.ts), fails
 * its tasks with a `WorkerLostError` naming the worker, its phase and step (and the task); a silent worker
 * is terminated, and a lost worker leaves the pool (the others keep serving it). Start-up: a worker that
 * exits before it is ready, or is not ready P × the time the first worker took, fails `create`
 * (before any worker is ready the only bound is START_BOUND_MS) and every thread started is terminated.
 * Threads that block in Atomics.wait while workers compute (`shardedStepper`) use `watch` / `check` /
 * `lose` between bounded waits. `WorkerPool.liveThreads()` counts this process's pool threads not yet exited.
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertInteger } from "../errors";
import { initBackend } from "../backend";
import { assertWorkerCount, defaultWorkerCount } from "./worker-count";
import {
  LivenessMonitor, SLICE_MS, WORDS, WorkerLostError, describeProblem, workerPatience, type WorkerProblem,
} from "./liveness";

/** The bound on a pool's start-up before any of its workers is ready (ms): 5 minutes to load TensorFlow.js. */
export const START_BOUND_MS = 300_000;

let liveThreads = 0;

function spawn(script: string, workerData: unknown): Worker {
  const worker = new Worker(script, { workerData });
  liveThreads++;
  worker.once("exit", () => liveThreads--);
  return worker;
}

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
  /** The worker's index from creation (its liveness words; the name in errors). */
  index: number;
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

  private readonly monitor: LivenessMonitor;
  /** Workers this pool terminated, until they have exited. */
  private readonly dying = new Set<Promise<number>>();
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly slots: Slot[], readonly backend: string, liveness: SharedArrayBuffer, startupMs: number, patience: number) {
    this.monitor = new LivenessMonitor(new Int32Array(liveness), startupMs, patience, (w) => {
      const slot = this.slots.find((s) => s.index === w);
      if (slot) void slot.worker.terminate(); // the test hook's "kill": from outside, no bookkeeping
    });
    for (const slot of slots) {
      slot.worker.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string }; progress?: unknown }) => this.finish(slot, msg));
      slot.worker.on("error", (e) => {
        const { phase, step } = this.monitor.where(slot.index);
        const error = new WorkerLostError(`WorkerPool: worker ${slot.index} failed in phase "${phase}" at step ${step}${this.taskOf(slot)}: ${e.message}`, slot.index, phase, step);
        this.fail(slot, error);
      });
      slot.worker.on("exit", (code) => {
        if (this.closed || !this.slots.includes(slot)) return;
        const { phase, step } = this.monitor.where(slot.index);
        this.fail(slot, new WorkerLostError(`WorkerPool: worker ${slot.index} exited (code ${code}) in phase "${phase}" at step ${step}${this.taskOf(slot)}`, slot.index, phase, step));
      });
      slot.worker.unref();
    }
  }

  /**
   * Starts `size` workers (default `defaultWorkerCount()`, at least 1) and waits until each has its backend.
   * Errors: a worker that cannot start its backend, exits before it is ready, or is not ready within the bound
   * (see the module comment); then no thread is left running.
   */
  static async create(size: number = Math.max(1, defaultWorkerCount())): Promise<WorkerPool> {
    assertWorkerCount(size, "size", "WorkerPool.create", 1);
    const backend = (await initBackend()).name;
    const script = workerScriptPath();
    const liveness = new SharedArrayBuffer(size * WORDS * 4);
    const patience = workerPatience();
    const t0 = performance.now();
    let firstReadyMs: number | undefined, startupMs = 0;
    const workers: Worker[] = [];
    const pending = new Map<number, (e: Error) => void>();
    const watchdog = setInterval(() => {
      const limit = firstReadyMs === undefined ? START_BOUND_MS : patience * firstReadyMs;
      const waited = performance.now() - t0;
      if (waited > limit) {
        for (const [i, fail] of pending) {
          fail(new WorkerLostError(`WorkerPool.create: worker ${i} stopped answering in phase "start" at step 0: not ready after ` +
            `${(waited / 1000).toFixed(2)} s (limit ${(limit / 1000).toFixed(2)} s${firstReadyMs === undefined ? "" : ` = ${patience} × the first worker's start-up`})`, i, "start", 0));
        }
      }
    }, SLICE_MS);
    const started = await Promise.allSettled(Array.from({ length: size }, (_, index) => new Promise<Slot>((ok, fail) => {
      const worker = spawn(script, { backend, liveness, index });
      workers.push(worker);
      const settle = (e?: Error, slot?: Slot) => {
        pending.delete(index);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (e) fail(e);
        else ok(slot!);
      };
      pending.set(index, (e) => settle(e));
      const onError = (e: Error) => settle(new Error(`WorkerPool: worker ${index} failed to start: ${e.message}`));
      const onExit = (code: number) => settle(new WorkerLostError(`WorkerPool.create: worker ${index} exited (code ${code}) in phase "start" at step 0`, index, "start", 0));
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.once("message", (msg: { ready: boolean; backend?: string; error?: string }) => {
        if (msg.ready && msg.backend === backend) {
          const ms = performance.now() - t0;
          firstReadyMs ??= ms;
          startupMs = Math.max(startupMs, ms);
          settle(undefined, { worker, busy: null, index });
        } else settle(new Error(`WorkerPool: worker ${index} could not start backend '${backend}': ${msg.error ?? `got '${msg.backend}'`}`));
      });
    })));
    clearInterval(watchdog);
    const slots = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw failed.reason as Error;
    }
    return new WorkerPool(slots, backend, liveness, startupMs, patience);
  }

  /** Worker threads started by any pool of this process that have not exited yet. */
  static liveThreads(): number {
    return liveThreads;
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
   * task i reports on the way. Rejects on the first error at once (a lost worker must not wait for the others'
   * runs); no new task starts after it, and the results and progress of tasks still running are dropped.
   */
  async runEach<T = unknown>(
    task: string, count: number, payload: (i: number) => unknown, onResult: (i: number, result: T) => void,
    window = 2 * this.size, onProgress?: (i: number, progress: unknown) => void,
  ): Promise<void> {
    assertInteger(count, "count", "WorkerPool.runEach", 0);
    assertInteger(window, "window", "WorkerPool.runEach", 1);
    let next = 0;
    let failed: Error | null = null;
    let failNow: (e: Error) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failNow = reject));
    failure.catch(() => undefined);
    const lane = async (): Promise<void> => {
      while (next < count && !failed) {
        const i = next++;
        try {
          const result = await this.run<T>(task, payload(i), [], onProgress && ((progress) => !failed && onProgress(i, progress)));
          if (!failed) onResult(i, result);
        } catch (e) {
          if (!failed) failNow((failed = e as Error));
        }
      }
    };
    await Promise.race([Promise.all(Array.from({ length: Math.min(window, count) }, lane)), failure]);
    if (failed) throw failed;
  }

  /**
   * Posts `task` with `payload(w)` to every worker w at once, now (synchronously), for tasks that work together
   * through shared memory while this thread blocks in Atomics.wait (data-parallel training, `shardedStepper`).
   * Such a task occupies its worker until it returns; work sent to that worker meanwhile waits in its port.
   * `payload(w, W)` receives the worker's number w = 0..W-1 (in `workerIds()` order, read after this call) and
   * W, the number of workers (a worker known to have exited leaves the pool first). Returns one promise per
   * worker for the task's result.
   */
  startOnEachNow<T = unknown>(task: string, payload: (worker: number, workers: number) => unknown): Promise<T>[] {
    if (this.closed) throw new Error(`WorkerPool.startOnEachNow: the pool is closed (task ${task})`);
    // a worker whose words say it exited (its exit event not yet handled: this thread may not have yielded) leaves now
    for (const slot of [...this.slots]) if (this.monitor.exited(slot.index)) this.fail(slot, new Error(`WorkerPool: worker ${slot.index} had exited`));
    const promises = this.slots.map((slot, w) => new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.detached.set(id, { id, task, payload: null, transfer: [], resolve: resolve as (v: unknown) => void, reject, slot });
      this.monitor.watch(slot.index);
      slot.worker.postMessage({ id, task, payload: payload(w, this.slots.length) });
    }));
    this.startWatchdog();
    return promises;
  }

  /** The creation indices of the pool's workers, in the order `startOnEachNow` numbers them (w = 0, 1, ...). */
  workerIds(): number[] {
    return this.slots.map((s) => s.index);
  }

  /** For a thread that blocks while workers compute: restarts the silence clocks of workers `ids` (their work starts now). */
  watch(ids: number[]): void {
    const now = performance.now();
    for (const w of ids) this.monitor.watch(w, now);
  }

  /** For a thread that blocks: the first of workers `ids` that exited or has been silent too long, or null. */
  check(ids: number[]): WorkerProblem | null {
    return this.monitor.check(ids);
  }

  /**
   * Takes a lost worker out of the pool now (synchronously): terminates it, fails its tasks, and returns the
   * error `${fn}: <the problem> (task ...)`, naming the worker, its phase and step.
   */
  lose(problem: WorkerProblem, fn: string): WorkerLostError {
    const slot = this.slots.find((s) => s.index === problem.worker);
    const error = new WorkerLostError(`${fn}: ${describeProblem(problem, this.monitor)}${slot ? this.taskOf(slot) : ""}`, problem.worker, problem.phase, problem.step);
    if (slot) {
      this.monitor.markExited(slot.index);
      const exit = slot.worker.terminate();
      this.dying.add(exit);
      void exit.finally(() => this.dying.delete(exit));
      this.fail(slot, error);
    }
    return error;
  }

  /** " (task NAME)" for the task worker `slot` is running, or "". */
  private taskOf(slot: Slot): string {
    const task = slot.busy?.task ?? [...this.detached.values()].find((j) => j.slot === slot)?.task;
    return task ? ` (task ${task})` : "";
  }

  /** Checks busy workers every SLICE_MS while any is busy (the event loop runs: async tasks). */
  private startWatchdog(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      const busy = this.slots.filter((s) => s.busy || [...this.detached.values()].some((j) => j.slot === s));
      if (busy.length === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      const problem = this.monitor.check(busy.map((s) => s.index));
      if (problem) this.lose(problem, "WorkerPool");
    }, SLICE_MS);
    this.timer.unref();
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
      this.monitor.watch(slot.index);
      this.startWatchdog();
      slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload }, job.transfer);
    }
  }

  private finish(slot: Slot, msg: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string }; progress?: unknown }): void {
    const own = this.detached.get(msg.id);
    if (own && !("progress" in msg)) {
      this.detached.delete(msg.id);
      this.monitor.unwatch(slot.index);
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
    this.monitor.unwatch(slot.index);
    if (msg.ok) job.resolve(msg.result);
    else {
      const err = new Error(`${msg.error?.message} (in worker task ${job.task})`);
      err.name = msg.error?.name ?? "Error";
      job.reject(err);
    }
    this.pump();
  }

  private fail(slot: Slot, e: Error): void {
    this.monitor.unwatch(slot.index);
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
    clearInterval(this.timer);
    await Promise.all([...this.slots.map((s) => s.worker.terminate()), ...this.dying]);
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
