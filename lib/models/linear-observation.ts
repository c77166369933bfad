/**
 * The observation model shared by the tractable latent models: E | H = h ~ N(W h + b, σ² I_D).
 *
 *   log p(e | h) = -|e - W h - b|² / (2σ²) - D log σ - (D/2) log 2π
 *
 * h has shape [...sample, ...batch, d] (or anything broadcasting against e once mapped); e has shape
 * [...batch, D]. W is D×d and b has length D, as float64 arrays turned into float32 tensors per call.
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix64 } from "../math/matrix64";
import { assertInteger, assertPositive } from "../errors";
import { toRandom, type Random, type Seed } from "../random";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** W h + b on the last axis of h, shape [..., D]. */
export function linearMean(h: tf.Tensor, W: Matrix64, b: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const d = W[0].length;
    const flat = tf.matMul(tf.reshape(h, [-1, d]), tf.tensor2d(W), false, true);
    return tf.reshape(tf.add(flat, tf.tensor1d(b as number[])), [...h.shape.slice(0, -1), W.length]);
  });
}

/** log N(e; mean, σ² I) summed over the last axis (e and mean broadcast). */
export function isotropicNormalLogLikelihood(e: tf.Tensor, mean: tf.Tensor, sigma: number): tf.Tensor {
  return tf.tidy(() => {
    const D = e.shape[e.rank - 1];
    const sq = tf.sum(tf.square(tf.sub(e, mean)), -1);
    return tf.sub(tf.mul(-0.5 / (sigma * sigma), sq), D * (Math.log(sigma) + HALF_LOG_2PI));
  });
}

export interface RandomObservationOptions {
  latentDim: number;
  observedDim: number;
  sigma: number;
  /** Standard deviation of the entries of W (default 1). */
  scale?: number;
  seed: Seed;
}

/**
 * W (D×d) with entries ~ N(0, scale²) and b (length D) ~ N(0, 1), drawn in that order from `seed`;
 * returns the generator too, for models that draw further parameters after W and b.
 */
export function randomLinearObservation(options: RandomObservationOptions, fn: string): { W: Matrix64; b: number[]; rng: Random } {
  assertInteger(options.latentDim, "options.latentDim", fn);
  assertInteger(options.observedDim, "options.observedDim", fn);
  const scale = options.scale ?? 1;
  assertPositive(scale, "options.scale", fn);
  const rng = toRandom(options.seed, fn);
  const W = Array.from({ length: options.observedDim }, () => Array.from({ length: options.latentDim }, () => scale * rng.normal()));
  const b = Array.from({ length: options.observedDim }, () => rng.normal());
  return { W, b, rng };
}
