/**
 * KL(p || q) = E_p[log p(x) - log q(x)], registered per pair of distribution classes (as numpyro's
 * kl.py and distrax do); an unregistered pair is an error naming both. Summed over the event axis.
 *
 *   DiagNormal || DiagNormal:  Σ_i [ log(σq_i/σp_i) + (σp_i² + (μp_i - μq_i)²) / (2 σq_i²) - ½ ]
 *   Bernoulli  || Bernoulli:   Σ_i [ p_i (log p_i - log q_i) + (1 - p_i)(log(1 - p_i) - log(1 - q_i)) ]
 *
 * The β-VAE and VAE objectives use the first with q = N(0, I) (Kingma and Welling 2014, appendix B).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { Bernoulli } from "../distributions/bernoulli";
import { DiagNormal } from "../distributions/diag-normal";
import { assertLiveDistribution, type Distribution } from "../distributions/distribution";

type Ctor<T> = abstract new (...args: never[]) => T;
type KlFn = (p: Distribution, q: Distribution) => tf.Tensor;

const registry: { p: Ctor<Distribution>; q: Ctor<Distribution>; fn: KlFn }[] = [];

/** Registers the analytic KL for a pair of classes (later registrations win). */
export function registerKl<P extends Distribution, Q extends Distribution>(
  p: Ctor<P>, q: Ctor<Q>, fn: (p: P, q: Q) => tf.Tensor,
): void {
  registry.unshift({ p, q, fn: fn as KlFn });
}

/** KL(p || q), shape = batch shape of p and q (event axis summed). */
export function kl(p: Distribution, q: Distribution): tf.Tensor {
  assertLiveDistribution(p, "p", "kl");
  assertLiveDistribution(q, "q", "kl");
  const entry = registry.find((r) => p instanceof r.p && q instanceof r.q);
  if (!entry) {
    throw new ArgumentError(
      "q", "kl",
      `has no registered KL against 'p': no analytic KL(${p.constructor.name} || ${q.constructor.name}); ` +
      "use a Monte Carlo estimate (mean of p.logProb(x) - q.logProb(x) over samples of p) or registerKl",
    );
  }
  return entry.fn(p, q);
}

/** Analytic KL between diagonal normals. */
export function klDiagNormal(p: DiagNormal, q: DiagNormal): tf.Tensor {
  if (p.shape[p.shape.length - 1] !== q.shape[q.shape.length - 1]) {
    throw new ArgumentError("q", "klDiagNormal", `must have the event size of 'p' (${p.shape[p.shape.length - 1]}), got ${q.shape[q.shape.length - 1]}`);
  }
  return tf.tidy(() => {
    const ratio = tf.div(p.scale, q.scale);
    const diff = tf.div(tf.sub(p.loc, q.loc), q.scale);
    return tf.sum(tf.sub(tf.add(tf.neg(tf.log(ratio)), tf.mul(0.5, tf.add(tf.square(ratio), tf.square(diff)))), 0.5), -1);
  });
}

/** Analytic KL between independent Bernoulli vectors. */
export function klBernoulli(p: Bernoulli, q: Bernoulli): tf.Tensor {
  return tf.tidy(() => {
    const pp = tf.sigmoid(p.logits);
    // log p - log q = (logit_p - softplus(logit_p)) - (logit_q - softplus(logit_q)), etc.
    const logP = tf.neg(tf.softplus(tf.neg(p.logits)));
    const log1mP = tf.neg(tf.softplus(p.logits));
    const logQ = tf.neg(tf.softplus(tf.neg(q.logits)));
    const log1mQ = tf.neg(tf.softplus(q.logits));
    return tf.sum(tf.add(tf.mul(pp, tf.sub(logP, logQ)), tf.mul(tf.sub(1, pp), tf.sub(log1mP, log1mQ))), -1);
  });
}

registerKl(DiagNormal, DiagNormal, klDiagNormal);
registerKl(Bernoulli, Bernoulli, klBernoulli);
