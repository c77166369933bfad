/**
 * The ELBO with an analytic KL term (Kingma and Welling 2014, eq. 10), and the β-weighted objective
 * of β-VAE (Higgins et al. 2017, eq. 4):
 *
 *   ELBO   = E_q[log p(e | h)] - KL(q(h | e) || p(h))
 *   F_β    = E_q[log p(e | h)] - β KL(q(h | e) || p(h)),   β = 1 is the ELBO, β > 1 regularises harder
 *
 * `expectedLogLikelihood` is a Monte Carlo estimate of E_q[log p(e | h)] per observation; the KL is
 * computed in closed form by `kl` (an unregistered pair of distributions is an error). NaN in the result
 * is an error naming the input it came from (expectedLogLikelihood, or q through its KL).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertNoNaN, assertPositive, assertSameShape, assertTensor } from "../errors";
import type { Distribution } from "../distributions/distribution";
import { kl } from "../divergences/kl";

export function betaElbo(expectedLogLikelihood: tf.Tensor, q: Distribution, prior: Distribution, beta: number): tf.Tensor {
  return betaElboNamed(expectedLogLikelihood, q, prior, beta, "betaElbo");
}

/** `betaElbo` with errors naming `fn`. */
function betaElboNamed(expectedLogLikelihood: tf.Tensor, q: Distribution, prior: Distribution, beta: number, fn: string): tf.Tensor {
  assertPositive(beta, "beta", fn, true);
  assertTensor(expectedLogLikelihood, "expectedLogLikelihood", fn);
  const [out, klTerm] = tf.tidy(() => {
    const klTerm = kl(q, prior);
    assertSameShape(klTerm.shape, expectedLogLikelihood.shape, "KL(q || prior)", "expectedLogLikelihood", fn);
    return [tf.sub(expectedLogLikelihood, tf.mul(beta, klTerm)), klTerm];
  });
  try {
    // One check of the result per call; which input carried the NaN is worked out on the error path only.
    const bad = tf.tidy(() => tf.any(tf.isNaN(out)).dataSync()[0]);
    if (bad) {
      assertNoNaN(expectedLogLikelihood, "expectedLogLikelihood", fn);
      assertNoNaN(klTerm, "q", fn, "must have parameters that give a KL(q || prior) without NaN");
      throw new ArgumentError("beta", fn, `gave NaN as β·KL (β = ${beta}, KL = +Infinity?)`);
    }
  } catch (e) {
    out.dispose();
    throw e;
  } finally {
    klTerm.dispose();
  }
  return out;
}

/** ELBO = E_q[log p(e | h)] - KL(q || prior): `betaElbo` with β = 1. */
export function elboAnalyticKl(expectedLogLikelihood: tf.Tensor, q: Distribution, prior: Distribution): tf.Tensor {
  return betaElboNamed(expectedLogLikelihood, q, prior, 1, "elboAnalyticKl");
}
