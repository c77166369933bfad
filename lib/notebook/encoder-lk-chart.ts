/**
 * L_k against k for several encoders of one model (notebook 04): for each encoder the plain mean of the S
 * estimates L_k^{(s)} = log (1/k) Σ_{i≤k} w_{s,i} with ±2 SE bars (Burda et al. 2016: L_k rises with k toward
 * log p(E)), on a log k axis, and the exact log p(E) as a dashed rule drawn on top.
 *
 * `order` fixes each encoder's colour (`presentSeriesColour`: the legend lists only the encoders drawn);
 * encoders in `leftOut` are not drawn at all and the subtitle names them with the reason given. Encoders in
 * `onRule` (the exact posterior, whose every L_k is log p(E)) would lie hidden under the dashed rule: their
 * points are drawn again as rings on top of it, and the subtitle says so.
 * Returns a vega-lite spec for `showChart`.
 *
 * Errors (ArgumentError naming the argument and `encoderLkChartSpec`): no points; a k that is not positive;
 * a mean or SE that is not finite (SE ≥ 0); an encoder (of a point or of `leftOut`) not in `options.order`;
 * a log p(E) or a row count that is not finite and positive; every point left out.
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";
import { leftOutLine, leftOutNames, presentSeriesColour, type LeftOutSeries } from "./drawn-series";

export function encoderLkChartSpec(
  points: readonly { encoder: string; k: number; bound: { mean: number; se: number } }[],
  options: { model: string; logp: number; rows: number; order: readonly string[]; leftOut?: readonly LeftOutSeries[];
             onRule?: readonly string[] },
): ChartSpec {
  const fn = "encoderLkChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array");
  if (!Array.isArray(options?.order) || options.order.length === 0) throw new ArgumentError("options.order", fn, "must list the encoders");
  points.forEach((p, i) => {
    if (!options.order.includes(p?.encoder)) throw new ArgumentError(`points[${i}].encoder`, fn, `must be one of options.order, got ${p?.encoder}`);
    assertPositive(p.k, `points[${i}].k`, fn);
    assertFiniteNumber(p.bound?.mean, `points[${i}].bound.mean`, fn);
    assertPositive(p.bound?.se, `points[${i}].bound.se`, fn, true);
  });
  assertFiniteNumber(options.logp, "options.logp", fn);
  assertInteger(options.rows, "options.rows", fn, 1);
  const out = leftOutNames(options.leftOut, options.order, fn);
  const rs = points.filter((p) => !out.has(p.encoder)).map((p) => ({ encoder: p.encoder, k: p.k, L_k: p.bound.mean,
    lo: p.bound.mean - 2 * p.bound.se, hi: p.bound.mean + 2 * p.bound.se }));
  if (rs.length === 0) throw new ArgumentError("options.leftOut", fn, "leaves no point to draw");
  const onRule = options.onRule ?? [];
  if (!Array.isArray(onRule) || onRule.some((e) => !options.order.includes(e))) {
    throw new ArgumentError("options.onRule", fn, `must list encoders of options.order, got ${JSON.stringify(onRule)}`);
  }
  const rings = rs.filter((r) => onRule.includes(r.encoder));
  const x = { field: "k", type: "quantitative", scale: { type: "log" }, title: "k (log scale)" };
  const y = { field: "L_k", type: "quantitative", scale: { zero: false }, title: "L_k, plain mean (nats)" };
  const color = { field: "encoder", type: "nominal", title: null, legend: { orient: "bottom", columns: 3 },
                  scale: presentSeriesColour(rs.map((r) => r.encoder), options.order) };
  return {
    title: { text: `${options.model} model: L_k against k`,
             subtitle: [`plain mean of ${options.rows} estimates ± 2 SE; dashed (drawn on top): exact log p(E)`,
                        ...(rings.length ? [`rings on the dashed line: ${[...new Set(rings.map((r) => r.encoder))].join(", ")} ` +
                          "(exact posterior: L_k = log p(E) at every k)"] : []),
                        ...leftOutLine(options.leftOut)] },
    width: 460, height: 260,
    layer: [
      { data: { values: rs }, mark: { type: "line", point: true }, encoding: { x, y, color } },
      { data: { values: rs }, mark: "errorbar", encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
      { data: { values: [{ L_k: options.logp }] },
        mark: { type: "rule", color: "black", strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y } },
      ...(rings.length ? [{ data: { values: rings }, mark: { type: "point", filled: false, size: 120, strokeWidth: 2.5 },
                            encoding: { x, y, color } }] : []),
    ],
  } as ChartSpec;
}
