/**
 * Cross-validated accuracy against C for one or more models (e.g. a linear and an RBF SVM), from the scores
 * of `crossValidateSvm`: two panels, the held-out folds ("test") and the folds each model was trained on
 * ("train"), each model a line through its mean accuracy over the folds with a bar of ± 1 standard error
 * (sd/√k; `crossValidateSvm` says why it is only a scale). The models are drawn a little apart along C
 * (`offset` decades, default 0.05, centred on the true C; the tooltip gives the true C), so that neither line
 * nor bar hides another where the models agree. The y axis starts at the lowest bar end rounded down to a
 * multiple of 0.05; the legend is below the panels; `xTitle` names the C axis (default "C").
 *
 * Errors (ArgumentError naming the argument and 'cvAccuracyChartSpec'): no series, a series without scores
 * or with other Cs than the first, `offset` negative or not finite.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { ChartSpec } from "../notebook/chart";
import type { CrossValidationScore } from "./cross-validation";

export interface CvAccuracySeries {
  label: string;
  scores: readonly CrossValidationScore[];
}

export const CV_ACCURACY_SETS = ["held-out fold (test)", "training folds (train)"] as const;

export function cvAccuracyChartSpec(series: readonly CvAccuracySeries[],
                                    options: { title: string; offset?: number; xTitle?: string }): ChartSpec {
  const fn = "cvAccuracyChartSpec";
  if (!Array.isArray(series) || series.length === 0) throw new ArgumentError("series", fn, "must be a non-empty array");
  const offset = options?.offset ?? 0.05;
  assertPositive(offset, "options.offset", fn, true);
  const Cs = series[0].scores?.map((s: CrossValidationScore) => s.C) ?? [];
  series.forEach((s: CvAccuracySeries, i: number) => {
    if (!Array.isArray(s.scores) || s.scores.length === 0) throw new ArgumentError(`series[${i}].scores`, fn, "must be a non-empty array");
    if (s.scores.map((r: CrossValidationScore) => r.C).join() !== Cs.join()) throw new ArgumentError(`series[${i}].scores`, fn, `must have the Cs of series[0] (${Cs.join(", ")})`);
  });
  const rows = series.flatMap((s: CvAccuracySeries, i: number) => s.scores.flatMap((r: CrossValidationScore) => [r.test, r.train].map((m, t) => {
    assertFiniteNumber(m.mean, `series[${i}].scores[].mean`, fn);
    return { C: r.C, x: r.C * 10 ** (offset * (i - (series.length - 1) / 2)), model: s.label, set: CV_ACCURACY_SETS[t],
             mean: m.mean, lo: m.mean - m.se, hi: Math.min(1, m.mean + m.se), se: m.se, folds: m.n };
  })));
  const lowest = Math.floor(Math.min(...rows.map((r) => r.lo)) * 20 - 1e-9) / 20;
  const x = { field: "x", type: "quantitative", scale: { type: "log" }, title: options.xTitle ?? "C", axis: { values: Cs, format: "~g" } };
  const y = { type: "quantitative", scale: { domain: [lowest, 1] }, title: "accuracy (mean ± SE over folds)" };
  const colour = { field: "model", type: "nominal", title: "model", sort: series.map((s) => s.label),
                   legend: { orient: "bottom", labelLimit: 300, symbolStrokeWidth: 2 } };
  const tooltip = [{ field: "model" }, { field: "C", type: "quantitative" }, { field: "mean", type: "quantitative", format: ".3f" },
                   { field: "se", type: "quantitative", format: ".3f" }, { field: "folds", type: "quantitative" }];
  return {
    title: options.title,
    data: { values: rows },
    facet: { column: { field: "set", type: "nominal", title: null, sort: [...CV_ACCURACY_SETS] } },
    spec: {
      width: 300, height: 220,
      layer: [
        { mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, y: { field: "lo", ...y }, y2: { field: "hi" }, color: colour } },
        { mark: { type: "line", point: { filled: true, size: 40 } },
          encoding: { x, y: { field: "mean", ...y }, color: colour, tooltip } },
      ],
    },
  } as unknown as ChartSpec;
}
