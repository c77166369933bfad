/**
 * Normalised importance weights and the effective sample size, from log-weights along an axis:
 *
 *   w̃_i = w_i / Σ_j w_j = softmax(log w)_i        (the weights in the IWAE gradient, Burda et al. 2016, eq. 14)
 *   ESS = (Σ_i w_i)² / Σ_i w_i²   (Kong 1992), in [1, k]
 */
import * as tf from "@tensorflow/tfjs";
import { assertTensor, normaliseAxis, resultWithoutNaN } from "../errors";
import { blockedSum, finiteMax } from "../math/blocked-sum";

/**
 * w̃ = softmax(log w) along `axis`, computed as e = exp(log w - m) (m = max, a stopped gradient, the
 * subtraction in float32 first) and then w̃ = e / Σ e, so the weights sum to 1 within float32 rounding at
 * any offset (exp(log w - logsumexp) summed to 1.0037 at log w ≈ -1e5 and 1.50 at -1e7). Errors: NaN
 * among the log-weights, a slice with no finite log-weight (all -Infinity: all weights zero) or with
 * +Infinity; each names 'logWeights' and 'normalizedWeights'.
 */
export function normalizedWeights(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const fn = "normalizedWeights";
  assertTensor(logWeights, "logWeights", fn);
  const ax = normaliseAxis(axis, logWeights.rank, "axis", fn);
  const out = tf.tidy(() => {
    const e = tf.exp(tf.sub(logWeights, finiteMax(logWeights, ax)));
    return tf.div(e, blockedSum(e, ax, true));
  });
  return resultWithoutNaN(out, "logWeights", fn, "must hold no NaN, no +Infinity and a finite value in every slice along the k axis (the weights are undefined)");
}

/**
 * ESS = (Σ e)² / Σ e² with e = exp(log w - m), m = max (the shift cancels): computed from shifted weights,
 * not as exp(2 logsumexp(log w) - logsumexp(2 log w)), whose two large logs lose the float32 digits that
 * matter (10 equal log-weights at -5e4 gave ESS 9.94). Errors as `normalizedWeights`.
 */
export function effectiveSampleSize(logWeights: tf.Tensor, axis = 0): tf.Tensor {
  const fn = "effectiveSampleSize";
  assertTensor(logWeights, "logWeights", fn);
  const ax = normaliseAxis(axis, logWeights.rank, "axis", fn);
  const out = tf.tidy(() => {
    const e = tf.exp(tf.sub(logWeights, finiteMax(logWeights, ax)));
    return tf.div(tf.square(blockedSum(e, ax)), blockedSum(tf.square(e), ax));
  });
  return resultWithoutNaN(out, "logWeights", fn, "must hold no NaN, no +Infinity and a finite value in every slice along the k axis (the ESS is undefined)");
}
