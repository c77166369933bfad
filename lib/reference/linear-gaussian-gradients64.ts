/**
 * Float64 reference gradients for the linear-Gaussian model H ~ N(0, I_d), E | H ~ N(W H + b, σ² I_D) with a
 * diagonal Gaussian q(H | e) = N(m, diag s²), with respect to θ = (W, b, log σ) and φ = (m, log s):
 *
 * 1. The ELBO (k = 1) in closed form, r = e - b - W m, S = diag s²:
 *      ELBO = -D/2 log 2πσ² - (|r|² + tr W S Wᵀ)/(2σ²) - ½(|m|² + tr S) + ½ Σ log s_j² + d/2
 *      ∂b = r/σ²,  ∂W = (r mᵀ - W S)/σ²,  ∂log σ = (|r|² + tr W S Wᵀ)/σ² - D,
 *      ∂m = Wᵀ r/σ² - m,  ∂log s_j = 1 - s_j² (1 + (WᵀW)_jj/σ²)
 * 2. The exact evidence log p(e) = log N(e; b, C), C = W Wᵀ + σ² I, α = C⁻¹(e - b):
 *      ∂b = α,  ∂W = (α αᵀ - C⁻¹) W,  ∂log σ = σ² (αᵀα - tr C⁻¹),  ∂φ = 0
 * 3. For d = 1 only: ∇ E[L_k] for small k by Gauss-Hermite quadrature of L_k (`iwaeBoundQuadrature64`)
 *    differentiated by central finite differences (no closed form exists for k > 1).
 *
 * The unit tests check 1 and 2 against finite differences of `LinearGaussianModel.elbo64` and of the Cholesky
 * log-density; 3 at k = 1 against 1. Errors name the argument and the function.
 */
import { ArgumentError, assertAllFinite, assertInteger, assertPositive } from "../errors";
import { diagNormalLogProb64 } from "./float64";
import { spdFactor64 } from "../math/matrix64";
import { iwaeBoundQuadrature64 } from "./iwae-quadrature64";
import { centralDifferenceGradient64 } from "./finite-difference64";

/** A gradient with respect to θ = (W, b, log σ) and φ = (m, log s). */
export interface LinearGaussianGradient64 {
  W: number[][];
  b: number[];
  logSigma: number;
  loc: number[];
  logScale: number[];
}

/** The model (W, b, σ), one observation e and a diagonal q = N(m, diag s²), float64. */
export interface LinearGaussianPoint64 {
  W: number[][];
  b: number[];
  sigma: number;
  e: number[];
  m: number[];
  s: number[];
}

function check(p: LinearGaussianPoint64, fn: string): { D: number; d: number } {
  if (!p || !Array.isArray(p.W) || p.W.length < 1 || !Array.isArray(p.W[0]) || p.W[0].length < 1) throw new ArgumentError("point.W", fn, "must be a non-empty D×d matrix");
  const D = p.W.length, d = p.W[0].length;
  p.W.forEach((r, i) => { if (r.length !== d) throw new ArgumentError("point.W", fn, `row ${i} must have length d = ${d}`); assertAllFinite(r, "point.W", fn); });
  for (const [name, v, len] of [["point.b", p.b, D], ["point.e", p.e, D], ["point.m", p.m, d], ["point.s", p.s, d]] as const) {
    if (!Array.isArray(v) || v.length !== len) throw new ArgumentError(name, fn, `must be an array of length ${len}`);
    assertAllFinite(v, name, fn);
  }
  p.s.forEach((v) => assertPositive(v, "point.s", fn));
  assertPositive(p.sigma, "point.sigma", fn);
  return { D, d };
}

/** ∇ of the closed-form ELBO (formula 1 of the module comment). */
export function linearGaussianElboGradient64(p: LinearGaussianPoint64): LinearGaussianGradient64 {
  const { D, d } = check(p, "linearGaussianElboGradient64");
  const s2 = p.sigma * p.sigma;
  const S = p.s.map((v) => v * v);
  const r = p.e.map((v, i) => v - p.b[i] - p.W[i].reduce((a, w, j) => a + w * p.m[j], 0));
  const trWSW = p.W.reduce((a, row) => a + row.reduce((b, w, j) => b + w * w * S[j], 0), 0);
  const wtwDiag = Array.from({ length: d }, (_, j) => p.W.reduce((a, row) => a + row[j] * row[j], 0));
  return {
    W: p.W.map((row, i) => row.map((w, j) => (r[i] * p.m[j] - w * S[j]) / s2)),
    b: r.map((v) => v / s2),
    logSigma: (r.reduce((a, v) => a + v * v, 0) + trWSW) / s2 - D,
    loc: Array.from({ length: d }, (_, j) => p.W.reduce((a, row, i) => a + row[j] * r[i], 0) / s2 - p.m[j]),
    logScale: S.map((v, j) => 1 - v * (1 + wtwDiag[j] / s2)),
  };
}

/** ∇ of the exact log p(e) (formula 2); the φ parts are zero. */
export function linearGaussianLogMarginalGradient64(p: LinearGaussianPoint64): LinearGaussianGradient64 {
  const { D, d } = check(p, "linearGaussianLogMarginalGradient64");
  const s2 = p.sigma * p.sigma;
  const C = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) =>
    (i === j ? s2 : 0) + p.W[i].reduce((a, w, k) => a + w * p.W[j][k], 0)));
  const Ci = spdFactor64(C).inverse;
  const alpha = Ci.map((row) => row.reduce((a, c, j) => a + c * (p.e[j] - p.b[j]), 0));
  const G = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => alpha[i] * alpha[j] - Ci[i][j]));
  return {
    W: Array.from({ length: D }, (_, i) => Array.from({ length: d }, (_, k) => G[i].reduce((a, g, j) => a + g * p.W[j][k], 0))),
    b: alpha,
    logSigma: s2 * (alpha.reduce((a, v) => a + v * v, 0) - Ci.reduce((a, row, i) => a + row[i], 0)),
    loc: new Array<number>(d).fill(0),
    logScale: new Array<number>(d).fill(0),
  };
}

/** Flattens a point's parameters into [W (row-major), b, log σ, m, log s], and back. */
function toVector(p: LinearGaussianPoint64): number[] {
  return [...p.W.flat(), ...p.b, Math.log(p.sigma), ...p.m, ...p.s.map(Math.log)];
}
function fromVector(v: readonly number[], D: number, d: number): LinearGaussianGradient64 {
  let o = 0;
  const take = (n: number) => v.slice(o, (o += n));
  const W = Array.from({ length: D }, () => take(d));
  return { W, b: take(D), logSigma: take(1)[0], loc: take(d), logScale: take(d) };
}

/** E[L_k] of a point with a one-dimensional latent (d = 1), by Gauss-Hermite quadrature with n nodes per sample. */
export function linearGaussianIwaeBound1d64(p: LinearGaussianPoint64, k: number, n = 40): number {
  const fn = "linearGaussianIwaeBound1d64";
  const { D, d } = check(p, fn);
  if (d !== 1) throw new ArgumentError("point.W", fn, `must have d = 1 latent dimension (quadrature), got d = ${d}`);
  assertInteger(k, "k", fn);
  const sd = new Array<number>(D).fill(p.sigma);
  const logWeight = (h: number) => diagNormalLogProb64(p.e, p.W.map((row, i) => row[0] * h + p.b[i]), sd)
    + diagNormalLogProb64([h], [0], [1]) - diagNormalLogProb64([h], p.m, p.s);
  return iwaeBoundQuadrature64(logWeight, p.m[0], p.s[0], k, n);
}

/** ∇ E[L_k] (d = 1) by central finite differences (step h) of the quadrature, in θ = (W, b, log σ) and φ = (m, log s). */
export function linearGaussianIwaeGradient1d64(p: LinearGaussianPoint64, k: number, options: { n?: number; h?: number } = {}): LinearGaussianGradient64 {
  const { D, d } = check(p, "linearGaussianIwaeGradient1d64");
  const f = (v: number[]) => {
    const q = fromVector(v, D, d);
    return linearGaussianIwaeBound1d64({ W: q.W, b: q.b, sigma: Math.exp(q.logSigma), e: p.e, m: q.loc, s: q.logScale.map(Math.exp) }, k, options.n ?? 40);
  };
  return fromVector(centralDifferenceGradient64(f, toVector(p), options.h ?? 1e-5), D, d);
}

/** The gradient as one flat vector [W (row-major), b, log σ, m, log s] (the order of `flattenGradient` in tests and notebooks). */
export function flattenGradient64(g: LinearGaussianGradient64): number[] {
  return [...g.W.flat(), ...g.b, g.logSigma, ...g.loc, ...g.logScale];
}
