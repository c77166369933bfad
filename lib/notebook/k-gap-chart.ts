/**
 * The gap log p(E) − L_k against k on log–log axes: the control-variate estimates with ±2 SE bars, the
 * delta-method rate Var(w)/(2k E[w]²) (Maddison et al. 2017; Nowozin 2018) where Var(w) is finite, and the
 * exact gap at k = 1, KL(q ‖ p(H|E)). Every point must carry its gap estimate (`prefixKSweep` with log p(E)).
 * The legend lists only the series drawn (no delta-method entry when Var(w) is infinite).
 * Returns a vega-lite spec for `showChart`.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";

export function kGapChartSpec(
  points: readonly { k: number; gap?: { mean: number; se: number } }[],
  options: { relativeVariance: number; klAtK1: number; rows: number },
): ChartSpec {
  const fn = "kGapChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array");
  points.forEach((p) => { assertPositive(p?.k, "points[].k", fn); assertFiniteNumber(p?.gap?.mean, "points[].gap.mean", fn); });
  assertPositive(options?.klAtK1, "options.klAtK1", fn, true);
  const names = ["log p(E) − L_k, control variate ± 2 SE", "Var(w)/(2k E[w]²), delta method",
                 "KL(q ‖ p(H|E)), exact at k = 1"];
  const rows = points.map((p) => ({ k: p.k, gap: p.gap!.mean, lo: p.gap!.mean - 2 * p.gap!.se,
                                    hi: p.gap!.mean + 2 * p.gap!.se, series: names[0] }));
  const rv = options.relativeVariance;
  const delta = Number.isFinite(rv) ? points.map((p) => ({ k: p.k, gap: rv / (2 * p.k), series: names[1] })) : [];
  const x = { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log scale)" };
  const y = { field: "gap", type: "quantitative", scale: { type: "log" }, title: "gap (nats, log scale)" };
  // the legend lists only the series drawn: no delta-method entry where Var(w) is infinite
  const drawn = names.map((_, i) => i).filter((i) => i !== 1 || delta.length > 0);
  const pick = (range: string[]) => ({ domain: drawn.map((i) => names[i]), range: drawn.map((i) => range[i]) });
  const colour = { field: "series", type: "nominal", title: null, legend: { orient: "bottom", columns: 1 },
                   scale: pick(["#1f5fa8", "#e07b00", "green"]) };
  const shape = { ...colour, scale: pick(["circle", "stroke", "diamond"]) };
  return {
    title: { text: "The gap log p(E) − L_k shrinks with k", subtitle: `control variate over ${options.rows} rows` },
    width: 460, height: 280,
    layer: [
      { data: { values: rows }, mark: { type: "point", filled: true }, encoding: { x, y, color: colour, shape } },
      { data: { values: rows }, mark: "errorbar",
        encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color: colour } },
      { data: { values: delta }, mark: { type: "line", strokeDash: [4, 3] }, encoding: { x, y, color: colour } },
      { data: { values: [{ k: 1, gap: options.klAtK1, series: names[2] }] },
        mark: { type: "point", filled: true, size: 120 }, encoding: { x, y, color: colour, shape } },
    ],
  } as ChartSpec;
}
