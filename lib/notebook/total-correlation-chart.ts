/**
 * Notebook 02's total correlation against β, two panels on a log₂ β axis: TC(q(H)) = KL(q(H) ‖ Π_j q(H_j))
 * of the aggregate posterior (nats, log scale, ±2 SE bars; Chen et al. 2018, β-TCVAE) and TC / KL, the share
 * of the rate KL(q(H|E) ‖ p(H)) that is dependence between latent units. A large β pushes q(H|E) toward the
 * factorised prior (Higgins et al. 2017), which is the lecture's "latent disentanglement" read as
 * independence. Returns a vega-lite spec for `showChart`.
 *
 * Errors (ArgumentError naming the argument and `totalCorrelationChart`): no rows, a row whose β or KL is not
 * positive and finite, whose TC is not finite or whose SE is negative or not finite.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";

export interface TotalCorrelationRow {
  beta: number;
  /** TC estimate (nats) and its standard error. */
  tc: number;
  se: number;
  /** The mean KL(q(H|E) ‖ p(H)) of the same model (nats). */
  kl: number;
}

export function totalCorrelationChart(rows: readonly TotalCorrelationRow[], options: { title?: string } = {}): ChartSpec {
  const fn = "totalCorrelationChart";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must hold at least one row");
  rows.forEach((r, i) => {
    if (!(Number.isFinite(r?.beta) && r.beta > 0 && Number.isFinite(r.kl) && r.kl > 0)) {
      throw new ArgumentError(`rows[${i}]`, fn, "must have a positive finite beta and kl");
    }
    if (!Number.isFinite(r.tc) || !(Number.isFinite(r.se) && r.se >= 0)) {
      throw new ArgumentError(`rows[${i}]`, fn, "must have a finite tc and a finite se ≥ 0");
    }
  });
  const betaAxis = { field: "beta", type: "quantitative", title: "β", scale: { type: "log", base: 2 } };
  const panel = (title: string, field: string, log: boolean, extra: object[] = []) => ({
    width: 210, height: 180, title,
    layer: [{ mark: { type: "line", point: true },
              encoding: { x: betaAxis, y: { field, type: "quantitative", title,
                                            scale: log ? { type: "log" } : { zero: true } } } },
            ...extra] });
  const bars = { mark: { type: "errorbar" },
                 encoding: { x: { field: "beta", type: "quantitative" },
                             y: { field: "lo", type: "quantitative", title: "TC (nats, ±2 SE)" }, y2: { field: "hi" } } };
  return {
    title: options.title ?? "Total correlation and TC / KL against β (test set)",
    data: { values: rows.map((r) => ({ beta: r.beta, tc: r.tc, se: r.se, ratio: r.tc / r.kl,
                                       lo: r.tc - 2 * r.se, hi: r.tc + 2 * r.se })) },
    hconcat: [panel("TC (nats, ±2 SE)", "tc", true, [bars]), panel("TC / KL", "ratio", false)],
  } as ChartSpec;
}
