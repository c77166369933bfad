/**
 * The exact gap log p(E) − ELBO(q) during training on a log scale, with the floor an encoder of its family
 * cannot go below drawn as a dashed rule: for a diagonal-Gaussian encoder and a Gaussian posterior with
 * covariance Σ that floor is KL(q* ‖ p(H|E)) with q* the best diagonal Gaussian (precisions diag(Σ⁻¹);
 * `gaussianFamilyParameters(Σ, "diagonal")`). Returns a vega-lite spec for `showChart`.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";

export function trainingGapChartSpec(
  curve: readonly { step: number; gap: number }[], floor: number, options: { floorLabel?: string } = {},
): ChartSpec {
  const fn = "trainingGapChartSpec";
  if (!Array.isArray(curve) || curve.length === 0) throw new ArgumentError("curve", fn, "must be a non-empty array");
  curve.forEach((p) => { assertFiniteNumber(p?.step, "curve[].step", fn); assertPositive(p?.gap, "curve[].gap", fn); });
  assertPositive(floor, "floor", fn);
  const label = options.floorLabel ?? `mean-field floor ${floor.toPrecision(3)} nats`;
  const y = { field: "gap", type: "quantitative", scale: { type: "log" }, title: "nats (log scale)" };
  return {
    title: { text: "The gap mean log p(E) − ELBO(q) during training (exact, log scale)",
             subtitle: `closed forms in float64, averaged over the training data; dashed: ${label}` },
    width: 460, height: 240,
    layer: [
      { data: { values: curve }, mark: "line",
        encoding: { x: { field: "step", type: "quantitative", title: "Adam step" }, y } },
      { data: { values: [{ gap: floor, label }] }, mark: { type: "rule", strokeDash: [6, 4], color: "firebrick" },
        encoding: { y } },
      { data: { values: [{ gap: floor, label }] },
        mark: { type: "text", align: "right", dy: -6, color: "firebrick", x: "width" },
        encoding: { y, text: { field: "label", type: "nominal" } } },
    ],
  } as ChartSpec;
}
