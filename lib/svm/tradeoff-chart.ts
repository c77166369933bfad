/**
 * The trade-off set by C, as four small panels against C on a log axis (ticks at the powers of ten of the
 * sweep): the margin width 2/||w||, the support vectors, the training error and Σ ξ_j, from the rows of
 * `solveSvmCSweep` (Cortes & Vapnik 1995: a larger C prices slack higher, so Σ ξ_j falls and the margin
 * narrows). Each panel has its own y scale.
 *
 * Errors (ArgumentError naming the argument and 'svmTradeoffChartSpec'): no rows, a row whose C is not > 0 or
 * whose plotted quantities are not finite.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import { decadeExponent } from "../math/decades";
import type { ChartSpec } from "../notebook/chart";
import type { SvmSweepRow } from "./c-sweep";

export const SVM_TRADEOFF_QUANTITIES = [
  ["margin_width", "margin width 2/||w||"], ["support_vectors", "support vectors"],
  ["training_error", "training error"], ["sum_slack", "Σ ξ"],
] as const;

export function svmTradeoffChartSpec(rows: readonly SvmSweepRow[], options: { title: string }): ChartSpec {
  const fn = "svmTradeoffChartSpec";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array of sweep rows");
  rows.forEach((r, i) => {
    assertPositive(r?.C, `rows[${i}].C`, fn);
    for (const [k] of SVM_TRADEOFF_QUANTITIES) assertFiniteNumber(r[k], `rows[${i}].${k}`, fn);
  });
  const values = rows.flatMap((r) => SVM_TRADEOFF_QUANTITIES.map(([k, q]) => ({ C: r.C, quantity: q, value: r[k] })));
  const ticks = rows.map((r) => r.C).filter((C) => decadeExponent(C) !== null);
  return {
    title: options?.title,
    data: { values },
    facet: { field: "quantity", type: "nominal", title: null, sort: SVM_TRADEOFF_QUANTITIES.map(([, q]) => q) },
    columns: 2,
    spec: {
      width: 270, height: 150, mark: { type: "line", point: true },
      encoding: {
        x: { field: "C", type: "quantitative", scale: { type: "log" }, axis: { format: "~g", values: ticks } },
        y: { field: "value", type: "quantitative", title: null },
      },
    },
    resolve: { scale: { y: "independent" } },
  } as unknown as ChartSpec;
}
