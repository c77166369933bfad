/**
 * How many worker threads parallel functions use when not told: $ELBOLAB_WORKERS when set (an integer
 * ≥ 0; 0 means in this thread), else the number of cores available to the process
 * (`os.availableParallelism()`). The wasm backend has no threads in Node, so each worker is one core.
 * Errors: ELBOLAB_WORKERS that is not an integer ≥ 0.
 *
 * Every count is capped at `maxWorkerCount()` = 4 × availableParallelism() (at least 8): each worker is a
 * thread with its own TensorFlow.js and wasm module (~100 MB), so `workers: 1e6` would spawn threads until
 * memory runs out; beyond the cores more workers only queue. A larger count is an error naming the
 * argument and the function (`assertWorkerCount`).
 */
import { availableParallelism } from "node:os";
import { ArgumentError } from "../errors";

export function defaultWorkerCount(): number {
  const env = process.env.ELBOLAB_WORKERS?.trim();
  if (env) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError("ELBOLAB_WORKERS", "defaultWorkerCount", `must be an integer >= 0, got "${env}"`);
    assertWorkerCount(n, "ELBOLAB_WORKERS", "defaultWorkerCount");
    return n;
  }
  return availableParallelism();
}

/** The largest worker count accepted: 4 × the cores available to the process, and at least 8. */
export function maxWorkerCount(): number {
  return Math.max(8, 4 * availableParallelism());
}

/** A worker count: an integer in [min, maxWorkerCount()] (min = 0 by default: 0 means in this thread). */
export function assertWorkerCount(n: unknown, argument: string, fn: string, min = 0): asserts n is number {
  const max = maxWorkerCount();
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ArgumentError(argument, fn, `must be an integer in [${min}, ${max}] (at most 4 × the ${availableParallelism()} available cores), got ${String(n)}`);
  }
}
