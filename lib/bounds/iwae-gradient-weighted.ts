/**
 * The lecture's form of the IWAE gradient: normalised importance weights times per-sample gradients of log w
 * (Burda, Grosse and Salakhutdinov 2016, eq. 14), from the log-derivative trick ∇ w_i = w_i ∇ log w_i:
 *
 *   ∇ L_k = ∇ log (1/k) Σ_j w_j = Σ_i ∇ w_i / Σ_j w_j = Σ_i w̃_i ∇ log w_i,   w̃_i = w_i / Σ_j w_j
 *
 * For one fixed draw ε_1..ε_k this is an exact identity with the autodiff gradient `iwaeGradientAutodiff`
 * (the chain rule through logsumexp), not a Monte Carlo one; both are unbiased for ∇ E[L_k], not for ∇ log p(e).
 * Special cases: k = 1 gives w̃_1 = 1, the ELBO gradient ∇ log w_1; equal weights give the plain average of the
 * per-sample gradients.
 *
 * Two ways to compute it, with w̃ from `normalizedWeights` held constant:
 * - `iwaeGradientWeighted(logWeightsFn, vars)`: one backward pass of the surrogate Σ_{i,n} w̃_{i,n} log w_{i,n}
 *   (the vector-Jacobian product of log w with w̃, i.e. the weighted sum of the per-sample gradients);
 * - `iwaeGradientFromPerSample(logWeights, perSample)`: the sum written out, from per-sample gradients
 *   [k, ...batch, ...variable shape] (`perSampleGradients`), costing k · batch backward passes.
 * Both sum over the batch: the objective is Σ_n L_k(e_n). Errors name the argument and the function.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { logMeanExp } from "../math/log-sum-exp";
import { stopGradient } from "../math/stop-gradient";
import { normalizedWeights } from "./weights";
import { callLogWeights, checkVariables, surrogateGradients, type GradientEstimate, type LogWeightsFn } from "./variable-gradients";

export function iwaeGradientWeighted(logWeightsFn: LogWeightsFn, vars: tf.Variable[]): GradientEstimate {
  const fn = "iwaeGradientWeighted";
  checkVariables(vars, fn);
  return surrogateGradients(() => {
    const lw = callLogWeights(logWeightsFn, fn);
    const wTilde = stopGradient(normalizedWeights(lw, 0));
    return { surrogate: tf.sum(tf.mul(wTilde, lw)) as tf.Scalar, value: tf.sum(logMeanExp(lw, 0)) as tf.Scalar };
  }, vars, fn);
}

/**
 * Σ_{i,n} w̃_{i,n} g_{i,n} for each variable, from log-weights [k, ...batch] and per-sample gradients
 * g = ∇ log w_{i,n}, each of shape [k, ...batch, ...variable shape]. Returns one tensor per entry of `perSample`.
 */
export function iwaeGradientFromPerSample(logWeights: tf.Tensor, perSample: tf.Tensor[]): tf.Tensor[] {
  const fn = "iwaeGradientFromPerSample";
  if (!(logWeights instanceof tf.Tensor) || logWeights.rank < 1) throw new ArgumentError("logWeights", fn, "must be a tf.Tensor [k, ...batch]");
  if (!Array.isArray(perSample) || perSample.length === 0) throw new ArgumentError("perSample", fn, "must be a non-empty array of tensors");
  const m = logWeights.size;
  perSample.forEach((g, j) => {
    if (!(g instanceof tf.Tensor) || g.rank < logWeights.rank || logWeights.shape.some((s, i) => g.shape[i] !== s)) {
      throw new ArgumentError("perSample", fn, `entry ${j} must have shape [${logWeights.shape.join(", ")}, ...variable shape]`);
    }
  });
  return tf.tidy(() => {
    const w = tf.reshape(normalizedWeights(logWeights, 0), [1, m]);
    return perSample.map((g) => {
      const varShape = g.shape.slice(logWeights.rank);
      return tf.reshape(tf.matMul(w, tf.reshape(g, [m, -1])), varShape);
    });
  });
}
