/**
 * Eigen-decomposition of a small symmetric matrix in float64 by the cyclic Jacobi method (Golub and Van Loan,
 * "Matrix Computations", §8.5): A = V diag(λ) Vᵀ, eigenvalues sorted in decreasing order, eigenvectors as the
 * columns of V. Quadratic convergence; sweeps until the off-diagonal mass is below 1e-15 of the total.
 * Errors: A not square, not symmetric (to 1e-10 relative), or not finite.
 */
import { ArgumentError, assertAllFinite } from "../errors";
import type { Matrix64 } from "./matrix64";

export function symmetricEigen64(a: Matrix64): { values: number[]; vectors: Matrix64 } {
  const fn = "symmetricEigen64";
  const n = Array.isArray(a) ? a.length : 0;
  if (n < 1 || a.some((r) => !Array.isArray(r) || r.length !== n)) throw new ArgumentError("a", fn, "must be a non-empty square matrix");
  a.forEach((r) => assertAllFinite(r, "a", fn));
  const scale = Math.max(1e-300, ...a.flat().map(Math.abs));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    if (Math.abs(a[i][j] - a[j][i]) > 1e-10 * scale) throw new ArgumentError("a", fn, `must be symmetric, a[${i}][${j}] != a[${j}][${i}]`);
  }
  const m = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { total += m[i][j] ** 2; if (i !== j) off += m[i][j] ** 2; }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      if (m[p][q] === 0) continue;
      const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) { // rows/cols p, q of m: m <- Jᵀ m J
        const mkp = m[k][p], mkq = m[k][q];
        m[k][p] = c * mkp - s * mkq;
        m[k][q] = s * mkp + c * mkq;
      }
      for (let k = 0; k < n; k++) {
        const mpk = m[p][k], mqk = m[q][k];
        m[p][k] = c * mpk - s * mqk;
        m[q][k] = s * mpk + c * mqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = v[k][p], vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j][j] - m[i][i]);
  return { values: order.map((i) => m[i][i]), vectors: v.map((row) => order.map((i) => row[i])) };
}
