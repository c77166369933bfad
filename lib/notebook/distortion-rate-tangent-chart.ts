/**
 * Notebook 02's picture of the constrained problem: distortion D = −E_q[log p(E|H)] against rate
 * R = KL(q(H|E) ‖ p(H)) for the β sweep (a grey line through its points) and the constrained solutions β*
 * (diamonds), each β* with a dashed tangent of slope −β* through its point: at an optimum of
 * F_β = −(D + βR) the distortion–rate curve has slope −β (Alemi et al. 2018; the Lagrange multiplier of
 * max E_q[log p(E|H)] s.t. KL < ε, Higgins et al. 2017). Points are labelled with their β, the sweep's up
 * right and the β*'s down left so the labels cannot meet. Returns a vega-lite spec for `showChart`.
 *
 * Errors (ArgumentError naming the argument and `distortionRateTangentChart`): no sweep points, a point
 * without a positive finite β and finite rate and distortion, a constrained solution without a finite ε.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";
import { checkDistortionRatePoint as checkPoint, type DistortionRatePoint } from "./distortion-rate-comparison-chart";

export interface ConstrainedPoint extends DistortionRatePoint {
  /** The rate bound ε the multiplier β* was found for. */
  epsilon: number;
}

const SWEEP = "β sweep", STAR = "β* (constrained)";

export function distortionRateTangentChart(
  sweep: readonly DistortionRatePoint[], constrained: readonly ConstrainedPoint[],
  options: { title?: string; halfWidth?: number } = {},
): ChartSpec {
  const fn = "distortionRateTangentChart";
  if (!Array.isArray(sweep) || sweep.length === 0) throw new ArgumentError("sweep", fn, "must hold at least one point");
  if (!Array.isArray(constrained)) throw new ArgumentError("constrained", fn, "must be an array");
  sweep.forEach((p, i) => checkPoint(p, `sweep[${i}]`, fn));
  constrained.forEach((p, i) => {
    checkPoint(p, `constrained[${i}]`, fn);
    if (!Number.isFinite(p.epsilon)) throw new ArgumentError(`constrained[${i}].epsilon`, fn, "must be finite");
  });
  const dr = options.halfWidth ?? 1.5;
  const label = (b: number) => `β ${+b.toFixed(2)}`;
  const points = [...sweep.map((p) => ({ ...p, kind: SWEEP, label: label(p.beta) })),
                  ...constrained.map((p) => ({ ...p, kind: STAR, label: label(p.beta) }))];
  const tangents = constrained.flatMap((s) => [-dr, dr].map((d) => ({
    eps: `slope −β* (ε = ${s.epsilon})`, rate: s.rate + d, distortion: s.distortion - s.beta * d })));
  const xy = { x: { field: "rate", type: "quantitative", title: "KL (rate, nats)" },
               y: { field: "distortion", type: "quantitative", scale: { zero: false },
                    title: "distortion −E_q log p(E|H) (nats)" } };
  const kindScale = (range: string[]) => ({ domain: [SWEEP, STAR], range });
  return {
    title: options.title ?? "Distortion against rate (test set)", width: 420, height: 280,
    layer: [
      { data: { values: points.filter((p) => p.kind === SWEEP).sort((a, b) => a.rate - b.rate) },
        mark: { type: "line", color: "#999" }, encoding: xy },
      ...(tangents.length ? [{ data: { values: tangents }, mark: { type: "line", strokeDash: [4, 3] },
        encoding: { ...xy, stroke: { field: "eps", type: "nominal", title: "tangent", legend: { symbolDash: [4, 3] },
                                     scale: { range: ["#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"] } } } }] : []),
      { data: { values: points }, mark: { type: "point", filled: true, size: 90 },
        encoding: { ...xy,
          shape: { field: "kind", type: "nominal", title: "model", scale: kindScale(["circle", "diamond"]) },
          color: { field: "kind", type: "nominal", title: "model", scale: kindScale(["#4c78a8", "firebrick"]) } } },
      ...([[SWEEP, 10, -8, "left"], [STAR, -10, 14, "right"]] as const).map(([kind, dx, dy, align]) => ({
        data: { values: points.filter((p) => p.kind === kind) },
        mark: { type: "text", dx, dy, align, fontSize: 10 },
        encoding: { ...xy, text: { field: "label", type: "nominal" } } })),
    ],
  } as ChartSpec;
}
