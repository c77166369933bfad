/**
 * The table of a test-set L_k curve (notebook 06): one row per k with the mean L_k over the images ± its SE
 * (the spread of L_k(x) across images over √n), and the gap to the curve's last point, L_K − L_k with K the
 * largest k, ± the SE of the paired per-image difference (the same draws for every k: `estimateLkCurve`). The
 * same points as `lkGapCurveChartSpec` takes. Returns a danfojs DataFrame for `showTable` and `saveTable`.
 *
 * Errors (ArgumentError naming the argument and 'lkCurveTable'): no points, a k that is not an integer ≥ 1, a
 * mean L_k, gap or SE that is not finite (named by its path, e.g. 'points[3].gap').
 */
import { ArgumentError, assertFiniteNumber, assertInteger } from "../errors";
import { toDataFrame, type DataFrame } from "./data-frame";

export function lkCurveTable(points: readonly { k: number; L: number; seL: number; gap: number; seGap: number }[]): DataFrame {
  const fn = "lkCurveTable";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array of curve points");
  points.forEach((p, i) => {
    assertInteger(p?.k, `points[${i}].k`, fn, 1);
    for (const key of ["L", "seL", "gap", "seGap"] as const) assertFiniteNumber(p[key], `points[${i}].${key}`, fn);
  });
  const gapColumn = `L_${points[points.length - 1].k} − L_k`;
  return toDataFrame(points.map((g) => ({ k: g.k, "mean L_k": g.L, "± SE (images)": g.seL,
    [gapColumn]: g.gap, "± SE (paired)": g.seGap })), { metrics: ["mean L_k", gapColumn], fn });
}
