/**
 * A discrete-latent model where log p(E) is an exact finite sum, the lecture's Σ_H form:
 *
 *   H ∈ {0, 1}^m,  p(H) = Π_j Bernoulli(H_j; sigmoid(a_j)),   E | H ~ N(W H + b, σ² I_D)
 *   log p(E) = log Σ_{h ∈ {0,1}^m} p(h) p(E | h) = logsumexp_h [log p(h) + log p(E | h)]     (2^m terms)
 *   p(H = h | E) = softmax_h [log p(h) + log p(E | h)]                                        (exact posterior)
 *
 * A binary-latent linear model (as in sigmoid belief nets' bottom layer, Neal 1992, with Gaussian output).
 * The posterior over the 2^m states is in general correlated across bits, so the mean-field product of its
 * marginals is a mismatched q (see `discreteFamily`). m ≤ 16 (2^m states are enumerated).
 * Shapes: e [...batch, D]; h [...sample, ...batch, m].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertAllFinite, assertInteger, assertLastAxis, assertPositive } from "../errors";
import { toRandom, type Seed } from "../random";
import { logSumExp } from "../math/log-sum-exp";
import { CategoricalStates } from "../distributions/categorical-states";
import type { Matrix64 } from "../math/matrix64";
import type { LogJoint } from "../bounds/log-weights";
import { isotropicNormalLogLikelihood, linearMean, randomLinearObservation, type RandomObservationOptions } from "./linear-observation";

export interface DiscreteLatentConfig {
  /** D×m loading matrix. */
  W: Matrix64;
  /** Offset, length D. */
  b: number[];
  /** Observation noise standard deviation σ > 0. */
  sigma: number;
  /** Prior logits a_j of the m bits (p(H_j = 1) = sigmoid(a_j)). */
  priorLogits: number[];
}

export class DiscreteLatentModel {
  readonly latentDim: number;
  readonly observedDim: number;
  readonly W: Matrix64;
  readonly b: readonly number[];
  readonly sigma: number;
  readonly priorLogits: readonly number[];
  /** All 2^m binary states, state j has bit i = (j >> i) & 1. */
  readonly states: readonly (readonly number[])[];

  constructor(config: DiscreteLatentConfig) {
    const fn = "DiscreteLatentModel";
    const { W, b, sigma, priorLogits } = config ?? ({} as DiscreteLatentConfig);
    if (!Array.isArray(W) || W.length < 1 || !Array.isArray(W[0]) || W[0].length < 1 || W.some((r) => !Array.isArray(r) || r.length !== W[0].length)) {
      throw new ArgumentError("config.W", fn, "must be a non-empty D×m matrix (number[][] with rows of equal length)");
    }
    W.forEach((row, i) => assertAllFinite(row, `config.W[${i}]`, fn));
    const m = W[0].length;
    if (m > 16) throw new ArgumentError("config.W", fn, `must have at most 16 columns (2^m states are enumerated), got ${m}`);
    if (!Array.isArray(b) || b.length !== W.length) throw new ArgumentError("config.b", fn, `must be an array of length D = ${W.length}`);
    assertAllFinite(b, "config.b", fn);
    assertPositive(sigma, "config.sigma", fn);
    if (!Array.isArray(priorLogits) || priorLogits.length !== m) throw new ArgumentError("config.priorLogits", fn, `must be an array of length m = ${m}`);
    assertAllFinite(priorLogits, "config.priorLogits", fn);
    this.W = W.map((r) => [...r]);
    this.b = [...b];
    this.sigma = sigma;
    this.priorLogits = [...priorLogits];
    this.latentDim = m;
    this.observedDim = W.length;
    this.states = Array.from({ length: 2 ** m }, (_, j) => Array.from({ length: m }, (_, i) => (j >> i) & 1));
  }

  /** A model with W_ij ~ N(0, scale²), b_i ~ N(0, 1), prior logits ~ N(0, 1), from a seed. */
  static random(options: RandomObservationOptions): DiscreteLatentModel {
    const { W, b, rng } = randomLinearObservation(options, "DiscreteLatentModel.random");
    const priorLogits = Array.from({ length: options.latentDim }, () => rng.normal());
    return new DiscreteLatentModel({ W, b, sigma: options.sigma, priorLogits });
  }

  private checkObservations(e: tf.Tensor, fn: string): void {
    assertLastAxis(e, this.observedDim, "e", fn, "D");
  }

  /** log p(h) = Σ_j [h_j a_j - softplus(a_j)], shape [...] (h binary; the formula is evaluated for any h). */
  logPrior(h: tf.Tensor): tf.Tensor {
    assertLastAxis(h, this.latentDim, "h", "DiscreteLatentModel.logPrior", "m");
    return tf.tidy(() => {
      const a = tf.tensor1d(this.priorLogits as number[]);
      return tf.sum(tf.sub(tf.mul(h, a), tf.softplus(a)), -1);
    });
  }

  /** log N(e; W h + b, σ² I), h [...sample, ...batch, m], e [...batch, D]: shape [...sample, ...batch]. */
  logLikelihood(e: tf.Tensor, h: tf.Tensor): tf.Tensor {
    this.checkObservations(e, "DiscreteLatentModel.logLikelihood");
    return tf.tidy(() => isotropicNormalLogLikelihood(e, linearMean(h, this.W, this.b), this.sigma));
  }

  /** h ↦ log p(e, h), the `LogJoint` of `logImportanceWeights`. */
  logJoint(e: tf.Tensor): LogJoint {
    this.checkObservations(e, "DiscreteLatentModel.logJoint");
    return (h) => tf.tidy(() => tf.add(this.logPrior(h), this.logLikelihood(e, h)));
  }

  /** log p(e, h) for every state h, shape [...batch, 2^m]. */
  logJointAllStates(e: tf.Tensor): tf.Tensor {
    this.checkObservations(e, "DiscreteLatentModel.logJointAllStates");
    return tf.tidy(() => {
      const batch = e.shape.slice(0, -1);
      const K = this.states.length;
      const h = tf.reshape(tf.tensor2d(this.states as number[][]), [K, ...batch.map(() => 1), this.latentDim]);
      const joint = this.logJoint(e)(h); // [K, ...batch]
      return tf.transpose(joint, [...batch.map((_, i) => i + 1), 0]);
    });
  }

  /** The exact log p(e) = logsumexp over the 2^m states, shape [...batch]. */
  logMarginal(e: tf.Tensor): tf.Tensor {
    return tf.tidy(() => logSumExp(this.logJointAllStates(e), -1));
  }

  /** The exact posterior p(h | e) over the states (its logits are a new tensor the caller disposes). */
  posterior(e: tf.Tensor): CategoricalStates {
    return new CategoricalStates(this.logJointAllStates(e), this.states);
  }

  /** Posterior marginals P(H_j = 1 | e), shape [...batch, m]. */
  posteriorMarginals(e: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const p = tf.softmax(this.logJointAllStates(e), -1);
      const flat = tf.matMul(tf.reshape(p, [-1, this.states.length]), tf.tensor2d(this.states as number[][]));
      return tf.reshape(flat, [...e.shape.slice(0, -1), this.latentDim]);
    });
  }

  /** n draws (h, e) from the joint, shapes [n, m] and [n, D]. */
  sample(n: number, seed: Seed): { h: tf.Tensor; e: tf.Tensor } {
    assertInteger(n, "n", "DiscreteLatentModel.sample");
    const rng = toRandom(seed, "DiscreteLatentModel.sample");
    const bits = new Float32Array(n * this.latentDim);
    for (let i = 0; i < bits.length; i++) bits[i] = rng.uniform() < 1 / (1 + Math.exp(-this.priorLogits[i % this.latentDim])) ? 1 : 0;
    const h = tf.tensor2d(bits, [n, this.latentDim]);
    const noise = rng.normalArray(n * this.observedDim);
    const e = tf.tidy(() => tf.add(linearMean(h, this.W, this.b), tf.mul(this.sigma, tf.tensor2d(noise, [n, this.observedDim]))));
    return { h, e };
  }
}
