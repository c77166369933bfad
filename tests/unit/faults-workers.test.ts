/**
 * Fault injection for worker threads (ELBOLAB_FAULT, test-only; lib/parallel/fault-injection.ts): a worker
 * that exits, is killed or stops answering in any phase of data-parallel training, of a sweep of trainings
 * or of a parallel evaluation is reported within a bounded time, by an error naming the worker, the phase
 * and the step; then no worker thread is left and the tensor count is back at its baseline.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { afterEach, before, describe, test } from "node:test";
import {
  DEFAULT_PATIENCE, FAULT_EXIT_CODE, Random, Vae, WorkerLostError, WorkerPool, estimateLogLikelihoodParallel, tf, trainVae,
  initBackend, trainVaeParallel, trainVaesParallel, workerPatience, type ImageSet,
} from "elbolab";
import { useBackend } from "./setup";

useBackend();

const CONFIG = { inputSize: 16, hidden: [12, 10], latentSize: 3 };
/**
 * Each case's bound: a pool's start-up (1 to 9 s on this shared machine), at most one silence limit
 * (patience × the start-up) and the cleanup. Hangs use patience 4 ($ELBOLAB_WORKER_PATIENCE) to be found
 * sooner than with the default 10 (the same rule, checked from each message).
 */
const BOUND = { timeout: 180_000 };
const PATIENCE = 4;

function images(n: number, seed: number): ImageSet {
  const rng = new Random(seed);
  return { images: Float32Array.from({ length: n * 16 }, () => (rng.uniform() < 0.35 ? 1 : 0)), n, dim: 16, side: 4 };
}

/** The threads of this process as the OS counts them (Linux), or -1 where /proc is missing: a check independent of the pool's count. */
const osThreads = () => (existsSync("/proc/self/task") ? readdirSync("/proc/self/task").length : -1);
/** Each thread of this process as "tid:name" (its /proc comm), for a failure message that says which thread is left. */
const osThreadNames = () => readdirSync("/proc/self/task").map((tid) => {
  try { return `${tid}:${readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim()}`; } catch { return `${tid}:(gone)`; }
});
/**
 * A lost worker's OS thread (and, on the native backend, the TensorFlow threads its context started) can
 * still be winding down when the pool has already reported it; waits up to `REAP_MS` for the count to
 * return to `expected`. A thread that is really left stays, and the check fails naming the threads.
 */
const REAP_MS = 5_000;
async function osThreadsSettled(expected: number): Promise<number> {
  for (const t0 = Date.now(); osThreads() !== expected && Date.now() - t0 < REAP_MS;) await new Promise((r) => setTimeout(r, 50));
  return osThreads();
}

const weights = (vae: Vae) => vae.variables.map((v) => Array.from(v.dataSync()));
// 40 images, batches of 10: steps 0..3 in epoch 0, 4..7 in epoch 1
const TRAIN = { objective: { kind: "iwae" as const, k: 3 }, epochs: 2, batchSize: 10, seed: 7, shards: 2 };

function inject(fault: { worker?: number; phase: string; step?: number; kind: "exit" | "hang" | "kill" }, patience = PATIENCE): void {
  process.env.ELBOLAB_FAULT = JSON.stringify(fault);
  process.env.ELBOLAB_WORKER_PATIENCE = String(patience);
}

// One healthy run first: threads a runtime starts once per process on first use (libuv's pool, a TensorFlow
// pool of this thread) then exist before any case takes its baseline, so only threads a failure leaves count.
before(async () => {
  // Node 20 starts root-level hooks without waiting for the one before: wait for useBackend's backend here
  await initBackend();
  const vae = new Vae(CONFIG, 3);
  await trainVaeParallel(vae, images(40, 1), { ...TRAIN, epochs: 1, workers: 2 });
  vae.dispose();
});

afterEach(() => {
  delete process.env.ELBOLAB_FAULT;
  delete process.env.ELBOLAB_WORKER_PATIENCE;
});

/**
 * Runs `work` (which must reject), checks the error against `message`, that it is a WorkerLostError with
 * `worker`, `phase` and `step`, and afterwards no pool thread alive and the tensor count at its baseline.
 * A silent worker's message states the rule: the limit is the patience × the larger of the two measured times.
 */
async function assertLost(work: () => Promise<unknown>, message: RegExp, worker: number | undefined, phase: string, step: number): Promise<void> {
  const threads = WorkerPool.liveThreads(), tensors = tf.memory().numTensors, os = osThreads(), namesBefore = os >= 0 ? osThreadNames() : [];
  await assert.rejects(work(), (e: Error) => {
    assert.match(e.message, message);
    assert.ok(e instanceof WorkerLostError, `a WorkerLostError, got ${e.name}: ${e.message}`);
    assert.deepEqual([e.worker, e.phase, e.step], [worker ?? e.worker, phase, step], e.message);
    assert.ok([0, 1].includes(e.worker), e.message);
    assert.match(e.message, new RegExp(`worker ${e.worker} .*in phase "${phase}" at step ${step}\\b`));
    const silent = /no heartbeat for ([\d.]+) s \(limit ([\d.]+) s = (\d+) × the larger of the slowest heartbeat interval seen ([\d.]+) s and the pool's start-up ([\d.]+) s\)/.exec(e.message);
    if (silent) {
      const [, quiet, limit, factor, slowest, startup] = silent.map(Number);
      assert.equal(factor, Number(process.env.ELBOLAB_WORKER_PATIENCE ?? DEFAULT_PATIENCE));
      // the printed values are rounded to 0.01 s
      assert.ok(Math.abs(limit - factor * Math.max(slowest, startup)) <= 0.006 * factor, `limit ${limit} = ${factor} × max(${slowest}, ${startup})`);
      assert.ok(quiet >= limit, `reported after ${quiet} s of silence, limit ${limit} s`);
      assert.ok(startup > 0, "the start-up time was measured");
    }
    return true;
  });
  assert.equal(WorkerPool.liveThreads(), threads, "worker threads left running");
  assert.equal(await osThreadsSettled(os), os, `threads of the process (/proc/self/task) ${REAP_MS / 1000} s after the failure, new: ${
    (os >= 0 ? osThreadNames() : []).filter((t) => !namesBefore.includes(t)).join(", ") || "none (fewer than before)"}`);
  assert.equal(tf.memory().numTensors, tensors, "live tensors after the failure");
}

describe("a data-parallel trainVaeParallel whose worker is lost", () => {
  const cases = [
    { fault: { worker: 1, phase: "ready", kind: "exit" }, expect: /^trainVaeParallel: trainVae: worker 1 exited \(code 70\) in phase "ready" at step 0 \(task vae:replica\)$/, step: 0 },
    { fault: { worker: 1, phase: "step", step: 3, kind: "exit" }, expect: /worker 1 exited \(code 70\) in phase "step" at step 3/, step: 3 },
    { fault: { worker: 0, phase: "reduce", step: 5, kind: "exit" }, expect: /worker 0 exited \(code 70\) in phase "reduce" at step 5/, step: 5 },
    { fault: { worker: 1, phase: "end", kind: "exit" }, expect: /worker 1 exited \(code 70\) in phase "end" at step 7/, step: 7 },
    { fault: { worker: 1, phase: "step", step: 2, kind: "hang" }, expect: /worker 1 stopped answering in phase "step" at step 2: no heartbeat for .* = 4 × /, step: 2 },
    { fault: { worker: 0, phase: "ready", kind: "hang" }, expect: /worker 0 stopped answering in phase "ready" at step 0/, step: 0 },
    { fault: { worker: 1, phase: "end", kind: "hang" }, expect: /worker 1 stopped answering in phase "end" at step 7/, step: 7 },
    // terminated from outside (no exit handler runs): this thread, blocked in its wait, sees it fall silent
    { fault: { worker: 1, phase: "step", step: 4, kind: "kill" }, expect: /worker 1 stopped answering in phase "step" at step 4/, step: 4 },
  ] as const;
  for (const { fault, expect, step } of cases) {
    test(`${fault.kind} in phase ${fault.phase}${"step" in fault ? ` at step ${fault.step}` : ""} is an error naming worker ${fault.worker}, the phase and step ${step}`, BOUND, async () => {
      assert.equal(FAULT_EXIT_CODE, 70);
      const vae = new Vae(CONFIG, 3);
      inject(fault);
      await assertLost(() => trainVaeParallel(vae, images(40, 1), { ...TRAIN, workers: 2 }), expect, fault.worker, fault.phase, step);
      vae.dispose();
    });
  }

  test("a worker that exits or hangs while its pool starts fails WorkerPool.create (through trainVaeParallel)", BOUND, async () => {
    const vae = new Vae(CONFIG, 3);
    inject({ worker: 1, phase: "start", kind: "exit" });
    await assertLost(() => trainVaeParallel(vae, images(40, 1), { ...TRAIN, workers: 2 }),
      /^trainVaeParallel: WorkerPool\.create: worker 1 exited \(code 70\) in phase "start" at step 0$/, 1, "start", 0);
    inject({ worker: 0, phase: "start", kind: "hang" });
    await assertLost(() => WorkerPool.create(2),
      new RegExp(`^WorkerPool\\.create: worker 0 stopped answering in phase "start" at step 0: not ready after [\\d.]+ s \\(limit [\\d.]+ s = ${PATIENCE} × the first worker's start-up\\)$`), 0, "start", 0);
    vae.dispose();
  });

  test("the patience is 10 unless ELBOLAB_WORKER_PATIENCE says otherwise; a bad value is an error naming it", BOUND, async () => {
    delete process.env.ELBOLAB_WORKER_PATIENCE;
    assert.deepEqual([workerPatience(), DEFAULT_PATIENCE], [10, 10]);
    process.env.ELBOLAB_WORKER_PATIENCE = "2.5";
    assert.equal(workerPatience(), 2.5);
    const threads = WorkerPool.liveThreads();
    for (const bad of ["1", "x", "-3"]) {
      process.env.ELBOLAB_WORKER_PATIENCE = bad;
      await assert.rejects(WorkerPool.create(1), /'ELBOLAB_WORKER_PATIENCE' passed to 'workerPatience' must be a number >= 2/);
    }
    assert.equal(WorkerPool.liveThreads(), threads);
  });

  test("on a given pool: the lost worker leaves it, the other is stopped and still trains the same bits; close leaves no thread", BOUND, async () => {
    const threads = WorkerPool.liveThreads();
    inject({ worker: 1, phase: "step", step: 1, kind: "hang" });
    const pool = await WorkerPool.create(2);
    try {
      const data = images(40, 1);
      const a = new Vae(CONFIG, 3);
      const tensors = tf.memory().numTensors;
      assert.throws(() => trainVae(a, data, { ...TRAIN, pool }), (e: Error) => {
        assert.match(e.message, /^trainVae: worker 1 stopped answering in phase "step" at step 1: .* \(task vae:replica\)$/);
        return true;
      });
      assert.equal(tf.memory().numTensors, tensors, "live tensors after the failure");
      assert.deepEqual(pool.workerIds(), [0], "the lost worker left the pool at once");
      // the pool's remaining worker trains again, with the bits of this thread
      const b = new Vae(CONFIG, 3), c = new Vae(CONFIG, 3);
      trainVae(b, data, { ...TRAIN, pool });
      trainVae(c, data, TRAIN);
      assert.deepEqual(weights(b), weights(c));
      [a, b, c].forEach((v) => v.dispose());
    } finally {
      await pool.close();
    }
    assert.equal(WorkerPool.liveThreads(), threads, "worker threads left running");
  });
});

describe("a sweep of trainings (trainVaesParallel) whose worker is lost", () => {
  for (const kind of ["exit", "hang"] as const) {
    test(`${kind} at step 2 of a run is an error naming the worker, the phase, the step and the task`, BOUND, async () => {
      const jobs = [0, 1].map((i) => ({ vae: new Vae(CONFIG, 4 + i), options: { objective: { kind: "elbo" as const }, epochs: 2, batchSize: 10, seed: i } }));
      inject({ worker: 1, phase: "step", step: 2, kind });
      const expect = kind === "exit" ? /^trainVaesParallel: WorkerPool: worker 1 exited \(code 70\) in phase "step" at step 2 \(task vae:train\)$/
        : /^trainVaesParallel: WorkerPool: worker 1 stopped answering in phase "step" at step 2: no heartbeat .* \(task vae:train\)$/;
      await assertLost(() => trainVaesParallel(jobs, images(40, 2), { workers: 2 }), expect, 1, "step", 2);
      jobs.forEach((j) => j.vae.dispose());
    });
  }
});

describe("a parallel evaluation (estimateLogLikelihoodParallel) whose worker is lost", () => {
  // units 0 and 1 go to workers 0 and 1 (both idle, taken in order); later units to whichever is free
  const cases = [
    { fault: { worker: 0, phase: "load", kind: "exit" }, expect: /^estimateLogLikelihoodParallel: WorkerPool: worker 0 exited \(code 70\) in phase "load" at step 0 \(task vae:load\)$/, step: 0 },
    { fault: { worker: 1, phase: "chunk", step: 1, kind: "exit" }, expect: /worker 1 exited \(code 70\) in phase "chunk" at step 1 \(task vae:chunk\)$/, step: 1 },
    { fault: { phase: "chunk", step: 5, kind: "exit" }, expect: /exited \(code 70\) in phase "chunk" at step 5 \(task vae:chunk\)$/, step: 5 },
    { fault: { worker: 1, phase: "chunk", step: 1, kind: "hang" }, expect: /worker 1 stopped answering in phase "chunk" at step 1: no heartbeat .* \(task vae:chunk\)$/, step: 1 },
    // terminated from outside: the pool's exit event names it (a terminated thread exits with code 1)
    { fault: { worker: 0, phase: "chunk", step: 0, kind: "kill" }, expect: /worker 0 exited \(code 1\) in phase "chunk" at step 0 \(task vae:chunk\)$/, step: 0 },
    { fault: { worker: 1, phase: "end", kind: "exit" }, expect: /worker 1 exited \(code 70\) in phase "end" at step 0 \(task vae:dispose\)$/, step: 0 },
  ] as const;
  for (const { fault, expect, step } of cases) {
    test(`${fault.kind} in phase ${fault.phase} at unit ${step} is an error naming worker ${"worker" in fault ? fault.worker : "(either)"}, the phase and the unit`, BOUND, async () => {
      const vae = new Vae(CONFIG, 6);
      inject(fault);
      // 12 images in batches of 3, k = 8 in chunks of 4: units b·2 + c = 0..7
      await assertLost(() => estimateLogLikelihoodParallel(vae, images(12, 3), { k: 8, chunk: 4, batchSize: 3, seed: 1, workers: 2 }), expect, "worker" in fault ? fault.worker : undefined, fault.phase, step);
      vae.dispose();
    });
  }
});
