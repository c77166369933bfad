/**
 * Normalised importance weights and the effective sample size, from log-weights along an axis:
 *
 *   w̃_i = w_i / Σ_j w_j = softmax(log w)_i        (the weights in the IWAE gradient, Burda et al. 2016, eq. 14)
 *   ESS = (Σ_i w_i)² / Σ_i w_i² = exp(2 logsumexp(log w) - logsumexp(2 log w))   (Kong 1992), in [1, k]
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, normaliseAxis } from "../errors";
import { logSumExp } from "../math/log-sum-exp";

export function normalizedWeights(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  if (!(logWeights instanceof tf.Tensor)) throw new ArgumentError("logWeights", "normalizedWeights", "must be a tf.Tensor");
  const ax = normaliseAxis(axis, logWeights.rank, "axis", "normalizedWeights");
  return tf.tidy(() => tf.exp(tf.sub(logWeights, logSumExp(logWeights, ax, true))));
}

export function effectiveSampleSize(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  if (!(logWeights instanceof tf.Tensor)) throw new ArgumentError("logWeights", "effectiveSampleSize", "must be a tf.Tensor");
  const ax = normaliseAxis(axis, logWeights.rank, "axis", "effectiveSampleSize");
  return tf.tidy(() => tf.exp(tf.sub(tf.mul(2, logSumExp(logWeights, ax)), logSumExp(tf.mul(2, logWeights), ax))));
}
