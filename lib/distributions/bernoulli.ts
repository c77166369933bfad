/**
 * Independent Bernoulli coordinates parameterised by logits l (p = sigmoid(l)), event axis last.
 *
 *   log p(x) = Σ_i [ x_i l_i - softplus(l_i) ]   (= x log p + (1 - x) log(1 - p), stable for large |l|)
 *
 * x may be any value in [0, 1] (binarised pixels, or grey levels as in many VAE codes); values
 * outside [0, 1] are an error when validation is on.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertTensorFinite } from "../errors";
import { randomUniform, type Seed } from "../random";
import { assertLiveDistribution, type Distribution } from "./distribution";
import { assertLogProbArgument } from "./log-prob-argument";
import type { DistributionOptions } from "./diag-normal";

export class Bernoulli implements Distribution {
  readonly shape: readonly number[];

  constructor(readonly logits: tf.Tensor, private readonly options: DistributionOptions = {}) {
    if (!(logits instanceof tf.Tensor)) throw new ArgumentError("logits", "Bernoulli", "must be a tf.Tensor");
    if (logits.rank < 1) throw new ArgumentError("logits", "Bernoulli", "must have rank >= 1 (the last axis is the event axis)");
    this.shape = logits.shape;
    if (options.validate ?? true) assertTensorFinite(logits, "logits", "Bernoulli");
  }

  /** From probabilities p ∈ [0, 1] (clipped to [1e-7, 1 - 1e-7] before taking logits). */
  static fromProbs(probs: tf.Tensor, options: DistributionOptions = {}): Bernoulli {
    if (!(probs instanceof tf.Tensor)) throw new ArgumentError("probs", "Bernoulli.fromProbs", "must be a tf.Tensor");
    if (options.validate ?? true) assertInUnitInterval(probs, "probs", "Bernoulli.fromProbs");
    const logits = tf.tidy(() => {
      const p = tf.clipByValue(probs, 1e-7, 1 - 1e-7);
      return tf.sub(tf.log(p), tf.log1p(tf.neg(p)));
    });
    return new Bernoulli(logits, { validate: false });
  }

  /** p = sigmoid(logits). */
  probs(): tf.Tensor {
    return tf.sigmoid(this.logits);
  }

  logProb(x: tf.Tensor): tf.Tensor {
    assertLiveDistribution(this, "this", "Bernoulli.logProb");
    assertLogProbArgument(x, this.shape, "Bernoulli.logProb");
    if (this.options.validate ?? true) assertInUnitInterval(x, "x", "Bernoulli.logProb");
    return tf.tidy(() => tf.sum(tf.sub(tf.mul(x, this.logits), tf.softplus(this.logits)), -1));
  }

  sample(seed: Seed, sampleShape: readonly number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const u = randomUniform([...sampleShape, ...this.shape], seed);
      return tf.cast(tf.less(u, tf.sigmoid(this.logits)), "float32");
    });
  }
}

function assertInUnitInterval(t: tf.Tensor, argument: string, fn: string): void {
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) {
      throw new ArgumentError(argument, fn, `must lie in [0, 1], found ${v[i]} at flat index ${i}`);
    }
  }
}
