/**
 * The jackknife-debiased k-sample estimator of log p(e) (Nowozin 2018, "Debiasing Evidence Approximations:
 * On Importance-weighted Autoencoders and Jackknife Variational Inference", ICLR, eq. 8, first order):
 *
 *   L_k^J = k L_k - (k - 1) · (1/k) Σ_i L_{k-1}^{(-i)},    L_{k-1}^{(-i)} = log (1/(k-1)) Σ_{j≠i} w_j
 *
 * The bias of L_k is -Var(w)/(2 k E[w]²) + O(k⁻²) (see `deltaMethodGap`); the jackknife cancels the 1/k term,
 * leaving O(k⁻²). It costs the same k weights as L_k, but it is NOT a lower bound: it may exceed log p(e),
 * and its variance is larger than that of L_k.
 *
 * Computed in log space and in the form L_k^J = L_k + (k - 1) · mean_i [L_k - L_{k-1}^{(-i)}], with
 *   L_k - L_{k-1}^{(-i)} = log((k - 1)/k) - log(1 - w̃_i),   w̃_i = w_i / Σ_j w_j  (normalised weight),
 * so no large numbers are multiplied by k and subtracted (k L_k - (k - 1) L̄ loses float32 digits ∝ k). log(1 - w̃_i)
 * is log1p(-w̃_i) for every weight but the largest (there w̃_i ≤ ½); for the largest it is the log-sum of the others
 * minus the total, so removing a dominant weight does not cancel. Input: log-weights with the k axis `axis`
 * (default 0), k ≥ 2. Returns one estimate per observation.
 *
 * Infinite log-weights, as in `iwaeBound`: −Infinity is a zero weight. A column whose weights are all zero gives
 * −Infinity (L_k and every L_{k−1}^{(−i)} are log 0). A column with exactly one nonzero weight is an error: the
 * leave-one-out bound without that weight is log 0 = −∞, so the jackknife is +∞ while L_k is finite — no estimate
 * (use `iwaeBound`, or more samples). +Infinity (an infinite weight) is an error: w̃ and the estimate are undefined.
 * Errors (ArgumentError naming 'logWeights' and 'jackknifeIwaeBound'): k < 2, NaN, +Infinity, a column with one
 * nonzero weight; a bad axis.
 */
import * as tf from "@tensorflow/tfjs";
import { logSumExp } from "../math/log-sum-exp";
import { checkLogWeightsArgument } from "./check-log-weights";
import { ArgumentError } from "../errors";

const FN = "jackknifeIwaeBound";

export function jackknifeIwaeBound(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const ax = checkLogWeightsArgument(logWeights, "logWeights", axis, FN, 2);
  const k = logWeights.shape[ax];
  const plusInf = (logWeights.dataSync() as Float32Array).indexOf(Infinity);
  if (plusInf >= 0) throw new ArgumentError("logWeights", FN, `must not contain +Infinity (an infinite weight: the estimate is undefined), found at flat index ${plusInf}`);
  return tf.tidy(() => {
    const perm = [...Array(logWeights.rank).keys()].filter((i) => i !== ax).concat(ax);
    const raw = tf.transpose(logWeights, perm);
    const nonzero = tf.sum(tf.cast(tf.isFinite(raw), "int32"), -1);
    const counts = nonzero.dataSync();
    const single = counts.indexOf(1);
    if (single >= 0) {
      throw new ArgumentError("logWeights", FN, `must hold at least two nonzero weights (finite log-weights) per column: column ${single} (flat, over the axes other than ${axis}) has one and ${k - 1} of -Infinity, so the leave-one-out bound without it is log 0 and the jackknife is +Infinity; use iwaeBound or more samples`);
    }
    // an all-zero column: computed on zeros (no NaN on the way), then set to -Infinity
    const empty = tf.expandDims(tf.equal(nonzero, 0), -1);
    const lw = tf.where(tf.broadcastTo(empty, raw.shape), tf.zerosLike(raw), raw);
    const lse = logSumExp(lw, -1, true);
    const lk = tf.sub(tf.squeeze(lse, [-1]), Math.log(k));
    const wt = tf.exp(tf.sub(lw, lse));
    const top = tf.argMax(lw, -1);
    const isTop = tf.cast(tf.oneHot(top, k), "bool");
    const logRestOthers = accurateLog1p(tf.neg(tf.minimum(wt, 0.5)));
    const logRestTop = tf.sub(logSumExp(tf.where(isTop, tf.fill(lw.shape, -Infinity), lw), -1, true), lse);
    const logRest = tf.where(isTop, tf.broadcastTo(logRestTop, lw.shape), logRestOthers);
    // centre each term before averaging: a float32 sum of k terms of size ~1/k would lose ~k·eps of them
    const diff = tf.mean(tf.sub(Math.log((k - 1) / k), logRest), -1);
    const estimate = tf.add(lk, tf.mul(k - 1, diff));
    return tf.where(tf.squeeze(empty, [-1]), tf.fill(estimate.shape, -Infinity), estimate);
  });
}

/**
 * log(1 + x) accurate for small |x| in float32 (Goldberg 1991, "What every computer scientist should know about
 * floating-point arithmetic", Theorem 4): u = 1 + x; log(u) · x / (u - 1), or x where u rounds to 1. tf.log1p on
 * the wasm backend computes log(1 + x) directly and loses the digits of x that 1 + x rounds away.
 */
function accurateLog1p(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.add(1, x);
    const um1 = tf.sub(u, 1);
    const isOne = tf.equal(um1, 0);
    return tf.where(isOne, x, tf.div(tf.mul(tf.log(u), x), tf.where(isOne, tf.onesLike(um1), um1)));
  });
}
