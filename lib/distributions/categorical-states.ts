/**
 * A categorical distribution over a finite list of latent states (vectors), q(h) = softmax(logits)_j for
 * h = states[j]. It is how a discrete latent H enters the bounds: the lecture's Σ_H is a sum over `states`.
 *
 *   log q(states[j]) = logits_j - logsumexp(logits)          log q(h) = -∞ for h not in `states`
 *
 * Sampling: inverse CDF of one seeded uniform per draw. A discrete variable has no reparameterisation:
 * `rsample` returns a draw and its log-probability from the same uniform (what `logImportanceWeights`
 * needs) but no gradient reaches the logits through the draw.
 *
 * Shapes: logits [...batch, K], states K×m, draws [...sample, ...batch, m]. Errors: K must equal the number
 * of states, states must be non-empty with rows of equal length, logits must be finite.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertAllFinite, assertTensorFinite } from "../errors";
import { randomUniform, type Seed } from "../random";
import { logSumExp } from "../math/log-sum-exp";
import type { ReparameterizedDistribution, SampleWithLogProb } from "./distribution";

export class CategoricalStates implements ReparameterizedDistribution {
  readonly shape: readonly number[];
  private readonly m: number;

  constructor(readonly logits: tf.Tensor, readonly states: readonly (readonly number[])[]) {
    const fn = "CategoricalStates";
    if (!(logits instanceof tf.Tensor) || logits.rank < 1) throw new ArgumentError("logits", fn, "must be a tf.Tensor of rank >= 1 (states on the last axis)");
    if (!Array.isArray(states) || states.length < 1 || !Array.isArray(states[0]) || states[0].length < 1 || states.some((s) => !Array.isArray(s) || s.length !== states[0].length)) {
      throw new ArgumentError("states", fn, "must be a non-empty K×m array of state vectors");
    }
    states.forEach((s, j) => assertAllFinite(s, `states[${j}]`, fn));
    if (logits.shape[logits.rank - 1] !== states.length) {
      throw new ArgumentError("logits", fn, `must have last axis K = ${states.length} (the number of states), got shape [${logits.shape.join(", ")}]`);
    }
    assertTensorFinite(logits, "logits", fn);
    this.m = states[0].length;
    this.shape = [...logits.shape.slice(0, -1), this.m];
  }

  /** Normalised log-probabilities of the states, shape [...batch, K]. */
  logProbabilities(): tf.Tensor {
    return tf.tidy(() => tf.sub(this.logits, logSumExp(this.logits, -1, true)));
  }

  logProb(x: tf.Tensor): tf.Tensor {
    if (!(x instanceof tf.Tensor) || x.shape[x.rank - 1] !== this.m) {
      throw new ArgumentError("x", "CategoricalStates.logProb", `must be a tf.Tensor with state size ${this.m} on its last axis`);
    }
    return tf.tidy(() => {
      const match = tf.all(tf.equal(tf.expandDims(x, -2), tf.tensor2d(this.states as number[][])), -1); // [..., K]
      const lp = tf.where(match, tf.broadcastTo(this.logProbabilities(), match.shape), tf.fill(match.shape, -Infinity));
      return logSumExp(lp, -1);
    });
  }

  /** Indices of draws, shape [...sampleShape, ...batch] (int32). */
  sampleIndices(seed: Seed, sampleShape: readonly number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const batch = this.logits.shape.slice(0, -1);
      const u = tf.expandDims(randomUniform([...sampleShape, ...batch], seed), -1);
      // positive axis: tfjs-backend-wasm 4.22's Cumsum with axis -1 returns an empty tensor and corrupts memory
      const cdf = tf.cumsum(tf.softmax(this.logits, -1), this.logits.rank - 1);
      const count = tf.sum(tf.cast(tf.less(cdf, u), "int32"), -1);
      return tf.minimum(count, tf.scalar(this.states.length - 1, "int32"));
    });
  }

  sample(seed: Seed, sampleShape: readonly number[] = []): tf.Tensor {
    return tf.tidy(() => tf.gather(tf.tensor2d(this.states as number[][]), this.sampleIndices(seed, sampleShape)));
  }

  /** A draw and its log-probability from one uniform (no gradient through the draw; see the module comment). */
  rsample(seed: Seed, sampleShape: readonly number[] = []): SampleWithLogProb {
    return tf.tidy(() => {
      const idx = this.sampleIndices(seed, sampleShape);
      const value = tf.gather(tf.tensor2d(this.states as number[][]), idx);
      const lpAll = tf.broadcastTo(this.logProbabilities(), [...idx.shape, this.states.length]);
      const logProb = tf.sum(tf.mul(tf.oneHot(idx, this.states.length), lpAll), -1);
      return { value, logProb };
    });
  }
}
