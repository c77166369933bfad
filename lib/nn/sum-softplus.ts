/**
 * Σ_d softplus(l_d) over the last axis, softplus(l) = log(1 + e^l), from one sigmoid pass:
 *
 *   softplus(l) = max(l, 0) - log σ(|l|),   σ(|l|) = ½ + |σ(l) - ½|
 *   Σ_d softplus(l_d) = Σ_d max(l_d, 0) - Σ_g log Π_{d ∈ g} σ(|l_d|)
 *
 * with the D coordinates cut into G = ceil(D / 100) groups g of at most 100 (σ(|l|) ∈ [½, 1], so a
 * group's product stays above 2^-100, far from float32 underflow): G logarithms per row instead of D.
 * The gradient is ∂/∂l_d = σ(l_d), kept from the forward pass (a custom gradient).
 *
 * Why: on the wasm backend the sigmoid kernel is vectorised (~1 ns per value) while softplus, log,
 * log1p and exp cost 8–13 ns per value; this form takes about a third of tf.sum(tf.softplus(l), -1).
 * Accuracy: each σ(|l|) is within one float32 rounding of its value (≤ 6e-8 absolute), so the sum
 * differs from the direct form by about the float32 rounding of a D-term sum (tested against float64).
 * Shapes: l [..., D] -> [...]. Used by the Bernoulli log-likelihood of the VAE decoder
 * (`bernoulliLogLikelihood`), log p(x | l) = Σ_d x_d l_d - softplus(l_d).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import type { CustomGradient } from "./dense";

/** Largest group of coordinates whose product of σ(|l|) ∈ [½, 1] is taken before a log. */
const GROUP = 100;

export function sumSoftplus(logits: tf.Tensor): tf.Tensor {
  if (!(logits instanceof tf.Tensor) || logits.rank < 1) {
    throw new ArgumentError("logits", "sumSoftplus", `must be a tf.Tensor of rank ≥ 1, got ${logits instanceof tf.Tensor ? `rank ${logits.rank}` : typeof logits}`);
  }
  return op(logits);
}

const op = tf.customGrad(((l: tf.Tensor, save: tf.GradSaveFunc) => {
  const D = l.shape[l.rank - 1];
  const lead = l.shape.slice(0, -1);
  const p = tf.sigmoid(l);
  save([p]);
  const value = tf.tidy(() => {
    const rows = tf.reshape(l, [-1, D]);
    const q = tf.add(tf.abs(tf.sub(tf.reshape(p, [-1, D]), 0.5)), 0.5);
    const groups = Math.ceil(D / GROUP), size = Math.ceil(D / groups);
    const padded = groups * size > D ? tf.pad(q, [[0, 0], [0, groups * size - D]], 1) : q;
    const logProducts = tf.log(tf.prod(tf.reshape(padded, [-1, groups, size]), 2));
    return tf.reshape(tf.sub(tf.sum(tf.relu(rows), 1), tf.sum(logProducts, 1)), lead);
  });
  return { value, gradFunc: (dy: tf.Tensor, [sp]: tf.Tensor[]) => [tf.mul(tf.expandDims(dy, -1), sp)] };
}) as unknown as CustomGradient);
