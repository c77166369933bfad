/**
 * Two overlapping classes in the plane, generated from a seed, for the soft-margin SVM (the lecture's figure):
 * n/2 points e_j ~ N(−μ, σ² I) with y_j = −1 and n/2 points e_j ~ N(+μ, σ² I) with y_j = +1, interleaved
 * (−1, +1, −1, ...). With ||μ|| comparable to σ the classes overlap, so no line separates them and slack is needed.
 * Noise is drawn in float64 JavaScript (`Random.normal`), identical on every backend.
 *
 * Defaults: μ = (1, 0.5), σ = 1. Errors: n not an even integer ≥ 2, σ ≤ 0, μ not two finite numbers, a bad seed.
 */
import { ArgumentError, assertAllFinite, assertInteger, assertPositive } from "../errors";
import { toRandom, type Seed } from "../random";

export interface TwoGaussiansOptions {
  /** Half the distance between the class means, as a vector (default [1, 0.5]). */
  mean?: readonly [number, number];
  /** Standard deviation of each coordinate (default 1). */
  sd?: number;
}

export interface LabelledPoints {
  /** Points, n rows of 2 coordinates. */
  x: number[][];
  /** Labels −1 / +1. */
  y: number[];
}

export function twoGaussians(n: number, seed: Seed, options: TwoGaussiansOptions = {}): LabelledPoints {
  const fn = "twoGaussians";
  assertInteger(n, "n", fn, 2);
  if (n % 2 !== 0) throw new ArgumentError("n", fn, `must be even (n/2 points per class), got ${n}`);
  const mean = options.mean ?? [1, 0.5];
  if (!Array.isArray(mean) || mean.length !== 2) throw new ArgumentError("options.mean", fn, "must be two numbers [m1, m2]");
  assertAllFinite(mean, "options.mean", fn);
  const sd = options.sd ?? 1;
  assertPositive(sd, "options.sd", fn);
  const rng = toRandom(seed, fn);
  const x: number[][] = [];
  const y: number[] = [];
  for (let j = 0; j < n; j++) {
    const label = j % 2 === 0 ? -1 : 1;
    x.push([label * mean[0] + sd * rng.normal(), label * mean[1] + sd * rng.normal()]);
    y.push(label);
  }
  return { x, y };
}
