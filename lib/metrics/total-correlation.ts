/**
 * Total correlation of the aggregate posterior (Watanabe 1960; used for β-VAE by Chen et al. 2018, eq. 2):
 *
 *   TC = KL( q(z) || Π_j q(z_j) ) = E_{q(z)}[ log q(z) - Σ_j log q(z_j) ],   q(z) = (1/n) Σ_i q(z | x_i)
 *
 * with q(z | x_i) = N(μ_i, diag σ_i²) the encoder's posterior for each of the n given observations.
 * TC = 0 exactly when the coordinates of z are independent under the aggregate posterior.
 *
 * Estimator: q(z) is the n-component mixture above and its density, and that of each marginal q(z_j)
 * (a mixture of n one-dimensional normals), is computed exactly by log-mean-exp over all n components
 * (no minibatch approximation: Chen et al.'s minibatch-weighted sampling is not needed when every
 * component is summed). The expectation over z ~ q(z) is a Monte Carlo average over `samples` draws
 * z_m ~ q(z | x_{i_m}), i_m uniform (without replacement when samples ≤ n), so the estimate is unbiased
 * for the TC of this empirical aggregate posterior and comes with a standard error. Note that the TC of
 * the aggregate over n points is not that of the population aggregate: with very small σ_i it approaches
 * the TC of the empirical distribution of the means.
 *
 * Shapes: loc, scale [n, d], d ≥ 1 (d = 1 gives 0 exactly). Work is chunked so that at most about 4·10⁶
 * floats are live. Errors: shape mismatch, non-positive or non-finite scale, samples < 1.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertRank, assertSameShape, assertTensorFinite } from "../errors";
import { DiagNormal } from "../distributions/diag-normal";
import { logMeanExp } from "../math/log-sum-exp";
import { meanAndStandardError } from "../math/statistics";
import { randomNormal, toRandom, type Seed } from "../random";

export interface TotalCorrelationEstimate {
  /** The Monte Carlo estimate of TC in nats. */
  tc: number;
  /** Its standard error. */
  se: number;
  samples: number;
}

export function totalCorrelation(loc: tf.Tensor, scale: tf.Tensor, options: { samples?: number; seed: Seed }): TotalCorrelationEstimate {
  const fn = "totalCorrelation";
  assertRank(loc, 2, "loc", fn);
  assertRank(scale, 2, "scale", fn);
  assertSameShape(loc.shape, scale.shape, "loc", "scale", fn);
  assertTensorFinite(loc, "loc", fn);
  const s = scale.dataSync();
  for (let i = 0; i < s.length; i++) if (!(s[i] > 0 && Number.isFinite(s[i]))) throw new ArgumentError("scale", fn, `must be finite and > 0, found ${s[i]} at flat index ${i}`);
  const [n, d] = loc.shape;
  const m = options?.samples ?? Math.min(n, 1000);
  assertInteger(m, "options.samples", fn, 1);
  const rng = toRandom(options.seed, fn);
  const picks = m <= n ? Array.from(rng.permutation(n).subarray(0, m)) : Array.from({ length: m }, () => rng.integer(n));
  const chunk = Math.max(1, Math.floor(4e6 / (n * d)));
  const terms = new Float64Array(m);
  const components = new DiagNormal(tf.reshape(loc, [1, n, d, 1]), tf.reshape(scale, [1, n, d, 1]), { validate: false });
  try {
    for (let start = 0; start < m; start += chunk) {
      const idx = picks.slice(start, start + chunk);
      const t = tf.tidy(() => {
        const ix = tf.tensor1d(idx, "int32");
        const eps = randomNormal([idx.length, d], rng);
        const z = tf.add(tf.gather(loc, ix), tf.mul(tf.gather(scale, ix), eps)); // [c, d]
        const lp = components.logProb(tf.reshape(z, [idx.length, 1, d, 1])); // [c, n, d]: log N(z_j; μ_ij, σ_ij)
        const logJoint = logMeanExp(tf.sum(lp, 2), 1); // [c]
        const logMarginals = tf.sum(logMeanExp(lp, 1), 1); // [c]
        return tf.sub(logJoint, logMarginals);
      });
      terms.set(t.dataSync(), start);
      t.dispose();
    }
  } finally {
    components.loc.dispose();
    components.scale.dispose();
  }
  if (m === 1) return { tc: terms[0], se: NaN, samples: 1 };
  const { mean, se } = meanAndStandardError(terms);
  return { tc: mean, se, samples: m };
}
