/**
 * The ELBO with a Monte Carlo KL term (Kingma and Welling 2014, eq. 6, the "generic" SGVB estimator Â):
 *
 *   ELBO ≈ (1/S) Σ_s log p(e | h_s) - (1/S) Σ_s [log q(h_s | e) - log p(h_s)],    h_s ~ q(h | e)
 *
 * the same number as the mean of the log-weights log w_s = log p(e | h_s) + log p(h_s) - log q(h_s | e),
 * written as reconstruction minus KL. Use it when KL(q || p) has no closed form (`elboAnalyticKl` otherwise,
 * which has less variance). S = 1 is the one-sample estimate log w_1.
 *
 * Inputs: three tensors of the same shape [S, ...batch] (sample axis `axis`, default 0). Returns [...batch]; the means are
 * shifted and blocked (`accurateMean`), accurate over long sample axes.
 * Errors: shapes differ, S < 1, NaN in any input (each names the argument and 'elboMonteCarloKl').
 */
import * as tf from "@tensorflow/tfjs";
import { assertSameShape } from "../errors";
import { checkLogWeightsArgument } from "./check-log-weights";
import { accurateMean } from "../math/blocked-sum";

export function elboMonteCarloKl(logLikelihood: tf.Tensor, logPrior: tf.Tensor, logQ: tf.Tensor, axis = 0): tf.Tensor {
  const fn = "elboMonteCarloKl";
  const ax = checkLogWeightsArgument(logLikelihood, "logLikelihood", axis, fn);
  checkLogWeightsArgument(logPrior, "logPrior", axis, fn);
  checkLogWeightsArgument(logQ, "logQ", axis, fn);
  assertSameShape(logLikelihood.shape, logPrior.shape, "logLikelihood", "logPrior", fn);
  assertSameShape(logLikelihood.shape, logQ.shape, "logLikelihood", "logQ", fn);
  return tf.tidy(() => tf.sub(accurateMean(logLikelihood, ax), accurateMean(tf.sub(logQ, logPrior), ax)));
}
