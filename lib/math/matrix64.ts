/**
 * Small dense float64 matrix helpers (plain arrays, row-major number[][]) for the closed forms of the
 * tractable models: posterior covariances, log-determinants, Gaussian KL. Sizes are the latent and
 * observed dimensions (≤ a few dozen), so the O(n³) loops are instant. The Cholesky factor is the one of
 * `lib/reference` (L Lᵀ = A, lower), tested there; everything else is built on it here.
 */
import { cholesky64 } from "../reference/float64";

export type Matrix64 = number[][];

/** Aᵀ. */
export function transpose64(a: Matrix64): Matrix64 {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** A B. */
export function matMul64(a: Matrix64, b: Matrix64): Matrix64 {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, aik, k) => s + aik * b[k][j], 0)));
}

/** A x. */
export function matVec64(a: Matrix64, x: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, aij, j) => s + aij * x[j], 0));
}

/** The n×n identity. */
export function identity64(n: number): Matrix64 {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** L⁻¹ for a lower-triangular L with non-zero diagonal (forward substitution, column by column). */
export function lowerInverse64(l: Matrix64): Matrix64 {
  const n = l.length;
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[i][k] * inv[k][j];
      inv[i][j] = s / l[i][i];
    }
  }
  return inv;
}

/** For a symmetric positive-definite A: its Cholesky factor, A⁻¹ = L⁻ᵀ L⁻¹ and log|A| = 2 Σ log L_ii. */
export function spdFactor64(a: Matrix64): { chol: Matrix64; inverse: Matrix64; logDet: number } {
  const chol = cholesky64(a);
  const li = lowerInverse64(chol);
  return { chol, inverse: matMul64(transpose64(li), li), logDet: 2 * chol.reduce((s, row, i) => s + Math.log(row[i]), 0) };
}

/** tr(A). */
export function trace64(a: Matrix64): number {
  return a.reduce((s, row, i) => s + row[i], 0);
}
