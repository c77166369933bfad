/**
 * The chart of notebook 00: density histograms of a sample (bars) against a probability density (line),
 * one histogram per sample size, with a slider over the sizes (`bindControl`), so a reader sees the bars
 * settle onto the curve as n grows (the law of large numbers, bin by bin).
 *
 *   densityHistogramChart(rows, curve, { width: 0.25, sizes: [20, 200, 2000, 20000], title })
 *
 * `rows`: { x, density, draws } (bin start, histogram density, the sample size it belongs to; from
 * `histogramDensity`); `curve`: { x, density }. Errors: empty rows or curve, rows whose `draws` is not one of
 * `sizes` (from `bindControl` for the sizes).
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl, withControl } from "./controls";

export interface DensityHistogramOptions {
  /** The bin width the rows were made with. */
  width: number;
  /** The sample sizes of the histograms, for the slider; the largest is shown first. */
  sizes: number[];
  title: string;
}

export function densityHistogramChart(
  rows: { x: number; density: number; draws: number }[], curve: { x: number; density: number }[],
  options: DensityHistogramOptions,
): ChartSpec {
  const fn = "densityHistogramChart";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array of { x, density, draws }");
  if (!Array.isArray(curve) || curve.length === 0) throw new ArgumentError("curve", fn, "must be a non-empty array of { x, density }");
  const control = bindControl("draws", options.sizes, { initial: Math.max(...options.sizes), label: "draws binned" });
  const stray = rows.find((r) => !options.sizes.includes(r.draws));
  if (stray) throw new ArgumentError("rows", fn, `hold draws = ${stray.draws}, not one of options.sizes (${options.sizes.join(", ")})`);
  const x = { field: "x", type: "quantitative", title: "x" } as const;
  const y = { field: "density", type: "quantitative", title: "density" } as const;
  return withControl({
    title: options.title,
    width: 420, height: 240,
    layer: [
      { data: { values: rows }, mark: { type: "bar", opacity: 0.6 }, encoding: { x: { ...x, bin: { binned: true, step: options.width } }, y } },
      { data: { values: curve }, mark: { type: "line", color: "firebrick" }, encoding: { x, y } },
    ],
  } as ChartSpec, control, { layers: [0] });
}
