/**
 * The chart of gradient signal-to-noise ratios against k on log–log axes (Rainforth et al. 2018, Fig. 1):
 * one line per series through the points **above the noise floor** z/√R only (`snrAboveNoiseFloor`), each
 * with ±2 SE bars (`snrStandardError`); the floor itself as a dotted rule; reference lines of slope ±½
 * through a series' first resolved point. Returns a vega-lite spec for `showChart`.
 */
import { ArgumentError, assertInteger } from "../errors";
import type { ChartSpec } from "./chart";
import { snrAboveNoiseFloor, snrStandardError } from "./claims/snr-floor";

export interface SnrSeries {
  label: string;
  ks: readonly number[];
  snr: readonly number[];
}

export interface SnrChartOptions {
  /** Draws per k (the same for every series). */
  replicas: number;
  /** The floor in units of 1/√R (default 3). */
  z?: number;
  /** Lines snr(k0)·(k/k0)^slope through the first resolved point of series[seriesIndex]. */
  references?: readonly { seriesIndex: number; slope: number; label: string }[];
  title?: string;
}

export function snrChartSpec(series: readonly SnrSeries[], options: SnrChartOptions): ChartSpec {
  const fn = "snrChartSpec";
  if (!Array.isArray(series) || series.length === 0) throw new ArgumentError("series", fn, "must be a non-empty array");
  assertInteger(options?.replicas, "options.replicas", fn, 2);
  const z = options.z ?? 3;
  const floor = z / Math.sqrt(options.replicas);
  const resolved = series.map((s) => {
    if (s.ks.length !== s.snr.length) throw new ArgumentError("series", fn, `'${s.label}': ks and snr differ in length`);
    return snrAboveNoiseFloor([...s.snr], options.replicas, z).map((i) => {
      const se = snrStandardError(s.snr[i], options.replicas);
      return { k: s.ks[i], snr: s.snr[i], lo: Math.max(s.snr[i] - 2 * se, floor / 10), hi: s.snr[i] + 2 * se, series: s.label };
    });
  });
  const points = resolved.flat();
  const allKs = series.flatMap((s) => [...s.ks]);
  const kDomain = [Math.min(...allKs), Math.max(...allKs)];
  const refs = (options.references ?? []).flatMap((r) => {
    const first = resolved[r.seriesIndex]?.[0];
    if (!first) return [];
    return series[r.seriesIndex].ks.map((k: number) => ({ k, snr: first.snr * (k / first.k) ** r.slope, series: r.label }));
  });
  const x = { field: "k", type: "quantitative", title: "k (log scale)", scale: { type: "log", nice: false, domain: kDomain } };
  const y = { field: "snr", type: "quantitative", title: "|E g| / std g (log scale)", scale: { type: "log" } };
  const colour = { field: "series", type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } };
  return {
    title: {
      text: options.title ?? "Signal-to-noise ratio of the gradient against k",
      subtitle: `points above the noise floor ${z}/√R = ${floor.toPrecision(2)} only (R = ${options.replicas}), ` +
        "±2 SE; dashed grey: slopes ±½",
    },
    width: 460, height: 280,
    layer: [
      { data: { values: points }, mark: { type: "line", point: true }, encoding: { x, y, color: colour } },
      { data: { values: points }, mark: "errorbar",
        encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color: colour } },
      { data: { values: refs }, mark: { type: "line", strokeDash: [4, 4], color: "gray" },
        encoding: { x, y, detail: { field: "series", type: "nominal" } } },
      { data: { values: [{ snr: floor }] }, mark: { type: "rule", strokeDash: [1, 3], color: "firebrick" },
        encoding: { y } },
    ],
  } as ChartSpec;
}
