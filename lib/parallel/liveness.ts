/**
 * Liveness of worker threads through shared memory: how a thread that waits in `Atomics.wait` (the
 * data-parallel trainer's main thread, which cannot see a worker's `exit` event while it blocks) or an
 * event loop (the pool's tasks) learns, within a bounded time, that a worker exited or stopped answering.
 *
 * Each worker of a `WorkerPool` owns WORDS Int32 words of one SharedArrayBuffer of its pool:
 *
 *   STATE  RUNNING, or EXITED (written by the worker's process 'exit' handler — a return, a throw or
 *          process.exit() — and by the pool when it terminates the worker itself)
 *   BEAT   a heartbeat counter, incremented by `beat(phase, step)` each time the worker enters a phase
 *   PHASE  the index in PHASES of the phase it entered last, STEP the step (or unit of work) of that phase
 *   CODE   the exit code
 *   RESTING 1 after `rest()`: the worker has done its part and waits for the watching thread (a finished
 *          shard, a finished task); cleared by the next `beat`
 *
 * The watching thread (`LivenessMonitor`) looks at the words of the workers it waits for, in slices of
 * at most SLICE_MS, and reports a worker as
 *
 *   - exited: its STATE is EXITED (seen at the next slice: within SLICE_MS);
 *   - not answering: it is not resting and its BEAT did not change for longer than
 *       limit = P × max(slowest interval, start-up)
 *     where slowest interval is the longest time seen between two heartbeats of any working worker of the
 *     pool (the measured duration of its slowest phase: a step, a unit of evaluation), start-up the
 *     measured time the pool's slowest worker took to start (load TensorFlow.js, compile its backend: the
 *     floor while few phases have been measured), and P the patience, `workerPatience()`: 10, or
 *     $ELBOLAB_WORKER_PATIENCE (read when a pool is created). Both times are measured on this machine,
 *     under its load, so a slow machine raises the limit with its step time; nothing is a fixed number
 *     of seconds. Time a worker spends resting or idle (waiting for a command or a task) is not watched.
 *     (A pool's start-up itself: see `WorkerPool.create`.)
 *
 * A worker killed by `worker.terminate()` from outside the pool runs no exit handler; it is reported by
 * the pool's `exit` event where an event loop runs, and as not answering where a thread blocks.
 * Test-only fault injection (`fault-injection.ts`) runs at every `beat`.
 */
import { ArgumentError } from "../errors";
import { injectFault, workerFault } from "./fault-injection";

export const STATE = 0, BEAT = 1, PHASE = 2, STEP = 3, CODE = 4, RESTING = 5;
/** Int32 words per worker. */
export const WORDS = 6;
export const RUNNING = 1, EXITED = 2, KILL_REQUESTED = 3;
/** The default patience: the multiple of the measured times after which a silent worker has failed. */
export const DEFAULT_PATIENCE = 10;

/**
 * The patience P of the silence limit: $ELBOLAB_WORKER_PATIENCE when set (a number ≥ 2; raise it where one
 * unit of work can take far longer than the pool's start-up, lower it to learn of a hang sooner), else 10.
 */
export function workerPatience(): number {
  const env = process.env.ELBOLAB_WORKER_PATIENCE?.trim();
  if (!env) return DEFAULT_PATIENCE;
  const p = Number(env);
  if (!Number.isFinite(p) || p < 2) throw new ArgumentError("ELBOLAB_WORKER_PATIENCE", "workerPatience", `must be a number >= 2, got "${env}"`);
  return p;
}

/** The longest a watching thread waits between two looks at the liveness words (ms). */
export const SLICE_MS = 50;

/**
 * Phases a worker can be in: "start" (starting its backend), "ready" (building a data-parallel replica),
 * "step" (computing step t), "reduce" (its gradients of step t handed over while this thread sums them),
 * "end" (leaving a training, or unloading a model), "load" (loading a model), "chunk" (evaluating unit t),
 * "idle" (no task).
 */
export const PHASES = ["start", "idle", "ready", "step", "reduce", "end", "load", "chunk"] as const;
export type Phase = (typeof PHASES)[number];

let own: { words: Int32Array; base: number; index: number } | undefined;

/**
 * Called once in a worker thread: its words are `words[index·WORDS ..]`. Marks it RUNNING and registers the
 * exit handler that marks it EXITED (with the exit code).
 */
export function joinLiveness(buffer: SharedArrayBuffer, index: number): void {
  const words = new Int32Array(buffer);
  own = { words, base: index * WORDS, index };
  Atomics.store(words, own.base + STATE, RUNNING);
  process.on("exit", (code) => {
    Atomics.store(words, index * WORDS + CODE, code);
    Atomics.store(words, index * WORDS + STATE, EXITED);
    Atomics.notify(words, index * WORDS + STATE);
  });
}

/** In a worker: enters `phase` of `step` (a heartbeat). A no-op outside a pool's worker (tasks run in-process too). */
export function beat(phase: Phase, step: number): void {
  if (!own) return;
  const { words, base } = own;
  Atomics.store(words, base + PHASE, PHASES.indexOf(phase));
  Atomics.store(words, base + STEP, step);
  Atomics.store(words, base + RESTING, 0);
  Atomics.add(words, base + BEAT, 1);
  const fault = workerFault(own.index, phase, step);
  if (fault) injectFault(fault, () => Atomics.store(words, base + STATE, KILL_REQUESTED));
}

/** In a worker: its part is done, it waits for the watching thread (not a heartbeat; no fault is injected here). */
export function rest(): void {
  if (own) Atomics.store(own.words, own.base + RESTING, 1);
}

/** A worker that exited or stopped answering, as seen by `LivenessMonitor.check`. */
export interface WorkerProblem {
  worker: number;
  kind: "exited" | "silent";
  phase: Phase;
  step: number;
  code: number;
  /** For "silent": how long no heartbeat came, and the limit (ms). */
  silentMs: number;
  limitMs: number;
}

/** An error that names the worker, its phase and step; `worker`, `phase`, `step` kept for programs. */
export class WorkerLostError extends Error {
  constructor(message: string, readonly worker: number, readonly phase: Phase, readonly step: number) {
    super(message);
    this.name = "WorkerLostError";
  }

  /** The same error, its message prefixed by the function the user called. */
  from(fn: string): WorkerLostError {
    return this.message.startsWith(`${fn}: `) ? this : new WorkerLostError(`${fn}: ${this.message}`, this.worker, this.phase, this.step);
  }
}

/** Runs `work`; a `WorkerLostError` it rejects with is rethrown prefixed by `fn` (the function the user called). */
export async function namingLostWorkers<T>(fn: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw e instanceof WorkerLostError ? e.from(fn) : e;
  }
}

/** The problem as a sentence: "worker 1 exited (code 7) in phase "step" at step 3". */
export function describeProblem(p: WorkerProblem, monitor: LivenessMonitor): string {
  const where = `in phase "${p.phase}" at step ${p.step}`;
  if (p.kind === "exited") return `worker ${p.worker} exited (code ${p.code}) ${where}`;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return `worker ${p.worker} stopped answering ${where}: no heartbeat for ${s(p.silentMs)} s (limit ${s(p.limitMs)} s = ${monitor.patience} × ` +
    `the larger of the slowest heartbeat interval seen ${s(monitor.slowestMs)} s and the pool's start-up ${s(monitor.startupMs)} s)`;
}

/** The thread-side watcher of a pool's liveness words (see the module comment for the rule). */
export class LivenessMonitor {
  /** The longest interval seen between two heartbeats of a watched worker (ms). */
  slowestMs = 0;
  private readonly watched = new Map<number, { beat: number; at: number }>();

  /** `onKillRequest(w)`: the test hook's "kill" (the pool terminates the worker as an outsider would). */
  constructor(
    readonly words: Int32Array, readonly startupMs: number, readonly patience: number, private readonly onKillRequest: (worker: number) => void,
  ) {}

  /** The current limit on a worker's silence (ms). */
  limitMs(): number {
    return this.patience * Math.max(this.slowestMs, this.startupMs);
  }

  /** Starts (or restarts) watching worker w: its silence counts from now. */
  watch(w: number, now = performance.now()): void {
    this.watched.set(w, { beat: Atomics.load(this.words, w * WORDS + BEAT), at: now });
  }

  unwatch(w: number): void {
    this.watched.delete(w);
  }

  /** Whether worker w's words say it exited. */
  exited(w: number): boolean {
    return Atomics.load(this.words, w * WORDS + STATE) === EXITED;
  }

  /** Marks worker w EXITED (the pool terminated it). */
  markExited(w: number, code = 1): void {
    Atomics.store(this.words, w * WORDS + CODE, code);
    Atomics.store(this.words, w * WORDS + STATE, EXITED);
  }

  /** Where worker w is: its last phase and step. */
  where(w: number): { phase: Phase; step: number } {
    return { phase: PHASES[Atomics.load(this.words, w * WORDS + PHASE)] ?? "start", step: Atomics.load(this.words, w * WORDS + STEP) };
  }

  /** The first of the watched workers (or of `only`) that exited or has been silent too long, or null. */
  check(only?: number[], now = performance.now()): WorkerProblem | null {
    const limit = this.limitMs();
    for (const [w, seen] of this.watched) {
      if (only && !only.includes(w)) continue;
      const state = Atomics.load(this.words, w * WORDS + STATE);
      if (state === KILL_REQUESTED) {
        Atomics.store(this.words, w * WORDS + STATE, RUNNING);
        this.onKillRequest(w);
      }
      const problem = (kind: WorkerProblem["kind"], silentMs: number): WorkerProblem =>
        ({ worker: w, kind, ...this.where(w), code: Atomics.load(this.words, w * WORDS + CODE), silentMs, limitMs: limit });
      if (state === EXITED) return problem("exited", 0);
      const beat = Atomics.load(this.words, w * WORDS + BEAT);
      if (Atomics.load(this.words, w * WORDS + RESTING) === 1) this.watched.set(w, { beat, at: now }); // waiting for us
      else if (beat !== seen.beat) {
        this.slowestMs = Math.max(this.slowestMs, now - seen.at);
        this.watched.set(w, { beat, at: now });
      } else if (now - seen.at > limit) return problem("silent", now - seen.at);
    }
    return null;
  }
}
