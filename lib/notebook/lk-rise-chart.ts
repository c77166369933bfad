/**
 * The paired rise of the k-sample bound with k, per model (notebook 06's try-it): for each model a line over
 * k (log axis) of L_k − L_1, the mean over test images of the per-image difference between the bound from the
 * first k draws and from the first draw (common random numbers). Theorem 1 of Burda et al. (2016) says
 * E[L_k] never falls as k grows, so each line should rise from 0 at k = 1. Returns a vega-lite spec; a row's
 * `se` (the paired SE of its rise) stays in the chart's data but is not drawn: the cell's text quotes it.
 *
 * Errors (ArgumentError naming the argument and 'lkRiseChartSpec'): no rows, a row whose k is not an integer
 * ≥ 1 or whose rise is not finite (named by its index), a model name that is not a string.
 */
import { ArgumentError, assertFiniteNumber, assertInteger } from "../errors";
import type { ChartSpec } from "./chart";

export function lkRiseChartSpec(rows: readonly { model: string; k: number; rise: number; se?: number }[],
  options: { title: string }): ChartSpec {
  const fn = "lkRiseChartSpec";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array");
  rows.forEach((r, i) => {
    if (typeof r?.model !== "string") throw new ArgumentError(`rows[${i}].model`, fn, "must be a string");
    assertInteger(r.k, `rows[${i}].k`, fn, 1);
    assertFiniteNumber(r.rise, `rows[${i}].rise`, fn);
  });
  return { title: options.title,
    width: 400, height: 220, data: { values: rows as Record<string, unknown>[] }, mark: { type: "line", point: true },
    encoding: { x: { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log)" },
                y: { field: "rise", type: "quantitative", title: "L_k − L_1 (nats, paired)" },
                color: { field: "model", type: "nominal", title: null } } } as ChartSpec;
}
