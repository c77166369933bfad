/** Small dense float64 linear algebra for the SVM solvers (p × p systems with p ≤ a few dozen). */

/**
 * Solves A x = r for a dense row-major p × p matrix by Gaussian elimination with partial pivoting.
 * A and r are not modified. Throws when A is singular to working precision (pivot exactly 0).
 */
export function solveDense(A: Float64Array, r: Float64Array, p: number): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(r);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let i = c + 1; i < p; i++) if (Math.abs(M[i * p + c]) > Math.abs(M[piv * p + c])) piv = i;
    if (M[piv * p + c] === 0) throw new Error("solveDense: singular matrix");
    if (piv !== c) {
      for (let k = 0; k < p; k++) { const t = M[c * p + k]; M[c * p + k] = M[piv * p + k]; M[piv * p + k] = t; }
      const t = x[c]; x[c] = x[piv]; x[piv] = t;
    }
    for (let i = c + 1; i < p; i++) {
      const f = M[i * p + c] / M[c * p + c];
      if (f === 0) continue;
      for (let k = c; k < p; k++) M[i * p + k] -= f * M[c * p + k];
      x[i] -= f * x[c];
    }
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= M[i * p + k] * x[k];
    x[i] = s / M[i * p + i];
  }
  return x;
}

/** Euclidean norm of a vector. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
