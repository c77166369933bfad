/**
 * Float64 plain-TypeScript references for the tractable models, written from the definitions and sharing no
 * code with lib/models (only the generic densities of ./float64):
 *
 *   linear-Gaussian:  log p(e) = log N(e; b, W Wᵀ + σ² I) by a D×D Cholesky (not the Woodbury form);
 *                     p(h | e) by conditioning the joint Gaussian: mean Wᵀ C⁻¹ (e - b), cov I - Wᵀ C⁻¹ W.
 *   discrete-latent:  log p(e) = log Σ_{h ∈ {0,1}^m} Bernoulli(h; sigmoid(a)) N(e; W h + b, σ² I), term by term.
 */
import { bernoulliLogProb64, cholesky64, diagNormalLogProb64, logSumExp64, mvnLogPdf64 } from "./float64";

function marginalCovariance(W: readonly number[][], sigma: number): number[][] {
  const D = W.length;
  return Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => {
    let s = i === j ? sigma * sigma : 0;
    for (let k = 0; k < W[0].length; k++) s += W[i][k] * W[j][k];
    return s;
  }));
}

/** log N(e; b, W Wᵀ + σ² I) via the D×D Cholesky factor. */
export function linearGaussianLogMarginal64(e: readonly number[], W: readonly number[][], b: readonly number[], sigma: number): number {
  return mvnLogPdf64(e, b, marginalCovariance(W, sigma));
}

/** Solves C x = y for symmetric positive-definite C (two triangular solves with its Cholesky factor). */
function solve(c: number[][], y: readonly number[]): number[] {
  const l = cholesky64(c);
  const n = y.length;
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z[i] = s / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** The posterior p(h | e) of the linear-Gaussian model by conditioning the joint N([0, b], [[I, Wᵀ], [W, C]]). */
export function linearGaussianPosterior64(e: readonly number[], W: readonly number[][], b: readonly number[], sigma: number): { mean: number[]; cov: number[][] } {
  const c = marginalCovariance(W, sigma);
  const d = W[0].length;
  const alpha = solve(c, e.map((v, i) => v - b[i]));
  const mean = Array.from({ length: d }, (_, k) => W.reduce((s, row, i) => s + row[k] * alpha[i], 0));
  const cinvW = Array.from({ length: d }, (_, k) => solve(c, W.map((row) => row[k]))); // column k of C⁻¹ W
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) =>
    (i === j ? 1 : 0) - W.reduce((s, row, r) => s + row[i] * cinvW[j][r], 0)));
  return { mean, cov };
}

/** log Σ_h p(h) p(e | h) over all 2^m binary h, each term from the Bernoulli and normal densities. */
export function discreteLatentLogMarginal64(
  e: readonly number[], W: readonly number[][], b: readonly number[], sigma: number, priorLogits: readonly number[],
): number {
  const m = priorLogits.length;
  const terms: number[] = [];
  for (let j = 0; j < 2 ** m; j++) {
    const h = Array.from({ length: m }, (_, i) => (j >> i) & 1);
    const mean = W.map((row, i) => b[i] + row.reduce((s, w, k) => s + w * h[k], 0));
    terms.push(bernoulliLogProb64(h, priorLogits) + diagNormalLogProb64(e, mean, e.map(() => sigma)));
  }
  return logSumExp64(terms);
}
