/**
 * Log importance weights whose dependence on the variational parameters φ runs only through the sample path:
 *
 *   log w_i = log p(e, h_i) - log q_{⊥φ}(h_i | e),   h_i = μ + σ ⊙ ε_i,   ⊥φ: φ held constant (stopGradient)
 *
 * Their values equal those of `logImportanceWeights` for the same seed (up to float32 round-off: log q is evaluated
 * at h, not from ε); their gradient drops the score term
 * ∂ log q_φ(h) / ∂φ at fixed h, keeping the path term (∂ log w / ∂h)(∂h / ∂φ). They are the building block of
 * sticking the landing (Roeder, Wu and Duvenaud 2017) and of the doubly reparameterised gradient (Tucker,
 * Lawson, Gu and Maddison 2018). Built on `logImportanceWeights` (same noise, same shapes [k, ...batch]).
 * Errors: q not a DiagNormal, k not an integer ≥ 1 (named by `logImportanceWeights`).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { DiagNormal } from "../distributions/diag-normal";
import type { ReparameterizedDistribution } from "../distributions/distribution";
import { stopGradient } from "../math/stop-gradient";
import type { Seed } from "../random";
import { logImportanceWeights, type LogJoint } from "./log-weights";

export function pathLogImportanceWeights(logJoint: LogJoint, q: DiagNormal, k: number, seed: Seed): tf.Tensor {
  if (!(q instanceof DiagNormal)) throw new ArgumentError("q", "pathLogImportanceWeights", "must be a DiagNormal");
  return tf.tidy(() => {
    const frozen = new DiagNormal(stopGradient(q.loc), stopGradient(q.scale), { validate: false });
    const pathOnly: ReparameterizedDistribution = {
      shape: q.shape,
      logProb: (x) => frozen.logProb(x),
      sample: (s, shape) => q.sample(s, shape),
      rsample: (s, shape) => {
        const { value } = q.rsample(s, shape);
        return { value, logProb: frozen.logProb(value) };
      },
    };
    return logImportanceWeights(logJoint, pathOnly, k, seed);
  });
}
