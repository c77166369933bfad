/**
 * Argument checking shared by the whole library. Every error names the argument and the
 * function, in the style of tfjs-core: "Argument 'k' passed to 'iwaeBound' must be ...".
 */
import * as tf from "@tensorflow/tfjs";

/** Thrown for any invalid argument; `argument` and `fn` are kept for programmatic use. */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly fn: string,
    requirement: string,
  ) {
    super(`Argument '${argument}' passed to '${fn}' ${requirement}`);
    this.name = "ArgumentError";
  }
}

/**
 * The ArgumentError of `assertNoNaN`: a tensor held NaN. Inside a training step this means the weights
 * produced it (the data are checked on entry), and `trainVae` reports it as a divergence.
 */
export class NaNArgumentError extends ArgumentError {
  constructor(argument: string, fn: string, requirement: string) {
    super(argument, fn, requirement);
    this.name = "NaNArgumentError";
  }
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  return typeof value;
}

/** A finite number (not NaN, not ±Infinity). */
export function assertFiniteNumber(value: unknown, argument: string, fn: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(argument, fn, `must be a finite number, got ${describe(value)}`);
  }
}

/** A number > 0 (strict) or >= 0 (when `allowZero`). */
export function assertPositive(value: unknown, argument: string, fn: string, allowZero = false): asserts value is number {
  assertFiniteNumber(value, argument, fn);
  if (allowZero ? value < 0 : value <= 0) {
    throw new ArgumentError(argument, fn, `must be ${allowZero ? ">= 0" : "> 0"}, got ${value}`);
  }
}

/** An integer >= `min` (default 1). */
export function assertInteger(value: unknown, argument: string, fn: string, min = 1): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(argument, fn, `must be an integer >= ${min}, got ${describe(value)}`);
  }
}

/** A probability in [0, 1]. */
export function assertProbability(value: unknown, argument: string, fn: string): asserts value is number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new ArgumentError(argument, fn, `must be a probability in [0, 1], got ${describe(value)}`);
  }
}

/** Every entry of an array-like is finite (reports the first offending index). */
export function assertAllFinite(values: ArrayLike<number>, argument: string, fn: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ArgumentError(argument, fn, `must contain only finite numbers, found ${values[i]} at flat index ${i}`);
    }
  }
}

/** Every entry of a tensor is finite. Reads the tensor back synchronously: use at API boundaries, not in hot loops. */
export function assertTensorFinite(t: tf.Tensor, argument: string, fn: string): void {
  assertTensor(t, argument, fn);
  assertAllFinite(t.dataSync() as Float32Array, argument, fn);
}

/**
 * A live tf.Tensor: not some other value, and not disposed (a disposed tensor would otherwise fail deep
 * inside TensorFlow.js with "Cannot read properties of undefined (reading 'backend')").
 */
export function assertTensor(t: unknown, argument: string, fn: string): asserts t is tf.Tensor {
  if (!(t instanceof tf.Tensor)) throw new ArgumentError(argument, fn, `must be a tf.Tensor, got ${describe(t)}`);
  if (t.isDisposed) throw new ArgumentError(argument, fn, `was disposed: pass a live tf.Tensor (shape [${t.shape.join(", ")}])`);
}

/**
 * No entry of `t` is NaN. Costs one reduction and a one-value readback, whatever the size of `t`
 * (the flat index of the first NaN is found only on the error path). `what` completes the message,
 * e.g. "(the result is NaN at flat index 3)" is written when `t` is a result, not the argument itself.
 */
export function assertNoNaN(t: tf.Tensor, argument: string, fn: string, what = "must not contain NaN"): void {
  const bad = tf.tidy(() => tf.any(tf.isNaN(t)).dataSync()[0]);
  if (!bad) return;
  const v = t.dataSync();
  let i = 0;
  while (i < v.length && !Number.isNaN(v[i])) i++;
  throw new NaNArgumentError(argument, fn, `${what} (NaN at flat index ${i} of a tensor of shape [${t.shape.join(", ")}])`);
}

/**
 * Every entry of `t` lies in [lo, hi] (NaN fails). One reduction and a one-value readback per call; the
 * first offending entry is located only on the error path.
 */
export function assertTensorInRange(t: tf.Tensor, lo: number, hi: number, argument: string, fn: string): void {
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.logicalAnd(tf.greaterEqual(t, lo), tf.lessEqual(t, hi)))).dataSync()[0]);
  if (!bad) return;
  const v = t.dataSync();
  let i = 0;
  while (i < v.length && v[i] >= lo && v[i] <= hi) i++;
  throw new ArgumentError(argument, fn, `must hold values in [${lo}, ${hi}] (no NaN), found ${v[i]} at flat index ${i} of shape [${t.shape.join(", ")}]`);
}

/** Returns `result` when it holds no NaN; otherwise disposes it and throws as `assertNoNaN` (for results computed from an argument). */
export function resultWithoutNaN<T extends tf.Tensor>(result: T, argument: string, fn: string, what: string): T {
  try {
    assertNoNaN(result, argument, fn, what);
  } catch (e) {
    result.dispose();
    throw e;
  }
  return result;
}

/** A tensor of the given rank. */
export function assertRank(t: tf.Tensor, rank: number, argument: string, fn: string): void {
  assertTensor(t, argument, fn);
  if (t.rank !== rank) {
    throw new ArgumentError(argument, fn, `must have rank ${rank}, got shape [${t.shape.join(", ")}]`);
  }
}

/** A tensor of rank ≥ 1 whose last axis has `size` entries (`label` names that size in the message, e.g. "D"). */
export function assertLastAxis(t: unknown, size: number, argument: string, fn: string, label = "size"): asserts t is tf.Tensor {
  if (t instanceof tf.Tensor) assertTensor(t, argument, fn);
  if (!(t instanceof tf.Tensor) || t.rank < 1 || t.shape[t.rank - 1] !== size) {
    throw new ArgumentError(argument, fn, `must be a tf.Tensor with last axis ${label} = ${size}, got ${t instanceof tf.Tensor ? `shape [${t.shape.join(", ")}]` : describe(t)}`);
  }
}

/** Two shapes are identical. */
export function assertSameShape(a: readonly number[], b: readonly number[], argA: string, argB: string, fn: string): void {
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ArgumentError(argB, fn, `must have the shape of '${argA}' [${a.join(", ")}], got [${b.join(", ")}]`);
  }
}

/** An axis valid for a tensor of rank `rank`; returns it normalised to be non-negative. */
export function normaliseAxis(axis: unknown, rank: number, argument: string, fn: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(argument, fn, `must be an integer axis in [${-rank}, ${rank - 1}], got ${describe(axis)}`);
  }
  return axis < 0 ? axis + rank : axis;
}
