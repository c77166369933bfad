/** Shared by unit tests: start the backend once per test file and compare arrays with a tolerance. */
import assert from "node:assert/strict";
import { before } from "node:test";
import { initBackend, tf } from "elbolab";

/** Registers a `before` hook that starts the backend ($ELBOLAB_BACKEND or auto). */
export function useBackend(): void {
  before(async () => {
    await initBackend();
  });
}

/** |actual - expected| ≤ abs + rel·|expected| elementwise, with a message naming the index. */
export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, abs: number, rel = 0, what = "value"): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual);
  const e = typeof expected === "number" ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], e[i])) continue;
    const tol = abs + rel * Math.abs(e[i]);
    assert.ok(Math.abs(a[i] - e[i]) <= tol, `${what}[${i}]: ${a[i]} vs expected ${e[i]} (tolerance ${tol})`);
  }
}

/** Runs `fn` repeatedly and asserts that the number of live tensors does not grow. */
export function assertNoTensorLeak(fn: () => void, repeats = 5): void {
  fn(); // warm-up: backends may cache
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) fn();
  assert.equal(tf.memory().numTensors, before, "live tensors grew across repeated calls");
}

/** Asserts that `fn` throws an error whose message names the argument and the function. */
export function assertArgumentError(fn: () => unknown, argument: string, functionName: string): void {
  assert.throws(fn, (err: Error) => {
    assert.match(err.message, new RegExp(`'${argument.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'`), `message should name argument '${argument}': ${err.message}`);
    assert.match(err.message, new RegExp(`'${functionName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'`), `message should name function '${functionName}': ${err.message}`);
    return true;
  });
}
