/**
 * The signal-to-noise ratio of a gradient estimator (Rainforth et al. 2018, "Tighter Variational Bounds are Not
 * Necessarily Better", eq. 6), per scalar component, from M independent draws g_1..g_M of the estimator:
 *
 *   SNR = |E[g]| / std(g)  ≈  |mean(g)| / sd(g)
 *
 * and its growth rate on log-log axes: the least-squares slope of log SNR_k on log k over a set of k values
 * (Rainforth et al., Theorem 1: SNR ~ √k for θ, slope 1/2; SNR ~ 1/√k for φ with the standard IWAE gradient,
 * slope -1/2). The slope's standard error is the spread of the slope over `bootstrap` resamples of the draws
 * (each k resampled independently, seeded). The plug-in |mean| is biased upward when the true SNR is below
 * ~1/√M: an SNR near 1/√M means "not resolved", and the slope is then flattened toward 0.
 * Errors: fewer than 2 draws, NaN, ks not positive, lengths differ.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertPositive } from "../errors";
import { linearFit, meanAndStandardError } from "../math/statistics";
import { toRandom, type Seed } from "../random";

export function gradientSnr(draws: ArrayLike<number>): number {
  const { mean, sd } = meanAndStandardError(draws);
  if (sd === 0 && mean === 0) throw new ArgumentError("draws", "gradientSnr", "must not all be 0 (the SNR 0/0 is undefined)");
  return Math.abs(mean) / sd; // constant non-zero draws: +Infinity, the exact SNR
}

export function snrSlope(ks: readonly number[], draws: readonly ArrayLike<number>[], options: { bootstrap?: number; seed: Seed }): { slope: number; se: number; snr: number[] } {
  const fn = "snrSlope";
  if (!Array.isArray(ks) || ks.length < 2) throw new ArgumentError("ks", fn, "must hold at least 2 values of k");
  ks.forEach((k) => assertPositive(k, "ks", fn));
  if (!Array.isArray(draws) || draws.length !== ks.length) throw new ArgumentError("draws", fn, `must hold one array of draws per k (${ks.length})`);
  const B = options?.bootstrap ?? 200;
  assertInteger(B, "options.bootstrap", fn, 2);
  const rng = toRandom(options.seed, fn);
  const snr = draws.map((g) => gradientSnr(g));
  const logK = ks.map(Math.log);
  const { slope } = linearFit(logK, snr.map(Math.log));
  const slopes: number[] = [];
  for (let rep = 0; rep < B; rep++) {
    const resampled = draws.map((g) => {
      const out = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) out[i] = g[rng.integer(g.length)];
      return gradientSnr(out);
    });
    slopes.push(linearFit(logK, resampled.map(Math.log)).slope);
  }
  return { slope, se: meanAndStandardError(slopes).sd, snr };
}

/**
 * The draws of a replicated gradient estimate as one array per scalar component: gradients of R replicas
 * (each tensor [R, ...variable shape], as `LinearGaussianParameters` with `replicas` and per-observation φ give
 * them) become, for every component j of every tensor in order, the R values g_{1,j}..g_{R,j}.
 */
export function replicaColumns(grads: tf.Tensor[], replicas: number): number[][] {
  const fn = "replicaColumns";
  assertInteger(replicas, "replicas", fn);
  if (!Array.isArray(grads)) throw new ArgumentError("grads", fn, "must be an array of tensors");
  return grads.flatMap((t, i) => {
    if (!(t instanceof tf.Tensor) || t.shape[0] !== replicas) throw new ArgumentError("grads", fn, `entry ${i} must be a tf.Tensor with ${replicas} replicas on axis 0`);
    const a = t.dataSync(), w = a.length / replicas;
    return Array.from({ length: w }, (_, j) => Array.from({ length: replicas }, (_, r) => a[r * w + j]));
  });
}
