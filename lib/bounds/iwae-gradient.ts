/**
 * The gradient of the k-sample bound by automatic differentiation (Burda, Grosse and Salakhutdinov 2016, eq. 13-14):
 *
 *   ∇ L_k = ∇ logmeanexp_i(log w_i),   log w_i = log p(e, h_i; θ) - log q_φ(h_i | e),   h_i = h(ε_i, φ)
 *
 * for one fixed draw ε_1..ε_k, differentiated through the log-mean-exp, the log joint (θ) and the
 * reparameterised samples and log q (φ). Its expectation over ε is ∇ E[L_k]: an unbiased estimate of the
 * gradient of the bound, NOT of ∇ log p(e) (E[∇ L_k] → ∇ log p(e) only as k → ∞).
 *
 * Special cases: k = 1 is the reparameterised ELBO gradient ∇ log w_1 (Kingma and Welling 2014). By the chain
 * rule through logsumexp this equals Σ_i w̃_i ∇ log w_i with w̃ = softmax(log w) (see `iwaeGradientWeighted`).
 *
 * Input: `logWeightsFn` returning log-weights [k, ...batch] from fixed noise (see `LogWeightsFn`); the objective
 * is Σ_n L_k(e_n) over the batch. Returns { value, grads } (grads in the order of `vars`).
 * Errors: `vars` not a non-empty array of distinct trainable variables; log-weights not [k ≥ 1, ...]; NaN.
 */
import * as tf from "@tensorflow/tfjs";
import { logMeanExp } from "../math/log-sum-exp";
import { callLogWeights, checkVariables, surrogateGradients, type GradientEstimate, type LogWeightsFn } from "./variable-gradients";

export function iwaeGradientAutodiff(logWeightsFn: LogWeightsFn, vars: tf.Variable[]): GradientEstimate {
  const fn = "iwaeGradientAutodiff";
  checkVariables(vars, fn);
  return surrogateGradients(() => {
    const bound = tf.sum(logMeanExp(callLogWeights(logWeightsFn, fn), 0)) as tf.Scalar;
    return { surrogate: bound, value: bound };
  }, vars, fn);
}
