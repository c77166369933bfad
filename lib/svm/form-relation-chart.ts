/**
 * The map from the standard form's C' (½||w||² + C' Σ ξ_j) to the lecture's C = C' / ||w(C')|| (||w|| + C Σ ξ_j)
 * along the standard path (`lectureCAlongStandardPath`), on log axes, with C₀ = 1 / ||Σ_j y_j e_j|| as a dashed
 * rule: the whole small-C' stretch of the path, where every α_j = C', lies on C = C₀ (`form-relation.ts` derives
 * both). Errors (ArgumentError naming the argument and 'formRelationChartSpec'): no rows, a C' or C not > 0,
 * C₀ not > 0.
 */
import { ArgumentError, assertPositive } from "../errors";
import type { ChartSpec } from "../notebook/chart";

export function formRelationChartSpec(path: readonly { Cp: number; C: number }[], C0: number,
                                      options: { title: string }): ChartSpec {
  const fn = "formRelationChartSpec";
  if (!Array.isArray(path) || path.length === 0) throw new ArgumentError("path", fn, "must be a non-empty array of { Cp, C }");
  path.forEach((r: { Cp: number; C: number }, i: number) => {
    assertPositive(r?.Cp, `path[${i}].Cp`, fn);
    assertPositive(r.C, `path[${i}].C`, fn);
  });
  assertPositive(C0, "C0", fn);
  const logAxis = (field: string, title: string) => ({ field, type: "quantitative", scale: { type: "log" }, title });
  return {
    title: options?.title, width: 420, height: 240,
    layer: [
      { data: { values: path }, mark: { type: "line", point: true }, encoding: {
        x: logAxis("Cp", "C' (standard form ½||w||² + C'Σξ)"),
        y: logAxis("C", "C = C'/||w(C')|| (lecture's form)") } },
      { data: { values: [{ C: C0 }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "firebrick" }, encoding: { y: { field: "C", type: "quantitative" } } },
      { data: { values: [{ C: C0, label: `C₀ = 1/||Σ y_j e_j|| = ${C0.toPrecision(3)}` }] },
        mark: { type: "text", align: "right", baseline: "bottom", dy: -3, color: "firebrick" },
        encoding: { y: { field: "C", type: "quantitative" }, x: { value: 415 }, text: { field: "label" } } },
    ],
  } as unknown as ChartSpec;
}
