/**
 * A live chart of a k-sample sweep for several encoders (Burda et al. 2016): one control picks the
 * encoder, a second picks k. Left: L_k ± 2 SE against k (log axis) with the exact log p(E) (dashed);
 * right: the gap log p(E) − L_k ± 2 SE on log–log axes with the delta-method rate Var(w)/(2k E[w]²)
 * (dashed, where given; Maddison et al. 2017, Nowozin 2018). The chosen k is ringed in both panels and a
 * line of text states L_k, the gap and the prediction at that k. Gaps ≤ 0 (the exact posterior, or noise)
 * cannot sit on a log axis and are left out of the right panel; the text still states them.
 *
 *   await showChart(kSweepExplorer(rows.map((r) => ({ encoder: r.encoder, k: r.k, bound: r.bound,
 *     gap: r.gap, logp: r.logp, predicted: r.predicted }))));
 *
 * The static image shows `initialEncoder` (default: the first row's) at `initialK` (default: the largest k)
 * and its subtitle says so. Errors (ArgumentError naming the argument and `kSweepExplorer`): no rows, a row
 * without finite k, L_k, gap and log p(E), an initial value that is not in the rows; and `bindControl`'s.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl, withControl } from "./controls";

export interface KSweepExplorerRow {
  encoder: string;
  k: number;
  bound: { mean: number; se: number };
  gap: { mean: number; se: number };
  logp: number;
  /** The delta-method gap Var(w)/(2k E[w]²); omit, or pass Infinity, where Var(w) is infinite. */
  predicted?: number;
}

export interface KSweepExplorerOptions {
  title?: string;
  initialEncoder?: string;
  initialK?: number;
}

const g4 = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

/** The two-panel chart with an encoder control and a k control (see the module comment). */
export function kSweepExplorer(rows: readonly KSweepExplorerRow[], options: KSweepExplorerOptions = {}): ChartSpec {
  const fn = "kSweepExplorer";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array of sweep rows");
  rows.forEach((r, i) => {
    if (![r?.k, r?.bound?.mean, r?.gap?.mean, r?.logp].every(Number.isFinite)) {
      throw new ArgumentError(`rows[${i}]`, fn, "must have finite k, bound.mean, gap.mean and logp");
    }
  });
  const encoders = [...new Set(rows.map((r) => r.encoder))];
  const ks = [...new Set(rows.map((r) => r.k))].sort((a, b) => a - b);
  const enc = bindControl("encoder", encoders, { label: "encoder", initial: options.initialEncoder ?? encoders[0] });
  const kc = bindControl("k", ks, { label: "k", initial: options.initialK ?? ks[ks.length - 1] });
  const values = rows.map((r) => {
    const pred = r.predicted !== undefined && Number.isFinite(r.predicted) ? r.predicted : null;
    return { encoder: r.encoder, k: r.k, L: r.bound.mean, Llo: r.bound.mean - 2 * r.bound.se, Lhi: r.bound.mean + 2 * r.bound.se,
      gap: r.gap.mean, glo: Math.max(r.gap.mean - 2 * r.gap.se, r.gap.mean / 10), ghi: r.gap.mean + 2 * r.gap.se, logp: r.logp, predicted: pred,
      text: `k = ${r.k}: L_k = ${r.bound.mean.toFixed(4)} ± ${g4(r.bound.se)}, gap ${g4(r.gap.mean)} ± ${g4(r.gap.se)}` +
        (pred === null ? ", Var(w) = ∞" : `, predicted ${g4(pred)}`) };
  });
  const x = { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log scale)" };
  const L = { field: "L", type: "quantitative", scale: { zero: false }, title: "L_k (nats)" };
  const G = { field: "gap", type: "quantitative", scale: { type: "log" }, axis: { format: ".0e" }, title: "log p(E) − L_k (log scale)" };
  const chosen = { filter: kc.test };
  const ring = { type: "point", size: 260, color: "black", strokeWidth: 2 };
  const left = { width: 300, height: 240, layer: [
    { mark: { type: "line", point: true }, encoding: { x, y: L } },
    { mark: "errorbar", encoding: { x, y: { ...L, field: "Llo" }, y2: { field: "Lhi" } } },
    { mark: { type: "rule", strokeDash: [6, 4], color: "black" }, encoding: { y: { field: "logp", type: "quantitative", aggregate: "mean" } } },
    { transform: [chosen], mark: ring, encoding: { x, y: L } },
    { transform: [chosen], mark: { type: "text", align: "left", baseline: "bottom", fontSize: 11 },
      encoding: { x: { value: 0 }, y: { value: -6 }, text: { field: "text" } } },
  ] };
  const positive = { filter: "datum.gap > 0" };
  const right = { width: 300, height: 240, layer: [
    { transform: [positive], mark: { type: "point", filled: true }, encoding: { x, y: G } },
    { transform: [positive], mark: "errorbar", encoding: { x, y: { ...G, field: "glo" }, y2: { field: "ghi" } } },
    { transform: [{ filter: "isValid(datum.predicted)" }], mark: { type: "line", strokeDash: [5, 3], color: "#e07b00" },
      encoding: { x, y: { ...G, field: "predicted" } } },
    { transform: [positive, chosen], mark: ring, encoding: { x, y: G } },
  ] };
  const spec = {
    title: { text: options.title ?? "L_k and the gap for one encoder", subtitle: kc.subtitle },
    data: { values }, params: [kc.param], hconcat: [left, right], bounds: "flush", spacing: 60,
  };
  return withControl(spec as unknown as ChartSpec, enc);
}
