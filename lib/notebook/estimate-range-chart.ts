/**
 * Where a single estimate falls at each k (notebook 03): for every k of a `prefixKSweep`, the mean ± 2 SD over
 * the S rows of the two estimators built from the same k log-weights,
 *
 *   A_k = (1/k) Σ_{i≤k} log w_i        "outside the log": E[A_k] = ELBO for every k, SD ∝ 1/√k
 *   L_k = log (1/k) Σ_{i≤k} w_i        "inside the log": E[L_k] rises toward log p(E) (Burda et al. 2016)
 *
 * as a point (the mean) and a rule (± 2 SD: where one estimate lands), on one horizontal axis shared by every
 * k (from the lowest − 2 SD to the larger of log p(E) and the highest + 2 SD), with dashed rules at the
 * closed-form ELBO and at log p(E). A live control over k (`bindControl("k", ks)`, added by `withControl`)
 * shows one k at a time; the static image shows `initialK` (default: the largest k). Returns a vega-lite spec.
 *
 * Errors (ArgumentError naming the argument and 'estimateRangeChartSpec'): no points, a mean or SD that is
 * not finite (named by its path), `elbo` or `logEvidence` not finite, `initialK` not one of the points' k
 * (from `bindControl`).
 */
import { ArgumentError, assertFiniteNumber } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl, withControl } from "./controls";

interface Spread { mean: number; sd: number }

export function estimateRangeChartSpec(points: readonly { k: number; outside: Spread; bound: Spread }[],
  options: { elbo: number; logEvidence: number; title: string; initialK?: number }): ChartSpec {
  const fn = "estimateRangeChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array of prefixKSweep points");
  const { elbo, logEvidence: lp } = options ?? ({} as never);
  assertFiniteNumber(elbo, "options.elbo", fn);
  assertFiniteNumber(lp, "options.logEvidence", fn);
  const estimators = [["outside", "A_k, outside the log"], ["bound", "L_k, inside the log"]] as const;
  const rs = points.flatMap((p, i) => estimators.map(([m, label]) => {
    assertFiniteNumber(p?.[m]?.mean, `points[${i}].${m}.mean`, fn);
    assertFiniteNumber(p[m].sd, `points[${i}].${m}.sd`, fn);
    return { k: p.k, estimator: label, mean: p[m].mean, lo: p[m].mean - 2 * p[m].sd, hi: p[m].mean + 2 * p[m].sd };
  }));
  const x = { type: "quantitative", title: "nats", scale: { zero: false,
    domain: [Math.min(...rs.map((r) => r.lo)), Math.max(lp, ...rs.map((r) => r.hi))] } } as const;
  const y = { field: "estimator", type: "nominal", title: null } as const;
  const spec = { title: { text: options.title, subtitle: "dashed: closed-form ELBO (left), log p(E) (right)" },
    width: 520, height: 90, data: { values: rs }, layer: [
      { mark: "rule", encoding: { y, x: { field: "lo", ...x }, x2: { field: "hi" } } },
      { mark: { type: "point", filled: true, size: 90 }, encoding: { y, x: { field: "mean", ...x } } },
      { data: { values: [{ v: elbo }, { v: lp }] }, mark: { type: "rule", strokeDash: [6, 4] },
        encoding: { x: { field: "v", ...x } } }] };
  const ks = points.map((p) => p.k);
  return withControl(spec as unknown as ChartSpec, bindControl("k", ks, { initial: options.initialK ?? ks[ks.length - 1] }));
}
