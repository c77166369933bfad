/**
 * log Σ_i exp(x_i) and log (1/n) Σ_i exp(x_i) over an explicit axis, computed stably as
 *
 *   logsumexp(x) = m + log Σ_i exp(x_i - m),   m = max_i x_i   (the gradient does not flow through m)
 *
 * The shift m is a constant for differentiation (stop-gradient): mathematically the terms in m cancel,
 * but in float32 they do not, and with t tied maximal entries the autodiff gradient through tf.max
 * multiplied the rounding error by t (the weights' gradient summed to -98 instead of 1 at k = 1e5 equal
 * log-weights). With m stopped the gradient is exactly exp(x - m) / Σ exp(x - m), the softmax. The sum
 * is blocked (`blockedSum`), accurate over millions of terms.
 *
 * Special cases: a slice that is all -Infinity gives -Infinity; +Infinity gives +Infinity. NaN in x is
 * an error naming the argument and the function (checked on the result: one reduction and a one-value
 * readback per call).
 *
 * The axis is required: reducing over "the last axis by default" is how sample and batch axes get
 * mixed up. Example: `logMeanExp(logWeights, 0)` for log-weights of shape [k, batch].
 */
import * as tf from "@tensorflow/tfjs";
import { resultWithoutNaN, assertTensor, normaliseAxis } from "../errors";
import { blockedSum, finiteMax } from "./blocked-sum";

/**
 * log Σ exp(x) (or, with `mean`, log (1/n) Σ exp(x)) along an axis already checked, errors naming
 * `argument` and `fn`: the shared body of logSumExp, logMeanExp and the bounds built on them.
 */
export function logSumExpChecked(x: tf.Tensor, ax: number, keepDims: boolean, argument: string, fn: string, mean = false): tf.Tensor {
  const out = tf.tidy(() => {
    const m = finiteMax(x, ax);
    const s = tf.add(tf.log(blockedSum(tf.exp(tf.sub(x, m)), ax, true)), m);
    const r = mean ? tf.sub(s, Math.log(x.shape[ax])) : s;
    return keepDims ? r : tf.squeeze(r, [ax]);
  });
  return resultWithoutNaN(out, argument, fn, "must not contain NaN (the result is NaN)");
}

/** log Σ exp(x) along `axis`. */
export function logSumExp(x: tf.Tensor, axis: number, keepDims = false): tf.Tensor {
  assertTensor(x, "x", "logSumExp");
  const ax = normaliseAxis(axis, x.rank, "axis", "logSumExp");
  return logSumExpChecked(x, ax, keepDims, "x", "logSumExp");
}

/** log (1/n) Σ exp(x) along `axis`, n = x.shape[axis]. */
export function logMeanExp(x: tf.Tensor, axis: number, keepDims = false): tf.Tensor {
  assertTensor(x, "x", "logMeanExp");
  const ax = normaliseAxis(axis, x.rank, "axis", "logMeanExp");
  return logSumExpChecked(x, ax, keepDims, "x", "logMeanExp", true);
}
