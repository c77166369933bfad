/**
 * A density histogram: bins of width `width` starting at multiples of `width` (bin j covers
 * [j·width, (j+1)·width)), each with density count / (n · width), so the bars integrate to 1 and can be
 * drawn against a probability density. Only non-empty bins are returned, sorted by their start `x`.
 *
 *   histogramDensity([0.1, 0.2, 0.6], 0.5)  // [{ x: 0, density: 4/3 }, { x: 0.5, density: 2/3 }]
 *
 * Errors: `values` empty or holding a non-finite number, `width` not a positive finite number.
 */
import { ArgumentError, assertAllFinite, assertPositive } from "../errors";

export function histogramDensity(values: ArrayLike<number>, width: number): { x: number; density: number }[] {
  const fn = "histogramDensity";
  if (values === null || typeof values !== "object" || values.length === 0) {
    throw new ArgumentError("values", fn, "must be a non-empty array of numbers");
  }
  assertAllFinite(values, "values", fn);
  assertPositive(width, "width", fn);
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const j = Math.floor(values[i] / width);
    counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([j, count]) => ({ x: j * width, density: count / (values.length * width) }));
}
