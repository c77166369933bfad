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
 * Computed in log space: every leave-one-out sum keeps the largest remaining weight as its reference, so
 * removing the dominant weight does not cancel catastrophically. Input: log-weights with the k axis
 * `axis` (default 0), k ≥ 2. Returns one estimate per observation. Errors: k < 2, NaN, bad axis.
 */
import * as tf from "@tensorflow/tfjs";
import { logMeanExp } from "../math/log-sum-exp";
import { checkLogWeightsArgument } from "./check-log-weights";

export function jackknifeIwaeBound(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const ax = checkLogWeightsArgument(logWeights, "logWeights", axis, "jackknifeIwaeBound", 2);
  const k = logWeights.shape[ax];
  return tf.tidy(() => {
    const perm = [...Array(logWeights.rank).keys()].filter((i) => i !== ax).concat(ax);
    const lw = tf.transpose(logWeights, perm);
    const lk = logMeanExp(lw, -1);
    // leave-one-out: for i ≠ argmax the max stays, so sum over j≠i of exp(lw_j - max) = s - exp(lw_i - max) ≥ 1;
    // for i = argmax use the sum over the others directly, referenced to their own max.
    const top = tf.topk(lw, 2);
    const m1 = tf.slice(top.values, Array(lw.rank).fill(0), [...lw.shape.slice(0, -1), 1]);
    const m2 = tf.slice(top.values, [...Array(lw.rank - 1).fill(0), 1], [...lw.shape.slice(0, -1), 1]);
    const isTop = tf.oneHot(tf.squeeze(tf.slice(top.indices, Array(lw.rank).fill(0), [...lw.shape.slice(0, -1), 1]), [-1]), k).cast("bool");
    const safe = (m: tf.Tensor) => tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    const e1 = tf.exp(tf.sub(lw, safe(m1)));
    const s1 = tf.sum(e1, -1, true);
    const looOthers = tf.add(tf.log(tf.maximum(tf.sub(s1, e1), 0)), safe(m1));
    const others = tf.where(isTop, tf.zerosLike(lw), tf.exp(tf.sub(lw, safe(m2))));
    const looTop = tf.add(tf.log(tf.sum(others, -1, true)), safe(m2));
    const loo = tf.sub(tf.where(isTop, tf.broadcastTo(looTop, lw.shape), looOthers), Math.log(k - 1));
    return tf.sub(tf.mul(k, lk), tf.mul(k - 1, tf.mean(loo, -1)));
  });
}
