/**
 * Normal distribution with diagonal covariance, N(x; μ, diag(σ²)), event axis last.
 *
 *   log p(x) = Σ_i [ -½ ((x_i - μ_i)/σ_i)² - log σ_i - ½ log 2π ]
 *
 * `rsample` is the reparameterisation trick (Kingma and Welling 2014): x = μ + σ ⊙ ε, ε ~ N(0, I),
 * and its log-probability is computed from the same ε as Σ_i [-½ ε_i² - log σ_i - ½ log 2π].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertSameShape, assertTensor, assertTensorFinite } from "../errors";
import { randomNormal, type Seed } from "../random";
import { stopGradient } from "../math/stop-gradient";
import { assertLiveDistribution, type ReparameterizedDistribution, type SampleWithLogProb } from "./distribution";
import { assertLogProbArgument, logProbWithoutNaN } from "./log-prob-argument";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface DistributionOptions {
  /**
   * Check the parameters' values (finite; scale > 0) when the distribution is made. Reads them back
   * synchronously, so hot loops that build distributions from trusted tensors pass false. Default true.
   */
  validate?: boolean;
}

export class DiagNormal implements ReparameterizedDistribution {
  readonly shape: readonly number[];

  /**
   * @param loc μ, shape [..., d]
   * @param scale σ > 0, the same shape as `loc`
   */
  constructor(readonly loc: tf.Tensor, readonly scale: tf.Tensor, options: DistributionOptions = {}) {
    assertTensor(loc, "loc", "DiagNormal");
    assertTensor(scale, "scale", "DiagNormal");
    if (loc.rank < 1) throw new ArgumentError("loc", "DiagNormal", "must have rank >= 1 (the last axis is the event axis)");
    assertSameShape(loc.shape, scale.shape, "loc", "scale", "DiagNormal");
    this.shape = loc.shape;
    if (options.validate ?? true) {
      assertTensorFinite(loc, "loc", "DiagNormal");
      const s = scale.dataSync();
      for (let i = 0; i < s.length; i++) {
        if (!(s[i] > 0) || !Number.isFinite(s[i])) {
          throw new ArgumentError("scale", "DiagNormal", `must be finite and > 0, found ${s[i]} at flat index ${i}`);
        }
      }
    }
  }

  /** N(μ, diag(exp(logScale)²)): the parameterisation encoders output. */
  static fromLogScale(loc: tf.Tensor, logScale: tf.Tensor, options: DistributionOptions = {}): DiagNormal {
    assertTensor(logScale, "logScale", "DiagNormal.fromLogScale");
    const scale = tf.exp(logScale);
    try {
      return new DiagNormal(loc, scale, options);
    } catch (e) {
      scale.dispose(); // a failed check must not leak exp(logScale)
      throw e;
    }
  }

  /** N(0, I) with event size d (and optional batch shape). */
  static standard(d: number, batchShape: readonly number[] = []): DiagNormal {
    const shape = [...batchShape, d];
    return new DiagNormal(tf.zeros(shape), tf.ones(shape), { validate: false });
  }

  /**
   * log N(x; μ, diag(σ²)) summed over the event axis; x of shape [...sampleShape, ...batch, d] (broadcast against
   * the parameters). Errors (ArgumentError naming 'x' and 'DiagNormal.logProb'): not a live tensor, another event
   * size, a shape that does not broadcast (both shapes named), NaN in x.
   */
  logProb(x: tf.Tensor): tf.Tensor {
    const fn = "DiagNormal.logProb";
    assertLiveDistribution(this, "this", fn);
    assertLogProbArgument(x, this.shape, fn);
    return logProbWithoutNaN(tf.tidy(() => {
      const z = tf.div(tf.sub(x, this.loc), this.scale);
      return tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.log(this.scale), HALF_LOG_2PI)), -1);
    }), x, fn);
  }

  sample(seed: Seed, sampleShape: readonly number[] = []): tf.Tensor {
    assertLiveDistribution(this, "this", "DiagNormal.sample");
    return tf.tidy(() => {
      const eps = randomNormal([...sampleShape, ...this.shape], seed);
      return stopGradient(tf.add(this.loc, tf.mul(this.scale, eps)));
    });
  }

  /** x = μ + σ ε and log q(x) from the same ε ~ N(0, I); gradients flow to μ and σ. */
  rsample(seed: Seed, sampleShape: readonly number[] = []): SampleWithLogProb {
    assertLiveDistribution(this, "this", "DiagNormal.rsample");
    const eps = randomNormal([...sampleShape, ...this.shape], seed);
    const out = tf.tidy(() => this.transform(eps));
    eps.dispose();
    return out;
  }

  /** The reparameterisation h(ε) = μ + σ ⊙ ε for a given ε (shape [...sampleShape, ...shape]), with log q(h(ε)). */
  transform(eps: tf.Tensor): SampleWithLogProb {
    assertLiveDistribution(this, "this", "DiagNormal.transform");
    return tf.tidy(() => {
      const value = tf.add(this.loc, tf.mul(this.scale, eps));
      const logProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(eps)), tf.add(tf.log(this.scale), HALF_LOG_2PI)), -1);
      return { value, logProb };
    });
  }

  /** Entropy Σ_i (½ log 2πe + log σ_i). */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_2PI), -1));
  }
}
