/**
 * The exact maximum-likelihood solution of probabilistic PCA (Tipping and Bishop 1999, "Probabilistic Principal
 * Component Analysis", eq. 7-8), the linear-Gaussian model H ~ N(0, I_d), E | H ~ N(W H + b, σ² I_D), in float64:
 *
 *   b = mean of the data,   S = (1/N) Σ_n (e_n - b)(e_n - b)ᵀ = U Λ Uᵀ   (λ_1 ≥ ... ≥ λ_D)
 *   σ² = (1/(D - d)) Σ_{j > d} λ_j,   W = U_d (Λ_d - σ² I)^{1/2}   (up to a rotation R: W R has the same likelihood)
 *   (1/N) Σ_n log p(e_n) = -½ [D log 2π + Σ_{j ≤ d} log λ_j + (D - d) log σ² + D]
 *
 * Requires d < D and λ_d > σ² (otherwise the ML W has fewer than d non-zero columns; clipped to 0 here).
 * Returns W, b, σ and the mean log-likelihood per observation. Errors: data not N×D finite with N ≥ 2, d not in [1, D-1].
 */
import { ArgumentError, assertAllFinite, assertInteger } from "../errors";
import { symmetricEigen64 } from "../math/symmetric-eigen64";

export function ppcaMaximumLikelihood64(data: readonly number[][], d: number): { W: number[][]; b: number[]; sigma: number; meanLogLikelihood: number } {
  const fn = "ppcaMaximumLikelihood64";
  if (!Array.isArray(data) || data.length < 2 || !Array.isArray(data[0])) throw new ArgumentError("data", fn, "must be an N×D array with N >= 2");
  const N = data.length, D = data[0].length;
  data.forEach((r, i) => { if (!Array.isArray(r) || r.length !== D) throw new ArgumentError("data", fn, `row ${i} must have length D = ${D}`); assertAllFinite(r, "data", fn); });
  assertInteger(d, "d", fn);
  if (d >= D) throw new ArgumentError("d", fn, `must be < D = ${D}, got ${d}`);
  const b = Array.from({ length: D }, (_, j) => data.reduce((a, r) => a + r[j], 0) / N);
  const S = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => data.reduce((a, r) => a + (r[i] - b[i]) * (r[j] - b[j]), 0) / N));
  const { values, vectors } = symmetricEigen64(S);
  const s2 = values.slice(d).reduce((a, v) => a + v, 0) / (D - d);
  const W = vectors.map((row) => row.slice(0, d).map((u, j) => u * Math.sqrt(Math.max(values[j] - s2, 0))));
  const meanLogLikelihood = -0.5 * (D * Math.log(2 * Math.PI) + values.slice(0, d).reduce((a, v) => a + Math.log(v), 0) + (D - d) * Math.log(s2) + D);
  return { W, b, sigma: Math.sqrt(s2), meanLogLikelihood };
}
