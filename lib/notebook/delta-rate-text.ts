/**
 * The measured gap against the delta-method rate, in one sentence of Markdown with LaTeX (notebook 03). For
 * weights w with finite relative variance v = Var(w)/E[w]², the delta method predicts
 *
 *   log p(E) − E[L_k] ≈ v / (2k)          (Maddison et al. 2017; Nowozin 2018, eq. 5)
 *
 * and the sentence gives v, and the measured gap at k as a multiple of v/(2k) with its SE on the same scale
 * (gap.se / (v/(2k))). With v = ∞ (for a Gaussian q and a Gaussian posterior: q narrower than half the
 * posterior's variance in some direction, so E_q[w²] diverges) it says the rate does not apply.
 *
 * Errors (ArgumentError naming the argument and 'deltaRateText'): a gap mean or SE that is not finite (SE < 0),
 * `k` not an integer ≥ 1, `relativeVariance` NaN, negative or 0.
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";
import { latexScientific } from "./markdown";

export function deltaRateText(gap: { mean: number; se: number }, k: number, relativeVariance: number): string {
  const fn = "deltaRateText";
  assertFiniteNumber(gap?.mean, "gap.mean", fn);
  assertPositive(gap.se, "gap.se", fn, true);
  assertInteger(k, "k", fn, 1);
  if (typeof relativeVariance !== "number" || !(relativeVariance > 0)) {
    throw new ArgumentError("relativeVariance", fn, `must be a number > 0 (Infinity for infinite Var(w)), got ${relativeVariance}`);
  }
  if (!Number.isFinite(relativeVariance)) {
    return "This encoder is narrower than half the posterior in some direction, so $\\mathrm{Var}(w) = \\infty$: " +
      "the delta-method rate $\\mathrm{Var}(w)/(2k)$ does not apply.";
  }
  const predicted = relativeVariance / (2 * k);
  return "This encoder's weights have finite variance, " +
    `$\\mathrm{Var}(w)/\\mathbb E[w]^2 = ${latexScientific(relativeVariance, 2)}$, ` +
    `and at $k = ${k}$ the measured gap is ${(gap.mean / predicted).toFixed(2)} × the delta-method prediction ` +
    `(± ${(gap.se / predicted).toFixed(2)}).`;
}
