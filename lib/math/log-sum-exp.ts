/**
 * log Σ_i exp(x_i) and log (1/n) Σ_i exp(x_i) over an explicit axis, computed stably as
 * m + log Σ exp(x - m) with m = max x. A slice that is all -Infinity gives -Infinity (not NaN);
 * NaN propagates (callers that must refuse NaN check their results, see `assertTensorFinite`).
 *
 * The axis is required: reducing over "the last axis by default" is how sample and batch axes get
 * mixed up. Example: `logMeanExp(logWeights, 0)` for log-weights of shape [k, batch].
 */
import * as tf from "@tensorflow/tfjs";
import { assertRank, normaliseAxis } from "../errors";

/** log Σ exp(x) along `axis`. */
export function logSumExp(x: tf.Tensor, axis: number, keepDims = false): tf.Tensor {
  if (!(x instanceof tf.Tensor)) assertRank(x, 1, "x", "logSumExp");
  const ax = normaliseAxis(axis, x.rank, "axis", "logSumExp");
  return tf.tidy(() => {
    const m = tf.max(x, ax, true);
    const safeM = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    const s = tf.log(tf.sum(tf.exp(tf.sub(x, safeM)), ax, true));
    const out = tf.add(s, safeM);
    return keepDims ? out : tf.squeeze(out, [ax]);
  });
}

/** log (1/n) Σ exp(x) along `axis`, n = x.shape[axis]. */
export function logMeanExp(x: tf.Tensor, axis: number, keepDims = false): tf.Tensor {
  if (!(x instanceof tf.Tensor)) assertRank(x, 1, "x", "logMeanExp");
  const ax = normaliseAxis(axis, x.rank, "axis", "logMeanExp");
  return tf.tidy(() => tf.sub(logSumExp(x, ax, keepDims), Math.log(x.shape[ax])));
}
