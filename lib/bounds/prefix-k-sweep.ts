/**
 * L_k for several k from prefixes of the same draws (common random numbers), with standard errors of
 * each estimate and of the differences between consecutive k.
 *
 * Input: S rows of K log-weights log w_{s,1..K} (row-major, one row per independent replicate s).
 * For every k in `ks` (increasing, ≤ K) and every row, on the first k draws of that row:
 *
 *   L_k^{(s)}       = log (1/k) Σ_{i≤k} w_{s,i}                  the k-sample bound estimate (Burda et al. 2016, eq. 8)
 *   A_k^{(s)}       = (1/k) Σ_{i≤k} log w_{s,i}                  k draws averaged outside the log (E = ELBO for every k)
 *   t_k^{(s)}       = L_k^{(s)} − log p,  u_k^{(s)} = exp(t_k^{(s)}) − 1     when the exact log p(e) is given
 *
 * and the gap log p(e) − E[L_k] by a regression control variate (Owen, "Monte Carlo theory, methods and
 * examples", ch. 8, control variates): importance sampling is unbiased, E[(1/k) Σ w_i] = p(e), so E[u] = 0 exactly and
 *
 *   gap_k = mean_s(−t_k^{(s)} + β_k u_k^{(s)}),   β_k = Cov(t_k, u_k) / Var(u_k)   (fitted on the same rows)
 *
 * has the expectation log p(e) − E[L_k] (up to O(1/S) from fitting β) for any q with q > 0 where p(h | e) > 0.
 * For light-tailed weights t ≈ u − u²/2, β ≈ 1, and the residual ≈ u²/2 has a standard deviation of order
 * Var(w)/(k E[w]²) instead of the √(Var(w)/k) of L_k itself: the small gaps at large k are resolved by few
 * replicates (the delta method predicts gap ≈ Var(w)/(2k E[w]²); Maddison et al. 2017; Nowozin 2018, eq. 5).
 * For heavy-tailed weights (Var(w) = ∞) u is wild, β falls toward 0 and the estimate toward the plain
 * log p − mean L_k. Its standard error is the residual's standard deviation over √S. The gap estimate is not
 * ≥ 0 by construction: test L_k ≤ log p(e) on `bound`, and gap > 0 on `gap`, both can fail.
 *
 * Prefixes make the estimates at different k positively correlated, so a difference L_k − L_{k'} is estimated
 * per replicate (`boundIncrease`, `gapDecrease`: paired, against the previous k of `ks`) with a far smaller
 * standard error than two independent runs would give.
 *
 * Computed in float64 with a running log-sum-exp (stable for log-weights near −1e4). Errors: `replicates` not
 * an integer ≥ 2 dividing the number of log-weights, `ks` not increasing integers in [1, K], NaN or ±∞ in the
 * log-weights or in `logEvidence`.
 */
import { ArgumentError, assertAllFinite, assertFiniteNumber, assertInteger } from "../errors";
import { linearFit, meanAndStandardError, type MeanWithError } from "../math/statistics";

export interface PrefixSweepPoint {
  k: number;
  /** L_k: mean over replicates and its standard error. */
  bound: MeanWithError;
  /** The k log-weights averaged outside the log (an unbiased ELBO estimate for every k). */
  outside: MeanWithError;
  /** Regression control-variate estimate of log p(e) − E[L_k] (only with `logEvidence`). */
  gap?: MeanWithError;
  /** The fitted control-variate coefficient β_k (only with `logEvidence`). */
  beta?: number;
  /** L_k − L_{k'} per replicate for the previous k' of `ks` (absent for the first k). */
  boundIncrease?: MeanWithError;
  /** gap_{k'} − gap_k from the per-replicate residuals, for the previous k' (with `logEvidence`). */
  gapDecrease?: MeanWithError;
}

export function prefixKSweep(
  logWeights: ArrayLike<number>, replicates: number, ks: readonly number[], logEvidence?: number,
): PrefixSweepPoint[] {
  const fn = "prefixKSweep";
  assertInteger(replicates, "replicates", fn, 2);
  if (!logWeights || typeof logWeights.length !== "number" || logWeights.length % replicates !== 0) {
    throw new ArgumentError("logWeights", fn, `must hold replicates × K values (replicates = ${replicates})`);
  }
  assertAllFinite(logWeights, "logWeights", fn);
  if (logEvidence !== undefined) assertFiniteNumber(logEvidence, "logEvidence", fn);
  const K = logWeights.length / replicates;
  if (!Array.isArray(ks) || ks.length === 0) throw new ArgumentError("ks", fn, "must be a non-empty array of integers");
  ks.forEach((k, i) => {
    assertInteger(k, `ks[${i}]`, fn, 1);
    if (k > K) throw new ArgumentError(`ks[${i}]`, fn, `must be at most the row length K = ${K}, got ${k}`);
    if (i > 0 && k <= ks[i - 1]) throw new ArgumentError("ks", fn, `must be increasing, got ${ks[i - 1]} then ${k}`);
  });
  const n = ks.length;
  const L = ks.map(() => new Float64Array(replicates));
  const A = ks.map(() => new Float64Array(replicates));
  const T = ks.map(() => new Float64Array(replicates));
  const U = ks.map(() => new Float64Array(replicates));
  for (let s = 0; s < replicates; s++) {
    let max = -Infinity, sum = 0, sumLog = 0, j = 0;
    for (let i = 0; i < ks[n - 1]; i++) {
      const v = logWeights[s * K + i];
      if (v > max) { sum = sum * Math.exp(max - v) + 1; max = v; } else sum += Math.exp(v - max);
      sumLog += v;
      if (i + 1 === ks[j]) {
        const lk = max + Math.log(sum / ks[j]);
        L[j][s] = lk;
        A[j][s] = sumLog / ks[j];
        if (logEvidence !== undefined) {
          T[j][s] = lk - logEvidence;
          U[j][s] = Math.expm1(lk - logEvidence);
        }
        j++;
      }
    }
  }
  const paired = (a: Float64Array, b: Float64Array) => meanAndStandardError(a.map((v, s) => v - b[s]));
  const betas = T.map((t, j) => (logEvidence === undefined ? 0 : regressionCoefficient(t, U[j])));
  // per-replicate residuals −t + β u: their mean is the gap estimate
  const G = T.map((t, j) => t.map((v, s) => -v + betas[j] * U[j][s]));
  return ks.map((k, j) => ({
    k,
    bound: meanAndStandardError(L[j]),
    outside: meanAndStandardError(A[j]),
    ...(logEvidence !== undefined ? { gap: meanAndStandardError(G[j]), beta: betas[j] } : {}),
    ...(j > 0 ? { boundIncrease: paired(L[j], L[j - 1]) } : {}),
    ...(j > 0 && logEvidence !== undefined ? { gapDecrease: paired(G[j - 1], G[j]) } : {}),
  }));
}

/** Cov(t, u) / Var(u), the least-squares slope of t on u; 0 when u does not vary (as for the exact posterior). */
function regressionCoefficient(t: Float64Array, u: Float64Array): number {
  const varies = u.some((v) => v !== u[0]) && u.every(Number.isFinite);
  return varies ? linearFit(u, t).slope : 0;
}
