/**
 * Distortion against rate for several sets of β-VAEs, one line per set (Alemi et al. 2018, "Fixing a Broken
 * ELBO"): rate R = KL(q(H|E) ‖ p(H)), distortion D = −E_q[log p(E|H)], both nats per image. Each point is
 * labelled with its β. For maximisers of F_β = −(D + βR) the points of one set fall along a convex curve whose
 * slope −dD/dR at a point is its β; a set trained less far lies above another set's curve (more distortion at
 * the same rate).
 *
 *   await showChart(distortionRateComparisonChart([
 *     { name: "the sweep", points: sweep.map((s) => ({ beta: s.beta, rate: s.kl, distortion: -s.recon })) },
 *     { name: "your models", points: mine }]));
 *
 * The legend lists the sets in the order given, each with at least one point (an empty set is an error, so no
 * legend entry stands for nothing). Errors (ArgumentError naming the argument and
 * `distortionRateComparisonChart`): no sets, a set without a name or points, repeated names, a point without
 * a positive finite β and finite rate and distortion.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";

export interface DistortionRatePoint { beta: number; rate: number; distortion: number }

/** A point of the distortion–rate plane: a positive finite β and finite rate and distortion, else an ArgumentError. */
export function checkDistortionRatePoint(p: DistortionRatePoint, arg: string, fn: string): void {
  if (!(Number.isFinite(p?.beta) && p.beta > 0 && Number.isFinite(p.rate) && Number.isFinite(p.distortion))) {
    throw new ArgumentError(arg, fn, "must have a positive finite beta and finite rate and distortion");
  }
}

export function distortionRateComparisonChart(sets: readonly { name: string; points: readonly DistortionRatePoint[] }[],
                                              options: { title?: string } = {}): ChartSpec {
  const fn = "distortionRateComparisonChart";
  if (!Array.isArray(sets) || sets.length === 0) throw new ArgumentError("sets", fn, "must be a non-empty array of { name, points }");
  sets.forEach((s, i) => {
    if (typeof s?.name !== "string" || s.name === "") throw new ArgumentError(`sets[${i}].name`, fn, "must be a non-empty string");
    if (!Array.isArray(s.points) || s.points.length === 0) throw new ArgumentError(`sets[${i}].points`, fn, "must hold at least one point");
    s.points.forEach((p: DistortionRatePoint, j: number) => checkDistortionRatePoint(p, `sets[${i}].points[${j}]`, fn));
  });
  const names = sets.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new ArgumentError("sets", fn, `must have distinct names, got ${names.join(", ")}`);
  const values = sets.flatMap((s) => s.points.map((p: DistortionRatePoint) => ({ set: s.name, ...p, label: `β ${+p.beta.toPrecision(3)}` })));
  const x = { field: "rate", type: "quantitative", scale: { zero: false }, title: "rate: KL (nats per image)" };
  const y = { field: "distortion", type: "quantitative", scale: { zero: false }, title: "distortion: −E_q log p(E|H) (nats)" };
  const color = { field: "set", type: "nominal", title: null, scale: { domain: names }, legend: { orient: "top" } };
  return {
    title: options.title ?? "Distortion against rate (test set)", width: 420, height: 280, data: { values },
    layer: [
      { mark: { type: "line", point: { filled: true, size: 60 } }, encoding: { x, y, color, order: { field: "beta" } } },
      { mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, color, text: { field: "label" } } },
    ],
  } as unknown as ChartSpec;
}
