/**
 * What a reader should make of the displayed L_k that seem to contradict the theorem (notebook 03), as a
 * `showMarkdown` template with its values. The theorem (Burda et al. 2016) is about expectations,
 * E[L_k] ≤ E[L_{k+1}] ≤ log p(E); the points of a sweep are Monte Carlo means. Listed, in this order:
 *
 *   every L_k above log p(E), with z = (L_k − log p(E)) / SE(L_k);
 *   every L_k below the L_k' of the previous k, with z = −(L_k − L_k') / SE, the paired SE of the step
 *   (`boundIncrease` of `prefixKSweep`).
 *
 * With none the sentence says that every point agrees with the theorem; otherwise it lists them and says
 * whether each lies within `z` SE (default 3: Monte Carlo noise) or not. `options.check` names a recorded
 * check whose verdict is cited after the sentence.
 *
 * Errors (ArgumentError naming the argument and 'boundNoiseText'): no points, a point whose bound mean or SE
 * is not finite (or SE ≤ 0), `logEvidence` not finite, `options.z` not > 0.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { MeanWithError } from "../math/statistics";
import { markup, type MarkdownValues } from "./markdown";

interface Point { k: number; bound: Pick<MeanWithError, "mean" | "se">; boundIncrease?: Pick<MeanWithError, "mean" | "se"> }

export function boundNoiseText(points: readonly Point[], logEvidence: number,
  options: { check?: string; z?: number } = {}): { template: string; values: MarkdownValues } {
  const fn = "boundNoiseText";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array of prefixKSweep points");
  assertFiniteNumber(logEvidence, "logEvidence", fn);
  const zMax = options.z ?? 3;
  assertPositive(zMax, "options.z", fn);
  points.forEach((p, i) => {
    assertFiniteNumber(p?.bound?.mean, `points[${i}].bound.mean`, fn);
    assertPositive(p.bound.se, `points[${i}].bound.se`, fn);
  });
  const zs: number[] = [];
  const aboveLogp = points.filter((p) => p.bound.mean > logEvidence).map((p) => {
    zs.push((p.bound.mean - logEvidence) / p.bound.se);
    return `$L_{${p.k}}$ lies ${zs[zs.length - 1].toFixed(1)} SE above $\\log p(E)$`;
  });
  const drops = points.flatMap((p, j) => {
    if (!(p.boundIncrease && p.boundIncrease.mean < 0)) return [];
    zs.push(-p.boundIncrease.mean / p.boundIncrease.se);
    return [`$L_{${p.k}}$ is ${zs[zs.length - 1].toFixed(1)} SE (paired) below $L_{${points[j - 1].k}}$`];
  });
  const odd = [...aboveLogp, ...drops];
  const check = options.check ? ` ({{check:${options.check}}})` : "";
  if (odd.length === 0) {
    return { template: "Every displayed $L_k$ lies at or below $\\log p(E)$ and none decreases from one $k$ to " +
      "the next, as the theorem says of $\\mathbb E[L_k]$.", values: {} };
  }
  const noise = zs.every((z) => z <= zMax) ? `Each is within ${zMax} SE, Monte Carlo noise`
    : `Not every one is within ${zMax} SE: more than Monte Carlo noise`;
  return { template: "The points are Monte Carlo estimates of $\\mathbb E[L_k]$, not $\\mathbb E[L_k]$ itself: " +
    `{{odd}}. ${noise}${check}.`, values: { odd: markup(odd.join("; ")) } };
}
