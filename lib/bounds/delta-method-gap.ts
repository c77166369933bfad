/**
 * The delta-method prediction of the gap of the k-sample bound (Maddison et al. 2017, "Filtering Variational
 * Objectives", Prop. 1; Nowozin 2018, eq. 5):
 *
 *   log p(e) - E[L_k] = Var(w) / (2 k E[w]²) + O(k⁻²) = (E[w²]/E[w]² - 1) / (2k) + O(k⁻²)
 *
 * estimated from a sample of log-weights (any number n of them, along `axis`) in log space:
 *   Var(w)/E[w]² ≈ exp(logmeanexp(2 log w) - 2 logmeanexp(log w)) - 1   (≥ 0 up to round-off; the plug-in
 *   ratio of sample moments, itself biased low when w is heavy-tailed).
 * The exact posterior gives w ≡ p(e), so the prediction is 0. Returns one value per observation.
 * Errors: k not an integer ≥ 1, fewer than 2 log-weights, NaN, bad axis.
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger } from "../errors";
import { logMeanExp } from "../math/log-sum-exp";
import { checkLogWeightsArgument } from "./check-log-weights";

export function deltaMethodGap(logWeights: tf.Tensor, k: number, axis = 0): tf.Tensor {
  assertInteger(k, "k", "deltaMethodGap", 1);
  const ax = checkLogWeightsArgument(logWeights, "logWeights", axis, "deltaMethodGap", 2);
  return tf.tidy(() => {
    const relVar = tf.sub(tf.exp(tf.sub(logMeanExp(tf.mul(2, logWeights), ax), tf.mul(2, logMeanExp(logWeights, ax)))), 1);
    return tf.div(tf.relu(relVar), 2 * k);
  });
}
