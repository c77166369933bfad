/**
 * Sticking the landing (Roeder, Wu and Duvenaud 2017, "Sticking the Landing: Simple, Lower-Variance Gradient
 * Estimators for Variational Inference"), for the encoder parameters φ of the k-sample bound:
 *
 *   g_STL = Σ_i w̃_i (∂ log w_i / ∂h_i)(∂h_i / ∂φ),   w̃ = softmax(log w),   h_i = μ + σ ⊙ ε_i
 *
 * the IWAE gradient with the score term ∂ log q_φ(h)/∂φ (at fixed h) dropped: autodiff of logmeanexp of the
 * path-only log-weights `pathLogImportanceWeights`.
 *
 * Special cases and caveats:
 * - k = 1: unbiased for ∇φ ELBO (the dropped score term has expectation 0), and with q equal to the exact
 *   posterior every log w_i is constant in h, so g_STL = 0 exactly for every draw: zero variance.
 * - k > 1: BIASED for ∇φ E[L_k]: E[Σ_i w̃_i ∇φ log q(h_i)] ≠ 0 once the weights are normalised over several
 *   samples (Tucker et al. 2018, §3; measured in notebook 05). `iwaeGradientDreg` is the unbiased repair.
 * - For generative parameters θ the path-only weights give the standard gradient (q does not depend on θ).
 *
 * Inputs: the log joint, `qOf` building q_φ from the variables (called inside the tape), k, a seed for the
 * noise, and the φ variables. Returns { value: Σ_n L_k, grads } (grads in the order of `vars`).
 * Errors: those of `logImportanceWeights` and of `vars`, each naming the argument and the function.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import type { DiagNormal } from "../distributions/diag-normal";
import type { Seed } from "../random";
import type { LogJoint } from "./log-weights";
import { pathLogImportanceWeights } from "./path-log-weights";
import { iwaeGradientAutodiff } from "./iwae-gradient";
import { checkVariables, type GradientEstimate } from "./variable-gradients";

export function iwaeGradientStl(logJoint: LogJoint, qOf: () => DiagNormal, k: number, seed: Seed, vars: tf.Variable[]): GradientEstimate {
  const fn = "iwaeGradientStl";
  if (typeof qOf !== "function") throw new ArgumentError("qOf", fn, "must be a function () => DiagNormal built from the variables");
  assertInteger(k, "k", fn);
  checkVariables(vars, fn);
  return iwaeGradientAutodiff(() => pathLogImportanceWeights(logJoint, qOf(), k, seed), vars);
}
