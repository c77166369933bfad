/**
 * The ELBO with an analytic KL term (Kingma and Welling 2014, eq. 10), and the β-weighted objective
 * of β-VAE (Higgins et al. 2017, eq. 4):
 *
 *   ELBO   = E_q[log p(e | h)] - KL(q(h | e) || p(h))
 *   F_β    = E_q[log p(e | h)] - β KL(q(h | e) || p(h)),   β = 1 is the ELBO, β > 1 regularises harder
 *
 * `expectedLogLikelihood` is a Monte Carlo estimate of E_q[log p(e | h)] per observation; the KL is
 * computed in closed form by `kl` (an unregistered pair of distributions is an error).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertPositive, assertSameShape } from "../errors";
import type { Distribution } from "../distributions/distribution";
import { kl } from "../divergences/kl";

export function betaElbo(expectedLogLikelihood: tf.Tensor, q: Distribution, prior: Distribution, beta: number): tf.Tensor {
  assertPositive(beta, "beta", "betaElbo", true);
  if (!(expectedLogLikelihood instanceof tf.Tensor)) throw new ArgumentError("expectedLogLikelihood", "betaElbo", "must be a tf.Tensor");
  return tf.tidy(() => {
    const klTerm = kl(q, prior);
    assertSameShape(klTerm.shape, expectedLogLikelihood.shape, "KL(q || prior)", "expectedLogLikelihood", "betaElbo");
    return tf.sub(expectedLogLikelihood, tf.mul(beta, klTerm));
  });
}

/** ELBO = E_q[log p(e | h)] - KL(q || prior): `betaElbo` with β = 1. */
export function elboAnalyticKl(expectedLogLikelihood: tf.Tensor, q: Distribution, prior: Distribution): tf.Tensor {
  return betaElbo(expectedLogLikelihood, q, prior, 1);
}
