/**
 * The gap log p(E) − L_k against k on log–log axes for several encoders of one model (notebook 04):
 *
 * - points: the control-variate estimates of the gap (`prefixKSweep` with log p(E)) ± 2 SE; filled when
 *   resolved, gap > z·SE (default z = 3), open when not; an estimate ≤ 0 cannot sit on a log axis and is
 *   drawn as a triangle at a floor a decade below the smallest positive gap drawn, with its bar cut there;
 * - dashed lines: the delta-method rate Var(w)/(2k E[w]²) (Maddison et al. 2017; Nowozin 2018) for the
 *   points whose `predicted` is finite (omit it, or pass ∞, where Var(w) is infinite);
 * - diamonds: the exact gap at k = 1, KL(q ‖ p(H|E)), from `options.exact`.
 *
 * `order` fixes each encoder's colour (`presentSeriesColour`: the legend lists only the encoders drawn, so
 * an encoder with no gap, such as the exact posterior, has no entry); encoders in `leftOut` are not drawn
 * (no point, line or diamond, and they do not set the floor) and the subtitle names them with the reason.
 * Returns a vega-lite spec for `showChart`.
 *
 * Errors (ArgumentError naming the argument and `encoderGapChartSpec`): no points; a k that is not positive;
 * a gap mean or SE that is not finite (SE ≥ 0); a `predicted` that is NaN or negative; an encoder not in
 * `options.order`; an exact KL that is negative or not finite; a row count that is not a positive integer;
 * z not positive; no drawn point with a positive gap (there is no log axis to draw on).
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";
import { leftOutLine, leftOutNames, presentSeriesColour, type LeftOutSeries } from "./drawn-series";

export interface EncoderGapPoint { encoder: string; k: number; gap: { mean: number; se: number }; predicted?: number }

export function encoderGapChartSpec(points: readonly EncoderGapPoint[], options: {
  model: string; rows: number; order: readonly string[]; exact: readonly { encoder: string; kl: number }[];
  leftOut?: readonly LeftOutSeries[]; z?: number;
}): ChartSpec {
  const fn = "encoderGapChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array");
  if (!Array.isArray(options?.order) || options.order.length === 0) throw new ArgumentError("options.order", fn, "must list the encoders");
  const known = (name: unknown, arg: string) => {
    if (!options.order.includes(name as string)) throw new ArgumentError(arg, fn, `must be one of options.order, got ${name}`);
  };
  points.forEach((p, i) => {
    known(p?.encoder, `points[${i}].encoder`);
    assertPositive(p.k, `points[${i}].k`, fn);
    assertFiniteNumber(p.gap?.mean, `points[${i}].gap.mean`, fn);
    assertPositive(p.gap?.se, `points[${i}].gap.se`, fn, true);
    if (p.predicted !== undefined && !(p.predicted >= 0)) throw new ArgumentError(`points[${i}].predicted`, fn, `must be ≥ 0 or ∞, got ${p.predicted}`);
  });
  if (!Array.isArray(options.exact)) throw new ArgumentError("options.exact", fn, "must be an array of { encoder, kl }");
  options.exact.forEach((e, i) => { known(e?.encoder, `options.exact[${i}].encoder`); assertPositive(e.kl, `options.exact[${i}].kl`, fn, true); });
  assertInteger(options.rows, "options.rows", fn, 1);
  const z = options.z ?? 3;
  assertPositive(z, "options.z", fn);
  const out = leftOutNames(options.leftOut, options.order, fn);
  const drawn = points.filter((p) => !out.has(p.encoder));
  const positive = drawn.filter((p) => p.gap.mean > 0).map((p) => p.gap.mean);
  if (positive.length === 0) throw new ArgumentError("points", fn, "must have a drawn point with a positive gap (log axis)");
  const floor = Math.min(...positive) / 10;
  const pts = drawn.map((p) => ({ encoder: p.encoder, k: p.k, gap: Math.max(p.gap.mean, floor),
    resolved: p.gap.mean > z * p.gap.se, positive: p.gap.mean > 0,
    lo: Math.max(p.gap.mean - 2 * p.gap.se, floor), hi: Math.max(p.gap.mean + 2 * p.gap.se, floor) }));
  const lines = drawn.filter((p) => p.predicted !== undefined && Number.isFinite(p.predicted))
    .map((p) => ({ encoder: p.encoder, k: p.k, gap: p.predicted as number }));
  const exact = options.exact.filter((e) => !out.has(e.encoder)).map((e) => ({ encoder: e.encoder, k: 1, gap: e.kl }));
  const present = [...pts, ...lines, ...exact].map((p) => p.encoder);
  const x = { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log scale)" };
  const y = { field: "gap", type: "quantitative", scale: { type: "log" }, axis: { format: ".0e" },
              title: "log p(E) − L_k, control variate (nats, log scale)" };
  const enc = { x, y, color: { field: "encoder", type: "nominal", title: null, legend: { orient: "bottom", columns: 3 },
                               scale: presentSeriesColour(present, options.order) } };
  const layer = (values: object[], mark: object | string, encoding: object = enc) => ({ data: { values }, mark, encoding });
  return {
    title: { text: `${options.model} model: the gap log p(E) − L_k against k`, subtitle: [
      `control-variate estimates ± 2 SE from ${options.rows} rows (open: within ${z} SE of 0;`,
      "triangles at the bottom: estimate ≤ 0); diamonds: exact KL(q ‖ p(H|E)) at k = 1;",
      "dashed: the delta-method rate Var(w)/(2k E[w]²) where Var(w) is finite", ...leftOutLine(options.leftOut)] },
    width: 520, height: 300,
    layer: [
      layer(pts.filter((p) => p.resolved), { type: "point", filled: true }),
      layer(pts.filter((p) => !p.resolved && p.positive), { type: "point", filled: false }),
      layer(pts.filter((p) => !p.positive), { type: "point", filled: false, shape: "triangle-down", size: 70 }),
      layer(pts, "errorbar", { ...enc, y: { ...y, field: "lo" }, y2: { field: "hi" } }),
      layer(lines, { type: "line", strokeDash: [5, 3] }),
      layer(exact, { type: "point", shape: "diamond", size: 90 }),
    ],
  } as ChartSpec;
}
