/**
 * The Bernoulli log-likelihood of a decoder's output layer, from its last hidden layer, without an
 * element-wise product over pixels (Kingma and Welling 2014, appendix C.1; Burda et al. 2016):
 *
 *   l = s W + c,   log p(x | l) = Σ_d [x_d l_d - softplus(l_d)]
 *                               = Σ_j s_j (x Wᵀ)_j + x·c - Σ_d softplus(l_d)
 *
 * The data term is a product of x with the output weights, u = x Wᵀ (one row per observation), dotted
 * with s: x is never tiled across the k samples of an observation and never multiplied with the
 * [k, B, D] logits. Σ softplus comes from `sumSoftplus` (one sigmoid pass), the logits from `dense`.
 *
 * Shapes: x [B, D] (values in [0, 1]; not checked here — the callers' job), s [..., B, H] (leading
 * axes: samples per observation), w [H, D], c [D]; returns [..., B]. Errors: mismatched shapes.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { dataTimesTransposed, dense } from "./dense";
import { sumSoftplus } from "./sum-softplus";

export function bernoulliLogLikelihood(x: tf.Tensor2D, s: tf.Tensor, w: tf.Tensor2D, c: tf.Tensor1D): tf.Tensor {
  const fn = "bernoulliLogLikelihood";
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[1]) throw new ArgumentError("x", fn, `must be [B, ${w.shape[1]}] for weights [${w.shape}], got [${x.shape}]`);
  if (s.rank < 2 || s.shape[s.rank - 1] !== w.shape[0] || s.shape[s.rank - 2] !== x.shape[0]) {
    throw new ArgumentError("s", fn, `must be [..., ${x.shape[0]}, ${w.shape[0]}], got [${s.shape}]`);
  }
  return tf.tidy(() => {
    const lead = s.shape.slice(0, -1);
    const logits = dense(tf.reshape(s, [-1, w.shape[0]]), w, c, "linear");
    const u = dataTimesTransposed(x, w);
    const data = tf.add(tf.sum(tf.mul(s, u), -1), tf.sum(tf.mul(x, c), -1));
    return tf.sub(data, tf.reshape(sumSoftplus(logits), lead));
  });
}
