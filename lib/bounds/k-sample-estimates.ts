/**
 * Independent estimates of the k-sample bound, keeping apart the two counts that TFP's
 * `monte_carlo_variational_loss` calls `sample_size` and `importance_sample_size`:
 *
 *   L_k^{(s)} = log (1/k) Σ_{i=1..k} w_{s,i},   s = 1..S,   w = p(e, h) / q(h | e),  h ~ q(h | e)
 *
 * - k (`importanceSampleSize`, inside the log) changes what is estimated: E[L_k] rises toward log p(e) with k
 *   (Burda, Grosse and Salakhutdinov 2016, Theorem 1).
 * - S (`sampleSize`, outside the log) only averages: the mean of S estimates has the same expectation E[L_k]
 *   and S times less variance. With k = 1 the S estimates are single-sample ELBO estimates log w, so more
 *   draws averaged outside the log never tighten the bound.
 *
 * Returns a tensor [S, ...batch] of L_k estimates (feed its rows to `meanAndStandardError`). Draws S·k
 * reparameterised samples from q at once (memory ∝ S·k·batch·d). Errors: k or S not an integer ≥ 1.
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger } from "../errors";
import type { ReparameterizedDistribution } from "../distributions/distribution";
import type { Seed } from "../random";
import { logMeanExp } from "../math/log-sum-exp";
import { logImportanceWeights, type LogJoint } from "./log-weights";

export interface KSampleOptions {
  /** k: importance samples inside the log (a tighter bound as it grows). */
  importanceSampleSize: number;
  /** S: independent estimates (less variance, same expectation). */
  sampleSize: number;
}

export function kSampleBoundEstimates(logJoint: LogJoint, q: ReparameterizedDistribution, options: KSampleOptions, seed: Seed): tf.Tensor {
  const fn = "kSampleBoundEstimates";
  assertInteger(options?.importanceSampleSize, "options.importanceSampleSize", fn);
  assertInteger(options.sampleSize, "options.sampleSize", fn);
  const k = options.importanceSampleSize;
  const S = options.sampleSize;
  return tf.tidy(() => {
    const lw = logImportanceWeights(logJoint, q, S * k, seed); // [S·k, ...batch]
    return logMeanExp(tf.reshape(lw, [S, k, ...lw.shape.slice(1)]), 1);
  });
}
