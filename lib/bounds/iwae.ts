/**
 * The importance-weighted (k-sample) bound from log-weights (Burda, Grosse and Salakhutdinov 2016,
 * "Importance Weighted Autoencoders", eq. 8):
 *
 *   L_k = log (1/k) Σ_{i=1..k} w_i = logsumexp_i(log w_i) - log k     (one estimate per observation)
 *
 * E[L_k] ≤ log p(e), non-decreasing in k (Theorem 1), → log p(e) as k → ∞ when w is bounded.
 * Special cases: k = 1 is exactly the one-sample ELBO estimate log w_1; equal log-weights give
 * that common value for every k. Computed in log space: log-weights near -1e4 stay finite.
 * The k axis is explicit (`axis`, the axis `logImportanceWeights` puts first is 0).
 *
 * k (inside the log: a tighter bound) is not the number of estimates averaged outside the log (less
 * variance, same expectation): average several L_k estimates with `meanAndStandardError` for that.
 */
import * as tf from "@tensorflow/tfjs";
import { resultWithoutNaN } from "../errors";
import { checkLogWeightsArgument } from "./check-log-weights";
import { logSumExpChecked } from "../math/log-sum-exp";
import { accurateMean } from "../math/blocked-sum";

/**
 * L_k per observation: logMeanExp of the log-weights along the k axis. Throws (naming the
 * argument) when the log-weights contain NaN, instead of returning NaN, whatever the size of the
 * result and also while gradients are recorded (one reduction and a one-value readback per call).
 */
export function iwaeBound(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const ax = checkLogWeightsArgument(logWeights, "logWeights", axis, "iwaeBound", 1, false);
  return logSumExpChecked(logWeights, ax, false, "logWeights", "iwaeBound", true);
}

/**
 * The Monte Carlo ELBO per observation: the mean of the log-weights along the k axis (= L_1 averaged
 * over k draws), shifted by the maximum and blocked over long axes (`accurateMean`), so 1e6 log-weights
 * near -1e5 average to float32 rounding. NaN among the log-weights is an error naming them.
 */
export function elboFromLogWeights(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const ax = checkLogWeightsArgument(logWeights, "logWeights", axis, "elboFromLogWeights", 1, false);
  return resultWithoutNaN(accurateMean(logWeights, ax), "logWeights", "elboFromLogWeights", "must not contain NaN (the ELBO is NaN)");
}
