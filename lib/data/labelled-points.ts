/**
 * Shared checks and grouping for labelled points { x, y } (the SVM data sets):
 *
 *   assertLabelledPoints(data, fn)   throws an ArgumentError naming "data" and `fn` unless data is
 *                                    { x: array, y: array } with one label per point
 *   indicesByClass(y)                [label, indices of that label in order][], labels increasing
 *
 * Used by the seeded splits (`stratifiedSplit`, `stratifiedFolds`).
 */
import { ArgumentError } from "../errors";
import type { LabelledPoints } from "./two-gaussians";

export function assertLabelledPoints(data: unknown, fn: string): asserts data is LabelledPoints {
  const d = data as LabelledPoints;
  if (!d || !Array.isArray(d.x) || !Array.isArray(d.y) || d.x.length !== d.y.length) {
    throw new ArgumentError("data", fn, "must be { x, y } with one label per point");
  }
}

export function indicesByClass(y: number[]): [number, number[]][] {
  return [...new Set(y)].sort((a, b) => a - b)
    .map((label) => [label, y.flatMap((v, i) => (v === label ? [i] : []))]);
}
