/**
 * Exact moments of the normalised importance weight r = w / E_q[w] = p(h | E) / q(h) for the
 * tractable models, which set the rate at which L_k approaches log p(E) (the delta method:
 * log p(E) - L_k ≈ Var(r) / (2k) with Var(r) = E_q[r²] - 1; Maddison et al. 2017, Nowozin 2018):
 *
 *   E_q[r^n] = ∫ p(h | E)^n / q(h)^(n-1) dh
 *
 * Gaussian (posterior N(μ, Σ), q = N(μ + s, S), P = Σ⁻¹, Q = S⁻¹, A_n = nP - (n-1)Q, b = (n-1)Qs):
 *   finite iff A_n is positive definite, and then
 *   E_q[r^n] = |S|^((n-1)/2) |Σ|^(-n/2) |A_n|^(-1/2) exp(½ [bᵀ A_n⁻¹ b + (n-1) sᵀ Q s])
 *   (the Gaussian integral; the (2π) factors cancel). Infinity where A_n is not positive definite,
 *   e.g. n = 2 for a q narrower than half the posterior: Var(w) is infinite and the 1/k rate fails.
 * Discrete (finitely many states): E_q[r^n] = Σ_h exp(n log p(h | E) - (n-1) log q(h)), in float64.
 */
import { ArgumentError, assertAllFinite, assertInteger } from "../errors";
import { matVec64, spdFactor64, type Matrix64 } from "../math/matrix64";

function tryFactor(a: Matrix64): ReturnType<typeof spdFactor64> | null {
  try {
    return spdFactor64(a);
  } catch {
    return null;
  }
}

/** E_q[r^n] for a Gaussian q = N(μ + shift, qCov) against the Gaussian posterior N(μ, posteriorCov); n ≥ 1. */
export function gaussianWeightMoment(posteriorCov: Matrix64, qCov: Matrix64, shift: readonly number[], n: number): number {
  const fn = "gaussianWeightMoment";
  assertInteger(n, "n", fn, 1);
  const d = posteriorCov.length;
  if (qCov.length !== d || shift.length !== d) {
    throw new ArgumentError("qCov", fn, `and 'shift' must match the posterior's dimension ${d}, got ${qCov.length} and ${shift.length}`);
  }
  assertAllFinite(shift, "shift", fn);
  const post = spdFactor64(posteriorCov);
  const q = spdFactor64(qCov);
  const a = tryFactor(post.inverse.map((row, i) => row.map((v, j) => n * v - (n - 1) * q.inverse[i][j])));
  if (!a) return Infinity;
  const qs = matVec64(q.inverse, shift);
  const b = qs.map((v) => (n - 1) * v);
  const aInvB = matVec64(a.inverse, b);
  const quad = b.reduce((s, v, i) => s + v * aInvB[i], 0) + (n - 1) * shift.reduce((s, v, i) => s + v * qs[i], 0);
  return Math.exp(0.5 * (n - 1) * q.logDet - 0.5 * n * post.logDet - 0.5 * a.logDet + 0.5 * quad);
}

/** E_q[r^n] over finitely many states from log p(h | E) and log q(h) (same order); n ≥ 1. */
export function discreteWeightMoment(logPosterior: ArrayLike<number>, logQ: ArrayLike<number>, n: number): number {
  const fn = "discreteWeightMoment";
  assertInteger(n, "n", fn, 1);
  if (logPosterior.length !== logQ.length) {
    throw new ArgumentError("logQ", fn, `must have the length of 'logPosterior' (${logPosterior.length}), got ${logQ.length}`);
  }
  let s = 0;
  for (let i = 0; i < logQ.length; i++) {
    if (Number.isNaN(logPosterior[i]) || Number.isNaN(logQ[i])) throw new ArgumentError("logQ", fn, `must not contain NaN (state ${i})`);
    if (logPosterior[i] === -Infinity) continue;
    s += Math.exp(n * logPosterior[i] - (n - 1) * logQ[i]);
  }
  return s;
}

/** Var(r) = E[r²] - 1 and the third central moment E[(r - 1)³] = E[r³] - 3E[r²] + 2 from a moment function. */
export function weightMomentSummary(moment: (n: number) => number): { relativeVariance: number; thirdCentralMoment: number } {
  if (typeof moment !== "function") throw new ArgumentError("moment", "weightMomentSummary", "must be a function n -> E_q[w̃^n]");
  const m2 = moment(2);
  const m3 = moment(3);
  return {
    relativeVariance: Math.max(m2 - 1, 0),
    thirdCentralMoment: Number.isFinite(m3) ? m3 - 3 * m2 + 2 : Infinity,
  };
}

/**
 * The exact standard deviation of the k = 1 control-variate residual −log r + β(r − 1) over finitely many
 * states (r = p(h | E) / q(h), in float64): √(Σ_h q(h) (−log r_h + β(r_h − 1) − KL)²), KL = KL(q ‖ p(H | E))
 * its exact mean (E_q[r − 1] = 0). Divided by √S it is the exact standard error of the control-variate gap
 * from S draws (`prefixKSweep` at k = 1, β held at its fitted value): a sample SE far below it says the draws
 * missed the rare states that carry the residual's variance.
 */
export function discreteControlVariateSd(logPosterior: ArrayLike<number>, logQ: ArrayLike<number>, beta: number): number {
  const fn = "discreteControlVariateSd";
  if (logPosterior?.length !== logQ?.length || !logQ?.length) {
    throw new ArgumentError("logQ", fn, `must be non-empty and have the length of 'logPosterior' (${logPosterior?.length}), got ${logQ?.length}`);
  }
  if (!Number.isFinite(beta)) throw new ArgumentError("beta", fn, `must be finite, got ${beta}`);
  let kl = 0;
  const states: { q: number; residual: number }[] = [];
  for (let i = 0; i < logQ.length; i++) {
    if (Number.isNaN(logPosterior[i]) || Number.isNaN(logQ[i])) throw new ArgumentError("logQ", fn, `must not contain NaN (state ${i})`);
    if (logQ[i] === -Infinity) continue;
    const q = Math.exp(logQ[i]), logR = logPosterior[i] - logQ[i];
    kl -= q * logR;
    states.push({ q, residual: -logR + beta * Math.expm1(logR) });
  }
  return Math.sqrt(states.reduce((a, st) => a + st.q * (st.residual - kl) ** 2, 0));
}
