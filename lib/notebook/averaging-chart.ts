/**
 * "Outside the log the mean stays at the ELBO; inside, E[L_k] rises toward log p(E)", drawn in standard-error
 * units so that Monte Carlo noise cannot pass for a trend: two panels against k (log scale),
 *
 *   left:  (A_k − ELBO)/SE(A_k), the mean of k log-weights outside the log against the closed-form ELBO;
 *   right: (L_k − log p(E))/SE(L_k), the k-sample bound against the exact log p(E) (symlog axis),
 *
 * each with the band ±3 SE. Points at different k that are prefixes of the same rows share draws, so
 * neighbouring points carry correlated noise (the subtitle says so). Returns a vega-lite spec.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";

export interface AveragingPoint {
  k: number;
  outside: { mean: number; se: number };
  bound: { mean: number; se: number };
}

export function averagingChartSpec(points: readonly AveragingPoint[], elbo: number, logp: number, rows: number): ChartSpec {
  const fn = "averagingChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array");
  assertFiniteNumber(elbo, "elbo", fn);
  assertFiniteNumber(logp, "logp", fn);
  points.forEach((p) => {
    assertPositive(p?.k, "points[].k", fn);
    assertPositive(p?.outside?.se, "points[].outside.se", fn);
    assertPositive(p?.bound?.se, "points[].bound.se", fn);
  });
  const x = { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log scale)" };
  const panel = (title: string, values: { k: number; z: number }[], symlog: boolean) => ({
    title, width: 280, height: 240,
    layer: [
      { data: { values: [{ lo: -3, hi: 3 }] }, mark: { type: "rect", color: "#ddd", opacity: 0.6 },
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
      { data: { values: [{ z: 0 }] }, mark: { type: "rule", strokeDash: [6, 4], color: "black" },
        encoding: { y: { field: "z", type: "quantitative" } } },
      { data: { values }, mark: { type: "line", point: true },
        encoding: { x, y: { field: "z", type: "quantitative", title: "deviation / SE",
                            ...(symlog ? { scale: { type: "symlog" } } : {}) } } },
    ],
  });
  return {
    title: { text: "Outside the log the mean stays at the ELBO; inside, L_k rises to log p(E)",
             subtitle: `deviation in SE of each point (mean of ${rows} rows); grey: ±3 SE; prefixes of ` +
                       "the same rows, so neighbouring k share draws and their noise is correlated" },
    hconcat: [
      panel("outside the log: (A_k − ELBO) / SE",
            points.map((p) => ({ k: p.k, z: (p.outside.mean - elbo) / p.outside.se })), false),
      panel("inside the log: (L_k − log p(E)) / SE, symlog axis",
            points.map((p) => ({ k: p.k, z: (p.bound.mean - logp) / p.bound.se })), true),
    ],
  } as ChartSpec;
}
