/**
 * Log importance weights with the reparameterisation trick:
 *
 *   log w_i = log p(e, h_i) - log q(h_i | e),   h_i = h(ε_i, e, λ) = μ + σ ⊙ ε_i,   ε_i ~ N(0, I)
 *
 * returned with an explicit k axis first: shape [k, ...batch]. Their mean over k is the Monte Carlo
 * ELBO (Kingma and Welling 2014, eq. 7); their log-mean-exp is the k-sample bound L_k (Burda et al.
 * 2016, eq. 8). Gradients flow to λ through h and to θ through log p. Errors (naming the argument and
 * 'logImportanceWeights'): k not an integer ≥ 1, q not a distribution, a logJoint that fails or returns
 * the wrong shape for q's batch (an encoder and observations of different batch sizes).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import type { ReparameterizedDistribution } from "../distributions/distribution";
import { assertSeed, Random, type Seed } from "../random";

/** log p(e, h) for latents h of shape [k, ...batch, d]; returns shape [k, ...batch]. */
export type LogJoint = (h: tf.Tensor) => tf.Tensor;

/**
 * k reparameterised draws h_i ~ q(h | e) and their log-weights, shape [k, ...batch].
 * @param logJoint log p(e, h) for the batch of observations e that q was built for
 * @param q the variational distribution q(h | e), batch shape [...batch], event size d
 * @param k importance samples per observation (integer ≥ 1)
 */
export function logImportanceWeights(logJoint: LogJoint, q: ReparameterizedDistribution, k: number, seed: Seed): tf.Tensor {
  assertInteger(k, "k", "logImportanceWeights", 1);
  if (typeof logJoint !== "function") throw new ArgumentError("logJoint", "logImportanceWeights", "must be a function h -> log p(e, h)");
  if (!(seed instanceof Random)) assertSeed(seed, "seed", "logImportanceWeights");
  if (q === null || typeof q !== "object" || typeof q.rsample !== "function") {
    throw new ArgumentError("q", "logImportanceWeights", "must be a reparameterised distribution (with rsample)");
  }
  return tf.tidy(() => {
    const { value, logProb } = q.rsample(seed, [k]);
    let lp: tf.Tensor;
    try {
      lp = logJoint(value);
    } catch (e) {
      if (e instanceof ArgumentError) throw e;
      // Typically a batch mismatch: logJoint was built for observations whose batch is not q's.
      throw new ArgumentError(
        "logJoint", "logImportanceWeights",
        `failed on h of shape [${value.shape.join(", ")}] (k, then the batch shape [${q.shape.slice(0, -1).join(", ")}] of 'q'): the observations given to logJoint must have the batch of 'q' (${(e as Error).message.split("\n")[0]})`,
      );
    }
    if (lp.rank !== logProb.rank || lp.shape.some((d, i) => d !== logProb.shape[i])) {
      throw new ArgumentError(
        "logJoint", "logImportanceWeights",
        `must return shape [${logProb.shape.join(", ")}] (k, then q's batch shape) for h of shape [${value.shape.join(", ")}], got [${lp.shape.join(", ")}]`,
      );
    }
    return tf.sub(lp, logProb);
  });
}
