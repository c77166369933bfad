/**
 * The table of notebook 03's averaging experiment: one row per k of a `prefixKSweep` (S rows of draws, every
 * k from the first k draws of each row), each column naming its estimator:
 *
 *   A_k, plain mean                    mean over the rows of A_k = (1/k) Σ_{i≤k} log w_i (k draws outside the
 *                                      log: an unbiased ELBO estimate for every k), its SE and the SD of one A_k
 *   L_k, plain mean                    mean over the rows of L_k = log (1/k) Σ_{i≤k} w_i, with its SE
 *   log p − L_k, plain                 log p(E) minus that plain mean (it carries the noise of L_k)
 *   log p − L_k, control variate       the control-variate estimate of log p(E) − E[L_k], with its SE
 *   Var(w)/(2k E[w]²), delta method    the delta-method prediction of the gap (+∞ when Var(w) is infinite)
 *
 * and a caption giving S, the largest k, the closed-form ELBO, log p(E) and Var(w)/E[w]². Returns the records
 * for `showTable` and the caption.
 *
 * Errors (ArgumentError naming the argument and 'averagingTable'): no points, a point without a
 * control-variate gap (`prefixKSweep` without `logEvidence`), `logEvidence` or `elbo` not finite,
 * `relativeVariance` NaN or negative, `rows` not an integer ≥ 2.
 */
import { ArgumentError, assertFiniteNumber, assertInteger } from "../errors";
import type { PrefixSweepPoint } from "../bounds/prefix-k-sweep";

export function averagingTable(points: readonly PrefixSweepPoint[],
  context: { logEvidence: number; elbo: number; relativeVariance: number; rows: number }):
    { records: Record<string, number>[]; caption: string } {
  const fn = "averagingTable";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array of prefixKSweep points");
  points.forEach((p, i) => {
    if (!p?.gap) throw new ArgumentError(`points[${i}].gap`, fn, "must be present: call prefixKSweep with logEvidence");
  });
  const { logEvidence: logp, elbo, relativeVariance: relVar, rows } = context ?? ({} as never);
  assertFiniteNumber(logp, "context.logEvidence", fn);
  assertFiniteNumber(elbo, "context.elbo", fn);
  if (typeof relVar !== "number" || !(relVar >= 0)) {
    throw new ArgumentError("context.relativeVariance", fn, `must be a number ≥ 0 (Infinity for infinite Var(w)), got ${relVar}`);
  }
  assertInteger(rows, "context.rows", fn, 2);
  const records = points.map((p) => ({
    k: p.k, "A_k, plain mean": p.outside.mean, "SE (A_k)": p.outside.se, "SD of A_k": p.outside.sd,
    "L_k, plain mean": p.bound.mean, "SE (L_k)": p.bound.se,
    "log p − L_k, plain": logp - p.bound.mean, "log p − L_k, control variate": p.gap!.mean,
    "SE (control variate)": p.gap!.se, "Var(w)/(2k E[w]²), delta method": relVar / (2 * p.k),
  }));
  const kMax = points[points.length - 1].k;
  const caption = `S = ${rows} rows of ${kMax} draws; closed-form ELBO ${elbo.toFixed(5)}, ` +
    `log p(E) ${logp.toFixed(5)}, Var(w)/E[w]² = ${relVar.toPrecision(4)}`;
  return { records, caption };
}
