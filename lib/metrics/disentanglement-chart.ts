/**
 * The vega-lite spec of MIG and TC / KL against β over seeds: one panel each, the mean over seeds with
 * ±2 SE error bars (SE over seeds, from `disentanglementOverSeeds`) and every seed's value as a small grey
 * point, β on a log2 axis. The spec is plain data (render with `showChart`).
 *
 * Errors (ArgumentError naming the argument and 'disentanglementChart'): an empty summary, runs at a β the
 * summary does not have.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "../notebook/chart";
import type { DisentanglementOverSeeds, DisentanglementRun } from "./disentanglement-over-seeds";

export function disentanglementChart(summary: readonly DisentanglementOverSeeds[], runs: readonly DisentanglementRun[], title: string): ChartSpec {
  const fn = "disentanglementChart";
  if (!Array.isArray(summary) || summary.length === 0) throw new ArgumentError("summary", fn, "must be disentanglementOverSeeds's non-empty result");
  if (!Array.isArray(runs) || runs.some((r) => !summary.some((s) => s.beta === r?.beta))) {
    throw new ArgumentError("runs", fn, "must be the runs the summary was computed from");
  }
  const n = Math.min(...summary.map((s) => s.seeds.length));
  const means = summary.flatMap((s) => [["MIG", s.mig], ["TC / KL", s.tcPerKl]].map(([score, m]) => {
    const v = m as { mean: number; se: number };
    return { beta: s.beta, score, mean: v.mean, lo: v.mean - 2 * v.se, hi: v.mean + 2 * v.se };
  }));
  const points = runs.flatMap((r) => [{ beta: r.beta, score: "MIG", value: r.mig, seed: r.seed },
    { beta: r.beta, score: "TC / KL", value: r.tc / r.kl, seed: r.seed }]);
  const x = { field: "beta", type: "quantitative", title: "β", scale: { type: "log", base: 2 } };
  // one panel per score, each layer with its own inline data (no shared-data transforms to optimise)
  // vega-lite joins the y titles of a panel's layers (a layer without one adds its field name), so every layer
  // carries the same title, which appears once
  const panel = (score: string) => {
    const yTitle = `${score} (mean ± 2 SE over seeds)`; // short: a title longer than the plot stretches it
    return {
      width: 240, height: 180, title: score,
      layer: [
        { data: { values: points.filter((p) => p.score === score) }, mark: { type: "point", color: "#aaa", size: 25 },
          encoding: { x, y: { field: "value", type: "quantitative", title: yTitle } } },
        { data: { values: means.filter((m) => m.score === score) }, mark: { type: "errorbar", color: "#4c78a8" },
          encoding: { x, y: { field: "lo", type: "quantitative", title: yTitle }, y2: { field: "hi" } } },
        { data: { values: means.filter((m) => m.score === score) }, mark: { type: "line", point: true, color: "#4c78a8" },
          encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle } } },
      ],
    };
  };
  return ({
    title: { text: title, subtitle: `blue: mean over seeds ± 2 SE; grey: each of the ≥ ${n} seeds` },
    hconcat: [panel("MIG"), panel("TC / KL")],
  }) as unknown as ChartSpec;
}
