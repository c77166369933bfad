/**
 * A validated binary classification problem for the SVM solvers: the points e_j (rows of x) and their labels
 * y_j ∈ {−1, +1}, copied into float64 (x row-major, n × d). Every solver checks its arguments through `svmProblem`,
 * so the errors are the same everywhere and name the solver.
 */
import { ArgumentError, assertAllFinite, assertPositive } from "../errors";

export interface SvmProblem {
  /** Points, row-major n × d, float64. */
  x: Float64Array;
  /** Labels, −1 or +1. */
  y: Float64Array;
  /** Number of points. */
  n: number;
  /** Dimension of a point. */
  d: number;
}

/** Points as rows: `number[][]` or any array of array-likes. */
export type Points = ReadonlyArray<ArrayLike<number>>;

/**
 * Checks and copies (x, y) for solver `fn`.
 *
 * Errors (ArgumentError naming the argument and `fn`): `x` empty or with zero-length rows, rows of unequal length,
 * a non-finite coordinate (NaN, ±Infinity), `y` of another length than `x`, a label other than −1 / +1 (with a
 * pointer to `toSignedLabels(y, "01")` for 0/1 labels), only one class present, and points so large that
 * 4·max_j ||e_j||² overflows float64 (from |coordinates| near 1e154 on): every kernel value, ||e_i − e_j||² and
 * decision value would be ±Infinity or NaN (SMO returned b = NaN); standardise the features instead.
 */
export function svmProblem(x: Points, y: ArrayLike<number>, fn: string): SvmProblem {
  if (!Array.isArray(x)) throw new ArgumentError("x", fn, "must be an array of points (rows)");
  const n = x.length;
  if (n === 0) throw new ArgumentError("x", fn, "must hold at least one point, got an empty array");
  const first = x[0];
  if (first === null || first === undefined || typeof first.length !== "number") {
    throw new ArgumentError("x[0]", fn, "must be an array of numbers");
  }
  const d = first.length;
  if (d === 0) throw new ArgumentError("x[0]", fn, "must have at least one coordinate");
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (row === null || row === undefined || typeof row.length !== "number") {
      throw new ArgumentError(`x[${i}]`, fn, "must be an array of numbers");
    }
    if (row.length !== d) throw new ArgumentError(`x[${i}]`, fn, `must have the length of x[0] (${d}), got ${row.length}`);
    assertAllFinite(row, `x[${i}]`, fn);
    let squared = 0;
    for (let k = 0; k < d; k++) {
      flat[i * d + k] = row[k];
      squared += row[k] * row[k];
    }
    if (!Number.isFinite(4 * squared)) {
      throw new ArgumentError(`x[${i}]`, fn, `is too large for float64 arithmetic: ||x[${i}]||² overflows (largest |coordinate| ${Math.max(...Array.from(row, Math.abs)).toExponential(3)}); standardise the features`);
    }
  }
  if (y === null || y === undefined || typeof y.length !== "number") throw new ArgumentError("y", fn, "must be an array of labels");
  if (y.length !== n) throw new ArgumentError("y", fn, `must have one label per point of 'x' (${n}), got ${y.length}`);
  const labels = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== -1 && v !== 1) {
      const hint = v === 0 ? ` (for 0/1 labels convert with toSignedLabels(y, "01"))` : "";
      throw new ArgumentError("y", fn, `must contain only -1 and +1, got ${v} at index ${i}${hint}`);
    }
    labels[i] = v;
    if (v === 1) positives++;
  }
  if (positives === 0 || positives === n) {
    throw new ArgumentError("y", fn, `must contain both classes -1 and +1, got only ${positives === 0 ? "-1" : "+1"} (${n} points)`);
  }
  return { x: flat, y: labels, n, d };
}

/** Checks the soft-margin constant C of solver `fn`: a finite number > 0. */
export function assertSvmC(C: unknown, fn: string): asserts C is number {
  assertPositive(C, "C", fn);
}
