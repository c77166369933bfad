/**
 * Variational families q(H | E) over the 2^m states of the discrete-latent model, each a `CategoricalStates`:
 *
 *   "exact"      q = p(H | E)                                   gap 0, every importance weight equals p(E)
 *   "prior"      q = p(H)                                       ignores E: the weights are the likelihoods p(E | h)
 *   "meanField"  q = Π_j Bernoulli(H_j; P(H_j = 1 | E))          the product of the exact marginals: loses correlation
 *   "tempered"   q ∝ p(H | E)^τ  (default τ = 0.5)              τ < 1 too flat (wide), τ > 1 too peaked (narrow)
 *
 * The gap log p(E) - ELBO = KL(q || p(H | E)) is an exact finite sum here, so every one of them has a known gap.
 * The returned distribution's `logits` are a new tensor that the caller disposes.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertPositive } from "../errors";
import { CategoricalStates } from "../distributions/categorical-states";
import type { DiscreteLatentModel } from "./discrete-latent";

export type DiscreteFamilyKind = "exact" | "prior" | "meanField" | "tempered";

export const DISCRETE_FAMILY_KINDS: readonly DiscreteFamilyKind[] = ["exact", "prior", "meanField", "tempered"];

export function discreteFamily(model: DiscreteLatentModel, e: tf.Tensor, kind: DiscreteFamilyKind, amount?: number): CategoricalStates {
  const fn = "discreteFamily";
  const logits = tf.tidy(() => {
    const states = tf.tensor2d(model.states as number[][]);
    switch (kind) {
      case "exact":
        return model.logJointAllStates(e);
      case "prior": {
        const lp = model.logPrior(states); // [K]
        return tf.add(tf.zeros(model.logJointAllStates(e).shape), lp);
      }
      case "meanField": {
        const p = tf.clipByValue(model.posteriorMarginals(e), 1e-7, 1 - 1e-7); // [...batch, m]
        // log q(h) = Σ_j h_j log p_j + (1 - h_j) log(1 - p_j), for every state: [...batch, K]
        const logP = tf.log(p);
        const log1mP = tf.log(tf.sub(1, p));
        const flat = (t: tf.Tensor) => tf.reshape(t, [-1, model.latentDim]);
        const out = tf.add(tf.matMul(flat(logP), states, false, true), tf.matMul(flat(log1mP), tf.sub(1, states), false, true));
        return tf.reshape(out, [...e.shape.slice(0, -1), model.states.length]);
      }
      case "tempered": {
        const tau = amount ?? 0.5;
        assertPositive(tau, "amount", fn);
        return tf.mul(tau, model.logJointAllStates(e));
      }
      default:
        throw new ArgumentError("kind", fn, `must be one of ${DISCRETE_FAMILY_KINDS.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kind)}`);
    }
  });
  return new CategoricalStates(logits, model.states);
}
