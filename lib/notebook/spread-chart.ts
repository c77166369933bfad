/**
 * The spread of a Monte Carlo estimator at each k, with a live control over k: one histogram panel per
 * series (e.g. a θ and a φ component of the IWAE gradient), the draws of the chosen k as bars
 * (density = count / (n · bin width)), the mean of those draws as a solid rule, a reference value (e.g.
 * ∇ log p(E)) as a dashed rule, and the plug-in SNR |mean| / sd of that k written in the panel. The bins
 * of a series are shared by every k (its range: the 0.5 % to 99.5 % quantiles of all its draws pooled), so
 * moving the control shows the histogram narrow or widen against fixed axes (Rainforth et al. 2018: the
 * spread of the IWAE gradient shrinks like 1/√k while its mean settles). Draws outside the range are not
 * drawn (the caption says so). The control is `bindControl("k", ks)` (a log slider for powers of 2),
 * added by `withControl`; the static image shows `initialK` (default: the smallest k). `controlLabel` names
 * the control's quantity when it is not k (e.g. a sample size n); the data field stays `k`. The text per
 * panel gives the mean ± its SE (sd/√n, sd with n − 1), the sd and |mean|/sd (the plug-in SNR).
 *
 * Errors (ArgumentError naming the argument and 'spreadChartSpec'): no series, a series whose `draws`
 * do not hold one non-empty finite array per k, k not positive integers, `bins` not an integer ≥ 2.
 */
import { ArgumentError, assertAllFinite, assertInteger } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl, withControl } from "./controls";

export interface SpreadSeries {
  label: string;
  ks: readonly number[];
  /** One array of independent draws per k. */
  draws: readonly ArrayLike<number>[];
  /** A value to mark on every k (dashed), e.g. the limit of the mean. */
  reference?: { value: number; label: string };
}

const quantile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export function spreadChartSpec(series: readonly SpreadSeries[],
  options: { title: string; bins?: number; initialK?: number; valueTitle?: string; controlLabel?: string }): ChartSpec {
  const fn = "spreadChartSpec";
  if (!Array.isArray(series) || series.length === 0) throw new ArgumentError("series", fn, "must be a non-empty array");
  const bins = options?.bins ?? 40;
  assertInteger(bins, "options.bins", fn, 2);
  const ks = series[0].ks;
  const label = options?.controlLabel ?? "k";
  const rows: Record<string, unknown>[] = [];
  series.forEach((s, si) => {
    const at = `series[${si}]`;
    if (!Array.isArray(s.ks) || s.ks.length === 0) throw new ArgumentError(`${at}.ks`, fn, "must be a non-empty array");
    (s.ks as readonly number[]).forEach((k) => assertInteger(k, `${at}.ks[]`, fn, 1));
    if (s.ks.join() !== ks.join()) throw new ArgumentError(`${at}.ks`, fn, `must be the ks of series[0] (${ks.join(", ")})`);
    if (!Array.isArray(s.draws) || s.draws.length !== ks.length || s.draws.some((d: ArrayLike<number>) => !d || d.length === 0)) {
      throw new ArgumentError(`${at}.draws`, fn, `must hold one non-empty array of draws per k (${ks.length})`);
    }
    const draws = s.draws as readonly ArrayLike<number>[];
    draws.forEach((d, i) => assertAllFinite(d, `${at}.draws[${i}]`, fn));
    const pooled = Float64Array.from(draws.flatMap((d) => Array.from(d))).sort();
    const lo = quantile(pooled, 0.005), hi = quantile(pooled, 0.995);
    const width = hi > lo ? (hi - lo) / bins : 1;
    draws.forEach((d, i) => {
      const counts = new Array(bins).fill(0);
      let sum = 0, sq = 0;
      for (const v of Array.from(d)) {
        sum += v; sq += v * v;
        const b = Math.floor((v - lo) / width);
        if (v >= lo && v <= hi) counts[Math.min(bins - 1, b)]++;
      }
      const mean = sum / d.length, sd = Math.sqrt(Math.max(0, sq / d.length - mean * mean));
      counts.forEach((c, b) => rows.push({ series: s.label, k: ks[i], kind: "bin", x0: lo + b * width,
                                            x1: lo + (b + 1) * width, density: c / (d.length * width) }));
      const se = d.length > 1 ? Math.sqrt(sd * sd * d.length / (d.length - 1) / d.length) : NaN;
      rows.push({ series: s.label, k: ks[i], kind: "mean", x: mean,
                  text: `${label} = ${ks[i]}: mean ${mean.toPrecision(3)} ± ${Number.isFinite(se) ? se.toPrecision(2) : "—"} (SE), ` +
                        `sd ${sd.toPrecision(3)}, |mean|/sd ${(Math.abs(mean) / sd).toPrecision(3)}` });
      if (s.reference) rows.push({ series: s.label, k: ks[i], kind: "reference", x: s.reference.value });
    });
  });
  const x = { type: "quantitative", title: options.valueTitle ?? "value of one draw" };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const refs = series.filter((s) => s.reference).map((s) => `${s.label}: ${s.reference!.label}`);
  const spec = {
    title: { text: options.title, subtitle: [`bars: the draws at the chosen ${label} (central 99 % of all draws' range); ` +
      `solid: their mean${refs.length ? `; dashed: ${refs.join(", ")}` : ""}`] },
    data: { values: rows },
    facet: { column: { field: "series", type: "nominal", title: null, sort: series.map((s) => s.label) } },
    resolve: { scale: { x: "independent", y: "independent" } },
    spec: {
      width: 260, height: 200,
      layer: [
        { transform: only("bin"), mark: { type: "rect", opacity: 0.7 },
          encoding: { x: { field: "x0", ...x }, x2: { field: "x1" },
                      y: { field: "density", type: "quantitative", title: "density" } } },
        { transform: only("mean"), mark: { type: "rule", color: "firebrick", strokeWidth: 2 },
          encoding: { x: { field: "x", ...x } } },
        { transform: only("reference"), mark: { type: "rule", strokeDash: [5, 4], color: "black" },
          encoding: { x: { field: "x", ...x } } },
        { transform: only("mean"), mark: { type: "text", align: "left", dx: 4, dy: -6, fontSize: 10 },
          encoding: { text: { field: "text" }, x: { value: 0 }, y: { value: 0 } } },
      ],
    },
  };
  const control = bindControl("k", [...ks], { label, initial: options.initialK ?? Math.min(...ks) });
  return withControl(spec as unknown as ChartSpec, control);
}
