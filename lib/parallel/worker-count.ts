/**
 * How many worker threads parallel functions use when not told: $ELBOLAB_WORKERS when set (an integer
 * ≥ 0; 0 means in this thread), else the number of cores available to the process
 * (`os.availableParallelism()`). The wasm backend has no threads in Node, so each worker is one core.
 * Errors: ELBOLAB_WORKERS that is not an integer ≥ 0.
 */
import { availableParallelism } from "node:os";
import { ArgumentError } from "../errors";

export function defaultWorkerCount(): number {
  const env = process.env.ELBOLAB_WORKERS?.trim();
  if (env) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError("ELBOLAB_WORKERS", "defaultWorkerCount", `must be an integer >= 0, got "${env}"`);
    return n;
  }
  return availableParallelism();
}
