/**
 * The doubly reparameterised gradient estimator, DReG (Tucker, Lawson, Gu and Maddison 2018, "Doubly
 * Reparameterized Gradient Estimators for Monte Carlo Objectives", eq. 6), for the encoder parameters φ of the
 * k-sample bound:
 *
 *   g_DReG = Σ_i w̃_i² (∂ log w_i / ∂h_i)(∂h_i / ∂φ),   w̃ = softmax(log w),   h_i = μ + σ ⊙ ε_i
 *
 * Reparameterising the score term of the IWAE gradient a second time turns E[Σ_i w̃_i ∇φ log q(h_i)] into a path
 * term, so g_DReG has the same expectation as the standard estimator (unbiased for ∇φ E[L_k]) and drops the score
 * noise. Computed by one backward pass of the surrogate Σ_{i,n} ⊥(w̃_{i,n}²) log w_{i,n} with the path-only
 * log-weights of `pathLogImportanceWeights` (w̃ held constant).
 *
 * Special cases: k = 1 gives w̃ = 1, the sticking-the-landing ELBO gradient; with q the exact posterior every
 * log w_i is constant in h and g_DReG = 0 for every draw. For φ only: the generative parameters θ keep the
 * standard gradient (`iwaeGradientAutodiff`); passing θ here would weight it by w̃² and bias it.
 *
 * Inputs and output as `iwaeGradientStl`. Errors name the argument and the function.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import type { DiagNormal } from "../distributions/diag-normal";
import type { Seed } from "../random";
import { logMeanExp } from "../math/log-sum-exp";
import { stopGradient } from "../math/stop-gradient";
import type { LogJoint } from "./log-weights";
import { pathLogImportanceWeights } from "./path-log-weights";
import { normalizedWeights } from "./weights";
import { callLogWeights, checkVariables, surrogateGradients, type GradientEstimate } from "./variable-gradients";

export function iwaeGradientDreg(logJoint: LogJoint, qOf: () => DiagNormal, k: number, seed: Seed, vars: tf.Variable[]): GradientEstimate {
  const fn = "iwaeGradientDreg";
  if (typeof qOf !== "function") throw new ArgumentError("qOf", fn, "must be a function () => DiagNormal built from the variables");
  assertInteger(k, "k", fn);
  checkVariables(vars, fn);
  return surrogateGradients(() => {
    const lw = callLogWeights(() => pathLogImportanceWeights(logJoint, qOf(), k, seed), fn);
    const w2 = stopGradient(tf.square(normalizedWeights(lw, 0)));
    return { surrogate: tf.sum(tf.mul(w2, lw)) as tf.Scalar, value: tf.sum(logMeanExp(lw, 0)) as tf.Scalar };
  }, vars, fn);
}
